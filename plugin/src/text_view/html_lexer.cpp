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

bool is_markup_start(std::string_view s, size_t at) {
  if (at + 1 >= s.size() || s[at] != '<') return false;
  char next = s[at + 1];
  return is_ascii_letter(next) || next == '!' || next == '?' || (next == '/' && at + 2 < s.size());
}

size_t markup_end(std::string_view s, size_t at, uint32_t* attributes) {
  const size_t size = s.size();
  uint32_t names = 0;
  if (attributes == nullptr) attributes = &names;
  *attributes = 0;
  auto through = [size](size_t found, size_t length) {
    return found == std::string_view::npos ? size : found + length;
  };
  const char next = s[at + 1];
  if (next == '!' && s.compare(at, 4, "<!--") == 0) {
    if (s.compare(at + 4, 1, ">") == 0) return at + 5;   // "<!-->"
    if (s.compare(at + 4, 2, "->") == 0) return at + 6;  // "<!--->"
    for (size_t dash = s.find("--", at + 4); dash != std::string_view::npos; dash = s.find("--", dash + 1)) {
      if (s.compare(dash + 2, 1, ">") == 0) return dash + 3;
      if (s.compare(dash + 2, 2, "!>") == 0) return dash + 4;
    }
    return size;
  }
  if (!is_ascii_letter(next) && !(next == '/' && is_ascii_letter(s[at + 2]))) {
    return through(s.find('>', at + 2), 1);  // doctype, bogus comment, "</>"
  }
  // A tag: its name, then attributes, where quoted values may hold '>'.
  size_t k = at + (next == '/' ? 2 : 1);
  while (k < size && !is_tag_space(s[k]) && s[k] != '/' && s[k] != '>') ++k;
  enum { kBetween, kName, kAfterName, kBeforeValue, kQuoted, kUnquoted } state = kBetween;
  char quote = 0;
  for (; k < size; ++k) {
    const char c = s[k];
    switch (state) {
      case kBetween:
        if (c == '>') return k + 1;
        if (!is_tag_space(c) && c != '/') state = kName, ++*attributes;
        break;
      case kName:
        if (c == '>') return k + 1;
        if (is_tag_space(c)) state = kAfterName;
        else if (c == '/') state = kBetween;
        else if (c == '=') state = kBeforeValue;
        break;
      case kAfterName:
        if (c == '>') return k + 1;
        if (c == '/') state = kBetween;
        else if (c == '=') state = kBeforeValue;
        else if (!is_tag_space(c)) state = kName, ++*attributes;
        break;
      case kBeforeValue:
        if (c == '>') return k + 1;
        if (c == '"' || c == '\'') quote = c, state = kQuoted;
        else if (!is_tag_space(c)) state = kUnquoted;
        break;
      case kQuoted:
        if (c == quote) state = kBetween;
        break;
      case kUnquoted:
        if (c == '>') return k + 1;
        if (is_tag_space(c)) state = kBetween;
        break;
    }
  }
  return size;
}

bool HtmlLexer::next(HtmlToken& token) {
  if (pos_ >= input_.size()) return false;
  if (raw_until_ != GUMBO_TAG_LAST) return raw_text(token);
  const size_t size = input_.size();
  const size_t start = pos_;
  token.begin = static_cast<uint32_t>(start);
  token.tag = GUMBO_TAG_UNKNOWN;
  token.attributes = 0;
  if (!is_markup_start(input_, start)) {
    // Text up to the next markup.
    size_t end = start + 1;
    while (end < size) {
      end = input_.find('<', end);
      if (end == std::string_view::npos) {
        end = size;
      } else if (!is_markup_start(input_, end)) {
        ++end;
        continue;
      }
      break;
    }
    token.kind = HtmlToken::kText;
    pos_ = end;
    token.end = static_cast<uint32_t>(end);
    return true;
  }
  token.attributes = 0;
  const size_t end = markup_end(input_, start, &token.attributes);
  pos_ = end;
  token.end = static_cast<uint32_t>(end);
  const char next = input_[start + 1];
  const bool end_tag = next == '/' && is_ascii_letter(input_[start + 2]);
  if (!is_ascii_letter(next) && !end_tag) {
    token.kind = HtmlToken::kMarkup;
    return true;
  }
  size_t name_start = start + (end_tag ? 2 : 1);
  size_t name_end = name_start;
  while (name_end < end && !is_tag_space(input_[name_end]) && input_[name_end] != '/' &&
         input_[name_end] != '>') {
    ++name_end;
  }
  token.kind = end_tag ? HtmlToken::kEndTag : HtmlToken::kStartTag;
  token.tag = gumbo_tagn_enum(input_.data() + name_start, static_cast<unsigned>(name_end - name_start));
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
  token.attributes = 0;
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
