#include "text_view/html_lexer.h"

#include <algorithm>

namespace copydesk::detail {
namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_tag_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Elements whose content the HTML tokenizer reads as text up to the end tag.
bool has_raw_content(GumboTag tag, bool& decodes_entities) {
  decodes_entities = tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_TITLE;
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool is_dropped_element(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

bool is_block_element(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FORM:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_CENTER: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_MENU: case GUMBO_TAG_DIR: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

bool is_void_element(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR: case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_HR: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR: case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME: case GUMBO_TAG_IMAGE: case GUMBO_TAG_MENUITEM:
      return true;
    default:
      return false;
  }
}

bool HtmlLexer::next(HtmlToken& token) {
  if (pos_ >= input_.size()) return false;
  if (raw_until_ != GUMBO_TAG_LAST) return raw_text(token);
  const size_t size = input_.size();
  const size_t start = pos_;
  token.begin = static_cast<uint32_t>(start);
  token.tag = GUMBO_TAG_UNKNOWN;
  if (input_[start] != '<' || start + 1 >= size) {
    // Text up to the next '<' that may open markup.
    size_t end = start + 1;
    while (end < size) {
      end = input_.find('<', end);
      if (end == std::string_view::npos) { end = size; break; }
      char next = end + 1 < size ? input_[end + 1] : '\0';
      if (is_ascii_letter(next) || next == '/' || next == '!' || next == '?') break;
      ++end;
    }
    token.kind = HtmlToken::kText;
    pos_ = end;
    token.end = static_cast<uint32_t>(end);
    return true;
  }
  char next = input_[start + 1];
  if (next == '!' || next == '?' || (next == '/' && (start + 2 >= size || !is_ascii_letter(input_[start + 2])))) {
    // Comment, doctype, processing instruction or bogus comment.
    size_t end;
    if (input_.compare(start, 4, "<!--") == 0) {
      end = input_.find("-->", start + 4);
      end = end == std::string_view::npos ? size : end + 3;
    } else {
      end = input_.find('>', start + 2);
      end = end == std::string_view::npos ? size : end + 1;
    }
    token.kind = HtmlToken::kMarkup;
    pos_ = end;
    token.end = static_cast<uint32_t>(end);
    return true;
  }
  if (!is_ascii_letter(next) && next != '/') {
    token.kind = HtmlToken::kText;  // a stray '<'
    pos_ = start + 1;
    token.end = static_cast<uint32_t>(pos_);
    return true;
  }
  bool end_tag = next == '/';
  size_t name_start = start + (end_tag ? 2 : 1);
  size_t name_end = name_start;
  while (name_end < size && !is_tag_space(input_[name_end]) && input_[name_end] != '/' &&
         input_[name_end] != '>') {
    ++name_end;
  }
  // Attributes: a '>' inside a quoted value does not end the tag.
  size_t end = name_end;
  char quote = 0;
  for (; end < size; ++end) {
    char c = input_[end];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (end > name_end && (input_[end - 1] == '=' || is_tag_space(input_[end - 1]))) quote = c;
    } else if (c == '>') {
      break;
    }
  }
  end = end < size ? end + 1 : size;
  token.kind = end_tag ? HtmlToken::kEndTag : HtmlToken::kStartTag;
  token.tag = gumbo_tagn_enum(input_.data() + name_start, static_cast<unsigned>(name_end - name_start));
  token.end = static_cast<uint32_t>(end);
  pos_ = end;
  bool decodes = false;
  if (!end_tag && has_raw_content(token.tag, decodes)) {
    raw_until_ = token.tag;
    raw_decodes_entities_ = decodes;
  }
  return true;
}

bool HtmlLexer::raw_text(HtmlToken& token) {
  const size_t size = input_.size();
  const size_t start = pos_;
  const GumboTag tag = raw_until_;
  raw_until_ = GUMBO_TAG_LAST;
  token.kind = raw_decodes_entities_ ? HtmlToken::kText : HtmlToken::kRawText;
  token.begin = static_cast<uint32_t>(start);
  token.tag = GUMBO_TAG_UNKNOWN;
  size_t end = size;
  if (tag != GUMBO_TAG_PLAINTEXT) {
    const char* name = gumbo_normalized_tagname(tag);
    const size_t name_len = std::char_traits<char>::length(name);
    for (size_t at = input_.find("</", start); at != std::string_view::npos;
         at = input_.find("</", at + 2)) {
      size_t after = at + 2 + name_len;
      if (after > size) break;
      bool same = true;
      for (size_t k = 0; k < name_len && same; ++k) same = ascii_lower(input_[at + 2 + k]) == name[k];
      if (same && (after == size || is_tag_space(input_[after]) || input_[after] == '/' ||
                   input_[after] == '>')) {
        end = at;
        break;
      }
    }
  }
  pos_ = end;
  token.end = static_cast<uint32_t>(end);
  if (end == start) return next(token);  // empty content: go on with the end tag
  return true;
}

}  // namespace copydesk::detail
