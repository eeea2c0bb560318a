// fuzz_compile: arbitrary bytes as a rule pack in one TOML string (what a CMS hands
// to copydesk_compiler_add_string).
// Checks: the build returns COPYDESK_OK or COPYDESK_E_RULES, never another status;
// E_RULES comes with at least one error diagnostic, and every diagnostic is readable
// with sane positions. A pack that compiles has readable rules and examples, and
// scanning a fixed trilingual text and each of its own examples gives findings that
// pass the same offset checks as fuzz_scan.
#include <copydesk.h>

#include <string_view>

#include "fuzz_common.h"

using namespace copydesk_fuzz;

namespace {

const char kFixedText[] =
    "أعلن تنظيم داعش مسؤوليته عن الهجوم، وقال مصدر إن 40 في المئة من السكان نزحوا.\n\n"
    "According to officials, ISIS militants attacked; sources said 12,5% were hit.\n"
    "Selon une source, l'État islamique (Daech) a revendiqué l'attaque à 30 %.\r\n"
    "\xEF\xBB\xBF\xD8\xA7\xE2\x80\x8C\xD9\x84\xD9\x82\xD8\xA7\xD8\xB9\xD8\xAF\xD8\xA9 \xFF\xC3( end";

void check_diagnostics(const copydesk_compiler* c, int status) {
  size_t count = copydesk_compiler_diagnostic_count(c);
  size_t errors = 0;
  for (size_t i = 0; i < count; ++i) {
    copydesk_diagnostic d;
    d.version = COPYDESK_DIAGNOSTIC_VERSION;
    FUZZ_CHECK(copydesk_compiler_diagnostic_get(&d, c, i) == COPYDESK_OK, "diagnostic_get(%zu): %s", i,
               copydesk_last_error());
    FUZZ_CHECK(d.severity == COPYDESK_SEVERITY_ERROR || d.severity == COPYDESK_SEVERITY_WARNING,
               "diagnostic %zu: severity %d", i, d.severity);
    FUZZ_CHECK(d.file && d.rule_id && d.message && *d.message, "diagnostic %zu: NULL or empty string", i);
    FUZZ_CHECK(d.column == 0 || d.line != 0, "diagnostic %zu: a column without a line", i);
    errors += d.severity == COPYDESK_SEVERITY_ERROR;
  }
  copydesk_diagnostic past;
  past.version = COPYDESK_DIAGNOSTIC_VERSION;
  FUZZ_CHECK(copydesk_compiler_diagnostic_get(&past, c, count) != COPYDESK_OK, "diagnostic_get past the end");
  if (status == COPYDESK_E_RULES) FUZZ_CHECK(errors > 0, "COPYDESK_E_RULES without an error diagnostic");
  if (status == COPYDESK_OK) FUZZ_CHECK(errors == 0, "compiled although %zu errors were reported", errors);
}

void check_ruleset(copydesk_ruleset* rs) {
  std::vector<std::string> ids = rule_ids_of(rs);
  std::vector<std::string> texts{kFixedText};
  for (size_t i = 0; i < copydesk_ruleset_example_count(rs); ++i) {
    copydesk_example ex;
    ex.version = COPYDESK_EXAMPLE_VERSION;
    FUZZ_CHECK(copydesk_ruleset_example_get(&ex, rs, i) == COPYDESK_OK, "example_get(%zu)", i);
    FUZZ_CHECK(ex.rule_id && ex.language && ex.text && ex.source, "example %zu: NULL string", i);
    for (uint32_t j = 0; j < ex.expect_count; ++j)
      FUZZ_CHECK(copydesk_ruleset_example_expect(rs, i, j) != nullptr, "example %zu: expect %u is NULL", i, j);
    FUZZ_CHECK(copydesk_ruleset_example_expect(rs, i, ex.expect_count) == nullptr, "example %zu: expect past end", i);
    if (texts.size() < 8) texts.emplace_back(ex.text);
  }
  copydesk_scanner* scanner = nullptr;
  FUZZ_CHECK(copydesk_scanner_new(&scanner, rs) == COPYDESK_OK, "scanner_new: %s", copydesk_last_error());
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  opts.flags = COPYDESK_SCAN_EXPLAIN;
  for (const std::string& text : texts) scan_and_check(scanner, text, opts, ids);
  copydesk_scanner_free(scanner);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  copydesk_compiler* c = nullptr;
  FUZZ_CHECK(copydesk_compiler_new(&c, nullptr) == COPYDESK_OK, "compiler_new");
  int added = copydesk_compiler_add_string(c, reinterpret_cast<const char*>(data), size, "fuzz.toml");
  FUZZ_CHECK(added == COPYDESK_OK, "add_string: %s", copydesk_status_name(added));
  copydesk_ruleset* rs = nullptr;
  int status = copydesk_compiler_build(&rs, c);
  FUZZ_CHECK(status == COPYDESK_OK || status == COPYDESK_E_RULES, "build returned %s: %s",
             copydesk_status_name(status), copydesk_last_error());
  FUZZ_CHECK((status == COPYDESK_OK) == (rs != nullptr), "ruleset pointer does not match the status");
  check_diagnostics(c, status);
  copydesk_compiler_free(c);  // the ruleset must outlive its compiler
  if (rs) {
    check_ruleset(rs);
    copydesk_ruleset_free(rs);
  }
  return 0;
}
