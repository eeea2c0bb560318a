// Finding and compiling the rules a command runs with, through the C ABI.
#pragma once

#include <copydesk.h>

#include <cstdio>
#include <string>

namespace copydesk::cli {

// The rules used when no --rules is given: $COPYDESK_RULES, then the packs installed next
// to this binary (../share/copydesk/rules), then the install prefix, then the source tree
// the binary was built from. Empty when none exists.
std::string default_rules_path();

// Loads `path` (a directory of packs, one pack, one rule file, or a compiled bundle written
// by `copydesk compile`). Prints every diagnostic to `err` as "file:line:col: error: msg".
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
