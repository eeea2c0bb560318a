// `copydesk lsp`: a Language Server over standard input and output (docs/lsp.md). The
// reading thread answers requests and keeps the open documents; one scan thread checks
// each document a short quiet time after its last change, with the settings copydesk scan
// would use for that file (scan_setup.h), and publishes diagnostics for the version it
// checked, unless a newer one arrived meanwhile.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

#include "flags.h"

namespace copydesk::cli {

struct LspOptions {
  ParsedArgs flags;  // copydesk lsp's own options: --rules, --enable, --config, ...
  // Where a diagnostic's code links: {rule}, {pack} and {category} are replaced, or the rule
  // id is appended when there is none. Empty: the rule's own file, when it has one.
  std::string docs_url;
  std::chrono::milliseconds debounce{200};  // quiet time after a change before a scan
  std::size_t max_message_bytes = 0;        // larger messages are skipped and answered with an error
};

// Serves one client on `in_fd`/`out_fd` until `exit` or the end of input; logs to `log`.
// Returns the process exit status: 0 after shutdown then exit, 1 otherwise (as LSP says).
int serve_lsp(const LspOptions& options, int in_fd, int out_fd, std::FILE* log);

}  // namespace copydesk::cli
