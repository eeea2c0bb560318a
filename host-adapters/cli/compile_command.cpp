// copydesk compile RULES -o BUNDLE: a compiled bundle that hosts load without recompiling.
#include <copydesk.h>

#include <cstdio>

#include "commands.h"
#include "flags.h"
#include "ruleset_loader.h"

namespace copydesk::cli {

namespace {

constexpr const char* kCompileAbout =
    "usage: copydesk compile RULES -o BUNDLE\n\n"
    "Compiles RULES (a directory of packs, one pack or one rule file) and writes a\n"
    "bundle that `copydesk scan --rules BUNDLE` and other hosts load without\n"
    "recompiling. A bundle only loads in the same library version on the same kind\n"
    "of CPU. Without --key-file a bundle is code to trust like the library itself;\n"
    "with it, the bundle is signed (HMAC-SHA-256) and loads only with the same key.\n";

}  // namespace

int run_compile(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdCompile, "copydesk compile", args, stderr);
  if (!flags) return 2;
  if (flags->has(Opt::kHelp)) {
    std::fputs((kCompileAbout + options_help(kCmdCompile)).c_str(), stdout);
    return 0;
  }
  if (flags->positionals.size() > 1) {
    std::fprintf(stderr, "copydesk compile: only one RULES path may be given\n");
    return 2;
  }
  std::optional<std::string> bundle = flags->last(Opt::kBundleOutput);
  if (flags->positionals.empty() || !bundle || bundle->empty()) {
    std::fputs("usage: copydesk compile RULES -o BUNDLE\n", stderr);
    return 2;
  }
  const std::string& rules = flags->positionals[0];
  RulesetHandle handle;
  handle.ruleset = load_ruleset(rules, stderr);
  if (!handle.ruleset) return 2;
  const std::string& key = bundle_key();
  int saved = key.empty() ? copydesk_ruleset_save(handle.ruleset, bundle->c_str())
                          : copydesk_ruleset_save_keyed(handle.ruleset, bundle->c_str(), key.data(), key.size());
  if (saved != COPYDESK_OK) {
    std::fprintf(stderr, "%s: error: %s\n", bundle->c_str(), copydesk_last_error());
    return 2;
  }
  std::size_t count = copydesk_ruleset_rule_count(handle.ruleset);
  std::printf("compiled %zu rule%s from %s into %s\n", count, count == 1 ? "" : "s", rules.c_str(),
              bundle->c_str());
  return 0;
}

}  // namespace copydesk::cli
