// copydesk — the command-line host of libcopydesk.
#include <copydesk.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk <command> [options]\n"
      "\n"
      "commands:\n"
      "  scan [PATH...]              scan articles (files, directories, - for stdin)\n"
      "  compile RULES -o BUNDLE     write a compiled rule bundle\n"
      "  rules check [PATH]          compile rule packs and print every problem\n"
      "  rules test [PATH]           run every rule's examples\n"
      "  rules profile [--corpus DIR] per-rule cost and hit count\n"
      "  explain FILE                why each finding in FILE was reported\n"
      "  lexicon import-un FILE.xml  turn the UN consolidated list into term lists\n"
      "  version                     print tool, library and ABI versions\n"
      "\n"
      "Run `copydesk <command> --help` for the options of a command.\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  std::string cmd = argv[1];
  copydesk::cli::Args args(argv + 2, argv + argc);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    usage(stdout);
    return 0;
  }
  if (cmd == "version" || cmd == "--version") {
    std::printf("copydesk %s (library %s, ABI %d)\n", COPYDESK_VERSION_STRING,
                copydesk_version_string(), copydesk_abi_version());
    if (copydesk_abi_version() != COPYDESK_ABI_VERSION) {
      std::fprintf(stderr, "error: library ABI %d does not match the tool's ABI %d\n",
                   copydesk_abi_version(), COPYDESK_ABI_VERSION);
      return 2;
    }
    return 0;
  }
  if (cmd == "scan") return copydesk::cli::run_scan(args);
  if (cmd == "compile") return copydesk::cli::run_compile(args);
  if (cmd == "rules") return copydesk::cli::run_rules(args);
  if (cmd == "explain") return copydesk::cli::run_explain(args);
  if (cmd == "lexicon") return copydesk::cli::run_lexicon(args);
  std::fprintf(stderr, "copydesk: unknown command '%s'\n\n", cmd.c_str());
  usage(stderr);
  return 2;
}
