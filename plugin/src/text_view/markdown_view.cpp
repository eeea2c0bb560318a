// Markdown -> view with md4c. md4c's text callbacks point into the input, so
// the map is built from those pointers directly. The parse is recorded first and
// emitted afterwards, so that named entities can be decoded in one batch.
#include <md4c.h>

#include <exception>
#include <vector>

#include "text_view/view_builder.h"
#include "util/utf8.h"

namespace copydesk::detail {
namespace {

// How far past the last text a line break is looked for (trailing spaces,
// closing emphasis or link destination in between).
constexpr size_t kLineBreakSearch = 1024;

struct Piece {
  enum Kind : uint8_t { kBreak, kCopy, kLineBreak, kSoftBreak, kNullChar, kEntity } kind;
  uint32_t in_pos;
  uint32_t in_len;
};

class Recorder {
 public:
  explicit Recorder(std::string_view input) : input_(input) {}

  int parse() {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = &Recorder::on_block;
    parser.leave_block = &Recorder::on_block;
    parser.enter_span = &Recorder::on_span;
    parser.leave_span = &Recorder::on_span;
    parser.text = &Recorder::on_text;
    int status = md_parse(input_.data(), static_cast<MD_SIZE>(input_.size()), &parser, this);
    if (failure_) std::rethrow_exception(failure_);
    return status;
  }

  std::vector<Piece>& pieces() { return pieces_; }
  EntityDecoder& entities() { return entities_; }

 private:
  // Exceptions (std::bad_alloc) must not unwind through md4c's C frames: they
  // stop the parse and are rethrown once md_parse has returned.
  template <typename Action>
  static int guarded(void* self, Action action) {
    auto* recorder = static_cast<Recorder*>(self);
    try {
      action(*recorder);
      return 0;
    } catch (...) {
      recorder->failure_ = std::current_exception();
      return -1;
    }
  }
  static int on_block(MD_BLOCKTYPE, void*, void* self) {
    return guarded(self, [](Recorder& r) { r.add(Piece::kBreak, 0, 0); });
  }
  static int on_span(MD_SPANTYPE, void*, void*) { return 0; }
  static int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
    return guarded(self, [&](Recorder& r) { r.text(type, text, size); });
  }

  void add(Piece::Kind kind, uint32_t in_pos, uint32_t in_len) {
    pieces_.push_back({kind, in_pos, in_len});
  }

  void text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
    const char* begin = input_.data();
    bool in_input = text >= begin && size <= input_.size() &&
                    static_cast<size_t>(text - begin) <= input_.size() - size;
    uint32_t pos = in_input ? static_cast<uint32_t>(text - begin) : last_end_;
    if (in_input) last_end_ = pos + size;
    switch (type) {
      case MD_TEXT_NORMAL:
        if (!in_input) break;
        // md4c reports each unmatched '[' or '*' as a text of its own: pieces that continue
        // the last one are merged, so the pieces stay few ('[' * N is one piece, not N).
        if (!pieces_.empty() && pieces_.back().kind == Piece::kCopy &&
            pieces_.back().in_pos + pieces_.back().in_len == pos) {
          pieces_.back().in_len += size;
        } else {
          add(Piece::kCopy, pos, size);
        }
        break;
      case MD_TEXT_ENTITY:
        if (in_input) {
          add(Piece::kEntity, pos, size);
          if (size > 2 && text[1] != '#') entities_.request(std::string_view(text, size));
        }
        break;
      case MD_TEXT_NULLCHAR: {
        size_t at = in_input && size == 1 && *text == '\0' ? pos : input_.find('\0', last_end_);
        if (at != std::string_view::npos && at - last_end_ <= kLineBreakSearch) {
          add(Piece::kNullChar, static_cast<uint32_t>(at), 1);
          last_end_ = static_cast<uint32_t>(at + 1);
        } else {
          add(Piece::kNullChar, last_end_, 0);
        }
        break;
      }
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR: {
        size_t limit = std::min(input_.size(), size_t{last_end_} + kLineBreakSearch);
        size_t at = last_end_;
        while (at < limit && input_[at] != '\n' && input_[at] != '\r') ++at;
        if (at < limit) {
          uint32_t len = input_[at] == '\r' && at + 1 < input_.size() && input_[at + 1] == '\n' ? 2 : 1;
          // A soft break is a wrapped line: a space, as rendered; a hard break is "\n".
          add(type == MD_TEXT_BR ? Piece::kLineBreak : Piece::kSoftBreak, static_cast<uint32_t>(at), len);
          last_end_ = static_cast<uint32_t>(at + len);
        } else {
          add(type == MD_TEXT_BR ? Piece::kLineBreak : Piece::kSoftBreak, last_end_, 0);
        }
        break;
      }
      default:  // code, raw HTML, math: not prose
        break;
    }
  }

  std::string_view input_;
  std::vector<Piece> pieces_;
  EntityDecoder entities_;
  uint32_t last_end_ = 0;  // input offset after the last text md4c reported
  std::exception_ptr failure_;
};

// Decodes "&#1583;" / "&#x62F;" as CommonMark does (no Windows-1252 remapping).
char32_t decode_markdown_numeric(std::string_view entity) {
  bool hex = entity.size() > 2 && (entity[2] == 'x' || entity[2] == 'X');
  uint32_t value = 0;
  for (size_t k = hex ? 3 : 2; k < entity.size() && entity[k] != ';'; ++k) {
    char c = entity[k];
    uint32_t digit = c >= '0' && c <= '9'   ? static_cast<uint32_t>(c - '0')
                     : c >= 'a' && c <= 'f' ? static_cast<uint32_t>(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? static_cast<uint32_t>(c - 'A' + 10)
                                            : 0;
    value = std::min<uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
  }
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return kReplacementChar;
  return value;
}

// md4c's work grows with the square of the containers one line opens ('>' * 60000 is 60,000
// nested quotes): input where a line opens more is read by the linear fallback instead.
constexpr size_t kMaxContainersPerLine = 64;

// The length of the container prefix of the line at `i` ('>' markers, list markers, spaces
// and tabs), and in *containers how many containers it opens.
size_t container_prefix(std::string_view in, size_t i, size_t* containers) {
  const size_t start = i;
  *containers = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (c == '>') {
      ++*containers, ++i;
    } else if (c == ' ' || c == '\t') {
      ++i;
    } else if ((c == '-' || c == '*' || c == '+') && i + 1 < in.size() && (in[i + 1] == ' ' || in[i + 1] == '\t')) {
      ++*containers, i += 2;
    } else {
      break;
    }
  }
  return i - start;
}

bool nesting_within_limit(std::string_view in) {
  for (size_t i = 0; i < in.size();) {
    size_t containers;
    i += container_prefix(in, i, &containers);
    if (containers > kMaxContainersPerLine) return false;
    size_t newline = in.find('\n', i);
    if (newline == std::string_view::npos) break;
    i = newline + 1;
  }
  return true;
}

// The linear fallback: each line without its container prefix, a line break after it;
// invalid UTF-8 as U+FFFD. Inline markup stays as written.
void flattened(std::string_view input, ViewBuilder& builder) {
  builder.set_collapse_whitespace(true);
  for (size_t i = 0; i < input.size();) {
    size_t containers;
    i += container_prefix(input, i, &containers);
    size_t newline = input.find('\n', i);
    size_t end = newline == std::string_view::npos ? input.size() : newline;
    builder.copy_valid_utf8(static_cast<uint32_t>(i), static_cast<uint32_t>(end - i));
    if (newline == std::string_view::npos) break;
    builder.line_break(static_cast<uint32_t>(newline), 1);
    i = newline + 1;
  }
}

}  // namespace

void build_markdown_view(std::string_view input, ViewBuilder& builder) {
  if (!nesting_within_limit(input)) {
    flattened(input, builder);
    return;
  }
  Recorder recorder(input);
  if (recorder.parse() != 0) {
    // md4c gives up only when out of memory; read the input as plain text.
    builder.copy_valid_utf8(0, static_cast<uint32_t>(input.size()));
    return;
  }
  EntityDecoder& entities = recorder.entities();
  entities.resolve();
  std::string decoded;
  for (const Piece& piece : recorder.pieces()) {
    switch (piece.kind) {
      case Piece::kBreak:
        builder.paragraph_break();
        break;
      case Piece::kCopy:
        builder.copy_valid_utf8(piece.in_pos, piece.in_len);
        break;
      case Piece::kLineBreak:
        builder.line_break(piece.in_pos, piece.in_len);
        break;
      case Piece::kSoftBreak:
        builder.whitespace(piece.in_pos, piece.in_len);
        break;
      case Piece::kNullChar:
        builder.replace(piece.in_pos, piece.in_len, kReplacementUtf8);
        break;
      case Piece::kEntity: {
        std::string_view entity = input.substr(piece.in_pos, piece.in_len);
        decoded.clear();
        if (entity[1] == '#') {
          append_utf8(decoded, decode_markdown_numeric(entity));
        } else if (const EntityDecoder::Match* match = entities.find(entity);
                   match != nullptr && match->consumed == entity.size()) {
          decoded = match->value;  // CommonMark knows only complete names
        }
        if (decoded.empty()) {
          builder.copy(piece.in_pos, piece.in_len);
        } else {
          builder.replace(piece.in_pos, piece.in_len, decoded);
        }
        break;
      }
    }
  }
}

}  // namespace copydesk::detail
