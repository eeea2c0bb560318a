// --format sarif: SARIF 2.1.0, one run. Rules carry their metadata (title, description,
// references, default level); results carry a region (code-point columns, byte offsets)
// and partialFingerprints["copydesk/v1"], the baseline fingerprint. Files that could not be
// scanned, and file warnings, are tool execution notifications.
#include <copydesk.h>

#include <map>

#include "file_uri.h"
#include "output_json_writer.h"
#include "output_reporter.h"

namespace copydesk::cli {

namespace {

const char* level_for(int severity) {
  switch (severity) {
    case COPYDESK_SEVERITY_ERROR: return "error";
    case COPYDESK_SEVERITY_WARNING: return "warning";
    default: return "note";
  }
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (begin <= s.size()) {
    std::size_t end = s.find(sep, begin);
    if (end == std::string::npos) end = s.size();
    std::string part = s.substr(begin, end - begin);
    while (!part.empty() && (part.front() == ' ')) part.erase(0, 1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\r')) part.pop_back();
    if (!part.empty()) parts.push_back(part);
    begin = end + 1;
  }
  return parts;
}

class SarifReporter final : public Reporter {
 public:
  SarifReporter(std::FILE* out, const OutputOptions& options) : out_(out), options_(options) {}

  void begin(const std::vector<RuleMeta>& rules) override {
    std::string s;
    JsonWriter w(s);
    w.begin_object();
    w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
    w.key("version").value("2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.key("name").value("copydesk");
    w.key("version").value(COPYDESK_VERSION_STRING);
    w.key("semanticVersion").value(COPYDESK_VERSION_STRING);
    w.key("rules").begin_array();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const RuleMeta& rule = rules[i];
      rule_index_[rule.id] = i;
      const std::string title = rule.title.empty() ? rule.id : rule.title;
      std::string help = rule.description.empty() ? title : rule.description;
      std::vector<std::string> references = split(rule.references, '\n');
      if (!references.empty()) {
        help += "\n\nReferences:";
        for (const std::string& ref : references) help += "\n- " + ref;
      }
      s += "\n";
      w.begin_object();
      w.key("id").value(rule.id);
      w.key("shortDescription").begin_object().key("text").value(title).end_object();
      w.key("fullDescription").begin_object()
          .key("text").value(rule.description.empty() ? title : rule.description).end_object();
      w.key("help").begin_object().key("text").value(help).end_object();
      w.key("defaultConfiguration").begin_object().key("level").value(level_for(rule.severity))
          .end_object();
      w.key("properties").begin_object();
      w.key("category").value(rule.category);
      w.key("tags").begin_array().value(rule.category).end_array();
      w.key("languages").begin_array();
      for (const std::string& language : split(rule.languages, ',')) w.value(language);
      w.end_array();
      if (!references.empty()) {
        w.key("references").begin_array();
        for (const std::string& ref : references) w.value(ref);
        w.end_array();
      }
      if (!rule.source.empty()) w.key("source").value(rule.source);
      w.end_object();
      w.end_object();
    }
    w.end_array();
    w.end_object().end_object();
    w.key("columnKind").value("unicodeCodePoints");
    s += ",\"results\":[";
    write_all(out_, s);
  }

  void file(const FileResult& result) override {
    const std::string uri = path_to_uri(result.path);
    if (!result.error.empty()) {
      notify(uri, "error", result.error);
      successful_ = false;
    }
    for (const std::string& warning : result.warnings) notify(uri, "warning", warning);
    std::string s;
    for (const Finding& f : result.findings) {
      s += first_result_ ? "\n" : ",\n";
      first_result_ = false;
      JsonWriter w(s);
      w.begin_object();
      w.key("ruleId").value(f.rule);
      if (auto it = rule_index_.find(f.rule); it != rule_index_.end())
        w.key("ruleIndex").value(std::uint64_t{it->second});
      w.key("level").value(level_for(f.severity));
      w.key("message").begin_object().key("text").value(f.message).end_object();
      w.key("locations").begin_array().begin_object();
      w.key("physicalLocation").begin_object();
      w.key("artifactLocation").begin_object().key("uri").value(uri).end_object();
      if (f.segment < 0) {
        w.key("region").begin_object();
        w.key("startLine").value(std::max<std::uint32_t>(f.line, 1));
        w.key("startColumn").value(std::max<std::uint32_t>(f.column, 1));
        w.key("endLine").value(std::max<std::uint32_t>(f.end_line, std::max<std::uint32_t>(f.line, 1)));
        w.key("endColumn").value(std::max<std::uint32_t>(f.end_column, 1));
        w.key("byteOffset").value(f.start);
        w.key("byteLength").value(f.end - f.start);
        w.key("snippet").begin_object().key("text").value(f.text).end_object();
        w.end_object();
      }
      w.end_object();
      if (f.segment >= 0) {
        // A segment's offsets are not offsets into the JSON file: the segment is a logical
        // location, and its own offsets are properties of the result.
        const std::string element = "segments[" + std::to_string(f.segment) + "]";
        w.key("logicalLocations").begin_array().begin_object();
        w.key("name").value(f.segment_id.empty() ? element : f.segment_id);
        w.key("fullyQualifiedName").value(element);
        w.key("kind").value("element");
        w.end_object().end_array();
      }
      w.end_object().end_array();
      w.key("partialFingerprints").begin_object().key("copydesk/v1").value(f.fingerprint).end_object();
      w.key("properties").begin_object();
      w.key("category").value(f.category);
      w.key("folded").value(f.folded);
      if (f.segment >= 0) {
        w.key("segment").value(static_cast<std::uint64_t>(f.segment));
        w.key("segment_id").value(f.segment_id);
        w.key("segment_kind").value(f.segment_kind);
        w.key("line").value(f.line);
        w.key("column").value(f.column);
        w.key("start").value(f.start);
        w.key("end").value(f.end);
        w.key("text").value(f.text);
      }
      if (options_.explain) w.key("explain").value(f.explain);
      w.end_object();
      w.end_object();
    }
    write_all(out_, s);
  }

  void end(const ScanSummary&) override {
    std::string s = first_result_ ? "]" : "\n]";
    s += ",\"invocations\":[{\"executionSuccessful\":";
    s += successful_ ? "true" : "false";
    s += ",\"toolExecutionNotifications\":[";
    s += notifications_;
    s += "]}]}]}\n";
    write_all(out_, s);
  }

 private:
  void notify(const std::string& uri, const char* level, const std::string& message) {
    if (!notifications_.empty()) notifications_ += ',';
    JsonWriter w(notifications_);
    w.begin_object();
    w.key("level").value(level);
    w.key("message").begin_object().key("text").value(message).end_object();
    w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object()
        .key("artifactLocation").begin_object().key("uri").value(uri).end_object()
        .end_object().end_object().end_array();
    w.end_object();
  }

  std::FILE* out_;
  OutputOptions options_;
  std::map<std::string, std::size_t> rule_index_;
  std::string notifications_;  // only files with errors or warnings: small
  bool first_result_ = true;
  bool successful_ = true;
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(std::FILE* out, const OutputOptions& options) {
  return std::make_unique<SarifReporter>(out, options);
}

}  // namespace copydesk::cli
