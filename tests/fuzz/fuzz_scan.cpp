// fuzz_scan: arbitrary bytes scanned through the C ABI with a small fixed rule pack.
//
// The first byte picks the options, the rest is the article:
//   bits 0-1  input format (AUTO, TEXT, MARKDOWN, HTML)
//   bit 2     COPYDESK_SCAN_STRICT_UTF8     bit 3  COPYDESK_SCAN_EXPLAIN
//   bit 4     max_findings = 2              bit 5  min_severity = WARNING
//   bit 6     disable "fz.qaeda"            bit 7  max_input_bytes = 64
// Checks: the status is what the options and the input call for; every finding's
// byte span lies inside the input on code-point boundaries, and its UTF-16, code-point,
// line and column offsets equal an independent recount; a second scan of the same
// input with the same (reused) scanner gives the same findings.
#include <copydesk.h>

#include <string_view>

#include "fuzz_common.h"
#include "fuzz_pack.h"

using namespace copydesk_fuzz;

namespace {


struct Engine {
  copydesk_ruleset* rules = nullptr;
  copydesk_scanner* scanner = nullptr;
  std::vector<std::string> rule_ids;
  Engine() {
    copydesk_compiler* c = nullptr;
    FUZZ_CHECK(copydesk_compiler_new(&c, nullptr) == COPYDESK_OK, "compiler_new");
    FUZZ_CHECK(copydesk_compiler_add_string(c, kPack, sizeof kPack - 1, "fuzz-pack.toml") == COPYDESK_OK, "add_string");
    int status = copydesk_compiler_build(&rules, c);
    if (status != COPYDESK_OK) {
      for (size_t i = 0; i < copydesk_compiler_diagnostic_count(c); ++i) {
        copydesk_diagnostic d;
        d.version = COPYDESK_DIAGNOSTIC_VERSION;
        if (copydesk_compiler_diagnostic_get(&d, c, i) == COPYDESK_OK) std::fprintf(stderr, "%s\n", d.message);
      }
    }
    FUZZ_CHECK(status == COPYDESK_OK, "the fuzz pack does not compile: %s", copydesk_last_error());
    copydesk_compiler_free(c);
    FUZZ_CHECK(copydesk_scanner_new(&scanner, rules) == COPYDESK_OK, "scanner_new");
    rule_ids = rule_ids_of(rules);
  }
};

Engine& engine() {
  static Engine e;  // one scanner for every input: buffer reuse across scans is tested too
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Engine& e = engine();
  uint8_t mode = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  copydesk_scan_options opts;
  FUZZ_CHECK(copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION) == COPYDESK_OK, "options_init");
  opts.input_format = mode & 3;
  if (mode & 4) opts.flags |= COPYDESK_SCAN_STRICT_UTF8;
  if (mode & 8) opts.flags |= COPYDESK_SCAN_EXPLAIN;
  if (mode & 16) opts.max_findings = 2;
  if (mode & 32) opts.min_severity = COPYDESK_SEVERITY_WARNING;
  if (mode & 64) opts.disable = "fz.qaeda";
  if (mode & 128) opts.max_input_bytes = 64;

  bool over_limit = (mode & 128) && text.size() > 64;
  bool rejected_encoding = (mode & 4) && !valid_utf8(text);
  copydesk_findings* f = nullptr;
  int status = copydesk_scanner_scan(&f, e.scanner, text.data(), text.size(), &opts);
  if (over_limit) {
    FUZZ_CHECK(status == COPYDESK_E_LIMIT, "over max_input_bytes: %s", copydesk_status_name(status));
  } else if (rejected_encoding) {
    FUZZ_CHECK(status == COPYDESK_E_ENCODING, "invalid UTF-8 in strict mode: %s", copydesk_status_name(status));
  } else {
    FUZZ_CHECK(status == COPYDESK_OK, "scan failed: %s: %s", copydesk_status_name(status), copydesk_last_error());
  }
  if (status != COPYDESK_OK) {
    FUZZ_CHECK(f == nullptr, "findings returned with an error");
    FUZZ_CHECK(*copydesk_last_error() != '\0', "error without a message");
    return 0;
  }
  std::vector<FindingCopy> first = check_findings(f, text, opts, e.rule_ids);
  bool truncated = copydesk_findings_truncated(f);
  FUZZ_CHECK(!truncated || first.size() == (opts.max_findings ? opts.max_findings : 10000),
             "truncated with only %zu findings", first.size());
  if (opts.disable)
    for (const FindingCopy& x : first) FUZZ_CHECK(x.rule_id != "fz.qaeda", "a disabled rule reported");
  copydesk_findings_free(f);

  std::vector<FindingCopy> second = scan_and_check(e.scanner, text, opts, e.rule_ids);
  FUZZ_CHECK(first == second, "two scans of the same input differ (%zu vs %zu findings)", first.size(),
             second.size());
  return 0;
}
