#include "service.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>
#include <thread>

#include "output_json_writer.h"
#include "output_reporter.h"
#include "rules_holder.h"
#include "scan_inputs.h"
#include "scan_request.h"
#include "scan_runner.h"

namespace copydesk::serve {

namespace {

using cli::JsonWriter;

constexpr const char* kJson = "application/json";

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 500 ? "Client Error" : "Server Error";
  }
}

// The HTTP answer to a failing library call.
int http_status_of(int copydesk_status) {
  switch (copydesk_status) {
    case COPYDESK_E_INVALID:
    case COPYDESK_E_ENCODING: return 400;
    case COPYDESK_E_LIMIT: return 413;
    case COPYDESK_E_NOMEM:
    case COPYDESK_E_BUSY: return 503;
    default: return 500;
  }
}

void append_diagnostics(std::string& out, const std::vector<cli::RuleDiagnostic>& diagnostics) {
  JsonWriter w(out);
  w.begin_array();
  for (const cli::RuleDiagnostic& d : diagnostics) {
    w.begin_object();
    w.key("severity").value(d.error ? "error" : "warning");
    w.key("file").value(d.file);
    w.key("line").value(d.line);
    w.key("column").value(d.column);
    w.key("rule").value(d.rule_id);
    w.key("message").value(d.message);
    w.key("text").value(d.text());
    w.end_object();
  }
  w.end_array();
}

// {"error": {"status": 400, "reason": "Bad Request", "code": "bad_json", "message": "...",
//  "diagnostics": [...]}}
void send_error(httplib::Response& res, const ApiError& error,
                const std::vector<cli::RuleDiagnostic>* diagnostics = nullptr) {
  std::string body;
  JsonWriter w(body);
  w.begin_object().key("error").begin_object();
  w.key("status").value(error.status);
  w.key("reason").value(reason_phrase(error.status));
  w.key("code").value(error.code);
  w.key("message").value(error.message);
  if (diagnostics) {
    w.key("diagnostics");
    append_diagnostics(body, *diagnostics);
  }
  w.end_object().end_object();
  body += '\n';
  res.status = error.status;
  res.set_content(body, kJson);
}

void send_json(httplib::Response& res, std::string body) {
  body += '\n';
  res.status = 200;
  res.set_content(body, kJson);
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// "127.0.0.1:8765" -> "127.0.0.1", "[::1]:80" -> "::1", "localhost" -> "localhost"
std::string host_of(const std::string& header) {
  if (!header.empty() && header.front() == '[') {
    std::size_t close = header.find(']');
    return close == std::string::npos ? header : header.substr(1, close - 1);
  }
  return header.substr(0, header.find(':'));
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

// The scanner of this worker thread, over the snapshot it was made for. A reload makes the
// next request on each worker replace it; scans on other workers are not disturbed.
struct WorkerScanner {
  std::shared_ptr<const RulesSnapshot> rules;
  copydesk_scanner* scanner = nullptr;

  WorkerScanner() = default;
  WorkerScanner(const WorkerScanner&) = delete;
  WorkerScanner& operator=(const WorkerScanner&) = delete;
  ~WorkerScanner() { copydesk_scanner_free(scanner); }

  // COPYDESK_OK, or the status of copydesk_scanner_new (copydesk_last_error() says why).
  int use(const std::shared_ptr<const RulesSnapshot>& snapshot) {
    if (rules == snapshot && scanner) return COPYDESK_OK;
    copydesk_scanner_free(scanner);
    scanner = nullptr;
    rules.reset();
    const int status = copydesk_scanner_new(&scanner, snapshot->ruleset);
    if (status == COPYDESK_OK) rules = snapshot;
    return status;
  }
};

thread_local WorkerScanner t_worker;

class Service {
 public:
  Service(const ServiceOptions& options, std::FILE* err) : options_(options), err_(err), rules_(options.rules_path) {}

  RulesHolder& rules() { return rules_; }
  httplib::Server& server() { return server_; }

  void log(const std::string& line) {
    std::fprintf(err_, "copydesk serve: %s\n", line.c_str());
    std::fflush(err_);
  }

  // Reloads and logs the outcome (SIGHUP and POST /v1/reload).
  ReloadResult reload() {
    ReloadResult result = rules_.reload();
    if (result.snapshot) {
      log("rules reloaded: generation " + std::to_string(result.snapshot->generation) + ", " +
          std::to_string(result.snapshot->rules.size()) + " rules from " + rules_.source());
    } else {
      auto current = rules_.current();
      log(std::string("reload failed (") + copydesk_status_name(result.status) + "); still serving generation " +
          std::to_string(current ? current->generation : 0) + ":");
      for (const cli::RuleDiagnostic& d : result.diagnostics) std::fprintf(err_, "  %s\n", d.text().c_str());
      std::fflush(err_);
    }
    return result;
  }

  void configure() {
    const unsigned threads = options_.threads;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.set_tcp_nodelay(true);  // without it, a response waits for the client's delayed ACK
    server_.set_payload_max_length(options_.max_body);
    server_.set_read_timeout(10, 0);
    server_.set_write_timeout(10, 0);
    server_.set_keep_alive_timeout(2);
    server_.set_keep_alive_max_count(1000);

    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return admit(req, res) ? httplib::Server::HandlerResponse::Unhandled : httplib::Server::HandlerResponse::Handled;
    });
    server_.Get("/v1/health", [this](const httplib::Request&, httplib::Response& res) { health(res); });
    server_.Get("/v1/rules", [this](const httplib::Request&, httplib::Response& res) { rules_info(res); });
    server_.Post("/v1/scan", [this](const httplib::Request& req, httplib::Response& res) { scan(req, res); });
    server_.Post("/v1/reload", [this](const httplib::Request&, httplib::Response& res) { reload_request(res); });
    server_.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      log("internal error: " + what);
      send_error(res, {500, "internal_error", "internal error: " + what});
    });
    // Answers httplib made itself (no route, body too large, malformed request) in JSON too.
    server_.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                           httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      static const std::map<std::string, std::string> kAllowed = {
          {"/v1/health", "GET"}, {"/v1/rules", "GET"}, {"/v1/scan", "POST"}, {"/v1/reload", "POST"}};
      if (res.status == 404) {
        if (auto it = kAllowed.find(req.path); it != kAllowed.end()) {
          res.set_header("Allow", it->second);
          send_error(res, {405, "method_not_allowed", req.path + " takes " + it->second + ", not " + req.method});
          return httplib::Server::HandlerResponse::Handled;
        }
        send_error(res, {404, "not_found",
                         "no endpoint " + req.path + " (there are GET /v1/health, GET /v1/rules, POST /v1/scan "
                         "and POST /v1/reload)"});
      } else if (res.status == 413) {
        send_error(res, {413, "payload_too_large",
                         "the request body is larger than the limit of " + std::to_string(max_body_) + " bytes"});
      } else {
        send_error(res, {res.status, "bad_request", std::string("the request was refused: ") +
                                                      reason_phrase(res.status)});
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    max_body_ = options_.max_body;
  }

 private:
  // Refuses browser pages (an Origin header), other host names on a loopback address (DNS
  // rebinding), and requests without the token when one is set. /v1/health needs no token.
  bool admit(const httplib::Request& req, httplib::Response& res) {
    const bool allowed = admit_unread(req, res);
    // A refused request's body is never read: the connection cannot carry another request.
    if (!allowed && (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")))
      res.set_header("Connection", "close");
    return allowed;
  }

  bool admit_unread(const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Origin")) {
      send_error(res, {403, "forbidden", "requests from web pages (with an Origin header) are refused; call "
                                         "the service from the server side"});
      return false;
    }
    if (is_loopback_host(options_.host) && req.has_header("Host") &&
        !is_loopback_host(host_of(req.get_header_value("Host")))) {
      send_error(res, {403, "forbidden", "the service listens on a loopback address and answers only Host "
                                         "127.0.0.1, localhost or [::1]"});
      return false;
    }
    if (!options_.token.empty() && req.path != "/v1/health") {
      const std::string expected = "Bearer " + options_.token;
      const std::string given = req.get_header_value("Authorization");
      if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0) {
        res.set_header("WWW-Authenticate", "Bearer");
        send_error(res, {401, "unauthorized", given.empty() ? "this service needs Authorization: Bearer TOKEN"
                                                            : "the bearer token is not the service's"});
        return false;
      }
    }
    // Checked from the headers: the body is read only after this.
    const bool has_body = (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0") ||
                          req.has_header("Transfer-Encoding");
    if (req.method == "POST" && !has_body) {
      // httplib refuses a POST with neither a length nor chunks; for us it has an empty body.
      if (req.path == "/v1/reload") {
        reload_request(res);
      } else if (req.path == "/v1/scan") {
        send_error(res, {400, "bad_request", "the body is empty: send {\"text\": ...} or {\"segments\": [...]}"});
      } else {
        return true;
      }
      return false;
    }
    if (req.method == "POST") {
      const std::string type = req.get_header_value("Content-Type");
      if (type.substr(0, type.find(';')) != kJson) {
        send_error(res, {415, "unsupported_media_type",
                         "the body must be sent as Content-Type: application/json, not '" + type + "'"});
        return false;
      }
    }
    return true;
  }

  void health(httplib::Response& res) {
    auto rules = rules_.current();
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("status").value("ok");
    w.key("version").value(copydesk_version_string());
    w.key("abi").value(copydesk_abi_version());
    w.key("rules_generation").value(rules->generation);
    w.key("rule_count").value(static_cast<std::uint64_t>(rules->rules.size()));
    w.end_object();
    send_json(res, std::move(body));
  }

  static void append_rules_summary(JsonWriter& w, const RulesSnapshot& rules) {
    w.key("generation").value(rules.generation);
    w.key("source").value(rules.source);
    w.key("kind").value(rules.bundle ? "bundle" : "packs");
    if (rules.bundle) {
      w.key("bundle_sha256").value(rules.bundle_sha256);
    } else {
      w.key("bundle_sha256").raw("null");
    }
    w.key("loaded_at").value(iso_time(rules.loaded_at));
    w.key("rule_count").value(static_cast<std::uint64_t>(rules.rules.size()));
  }

  void rules_info(httplib::Response& res) {
    auto rules = rules_.current();
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    append_rules_summary(w, *rules);
    // Packs in rule order, with their versions and rule counts.
    struct Pack {
      const std::string* id;
      const std::string* version;
      std::uint64_t rules;
    };
    std::vector<Pack> packs;
    for (const cli::RuleMeta& rule : rules->rules) {
      auto it = std::find_if(packs.begin(), packs.end(), [&](const Pack& p) { return *p.id == rule.pack; });
      if (it == packs.end()) packs.push_back({&rule.pack, &rule.pack_version, 1});
      else ++it->rules;
    }
    w.key("packs").begin_array();
    for (const Pack& p : packs)
      w.begin_object().key("id").value(*p.id).key("version").value(*p.version).key("rule_count").value(p.rules).end_object();
    w.end_array();
    w.key("rules").begin_array();
    for (const cli::RuleMeta& rule : rules->rules) {
      w.begin_object();
      w.key("id").value(rule.id);
      w.key("pack").value(rule.pack);
      w.key("pack_version").value(rule.pack_version);
      w.key("publish").value(rule.publish);
      w.key("category").value(rule.category);
      w.key("severity").value(cli::severity_name(rule.severity));
      w.key("title").value(rule.title);
      w.key("message").value(rule.message);
      w.key("description").value(rule.description);
      w.key("languages").value(rule.languages);
      w.end_object();
    }
    w.end_array();
    w.key("warnings");
    append_diagnostics(body, rules->warnings);
    w.end_object();
    send_json(res, std::move(body));
  }

  void reload_request(httplib::Response& res) {
    ReloadResult result = reload();
    if (!result.snapshot) {
      auto current = rules_.current();
      send_error(res,
                 {422, copydesk_status_name(result.status),
                  "the rules in " + rules_.source() + " did not load; still serving generation " +
                      std::to_string(current ? current->generation : 0)},
                 &result.diagnostics);
      return;
    }
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("reloaded").value(true);
    append_rules_summary(w, *result.snapshot);
    w.key("warnings");
    append_diagnostics(body, result.diagnostics);
    w.end_object();
    send_json(res, std::move(body));
  }

  void scan(const httplib::Request& req, httplib::Response& res) {
    ScanRequest request;
    ApiError error;
    if (!parse_scan_request(req.body, request, error)) return send_error(res, error);
    // The snapshot this request scans with, held until it has answered.
    const std::shared_ptr<const RulesSnapshot> rules = rules_.current();
    for (const auto* list : {&request.enable, &request.disable})
      for (const std::string& name : *list)
        if (!rules->targets.contains(name))
          return send_error(res, {400, "bad_request",
                                  std::string("options.") + (list == &request.enable ? "enable" : "disable") +
                                      ": unknown rule, pack or category '" + name + "'"});

    if (int status = t_worker.use(rules); status != COPYDESK_OK)
      return send_error(res, {http_status_of(status), copydesk_status_name(status),
                              std::string("cannot create a scanner: ") + copydesk_last_error()});
    copydesk_scanner* scanner = t_worker.scanner;
    cli::ScanSettings settings;
    settings.enable = join(request.enable);
    settings.disable = join(request.disable);
    settings.explain = request.explain;
    settings.min_severity = request.min_severity;
    settings.is_known_target = [&rules](const std::string& name) { return rules->targets.contains(name); };
    settings.max_input_bytes = std::max<std::uint64_t>(options_.max_body, 1);
    settings.max_findings = request.max_findings;
    cli::FileResult result;
    if (request.has_segments) {
      result.format = cli::InputFormat::segments;
      result.segments = std::move(request.segments);
    } else {
      result.format = request.format;
      result.content = std::move(request.text);
    }
    if (int status = cli::scan_content(result, scanner, settings); status != COPYDESK_OK)
      return send_error(res, {http_status_of(status), copydesk_status_name(status), result.error});
    const bool truncated = result.truncated;

    std::string body;
    body.reserve(256 + result.findings.size() * 512);
    JsonWriter w(body);
    w.begin_object();
    w.key("findings").begin_array();
    for (const cli::Finding& f : result.findings) {
      w.begin_object();
      cli::append_finding_members(body, f, request.explain);
      w.end_object();
    }
    w.end_array();
    w.key("truncated").value(truncated);
    w.key("suppressed").value(static_cast<std::uint64_t>(result.suppressed_inline));
    w.key("warnings").begin_array();
    for (const std::string& warning : result.warnings) w.value(warning);
    w.end_array();
    w.key("rules_generation").value(rules->generation);
    w.end_object();
    send_json(res, std::move(body));
  }

  ServiceOptions options_;
  std::FILE* err_;
  RulesHolder rules_;
  httplib::Server server_;
  std::uint64_t max_body_ = 0;
};

}  // namespace

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return false;
}

int run_service(const ServiceOptions& options, std::FILE* out, std::FILE* err) {
  if (options.token.empty() && !is_loopback_host(options.host)) {
    std::fprintf(err, "copydesk serve: error: listening on %s, which is not a loopback address, needs "
                      "--token-file\n", options.host.c_str());
    return 2;
  }
  Service service(options, err);
  ReloadResult first = service.rules().reload();
  if (!first.snapshot) {
    for (const cli::RuleDiagnostic& d : first.diagnostics) std::fprintf(err, "%s\n", d.text().c_str());
    std::fprintf(err, "copydesk serve: error: the rules in %s did not load\n", options.rules_path.c_str());
    return 2;
  }

  // SIGHUP, SIGTERM and SIGINT go to one thread that waits for them; every other thread
  // (the server's workers included) is started with them blocked.
  sigset_t signals, previous;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  std::signal(SIGPIPE, SIG_IGN);

  service.configure();
  httplib::Server& server = service.server();
  int port = options.port;
  bool bound;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    bound = port > 0;
  } else {
    bound = server.bind_to_port(options.host, port);
  }
  if (!bound) {
    std::fprintf(err, "copydesk serve: error: cannot listen on %s:%d: %s\n", options.host.c_str(), options.port,
                 errno ? std::strerror(errno) : "bind failed");
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return 2;
  }
  const bool v6 = options.host.find(':') != std::string::npos;
  std::fprintf(out, "copydesk serve: listening on http://%s%s%s:%d (%zu rules, generation 1, %u threads)\n",
               v6 ? "[" : "", options.host.c_str(), v6 ? "]" : "", port, first.snapshot->rules.size(),
               options.threads);
  std::fflush(out);

  std::atomic<bool> listening_done{false};
  std::thread signal_thread([&] {
    while (true) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        if (!listening_done) service.reload();
        continue;
      }
      if (!listening_done) service.log(std::string("stopping (") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                                       "): finishing the requests in flight");
      // stop() acts only once the server runs: wait for listen_after_bind() to start.
      while (!server.is_running() && !listening_done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      server.stop();
      return;
    }
  });
  const bool ok = server.listen_after_bind();
  listening_done = true;
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // wakes it if no signal came
  signal_thread.join();
  // The signals stay blocked: a second SIGTERM during shutdown must not kill the process
  // on its way out.
  service.log("stopped");
  return ok ? 0 : 2;
}

}  // namespace copydesk::serve
