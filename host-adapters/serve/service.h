// `copydesk serve`: the HTTP/JSON service (docs/serve.md). cpp-httplib serves each
// connection on one of a fixed pool of worker threads; each worker keeps its own
// copydesk_scanner over the current rules snapshot (scanners are per thread, the ruleset is
// shared), remade after a reload.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace copydesk::serve {

struct ServiceOptions {
  std::string host = "127.0.0.1";
  int port = 8765;           // 0: any free port (the one chosen is printed)
  std::string rules_path;    // a directory of packs, one pack or rule file, or a bundle
  std::string token;         // "" = no authentication (loopback only)
  unsigned threads = 8;
  std::uint64_t max_body = 8ull << 20;
};

// True for 127.0.0.0/8, ::1 and localhost.
bool is_loopback_host(const std::string& host);

// Loads the rules, binds, prints "copydesk serve: listening on http://HOST:PORT" to `out`,
// serves until SIGTERM or SIGINT (SIGHUP reloads the rules), then finishes the requests in
// flight. Returns the process exit status: 0 after a clean stop, 2 when the rules do not
// load or the address cannot be bound (after printing why to `err`).
int run_service(const ServiceOptions& options, std::FILE* out, std::FILE* err);

}  // namespace copydesk::serve
