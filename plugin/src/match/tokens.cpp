#include "match/tokens.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>

#include "fold/fold.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

// Code point ending just before byte `i` (i > 0), and its length.
Decoded decode_before(std::string_view s, uint32_t i) {
  int32_t pos = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, pos, c);
  uint32_t len = i - static_cast<uint32_t>(pos);
  return {c < 0 ? kReplacementChar : static_cast<char32_t>(c), len, c >= 0};
}

bool word_at(std::string_view s, uint32_t i) { return i < s.size() && is_word_char(decode_utf8(s, i).cp); }
bool word_before(std::string_view s, uint32_t i) { return i > 0 && is_word_char(decode_before(s, i).cp); }

// Folded proclitic clusters (Arabic): conjunction, then preposition, then article.
constexpr std::array<std::string_view, 11> kProclitics = {
    "\xD9\x88", "\xD9\x81", "\xD8\xA8", "\xD9\x84", "\xD9\x83",                        // و ف ب ل ك
    "\xD9\x88\xD8\xA8", "\xD9\x81\xD8\xA8", "\xD9\x88\xD9\x84", "\xD9\x81\xD9\x84",  // وب فب ول فل
    "\xD9\x88\xD9\x83", "\xD9\x81\xD9\x83"};                                           // وك فك
constexpr std::array<std::string_view, 12> kArticleClusters = {
    "\xD8\xA7\xD9\x84",                  // ال
    "\xD9\x88\xD8\xA7\xD9\x84",          // وال
    "\xD9\x81\xD8\xA7\xD9\x84",          // فال
    "\xD8\xA8\xD8\xA7\xD9\x84",          // بال
    "\xD9\x83\xD8\xA7\xD9\x84",          // كال
    "\xD9\x84\xD9\x84",                  // لل
    "\xD9\x88\xD8\xA8\xD8\xA7\xD9\x84",  // وبال
    "\xD9\x81\xD8\xA8\xD8\xA7\xD9\x84",  // فبال
    "\xD9\x88\xD9\x83\xD8\xA7\xD9\x84",  // وكال
    "\xD9\x81\xD9\x83\xD8\xA7\xD9\x84",  // فكال
    "\xD9\x88\xD9\x84\xD9\x84",          // ولل
    "\xD9\x81\xD9\x84\xD9\x84"};         // فلل
// Before a term's stem whose "ال" was dropped after ل: لل, ولل, فلل.
constexpr std::array<std::string_view, 3> kLamLam = {"\xD9\x84\xD9\x84", "\xD9\x88\xD9\x84\xD9\x84",
                                                     "\xD9\x81\xD9\x84\xD9\x84"};

// Bytes of the longest cluster above ("وبال"): how far the left-edge check walks back.
constexpr uint32_t kLongestCluster = 8;
static_assert([] {
  for (std::string_view s : kProclitics) if (s.size() > kLongestCluster) return false;
  for (std::string_view s : kArticleClusters) if (s.size() > kLongestCluster) return false;
  for (std::string_view s : kLamLam) if (s.size() > kLongestCluster) return false;
  return true;
}());

template <size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

}  // namespace

uint32_t token_start(std::string_view s, uint32_t i, uint32_t limit) {
  while (i > limit) {
    Decoded d = decode_before(s, i);
    if (!is_word_char(d.cp)) break;
    i -= d.len;
  }
  return i;
}

uint32_t token_end(std::string_view s, uint32_t i, uint32_t limit) {
  while (i < s.size() && i < limit) {
    Decoded d = decode_utf8(s, i);
    if (!is_word_char(d.cp)) break;
    i += d.len;
  }
  return i;
}

bool check_token_edges(std::string_view text, uint32_t start, uint32_t end, Clitics clitics,
                       const std::vector<std::string>& suffixes, uint32_t* span_start, uint32_t* span_end) {
  if (start >= end || end > text.size()) return false;
  bool has_suffix = false;
  *span_start = start;
  *span_end = end;
  // Right edge: nothing, or exactly one declared suffix, may continue the token. The walk
  // goes no further than the longest suffix and one byte: a longer rest is no suffix.
  if (word_before(text, end) && word_at(text, end)) {
    size_t longest = 0;
    for (const std::string& s : suffixes) longest = std::max(longest, s.size());
    uint32_t stop = token_end(text, end, end + static_cast<uint32_t>(std::min<size_t>(longest + 1, text.size() - end)));
    if (stop - end > longest) return false;
    std::string_view rest = text.substr(end, stop - end);
    if (std::find(suffixes.begin(), suffixes.end(), rest) == suffixes.end()) return false;
    has_suffix = true;
    *span_end = stop;
  }
  // Left edge: nothing, or an allowed proclitic cluster, may precede in the token.
  if (word_at(text, start) && word_before(text, start)) {
    uint32_t begin = token_start(text, start, start > kLongestCluster ? start - kLongestCluster - 1 : 0);
    if (start - begin > kLongestCluster) return false;  // longer than any cluster: no clitic
    std::string_view prefix = text.substr(begin, start - begin);
    bool ok = false;
    switch (clitics) {
      case Clitics::kNone:
        break;
      case Clitics::kArabic:
        ok = one_of(prefix, kProclitics) || (has_suffix && one_of(prefix, kArticleClusters));
        break;
      case Clitics::kArabicWords:
        ok = one_of(prefix, kProclitics) || one_of(prefix, kArticleClusters);
        break;
      case Clitics::kArticleStem:
        ok = one_of(prefix, kLamLam);
        break;
    }
    if (ok) *span_start = begin;
    return ok;
  }
  return clitics != Clitics::kArticleStem;
}

uint32_t walk_tokens_back(std::string_view text, uint32_t pos, uint32_t count) {
  pos = std::min<uint32_t>(pos, static_cast<uint32_t>(text.size()));
  for (uint32_t n = 0; n < count && pos > 0; ++n) {
    while (pos > 0 && !word_before(text, pos)) pos -= decode_before(text, pos).len;  // skip the gap
    pos = token_start(text, pos);
  }
  return pos;
}

uint32_t walk_tokens_forward(std::string_view text, uint32_t pos, uint32_t count) {
  for (uint32_t n = 0; n < count && pos < text.size(); ++n) {
    while (pos < text.size() && !word_at(text, pos)) pos += decode_utf8(text, pos).len;
    pos = token_end(text, pos);
  }
  return pos;
}

}  // namespace copydesk::detail
