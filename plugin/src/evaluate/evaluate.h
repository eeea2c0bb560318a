// The evaluate stage: turns hits into findings. A rule's hits become
// candidates (in the kinds of segment it targets); [[require]] conditions must all
// hold and no [[unless]] may hold, each looking for hits of its groups in a scope
// (sentence, previous sentence, paragraph, or a token window) outside the candidate's
// own span, never beyond the candidate's segment except where context flows
// (segment/layout.h). Overlapping findings of one category are then resolved to the longest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "match/matcher.h"
#include "rules/model.h"
#include "segment/segment.h"

namespace copydesk::detail {

struct Candidate {
  uint32_t rule;
  uint32_t needle;
  uint32_t start;  // folded-text offsets
  uint32_t end;
  std::string explain;  // filled only when asked
};

struct EvaluateOptions {
  const std::vector<uint8_t>* rule_enabled = nullptr;  // per rule; null = all
  Severity min_severity = Severity::kInfo;
  bool explain = false;
  // The article's segments: a rule's `segments` and where each condition may look.
  // Null: one body segment holding the whole text.
  const SegmentLayout* layout = nullptr;
};

class Evaluator {
 public:
  // `out` is sorted by start. Reuses internal buffers across calls.
  void run(const RuleModel& model, const std::vector<Hit>& hits, const Segmentation& segments,
           std::string_view folded, const EvaluateOptions& options, std::vector<Candidate>& out);

 private:
  bool condition_holds(const RuleModel& model, const Condition& c, const Candidate& cand,
                       const Segmentation& segments, std::string_view folded, const SegmentLayout* layout,
                       std::string* evidence) const;
  void resolve_overlaps(const RuleModel& model, std::vector<Candidate>& out);

  std::vector<Hit> by_group_;            // hits sorted by (group, start)
  std::vector<uint32_t> group_begin_;    // group g's hits: [group_begin_[g], group_begin_[g+1])
};

}  // namespace copydesk::detail
