#include "segment/layout.h"

#include <algorithm>

namespace copydesk::detail {

uint32_t SegmentLayout::part_of(uint32_t pos) const {
  auto it = std::upper_bound(parts.begin(), parts.end(), pos, [](uint32_t v, const Part& p) { return v < p.begin; });
  return it == parts.begin() ? 0 : static_cast<uint32_t>(it - parts.begin()) - 1;
}

SegmentLayout::Range SegmentLayout::previous_sentence(uint32_t p, const Segmentation& sentences) const {
  uint32_t prev = parts[p].previous_running;
  if (prev == kNone) return {0, 0};
  const Part& q = parts[prev];
  uint32_t s = sentences.sentence_of(q.end - 1);
  return {std::max(sentences.sentence_begin(s), q.begin), q.end};
}

void SegmentLayout::link(std::string_view folded, const Segmentation& sentences) {
  uint32_t last_running = kNone;
  for (uint32_t i = 0; i < parts.size(); ++i) {
    Part& part = parts[i];
    // Empty segments neither give nor take context.
    if (segment_flow(part.kind) == SegmentFlow::kRunning) {
      part.previous_running = last_running;
      if (part.end > part.begin) last_running = i;
    }
  }
  // Lead-ins, from the last segment backwards: the lede is the first paragraph of the next
  // non-empty body segment.
  uint32_t lede_begin = 0, lede_end = 0;
  for (uint32_t i = static_cast<uint32_t>(parts.size()); i-- > 0;) {
    Part& part = parts[i];
    if (segment_flow(part.kind) == SegmentFlow::kLeadIn) {
      part.lede_begin = lede_begin;
      part.lede_end = lede_end;
    }
    if (part.kind != SegmentKind::kBody) continue;
    uint32_t first = part.begin;
    while (first < part.end && (folded[first] == ' ' || folded[first] == '\n' || folded[first] == '\r' ||
                                folded[first] == '\t'))
      ++first;
    if (first == part.end) continue;
    lede_begin = first;
    lede_end = std::min(sentences.paragraph_end(sentences.paragraph_of(first)), part.end);
  }
}

}  // namespace copydesk::detail
