// LSP positions in a document held as UTF-8: a line (\n, \r\n and \r each end one, as LSP
// says) and a character offset in the unit agreed at initialize: UTF-16 code units (LSP's
// default) or UTF-8 bytes.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace copydesk::cli {

enum class PositionEncoding { kUtf16, kUtf8 };

struct LspPosition {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

class LineTable {
 public:
  // `text` must outlive the table.
  explicit LineTable(std::string_view text);

  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }
  // Byte offsets of line `line`'s first byte and of the end of its text (before its break).
  std::size_t line_start(std::uint32_t line) const { return starts_[line].byte; }
  std::size_t line_end(std::uint32_t line) const;

  // The position of byte `byte`, whose offset in UTF-16 code units from the start of the
  // text is `utf16` (as copydesk_finding gives both): no counting, whatever the line length.
  LspPosition position(std::uint64_t byte, std::uint64_t utf16, PositionEncoding encoding) const;
  // The same, counting the line's UTF-16 code units up to `byte`.
  LspPosition position(std::uint64_t byte, PositionEncoding encoding) const;
  // The byte a client's position points at. As LSP says, a character past the end of its
  // line means the line's end, a line past the last one the end of the text; a position
  // inside a character (half a surrogate pair, a continuation byte) means its start.
  std::size_t offset(LspPosition position, PositionEncoding encoding) const;

 private:
  struct LineStart {
    std::size_t byte;
    std::uint64_t utf16;
  };
  std::uint32_t line_of(std::uint64_t byte) const;
  std::string_view text_;
  std::vector<LineStart> starts_;
};

// UTF-16 code units of valid UTF-8 `s` (a lead byte of four bytes is a surrogate pair).
std::uint64_t utf16_length(std::string_view s);

}  // namespace copydesk::cli
