// End-to-end through the public C ABI only: compile a pack from a string, scan
// Arabic, English and HTML text, and check that every finding's byte, UTF-16 and
// code-point offsets slice out exactly what the author wrote.
#include <copydesk.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_rules.h"

namespace {

struct Found {
  std::string rule;
  std::string text;  // original bytes [byte_start, byte_end)
  copydesk_finding raw;
};

// UTF-16 units and code points of `s`, to check the library's conversions independently.
std::u16string to_utf16(const std::string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t n;
    if (c < 0x80) cp = c, n = 1;
    else if ((c >> 5) == 6) cp = c & 0x1F, n = 2;
    else if ((c >> 4) == 14) cp = c & 0x0F, n = 3;
    else cp = c & 0x07, n = 4;
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}
std::u32string to_utf32(const std::string& s) {
  std::u32string out;
  std::u16string u = to_utf16(s);
  for (size_t i = 0; i < u.size(); ++i) {
    char32_t c = u[i];
    if (c >= 0xD800 && c < 0xDC00) c = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00);
    out += c;
  }
  return out;
}

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    copydesk_compiler* c = nullptr;
    ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
    ASSERT_EQ(copydesk_compiler_add_string(c, test_pack().data(), test_pack().size(), "test-pack.toml"), COPYDESK_OK);
    int status = copydesk_compiler_build(&rules_, c);
    ASSERT_EQ(status, COPYDESK_OK) << copydesk_last_error();
    copydesk_compiler_free(c);
    ASSERT_EQ(copydesk_scanner_new(&scanner_, rules_), COPYDESK_OK);
  }
  void TearDown() override {
    copydesk_scanner_free(scanner_);
    copydesk_ruleset_free(rules_);
  }

  std::vector<Found> scan(const std::string& text, int format = COPYDESK_FORMAT_AUTO) {
    copydesk_scan_options o;
    EXPECT_EQ(copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION), COPYDESK_OK);
    o.input_format = format;
    copydesk_findings* f = nullptr;
    EXPECT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_OK) << copydesk_last_error();
    std::vector<Found> out;
    std::u16string u16 = to_utf16(text);
    std::u32string u32 = to_utf32(text);
    for (size_t i = 0; i < copydesk_findings_count(f); ++i) {
      copydesk_finding x;
      x.version = COPYDESK_FINDING_VERSION;
      EXPECT_EQ(copydesk_findings_get(&x, f, i), COPYDESK_OK);
      std::string bytes = text.substr(x.byte_start, x.byte_end - x.byte_start);
      // The three offset spaces name the same span.
      EXPECT_EQ(u16.substr(x.utf16_start, x.utf16_end - x.utf16_start), to_utf16(bytes)) << bytes;
      EXPECT_EQ(u32.substr(x.cp_start, x.cp_end - x.cp_start), to_utf32(bytes)) << bytes;
      out.push_back({x.rule_id, bytes, x});
    }
    copydesk_findings_free(f);
    return out;
  }

  copydesk_ruleset* rules_ = nullptr;
  copydesk_scanner* scanner_ = nullptr;
};

TEST_F(ScanTest, ArabicVariantsSliceOutTheWrittenForm) {
  const std::string text =
      "قال المتحدث إن وداعش تبنّى الهجوم. "
      "وذكر أن دَاعِش خسر مواقعه. "
      "ثم عاد داعـــش إلى المنطقة. "
      "وأضاف أن دا\u200Cعش ما زال نشطا.";
  auto found = scan(text);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].text, "وداعش");
  EXPECT_EQ(found[1].text, "دَاعِش");
  EXPECT_EQ(found[2].text, "داعـــش");
  EXPECT_EQ(found[3].text, "دا\u200Cعش");
  for (const Found& f : found) EXPECT_EQ(f.rule, "test.isis");
}

TEST_F(ScanTest, OffsetsHoldAfterEmojiAndAstralCharacters) {
  const std::string text = "🙂🙂 تقرير 𝕏 عن داعش 👍🏽 و ISIS militants";
  auto found = scan(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "داعش");
  EXPECT_EQ(found[1].text, "ISIS");
  // 🙂 is two UTF-16 units but one code point.
  EXPECT_GT(found[0].raw.utf16_start, found[0].raw.cp_start);
  EXPECT_EQ(found[0].raw.line, 1u);
  EXPECT_EQ(found[0].raw.column, found[0].raw.cp_start + 1);
}

TEST_F(ScanTest, WholeTokensOnlyWithCliticsAndSuffixes) {
  auto found = scan("a crisis in Daeshland; crISIS; the Daesh cell and الداعشي and داعشستان and بداعش and الدواعش");
  std::vector<std::string> texts;
  for (const Found& f : found) texts.push_back(f.text);
  // The article attaches to a name only with a suffix ("الداعشي"); "الدواعش" needs its own term.
  EXPECT_EQ(texts, (std::vector<std::string>{"Daesh", "الداعشي", "بداعش"}));
}

TEST_F(ScanTest, LatinLookalikesFromOtherScriptsStillMatch) {
  // A Cyrillic І (U+0406) and a Cyrillic а (U+0430) in place of the Latin letters.
  auto found = scan("the \u0406SIS cell and the D\u0430esh media");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "\u0406SIS");
  EXPECT_EQ(found[1].text, "D\u0430esh");
}

TEST_F(ScanTest, HomographExcludedByFollowingToken) {
  auto found = scan("زار الوزير القاعدة العسكرية أمس. وهاجم تنظيم القاعدة قافلة، وللقاعدة فروع.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "القاعدة");
  EXPECT_EQ(found[0].rule, "test.qaeda");
  EXPECT_EQ(found[1].text, "وللقاعدة");
}

TEST_F(ScanTest, CaseSensitiveTermNeedsContext) {
  auto found = scan("It IS raining. IS militants attacked the town. The group said it is done.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "IS");
  EXPECT_EQ(found[0].raw.column, 16u);
}

TEST_F(ScanTest, HtmlSplitNamesMapToOriginalBytes) {
  const std::string html =
      "<article><h1>تقرير</h1><p>أعلن <b>دا</b>عش &amp; <em>Da</em>esh مسؤوليتهما.</p>"
      "<script>var x = 'داعش';</script><!-- داعش --></article>";
  auto found = scan(html, COPYDESK_FORMAT_HTML);
  ASSERT_EQ(found.size(), 2u);
  // The span runs from the first letter to the last, across the inline tags between them.
  EXPECT_EQ(found[0].text, "دا</b>عش");
  EXPECT_EQ(found[1].text, "Da</em>esh");
}

TEST_F(ScanTest, InvalidUtf8IsScannedAndCounted) {
  const std::string text = "bad \xFF\xFE bytes then داعش";
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), nullptr), COPYDESK_OK);
  ASSERT_EQ(copydesk_findings_count(f), 1u);
  EXPECT_EQ(copydesk_findings_invalid_utf8(f), 2u);
  copydesk_finding x;
  x.version = COPYDESK_FINDING_VERSION;
  ASSERT_EQ(copydesk_findings_get(&x, f, 0), COPYDESK_OK);
  EXPECT_EQ(text.substr(x.byte_start, x.byte_end - x.byte_start), "داعش");
  copydesk_findings_free(f);

  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  o.flags = COPYDESK_SCAN_STRICT_UTF8;
  EXPECT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_E_ENCODING);
  EXPECT_EQ(f, nullptr);
  EXPECT_NE(std::string(copydesk_last_error()).find("byte 4"), std::string::npos) << copydesk_last_error();
}

TEST_F(ScanTest, EnableDisableAndSeverity) {
  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  const std::string text = "داعش والقاعدة";
  copydesk_findings* f = nullptr;
  o.disable = "test.isis";
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 1u);
  copydesk_findings_free(f);
  o.disable = nullptr;
  o.min_severity = COPYDESK_SEVERITY_ERROR;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 1u);  // the al-Qaeda rule is a warning
  copydesk_findings_free(f);
  o.min_severity = COPYDESK_SEVERITY_INFO;
  o.enable = "no-such-rule";
  EXPECT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_E_INVALID);
  EXPECT_NE(std::string(copydesk_last_error()).find("no-such-rule"), std::string::npos);
}

TEST_F(ScanTest, LimitsAreEnforced) {
  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  std::string text;
  for (int i = 0; i < 50; ++i) text += "داعش ";
  o.max_findings = 10;
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 10u);
  EXPECT_EQ(copydesk_findings_truncated(f), 1);
  copydesk_findings_free(f);
  o.max_input_bytes = 16;
  EXPECT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_E_LIMIT);
}

TEST_F(ScanTest, ExplainSaysWhatMatchedAndWhichConditionsHeld) {
  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  o.flags = COPYDESK_SCAN_EXPLAIN;
  const std::string text = "IS militants attacked";
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &o), COPYDESK_OK);
  ASSERT_EQ(copydesk_findings_count(f), 1u);
  std::string explain = copydesk_findings_explain(f, 0);
  EXPECT_NE(explain.find("term 'IS'"), std::string::npos) << explain;
  EXPECT_NE(explain.find("militants"), std::string::npos) << explain;
  EXPECT_NE(explain.find("require within sentence"), std::string::npos) << explain;
  copydesk_findings_free(f);
}

TEST_F(ScanTest, FiftyMegabytesScanOrHitTheLimitCleanly) {
  std::string unit = "A long article line about Daesh and nothing else. ";
  std::string text;
  text.reserve(50u << 20);
  while (text.size() < (50u << 20)) text += unit;
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), nullptr), COPYDESK_OK) << copydesk_last_error();
  EXPECT_EQ(copydesk_findings_count(f), 10000u);  // the default max_findings
  EXPECT_EQ(copydesk_findings_truncated(f), 1);
  copydesk_finding x;
  x.version = COPYDESK_FINDING_VERSION;
  ASSERT_EQ(copydesk_findings_get(&x, f, 9999), COPYDESK_OK);
  EXPECT_EQ(text.substr(x.byte_start, x.byte_end - x.byte_start), "Daesh");
  copydesk_findings_free(f);
  text += text.substr(0, 20u << 20);  // 70 MB: over the default 64 MiB limit
  EXPECT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), nullptr), COPYDESK_E_LIMIT);
  EXPECT_NE(std::string(copydesk_last_error()).find("max_input_bytes"), std::string::npos);
}

TEST_F(ScanTest, NulBytesAreJustCharacters) {
  const std::string text("x\0\0 داعش\0 y\0", 16);
  auto found = scan(text, COPYDESK_FORMAT_TEXT);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "داعش");
}

TEST_F(ScanTest, EmptyAndBinaryInput) {
  EXPECT_TRUE(scan("").empty());
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk += static_cast<char>((i * 7919) & 0xFF);
  copydesk_findings* f = nullptr;
  EXPECT_EQ(copydesk_scanner_scan(&f, scanner_, junk.data(), junk.size(), nullptr), COPYDESK_OK);
  copydesk_findings_free(f);
}

// issue 8: gumbo decoded "&#x80000000;" to NUL and the view read the node with strlen, so
// the rest of the paragraph was never scanned.
TEST_F(ScanTest, AnOverflowingNumericReferenceHidesNoText) {
  const std::string html = "<p>&#x80000000; ISIS claimed the attack. Daesh fighters, sources said.</p>";
  auto found = scan(html, COPYDESK_FORMAT_HTML);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "ISIS");
  EXPECT_EQ(found[1].text, "Daesh");
  for (const char* ref : {"&#x80000000;", "&#2147483648;", "&#x100000049;", "&#99999999999999999999;", "&#x110000;"}) {
    auto again = scan(std::string("<p>") + ref + " ISIS said</p>", COPYDESK_FORMAT_HTML);
    ASSERT_EQ(again.size(), 1u) << ref;
    EXPECT_EQ(again[0].text, "ISIS") << ref;
  }
}

// A tag with 500,000 attributes (quadratic in gumbo) is read by the linear fallback: same text.
TEST_F(ScanTest, ATagWithThousandsOfAttributesStillShowsItsText) {
  std::string html = "<p";
  for (int i = 0; i < 5000; ++i) html += " a" + std::to_string(i) + "=1";
  html += ">ISIS claimed it</p>";
  auto found = scan(html, COPYDESK_FORMAT_HTML);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "ISIS");
}

}  // namespace
