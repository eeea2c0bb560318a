// copydesk lsp: the Language Server over standard input and output (lsp_server.h).
#include <unistd.h>

#include <csignal>
#include <exception>
#include <cstdio>
#include <string>

#include "commands.h"
#include "flags.h"
#include "lsp_server.h"
#include "scan_runner.h"

namespace copydesk::cli {

namespace {

constexpr const char* kLspAbout =
    "usage: copydesk lsp [options]\n"
    "\n"
    "A Language Server on standard input and output, for editors: diagnostics for Markdown,\n"
    "HTML and plain-text documents as they are typed, with the settings `copydesk scan` uses\n"
    "for the same file (the copydesk.toml nearest to the document), and quick fixes that\n"
    "insert a suppression comment. Wiring it into Neovim, VS Code, Helix and Emacs:\n"
    "docs/lsp.md.\n";

}  // namespace

int run_lsp(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdLsp, "copydesk lsp", args, stderr);
  if (!flags) return 2;
  if (flags->has(Opt::kHelp)) {
    std::fputs((kLspAbout + options_help(kCmdLsp)).c_str(), stdout);
    return 0;
  }
  if (flags->has(Opt::kNoConfig) && flags->has(Opt::kConfig)) {
    std::fprintf(stderr, "copydesk lsp: --config and --no-config cannot be used together\n");
    return 2;
  }
  if (!flags->positionals.empty()) {
    std::fprintf(stderr, "copydesk lsp: unexpected argument '%s' (it talks on standard input and output)\n",
                 flags->positionals.front().c_str());
    return 2;
  }
  LspOptions options;
  options.flags = *flags;
  options.docs_url = flags->last(Opt::kDocsUrl).value_or("");
  if (std::optional<std::string> ms = flags->last(Opt::kDebounce))
    options.debounce = std::chrono::milliseconds(std::stol(*ms));
  // A document as large as a scan accepts, with room for its JSON envelope and escapes.
  options.max_message_bytes = kMaxInputBytes + (kMaxInputBytes >> 2);
  std::signal(SIGPIPE, SIG_IGN);  // a client that goes away is an end of input, not a crash
  try {
    return serve_lsp(options, STDIN_FILENO, STDOUT_FILENO, stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "copydesk lsp: internal error: %s\n", e.what());
    return 1;
  }
}

}  // namespace copydesk::cli
