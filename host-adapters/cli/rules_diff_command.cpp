// copydesk rules diff --base RULES --candidate RULES PATH...: what a rule change does to an
// archive. The inputs are those of `copydesk scan` (files, directories, JSON Lines and WXR
// archives), read once each and scanned with both rule sets (each compiled once) by the scan
// runner; each article's two lists of findings are compared rule by rule:
//
//   unchanged  the same rule, span, severity and message;
//   changed    the same rule and span with another severity or message, or the same rule
//              on an overlapping span (a widened or narrowed match);
//   added      a candidate finding left unmatched; removed: a base finding left unmatched.
//
// The report (text, JSON or HTML) gives per rule the counts and a few examples (article,
// line, the sentence with the span marked), totals by category and language, and the gates
// --fail-on-removed and --max-added decide the exit status (docs/archive.md).
#include <copydesk.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "commands.h"
#include "file_uri.h"
#include "flags.h"
#include "output_json_writer.h"
#include "output_reporter.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"
#include "scan_runner.h"
#include "scan_setup.h"
#include "scan_suppressions.h"
#include "scan_utf8.h"

namespace copydesk::cli {

namespace {

constexpr const char* kDiffAbout =
    "usage: copydesk rules diff --base RULES --candidate RULES [options] PATH...\n"
    "\n"
    "Scans the articles (files, directories, .jsonl and WordPress .xml exports) with both rule\n"
    "sets and reports, per rule, the findings the candidate adds, removes and changes.\n";

constexpr const char* kDiffExit =
    "\n"
    "exit status: 0 the gates pass, 1 a gate (--fail-on-removed, --max-added) fails,\n"
    "2 usage, rule or I/O error. See docs/archive.md.\n";

enum class ChangeKind { added, removed, changed };
const char* kind_name(ChangeKind k) {
  return k == ChangeKind::added ? "added" : k == ChangeKind::removed ? "removed" : "changed";
}

// The sentence around a span, cut from the text it points into, tags dropped.
struct Sentence {
  std::string before, span, after;
};

bool is_terminator(std::string_view text, std::size_t i) {
  char c = text[i];
  if (c == '.' || c == '!' || c == '?' || c == '\n') return true;
  // U+061F ARABIC QUESTION MARK, U+06D4 ARABIC FULL STOP
  return i + 1 < text.size() && static_cast<unsigned char>(c) == 0xD8 &&
         static_cast<unsigned char>(text[i + 1]) == 0x9F;
}

std::string plain(std::string_view s) {
  // Tags dropped, whitespace runs as one space, control characters out.
  std::string out;
  bool in_tag = false, space = false;
  for (char c : s) {
    if (c == '<') { in_tag = true; continue; }
    if (in_tag) { if (c == '>') in_tag = false; continue; }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return valid_utf8(out);
}

std::string cut(std::string s, std::size_t max_cp, bool keep_end) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); i += decode_utf8_at(s, i).size) starts.push_back(i);
  if (starts.size() <= max_cp) return s;
  return keep_end ? "…" + s.substr(starts[starts.size() - max_cp]) : s.substr(0, starts[max_cp]) + "…";
}

Sentence sentence_of(std::string_view text, std::uint64_t start, std::uint64_t end) {
  start = std::min<std::uint64_t>(start, text.size());
  end = std::clamp<std::uint64_t>(end, start, text.size());
  constexpr std::size_t kReach = 600;  // bytes looked at on each side
  std::size_t a = start;
  while (a > 0 && start - a < kReach && !is_terminator(text, a - 1)) --a;
  if (a > 0 && static_cast<unsigned char>(text[a - 1]) == 0xD8) ++a;  // inside ؟
  while (a < start && (static_cast<unsigned char>(text[a]) & 0xC0) == 0x80) ++a;
  std::size_t b = end;
  while (b < text.size() && b - end < kReach && !is_terminator(text, b)) ++b;
  if (b < text.size() && text[b] != '\n') b += static_cast<unsigned char>(text[b]) == 0xD8 ? 2 : 1;
  while (b < text.size() && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) ++b;
  Sentence s;
  s.before = cut(plain(text.substr(a, start - a)), 80, true);
  s.span = plain(text.substr(start, end - start));
  s.after = cut(plain(text.substr(end, b - end)), 80, false);
  if (!s.before.empty() && s.before.front() == ' ') s.before.erase(0, 1);
  if (!s.after.empty() && s.after.back() == ' ') s.after.pop_back();
  return s;
}

// The language of an article: the export's (its first subtag, "en-US" -> "en"), else a
// guess from its letters: Arabic script, else French or English by their commonest words.
std::string language_of(const FileResult& result) {
  if (result.is_article && !result.article.language.empty()) {
    std::string l = result.article.language.substr(0, result.article.language.find_first_of("-_"));
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return l;
  }
  std::string text = result.content;
  for (const SegmentText& seg : result.segments) text += "\n" + seg.text;
  std::size_t arabic = 0, latin = 0;
  for (std::size_t i = 0; i < text.size();) {
    DecodedChar d = decode_utf8_at(text, i);
    i += d.size;
    if (d.cp >= 0x0600 && d.cp <= 0x06FF) ++arabic;
    else if ((d.cp >= 'a' && d.cp <= 'z') || (d.cp >= 'A' && d.cp <= 'Z') || (d.cp >= 0xC0 && d.cp <= 0x24F)) ++latin;
  }
  if (arabic == 0 && latin == 0) return "und";
  if (arabic >= latin) return "ar";
  std::string lower = " " + plain(text) + " ";
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto count = [&](std::initializer_list<const char*> words) {
    std::size_t n = 0;
    for (const char* w : words)
      for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) ++n;
    return n;
  };
  std::size_t fr = count({" le ", " la ", " les ", " des ", " du ", " est ", " une ", " et ", " selon "});
  std::size_t en = count({" the ", " and ", " of ", " to ", " is ", " was ", " said ", " in "});
  if (fr == 0 && en == 0) return "und";
  return fr > en ? "fr" : "en";
}

struct Example {
  ChangeKind kind;
  std::string what;      // changed: "severity", "message" or "span"
  std::string place;     // path, or path#segment
  std::string link;      // where the article is: its url, else its file
  std::string title;
  std::uint32_t line = 0, column = 0;
  Sentence sentence;     // the candidate's finding (the base's when removed)
  std::string before_text, before_severity, after_severity, message;
};

struct Counts {
  std::size_t added = 0, removed = 0, changed = 0;
  void add(ChangeKind k) { ++(k == ChangeKind::added ? added : k == ChangeKind::removed ? removed : changed); }
};

struct RuleStats {
  std::string id, category;
  bool in_base = false, in_candidate = false;
  std::size_t base = 0, candidate = 0, unchanged = 0;
  Counts counts;
  std::size_t changed_severity = 0, changed_span = 0, changed_message = 0;
  std::vector<Example> examples;
  std::map<ChangeKind, std::size_t> shown;
};

struct DiffOptions {
  std::string base_path, candidate_path;
  std::size_t examples = 3;
  std::vector<std::string> fail_on_removed;
  std::optional<std::uint64_t> max_added;
};

class Diff final : public Reporter {
 public:
  Diff(const std::vector<RuleMeta>& base, const std::vector<RuleMeta>& candidate, DiffOptions options)
      : options_(std::move(options)) {
    for (const RuleMeta& r : base) stats(r.id, r.category).in_base = true;
    for (const RuleMeta& r : candidate) stats(r.id, r.category).in_candidate = true;
  }

  void begin(const std::vector<RuleMeta>&) override {}
  void end(const ScanSummary&) override {}

  void file(const FileResult& result) override {
    ++articles_;
    if (!result.error.empty()) {
      errors_.emplace_back(result.path, result.error);
      return;
    }
    for (const std::string& w : result.warnings) warnings_.emplace_back(result.path, w);
    const std::vector<Finding>& base = result.findings;
    const std::vector<Finding>& cand = result.candidate_findings;
    for (const Finding& f : base) ++stats(f.rule, f.category).base;
    for (const Finding& f : cand) ++stats(f.rule, f.category).candidate;
    std::vector<bool> base_used(base.size()), cand_used(cand.size());
    bool any = false;
    std::string language;
    auto record = [&](ChangeKind kind, const Finding* before, const Finding* after, const char* what) {
      if (language.empty()) language = language_of(result);
      const Finding& f = after ? *after : *before;
      RuleStats& rs = stats(f.rule, f.category);
      rs.counts.add(kind);
      totals_.add(kind);
      by_category_[f.category].add(kind);
      by_language_[language].add(kind);
      if (kind == ChangeKind::changed) {
        std::string w = what;
        ++(w == "severity" ? rs.changed_severity : w == "span" ? rs.changed_span : rs.changed_message);
      }
      any = true;
      if (rs.shown[kind] >= options_.examples) return;
      ++rs.shown[kind];
      Example e;
      e.kind = kind;
      e.what = what;
      e.place = segment_place(result, f);
      e.link = result.is_article && !result.article.url.empty() ? result.article.url
               : result.is_article ? path_to_uri(result.article.archive)
                                   : path_to_uri(result.path);
      e.title = result.is_article ? result.article.title : "";
      e.line = f.line;
      e.column = f.column;
      std::string_view text = f.segment >= 0 && static_cast<std::size_t>(f.segment) < result.segments.size()
                                  ? std::string_view(result.segments[static_cast<std::size_t>(f.segment)].text)
                                  : std::string_view(result.content);
      e.sentence = sentence_of(text, f.start, f.end);
      e.message = f.message;
      if (before) {
        e.before_text = before->text;
        e.before_severity = severity_name(before->severity);
      }
      if (after) e.after_severity = severity_name(after->severity);
      rs.examples.push_back(std::move(e));
    };
    // 1. The same rule on the same span: unchanged, or changed in severity or message.
    for (std::size_t i = 0; i < base.size(); ++i) {
      for (std::size_t j = 0; j < cand.size(); ++j) {
        if (cand_used[j] || cand[j].rule != base[i].rule || cand[j].segment != base[i].segment ||
            cand[j].start != base[i].start || cand[j].end != base[i].end)
          continue;
        base_used[i] = cand_used[j] = true;
        if (cand[j].severity != base[i].severity) record(ChangeKind::changed, &base[i], &cand[j], "severity");
        else if (cand[j].message != base[i].message) record(ChangeKind::changed, &base[i], &cand[j], "message");
        else ++stats(base[i].rule, base[i].category).unchanged;
        break;
      }
    }
    // 2. The same rule on an overlapping span: the match grew or shrank.
    for (std::size_t i = 0; i < base.size(); ++i) {
      if (base_used[i]) continue;
      for (std::size_t j = 0; j < cand.size(); ++j) {
        if (cand_used[j] || cand[j].rule != base[i].rule || cand[j].segment != base[i].segment ||
            cand[j].start >= base[i].end || base[i].start >= cand[j].end)
          continue;
        base_used[i] = cand_used[j] = true;
        record(ChangeKind::changed, &base[i], &cand[j], "span");
        break;
      }
    }
    // 3. The rest.
    for (std::size_t i = 0; i < base.size(); ++i)
      if (!base_used[i]) record(ChangeKind::removed, &base[i], nullptr, "");
    for (std::size_t j = 0; j < cand.size(); ++j)
      if (!cand_used[j]) record(ChangeKind::added, nullptr, &cand[j], "");
    if (any) ++articles_changed_;
  }

  // The gates: what failed, for people ("" when none did).
  std::vector<std::string> failed_gates() const {
    std::vector<std::string> failed;
    for (const std::string& target : options_.fail_on_removed) {
      std::size_t n = 0;
      for (const auto& [id, rs] : rules_)
        if (target_covers(target, rs.id, rs.category)) n += rs.counts.removed;
      if (n) failed.push_back("--fail-on-removed " + target + ": " + std::to_string(n) + " finding" +
                              (n == 1 ? "" : "s") + " removed");
    }
    if (options_.max_added && totals_.added > *options_.max_added)
      failed.push_back("--max-added " + std::to_string(*options_.max_added) + ": " +
                       std::to_string(totals_.added) + " findings added");
    return failed;
  }
  bool any_error() const { return !errors_.empty(); }

  std::string text() const {
    std::string s = "rules diff: " + options_.base_path + " -> " + options_.candidate_path + " over " +
                    plural(articles_, "article") + ": " + signed_counts(totals_) + ", " +
                    std::to_string(unchanged()) + " unchanged, in " + std::to_string(articles_changed_) + " of " +
                    plural(articles_, "article") + "\n";
    for (const auto& [path, error] : errors_) s += path + ": error: " + error + "\n";
    for (const auto& [path, warning] : warnings_) s += path + ": warning: " + warning + "\n";
    std::vector<const RuleStats*> changed = changed_rules();
    if (changed.empty()) {
      s += "no finding added, removed or changed\n";
    } else {
      char row[512];
      std::snprintf(row, sizeof row, "\n%-34s %-12s %6s %6s %6s %8s %8s\n", "rule", "category", "base", "cand",
                    "added", "removed", "changed");
      s += row;
      for (const RuleStats* rs : changed) {
        std::snprintf(row, sizeof row, "%-34s %-12s %6zu %6zu %6s %8s %8zu", rs->id.c_str(), rs->category.c_str(),
                      rs->base, rs->candidate, ("+" + std::to_string(rs->counts.added)).c_str(),
                      ("-" + std::to_string(rs->counts.removed)).c_str(), rs->counts.changed);
        s += row + rule_note(*rs) + "\n";
      }
      s += "\nby category: " + by_text(by_category_) + "\nby language: " + by_text(by_language_) + "\n";
      for (const RuleStats* rs : changed) {
        s += "\n" + rs->id + ": " + signed_counts(rs->counts) + rule_note(*rs) + "\n";
        for (const Example& e : rs->examples) {
          const char* mark = e.kind == ChangeKind::added ? "+" : e.kind == ChangeKind::removed ? "-" : "~";
          s += std::string("  ") + mark + " " + e.place + ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
          if (!e.title.empty()) s += " \"" + valid_utf8(e.title) + "\"";
          s += ": " + e.sentence.before + "⟦" + e.sentence.span + "⟧" + e.sentence.after;
          if (e.kind == ChangeKind::changed) s += "  (" + change_detail(e) + ")";
          s += "\n";
        }
      }
    }
    for (const std::string& g : failed_gates()) s += "gate failed: " + g + "\n";
    return s;
  }

  std::string json() const {
    std::string s;
    JsonWriter w(s);
    w.begin_object();
    w.key("tool").begin_object().key("name").value("copydesk").key("version").value(COPYDESK_VERSION_STRING).end_object();
    w.key("base").value(options_.base_path);
    w.key("candidate").value(options_.candidate_path);
    w.key("summary").begin_object();
    w.key("articles").value(std::uint64_t{articles_});
    w.key("articles_changed").value(std::uint64_t{articles_changed_});
    w.key("articles_not_scanned").value(std::uint64_t{errors_.size()});
    counts_members(w, totals_);
    w.key("unchanged").value(std::uint64_t{unchanged()});
    w.end_object();
    w.key("rules").begin_array();
    for (const auto& [id, rs] : rules_) {
      if (!rs.base && !rs.candidate) continue;
      w.begin_object();
      w.key("rule").value(rs.id).key("category").value(rs.category);
      w.key("in_base").value(rs.in_base).key("in_candidate").value(rs.in_candidate);
      w.key("base").value(std::uint64_t{rs.base}).key("candidate").value(std::uint64_t{rs.candidate});
      counts_members(w, rs.counts);
      w.key("unchanged").value(std::uint64_t{rs.unchanged});
      w.key("changes").begin_object();
      w.key("severity").value(std::uint64_t{rs.changed_severity});
      w.key("span").value(std::uint64_t{rs.changed_span});
      w.key("message").value(std::uint64_t{rs.changed_message});
      w.end_object();
      w.key("examples").begin_array();
      for (const Example& e : rs.examples) {
        w.begin_object();
        w.key("change").value(kind_name(e.kind));
        if (e.kind == ChangeKind::changed) w.key("what").value(e.what);
        w.key("path").value(e.place).key("link").value(e.link);
        if (!e.title.empty()) w.key("title").value(e.title);
        w.key("line").value(std::uint64_t{e.line}).key("column").value(std::uint64_t{e.column});
        w.key("sentence").value(e.sentence.before + "⟦" + e.sentence.span + "⟧" + e.sentence.after);
        w.key("text").value(e.sentence.span);
        if (!e.before_text.empty()) w.key("base_text").value(e.before_text);
        if (!e.before_severity.empty()) w.key("base_severity").value(e.before_severity);
        if (!e.after_severity.empty()) w.key("candidate_severity").value(e.after_severity);
        w.key("message").value(e.message);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    auto by = [&](const char* key, const std::map<std::string, Counts>& m) {
      w.key(key).begin_object();
      for (const auto& [name, c] : m) {
        w.key(name).begin_object();
        counts_members(w, c);
        w.end_object();
      }
      w.end_object();
    };
    by("by_category", by_category_);
    by("by_language", by_language_);
    w.key("errors").begin_array();
    for (const auto& [path, error] : errors_) w.begin_object().key("path").value(path).key("error").value(error).end_object();
    w.end_array();
    w.key("gates_failed").begin_array();
    for (const std::string& g : failed_gates()) w.value(g);
    w.end_array();
    w.end_object();
    return s + "\n";
  }

  std::string html() const {
    std::string s = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="copydesk )" COPYDESK_VERSION_STRING R"(">
<title>copydesk rules diff</title>
<style>
body { font-family: system-ui, "Noto Sans", "Noto Naskh Arabic", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; border-top: 1px solid #ccc; padding-top: 1em; }
table { border-collapse: collapse; } th, td { padding: 0.2em 0.7em; text-align: start; }
th { border-bottom: 1px solid #999; } td.n { text-align: end; font-variant-numeric: tabular-nums; }
.added { color: #070; } .removed { color: #b00; } .changed { color: #a60; }
ul.examples { list-style: none; padding: 0; }
ul.examples li { margin: 0.5em 0; padding: 0.4em 0.6em; background: #f7f7f7; border-inline-start: 4px solid #ccc; }
ul.examples li.added { border-color: #3a3; } ul.examples li.removed { border-color: #c33; } ul.examples li.changed { border-color: #d90; }
ul.examples li bdi { color: #222; font-weight: 600; }
.where { font-family: ui-monospace, monospace; font-size: 0.85em; color: #555; unicode-bidi: plaintext; }
.sentence { display: block; color: #222; font-size: 1.05em; line-height: 1.7; unicode-bidi: plaintext; }
mark { background: #fe9; padding: 0 2px; border-radius: 2px; }
li.removed mark { background: #fcc; text-decoration: line-through; } li.added mark { background: #cfc; }
p.gate { color: #b00; font-weight: bold; } p.ok { color: #070; }
</style>
</head>
<body>
<h1>What the candidate rules change</h1>
)";
    s += "<p>Base <code>" + escape_html(options_.base_path) + "</code>, candidate <code>" +
         escape_html(options_.candidate_path) + "</code>, over " + plural(articles_, "article") + ": <span class=\"added\">" +
         std::to_string(totals_.added) + " added</span>, <span class=\"removed\">" + std::to_string(totals_.removed) +
         " removed</span>, <span class=\"changed\">" + std::to_string(totals_.changed) + " changed</span>, " +
         std::to_string(unchanged()) + " unchanged, in " + std::to_string(articles_changed_) + " articles.</p>\n";
    std::vector<std::string> gates = failed_gates();
    for (const std::string& g : gates) s += "<p class=\"gate\">Gate failed: " + escape_html(g) + "</p>\n";
    if (gates.empty() && (!options_.fail_on_removed.empty() || options_.max_added)) s += "<p class=\"ok\">The gates pass.</p>\n";
    for (const auto& [path, error] : errors_)
      s += "<p class=\"removed\">Not scanned: <code>" + escape_html(path) + "</code>: " + escape_html(error) + "</p>\n";
    std::vector<const RuleStats*> changed = changed_rules();
    s += "<table>\n<tr><th>rule</th><th>category</th><th>base</th><th>candidate</th><th>added</th><th>removed</th><th>changed</th><th></th></tr>\n";
    for (const RuleStats* rs : changed) {
      s += "<tr><td><a href=\"#" + escape_html(rs->id) + "\"><code>" + escape_html(rs->id) + "</code></a></td><td>" +
           escape_html(rs->category) + "</td><td class=\"n\">" + std::to_string(rs->base) + "</td><td class=\"n\">" +
           std::to_string(rs->candidate) + "</td><td class=\"n added\">+" + std::to_string(rs->counts.added) +
           "</td><td class=\"n removed\">-" + std::to_string(rs->counts.removed) + "</td><td class=\"n changed\">" +
           std::to_string(rs->counts.changed) + "</td><td>" + escape_html(rule_note(*rs)) + "</td></tr>\n";
    }
    s += "</table>\n";
    auto by_table = [&](const char* title, const std::map<std::string, Counts>& m) {
      s += "<h3>By " + std::string(title) + "</h3>\n<table>\n<tr><th>" + title + "</th><th>added</th><th>removed</th><th>changed</th></tr>\n";
      for (const auto& [name, c] : m)
        s += "<tr><td>" + escape_html(name) + "</td><td class=\"n added\">+" + std::to_string(c.added) +
             "</td><td class=\"n removed\">-" + std::to_string(c.removed) + "</td><td class=\"n changed\">" +
             std::to_string(c.changed) + "</td></tr>\n";
      s += "</table>\n";
    };
    by_table("category", by_category_);
    by_table("language", by_language_);
    for (const RuleStats* rs : changed) {
      s += "<h2 id=\"" + escape_html(rs->id) + "\"><code>" + escape_html(rs->id) + "</code>: " +
           escape_html(signed_counts(rs->counts) + rule_note(*rs)) + "</h2>\n<ul class=\"examples\">\n";
      for (const Example& e : rs->examples) {
        s += "<li class=\"" + std::string(kind_name(e.kind)) + "\"><span class=\"" + kind_name(e.kind) + "\">" +
             kind_name(e.kind) + "</span> <a class=\"where\" href=\"" + escape_html(e.link) + "\">" +
             escape_html(e.place + ":" + std::to_string(e.line) + ":" + std::to_string(e.column)) + "</a>";
        if (!e.title.empty()) s += " <bdi>" + escape_html(e.title) + "</bdi>";
        if (e.kind == ChangeKind::changed) s += " <small>(" + escape_html(change_detail(e)) + ")</small>";
        s += "<span class=\"sentence\" dir=\"auto\">" + escape_html(e.sentence.before) + "<mark>" +
             escape_html(e.sentence.span) + "</mark>" + escape_html(e.sentence.after) + "</span></li>\n";
      }
      s += "</ul>\n";
    }
    s += "</body>\n</html>\n";
    return s;
  }

 private:
  RuleStats& stats(const std::string& id, const std::string& category) {
    RuleStats& rs = rules_[id];
    if (rs.id.empty()) rs.id = id, rs.category = category;
    return rs;
  }
  std::size_t unchanged() const {
    std::size_t n = 0;
    for (const auto& [id, rs] : rules_) n += rs.unchanged;
    return n;
  }
  std::vector<const RuleStats*> changed_rules() const {
    std::vector<const RuleStats*> out;
    for (const auto& [id, rs] : rules_)
      if (rs.counts.added || rs.counts.removed || rs.counts.changed) out.push_back(&rs);
    return out;
  }
  static std::string plural(std::size_t n, const char* one) {
    return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
  }
  static std::string signed_counts(const Counts& c) {
    return "+" + std::to_string(c.added) + " added, -" + std::to_string(c.removed) + " removed, ~" +
           std::to_string(c.changed) + " changed";
  }
  static std::string rule_note(const RuleStats& rs) {
    if (rs.in_base && !rs.in_candidate) return " (not in the candidate)";
    if (!rs.in_base && rs.in_candidate) return " (new in the candidate)";
    return "";
  }
  static std::string change_detail(const Example& e) {
    if (e.what == "severity") return "severity " + e.before_severity + " -> " + e.after_severity;
    if (e.what == "span") return "span \"" + valid_utf8(e.before_text) + "\" -> \"" + e.sentence.span + "\"";
    return "message now: " + valid_utf8(e.message);
  }
  static std::string by_text(const std::map<std::string, Counts>& m) {
    std::string s;
    for (const auto& [name, c] : m) {
      if (!s.empty()) s += "; ";
      s += name + " +" + std::to_string(c.added) + " -" + std::to_string(c.removed) + " ~" + std::to_string(c.changed);
    }
    return s.empty() ? "-" : s;
  }
  static void counts_members(JsonWriter& w, const Counts& c) {
    w.key("added").value(std::uint64_t{c.added});
    w.key("removed").value(std::uint64_t{c.removed});
    w.key("changed").value(std::uint64_t{c.changed});
  }

  DiffOptions options_;
  std::map<std::string, RuleStats> rules_;
  Counts totals_;
  std::map<std::string, Counts> by_category_, by_language_;
  std::size_t articles_ = 0, articles_changed_ = 0;
  std::vector<std::pair<std::string, std::string>> errors_, warnings_;
};

}  // namespace

int run_rules_diff(const Args& args) {
  constexpr const char* kName = "copydesk rules diff";
  std::optional<ParsedArgs> flags = parse_args(kCmdRulesDiff, kName, args, stderr);
  if (!flags) return 2;
  const std::string usage = kDiffAbout + options_help(kCmdRulesDiff) + kDiffExit;
  if (flags->has(Opt::kHelp)) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  std::optional<std::string> base_path = flags->last(Opt::kBase), candidate_path = flags->last(Opt::kCandidate);
  if (!base_path || !candidate_path || flags->positionals.empty()) {
    std::fprintf(stderr, "%s: give --base RULES, --candidate RULES and the articles (PATH...)\n\n", kName);
    std::fputs(usage.c_str(), stderr);
    return 2;
  }
  if (std::count(flags->positionals.begin(), flags->positionals.end(), std::string("-")) > 1) {
    std::fprintf(stderr, "%s: standard input (-) can be given only once\n", kName);
    return 2;
  }
  RulesetHandle base, candidate;
  base.ruleset = load_ruleset(*base_path, stderr);
  candidate.ruleset = load_ruleset(*candidate_path, stderr);
  if (!base.ruleset || !candidate.ruleset) return 2;
  const std::vector<RuleMeta> base_rules = read_rules(base.ruleset), candidate_rules = read_rules(candidate.ruleset);
  std::vector<RuleMeta> all_rules = base_rules;
  all_rules.insert(all_rules.end(), candidate_rules.begin(), candidate_rules.end());
  auto known = std::make_shared<const KnownTargets>(all_rules);

  DiffOptions options;
  options.base_path = *base_path;
  options.candidate_path = *candidate_path;
  if (auto n = flags->last(Opt::kExamples)) options.examples = std::stoul(*n);
  if (auto n = flags->last(Opt::kMaxAdded)) options.max_added = std::stoull(*n);
  options.fail_on_removed = flags->all(Opt::kFailOnRemoved);
  for (const std::string& target : options.fail_on_removed) {
    if (!known->contains(target)) {
      std::fprintf(stderr, "%s: --fail-on-removed: unknown rule, pack or category '%s'\n", kName, target.c_str());
      return 2;
    }
  }

  std::optional<InputOptions> input_options = input_options_from_flags(*flags, kName, stderr);
  if (!input_options) return 2;
  std::vector<InputFile> inputs = collect_inputs(flags->positionals, *input_options);

  RunSettings settings;
  settings.ruleset = base.ruleset;
  settings.candidate = candidate.ruleset;
  settings.keep_content = true;  // the examples quote their sentence
  settings.is_known_target = [known](const std::string& name) { return known->contains(name); };
  const std::string jobs = flags->last(Opt::kJobs).value_or("");
  settings.jobs = !jobs.empty() ? static_cast<unsigned>(std::stoul(jobs)) : std::max(1u, std::thread::hardware_concurrency());
  settings.progress = !flags->has(Opt::kNoProgress) && ::isatty(STDERR_FILENO) == 1;

  Diff diff(base_rules, candidate_rules, options);
  RunOutcome outcome = run_scans(inputs, settings, diff, stderr);
  if (outcome.setup_failed) return 2;

  const std::string format = flags->last(Opt::kDiffFormat).value_or("text");
  const std::string report = format == "json" ? diff.json() : format == "html" ? diff.html() : diff.text();
  std::FILE* out = open_report_output(*flags, stderr);
  if (!out) return 2;
  write_all(out, report);
  bool io_ok = std::fflush(out) == 0 && !std::ferror(out);
  if (out != stdout) io_ok = std::fclose(out) == 0 && io_ok;
  if (!io_ok) {
    std::fprintf(stderr, "%s: error: cannot write the report: %s\n", kName, std::strerror(errno));
    return 2;
  }
  const std::vector<std::string> failed = diff.failed_gates();
  if (format != "text" || out != stdout)
    for (const std::string& g : failed) std::fprintf(stderr, "%s: gate failed: %s\n", kName, g.c_str());
  if (diff.any_error()) return 2;
  return failed.empty() ? 0 : 1;
}

}  // namespace copydesk::cli
