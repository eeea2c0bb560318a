// OffsetMap invariants shared by fuzz_text_view and fuzz_fold.
#pragma once

#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "util/offset_map.h"

namespace copydesk_fuzz {

// `map` describes `out` derived from `in`. Checks, for every output byte offset o:
// to_in_start(o) and to_in_end(o) lie within the input and never go backwards,
// to_in_start(o - 1) <= to_in_end(o), and the very end maps to the end of the input.
// `reorders_lines`: the text view of HTML follows the document tree, where the parser
// moves text misplaced inside a table before it ("foster parenting", as browsers
// render it), so there the order is only checked within a line: a moved run always
// has a block break around it, and no finding spans a paragraph break.
// When `out` is valid UTF-8, a span on its code-point boundaries maps to a span on
// the input's decoding-unit boundaries (what keeps findings from splitting a character).
// Returns to_in_start for every offset, to compare two maps.
inline std::vector<uint32_t> check_offset_map(const copydesk::detail::OffsetMap& map, std::string_view in,
                                              std::string_view out, const char* stage,
                                              bool reorders_lines = false) {
  FUZZ_CHECK(map.out_size() == out.size(), "%s: map out_size %u, text size %zu", stage, map.out_size(), out.size());
  PositionIndex in_units(in);
  bool out_valid = valid_utf8(out);
  PositionIndex out_units(out);
  std::vector<uint32_t> starts(out.size() + 1);
  uint32_t previous_start = 0, previous_end = 0;
  for (uint32_t o = 0; o <= out.size(); ++o) {
    bool at_line_break = (o < out.size() && out[o] == '\n') || (o > 0 && out[o - 1] == '\n');
    if (reorders_lines && at_line_break) previous_start = previous_end = 0;
    uint32_t start = map.to_in_start(o);
    FUZZ_CHECK(start <= in.size(), "%s: to_in_start(%u) = %u past the input (%zu)", stage, o, start, in.size());
    FUZZ_CHECK(start >= previous_start, "%s: to_in_start(%u) = %u < to_in_start(%u) = %u", stage, o, start, o - 1,
               previous_start);
    starts[o] = start;
    if (o > 0) {
      uint32_t end = map.to_in_end(o);
      FUZZ_CHECK(end <= in.size(), "%s: to_in_end(%u) = %u past the input (%zu)", stage, o, end, in.size());
      FUZZ_CHECK(end >= previous_end, "%s: to_in_end(%u) = %u < to_in_end(%u) = %u", stage, o, end, o - 1,
                 previous_end);
      FUZZ_CHECK(end >= previous_start, "%s: to_in_end(%u) = %u < to_in_start(%u) = %u", stage, o, end, o - 1,
                 previous_start);
      if (out_valid && out_units.is_boundary(o))
        FUZZ_CHECK(in_units.is_boundary(end), "%s: to_in_end(%u) = %u splits an input character", stage, o, end);
      previous_end = end;
    }
    if (out_valid && out_units.is_boundary(o))
      FUZZ_CHECK(in_units.is_boundary(start), "%s: to_in_start(%u) = %u splits an input character", stage, o, start);
    previous_start = start;
  }
  FUZZ_CHECK(starts[out.size()] == in.size(), "%s: the end of the output maps to %u, not to the input size %zu", stage,
             starts[out.size()], in.size());
  return starts;
}

}  // namespace copydesk_fuzz
