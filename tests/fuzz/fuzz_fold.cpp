// fuzz_fold: the fold stage alone (copydesk_fold).
// Checks: no crash or sanitizer report; the folded text is valid UTF-8;
// fold_string(in) == fold_text(in).text; invalid_utf8 equals an independent count;
// the offset map passes check_offset_map; the fold has no context, so folding the
// input in two pieces cut at a character boundary gives the same text as folding it
// whole; a reused FoldedText gives the same result as a fresh one.
#include <string>
#include <string_view>

#include "fold/fold.h"
#include "map_checks.h"

using namespace copydesk_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  static copydesk::detail::FoldedText reused;
  copydesk::detail::fold_text(in, reused);
  copydesk::detail::FoldedText fresh;
  copydesk::detail::fold_text(in, fresh);

  FUZZ_CHECK(valid_utf8(fresh.text), "the folded text is not valid UTF-8");
  FUZZ_CHECK(copydesk::detail::fold_string(in) == fresh.text, "fold_string differs from fold_text");
  FUZZ_CHECK(fresh.invalid_utf8 == count_invalid(in), "invalid_utf8 %u, recounted %zu", fresh.invalid_utf8,
             count_invalid(in));
  std::vector<uint32_t> starts = check_offset_map(fresh.map, in, fresh.text, "fold");

  // Cut at the decoding-unit boundary nearest the middle.
  if (!in.empty()) {
    size_t cut = 0;
    for (size_t i = 0; i < in.size() / 2;) {
      i += decode(in, i).len;
      cut = i;
    }
    std::string pieces = copydesk::detail::fold_string(in.substr(0, cut)) + copydesk::detail::fold_string(in.substr(cut));
    FUZZ_CHECK(pieces == fresh.text, "folding in two pieces (cut at %zu) differs from folding whole", cut);
  }

  FUZZ_CHECK(reused.text == fresh.text && reused.invalid_utf8 == fresh.invalid_utf8 &&
                 reused.first_invalid == fresh.first_invalid && reused.hidden_chars == fresh.hidden_chars,
             "a reused FoldedText gives another result");
  FUZZ_CHECK(check_offset_map(reused.map, in, reused.text, "reused fold") == starts, "a reused FoldedText gives another map");
  return 0;
}
