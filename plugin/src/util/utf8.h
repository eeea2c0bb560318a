// UTF-8 decoding on top of ICU's U8_NEXT, with the replacement policy copydesk
// uses everywhere: an invalid or truncated sequence decodes as U+FFFD and
// consumes the bytes ICU considers part of it (at least one).
#pragma once

#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace copydesk::detail {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct Decoded {
  char32_t cp;     // the code point, or U+FFFD
  uint32_t len;    // bytes consumed (>= 1)
  bool valid;      // false when the bytes were not valid UTF-8
};

// Sequences other than ASCII and well-formed two- and three-byte ones (the fast
// path of decode_utf8): kept out of line so decode_utf8 stays small enough to inline.
[[gnu::noinline]] inline Decoded decode_utf8_other(std::string_view s, size_t i) {
  int32_t pos = 0;
  int32_t len = static_cast<int32_t>(std::min<size_t>(s.size() - i, 4));
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data() + i), pos, len, c);
  if (c < 0) return {kReplacementChar, static_cast<uint32_t>(pos > 0 ? pos : 1), false};
  return {static_cast<char32_t>(c), static_cast<uint32_t>(pos), true};
}

// Decodes the code point at byte `i` of `s` (i < s.size()). Arabic and Latin text is
// ASCII and two-byte sequences: those decode inline, everything else through ICU.
inline Decoded decode_utf8(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  size_t avail = s.size() - i;
  unsigned char b = p[0];
  if (b < 0x80) return {b, 1, true};
  if (b >= 0xC2 && b <= 0xDF && avail >= 2 && (p[1] & 0xC0) == 0x80)
    return {static_cast<char32_t>((b & 0x1Fu) << 6 | (p[1] & 0x3Fu)), 2, true};
  // E1-EC and EE-EF take any continuation bytes (E0 and ED restrict the second one).
  if (((b >= 0xE1 && b <= 0xEC) || b >= 0xEE) && b <= 0xEF && avail >= 3 && (p[1] & 0xC0) == 0x80 &&
      (p[2] & 0xC0) == 0x80)
    return {static_cast<char32_t>((b & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)), 3, true};
  return decode_utf8_other(s, i);
}

// Appends the UTF-8 encoding of `cp` to `out`.
inline void append_utf8(std::string& out, char32_t cp) {
  uint8_t buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(buf, n, 4, static_cast<UChar32>(cp), err);
  if (err) {
    n = 0;
    U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(kReplacementChar));
  }
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

inline uint32_t utf8_length(char32_t cp) { return static_cast<uint32_t>(U8_LENGTH(cp)); }

}  // namespace copydesk::detail
