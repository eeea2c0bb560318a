#include "segment/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "copydesk.h"
#include "util/error.h"

namespace copydesk::detail {
namespace {

// Abbreviations followed by a dot that does not end a sentence, without that final
// dot, as they appear in folded (lower-case) text. Single letters (initials) and
// dotted acronyms ("u.s", "e.u") are recognized by shape, not listed.
constexpr std::string_view kAbbreviations[] = {
    // titles and ranks (English, French)
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "jr", "sr", "capt", "maj",
    "cpl", "adm", "sen", "rep", "gov", "rev", "hon", "mme", "mlle",
    // Latin and reference abbreviations
    "vs", "etc", "e.g", "i.e", "no", "fig", "vol", "pp", "approx", "av", "j.-c",
    // months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    // places and organizations
    "u.s", "u.k", "u.n",
};

// A token of up to 7 bytes as one integer, so the list is checked without memcmp.
constexpr uint64_t pack(std::string_view token) {
  uint64_t key = 0;
  for (char c : token) key = (key << 8) | static_cast<uint8_t>(c);
  return key | (static_cast<uint64_t>(token.size()) << 60);
}

constexpr auto kAbbreviationKeys = [] {
  std::array<uint64_t, std::size(kAbbreviations)> keys{};
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = pack(kAbbreviations[i]);
  return keys;
}();

enum ByteClass : uint8_t {
  kPlain,
  kTerminator,  // . ! ?
  kNewline,     // \n \r
  kMultiByte,   // lead byte of a character that may need ICU
};

constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> c{};
  c['.'] = c['!'] = c['?'] = kTerminator;
  c['\n'] = c['\r'] = kNewline;
  c[0xD6] = kMultiByte;  // Armenian full stop U+0589
  for (int b = 0xE0; b <= 0xF4; ++b) c[b] = kMultiByte;
  return c;
}();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_closer(char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'; }
// Characters that open a token before an abbreviation: "(e.g." is "e.g".
bool is_opener(char c) { return c == '(' || c == '[' || c == '{' || c == '"' || c == '\''; }

// Scripts the byte loop does not segment (see segment.h).
bool needs_icu(char32_t cp) {
  return cp == 0x0589 ||                     // Armenian full stop
         (cp >= 0x0900 && cp <= 0x0DFF) ||   // Indic scripts (danda)
         (cp >= 0x0E00 && cp <= 0x0FFF) ||   // Thai, Lao, Tibetan
         (cp >= 0x1000 && cp <= 0x109F) ||   // Myanmar
         (cp >= 0x1200 && cp <= 0x139F) ||   // Ethiopic
         (cp >= 0x1780 && cp <= 0x17FF) ||   // Khmer
         (cp >= 0x3000 && cp <= 0x30FF) ||   // CJK punctuation, kana
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||  // Han
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);   // Han extensions
}

// Decodes the code point at `i` (a lead byte); U+FFFD when invalid.
char32_t code_point_at(std::string_view t, size_t i, size_t* len) {
  int32_t pos = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), pos, static_cast<int32_t>(t.size()), c);
  *len = static_cast<size_t>(pos) - i;
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

// One letter: a single code point of category L (an initial, "j." or "م.").
bool is_single_letter(std::string_view token) {
  if (token.empty()) return false;
  size_t len = 0;
  char32_t cp = code_point_at(token, 0, &len);
  return len == token.size() && u_isalpha(static_cast<UChar32>(cp));
}

// "u.s", "e.u", "u.s.a": single letters joined by dots.
bool is_dotted_acronym(std::string_view token) {
  size_t parts = 0;
  size_t start = 0;
  while (start <= token.size()) {
    size_t dot = token.find('.', start);
    if (dot == std::string_view::npos) dot = token.size();
    if (!is_single_letter(token.substr(start, dot - start))) return false;
    ++parts;
    start = dot + 1;
  }
  return parts >= 2;
}

// Does the dot at `dot` close an abbreviation, an initial or an acronym?
bool ends_abbreviation(std::string_view t, size_t dot) {
  // Walks back at most one byte past the longest token it could accept, so a dot costs
  // O(1) however long the token before it is ('a.' * 100000 is one token).
  constexpr size_t kLongest = 16;
  size_t start = dot;
  while (start > 0 && dot - start <= kLongest && !is_space(t[start - 1]) && !is_opener(t[start - 1])) --start;
  std::string_view token = t.substr(start, dot - start);
  if (token.empty() || token.size() > kLongest) return false;
  if (token.size() <= 7) {
    uint64_t key = pack(token);
    for (uint64_t a : kAbbreviationKeys)
      if (key == a) return true;
  }
  return is_single_letter(token) || is_dotted_acronym(token);
}

class Splitter {
 public:
  Splitter(std::string_view t, Segmentation& out) : t_(t), n_(t.size()), out_(out) {}

  // The byte loop. Returns false, having stopped, when the text needs ICU.
  bool fast() {
    size_t i = 0;
    while (i < n_) {
      uint8_t cls = kClass[static_cast<uint8_t>(t_[i])];
      if (cls == kPlain) {
        ++i;
        continue;
      }
      if (cls == kNewline) {
        i = break_after(i);
        continue;
      }
      if (cls == kMultiByte) {
        size_t len = 0;
        if (needs_icu(code_point_at(t_, i, &len))) return false;
        i += len;
        continue;
      }
      // A run of terminators, then closing quotes and brackets.
      size_t run_end = i;
      while (run_end < n_ && kClass[static_cast<uint8_t>(t_[run_end])] == kTerminator) ++run_end;
      size_t end = run_end;
      while (end < n_ && is_closer(t_[end])) ++end;
      bool at_break = end == n_ || is_space(t_[end]);
      bool abbreviation = run_end - i == 1 && t_[i] == '.' && ends_abbreviation(t_, i);
      if (at_break && !abbreviation) {
        i = break_after(end);
      } else {
        i = end;
      }
    }
    return true;
  }

  // Line breaks and blank lines only (the ICU path adds the rest).
  void line_breaks() {
    for (size_t i = 0; i < n_;) {
      i = kClass[static_cast<uint8_t>(t_[i])] == kNewline ? break_after(i) : i + 1;
    }
  }

  // A sentence ends at `pos` (whitespace or the end): the next starts after the
  // whitespace, and a paragraph too when the whitespace holds a blank line.
  size_t break_after(size_t pos) {
    int line_breaks = 0;
    while (pos < n_ && is_space(t_[pos])) {
      if (t_[pos] == '\n' || (t_[pos] == '\r' && (pos + 1 == n_ || t_[pos + 1] != '\n'))) ++line_breaks;
      ++pos;
    }
    if (pos < n_) {
      add(out_.sentence_starts, pos);
      if (line_breaks >= 2) add(out_.paragraph_starts, pos);
    }
    return pos;
  }

 private:
  static void add(std::vector<uint32_t>& starts, size_t pos) {
    if (starts.back() < pos) starts.push_back(static_cast<uint32_t>(pos));
  }

  std::string_view t_;
  size_t n_;
  Segmentation& out_;
};

icu::BreakIterator& sentence_iterator() {
  // One per thread: BreakIterator is not thread-safe, and creating one is slow.
  thread_local std::unique_ptr<icu::BreakIterator> iterator;
  if (!iterator) {
    UErrorCode status = U_ZERO_ERROR;
    iterator.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !iterator)
      throw Error(COPYDESK_E_ERROR, std::string("ICU sentence break iterator unavailable: ") + u_errorName(status));
  }
  return *iterator;
}

void segment_with_icu(std::string_view t, Segmentation& out) {
  // UTF-16 copy with, for each UTF-16 index, the UTF-8 offset it came from.
  icu::UnicodeString text;
  std::vector<uint32_t> utf8_offset;
  utf8_offset.reserve(t.size() + 1);
  for (size_t i = 0; i < t.size();) {
    size_t len = 0;
    char32_t cp = code_point_at(t, i, &len);
    text.append(static_cast<UChar32>(cp));
    utf8_offset.push_back(static_cast<uint32_t>(i));
    if (cp > 0xFFFF) utf8_offset.push_back(static_cast<uint32_t>(i));
    i += len;
  }
  utf8_offset.push_back(static_cast<uint32_t>(t.size()));

  icu::BreakIterator& it = sentence_iterator();
  it.setText(text);
  Splitter splitter(t, out);
  std::vector<uint32_t> starts;
  for (int32_t b = it.next(); b != icu::BreakIterator::DONE; b = it.next()) {
    size_t pos = utf8_offset[static_cast<size_t>(b)];
    while (pos < t.size() && is_space(t[pos])) ++pos;
    if (pos < t.size()) starts.push_back(static_cast<uint32_t>(pos));
  }
  it.setText(icu::UnicodeString());  // do not keep a pointer to this text
  splitter.line_breaks();
  starts.insert(starts.end(), out.sentence_starts.begin(), out.sentence_starts.end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  out.sentence_starts = std::move(starts);
}

}  // namespace

void Segmentation::clear() {
  sentence_starts.clear();
  paragraph_starts.clear();
  text_size = 0;
}

uint32_t Segmentation::sentence_of(uint32_t pos) const {
  auto it = std::upper_bound(sentence_starts.begin(), sentence_starts.end(), pos);
  return static_cast<uint32_t>(it - sentence_starts.begin()) - 1;
}

uint32_t Segmentation::paragraph_of(uint32_t pos) const {
  auto it = std::upper_bound(paragraph_starts.begin(), paragraph_starts.end(), pos);
  return static_cast<uint32_t>(it - paragraph_starts.begin()) - 1;
}

void segment_text(std::string_view folded, Segmentation& out) {
  if (folded.size() >= UINT32_MAX)
    throw Error(COPYDESK_E_LIMIT, "text of " + std::to_string(folded.size()) + " bytes is beyond the 4 GiB limit of segmentation");
  out.clear();
  out.text_size = static_cast<uint32_t>(folded.size());
  out.sentence_starts.push_back(0);
  out.paragraph_starts.push_back(0);
  if (Splitter(folded, out).fast()) return;
  out.sentence_starts.resize(1);
  out.paragraph_starts.resize(1);
  segment_with_icu(folded, out);
}

}  // namespace copydesk::detail
