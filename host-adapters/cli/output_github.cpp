// --format github: GitHub Actions workflow commands, which GitHub shows as annotations:
//   ::warning file=articles/a.md,line=3,col=17,endLine=3,endColumn=29,title=attribution.vague::Vague source
// Escaping as GitHub's toolkit does: in the message %, CR and LF become %25, %0D, %0A; in
// property values ':' and ',' also become %3A and %2C.
#include <copydesk.h>

#include "output_reporter.h"
#include "scan_utf8.h"

namespace copydesk::cli {

namespace {

std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : valid_utf8(s)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

const char* command_for(int severity) {
  switch (severity) {
    case COPYDESK_SEVERITY_ERROR: return "error";
    case COPYDESK_SEVERITY_WARNING: return "warning";
    default: return "notice";
  }
}

class GithubReporter final : public Reporter {
 public:
  explicit GithubReporter(std::FILE* out) : out_(out) {}

  void begin(const std::vector<RuleMeta>&) override {}

  void file(const FileResult& result) override {
    std::string s;
    const std::string file = escape_property(result.path);
    if (!result.error.empty())
      s += "::error file=" + file + ",title=copydesk::" + escape_data(result.error) + "\n";
    for (const std::string& warning : result.warnings)
      s += "::warning file=" + file + ",title=copydesk::" + escape_data(warning) + "\n";
    for (const Finding& f : result.findings) {
      if (f.segment >= 0) {
        // Lines of a segment are not lines of the JSON file: the place goes in the message.
        s += std::string("::") + command_for(f.severity) + " file=" + file + ",title=" + escape_property(f.rule) +
             "::" + escape_data(f.message + " (" + segment_place(result, f) + ":" + std::to_string(f.line) + ":" +
                                std::to_string(f.column) + ")") + "\n";
        continue;
      }
      s += std::string("::") + command_for(f.severity) + " file=" + file +
           ",line=" + std::to_string(f.line) + ",col=" + std::to_string(f.column) +
           ",endLine=" + std::to_string(f.end_line) + ",endColumn=" + std::to_string(f.end_column) +
           ",title=" + escape_property(f.rule) + "::" + escape_data(f.message) + "\n";
    }
    write_all(out_, s);
  }

  void end(const ScanSummary&) override {}

 private:
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(std::FILE* out, const OutputOptions&) {
  return std::make_unique<GithubReporter>(out);
}

}  // namespace copydesk::cli
