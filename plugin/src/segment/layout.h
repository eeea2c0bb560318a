// Where each article segment lies in the folded text, and the context ranges it reads from
// beyond itself (util/segment_kind.h). A plain scan is one body segment covering everything,
// so the rules behave there exactly as without segments.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "segment/segment.h"
#include "util/segment_kind.h"

namespace copydesk::detail {

struct SegmentLayout {
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Part {
    SegmentKind kind = SegmentKind::kBody;
    uint32_t begin = 0, end = 0;  // folded-text range [begin, end)
    // kRunning: the running segment before this one (kNone: none).
    uint32_t previous_running = kNone;
    // kLeadIn: the lede paragraph [lede_begin, lede_end) (empty when there is no body after it).
    uint32_t lede_begin = 0, lede_end = 0;
  };
  std::vector<Part> parts;

  // Index of the part holding folded byte `pos` (the last part whose begin <= pos).
  uint32_t part_of(uint32_t pos) const;
  // A range [lo, hi) in the folded text.
  struct Range {
    uint32_t lo, hi;
  };
  // The sentence before the first one of part `p` when context flows there: the last
  // sentence of its previous running segment; an empty range when none.
  Range previous_sentence(uint32_t p, const Segmentation& sentences) const;
  // Whether repeated_paragraph compares paragraphs of this part.
  bool compared_for_repeats(uint32_t p) const { return segment_flow(parts[p].kind) != SegmentFlow::kAlone; }

  // Sets the kinds and folded ranges, then derives the context links. `folded` and
  // `sentences` are those of the whole text.
  void link(std::string_view folded, const Segmentation& sentences);
  void clear() { parts.clear(); }
};

}  // namespace copydesk::detail
