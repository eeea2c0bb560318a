// decode_utf8's inline fast path (ASCII, well-formed two- and three-byte sequences)
// must give exactly what the ICU path gives, for every byte sequence it can see.
#include <gtest/gtest.h>

#include <string>

#include "util/utf8.h"

namespace copydesk::detail {
namespace {

void expect_same(const std::string& s, size_t i) {
  Decoded fast = decode_utf8(s, i);
  Decoded icu = decode_utf8_other(s, i);
  ASSERT_EQ(fast.cp, icu.cp) << "bytes at " << i << " of a " << s.size() << "-byte string";
  ASSERT_EQ(fast.len, icu.len);
  ASSERT_EQ(fast.valid, icu.valid);
}

TEST(Utf8Decode, EveryOneAndTwoByteInputMatchesIcu) {
  for (unsigned a = 0; a < 256; ++a) {
    expect_same(std::string(1, static_cast<char>(a)), 0);
    for (unsigned b = 0; b < 256; ++b) expect_same(std::string{static_cast<char>(a), static_cast<char>(b)}, 0);
  }
}

TEST(Utf8Decode, EveryThreeByteInputMatchesIcu) {
  std::string s(4, 'x');  // a fourth byte so that truncation is not the only case seen
  for (unsigned a = 0x80; a < 256; ++a)
    for (unsigned b = 0; b < 256; ++b)
      for (unsigned c = 0; c < 256; ++c) {
        s[0] = static_cast<char>(a), s[1] = static_cast<char>(b), s[2] = static_cast<char>(c);
        expect_same(s, 0);
        expect_same(s.substr(0, 3), 0);
      }
}

TEST(Utf8Decode, FastPathDecodesArabicLatinAndPunctuation) {
  std::string text = "\xD8\xAF\xD8\xA7\xD8\xB9\xD8\xB4 \xC3\xA9t\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D";  // داعش été “ok”
  std::u32string decoded;
  for (size_t i = 0; i < text.size();) {
    Decoded d = decode_utf8(text, i);
    EXPECT_TRUE(d.valid);
    decoded += d.cp;
    i += d.len;
  }
  EXPECT_EQ(decoded, U"\u062F\u0627\u0639\u0634 \u00E9t\u00E9 \u201Cok\u201D");
}

}  // namespace
}  // namespace copydesk::detail
