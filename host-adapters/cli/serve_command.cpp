// copydesk serve: the options resolved (flags.h, settings.h), then the service
// (host-adapters/serve/service.h).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "commands.h"
#include "flags.h"
#include "ruleset_loader.h"
#include "scan_setup.h"
#include "service.h"
#include "settings.h"

namespace copydesk::cli {

namespace {

constexpr int kExitError = 2;

constexpr const char* kServeAbout =
    "usage: copydesk serve [options]\n"
    "\n"
    "An HTTP/JSON service for hosts that cannot load the library: POST /v1/scan,\n"
    "GET /v1/health, GET /v1/rules, POST /v1/reload (and SIGHUP) to reload the rules.\n"
    "SIGTERM or SIGINT stops it after the requests in flight. Settings may also come from\n"
    "the [serve] table of copydesk.toml (listen, token_file, threads, max_body).\n";

std::string serve_usage() { return kServeAbout + options_help(kCmdServe) + "\nSee docs/serve.md.\n"; }

// The first line of `path`, without surrounding whitespace; nullopt (after saying why) when
// the file cannot be read or holds no usable token.
std::optional<std::string> read_token(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line)) {
    std::fprintf(stderr, "%s: error: cannot read the token file\n", path.c_str());
    return std::nullopt;
  }
  const auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!line.empty() && space(line.back())) line.pop_back();
  std::size_t start = 0;
  while (start < line.size() && space(line[start])) ++start;
  line.erase(0, start);
  if (line.size() < 16) {
    std::fprintf(stderr, "%s: error: the token must be at least 16 characters (e.g. `openssl rand -hex 32`)\n",
                 path.c_str());
    return std::nullopt;
  }
  for (unsigned char c : line) {
    if (c < 0x21 || c > 0x7E) {
      std::fprintf(stderr, "%s: error: the token must be printable ASCII with no spaces\n", path.c_str());
      return std::nullopt;
    }
  }
  return line;
}

}  // namespace

int run_serve(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdServe, "copydesk serve", args, stderr);
  if (!flags) return kExitError;
  if (flags->has(Opt::kHelp)) {
    std::fputs(serve_usage().c_str(), stdout);
    return 0;
  }
  if (!flags->positionals.empty()) {
    std::fprintf(stderr, "copydesk serve: unexpected argument '%s' (see copydesk serve --help)\n",
                 flags->positionals[0].c_str());
    return kExitError;
  }
  if (flags->has(Opt::kNoConfig) && flags->has(Opt::kConfig)) {
    std::fputs("copydesk serve: --config and --no-config cannot be used together\n", stderr);
    return kExitError;
  }
  std::optional<ScanConfig> config;
  if (!read_config(applicable_config(*flags, std::filesystem::current_path()), flags->has(Opt::kConfig), config,
                   stderr))
    return kExitError;
  const ScanConfig* cfg = config ? &*config : nullptr;
  auto setting = [&](Opt o, std::vector<std::string> fallback = {}) {
    return resolve(o, kCmdServe, *flags, cfg, std::move(fallback));
  };

  serve::ServiceOptions options;
  options.rules_path = setting(Opt::kRules).value();
  if (options.rules_path.empty()) options.rules_path = default_rules_path();
  if (options.rules_path.empty()) {
    std::fputs("copydesk serve: error: no rule packs found (none installed next to the tool or in its prefix, "
               "COPYDESK_RULES unset); pass --rules PATH\n", stderr);
    return kExitError;
  }
  const ListenAddress listen = *parse_listen_address(setting(Opt::kListen, {"127.0.0.1:8765"}).value());
  options.host = listen.host;
  options.port = listen.port;
  if (const Setting token_file = setting(Opt::kTokenFile); !token_file.empty()) {
    std::optional<std::string> token = read_token(token_file.value());
    if (!token) return kExitError;
    options.token = *token;
  }
  const std::string threads = setting(Opt::kThreads).value();
  options.threads = !threads.empty() ? static_cast<unsigned>(std::stoul(threads))
                                     : std::max(8u, std::thread::hardware_concurrency());
  options.max_body = *parse_byte_size(setting(Opt::kMaxBody, {"8M"}).value());
  return serve::run_service(options, stdout, stderr);
}

}  // namespace copydesk::cli
