// The report stage: findings on the folded text mapped back to the caller's
// original bytes (through the fold map, then the text-view map), and from bytes
// to UTF-16 code units, code points, lines and columns in one forward pass.
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
  uint64_t byte_start = 0, byte_end = 0;
  uint64_t utf16_start = 0, utf16_end = 0;
  uint64_t cp_start = 0, cp_end = 0;
  uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
  uint64_t context_hash = 0;
  std::string message;
  std::string folded;
  std::string explain;
};

struct ReportInput {
  std::string_view original;   // the caller's bytes
  std::string_view view;       // text view
  std::string_view folded;     // folded text
  const OffsetMap* view_map;   // view -> original
  const OffsetMap* fold_map;   // folded -> view
  const Segmentation* segments;
  bool valid_utf8;             // the original has no invalid sequence (enables a fast count)
};

void build_findings(const RuleModel& model, std::vector<Candidate>& candidates, const ReportInput& in,
                    std::vector<Finding>& out);

// Fills {match}, {term} and {meta.KEY} of a rule message.
std::string fill_message(const std::string& tmpl, std::string_view match, const TermEntry* entry);

}  // namespace copydesk::detail
