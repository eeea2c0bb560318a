// A scanner runs the pipeline for one thread: text view -> fold -> segment ->
// match -> evaluate -> report. It owns the Hyperscan scratch and every buffer,
// reused from scan to scan so a warm scanner allocates little.
//
// An article given as segments (headline, body blocks, captions...) is scanned in the same
// one pass: each segment gets its own text view, the views are joined with a paragraph
// break between them, and the layout (segment/layout.h) keeps each segment's context its
// own. A plain scan is one body segment.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/evaluate.h"
#include "fold/fold.h"
#include "match/matcher.h"
#include "report/report.h"
#include "ruleset.h"
#include "segment/segment.h"
#include "segment/layout.h"
#include "text_view/text_view.h"
#include "util/segment_kind.h"

namespace copydesk::detail {

struct ScanOptions {
  InputFormat format = InputFormat::kAuto;
  Severity min_severity = Severity::kInfo;
  bool strict_utf8 = false;
  bool explain = false;
  uint64_t max_input_bytes = 64u << 20;
  uint64_t max_findings = 10000;
  std::string enable;   // comma-separated rule ids, packs or categories ("" = all)
  std::string disable;
};

// One segment of an article, as the host gave it (borrowed for the scan).
struct SegmentInput {
  SegmentKind kind = SegmentKind::kBody;
  InputFormat format = InputFormat::kAuto;  // kAuto: ScanOptions::format
  std::string_view id;
  std::string_view text;
};

struct ScanResult {
  std::vector<Finding> findings;  // by segment, then by byte_start
  std::vector<std::string> segment_ids;  // copied: findings outlive the host's strings
  std::vector<SegmentKind> segment_kinds;
  bool truncated = false;
  size_t invalid_utf8 = 0;
};

class Scanner {
 public:
  explicit Scanner(std::shared_ptr<const Ruleset> ruleset);
  // Throws copydesk::Error (COPYDESK_E_LIMIT, _ENCODING, _INVALID, _BUSY).
  void scan(std::string_view text, const ScanOptions& options, ScanResult& result);
  // The same for an article in segments; offsets are relative to each segment.
  void scan_segments(const std::vector<SegmentInput>& segments, const ScanOptions& options, ScanResult& result);
  const std::shared_ptr<const Ruleset>& ruleset() const { return ruleset_; }

 private:
  void select_rules(const ScanOptions& options);
  void run(const std::vector<SegmentInput>& segments, const ScanOptions& options, ScanResult& result);
  uint32_t folded_offset(uint32_t view_pos) const;

  std::shared_ptr<const Ruleset> ruleset_;
  std::atomic<bool> busy_{false};
  std::vector<SegmentInput> one_;      // the single segment of a plain scan
  std::vector<TextView> views_;        // one per segment
  std::string joined_;                 // the views joined (only for two segments or more)
  std::vector<uint32_t> view_begins_;  // where each view starts in the joined text
  FoldedText folded_;
  Segmentation segments_;
  SegmentLayout layout_;
  Matcher matcher_;
  std::vector<Hit> hits_;
  Evaluator evaluator_;
  std::vector<Candidate> candidates_;
  std::vector<ReportSegment> report_segments_;
  std::vector<uint8_t> rule_enabled_;
};

// Hard ceiling on one input: internal offsets are 32-bit.
inline constexpr uint64_t kMaxInputBytes = 1ull << 30;
// Most segments one scan takes.
inline constexpr size_t kMaxSegments = 65536;

}  // namespace copydesk::detail
