// The fold: the one normalization every article and every rule term goes through
// before matching (docs/rules.md, "What rules match against: the folded text").
//
// It is a single table-driven pass over UTF-8, code point by code point, with no
// context: lower-cased Latin without accents, Arabic without harakat or tatweel and
// with unified alef/yeh/heh/kaf, ASCII digits and punctuation, invisible and bidi
// characters removed, compatibility characters (presentation forms, full-width,
// ligatures) replaced by their NFKC letters, invalid UTF-8 replaced by U+FFFD.
// Because it has no context, folding a substring gives a substring of the fold.
//
// ICU is only used to build the tables, once per process, and for characters
// outside the Basic Multilingual Plane; plain Arabic and Latin never reach it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/offset_map.h"

namespace copydesk::detail {

struct FoldedText {
  std::string text;                     // the folded text (valid UTF-8)
  OffsetMap map;                        // folded bytes -> input (view) bytes
  uint32_t invalid_utf8 = 0;            // invalid sequences replaced by U+FFFD
  uint32_t first_invalid = UINT32_MAX;  // input offset of the first one
  uint32_t hidden_chars = 0;            // invisible/bidi characters removed from inside a word
  void clear();
};

// Folds `in` into `out`, reusing its buffers. The map is exact: a folded span maps
// back to the input bytes of the characters written there, widened over the
// diacritics and tatweel attached to its last letter, never over a removed
// invisible character before or after it. Throws copydesk::Error (COPYDESK_E_LIMIT)
// when the input or the folded text would not fit 32-bit offsets.
void fold_text(std::string_view in, FoldedText& out);

// The same fold, for rule terms: fold_string(s) == fold_text(s).text.
std::string fold_string(std::string_view s);

// Folds the non-ASCII code points of a regular expression and leaves ASCII (the
// regex syntax) untouched. A non-ASCII character that folds to ASCII punctuation is
// escaped, so `؟` becomes `\?` and `…` becomes `\.\.\.`, never a regex operator.
std::string fold_pattern(std::string_view regex);

// What tokens are made of in folded text: letters of any script (including tatweel,
// category Lm), combining marks, decimal digits, and U+FFFD. U+FFFD counts because it
// most often stands for a letter of a mis-encoded word ("\xC9tat" is one token, not
// the word "tat"). Punctuation, symbols, spaces and format characters do not.
bool is_word_char(char32_t cp);

}  // namespace copydesk::detail
