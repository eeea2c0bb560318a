#include "match/evasions.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "fold/fold.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

constexpr int kMinSpelledLetters = 4;
constexpr int kMaxSeparators = 2;  // "D. A. E. S. H"

size_t token_end(std::string_view s, size_t i) {
  while (i < s.size()) {
    Decoded d = decode_utf8(s, i);
    if (!is_word_char(d.cp)) break;
    i += d.len;
  }
  return i;
}

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
  text_ += replacement;
  copied_ = to;
}

void EvasionText::build(std::string_view f) {
  text_.clear();
  pieces_.clear();
  copied_ = 0;
  folded_size_ = static_cast<uint32_t>(f.size());
  std::string scratch;
  size_t i = 0;
  while (i < f.size()) {
    Decoded d = decode_utf8(f, i);
    if (!is_word_char(d.cp)) {
      i += d.len;
      continue;
    }
    size_t end = token_end(f, i);
    if (end == i + d.len && is_letter(d.cp)) {
      // A single letter: the start of a spelled-out word?
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
        if (!is_letter(e.cp) || token_end(f, k) != k + e.len) break;
        scratch.append(f.substr(k, e.len));
        ++letters;
        last = k + e.len;
      }
      if (letters >= kMinSpelledLetters) {
        undo(f, static_cast<uint32_t>(i), static_cast<uint32_t>(last), scratch);
        i = last;
        continue;
      }
    } else if (read_arabizi(f.substr(i, end - i), &scratch)) {
      undo(f, static_cast<uint32_t>(i), static_cast<uint32_t>(end), scratch);
    }
    i = end;
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
