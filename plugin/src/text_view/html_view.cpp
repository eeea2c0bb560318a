// HTML -> view. gumbo parses; each kept text node's decoded text is aligned with
// its original bytes to build the offset map. Input that would make gumbo slow
// (quadratic in nesting depth) or recurse deeply goes to a linear fallback.
#include <gumbo.h>

#include <algorithm>
#include <vector>

#include "text_view/html_lexer.h"
#include "text_view/view_builder.h"
#include "util/utf8.h"

namespace copydesk::detail {
namespace {

// gumbo keeps the open-element stack as a vector it searches linearly for many
// tokens, and frees the tree recursively (about 50 bytes of stack per level).
// Past this estimated depth the fallback stripper takes over.
constexpr size_t kMaxGumboDepth = 2048;
// Work allowed for gumbo, in "open-element stack entries scanned", estimated
// by the pre-scan: a fixed allowance plus a multiple of the input size.
constexpr uint64_t kGumboWorkAllowance = 50'000'000;
constexpr uint64_t kGumboWorkPerInputByte = 16;
// Elements an end-tag search in the pre-scan looks through.
constexpr size_t kEndTagSearchWindow = 64;
// gumbo checks each attribute of a tag against all the earlier ones (quadratic: '<a ' * 500000
// is one tag with 500,000 attributes). A tag with more goes to the fallback stripper.
constexpr uint32_t kMaxGumboAttributes = 64;

bool closes_same_element(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_OPTION: case GUMBO_TAG_A:
    case GUMBO_TAG_NOBR:
      return true;
    default:
      return false;
  }
}

// Estimates, in one linear pass, whether gumbo would parse `input` within the
// depth and work limits. The estimate tracks a simplified open-element stack
// (same-element and paragraph auto-closing only), so it errs towards deeper.
bool gumbo_can_parse(std::string_view input) {
  const uint64_t budget = kGumboWorkAllowance + kGumboWorkPerInputByte * input.size();
  std::vector<GumboTag> open;
  uint64_t work = 0;
  HtmlLexer lexer(input);
  HtmlToken token;
  while (lexer.next(token)) {
    switch (token.kind) {
      case HtmlToken::kStartTag: {
        if (token.attributes > kMaxGumboAttributes) return false;
        if (!is_void_element(token.tag)) {
          if (!open.empty()) {
            GumboTag top = open.back();
            bool cell = (token.tag == GUMBO_TAG_TD || token.tag == GUMBO_TAG_TH) &&
                        (top == GUMBO_TAG_TD || top == GUMBO_TAG_TH);
            if ((closes_same_element(token.tag) && top == token.tag) || cell ||
                (top == GUMBO_TAG_P && is_block_element(token.tag))) {
              open.pop_back();
            }
          }
          open.push_back(token.tag);
          if (open.size() > kMaxGumboDepth) return false;
        }
        work += open.size();
        break;
      }
      case HtmlToken::kEndTag: {
        if (token.attributes > kMaxGumboAttributes) return false;
        size_t window = std::min(open.size(), kEndTagSearchWindow);
        for (size_t k = 1; k <= window; ++k) {
          if (open[open.size() - k] == token.tag) {
            open.resize(open.size() - k);
            break;
          }
        }
        break;
      }
      default:
        // gumbo looks at the open elements for every character in some states.
        work += (uint64_t{token.end - token.begin} * open.size()) / 8;
        break;
    }
    if (work > budget) return false;
  }
  return true;
}

// gumbo 0.10 reads the number of a numeric character reference into an int with no bound,
// so one past INT_MAX wraps: "&#x80000000;" decodes to NUL, which ends the node's C string
// and hides the rest of its text from the rules, and "&#xD8cccccc" to a lone byte of invalid
// UTF-8. Every reference beyond U+10FFFF is rewritten, in a copy and in place, to as many
// digits of U+FFFD with leading zeros (what the standard decodes it to), so no offset moves.
// Returns the input itself when nothing needs it.
std::string_view clamp_numeric_references(std::string_view input, std::string& copy) {
  copy.clear();
  for (size_t amp = input.find("&#"); amp != std::string_view::npos; amp = input.find("&#", amp + 1)) {
    size_t pos = amp + 2;
    bool hex = pos < input.size() && (input[pos] == 'x' || input[pos] == 'X');
    if (hex) ++pos;
    const size_t digits = pos;
    uint32_t value = 0;
    for (; pos < input.size(); ++pos) {
      char c = input[pos];
      uint32_t d = c >= '0' && c <= '9'            ? static_cast<uint32_t>(c - '0')
                   : hex && c >= 'a' && c <= 'f' ? static_cast<uint32_t>(c - 'a' + 10)
                   : hex && c >= 'A' && c <= 'F' ? static_cast<uint32_t>(c - 'A' + 10)
                                                 : 99;
      if (d == 99) break;
      value = std::min<uint32_t>(value * (hex ? 16 : 10) + d, 0x110000);
    }
    if (value <= 0x10FFFF) {
      amp = pos - 1;
      continue;
    }
    // More than 0x10FFFF takes 6 hex or 7 decimal digits: room for "FFFD" or "65533".
    std::string_view fffd = hex ? "FFFD" : "65533";
    if (copy.empty()) copy.assign(input);
    std::fill(copy.begin() + static_cast<ptrdiff_t>(digits), copy.begin() + static_cast<ptrdiff_t>(pos), '0');
    copy.replace(pos - fffd.size(), fffd.size(), fffd);
    amp = pos - 1;
  }
  return copy.empty() ? input : std::string_view(copy);
}

bool starts_with_replacement(std::string_view s, size_t i) {
  return s.compare(i, kReplacementUtf8.size(), kReplacementUtf8) == 0;
}

// The tokenizer state a text node was read in: markup and entities (kData),
// entities only (kRcdata: <textarea>), neither (kRaw: <xmp>, <plaintext>).
enum class TextMode { kData, kRcdata, kRaw };

// Aligns gumbo's decoded text of one node with the node's original bytes.
// Differences gumbo makes: entities decoded, CR/CRLF -> LF, NUL dropped or
// U+FFFD, invalid UTF-8 and control characters -> U+FFFD, ignored tags (</x>,
// a second <body>) and ignored NULs left inside the original span.
class NodeAligner {
 public:
  NodeAligner(std::string_view input, const EntityDecoder& entities, ViewBuilder& builder)
      : input_(input), entities_(entities), builder_(builder) {}

  void align(uint32_t orig_pos, std::string_view orig, std::string_view text, TextMode mode) {
    size_t i = 0;  // in text
    size_t j = 0;  // in orig
    size_t run_start = 0;  // pending verbatim run orig[run_start, j) == text[..i)
    auto flush = [&] {
      if (j > run_start) builder_.copy(orig_pos + static_cast<uint32_t>(run_start),
                                       static_cast<uint32_t>(j - run_start));
    };
    auto replace = [&](size_t orig_len, size_t text_len) {
      flush();
      builder_.replace(orig_pos + static_cast<uint32_t>(j), static_cast<uint32_t>(orig_len),
                       text.substr(i, text_len));
      j += orig_len;
      i += text_len;
      run_start = j;
    };
    auto skip = [&](size_t orig_len) {
      flush();
      j += orig_len;
      run_start = j;
    };
    while (i < text.size()) {
      if (j >= orig.size()) {
        flush();
        run_start = j;
        builder_.replace(orig_pos + static_cast<uint32_t>(orig.size()), 0, text.substr(i));
        return;
      }
      const unsigned char c = static_cast<unsigned char>(orig[j]);
      // Fast path: plain ASCII copied as is.
      if (c != '&' && c != '<' && c != '\r' && c != 0 && c < 0x80 &&
          c == static_cast<unsigned char>(text[i])) {
        ++i, ++j;
        continue;
      }
      if (c == '<' && mode == TextMode::kData && is_markup_start(input_, orig_pos + j)) {
        // A tag gumbo ignored (an end tag with no element, a second <body>).
        size_t end = markup_end(input_, orig_pos + j) - orig_pos;
        skip(std::min(end, orig.size()) - j);
        continue;
      }
      if (c == '&' && mode != TextMode::kRaw && entity(orig, j, text, i, replace)) continue;
      if (c == '\r' && text[i] == '\n') {
        replace(j + 1 < orig.size() && orig[j + 1] == '\n' ? 2 : 1, 1);
        continue;
      }
      Decoded unit = c == 0 ? Decoded{0, 1, false} : decode_utf8(orig, j);
      if (unit.valid && text.compare(i, unit.len, orig.substr(j, unit.len)) == 0) {
        i += unit.len, j += unit.len;
        continue;
      }
      if (starts_with_replacement(text, i)) {
        replace(unit.len, kReplacementUtf8.size());
      } else {
        skip(unit.len);  // a byte gumbo dropped (NUL) or could not be matched
      }
    }
    flush();
  }

 private:
  template <typename Replace>
  bool entity(std::string_view orig, size_t j, std::string_view text, size_t i, Replace& replace) {
    char32_t cp;
    if (size_t len = html_numeric_reference(orig, j, cp)) {
      Decoded produced = decode_utf8(text, i);
      // A reference gumbo left undecoded shows up as the literal '&'.
      if (produced.cp == '&' && cp != '&') return false;
      replace(len, produced.len);
      return true;
    }
    std::string_view candidate = EntityDecoder::candidate_at(orig, j);
    if (candidate.empty()) return false;
    const EntityDecoder::Match* match = entities_.find(candidate);
    if (match == nullptr || match->consumed == 0 || text.compare(i, match->value.size(), match->value) != 0) {
      return false;
    }
    replace(match->consumed, match->value.size());
    return true;
  }

  std::string_view input_;
  const EntityDecoder& entities_;
  ViewBuilder& builder_;
};

// Visits the kept content of a gumbo tree in document order, without recursion.
template <typename Visitor>
void walk_tree(const GumboNode* root, Visitor& visitor) {
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
  };
  std::vector<Frame> stack;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboNode* node = frame.node;
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    if (frame.next_child >= children.length) {
      if (node->type == GUMBO_NODE_ELEMENT && is_block_element(node->v.element.tag)) visitor.block();
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_ELEMENT: {
        GumboTag tag = child->v.element.tag;
        if (is_dropped_element(tag)) break;
        if (tag == GUMBO_TAG_BR) {
          visitor.line_break(child);
          break;
        }
        if (is_block_element(tag)) visitor.block();
        stack.push_back({child, 0});  // invalidates `frame`
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        visitor.text(child);
        break;
      default:  // comments, templates
        break;
    }
  }
}

// Whitespace is kept as written only inside preformatted elements.
bool is_preformatted(const GumboNode* node) {
  for (const GumboNode* p = node->parent; p != nullptr && p->type == GUMBO_NODE_ELEMENT; p = p->parent) {
    switch (p->v.element.tag) {
      case GUMBO_TAG_PRE: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT:
      case GUMBO_TAG_XMP:
        return true;
      default:
        break;
    }
  }
  return false;
}

// How gumbo's tokenizer read a text node, from the element holding it.
TextMode text_mode(const GumboNode* node) {
  const GumboNode* parent = node->parent;
  if (parent == nullptr || parent->type != GUMBO_NODE_ELEMENT) return TextMode::kData;
  switch (parent->v.element.tag) {
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TITLE:
      return TextMode::kRcdata;
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
      return TextMode::kRaw;
    default:
      return TextMode::kData;
  }
}

struct CandidateCollector {
  EntityDecoder& entities;
  void block() {}
  void line_break(const GumboNode*) {}
  void text(const GumboNode* node) {
    std::string_view orig(node->v.text.original_text.data, node->v.text.original_text.length);
    for (size_t amp = orig.find('&'); amp != std::string_view::npos; amp = orig.find('&', amp + 1)) {
      std::string_view candidate = EntityDecoder::candidate_at(orig, amp);
      if (!candidate.empty()) entities.request(candidate);
    }
  }
};

struct ViewEmitter {
  std::string_view input;
  ViewBuilder& builder;
  NodeAligner& aligner;
  uint32_t last_pos = 0;  // input offset after the last text, for breaks with no position

  void block() { builder.paragraph_break(); }
  void line_break(const GumboNode* node) {
    size_t offset = node->v.element.start_pos.offset;
    if (offset <= input.size()) last_pos = static_cast<uint32_t>(offset);
    builder.line_break(last_pos, 0);
  }
  void text(const GumboNode* node) {
    if (node->type == GUMBO_NODE_WHITESPACE && builder.at_paragraph_boundary()) return;
    std::string_view text(node->v.text.text);
    const GumboStringPiece& original = node->v.text.original_text;
    const char* begin = input.data();
    if (original.data == nullptr || original.data < begin || original.length > input.size() ||
        static_cast<size_t>(original.data - begin) > input.size() - original.length) {
      builder.replace(last_pos, 0, text);  // no input behind it; gumbo always gives one
      return;
    }
    uint32_t pos = static_cast<uint32_t>(original.data - begin);
    builder.set_collapse_whitespace(!is_preformatted(node));
    aligner.align(pos, std::string_view(original.data, original.length), text, text_mode(node));
    last_pos = pos + static_cast<uint32_t>(original.length);
  }
};

void build_with_gumbo(std::string_view input, ViewBuilder& builder) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // error records copy the open-element stack: quadratic memory
  GumboOutput* output = gumbo_parse_with_options(&options, input.data(), input.size());
  EntityDecoder entities;
  CandidateCollector collector{entities};
  walk_tree(output->document, collector);
  entities.resolve();
  NodeAligner aligner(input, entities, builder);
  ViewEmitter emitter{input, builder, aligner};
  try {
    walk_tree(output->document, emitter);
  } catch (...) {
    gumbo_destroy_output(&options, output);
    throw;
  }
  gumbo_destroy_output(&options, output);
}

// The fallback: a linear tag stripper with the same keep/drop rules. It does not
// rebuild a tree (no implied end tags, no foster parenting) and leaves CR and
// NUL for the fold stage; invalid UTF-8 becomes U+FFFD as with gumbo.
class FallbackStripper {
 public:
  FallbackStripper(std::string_view input, ViewBuilder& builder) : input_(input), builder_(builder) {}

  void run() {
    builder_.set_collapse_whitespace(true);  // no tree here to tell <pre> apart
    HtmlLexer collect(input_);
    HtmlToken token;
    while (collect.next(token)) {
      if (token.kind != HtmlToken::kText) continue;
      std::string_view text = input_.substr(token.begin, token.end - token.begin);
      for (size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp + 1)) {
        std::string_view candidate = EntityDecoder::candidate_at(text, amp);
        if (!candidate.empty()) entities_.request(candidate);
      }
    }
    entities_.resolve();
    HtmlLexer lexer(input_);
    while (lexer.next(token)) handle(token);
  }

 private:
  void handle(const HtmlToken& token) {
    switch (token.kind) {
      case HtmlToken::kStartTag:
        if (skipping_ != GUMBO_TAG_LAST) {
          if (token.tag == skipping_ && !is_void_element(token.tag)) ++skip_depth_;
          if (skipping_ == GUMBO_TAG_HEAD && token.tag == GUMBO_TAG_BODY) skipping_ = GUMBO_TAG_LAST;
        } else if (is_dropped_element(token.tag)) {
          if (input_[token.end - 2] != '/') skipping_ = token.tag, skip_depth_ = 1;
        } else if (token.tag == GUMBO_TAG_BR) {
          builder_.line_break(token.begin, 0);
        } else if (is_block_element(token.tag)) {
          builder_.paragraph_break();
        }
        break;
      case HtmlToken::kEndTag:
        if (skipping_ != GUMBO_TAG_LAST) {
          if (token.tag == skipping_ && --skip_depth_ == 0) skipping_ = GUMBO_TAG_LAST;
        } else if (token.tag == GUMBO_TAG_BR) {
          builder_.line_break(token.begin, 0);
        } else if (is_block_element(token.tag)) {
          builder_.paragraph_break();
        }
        break;
      case HtmlToken::kText:
        if (skipping_ == GUMBO_TAG_LAST) text(token.begin, token.end);
        break;
      default:  // markup, script and style content
        break;
    }
  }

  void text(uint32_t begin, uint32_t end) {
    std::string_view text = input_.substr(begin, end - begin);
    if (builder_.at_paragraph_boundary() &&
        text.find_first_not_of(" \t\n\r\f") == std::string_view::npos) {
      return;
    }
    size_t run_start = 0;
    for (size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp + 1)) {
      char32_t cp;
      size_t len = html_numeric_reference(text, amp, cp);
      std::string produced;
      if (len > 0) {
        append_utf8(produced, cp);
      } else if (std::string_view candidate = EntityDecoder::candidate_at(text, amp); !candidate.empty()) {
        const EntityDecoder::Match* match = entities_.find(candidate);
        if (match != nullptr && match->consumed > 0) {
          len = match->consumed;
          produced = match->value;
        }
      }
      if (len == 0) continue;
      builder_.copy_valid_utf8(begin + static_cast<uint32_t>(run_start),
                               static_cast<uint32_t>(amp - run_start));
      builder_.replace(begin + static_cast<uint32_t>(amp), static_cast<uint32_t>(len), produced);
      run_start = amp + len;
      amp = run_start - 1;
    }
    builder_.copy_valid_utf8(begin + static_cast<uint32_t>(run_start),
                             static_cast<uint32_t>(text.size() - run_start));
  }

  std::string_view input_;
  ViewBuilder& builder_;
  EntityDecoder entities_;
  GumboTag skipping_ = GUMBO_TAG_LAST;  // dropped element whose content is being skipped
  size_t skip_depth_ = 0;
};

}  // namespace

void build_html_view(std::string_view input, ViewBuilder& builder) {
  std::string clamped;
  std::string_view for_gumbo = clamp_numeric_references(input, clamped);
  if (gumbo_can_parse(for_gumbo)) {
    build_with_gumbo(for_gumbo, builder);  // the same length and offsets as `input`
  } else {
    FallbackStripper(input, builder).run();
  }
}

}  // namespace copydesk::detail
