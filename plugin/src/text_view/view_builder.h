// Internal pieces shared by the HTML and Markdown views: the builder that
// appends view text and its offset map together, and the entity decoder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text_view/text_view.h"
#include "util/utf8.h"

namespace copydesk::detail {

inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

// Appends to a TextView, keeping text and map in step. Paragraph breaks are
// requested and only written when more text follows, so the view never starts
// or ends with one and never has two in a row.
class ViewBuilder {
 public:
  ViewBuilder(std::string_view input, TextView& out) : input_(input), out_(out) {}

  // HTML outside <pre> and Markdown prose: a run of spaces, tabs and line breaks
  // is one space, as a browser renders it, so a line wrapped in the source ends
  // no sentence and splits no multi-word name.
  void set_collapse_whitespace(bool on) { collapse_ = on; }

  // Input bytes [in_pos, in_pos + n) appear verbatim.
  void copy(uint32_t in_pos, uint32_t n) {
    if (n == 0) return;
    if (!collapse_) {
      copy_raw(in_pos, n);
      return;
    }
    const std::string_view s = input_.substr(in_pos, n);
    size_t run_start = 0;
    for (size_t k = 0; k < s.size();) {
      if (!is_html_space(s[k])) {
        ++k;
        continue;
      }
      size_t end = k;
      while (end < s.size() && is_html_space(s[end])) ++end;
      copy_raw(in_pos + static_cast<uint32_t>(run_start), static_cast<uint32_t>(k - run_start));
      whitespace(in_pos + static_cast<uint32_t>(k), static_cast<uint32_t>(end - k));
      run_start = k = end;
    }
    copy_raw(in_pos + static_cast<uint32_t>(run_start), static_cast<uint32_t>(s.size() - run_start));
  }
  // A run of whitespace at [in_pos, in_pos + in_len): one space, or nothing where
  // the view is empty or already ends in whitespace.
  void whitespace(uint32_t in_pos, uint32_t in_len) {
    const std::string& text = out_.text;
    if (break_pending_ || text.empty() || text.back() == ' ' || text.back() == '\n') {
      out_.map.drop(in_pos, in_len, false);
      return;
    }
    out_.text.push_back(' ');
    if (in_len == 1 && input_[in_pos] == ' ') out_.map.copy(in_pos, 1);
    else out_.map.replace(in_pos, in_len, 1);
  }
  // As copy(), but invalid UTF-8 becomes U+FFFD, one per invalid sequence (as
  // gumbo does), so that removing markup between two stray bytes cannot join
  // them into a character that the input never had.
  void copy_valid_utf8(uint32_t in_pos, uint32_t n) {
    const std::string_view bytes = input_.substr(in_pos, n);
    size_t run_start = 0;
    for (size_t k = 0; k < bytes.size();) {
      if (static_cast<unsigned char>(bytes[k]) < 0x80) {
        ++k;
        continue;
      }
      Decoded unit = decode_utf8(bytes, k);
      if (!unit.valid) {
        copy(in_pos + static_cast<uint32_t>(run_start), static_cast<uint32_t>(k - run_start));
        replace(in_pos + static_cast<uint32_t>(k), unit.len, kReplacementUtf8);
        run_start = k + unit.len;
      }
      k += unit.len;
    }
    copy(in_pos + static_cast<uint32_t>(run_start), static_cast<uint32_t>(bytes.size() - run_start));
  }
  // Input bytes [in_pos, in_pos + in_len) became `produced` (an entity, a CRLF).
  void replace(uint32_t in_pos, uint32_t in_len, std::string_view produced) {
    if (produced.empty()) return;
    if (collapse_ && produced.find_first_not_of(" \t\r\n\f") == std::string_view::npos) {
      whitespace(in_pos, in_len);  // a CRLF gumbo normalized
      return;
    }
    flush_break(in_pos);
    out_.text.append(produced);
    out_.map.replace(in_pos, in_len, static_cast<uint32_t>(produced.size()));
  }
  void paragraph_break() { break_pending_ = true; }
  // A "\n" for <br> or a Markdown line break; `in_len` 0 when it has no input
  // bytes of its own. Dropped at the start of the view and after a paragraph break.
  void line_break(uint32_t in_pos, uint32_t in_len) {
    flush_break(in_pos);
    const std::string& text = out_.text;
    if (text.empty() || (text.size() >= 2 && text.compare(text.size() - 2, 2, "\n\n") == 0)) return;
    out_.text.push_back('\n');
    out_.map.replace(in_pos, in_len, 1);
  }
  // True where whitespace-only text would only pad a paragraph boundary.
  bool at_paragraph_boundary() const {
    return break_pending_ || out_.text.empty() || out_.text.back() == '\n';
  }

 private:
  void flush_break(uint32_t in_pos) {
    if (!break_pending_) return;
    break_pending_ = false;
    std::string& text = out_.text;
    if (text.empty()) return;
    uint32_t have = 0;
    while (have < 2 && have < text.size() && text[text.size() - 1 - have] == '\n') ++have;
    if (have == 2) return;
    text.append(2 - have, '\n');
    out_.map.insert(in_pos, 2 - have);
  }

  static bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
  void copy_raw(uint32_t in_pos, uint32_t n) {
    if (n == 0) return;
    flush_break(in_pos);
    out_.text.append(input_.data() + in_pos, n);
    out_.map.copy(in_pos, n);
  }

  std::string_view input_;
  TextView& out_;
  bool break_pending_ = false;
  bool collapse_ = false;
};

// Decodes HTML named character references with gumbo's own HTML5 entity table:
// candidates are collected first and then decoded together, many per gumbo
// parse, so the cost stays linear however many entities the input holds.
class EntityDecoder {
 public:
  struct Match {
    uint32_t consumed = 0;  // bytes of the candidate that form the reference (0: none)
    std::string value;      // what those bytes decode to
  };

  // The named-reference candidate at `amp` ('&' followed by letters/digits and
  // an optional ';'), or an empty view when there is none. Names are capped
  // beyond the longest HTML5 entity name.
  static std::string_view candidate_at(std::string_view s, size_t amp);

  void request(std::string_view candidate);
  // Decodes everything requested so far.
  void resolve();
  // nullptr when `candidate` was never requested and resolved.
  const Match* find(std::string_view candidate) const;

 private:
  std::unordered_map<std::string, Match> known_;
  std::vector<std::string> pending_;
};

// Numeric character reference at `amp` as HTML parses it in text ("&#65", "&#x41;").
// Returns its length in bytes (0 when there is none) and sets `cp` to the code
// point an HTML parser produces (U+FFFD for 0, surrogates and beyond U+10FFFF;
// Windows-1252 for 0x80-0x9F).
size_t html_numeric_reference(std::string_view s, size_t amp, char32_t& cp);

void build_html_view(std::string_view input, ViewBuilder& builder);
void build_markdown_view(std::string_view input, ViewBuilder& builder);

}  // namespace copydesk::detail
