#include "scan_suppressions.h"

#include <map>

namespace copydesk::cli {

namespace {

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

    if (directive != "copydesk-disable-next-line" && directive != "copydesk-disable" &&
        directive != "copydesk-enable") {
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
    if (directive == "copydesk-disable-next-line") {
      next_lines_.push_back({lines.line_of(comment_end - 1) + 1, std::move(targets)});
    } else if (directive == "copydesk-disable") {
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

}  // namespace copydesk::cli
