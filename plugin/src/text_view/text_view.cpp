#include "text_view/text_view.h"

#include <algorithm>
#include <array>
#include <limits>

#include "copydesk.h"
#include "text_view/view_builder.h"
#include "util/error.h"

namespace copydesk::detail {
namespace {

constexpr size_t kDetectWindow = 4096;

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// "<name" followed by '>', whitespace or '/', case-insensitively, at `at`.
bool block_tag_at(std::string_view s, size_t at) {
  static constexpr std::array<std::string_view, 26> kBlockTags = {
      "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr",
      "td", "article", "section", "blockquote", "header", "footer", "aside", "nav", "figure",
      "pre", "hr", "main"};
  size_t name_start = at + 1;
  for (std::string_view tag : kBlockTags) {
    size_t after = name_start + tag.size();
    if (after >= s.size()) continue;
    bool same = true;
    for (size_t k = 0; k < tag.size() && same; ++k) same = ascii_lower(s[name_start + k]) == tag[k];
    char next = s[after];
    if (same && (next == '>' || next == ' ' || next == '/' || next == '\t' || next == '\n' || next == '\r')) {
      return true;
    }
  }
  return false;
}

bool looks_like_markdown_line(std::string_view line) {
  if (line.empty()) return false;
  if (line[0] == '#') return true;
  if (line.size() >= 2 && (line[0] == '*' || line[0] == '-' || line[0] == '>') && line[1] == ' ') {
    return true;
  }
  return line.substr(0, 3) == "```";
}

// "[text](url" somewhere: a ']' directly followed by '(' after a '['.
bool has_inline_link(std::string_view s) {
  for (size_t close = s.find("]("); close != std::string_view::npos; close = s.find("](", close + 2)) {
    size_t open = s.rfind('[', close);
    if (open != std::string_view::npos && close > open + 1 && s.find('\n', open) >= close) return true;
  }
  return false;
}

bool has_strong_emphasis(std::string_view s) {
  size_t open = s.find("**");
  while (open != std::string_view::npos) {
    size_t close = s.find("**", open + 2);
    if (close == std::string_view::npos) return false;
    // "**bold**": something in between, not starting or ending with a space.
    if (close > open + 2 && s[open + 2] != ' ' && s[close - 1] != ' ') return true;
    open = close;
  }
  return false;
}

}  // namespace

void TextView::clear() {
  text.clear();
  map.clear();
  format = InputFormat::kText;
}

InputFormat detect_format(std::string_view input) {
  std::string_view s = input;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  size_t first = s.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return InputFormat::kText;
  s.remove_prefix(first);
  if (s.size() >= 2 && s[0] == '<' && (is_ascii_letter(s[1]) || s[1] == '!' || s[1] == '/')) {
    return InputFormat::kHtml;
  }
  std::string_view window = s.substr(0, kDetectWindow);
  for (size_t lt = window.find('<'); lt != std::string_view::npos; lt = window.find('<', lt + 1)) {
    if (block_tag_at(window, lt)) return InputFormat::kHtml;
  }
  for (size_t line_start = 0; line_start < window.size();) {
    size_t line_end = std::min(window.find('\n', line_start), window.size());
    if (looks_like_markdown_line(window.substr(line_start, line_end - line_start))) {
      return InputFormat::kMarkdown;
    }
    line_start = line_end + 1;
  }
  if (has_inline_link(window) || has_strong_emphasis(window)) return InputFormat::kMarkdown;
  return InputFormat::kText;
}

namespace {

// Plain text as given, except that a run of spaces and tabs is one space: the words of
// a multi-word term ("تنظيم الدولة") are one space apart in every rule, and an extra space
// must not hide them. Line breaks stay: they end sentences and paragraphs.
void build_plain_view(std::string_view input, TextView& out) {
  if (input.find("  ") == std::string_view::npos && input.find('\t') == std::string_view::npos) {
    out.text.assign(input);
    out.map.copy(0, static_cast<uint32_t>(input.size()));
    return;
  }
  out.text.reserve(input.size());
  size_t copied = 0;
  for (size_t i = 0; i < input.size();) {
    if (input[i] != ' ' && input[i] != '\t') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < input.size() && (input[end] == ' ' || input[end] == '\t')) ++end;
    if (end - i == 1 && input[i] == ' ') {
      i = end;
      continue;
    }
    out.text.append(input.substr(copied, i - copied));
    out.map.copy(static_cast<uint32_t>(copied), static_cast<uint32_t>(i - copied));
    out.text.push_back(' ');
    out.map.replace(static_cast<uint32_t>(i), static_cast<uint32_t>(end - i), 1);
    copied = i = end;
  }
  out.text.append(input.substr(copied));
  out.map.copy(static_cast<uint32_t>(copied), static_cast<uint32_t>(input.size() - copied));
}

}  // namespace

void build_text_view(std::string_view input, InputFormat format, TextView& out) {
  out.clear();
  if (input.size() > std::numeric_limits<uint32_t>::max()) {
    // Offsets are 32-bit; the scan options' max_input_bytes normally stops this earlier.
    throw Error(COPYDESK_E_LIMIT, "input of 4 GiB or more cannot be scanned");
  }
  if (format == InputFormat::kAuto) format = detect_format(input);
  if (format != InputFormat::kHtml && format != InputFormat::kMarkdown) format = InputFormat::kText;
  out.format = format;
  ViewBuilder builder(input, out);
  switch (format) {
    case InputFormat::kHtml:
      build_html_view(input, builder);
      break;
    case InputFormat::kMarkdown:
      build_markdown_view(input, builder);
      break;
    default:
      build_plain_view(input, out);
      break;
  }
  out.map.finish(static_cast<uint32_t>(input.size()));
}

}  // namespace copydesk::detail
