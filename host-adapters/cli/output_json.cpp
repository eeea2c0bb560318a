// --format json (one document, one file object a line) and --format jsonl (one finding a line).
#include <copydesk.h>

#include "output_json_writer.h"
#include "output_reporter.h"
#include "scan_inputs.h"

namespace copydesk::cli {

namespace {

class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::FILE* out, const OutputOptions& options) : out_(out), options_(options) {}

  void begin(const std::vector<RuleMeta>&) override {
    std::string s;
    JsonWriter w(s);
    w.begin_object();
    w.key("tool").begin_object().key("name").value("copydesk");
    w.key("version").value(COPYDESK_VERSION_STRING).end_object();
    s += ",\"files\":[";
    write_all(out_, s);
  }

  void file(const FileResult& result) override {
    std::string s = first_ ? "\n" : ",\n";
    first_ = false;
    JsonWriter w(s);
    w.begin_object();
    w.key("path").value(result.path);
    append_article_member(s, result);
    if (!result.error.empty()) {
      w.key("error").value(result.error);
    } else {
      w.key("format").value(input_format_name(result.format));
      w.key("findings").begin_array();
      for (const Finding& finding : result.findings) {
        w.begin_object();
        append_finding_members(s, finding, options_.explain);
        w.end_object();
      }
      w.end_array();
    }
    w.key("warnings").begin_array();
    for (const std::string& warning : result.warnings) w.value(warning);
    w.end_array();
    if (result.suppressed_inline) w.key("suppressed").value(std::uint64_t{result.suppressed_inline});
    if (result.suppressed_baseline)
      w.key("baselined").value(std::uint64_t{result.suppressed_baseline});
    w.end_object();
    write_all(out_, s);
  }

  void end(const ScanSummary& summary) override {
    std::string s = first_ ? "]" : "\n]";
    s += ",\"summary\":";
    JsonWriter w(s);
    w.begin_object();
    w.key("files").value(std::uint64_t{summary.files});
    w.key("files_with_findings").value(std::uint64_t{summary.files_with_findings});
    w.key("files_not_scanned").value(std::uint64_t{summary.files_not_scanned});
    w.key("files_truncated").value(std::uint64_t{summary.files_truncated});
    w.key("findings").value(std::uint64_t{summary.findings});
    w.key("by_severity").begin_object();
    w.key("error").value(std::uint64_t{summary.by_severity[COPYDESK_SEVERITY_ERROR]});
    w.key("warning").value(std::uint64_t{summary.by_severity[COPYDESK_SEVERITY_WARNING]});
    w.key("info").value(std::uint64_t{summary.by_severity[COPYDESK_SEVERITY_INFO]});
    w.end_object();
    w.key("suppressed").value(std::uint64_t{summary.suppressed_inline});
    w.key("baselined").value(std::uint64_t{summary.suppressed_baseline});
    w.end_object();
    s += "}\n";
    write_all(out_, s);
  }

 private:
  std::FILE* out_;
  OutputOptions options_;
  bool first_ = true;
};

class JsonlReporter final : public Reporter {
 public:
  JsonlReporter(std::FILE* out, const OutputOptions& options) : out_(out), options_(options) {}

  void begin(const std::vector<RuleMeta>&) override {}

  void file(const FileResult& result) override {
    std::string s;
    auto line = [&](const char* key, const std::string& value) {
      JsonWriter w(s);
      w.begin_object().key("path").value(result.path).key(key).value(value).end_object();
      s += '\n';
    };
    if (!result.error.empty()) line("error", result.error);
    for (const std::string& warning : result.warnings) line("warning", warning);
    for (const Finding& finding : result.findings) {
      JsonWriter w(s);
      w.begin_object().key("path").value(result.path);
      append_article_member(s, result);
      s += ',';
      append_finding_members(s, finding, options_.explain);
      w.end_object();
      s += '\n';
    }
    write_all(out_, s);
  }

  void end(const ScanSummary&) override {}

 private:
  std::FILE* out_;
  OutputOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::FILE* out, const OutputOptions& options) {
  return std::make_unique<JsonReporter>(out, options);
}

std::unique_ptr<Reporter> make_jsonl_reporter(std::FILE* out, const OutputOptions& options) {
  return std::make_unique<JsonlReporter>(out, options);
}

}  // namespace copydesk::cli
