// copydesk — the command-line host of libcopydesk: one table of commands, each in a file of
// its own (commands.h), their options in one table (flags.h).
#include <cstdio>
#include <string>
#include <string_view>

#include "commands.h"

namespace {

struct CommandEntry {
  std::string_view name;
  std::string_view synopsis;  // for the usage text
  std::string_view summary;
  int (*run)(const copydesk::cli::Args&);
};

constexpr CommandEntry kCommands[] = {
    {"scan", "scan [PATH...]", "scan articles (files, directories, - for stdin)", copydesk::cli::run_scan},
    {"compile", "compile RULES -o BUNDLE", "write a compiled rule bundle", copydesk::cli::run_compile},
    {"rules", "rules check [PATH]", "compile rule packs and print every problem", copydesk::cli::run_rules},
    {"", "rules test [PATH]", "run every rule's examples", nullptr},
    {"", "rules profile [--corpus DIR]", "per-rule cost and hit count", nullptr},
    {"", "rules diff --base R --candidate R PATH...", "what a rule change flags and stops flagging", nullptr},
    {"explain", "explain FILE", "why each finding in FILE was reported", copydesk::cli::run_explain},
    {"lexicon", "lexicon import-un FILE.xml", "turn the UN consolidated list into term lists",
     copydesk::cli::run_lexicon},
    {"serve", "serve [--listen ADDR:PORT]", "the HTTP/JSON service (docs/serve.md)", copydesk::cli::run_serve},
    {"lsp", "lsp", "a Language Server for editors (stdio)", copydesk::cli::run_lsp},
    {"version", "version", "print tool, library and ABI versions", copydesk::cli::run_version},
};

void usage(std::FILE* out) {
  std::string s = "usage: copydesk <command> [options]\n\ncommands:\n";
  for (const CommandEntry& c : kCommands) {
    std::string line = "  " + std::string(c.synopsis);
    line.resize(std::max<std::size_t>(line.size() + 1, 30), ' ');
    s += line + std::string(c.summary) + "\n";
  }
  s += "\nRun `copydesk <command> --help` for the options of a command.\n";
  std::fputs(s.c_str(), out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const std::string cmd = argv[1];
  const copydesk::cli::Args args(argv + 2, argv + argc);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    usage(stdout);
    return 0;
  }
  if (cmd == "--version") return copydesk::cli::run_version(args);
  for (const CommandEntry& c : kCommands)
    if (c.run && c.name == cmd) return c.run(args);
  std::fprintf(stderr, "copydesk: unknown command '%s'\n\n", cmd.c_str());
  usage(stderr);
  return 2;
}
