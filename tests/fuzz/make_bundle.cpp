// fuzz_make_bundle OUT: compiles the fuzz pack, saves it as a bundle at OUT and
// checks that the bundle loads back with the same rules.
// The replay test loads this fresh bundle besides the checked-in seeds: a bundle made
// by another version or CPU is rejected at its fingerprint, so only a fresh one
// reaches the code that rebuilds a ruleset from a bundle.
#include <copydesk.h>

#include <cstdio>

#include "fuzz_pack.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.bundle\n", argv[0]);
    return 2;
  }
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  int status = copydesk_compiler_new(&c, nullptr);
  if (status == COPYDESK_OK)
    status = copydesk_compiler_add_string(c, copydesk_fuzz::kPack, sizeof copydesk_fuzz::kPack - 1, "fuzz-pack.toml");
  if (status == COPYDESK_OK) status = copydesk_compiler_build(&rs, c);
  if (status == COPYDESK_OK) status = copydesk_ruleset_save(rs, argv[1]);
  copydesk_ruleset* loaded = nullptr;
  if (status == COPYDESK_OK) status = copydesk_ruleset_load(&loaded, argv[1]);
  if (status != COPYDESK_OK) std::fprintf(stderr, "%s: %s\n", copydesk_status_name(status), copydesk_last_error());
  if (status == COPYDESK_OK && copydesk_ruleset_rule_count(loaded) != copydesk_ruleset_rule_count(rs)) {
    std::fprintf(stderr, "the bundle loads with %zu rules, compiled %zu\n", copydesk_ruleset_rule_count(loaded),
                 copydesk_ruleset_rule_count(rs));
    status = COPYDESK_E_ERROR;
  }
  copydesk_ruleset_free(loaded);
  copydesk_ruleset_free(rs);
  copydesk_compiler_free(c);
  return status == COPYDESK_OK ? 0 : 1;
}
