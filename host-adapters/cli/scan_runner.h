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

// The largest article scanned; the library's own default limit.
inline constexpr std::uint64_t kMaxInputBytes = 64ull << 20;

// What one scan asks for beyond the ruleset, for `copydesk scan`, `lsp` and `serve`.
struct ScanSettings {
  std::string enable, disable;  // comma-separated, passed to copydesk_scan_options
  bool explain = false;
  int min_severity = COPYDESK_SEVERITY_INFO;
  // Severity overrides applied in order (a later match wins): rule ids, packs or categories.
  std::vector<std::pair<std::string, int>> severity_overrides;
  std::function<bool(const std::string&)> is_known_target;  // for suppression comments
  std::uint64_t max_input_bytes = kMaxInputBytes;
  std::uint64_t max_findings = 0;               // 0: the library's default
};

// Scans result.content as result.format, or result.segments (already parsed) when the
// format is segments, and fills result.findings (severity overrides applied, those below
// min_severity dropped, inline suppressions honoured and counted in suppressed_inline) and
// result.warnings. Returns the library's status; on failure result.error says why.
int scan_content(FileResult& result, copydesk_scanner* scanner, const ScanSettings& settings);

struct RunSettings : ScanSettings {
  copydesk_ruleset* ruleset = nullptr;
  // `copydesk rules diff`: each input, read once, is also scanned with these rules into
  // FileResult::candidate_findings.
  copydesk_ruleset* candidate = nullptr;
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
