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

// How the library's findings become reported ones (collect_findings), for `scan` and `serve`.
struct FindingFilter {
  bool explain = false;  // the scan used COPYDESK_SCAN_EXPLAIN
  int min_severity = COPYDESK_SEVERITY_INFO;
  // Severity overrides applied in order (a later match wins): rule ids, packs or categories.
  std::vector<std::pair<std::string, int>> severity_overrides;
  std::function<bool(const std::string&)> is_known_target;  // for suppression comments
};

// One text given to the scanner: the whole input, or one segment of it.
struct ScannedText {
  std::string_view text;
  InputFormat format = InputFormat::automatic;
};

// Appends the findings of `found` to result.findings (severity overrides applied, those
// below min_severity dropped, inline suppressions honoured and counted in
// result.suppressed_inline, their problems and a cut list added to result.warnings).
// `texts` holds the one text of copydesk_scanner_scan, or the segments given to
// copydesk_scanner_scan_segments (`segments` true: findings carry their segment).
void collect_findings(const copydesk_findings* found, const std::vector<ScannedText>& texts, bool segments,
                      const FindingFilter& filter, FileResult& result);

struct RunSettings : FindingFilter {
  copydesk_ruleset* ruleset = nullptr;
  std::string enable, disable;  // comma-separated, passed to copydesk_scan_options
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

RunOutcome run_scans(const std::vector<InputFile>& inputs, const RunSettings& settings,
                     Reporter& reporter, std::FILE* err);

}  // namespace copydesk::cli
