// Token edges on folded text. A token is a run of word characters
// (fold/is_word_char). Rules match whole tokens; Arabic names may carry
// proclitics (و ف ب ل ك and the article) and declared suffixes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"

namespace copydesk::detail {

// True when [start, end) of `text` is a whole token sequence, allowing what
// `clitics` permits before it and one of `suffixes` after it. On success
// [*span_start, *span_end) is the written form: the hit widened over the
// accepted proclitics and suffix ("وداعش", "الداعشي").
bool check_token_edges(std::string_view text, uint32_t start, uint32_t end, Clitics clitics,
                       const std::vector<std::string>& suffixes, uint32_t* span_start, uint32_t* span_end);

// Offset reached by walking `count` tokens back from `pos` (to the start of the
// count-th token before it), or forward from `pos` (to the end of the count-th token after).
uint32_t walk_tokens_back(std::string_view text, uint32_t pos, uint32_t count);
uint32_t walk_tokens_forward(std::string_view text, uint32_t pos, uint32_t count);

// End of the token that continues at `pos` (pos itself when no word character is there).
// The walk stops at the first code-point boundary at or after `limit`: a caller that only
// needs to know whether the token goes on for more than a few bytes passes pos + those,
// so its cost per hit is bounded however long the token is ('isis' * 10000 is one token).
uint32_t token_end(std::string_view text, uint32_t pos, uint32_t limit = UINT32_MAX);
// Start of the token that ends at `pos`, walking back no further than `limit` (the same
// bound, the other way).
uint32_t token_start(std::string_view text, uint32_t pos, uint32_t limit = 0);

}  // namespace copydesk::detail
