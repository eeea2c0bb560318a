#include "rules/limits.h"

#include <algorithm>
#include <vector>

namespace copydesk::detail {

void position_of(std::string_view text, size_t pos, uint32_t& line, uint32_t& column) {
  line = 1;
  column = 1;
  if (pos > text.size()) pos = text.size();
  for (size_t i = 0; i < pos; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
}

namespace {

// A lexer that knows just enough TOML to find strings, comments, brackets, keys and
// values; it never recurses, so it is safe on any input. Whatever it does not
// understand it leaves to tomlplusplus, which then sees only bounded input.
class TomlPrescan {
 public:
  TomlPrescan(const std::string& file, std::string_view text, Diagnostics& diags)
      : file_(file), text_(text), diags_(diags) {}

  bool run() {
    if (text_.size() > SourceLimits::kMaxTomlBytes)
      return fail(0, "the file is " + std::to_string(text_.size()) + " bytes, more than the " +
                         std::to_string(SourceLimits::kMaxTomlBytes) + " a rule source may have");
    bool key_state = true;  // expecting a key (line start, header, inline-table entry)
    size_t dots = 0;        // dots since the last separator
    size_t bare_start = std::string_view::npos;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                  c == '+' || c == ':';
      if (bare) {
        if (bare_start == std::string_view::npos) bare_start = pos_;
        if (pos_ - bare_start >= SourceLimits::kMaxKeyBytes)
          return fail(bare_start, std::string(key_state ? "a key" : "a value") + " longer than " +
                                      std::to_string(SourceLimits::kMaxKeyBytes) + " bytes");
        ++pos_;
        continue;
      }
      bare_start = std::string_view::npos;
      switch (c) {
        case '#':
          while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
          continue;
        case '\n':
          if (stack_.empty() || stack_.back() == 'H') {
            key_state = true;
            dots = 0;
            stack_.clear();  // an unclosed header ends with its line
          }
          ++pos_;
          continue;
        case '"':
        case '\'':
          if (!string(key_state)) return false;
          continue;
        case '.':
          if (++dots >= SourceLimits::kMaxKeyParts)
            return fail(pos_, "a dotted key of more than " + std::to_string(SourceLimits::kMaxKeyParts) + " parts");
          ++pos_;
          continue;
        case '=':
          dots = 0;
          key_state = false;
          if (!count_value()) return false;
          ++pos_;
          continue;
        case ',':
          dots = 0;
          if (!stack_.empty() && stack_.back() == 'T') key_state = true;
          if (!count_value()) return false;
          ++pos_;
          continue;
        case '[':
          dots = 0;
          if (key_state && (stack_.empty() || stack_.back() == 'H')) {
            stack_.push_back('H');  // a table header, [a] or [[a]]
          } else {
            stack_.push_back('A');
            if (!count_value()) return false;
          }
          if (stack_.size() > SourceLimits::kMaxNesting)
            return fail(pos_, "arrays and inline tables nested more than " +
                                  std::to_string(SourceLimits::kMaxNesting) + " deep");
          ++pos_;
          continue;
        case '{':
          dots = 0;
          stack_.push_back('T');
          key_state = true;
          if (stack_.size() > SourceLimits::kMaxNesting)
            return fail(pos_, "arrays and inline tables nested more than " +
                                  std::to_string(SourceLimits::kMaxNesting) + " deep");
          ++pos_;
          continue;
        case ']':
        case '}':
          dots = 0;
          if (!stack_.empty()) stack_.pop_back();
          // After a header's ']' a key follows on the next line; in an array, more values.
          key_state = !stack_.empty() && stack_.back() == 'H';
          ++pos_;
          continue;
        default:
          ++pos_;
          continue;
      }
    }
    return true;
  }

 private:
  bool count_value() {
    if (++values_ > SourceLimits::kMaxTomlValues)
      return fail(pos_, "more than " + std::to_string(SourceLimits::kMaxTomlValues) + " values in one file");
    return true;
  }

  // At a quote: skips the string (basic, literal, multi-line); checks its length.
  bool string(bool is_key) {
    const size_t start = pos_;
    const char q = text_[pos_];
    const bool multi = text_.substr(pos_, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''");
    pos_ += multi ? 3 : 1;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\' && q == '"') {
        pos_ += 2;
        continue;
      }
      if (!multi && c == '\n') break;  // unterminated: tomlplusplus reports it
      if (c == q && (!multi || text_.substr(pos_, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''"))) {
        pos_ += multi ? 3 : 1;
        if (multi)
          for (int extra = 0; extra < 2 && pos_ < text_.size() && text_[pos_] == q; ++extra) ++pos_;
        break;
      }
      ++pos_;
    }
    if (pos_ > text_.size()) pos_ = text_.size();
    size_t len = pos_ - start;
    size_t max = is_key ? SourceLimits::kMaxKeyBytes : SourceLimits::kMaxStringBytes;
    if (len > max + 6)
      return fail(start, std::string(is_key ? "a quoted key" : "a string") + " of " + std::to_string(len) +
                             " bytes, more than " + std::to_string(max));
    return true;
  }

  bool fail(size_t at, const std::string& why) {
    uint32_t line, column;
    position_of(text_, at, line, column);
    diags_.error(file_, line, column, "", "limit: " + why + " (docs/rules.md, \"Limits\")");
    return false;
  }

  const std::string& file_;
  std::string_view text_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  size_t values_ = 0;
  std::vector<char> stack_;  // 'H' header, 'A' array, 'T' inline table
};

}  // namespace

bool check_toml_limits(const std::string& file, std::string_view content, Diagnostics& diags) {
  return TomlPrescan(file, content, diags).run();
}

std::string check_pattern_limits(std::string_view p) {
  // Product of the repeat bounds of the enclosing groups, per nesting level.
  std::vector<uint64_t> group{1};
  uint64_t last_atom_factor = 1;  // what a repeat right after a ')' multiplies
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
      last_atom_factor = 1;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == '^') ++i;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;
      last_atom_factor = 1;
      continue;
    }
    if (c == '(') {
      group.push_back(1);
      continue;
    }
    if (c == ')') {
      uint64_t inner = group.back();
      if (group.size() > 1) group.pop_back();
      group.back() = std::max(group.back(), inner);
      last_atom_factor = inner;
      continue;
    }
    if (c == '{') {
      size_t j = i + 1;
      uint64_t lo = 0, hi = 0;
      bool digits = false, comma = false, hi_digits = false;
      while (j < p.size() && p[j] >= '0' && p[j] <= '9') lo = std::min<uint64_t>(lo * 10 + (p[j++] - '0'), 1u << 30), digits = true;
      if (j < p.size() && p[j] == ',') {
        comma = true;
        ++j;
        while (j < p.size() && p[j] >= '0' && p[j] <= '9')
          hi = std::min<uint64_t>(hi * 10 + (p[j++] - '0'), 1u << 30), hi_digits = true;
      }
      if (!digits || j >= p.size() || p[j] != '}') {
        last_atom_factor = 1;
        continue;  // a literal brace
      }
      uint64_t bound = comma ? (hi_digits ? hi : lo) : lo;
      if (lo > SourceLimits::kMaxRepeat || bound > SourceLimits::kMaxRepeat)
        return "the repetition {" + std::string(p.substr(i + 1, j - i - 1)) + "} goes beyond " +
               std::to_string(SourceLimits::kMaxRepeat);
      uint64_t product = std::max<uint64_t>(bound, 1) * last_atom_factor;
      if (product > SourceLimits::kMaxRepeat * 10)
        return "nested repetitions multiply to " + std::to_string(product) + ", more than " +
               std::to_string(SourceLimits::kMaxRepeat * 10);
      group.back() = std::max(group.back(), product);
      i = j;
      last_atom_factor = 1;
      continue;
    }
    last_atom_factor = 1;
  }
  return {};
}

}  // namespace copydesk::detail
