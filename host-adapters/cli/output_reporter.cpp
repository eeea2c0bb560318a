#include "output_reporter.h"

#include <copydesk.h>

#include "output_json_writer.h"
#include "ruleset_loader.h"

namespace copydesk::cli {

std::unique_ptr<Reporter> make_reporter(std::string_view format, std::FILE* out,
                                        const OutputOptions& options) {
  if (format == "text") return make_text_reporter(out, options);
  if (format == "json") return make_json_reporter(out, options);
  if (format == "jsonl") return make_jsonl_reporter(out, options);
  if (format == "sarif") return make_sarif_reporter(out, options);
  if (format == "github") return make_github_reporter(out, options);
  if (format == "html") return make_html_reporter(out, options);
  return nullptr;
}

void write_all(std::FILE* out, std::string_view bytes) {
  if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), out);
}

std::string severity_counts(const ScanSummary& summary) {
  auto plural = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  return plural(summary.by_severity[COPYDESK_SEVERITY_ERROR], "error", "errors") + ", " +
         plural(summary.by_severity[COPYDESK_SEVERITY_WARNING], "warning", "warnings") + ", " +
         std::to_string(summary.by_severity[COPYDESK_SEVERITY_INFO]) + " info";
}

void append_article_member(std::string& out, const FileResult& result) {
  if (!result.is_article) return;
  const ArchiveArticle& a = result.article;
  out += ',';
  JsonWriter w(out);
  w.key("article").begin_object();
  w.key("archive").value(a.archive);
  w.key("id").value(a.id);
  w.key("title").value(a.title);
  w.key("date").value(a.date);
  if (!a.status.empty()) w.key("status").value(a.status);
  if (!a.language.empty()) w.key("language").value(a.language);
  if (!a.url.empty()) w.key("url").value(a.url);
  w.key("line").value(a.line);
  w.end_object();
}

std::string article_heading(const FileResult& result) {
  if (!result.is_article) return {};
  const ArchiveArticle& a = result.article;
  std::string s = result.path + ": article";
  if (!a.title.empty()) s += ": \"" + a.title + "\"";
  std::string details = a.date;
  if (!a.status.empty()) details += (details.empty() ? "" : ", ") + a.status;
  details += (details.empty() ? "line " : ", line ") + std::to_string(a.line);
  return s + " (" + details + ")";
}

std::string segment_place(const FileResult& result, const Finding& f) {
  if (f.segment < 0) return result.path;
  return result.path + "#" + (f.segment_id.empty() ? std::to_string(f.segment) : f.segment_id);
}

std::vector<TextGroup> text_groups(const FileResult& result) {
  std::vector<TextGroup> groups;
  if (result.segments.empty()) {
    if (!result.findings.empty()) groups.push_back({result.path, "", result.content, result.findings});
    return groups;
  }
  for (const Finding& f : result.findings) {
    if (groups.empty() || groups.back().segment != f.segment) {
      const SegmentText& seg = result.segments[static_cast<std::size_t>(f.segment)];
      groups.push_back({segment_place(result, f), seg.kind, seg.text, {}});
      groups.back().segment = f.segment;
    }
    groups.back().findings.push_back(f);
  }
  return groups;
}

void append_finding_members(std::string& out, const Finding& f, bool explain) {
  JsonWriter w(out);
  w.key("rule").value(f.rule);
  w.key("category").value(f.category);
  w.key("severity").value(severity_name(f.severity));
  w.key("message").value(f.message);
  w.key("start").value(f.start);
  w.key("end").value(f.end);
  w.key("start_utf16").value(f.start_utf16);
  w.key("end_utf16").value(f.end_utf16);
  w.key("start_cp").value(f.start_cp);
  w.key("end_cp").value(f.end_cp);
  w.key("line").value(f.line);
  w.key("column").value(f.column);
  w.key("end_line").value(f.end_line);
  w.key("end_column").value(f.end_column);
  w.key("text").value(f.text);
  w.key("visible_start").value(f.visible_start);
  w.key("visible_end").value(f.visible_end);
  w.key("visible_start_utf16").value(f.visible_start_utf16);
  w.key("visible_end_utf16").value(f.visible_end_utf16);
  w.key("visible_start_cp").value(f.visible_start_cp);
  w.key("visible_end_cp").value(f.visible_end_cp);
  w.key("visible_text").value(f.visible_text);
  if (f.segment >= 0) {
    w.key("segment").value(static_cast<std::uint64_t>(f.segment));
    w.key("segment_id").value(f.segment_id);
    w.key("segment_kind").value(f.segment_kind);
  }
  w.key("term").value(f.term);
  w.key("folded").value(f.folded);
  w.key("fingerprint").value(f.fingerprint);
  if (explain) w.key("explain").value(f.explain);
}

}  // namespace copydesk::cli
