// A scanner runs the pipeline for one thread: text view -> fold -> segment ->
// match -> evaluate -> report. It owns the Hyperscan scratch and every buffer,
// reused from scan to scan so a warm scanner allocates little.
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
#include "text_view/text_view.h"

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

struct ScanResult {
  std::vector<Finding> findings;
  bool truncated = false;
  size_t invalid_utf8 = 0;
};

class Scanner {
 public:
  explicit Scanner(std::shared_ptr<const Ruleset> ruleset);
  // Throws copydesk::Error (COPYDESK_E_LIMIT, _ENCODING, _INVALID, _BUSY).
  void scan(std::string_view text, const ScanOptions& options, ScanResult& result);
  const std::shared_ptr<const Ruleset>& ruleset() const { return ruleset_; }

 private:
  void select_rules(const ScanOptions& options);

  std::shared_ptr<const Ruleset> ruleset_;
  std::atomic<bool> busy_{false};
  TextView view_;
  FoldedText folded_;
  Segmentation segments_;
  Matcher matcher_;
  std::vector<Hit> hits_;
  Evaluator evaluator_;
  std::vector<Candidate> candidates_;
  std::vector<uint8_t> rule_enabled_;
};

// Hard ceiling on one input: internal offsets are 32-bit.
inline constexpr uint64_t kMaxInputBytes = 1ull << 30;

}  // namespace copydesk::detail
