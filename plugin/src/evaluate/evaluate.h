// The evaluate stage: turns hits into findings. First the terms of stemmed sets are found
// (stems.h), then the recognisers (recognise.h) add the hits that terms and patterns cannot
// find, reading the others. A rule's hits become
// candidates (in the kinds of segment it targets); [[require]] conditions must all
// hold and no [[unless]] may hold, each looking for hits of its groups in a scope
// (sentence, previous sentence, paragraph, headline and lede, article, or a token
// window) outside the candidate's own span, never beyond the candidate's segment
// except where context flows (segment/layout.h). Overlapping findings of one category
// are then resolved to the longest.
//
// A [[require]] with `findings` also holds when a finding of the rules it names
// lies in scope. That runs in two rounds, so that it stays linear and never
// circular: round one keeps every candidate whose conditions hold on hits alone
// (the findings that stand on their own); a candidate that only lacks a
// `findings` condition waits, and round two checks it against round one's
// findings. A finding of round two confirms nothing else. Rules the scan does not
// report (disabled, below the minimum severity) still give their round-one findings
// as context.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/recognise.h"
#include "evaluate/stems.h"
#include "match/matcher.h"
#include "rules/model.h"
#include "segment/segment.h"
#include "util/offset_map.h"

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
  // The text the fold read and its map: the quote recogniser tells « “ from » ” there (the
  // fold makes every double quote '"'). Empty: every mark is a straight quote.
  std::string_view view;
  const OffsetMap* fold_map = nullptr;
};

class Evaluator {
 public:
  // `out` is sorted by start. Reuses internal buffers across calls.
  void run(const RuleModel& model, const std::vector<Hit>& hits, const Segmentation& segments,
           std::string_view folded, const EvaluateOptions& options, std::vector<Candidate>& out);

 private:
  void index_hits(const RuleModel& model, const std::vector<Hit>& hits);
  void run_rules(const RuleModel& model, const Segmentation& segments, std::string_view folded,
                 const EvaluateOptions& options, std::vector<Candidate>& out);
  bool condition_holds(const RuleModel& model, const Condition& c, const Candidate& cand,
                       const Segmentation& segments, std::string_view folded, const SegmentLayout* layout,
                       std::string* evidence) const;
  // Round two: a round-one finding of c.finding_rules in c's scope around `cand`.
  bool finding_in_scope(const RuleModel& model, const Condition& c, const Candidate& cand,
                        const Segmentation& segments, std::string_view folded, const SegmentLayout* layout,
                        size_t standalone, const std::vector<Candidate>& out, std::string* evidence);
  void resolve_overlaps(const RuleModel& model, std::vector<Candidate>& out);

  StemFinder stems_;
  Recognisers recognisers_;
  std::vector<Hit> recognised_;          // the recognisers' hits
  std::vector<Hit> all_hits_;            // the matcher's and theirs
  std::vector<Hit> by_group_;            // hits sorted by (group, start)
  std::vector<uint32_t> group_begin_;    // group g's hits: [group_begin_[g], group_begin_[g+1])

  // Candidates waiting for round two, and the conditions each still needs
  // ([pending_begin_[i], pending_begin_[i+1]) of pending_).
  std::vector<Candidate> deferred_;
  // Round-one findings of rules that are not reported (disabled, below the minimum
  // severity): context for `findings` conditions only.
  std::vector<Candidate> context_;
  std::vector<uint32_t> pending_;
  std::vector<uint32_t> pending_begin_;
  // Per `findings` condition (by findings_slot), built on first use in a scan: round-one
  // findings of its rules, sorted by (field value, start); the value is empty without `same`.
  struct Standalone {
    std::string_view value;
    uint32_t start;
    uint32_t end;
    uint32_t rule;
  };
  std::vector<std::vector<Standalone>> standalone_;
  std::vector<uint8_t> standalone_built_;
};

}  // namespace copydesk::detail
