// The output formats of `copydesk scan`. A reporter receives the files one by one, in
// output order, and writes each as soon as it has it: nothing holds every finding.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scan_model.h"

namespace copydesk::cli {

struct ScanSummary {
  std::size_t files = 0;              // inputs seen, scanned or not
  std::size_t files_with_findings = 0;
  std::size_t files_not_scanned = 0;  // carrying an error
  std::size_t files_truncated = 0;    // whose findings max_findings cut: more were there
  std::size_t findings = 0;
  std::size_t by_severity[4] = {};    // indexed by COPYDESK_SEVERITY_*
  std::size_t suppressed_inline = 0;
  std::size_t suppressed_baseline = 0;
};

struct OutputOptions {
  bool color = false;    // ANSI colours (text format only)
  bool explain = false;  // findings carry an explanation
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const std::vector<RuleMeta>& rules) = 0;
  virtual void file(const FileResult& result) = 0;
  virtual void end(const ScanSummary& summary) = 0;
};

// "text", "json", "jsonl", "sarif", "github" or "html"; nullptr for an unknown name.
std::unique_ptr<Reporter> make_reporter(std::string_view format, std::FILE* out,
                                        const OutputOptions& options);

// Reporters, one per format (output_*.cpp).
std::unique_ptr<Reporter> make_text_reporter(std::FILE* out, const OutputOptions& options);
std::unique_ptr<Reporter> make_json_reporter(std::FILE* out, const OutputOptions& options);
std::unique_ptr<Reporter> make_jsonl_reporter(std::FILE* out, const OutputOptions& options);
std::unique_ptr<Reporter> make_sarif_reporter(std::FILE* out, const OutputOptions& options);
std::unique_ptr<Reporter> make_github_reporter(std::FILE* out, const OutputOptions& options);
std::unique_ptr<Reporter> make_html_reporter(std::FILE* out, const OutputOptions& options);

// Shared helpers.
// `s` made safe in HTML text and attributes (invalid UTF-8 and control characters as U+FFFD).
std::string escape_html(std::string_view s);
void write_all(std::FILE* out, std::string_view bytes);
// "1 error, 2 warnings, 0 info"-style counts.
std::string severity_counts(const ScanSummary& summary);
// The finding as a JSON object's members (no braces), shared by json and jsonl: the finding
// schema of docs/schema/finding.schema.json (segment fields for segments inputs only).
void append_finding_members(std::string& out, const Finding& finding, bool explain);

// `"article":{"archive":...,"id":...,"title":...,"date":...,"status":...,"line":N}` (with a
// leading comma) for an article of an archive; nothing otherwise. Shared by json and jsonl.
void append_article_member(std::string& out, const FileResult& result);
// "ARCHIVE#ID: article: \"TITLE\" (DATE, STATUS)" for people; "" for a file.
std::string article_heading(const FileResult& result);

// Where a finding is, for people: the path, or "path#ID" in a segments input (#INDEX when
// the segment has no id).
std::string segment_place(const FileResult& result, const Finding& finding);

// The texts a file's findings point into, each with its findings: the file itself, or each
// segment of a segments input that has findings (in order).
struct TextGroup {
  std::string place;          // segment_place() of its findings
  std::string kind;           // the segment kind ("" for a file)
  std::string_view content;   // the text the findings' offsets and lines point into
  std::vector<Finding> findings;
  int segment = -1;
};
std::vector<TextGroup> text_groups(const FileResult& result);

}  // namespace copydesk::cli
