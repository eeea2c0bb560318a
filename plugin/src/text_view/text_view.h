// Text view: the first pipeline stage. It turns the caller's input (plain text,
// Markdown or HTML) into plain text for the later stages and records, in an
// OffsetMap, where every byte of that text came from in the input.
//
// What each format keeps:
//  - Plain text: the input as is (one copy segment; invalid UTF-8, CR, NUL are
//    left for the fold stage).
//  - HTML (gumbo): the text of the body. Tags, comments, attribute values and the
//    content of script, style, template, noscript, head (title included), iframe,
//    object, svg and math are dropped. Block elements (p, div, h1-h6, li, table
//    cells, ...) become a paragraph break "\n\n", <br> becomes "\n"; inline tags
//    produce nothing, so <b>دا</b>عش reads "داعش". Entities are decoded.
//  - Markdown (md4c, GitHub dialect): the text of paragraphs, headings, list
//    items, table cells, blockquotes, link texts and image alt texts. Code spans,
//    code blocks, raw HTML (comments included), link destinations and titles are
//    dropped. Blocks become "\n\n", hard and soft line breaks "\n".
//  - In HTML and Markdown views invalid UTF-8 becomes U+FFFD here (gumbo does
//    so anyway, and removing markup between stray bytes must not join them into
//    a character); gumbo also turns CR/CRLF into LF and drops or replaces NUL.
//
// How the map is built: verbatim runs of input are `copy` segments; a decoded
// entity, a CR/CRLF turned into "\n" or invalid bytes turned into U+FFFD are one
// `replace` segment each (the whole entity maps back as a unit); paragraph breaks
// and <br> newlines are `insert`ed (they have no input bytes of their own). Gumbo
// gives each text node its decoded text and a pointer into the input; the two are
// aligned byte by byte to recover these segments. md4c hands out pointers into
// the input directly.
//
// Hostile HTML (nesting so deep that gumbo would turn quadratic or recurse past
// a safe stack depth) is detected by a linear pre-scan and handled instead by a
// built-in linear tag stripper with the same rules for what is kept.
#pragma once

#include <string>
#include <string_view>

#include "util/offset_map.h"

namespace copydesk::detail {

// Values equal the public COPYDESK_FORMAT_* constants.
enum class InputFormat : int { kAuto = 0, kText = 1, kMarkdown = 2, kHtml = 3 };

struct TextView {
  std::string text;   // plain text; block boundaries as "\n\n", <br> as "\n"
  OffsetMap map;      // text bytes -> original input bytes
  InputFormat format = InputFormat::kText;  // format actually used (kAuto resolved)
  void clear();
};

// Guesses the format from the content. Leading whitespace and a UTF-8 BOM are
// skipped first. Then, looking at the first 4 KB:
//  - HTML when the input starts with '<' followed by an ASCII letter, '!' or '/',
//    or when an HTML block tag (<p>, <div, <br, <h1>..<h6>, <ul, <ol, <li,
//    <table, <article, <section, <blockquote, ...) appears;
//  - otherwise Markdown when a line starts with "#", "* ", "- ", "> " or "```",
//    or when an inline link "[text](url)" or "**bold**" appears;
//  - otherwise plain text.
InputFormat detect_format(std::string_view input);

// Builds the view of `input` read as `format` (kAuto: detect_format). Reuses
// out's buffers. Never throws on malformed input (std::bad_alloc only); linear
// time. Offsets are 32-bit: input of 4 GiB or more throws copydesk::Error
// (COPYDESK_E_LIMIT); the scan options' max_input_bytes normally stops it sooner.
void build_text_view(std::string_view input, InputFormat format, TextView& out);

}  // namespace copydesk::detail
