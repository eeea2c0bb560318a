// Scans the inputs on worker threads (one copydesk_scanner each, one shared ruleset) and
// hands the results to the reporter in input order, holding at most a small window of
// finished files in memory.
#pragma once

#include <copydesk.h>

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "baseline_file.h"
#include "output_reporter.h"
#include "scan_inputs.h"

namespace copydesk::cli {

struct RunSettings {
  copydesk_ruleset* ruleset = nullptr;
  std::string enable, disable;  // comma-separated, passed to copydesk_scan_options
  bool explain = false;
  int min_severity = COPYDESK_SEVERITY_INFO;
  // Severity overrides applied in order (a later match wins): rule ids, packs or categories.
  std::vector<std::pair<std::string, int>> severity_overrides;
  std::function<bool(const std::string&)> is_known_target;  // for suppression comments
  bool keep_content = false;      // the reporter shows source lines
  unsigned jobs = 1;
  bool progress = false;          // a progress line on stderr
  Baseline* baseline = nullptr;            // --baseline: drop known findings
  BaselineWriter* baseline_writer = nullptr;  // --write-baseline: record every finding
};

struct RunOutcome {
  ScanSummary summary;
  int highest_severity = 0;  // of the findings reported
  bool any_file_error = false;
  bool setup_failed = false;  // a scanner could not be created (message printed)
};

// The largest article scanned; the library's own default limit.
inline constexpr std::uint64_t kMaxInputBytes = 64ull << 20;

// Scans `result.content` as `result.format` (its `segments`, already parsed, for a segments
// file) and fills its findings (severity overrides,
// --min-severity and inline suppressions applied), warnings, suppressed count, or error.
void scan_content(FileResult& result, copydesk_scanner* scanner, const RunSettings& settings);

RunOutcome run_scans(const std::vector<InputFile>& inputs, const RunSettings& settings,
                     Reporter& reporter, std::FILE* err);

}  // namespace copydesk::cli
