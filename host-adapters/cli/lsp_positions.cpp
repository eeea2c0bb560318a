#include "lsp_positions.h"

#include <algorithm>

namespace copydesk::cli {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// UTF-16 units of the character whose first byte is `lead`.
unsigned units_of(char lead) { return (static_cast<unsigned char>(lead) & 0xF8) == 0xF0 ? 2 : 1; }

}  // namespace

std::uint64_t utf16_length(std::string_view s) {
  std::uint64_t units = 0;
  for (char c : s)
    if (!is_continuation(c)) units += units_of(c);
  return units;
}

LineTable::LineTable(std::string_view text) : text_(text) {
  starts_.push_back({0, 0});
  std::uint64_t utf16 = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!is_continuation(c)) utf16 += units_of(c);
    const bool breaks = c == '\n' || (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
    if (breaks) starts_.push_back({i + 1, utf16});
  }
}

std::size_t LineTable::line_end(std::uint32_t line) const {
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1].byte : text_.size();
  if (end > starts_[line].byte && line + 1 < starts_.size()) {
    --end;  // the \n or lone \r
    if (text_[end] == '\n' && end > starts_[line].byte && text_[end - 1] == '\r') --end;
  }
  return end;
}

std::uint32_t LineTable::line_of(std::uint64_t byte) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), byte,
                             [](std::uint64_t b, const LineStart& s) { return b < s.byte; });
  return static_cast<std::uint32_t>(it - starts_.begin() - 1);
}

LspPosition LineTable::position(std::uint64_t byte, std::uint64_t utf16, PositionEncoding encoding) const {
  byte = std::min<std::uint64_t>(byte, text_.size());
  const std::uint32_t line = line_of(byte);
  const LineStart& start = starts_[line];
  const std::uint64_t character =
      encoding == PositionEncoding::kUtf8 ? byte - start.byte : (utf16 >= start.utf16 ? utf16 - start.utf16 : 0);
  return {line, static_cast<std::uint32_t>(std::min<std::uint64_t>(character, UINT32_MAX))};
}

LspPosition LineTable::position(std::uint64_t byte, PositionEncoding encoding) const {
  byte = std::min<std::uint64_t>(byte, text_.size());
  const LineStart& start = starts_[line_of(byte)];
  return position(byte, start.utf16 + utf16_length(text_.substr(start.byte, byte - start.byte)), encoding);
}

std::size_t LineTable::offset(LspPosition position, PositionEncoding encoding) const {
  if (position.line >= starts_.size()) return text_.size();
  const std::size_t begin = starts_[position.line].byte;
  const std::size_t end = line_end(position.line);
  if (encoding == PositionEncoding::kUtf8) {
    std::size_t at = std::min<std::size_t>(begin + position.character, end);
    while (at > begin && at < text_.size() && is_continuation(text_[at])) --at;
    return at;
  }
  std::uint64_t units = 0;
  std::size_t at = begin;
  while (at < end) {
    const unsigned width = units_of(text_[at]);
    if (units + width > position.character) break;
    units += width;
    ++at;
    while (at < end && is_continuation(text_[at])) ++at;
  }
  return at;
}

}  // namespace copydesk::cli
