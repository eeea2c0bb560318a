// Sentences and paragraphs of the folded text (after plugin/src/fold: `؟` is
// already `?`, `۔` is `.`, quotes are `"`, Latin is lower case).
//
// A sentence ends after a run of `.`, `!`, `?` (closing `"`, `'`, `)`, `]`, `}`
// stay with it) followed by whitespace or the end of the text, and at every line
// break. A blank line (a line break, optional spaces, a line break) also ends a
// paragraph. Not ends: decimal points and other dots inside a token (`3.5`, `u.s.a`),
// the abbreviations of kAbbreviations in segment.cpp, initials (`j. smith`) and dotted
// acronyms (`u.s.`). The next sentence starts at the first non-whitespace byte after
// the end, so whitespace between sentences belongs to the sentence before.
//
// That is a byte loop. Texts in scripts that write sentences without spaces or
// with their own full stops (CJK, Thai, Lao, Khmer, Myanmar, Tibetan, the Indic
// scripts with their danda, Ethiopic, Armenian) are segmented by ICU's sentence
// BreakIterator instead, whole; line breaks and blank lines still break there.
// Hebrew, Greek, Cyrillic and Korean use Latin punctuation and spaces and stay on
// the byte loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace copydesk::detail {

struct Segmentation {
  // Folded-text offsets, ascending, the first is 0: a text always has at least one
  // sentence and one paragraph (an empty text one empty sentence). Every paragraph
  // start is also a sentence start.
  std::vector<uint32_t> sentence_starts;
  std::vector<uint32_t> paragraph_starts;
  uint32_t text_size = 0;

  // Index of the sentence (paragraph) containing byte `pos`; the last one for
  // pos >= text_size.
  uint32_t sentence_of(uint32_t pos) const;
  uint32_t paragraph_of(uint32_t pos) const;
  // [begin, end) of sentence (paragraph) `i` < count.
  uint32_t sentence_begin(uint32_t i) const { return sentence_starts[i]; }
  uint32_t sentence_end(uint32_t i) const {
    return i + 1 < sentence_starts.size() ? sentence_starts[i + 1] : text_size;
  }
  uint32_t paragraph_begin(uint32_t i) const { return paragraph_starts[i]; }
  uint32_t paragraph_end(uint32_t i) const {
    return i + 1 < paragraph_starts.size() ? paragraph_starts[i + 1] : text_size;
  }
  size_t sentence_count() const { return sentence_starts.size(); }
  size_t paragraph_count() const { return paragraph_starts.size(); }
  void clear();
};

// Segments `folded` into `out`, reusing its buffers. Throws copydesk::Error
// (COPYDESK_E_LIMIT) for text beyond 32-bit offsets.
void segment_text(std::string_view folded, Segmentation& out);

}  // namespace copydesk::detail
