/* The acceptance scenario in plain C99, through copydesk.h only: compile a small
 * rule set from a string, scan Arabic text with four spellings of the same name
 * and an HTML fragment, and check that every finding's byte, UTF-16 and
 * code-point offsets slice out exactly the written form. */
#include <copydesk.h>
#include <stdio.h>
#include <string.h>

static const char *pack =
    "[pack]\nid = \"t\"\ncategory = \"extremism\"\n"
    "[[rule]]\nid = \"t.isis\"\ntitle = \"ISIS\"\nmessage = \"Names ISIS ({match})\"\n"
    "[rule.match]\nterms = [\"داعش\", \"Daesh\"]\narabic_clitics = true\n";

static int passed = 0, failed = 0;

static void check(int ok, const char *what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAILED: %s\n", what);
  }
}

/* Code points and UTF-16 units in text[0, end). */
static void count_units(const char *text, size_t end, size_t *cps, size_t *u16) {
  size_t i = 0;
  *cps = 0;
  *u16 = 0;
  while (i < end) {
    unsigned char c = (unsigned char)text[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    *cps += 1;
    *u16 += n == 4 ? 2 : 1;
    i += n;
  }
}

static void scan_and_check(copydesk_scanner *s, const char *text, int format, const char **expected, size_t count) {
  copydesk_scan_options o;
  copydesk_findings *f = NULL;
  size_t i, n;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  o.input_format = format;
  check(copydesk_scanner_scan(&f, s, text, strlen(text), &o) == COPYDESK_OK, "scan succeeds");
  n = copydesk_findings_count(f);
  check(n == count, "finding count");
  for (i = 0; i < n && i < count; i++) {
    copydesk_finding x;
    size_t cps_s, u16_s, cps_e, u16_e, len;
    x.version = COPYDESK_FINDING_VERSION;
    check(copydesk_findings_get(&x, f, i) == COPYDESK_OK, "get finding");
    len = (size_t)(x.byte_end - x.byte_start);
    check(len == strlen(expected[i]) && memcmp(text + x.byte_start, expected[i], len) == 0, expected[i]);
    count_units(text, (size_t)x.byte_start, &cps_s, &u16_s);
    count_units(text, (size_t)x.byte_end, &cps_e, &u16_e);
    check(x.cp_start == cps_s && x.cp_end == cps_e, "code-point offsets");
    check(x.utf16_start == u16_s && x.utf16_end == u16_e, "UTF-16 offsets");
    check(strcmp(x.rule_id, "t.isis") == 0, "rule id");
  }
  copydesk_findings_free(f);
}

int main(void) {
  copydesk_compiler *c = NULL;
  copydesk_ruleset *rs = NULL;
  copydesk_scanner *s = NULL;
  const char *arabic = "\xF0\x9F\x99\x82 وداعش، دَاعِش، داعـــش، دا\xE2\x80\x8C" "عش.";
  const char *arabic_expected[] = {"وداعش", "دَاعِش", "داعـــش", "دا\xE2\x80\x8C" "عش"};
  const char *html = "<p>بيان <b>دا</b>عش &amp; Da<em>esh</em></p>";
  const char *html_expected[] = {"دا</b>عش", "Da<em>esh"};

  check(copydesk_abi_version() == COPYDESK_ABI_VERSION, "ABI version");
  check(copydesk_compiler_new(&c, NULL) == COPYDESK_OK, "compiler_new");
  check(copydesk_compiler_add_string(c, pack, strlen(pack), "inline") == COPYDESK_OK, "add_string");
  check(copydesk_compiler_build(&rs, c) == COPYDESK_OK, copydesk_last_error());
  copydesk_compiler_free(c);
  check(copydesk_scanner_new(&s, rs) == COPYDESK_OK, "scanner_new");
  copydesk_ruleset_free(rs); /* the scanner keeps the rules alive */
  if (s) {
    scan_and_check(s, arabic, COPYDESK_FORMAT_TEXT, arabic_expected, 4);
    scan_and_check(s, html, COPYDESK_FORMAT_HTML, html_expected, 2);
  }
  copydesk_scanner_free(s);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
