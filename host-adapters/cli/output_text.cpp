// --format text: compiler-style lines, each followed by its source line with the span marked.
//
//   articles/a.md:3:17: warning: Vague source: "sources said" [attribution.vague]
//       3 | The minister resigned, sources said on Monday.
//         |                        ^~~~~~~~~~~~
//
// A line holding right-to-left letters gets no caret line (the terminal's bidi reordering
// would misplace it): the span is bracketed in the line itself, ⟦like this⟧.
#include <copydesk.h>

#include "output_reporter.h"
#include "ruleset_loader.h"
#include "scan_lines.h"
#include "scan_utf8.h"

namespace copydesk::cli {

namespace {

constexpr std::size_t kContextBefore = 40;  // code points kept around a span in a long line
constexpr std::size_t kContextAfter = 40;

const char* severity_color(int severity) {
  switch (severity) {
    case COPYDESK_SEVERITY_ERROR: return "\033[1;31m";
    case COPYDESK_SEVERITY_WARNING: return "\033[1;35m";
    default: return "\033[1;36m";
  }
}

// A piece of a source line made safe to print, with its display width in columns.
struct Shown {
  std::string text;
  std::size_t width = 0;
  std::size_t code_points = 0;
  bool rtl = false;
};

Shown show(std::string_view bytes) {
  Shown shown;
  for (std::size_t i = 0; i < bytes.size();) {
    DecodedChar d = decode_utf8_at(bytes, i);
    i += d.size;
    ++shown.code_points;
    char32_t cp = d.cp;
    if (cp == '\t') cp = ' ';
    if (cp < 0x20 || cp == 0x7F) cp = 0xFFFD;
    bool bidi_control = cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
                        (cp >= 0x2066 && cp <= 0x2069);
    if (bidi_control) {
      // Shown by name: a raw bidi control would reorder the rest of the terminal line.
      char name[16];
      std::snprintf(name, sizeof name, "<U+%04X>", static_cast<unsigned>(cp));
      shown.text += name;
      shown.width += std::char_traits<char>::length(name);
      continue;
    }
    if (is_rtl_letter(cp)) shown.rtl = true;
    append_utf8(shown.text, cp);
    if (!is_zero_width(cp)) ++shown.width;
  }
  return shown;
}

// The first `n` code points of `s` (from the end when `from_end`).
std::string_view cut_code_points(std::string_view s, std::size_t n, bool from_end) {
  std::vector<std::size_t> boundaries;
  for (std::size_t i = 0; i < s.size(); i += decode_utf8_at(s, i).size) boundaries.push_back(i);
  if (boundaries.size() <= n) return s;
  if (from_end) return s.substr(boundaries[boundaries.size() - n]);
  return s.substr(0, boundaries[n]);
}

class TextReporter final : public Reporter {
 public:
  TextReporter(std::FILE* out, const OutputOptions& options) : out_(out), options_(options) {}

  void begin(const std::vector<RuleMeta>&) override {}

  void file(const FileResult& result) override {
    std::string s;
    const std::string path = valid_utf8(result.path);
    if (!result.error.empty()) {
      s += bold(path + ":") + " " + colored(COPYDESK_SEVERITY_ERROR, "error:") + " " +
           valid_utf8(result.error) + "\n";
    }
    for (const std::string& warning : result.warnings) {
      s += bold(path + ":") + " " + colored(COPYDESK_SEVERITY_WARNING, "warning:") + " " +
           valid_utf8(warning) + "\n";
    }
    if (result.is_article && !result.findings.empty())
      s += bold(valid_utf8(article_heading(result))) + "\n";
    for (const TextGroup& group : text_groups(result)) {
      LineIndex lines(group.content);
      const std::string place = valid_utf8(group.place);
      for (const Finding& finding : group.findings) append_finding(s, place, finding, lines, group.content);
    }
    write_all(out_, s);
  }

  void end(const ScanSummary& summary) override {
    auto plural = [](std::size_t n, const char* one, const char* many) {
      return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    std::string s;
    if (summary.findings == 0) {
      s = "no findings in " + plural(summary.files, "file", "files");
    } else {
      s = plural(summary.findings, "finding", "findings") + " (" + severity_counts(summary) +
          ") in " + std::to_string(summary.files_with_findings) + " of " +
          plural(summary.files, "file", "files");
    }
    if (summary.files_not_scanned)
      s += "; " + plural(summary.files_not_scanned, "file", "files") + " not scanned";
    if (summary.files_truncated)
      s += "; findings cut at --max-findings in " + plural(summary.files_truncated, "file", "files") +
           " (more were found)";
    if (summary.suppressed_inline)
      s += "; " + std::to_string(summary.suppressed_inline) + " suppressed inline";
    if (summary.suppressed_baseline)
      s += "; " + std::to_string(summary.suppressed_baseline) + " in the baseline";
    s += "\n";
    write_all(out_, s);
  }

 private:
  std::string bold(const std::string& s) const {
    return options_.color ? "\033[1m" + s + "\033[0m" : s;
  }
  std::string colored(int severity, const std::string& s) const {
    return options_.color ? severity_color(severity) + s + "\033[0m" : s;
  }

  void append_finding(std::string& s, const std::string& path, const Finding& f,
                      const LineIndex& lines, std::string_view content) const {
    s += bold(path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ":") + " " +
         colored(f.severity, std::string(severity_name(f.severity)) + ":") + " " +
         valid_utf8(f.message) + " [" + f.rule + "]\n";

    std::size_t start = std::min<std::size_t>(f.start, content.size());
    std::uint32_t line = lines.line_of(start);
    std::string_view text = lines.line_text(line);
    std::size_t line_start = lines.line_start(line);
    std::size_t a = std::min(start - line_start, text.size());
    std::size_t b = std::clamp<std::size_t>(std::min<std::size_t>(f.end, content.size()) - line_start, a,
                                            text.size());

    std::string_view before = text.substr(0, a), marked = text.substr(a, b - a), after = text.substr(b);
    std::string before_prefix, after_suffix;
    if (show(before).code_points > kContextBefore + 10) {
      before = cut_code_points(before, kContextBefore, true);
      before_prefix = "…";
    }
    if (show(after).code_points > kContextAfter + 10) {
      after = cut_code_points(after, kContextAfter, false);
      after_suffix = "…";
    }
    Shown shown_before = show(before), shown_marked = show(marked), shown_after = show(after);
    bool rtl = shown_before.rtl || shown_marked.rtl || shown_after.rtl;

    char gutter[24];
    std::snprintf(gutter, sizeof gutter, "%5u | ", line);
    const std::string blank_gutter = std::string(std::char_traits<char>::length(gutter) - 2, ' ') + "| ";
    s += gutter + before_prefix + shown_before.text;
    if (rtl) {
      s += "⟦" + colored(f.severity, shown_marked.text) + "⟧";
    } else {
      s += colored(f.severity, shown_marked.text);
    }
    s += shown_after.text + after_suffix + "\n";
    if (!rtl) {
      std::size_t indent = shown_before.width + (before_prefix.empty() ? 0 : 1);
      std::size_t width = std::max<std::size_t>(shown_marked.width, 1);
      s += blank_gutter + std::string(indent, ' ') +
           colored(f.severity, "^" + std::string(width - 1, '~')) + "\n";
    }
    if (options_.explain && !f.explain.empty()) {
      std::string_view rest(f.explain);
      while (!rest.empty()) {
        std::size_t nl = rest.find('\n');
        std::string_view one = rest.substr(0, nl);
        if (!one.empty()) s += blank_gutter + "= " + valid_utf8(one) + "\n";
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
      }
    }
  }

  std::FILE* out_;
  OutputOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(std::FILE* out, const OutputOptions& options) {
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace copydesk::cli
