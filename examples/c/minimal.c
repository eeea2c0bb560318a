/* minimal.c: compile rule packs, scan one article, print the findings.
 *   usage: copydesk_minimal RULES_DIR ARTICLE
 * Uses nothing but the public header copydesk.h. */
#include <copydesk.h>
#include <stdio.h>
#include <stdlib.h>

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long size;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)size + 1)) != NULL) {
    *len = fread(buf, 1, (size_t)size, f);
  }
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  copydesk_compiler *compiler = NULL;
  copydesk_ruleset *rules = NULL;
  copydesk_scanner *scanner = NULL;
  copydesk_findings *findings = NULL;
  size_t len = 0, i;
  char *text;
  int status;

  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES_DIR ARTICLE\n", argv[0]);
    return 2;
  }
  if (copydesk_abi_version() != COPYDESK_ABI_VERSION) {
    fprintf(stderr, "libcopydesk ABI %d, expected %d\n", copydesk_abi_version(), COPYDESK_ABI_VERSION);
    return 2;
  }
  copydesk_compiler_new(&compiler, NULL);
  copydesk_compiler_add_path(compiler, argv[1]);
  status = copydesk_compiler_build(&rules, compiler);
  if (status != COPYDESK_OK) {
    for (i = 0; i < copydesk_compiler_diagnostic_count(compiler); i++) {
      copydesk_diagnostic d;
      d.version = COPYDESK_DIAGNOSTIC_VERSION;
      copydesk_compiler_diagnostic_get(&d, compiler, i);
      fprintf(stderr, "%s:%u:%u: %s\n", d.file, d.line, d.column, d.message);
    }
    copydesk_compiler_free(compiler);
    return 2;
  }
  copydesk_compiler_free(compiler);

  text = read_all(argv[2], &len);
  if (!text) {
    fprintf(stderr, "%s: cannot read\n", argv[2]);
    copydesk_ruleset_free(rules);
    return 2;
  }
  copydesk_scanner_new(&scanner, rules);
  status = copydesk_scanner_scan(&findings, scanner, text, len, NULL);
  if (status != COPYDESK_OK) {
    fprintf(stderr, "scan failed: %s: %s\n", copydesk_status_name(status), copydesk_last_error());
  }
  for (i = 0; i < copydesk_findings_count(findings); i++) {
    copydesk_finding f;
    f.version = COPYDESK_FINDING_VERSION;
    copydesk_findings_get(&f, findings, i);
    printf("%s:%u:%u: %s [%s] bytes %llu-%llu: %.*s\n", argv[2], f.line, f.column, f.message, f.rule_id,
           (unsigned long long)f.byte_start, (unsigned long long)f.byte_end, (int)(f.byte_end - f.byte_start),
           text + f.byte_start);
  }
  /* Free order does not matter: findings and scanner keep the rules alive. */
  copydesk_ruleset_free(rules);
  copydesk_findings_free(findings);
  copydesk_scanner_free(scanner);
  free(text);
  return status == COPYDESK_OK ? 0 : 1;
}
