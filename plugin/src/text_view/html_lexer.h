// A small linear HTML tokenizer. It is not a conforming parser: it feeds the
// pre-scan that decides whether gumbo can parse the input in reasonable time
// and stack depth, and the fallback stripper used when it cannot.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string_view>

namespace copydesk::detail {

struct HtmlToken {
  enum Kind { kText, kRawText, kStartTag, kEndTag, kMarkup } kind = kText;
  uint32_t begin = 0;  // input bytes of the whole token
  uint32_t end = 0;
  GumboTag tag = GUMBO_TAG_UNKNOWN;  // start and end tags
  uint32_t attributes = 0;           // start and end tags: attribute names written (duplicates too)
};

class HtmlLexer {
 public:
  explicit HtmlLexer(std::string_view input) : input_(input) {}
  // False at the end of the input.
  bool next(HtmlToken& token);

 private:
  // Content of script, style, textarea...: up to the matching end tag.
  bool raw_text(HtmlToken& token);

  std::string_view input_;
  size_t pos_ = 0;
  GumboTag raw_until_ = GUMBO_TAG_LAST;  // set after a start tag with raw content
  bool raw_decodes_entities_ = false;     // textarea and title decode entities
};

// True when the '<' at s[at] opens markup (a tag, comment, doctype...) as the
// HTML tokenizer reads text; false for a literal '<' ("a < b", "<3").
bool is_markup_start(std::string_view s, size_t at);
// Where the markup opened at s[at] ends (is_markup_start must hold): after its
// '>' ('>' inside quoted attribute values does not count), or at the end of s.
// `attributes`, when given, receives the number of attribute names in a tag.
size_t markup_end(std::string_view s, size_t at, uint32_t* attributes = nullptr);

// Elements whose content is not text for the view.
bool is_dropped_element(GumboTag tag);
// Elements that delimit paragraphs.
bool is_block_element(GumboTag tag);
bool is_void_element(GumboTag tag);

}  // namespace copydesk::detail
