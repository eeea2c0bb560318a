// Finding and compiling the rules a command runs with, through the C ABI.
#pragma once

#include <copydesk.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace copydesk::cli {

// The rules used when no --rules is given: $COPYDESK_RULES, then the packs installed next
// to this binary (../share/copydesk/rules), then the install prefix, then the source tree
// the binary was built from. Empty when none exists.
std::string default_rules_path();

// One problem met while loading rules: a compiler diagnostic, or why a bundle or path failed.
struct RuleDiagnostic {
  std::string file;  // "" when the problem has no file
  bool positioned = false;  // a compiler diagnostic: line and column are meaningful (0 = unknown)
  std::uint32_t line = 0, column = 0;
  bool error = true;  // else a warning
  std::string rule_id;
  std::string message;
  // "file:line:col: error: message", "file: error: message" or "error: message".
  std::string text() const;
};

struct RulesetLoad {
  copydesk_ruleset* ruleset = nullptr;  // the caller's; nullptr on failure
  bool bundle = false;                  // `path` was a compiled bundle
  int status = COPYDESK_OK;
  std::vector<RuleDiagnostic> diagnostics;  // every problem, warnings included
};

// The key of authenticated bundles (--key-file): when set, every bundle is loaded with
// copydesk_ruleset_load_keyed and `copydesk compile` writes keyed bundles.
void set_bundle_key(std::string key);
const std::string& bundle_key();
// Reads a --key-file: its bytes, less one trailing newline; "" with `why` set on failure.
std::string read_key_file(const std::string& path, std::string& why);

// Loads `path` (a directory of packs, one pack, one rule file, or a compiled bundle written
// by `copydesk compile`; a file not ending in .toml is a bundle) and says every problem met.
RulesetLoad load_ruleset_checked(const std::string& path);

// The same, printing every diagnostic to `err` as "file:line:col: error: msg".
// Returns nullptr on failure (after printing why).
copydesk_ruleset* load_ruleset(const std::string& path, std::FILE* err);

// Frees the ruleset it holds when it goes.
struct RulesetHandle {
  copydesk_ruleset* ruleset = nullptr;
  RulesetHandle() = default;
  RulesetHandle(const RulesetHandle&) = delete;
  RulesetHandle& operator=(const RulesetHandle&) = delete;
  ~RulesetHandle() { copydesk_ruleset_free(ruleset); }
};

// "error", "warning", "info" -> COPYDESK_SEVERITY_*; 0 when unknown.
int severity_from_name(const std::string& name);
const char* severity_name(int severity);

}  // namespace copydesk::cli
