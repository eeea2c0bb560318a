// The kinds of article segment a host can pass (copydesk_segment.kind), their names in rule
// packs and JSON, and how context flows around each (docs/rules.md, "Article segments").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace copydesk::detail {

// Values equal the public COPYDESK_SEGMENT_* constants; pinned.
enum class SegmentKind : int32_t {
  kBody = 0,
  kHeadline = 1,
  kStandfirst = 2,
  kSubheading = 3,
  kCaption = 4,
  kPullquote = 5,
  kAside = 6,
};
inline constexpr int kSegmentKindCount = 7;

inline constexpr std::array<std::string_view, kSegmentKindCount> kSegmentKindNames = {
    "body", "headline", "standfirst", "subheading", "caption", "pullquote", "aside"};

inline std::string_view segment_kind_name(SegmentKind k) { return kSegmentKindNames[static_cast<int>(k)]; }

inline std::optional<SegmentKind> segment_kind_from_name(std::string_view name) {
  for (int i = 0; i < kSegmentKindCount; ++i)
    if (kSegmentKindNames[i] == name) return static_cast<SegmentKind>(i);
  return std::nullopt;
}

inline bool valid_segment_kind(int32_t k) { return k >= 0 && k < kSegmentKindCount; }

// A rule's `segments` as a bit set (bit k: SegmentKind k); 0 means every kind.
inline uint32_t segment_bit(SegmentKind k) { return 1u << static_cast<int>(k); }

// How a segment's context joins the rest of the article:
//  - kRunning (body, subheading): the article's running text; the sentence before the first
//    one of a segment is the last one of the running segment before it;
//  - kLeadIn (headline, standfirst): read together with the lede, the first paragraph of the
//    first body segment after it;
//  - kAlone (caption, pull quote, aside): conditions look only inside the segment, and it is
//    never compared for repeated paragraphs.
enum class SegmentFlow : uint8_t { kRunning, kLeadIn, kAlone };

inline SegmentFlow segment_flow(SegmentKind k) {
  switch (k) {
    case SegmentKind::kBody:
    case SegmentKind::kSubheading: return SegmentFlow::kRunning;
    case SegmentKind::kHeadline:
    case SegmentKind::kStandfirst: return SegmentFlow::kLeadIn;
    default: return SegmentFlow::kAlone;
  }
}

}  // namespace copydesk::detail
