#include "lsp_server.h"

#include <copydesk.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "file_uri.h"
#include "lsp_positions.h"
#include "lsp_transport.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"
#include "scan_runner.h"
#include "scan_setup.h"
#include "scan_suppressions.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// JSON-RPC 2.0 and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

// No message an LSP client sends comes near these; a hostile one stays cheap to refuse.
constexpr int kMaxJsonDepth = 64;
constexpr std::size_t kMaxJsonValues = 1'000'000;

// LSP DiagnosticSeverity and MessageType.
constexpr int kLspError = 1, kLspWarning = 2, kLspInformation = 3;

struct RequestError {
  int code;
  std::string message;
};

struct JsonLimit {
  std::string message;
};

[[noreturn]] void bad_params(const std::string& message) { throw RequestError{kInvalidParams, message}; }

const json& member(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) bad_params(where + " must be an object");
  auto it = object.find(key);
  if (it == object.end()) bad_params(where + "." + key + " is missing");
  return *it;
}

std::string string_member(const json& object, const char* key, const std::string& where) {
  const json& value = member(object, key, where);
  if (!value.is_string()) bad_params(where + "." + key + " must be a string");
  return value.get<std::string>();
}

std::int64_t integer_member(const json& object, const char* key, const std::string& where) {
  const json& value = member(object, key, where);
  if (!value.is_number_integer()) bad_params(where + "." + key + " must be an integer");
  return value.get<std::int64_t>();
}

LspPosition position_member(const json& object, const char* key, const std::string& where) {
  const json& value = member(object, key, where);
  const std::string here = where + "." + key;
  const std::int64_t line = integer_member(value, "line", here);
  const std::int64_t character = integer_member(value, "character", here);
  if (line < 0 || character < 0 || line > UINT32_MAX || character > UINT32_MAX)
    bad_params(here + " is out of range");
  return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(character)};
}

std::string dump(const json& message) { return message.dump(-1, ' ', false, json::error_handler_t::replace); }

// Parses one message body. Depth and size are bounded (nlohmann's parser itself is not
// recursive; these keep memory in proportion to what a client could mean).
std::optional<json> parse_message(const std::string& body, std::string& problem) {
  std::size_t values = 0;
  auto guard = [&](int depth, json::parse_event_t, json&) {
    if (depth > kMaxJsonDepth) throw JsonLimit{"nested more than " + std::to_string(kMaxJsonDepth) + " levels"};
    if (++values > kMaxJsonValues) throw JsonLimit{"more than " + std::to_string(kMaxJsonValues) + " values"};
    return true;
  };
  try {
    return json::parse(body, guard);
  } catch (const json::exception& e) {
    problem = e.what();
  } catch (const JsonLimit& e) {
    problem = e.message;
  }
  return std::nullopt;
}

json position_json(LspPosition p) { return {{"line", p.line}, {"character", p.character}}; }

json range_json(LspPosition start, LspPosition end) {
  return {{"start", position_json(start)}, {"end", position_json(end)}};
}

const char* encoding_name(PositionEncoding e) { return e == PositionEncoding::kUtf8 ? "utf-8" : "utf-16"; }

int lsp_severity(int severity) {
  switch (severity) {
    case COPYDESK_SEVERITY_ERROR: return kLspError;
    case COPYDESK_SEVERITY_WARNING: return kLspWarning;
    default: return kLspInformation;
  }
}

// The format of a document: its language id, else its extension, else the library decides.
InputFormat document_format(const std::string& language_id, const std::string& name) {
  if (language_id.rfind("markdown", 0) == 0) return InputFormat::markdown;
  if (language_id == "html" || language_id == "xhtml") return InputFormat::html;
  if (language_id == "plaintext" || language_id == "text") return InputFormat::text;
  return format_from_extension(name);
}

std::string replace_all(std::string s, std::string_view from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// Where a rule's code links (LspOptions::docs_url).
std::string rule_link(const std::string& docs_url, const RuleMeta& rule) {
  if (docs_url.empty()) {
    if (rule.source.empty()) return {};
    std::error_code ec;
    return path_to_uri(fs::absolute(rule.source, ec).lexically_normal().string());
  }
  const bool templated = docs_url.find('{') != std::string::npos;
  if (!templated) return docs_url + path_to_uri(rule.id);
  std::string url = replace_all(docs_url, "{rule}", path_to_uri(rule.id));
  url = replace_all(url, "{pack}", path_to_uri(rule.id.substr(0, rule.id.find('.'))));
  return replace_all(url, "{category}", path_to_uri(rule.category));
}

struct Published {
  std::string rule;
  std::uint32_t start_line, end_line;
  json diagnostic;
};

struct Document {
  std::int64_t version = 0;
  std::shared_ptr<const std::string> text;
  InputFormat format = InputFormat::automatic;
  std::optional<std::string> path;  // for file:// documents
  bool dirty = false;               // to be scanned at `due`
  Clock::time_point due;
  // The last diagnostics published, for code actions asked without them.
  std::shared_ptr<const std::string> published_text;
  std::vector<Published> published;
};

// One scan of one document version, taken by the scan thread.
struct ScanJob {
  std::string uri;
  std::int64_t version;
  std::shared_ptr<const std::string> text;
  InputFormat format;
  std::optional<std::string> path;
  PositionEncoding encoding;
};

// The settings of one copydesk.toml (or none), kept while the file stays the same.
struct CachedSetup {
  fs::file_time_type mtime{};
  std::uintmax_t size = 0;
  std::optional<ScanSetup> setup;
  std::string problems;  // what reading the config and loading the rules printed
  std::unique_ptr<copydesk_scanner, void (*)(copydesk_scanner*)> scanner{nullptr, copydesk_scanner_free};
  RunSettings settings;
  std::map<std::string, const RuleMeta*> rules;
};

class Server {
 public:
  Server(const LspOptions& options, int out_fd, std::FILE* log)
      : options_(options), log_(log), writer_(out_fd), worker_([this] { scan_loop(); }) {}

  ~Server() {
    if (worker_.joinable()) finish(1);  // left by an exception
  }

  int run(MessageReader& reader) {
    while (true) {
      MessageReader::Result in = reader.next();
      switch (in.kind) {
        case MessageReader::Kind::kEnd:
          if (!in.problem.empty()) log(in.problem);
          return finish(shutdown_ ? 0 : 1);
        case MessageReader::Kind::kBadFraming:
          log(in.problem);
          send_error(nullptr, kParseError, "bad message framing: " + in.problem);
          continue;
        case MessageReader::Kind::kTooLarge:
          log(in.problem);
          send_error(nullptr, kInvalidRequest, in.problem);
          continue;
        case MessageReader::Kind::kMessage:
          if (!in.problem.empty()) log(in.problem);
          break;
      }
      std::string problem;
      std::optional<json> message = parse_message(in.body, problem);
      if (!message) {
        log("invalid JSON: " + problem);
        send_error(nullptr, kParseError, "invalid JSON: " + problem);
        continue;
      }
      dispatch(*message);
      if (exit_) return finish(shutdown_ ? 0 : 1);
    }
  }

 private:
  void log(const std::string& message) { std::fprintf(log_, "copydesk lsp: %s\n", message.c_str()); }

  void send(const json& message) { writer_.send(dump(message)); }

  void send_error(const json& id, int code, const std::string& message) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

  void notify(const char* method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }

  int finish(int status) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
    writer_.finish();
    return status;
  }

  // ------------------------------------------------------------------ messages

  void dispatch(const json& message) {
    if (message.is_array()) {
      send_error(nullptr, kInvalidRequest, "batches are not part of LSP: send one message at a time");
      return;
    }
    if (!message.is_object()) {
      send_error(nullptr, kInvalidRequest, "a message must be a JSON object");
      return;
    }
    const auto id_it = message.find("id");
    const bool has_id = id_it != message.end();
    json id = has_id ? *id_it : json(nullptr);
    if (has_id && !id.is_string() && !id.is_number_integer()) {
      send_error(nullptr, kInvalidRequest, "id must be an integer or a string");
      return;
    }
    const auto version = message.find("jsonrpc");
    if (version == message.end() || *version != "2.0") {
      send_error(id, kInvalidRequest, "jsonrpc must be \"2.0\"");
      return;
    }
    const auto method_it = message.find("method");
    if (method_it == message.end()) {
      if (has_id && (message.contains("result") || message.contains("error"))) return;  // a reply: we ask nothing
      send_error(id, kInvalidRequest, "a request or notification needs a method");
      return;
    }
    if (!method_it->is_string()) {
      send_error(id, kInvalidRequest, "method must be a string");
      return;
    }
    const std::string method = method_it->get<std::string>();
    const auto params_it = message.find("params");
    const json params = params_it == message.end() ? json::object() : *params_it;
    if (!params.is_object() && !params.is_array()) {
      send_error(id, kInvalidRequest, "params must be an object or an array");
      return;
    }
    try {
      if (has_id) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"result", request(method, params)}});
      } else {
        notification(method, params);
      }
    } catch (const RequestError& e) {
      if (has_id) send_error(id, e.code, e.message);
      else log(method + ": " + e.message);
    } catch (const std::exception& e) {
      if (has_id) send_error(id, kInternalError, std::string("internal error: ") + e.what());
      else log(method + ": internal error: " + e.what());
    }
  }

  json request(const std::string& method, const json& params) {
    if (method == "initialize") {
      if (initialized_) throw RequestError{kInvalidRequest, "initialize was already called"};
      return initialize(params);
    }
    if (!initialized_) throw RequestError{kServerNotInitialized, "initialize first"};
    if (shutdown_) throw RequestError{kInvalidRequest, "the server is shutting down"};
    if (method == "shutdown") {
      shutdown_ = true;
      {
        std::lock_guard lock(mutex_);
        stop_ = true;  // no more scans
      }
      wake_.notify_all();
      return nullptr;
    }
    if (method == "textDocument/codeAction") return code_actions(params);
    throw RequestError{kMethodNotFound, "unknown method '" + method.substr(0, 100) + "'"};
  }

  void notification(const std::string& method, const json& params) {
    if (method == "exit") {
      exit_ = true;
      return;
    }
    if (!initialized_ || shutdown_) return;  // LSP: dropped
    if (method == "textDocument/didOpen") return open(params);
    if (method == "textDocument/didChange") return change(params);
    if (method == "textDocument/didClose") return close(params);
    if (method == "workspace/didChangeConfiguration") return reload();
    // Others ($/cancelRequest, didSave, ...) need nothing: every answer is immediate.
  }

  json initialize(const json& params) {
    if (!params.is_object()) bad_params("params must be an object");
    const json capabilities = params.value("capabilities", json::object());
    auto offered = [&](const json::json_pointer& where) {
      return capabilities.contains(where) && capabilities[where].is_array();
    };
    auto offers_utf8 = [&](const json::json_pointer& where) {
      if (!offered(where)) return false;
      for (const json& e : capabilities[where])
        if (e == "utf-8") return true;
      return false;
    };
    // LSP 3.17 general.positionEncodings, or clangd's offsetEncoding (older clients).
    const json::json_pointer standard("/general/positionEncodings"), clangd("/offsetEncoding");
    const PositionEncoding encoding =
        offers_utf8(standard) || offers_utf8(clangd) ? PositionEncoding::kUtf8 : PositionEncoding::kUtf16;
    const json::json_pointer document_changes("/workspace/workspaceEdit/documentChanges");
    document_changes_ = capabilities.contains(document_changes) && capabilities[document_changes] == true;

    // Documents that are not files find their copydesk.toml from the workspace root.
    std::optional<std::string> root;
    if (auto uri = params.find("rootUri"); uri != params.end() && uri->is_string()) root = uri_to_path(uri->get<std::string>());
    if (!root)
      if (auto path = params.find("rootPath"); path != params.end() && path->is_string()) root = path->get<std::string>();
    if (!root) {
      const json::json_pointer first("/workspaceFolders/0/uri");
      if (params.contains(first) && params[first].is_string()) root = uri_to_path(params[first].get<std::string>());
    }
    {
      std::lock_guard lock(mutex_);
      encoding_ = encoding;
      std::error_code ec;
      root_ = root ? fs::path(*root) : fs::current_path(ec);
    }
    initialized_ = true;

    json result = {
        {"capabilities",
         {{"positionEncoding", encoding_name(encoding)},
          {"textDocumentSync", {{"openClose", true}, {"change", 1}}},  // full text on each change
          {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
        {"serverInfo", {{"name", "copydesk"}, {"version", COPYDESK_VERSION_STRING}}}};
    if (offered(clangd)) result["offsetEncoding"] = encoding_name(encoding);
    return result;
  }

  void open(const json& params) {
    const json& item = member(params, "textDocument", "params");
    const std::string uri = string_member(item, "uri", "textDocument");
    Document doc;
    doc.text = std::make_shared<const std::string>(string_member(item, "text", "textDocument"));
    doc.version = item.contains("version") ? integer_member(item, "version", "textDocument") : 0;
    doc.path = uri_to_path(uri);
    const std::string language = item.contains("languageId") ? string_member(item, "languageId", "textDocument") : "";
    doc.format = document_format(language, doc.path ? *doc.path : uri);
    doc.dirty = true;
    doc.due = Clock::now();  // no wait on open
    {
      std::lock_guard lock(mutex_);
      documents_[uri] = std::move(doc);
    }
    wake_.notify_all();
  }

  void change(const json& params) {
    const json& item = member(params, "textDocument", "params");
    const std::string uri = string_member(item, "uri", "textDocument");
    const json& version = member(item, "version", "textDocument");
    if (!version.is_number_integer() && !version.is_null()) bad_params("textDocument.version must be an integer");
    const json& changes = member(params, "contentChanges", "params");
    if (!changes.is_array()) bad_params("params.contentChanges must be an array");
    std::shared_ptr<const std::string> current;
    PositionEncoding encoding;
    {
      std::lock_guard lock(mutex_);
      auto it = documents_.find(uri);
      if (it == documents_.end()) bad_params("didChange of a document that is not open: " + uri.substr(0, 200));
      current = it->second.text;
      encoding = encoding_;
    }
    // Full text (what we ask for), or ranges applied in order (what some clients send anyway).
    std::optional<std::string> edited;
    for (const json& c : changes) {
      std::string replacement = string_member(c, "text", "contentChanges[]");
      if (!c.contains("range")) {
        edited = std::move(replacement);
        continue;
      }
      if (!edited) edited = *current;
      std::string& text = *edited;
      const json& range = member(c, "range", "contentChanges[]");
      LineTable lines(text);
      const std::size_t start = lines.offset(position_member(range, "start", "range"), encoding);
      const std::size_t end = lines.offset(position_member(range, "end", "range"), encoding);
      if (end < start) bad_params("contentChanges[].range ends before it starts");
      text.replace(start, end - start, replacement);
    }
    {
      std::lock_guard lock(mutex_);
      auto it = documents_.find(uri);
      if (it == documents_.end()) return;
      Document& doc = it->second;
      if (edited) doc.text = std::make_shared<const std::string>(std::move(*edited));
      if (version.is_number_integer()) doc.version = version.get<std::int64_t>();
      else ++doc.version;
      doc.dirty = true;
      doc.due = Clock::now() + options_.debounce;
    }
    wake_.notify_all();
  }

  void close(const json& params) {
    const std::string uri = string_member(member(params, "textDocument", "params"), "uri", "textDocument");
    std::lock_guard lock(mutex_);
    if (documents_.erase(uri)) notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
  }

  // Settings changed somewhere: read copydesk.toml and the rules again, check everything again.
  void reload() {
    {
      std::lock_guard lock(mutex_);
      reload_ = true;
      for (auto& [uri, doc] : documents_) {
        doc.dirty = true;
        doc.due = Clock::now();
      }
    }
    wake_.notify_all();
  }

  // ------------------------------------------------------------------ code actions

  json code_actions(const json& params) {
    const std::string uri = string_member(member(params, "textDocument", "params"), "uri", "textDocument");
    const json& range = member(params, "range", "params");
    const LspPosition from = position_member(range, "start", "range");
    const LspPosition to = position_member(range, "end", "range");
    const json& context = member(params, "context", "params");
    if (!context.is_object()) bad_params("params.context must be an object");
    if (auto only = context.find("only"); only != context.end() && only->is_array()) {
      if (std::none_of(only->begin(), only->end(), [](const json& k) { return k == "quickfix"; }))
        return json::array();
    }

    std::shared_ptr<const std::string> text;
    InputFormat format;
    std::int64_t version;
    PositionEncoding encoding;
    std::vector<Published> published;
    {
      std::lock_guard lock(mutex_);
      auto it = documents_.find(uri);
      if (it == documents_.end()) return json::array();
      text = it->second.text;
      format = it->second.format;
      version = it->second.version;
      encoding = encoding_;
      if (it->second.published_text == text) published = it->second.published;
    }
    if (format == InputFormat::text) return json::array();  // plain text has no comments

    // The client's diagnostics in the range, else ours.
    std::vector<Published> targets;
    if (auto given = context.find("diagnostics"); given != context.end() && given->is_array()) {
      for (const json& d : *given) {
        if (!d.is_object() || d.value("source", json()) != "copydesk" || !d.contains("code") || !d["code"].is_string())
          continue;
        const json::json_pointer line("/range/start/line");
        if (!d.contains(line) || !d[line].is_number_unsigned()) continue;
        const auto start_line = static_cast<std::uint32_t>(std::min<std::uint64_t>(d[line].get<std::uint64_t>(), UINT32_MAX));
        targets.push_back({d["code"].get<std::string>(), start_line, start_line, d});
      }
    }
    if (targets.empty()) {
      for (const Published& p : published)
        if (p.start_line <= to.line && p.end_line >= from.line) targets.push_back(p);
    }

    const LineTable lines(*text);
    json actions = json::array();
    std::set<std::pair<std::string, std::uint32_t>> on_line;
    std::set<std::string> in_document;
    auto action = [&](const std::string& title, const Published& target, const SuppressionEdit& edit) {
      const LspPosition at = lines.position(edit.offset, encoding);
      json text_edit = {{"range", range_json(at, at)}, {"newText", edit.text}};
      json workspace_edit;
      if (document_changes_) {
        workspace_edit["documentChanges"] = {
            {{"textDocument", {{"uri", uri}, {"version", version}}}, {"edits", {text_edit}}}};
      } else {
        workspace_edit["changes"] = {{uri, {text_edit}}};
      }
      actions.push_back({{"title", title},
                         {"kind", "quickfix"},
                         {"diagnostics", {target.diagnostic}},
                         {"edit", std::move(workspace_edit)}});
    };
    for (const Published& t : targets) {
      if (on_line.insert({t.rule, t.start_line}).second)
        action("Suppress " + t.rule + " on this line (copydesk)", t,
               suppress_on_line(*text, lines, t.start_line, t.rule, format));
    }
    for (const Published& t : targets) {
      if (in_document.insert(t.rule).second)
        action("Suppress " + t.rule + " in this document (copydesk)", t,
               suppress_in_document(*text, lines, t.rule, format));
    }
    return actions;
  }

  // ------------------------------------------------------------------ scanning

  void scan_loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      auto next = documents_.end();
      for (auto it = documents_.begin(); it != documents_.end(); ++it)
        if (it->second.dirty && (next == documents_.end() || it->second.due < next->second.due)) next = it;
      if (next == documents_.end()) {
        wake_.wait(lock);
        continue;
      }
      if (next->second.due > Clock::now()) {
        wake_.wait_until(lock, next->second.due);
        continue;
      }
      Document& doc = next->second;
      doc.dirty = false;
      ScanJob job{next->first, doc.version, doc.text, doc.format, doc.path, encoding_};
      const bool reload = std::exchange(reload_, false);
      lock.unlock();
      if (reload) setups_.clear();
      std::vector<Published> diagnostics;
      try {
        diagnostics = check(job);
      } catch (const std::exception& e) {
        diagnostics = {document_problem(std::string("copydesk could not check this document: internal error: ") + e.what())};
      }
      lock.lock();
      auto it = documents_.find(job.uri);
      if (stop_ || it == documents_.end() || it->second.text != job.text) continue;  // superseded
      json list = json::array();
      for (const Published& p : diagnostics) list.push_back(p.diagnostic);
      notify("textDocument/publishDiagnostics", {{"uri", job.uri}, {"version", job.version}, {"diagnostics", std::move(list)}});
      it->second.published_text = job.text;
      it->second.published = std::move(diagnostics);
    }
  }

  CachedSetup& setup_for(const fs::path& start) {
    const fs::path file = applicable_config(options_.flags, start);
    std::error_code ec;
    const fs::file_time_type mtime = file.empty() ? fs::file_time_type{} : fs::last_write_time(file, ec);
    const std::uintmax_t size = file.empty() || ec ? 0 : fs::file_size(file, ec);
    auto found = setups_.find(file.string());
    if (found != setups_.end() && found->second.mtime == mtime && found->second.size == size) return found->second;

    CachedSetup& entry = setups_[file.string()];
    entry = CachedSetup{};
    entry.mtime = mtime;
    entry.size = size;
    char* buffer = nullptr;
    std::size_t length = 0;
    std::FILE* capture = open_memstream(&buffer, &length);
    std::FILE* err = capture ? capture : log_;
    std::optional<ScanConfig> config;
    if (read_config(file, options_.flags.has(Opt::kConfig), config, err))
      entry.setup = resolve_scan_setup(kCmdLsp, "copydesk lsp", options_.flags, config ? &*config : nullptr, err);
    if (capture) {
      std::fclose(capture);
      entry.problems.assign(buffer, length);
      std::free(buffer);
    }
    while (!entry.problems.empty() && entry.problems.back() == '\n') entry.problems.pop_back();
    if (entry.setup) {
      copydesk_scanner* scanner = nullptr;
      if (copydesk_scanner_new(&scanner, entry.setup->ruleset.get()) != COPYDESK_OK) {
        entry.problems += std::string(entry.problems.empty() ? "" : "\n") + "cannot create a scanner: " + copydesk_last_error();
        entry.setup.reset();
      } else {
        entry.scanner.reset(scanner);
        entry.settings = run_settings(*entry.setup);
        for (const RuleMeta& rule : entry.setup->rules) entry.rules[rule.id] = &rule;
      }
    }
    if (!entry.problems.empty()) {
      log(entry.problems);
      // Shown once per distinct problem; warnings (about rules the user chose) only logged.
      if (!entry.setup && shown_problems_.insert(entry.problems).second)
        notify("window/showMessage", {{"type", kLspError}, {"message", "copydesk: " + entry.problems}});
      else if (entry.setup)
        notify("window/logMessage", {{"type", kLspWarning}, {"message", "copydesk: " + entry.problems}});
    }
    return entry;
  }

  // A problem with the whole document (it was not checked), shown at its start.
  static Published document_problem(const std::string& message) {
    return {"", 0, 0, {{"range", range_json({0, 0}, {0, 0})}, {"severity", kLspError}, {"source", "copydesk"},
                       {"message", message}}};
  }

  std::vector<Published> check(const ScanJob& job) {
    std::vector<Published> out;
    const fs::path start = job.path ? fs::path(*job.path).parent_path() : root_;
    CachedSetup& setup = setup_for(start);
    if (!setup.setup) return {document_problem("copydesk could not check this document:\n" + setup.problems)};

    FileResult result;
    result.content = *job.text;
    result.format = job.format;
    scan_content(result, setup.scanner.get(), setup.settings);
    if (!result.error.empty()) return {document_problem("copydesk could not check this document: " + result.error)};

    const LineTable lines(*job.text);
    for (const Finding& f : result.findings) {
      const LspPosition start_at = lines.position(f.start, f.start_utf16, job.encoding);
      const LspPosition end_at = lines.position(f.end, f.end_utf16, job.encoding);
      json d = {{"range", range_json(start_at, end_at)},
                {"severity", lsp_severity(f.severity)},
                {"code", f.rule},
                {"source", "copydesk"},
                {"message", f.message},
                {"data", {{"category", f.category}, {"fingerprint", f.fingerprint}}}};
      if (auto rule = setup.rules.find(f.rule); rule != setup.rules.end())
        if (std::string href = rule_link(options_.docs_url, *rule->second); !href.empty())
          d["codeDescription"] = {{"href", href}};
      out.push_back({f.rule, start_at.line, end_at.line, std::move(d)});
    }
    // Mistakes in suppression comments ("line N: ..."), on their line.
    for (const std::string& warning : result.warnings) {
      std::uint32_t line = 0;
      std::string message = warning;
      if (warning.rfind("line ", 0) == 0) {
        const std::size_t colon = warning.find(": ");
        line = static_cast<std::uint32_t>(std::strtoul(warning.c_str() + 5, nullptr, 10));
        if (colon != std::string::npos) message = warning.substr(colon + 2);
        line = line > 0 ? line - 1 : 0;
      }
      line = std::min(line, lines.line_count() - 1);
      const LspPosition a{line, 0};
      const LspPosition b = lines.position(lines.line_end(line), job.encoding);
      json d = {{"range", range_json(a, b)}, {"severity", kLspWarning}, {"source", "copydesk"}, {"message", message}};
      out.push_back({"", line, line, std::move(d)});
    }
    return out;
  }

  const LspOptions& options_;
  std::FILE* log_;
  MessageWriter writer_;

  // The reading thread's own.
  bool initialized_ = false, shutdown_ = false, exit_ = false;
  bool document_changes_ = false;

  // Shared, under mutex_.
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Document> documents_;
  PositionEncoding encoding_ = PositionEncoding::kUtf16;
  fs::path root_;
  bool stop_ = false, reload_ = false;

  // The scan thread's own.
  std::map<std::string, CachedSetup> setups_;
  std::set<std::string> shown_problems_;

  std::thread worker_;  // last: starts once everything above exists
};

}  // namespace

int serve_lsp(const LspOptions& options, int in_fd, int out_fd, std::FILE* log) {
  MessageReader reader(in_fd, options.max_message_bytes);
  Server server(options, out_fd, log);
  return server.run(reader);
}

}  // namespace copydesk::cli
