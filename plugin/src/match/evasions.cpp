#include "match/evasions.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "fold/fold.h"
#include "match/tokens.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

constexpr int kMinSpelledLetters = 4;
constexpr int kMaxSeparators = 2;  // "D. A. E. S. H"

bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return cp != kReplacementChar && u_isalpha(static_cast<UChar32>(cp));
}

// Length of the separator at byte i, or 0.
uint32_t separator_at(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return std::string_view(".-*/|+~: ").find(static_cast<char>(c)) != std::string_view::npos ? 1 : 0;
  Decoded d = decode_utf8(s, i);
  return d.cp == 0x00B7 || d.cp == 0x2022 ? d.len : 0;
}

bool ascii_letter(char c) { return c >= 'a' && c <= 'z'; }

// The Latin word `t` with its Arabizi digits read as letters, or false when it has none
// or a digit that is no Arabizi letter where it stands.
bool read_arabizi(std::string_view t, std::string* out) {
  bool any = false;
  size_t letters = 0;
  for (char c : t) {
    if (ascii_letter(c)) ++letters;
    else if (c >= '0' && c <= '9') any = true;
    else return false;  // not an ASCII word
  }
  if (!any || letters < 3) return false;
  auto letters_at = [&](size_t from, size_t n) {
    if (from + n > t.size()) return false;
    for (size_t k = from; k < from + n; ++k)
      if (!ascii_letter(t[k])) return false;
    return true;
  };
  out->clear();
  for (size_t p = 0; p < t.size(); ++p) {
    char c = t[p];
    if (ascii_letter(c)) {
      out->push_back(c);
      continue;
    }
    bool inside = p >= 2 && letters_at(p - 2, 2) && letters_at(p + 1, 2);
    bool leading = p == 0 && letters_at(1, 4);
    if (!inside && !leading) return false;
    switch (c) {
      case '2': case '3': break;      // hamza, ayn: not written in transliteration
      case '5': *out += "kh"; break;  // kha
      case '7': *out += 'h'; break;   // ha
      default: return false;
    }
  }
  return true;
}

// Bytes that may be part of a word: ASCII letters and digits, and every byte of a
// multi-byte character (the exact test, is_word_char, runs only at candidate spots).
bool word_byte(uint8_t b) { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b >= 0x80; }

// Start of a single-letter token that ends at byte `i` of `f`, or npos.
size_t single_letter_before(std::string_view f, size_t i) {
  const auto* p = reinterpret_cast<const uint8_t*>(f.data());
  for (size_t len : {size_t{1}, size_t{2}}) {  // ASCII, or a two-byte letter (Arabic)
    if (i < len) return std::string_view::npos;
    size_t at = i - len;
    Decoded d = decode_utf8(f, at);
    if (d.len != len || !is_letter(d.cp)) continue;
    if (at > 0 && word_byte(p[at - 1])) return std::string_view::npos;
    return at;
  }
  return std::string_view::npos;
}

}  // namespace

void EvasionText::copy_up_to(std::string_view folded, uint32_t end) {
  if (end <= copied_) return;
  pieces_.push_back({static_cast<uint32_t>(text_.size()), copied_, end, false});
  text_.append(folded.substr(copied_, end - copied_));
  copied_ = end;
}

void EvasionText::undo(std::string_view folded, uint32_t from, uint32_t to, const std::string& replacement) {
  copy_up_to(folded, from);
  pieces_.push_back({static_cast<uint32_t>(text_.size()), from, to, true});
  undone_.push_back({static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(text_.size() + replacement.size())});
  text_ += replacement;
  copied_ = to;
}

// The spelled-out word starting with the single letter at `i`: undone when it has enough
// letters; returns where it ends, or 0.
size_t EvasionText::spelled_run(std::string_view f, size_t i, std::string& scratch) {
  Decoded d = decode_utf8(f, i);
  size_t end = token_end(f, static_cast<uint32_t>(i), static_cast<uint32_t>(i + d.len + 1));  // one letter?
  if (end != i + d.len || !is_letter(d.cp)) return 0;
  scratch.assign(f.substr(i, d.len));
  int letters = 1;
  size_t last = end;
  std::string_view separator;  // the same between every two letters: "x D.a.e.s.h" is "daesh"
  for (;;) {
    size_t k = last;
    int seps = 0;
    while (k < f.size() && seps < kMaxSeparators) {
      uint32_t len = separator_at(f, k);
      if (!len) break;
      k += len;
      ++seps;
    }
    if (!seps || k >= f.size()) break;
    std::string_view sep = f.substr(last, k - last);
    if (letters == 1) separator = sep;
    else if (sep != separator) break;
    Decoded e = decode_utf8(f, k);
    if (!is_letter(e.cp) || token_end(f, static_cast<uint32_t>(k), static_cast<uint32_t>(k + e.len + 1)) != k + e.len) break;
    scratch.append(f.substr(k, e.len));
    ++letters;
    last = k + e.len;
  }
  if (letters < kMinSpelledLetters) return 0;
  undo(f, static_cast<uint32_t>(i), static_cast<uint32_t>(last), scratch);
  return last;
}

void EvasionText::build(std::string_view f) {
  text_.clear();
  pieces_.clear();
  undone_.clear();
  copied_ = 0;
  folded_size_ = static_cast<uint32_t>(f.size());
  std::string scratch;
  const auto* p = reinterpret_cast<const uint8_t*>(f.data());
  const size_t n = f.size();
  size_t resume = 0;  // bytes before this are decided
  // A byte loop that stops only where a spot can start: a separator after a one-letter
  // token, or an Arabizi digit in or at the start of a Latin word.
  for (size_t i = 0; i < n;) {
    uint8_t b = p[i];
    if (b == '.' || b == '-' || b == '*' || b == '/' || b == '|' || b == '+' || b == '~' || b == ':' || b == ' ' ||
        b == 0xC2 || b == 0xE2) {
      size_t start = single_letter_before(f, i);
      if (start != std::string_view::npos && start >= resume) {
        if (size_t end = spelled_run(f, start, scratch)) {
          i = resume = end;
          continue;
        }
      }
      ++i;
      continue;
    }
    if (b == '2' || b == '3' || b == '5' || b == '7') {
      size_t ts = i, te = i;
      while (ts > 0 && word_byte(p[ts - 1]) && p[ts - 1] < 0x80) --ts;
      while (te < n && word_byte(p[te]) && p[te] < 0x80) ++te;
      bool whole = (ts == 0 || !word_byte(p[ts - 1])) && (te == n || !word_byte(p[te]));
      if (ts >= resume && whole && read_arabizi(f.substr(ts, te - ts), &scratch)) {
        undo(f, static_cast<uint32_t>(ts), static_cast<uint32_t>(te), scratch);
        resume = te;
      }
      i = te;  // the rest of the word is decided: each word is looked at once
      continue;
    }
    ++i;
  }
  if (!pieces_.empty()) copy_up_to(f, folded_size_);
}

size_t EvasionText::piece_of(uint32_t pos) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), pos, [](uint32_t p, const Piece& x) { return p < x.at; });
  return static_cast<size_t>(it - pieces_.begin()) - 1;
}

bool EvasionText::touches_undone(uint32_t start, uint32_t end) const {
  for (size_t p = piece_of(start); p < pieces_.size() && pieces_[p].at < end; ++p)
    if (pieces_[p].undone) return true;
  return false;
}

uint32_t EvasionText::to_folded_start(uint32_t pos) const {
  const Piece& p = pieces_[piece_of(pos)];
  return p.undone ? p.from : p.from + (pos - p.at);
}

uint32_t EvasionText::to_folded_end(uint32_t pos) const {
  const Piece& p = pieces_[piece_of(pos - 1)];
  return p.undone ? p.to : p.from + (pos - p.at);
}

}  // namespace copydesk::detail
