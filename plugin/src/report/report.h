// The report stage: findings on the folded text mapped back to the caller's
// original bytes (through the fold map, then the text-view map of their segment), and
// from bytes to UTF-16 code units, code points, lines and columns in one forward pass per
// segment; the same for the visible text (the text view of HTML and Markdown; the input
// itself for plain text).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/evaluate.h"
#include "rules/model.h"
#include "segment/segment.h"
#include "util/hash.h"
#include "util/offset_map.h"

namespace copydesk::detail {

struct Finding {
  uint32_t rule = 0;
  uint32_t needle = 0;
  uint32_t segment = 0;  // index of the segment the finding is in (0 for a plain scan)
  // Offsets within the segment's original bytes.
  uint64_t byte_start = 0, byte_end = 0;
  uint64_t utf16_start = 0, utf16_end = 0;
  uint64_t cp_start = 0, cp_end = 0;
  uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
  // The same span in the segment's visible text.
  uint64_t visible_start = 0, visible_end = 0;
  uint64_t visible_utf16_start = 0, visible_utf16_end = 0;
  uint64_t visible_cp_start = 0, visible_cp_end = 0;
  uint64_t context_hash = 0;
  std::string message;
  std::string folded;
  std::string visible;  // the span of the visible text
  std::string explain;
};

// One segment as the report sees it.
struct ReportSegment {
  std::string_view original;     // the caller's bytes
  std::string_view view;         // its text view
  const OffsetMap* view_map;     // view -> original
  uint32_t view_begin = 0;       // where the view starts in the joined view text
  bool valid_utf8 = true;        // the original has no invalid sequence (enables a fast count)
  bool visible_is_original = false;  // plain text: the visible text is the original itself
};

struct ReportInput {
  const ReportSegment* segments;  // ordered by view_begin
  size_t segment_count;
  std::string_view view;          // the joined text view
  std::string_view folded;        // folded text
  const OffsetMap* fold_map;      // folded -> joined view
  const Segmentation* sentences;
};

void build_findings(const RuleModel& model, std::vector<Candidate>& candidates, const ReportInput& in,
                    std::vector<Finding>& out);

// Fills {match}, {term} and {meta.KEY} of a rule message.
std::string fill_message(const std::string& tmpl, std::string_view match, const TermEntry* entry);

}  // namespace copydesk::detail
