// UTF-8 helpers of the scan outputs. Invalid bytes decode as U+FFFD with ICU's U8_NEXT,
// the same policy as the library, so columns counted here agree with the findings.
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace copydesk::cli {

struct DecodedChar {
  char32_t cp;         // the code point, or U+FFFD
  std::uint32_t size;  // bytes consumed, at least 1
  bool valid;
};

inline DecodedChar decode_utf8_at(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1, true};
  std::int32_t pos = 0;
  auto len = static_cast<std::int32_t>(std::min<std::size_t>(s.size() - i, 4));
  UChar32 c;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data() + i), pos, len, c);
  if (c < 0) return {0xFFFD, static_cast<std::uint32_t>(pos > 0 ? pos : 1), false};
  return {static_cast<char32_t>(c), static_cast<std::uint32_t>(pos), true};
}

inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// `s` with every invalid sequence replaced by U+FFFD: safe to print or embed anywhere.
inline std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    DecodedChar d = decode_utf8_at(s, i);
    if (d.valid) {
      out.append(s.substr(i, d.size));
    } else {
      append_utf8(out, 0xFFFD);
    }
    i += d.size;
  }
  return out;
}

// True for letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo and their
// presentation forms): a line holding one is shown without a caret line, which the terminal's
// bidi reordering would misplace.
inline bool is_rtl_letter(char32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
         (cp >= 0x1E800 && cp <= 0x1EFFF);
}

// Zero-width code points the terminal draws as nothing: combining marks, joiners, bidi controls.
inline bool is_zero_width(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD;
}

}  // namespace copydesk::cli
