#include "scan_suppressions.h"

#include <map>

namespace copydesk::cli {

namespace {

constexpr std::string_view kDisableNextLine = "copydesk-disable-next-line";
constexpr std::string_view kDisable = "copydesk-disable";
constexpr std::string_view kEnable = "copydesk-enable";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_targets(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (char c : s) {
    if (c == ',' || is_space(c)) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

}  // namespace

bool target_covers(const std::string& target, const std::string& rule, const std::string& category) {
  if (target.empty() || target == rule || target == category) return true;
  return rule.size() > target.size() && rule.compare(0, target.size(), target) == 0 &&
         rule[target.size()] == '.';
}

Suppressions::Suppressions(std::string_view content, const LineIndex& lines,
                           const std::function<bool(const std::string&)>& is_known_target,
                           std::vector<std::string>& warnings) {
  std::map<std::string, std::size_t> open;  // target -> where its disable comment ended
  std::size_t pos = 0;
  while ((pos = content.find("<!--", pos)) != std::string_view::npos) {
    std::size_t close = content.find("-->", pos + 4);
    std::size_t comment_end = close == std::string_view::npos ? content.size() : close + 3;
    std::string_view body = trim(content.substr(pos + 4, (close == std::string_view::npos
                                                               ? content.size()
                                                               : close) - pos - 4));
    std::uint32_t line = lines.line_of(pos);
    std::size_t comment_begin = pos;
    pos = comment_end;
    if (body.substr(0, 9) != "copydesk-") continue;

    if (std::size_t reason = body.find(" --"); reason != std::string_view::npos)
      body = trim(body.substr(0, reason));
    std::size_t space = 0;
    while (space < body.size() && !is_space(body[space])) ++space;
    std::string_view directive = body.substr(0, space);
    std::vector<std::string> targets = split_targets(body.substr(space));
    const std::string where = "line " + std::to_string(line) + ": ";

    if (directive != kDisableNextLine && directive != kDisable && directive != kEnable) {
      warnings.push_back(where + "unknown directive '" + std::string(directive) +
                         "' (expected copydesk-disable-next-line, copydesk-disable or "
                         "copydesk-enable)");
      continue;
    }
    if (close == std::string_view::npos) {
      warnings.push_back(where + "unterminated comment: '" + std::string(directive) +
                         "' is ignored");
      continue;
    }
    for (const std::string& target : targets) {
      if (!is_known_target(target))
        warnings.push_back(where + "'" + std::string(directive) + "' names unknown rule or category '" +
                           target + "'");
    }
    if (directive == kDisableNextLine) {
      next_lines_.push_back({lines.line_of(comment_end - 1) + 1, std::move(targets)});
    } else if (directive == kDisable) {
      if (targets.empty()) targets.push_back("");
      for (const std::string& target : targets) open.emplace(target, comment_end);
    } else if (targets.empty()) {  // copydesk-enable: closes everything open
      if (open.empty()) warnings.push_back(where + "copydesk-enable without a copydesk-disable");
      for (const auto& [target, begin] : open) ranges_.push_back({begin, comment_begin, target});
      open.clear();
    } else {
      for (const std::string& target : targets) {
        auto it = open.find(target);
        if (it == open.end()) {
          warnings.push_back(where + "copydesk-enable " + target +
                             " without a matching copydesk-disable");
          continue;
        }
        ranges_.push_back({it->second, comment_begin, target});
        open.erase(it);
      }
    }
  }
  for (const auto& [target, begin] : open) ranges_.push_back({begin, content.size(), target});
}

bool Suppressions::suppresses(const Finding& finding, std::uint32_t line) const {
  for (const NextLine& next : next_lines_) {
    if (next.line != line) continue;
    if (next.targets.empty()) return true;
    for (const std::string& target : next.targets)
      if (target_covers(target, finding.rule, finding.category)) return true;
  }
  for (const Range& range : ranges_) {
    if (finding.start >= range.begin && finding.start < range.end &&
        target_covers(range.target, finding.rule, finding.category))
      return true;
  }
  return false;
}


namespace {

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

// A Markdown line that is only markers (a rule, a setext underline, front matter, a code
// fence, a table's delimiter row): text appended to it would change what it is.
bool is_marker_line(std::string_view s) {
  s = trim(s);
  if (s.substr(0, 3) == "```" || s.substr(0, 3) == "~~~") return true;
  return s.find_first_not_of("-*_=+~`|:. \t") == std::string_view::npos;
}

// The article's line break: the one its first line ends with.
std::string_view line_break(std::string_view content) {
  std::size_t nl = content.find('\n');
  return nl != std::string_view::npos && nl > 0 && content[nl - 1] == '\r' ? "\r\n" : "\n";
}

std::string comment(std::string_view directive, const std::string& rule) {
  return "<!-- " + std::string(directive) + " " + rule + " -->";
}

// Where `rule` goes in a copydesk-disable-next-line comment that ends `text` (a line), or npos.
std::size_t next_line_targets_end(std::string_view text) {
  std::string_view line = trim(text);
  if (line.size() < 7 || line.substr(line.size() - 3) != "-->") return std::string_view::npos;
  const std::size_t open = line.rfind("<!--");
  if (open == std::string_view::npos) return std::string_view::npos;
  std::string_view body = line.substr(open + 4, line.size() - 3 - open - 4);
  const std::size_t lead = body.find_first_not_of(" \t");
  if (lead == std::string_view::npos || body.substr(lead, kDisableNextLine.size()) != kDisableNextLine)
    return std::string_view::npos;
  std::size_t end = lead + kDisableNextLine.size();
  if (end < body.size() && !is_space(body[end])) return std::string_view::npos;  // another directive
  std::string_view targets = body.substr(end);
  targets = targets.substr(0, targets.find(" --"));
  while (!targets.empty() && is_space(targets.back())) targets.remove_suffix(1);
  if (trim(targets).empty()) return std::string_view::npos;  // already every rule
  const std::size_t line_offset = static_cast<std::size_t>(line.data() - text.data());
  return line_offset + open + 4 + end + targets.size();
}

}  // namespace

SuppressionEdit suppress_on_line(std::string_view content, const LineTable& lines, std::uint32_t line,
                                 const std::string& rule, InputFormat format) {
  line = std::min(line, lines.line_count() - 1);
  const std::size_t start = lines.line_start(line);
  if (line > 0) {
    const std::size_t above = lines.line_start(line - 1);
    const std::string_view text = content.substr(above, lines.line_end(line - 1) - above);
    if (std::size_t at = next_line_targets_end(text); at != std::string_view::npos)
      return {above + at, "," + rule};
    // Below a line of text in Markdown (a paragraph, a list item), a comment line would end
    // the paragraph or the list: the comment ends that line instead.
    if (format != InputFormat::html && !is_blank(text) && !is_marker_line(text)) {
      std::size_t end = text.size();
      while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;  // keep a hard break
      if (end > 0 && text[end - 1] == '\\') --end;
      return {above + end, " " + comment(kDisableNextLine, rule)};
    }
  }
  const std::string_view text = content.substr(start, lines.line_end(line) - start);
  const std::string_view indent = text.substr(0, text.find_first_not_of(" \t"));
  return {start, std::string(indent == text ? std::string_view() : indent) + comment(kDisableNextLine, rule) +
                     std::string(line_break(content))};
}

SuppressionEdit suppress_in_document(std::string_view content, const LineTable& lines, const std::string& rule,
                                     InputFormat format) {
  std::uint32_t first = 0;  // the line the comment goes before
  auto line_text = [&](std::uint32_t l) {
    return content.substr(lines.line_start(l), lines.line_end(l) - lines.line_start(l));
  };
  std::string_view top = line_text(0);
  if (top.substr(0, 3) == "\xEF\xBB\xBF") top.remove_prefix(3);
  if (format != InputFormat::html && trim(top) == "---") {
    for (std::uint32_t l = 1; l < lines.line_count(); ++l) {
      if (trim(line_text(l)) == "---" || trim(line_text(l)) == "...") {
        first = l + 1;
        break;
      }
    }
  } else if (format != InputFormat::markdown && top.size() >= 9) {
    std::string head(trim(top).substr(0, 9));
    for (char& c : head) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (head == "<!doctype") first = 1;
  }
  const std::string text = comment(kDisable, rule);
  if (first >= lines.line_count()) return {content.size(), std::string(line_break(content)) + text};
  std::size_t at = lines.line_start(first);
  if (first == 0 && content.substr(0, 3) == "\xEF\xBB\xBF") at = 3;
  return {at, text + std::string(line_break(content))};
}

}  // namespace copydesk::cli
