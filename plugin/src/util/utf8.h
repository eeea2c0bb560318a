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

// Decodes the code point at byte `i` of `s` (i < s.size()).
inline Decoded decode_utf8(std::string_view s, size_t i) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1, true};
  int32_t pos = 0;
  int32_t len = static_cast<int32_t>(std::min<size_t>(s.size() - i, 4));
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data() + i), pos, len, c);
  if (c < 0) return {kReplacementChar, static_cast<uint32_t>(pos > 0 ? pos : 1), false};
  return {static_cast<char32_t>(c), static_cast<uint32_t>(pos), true};
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
