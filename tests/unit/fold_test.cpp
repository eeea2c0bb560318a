// The fold (docs/rules.md, "What rules match against: the folded text") and its
// offset map back to the input.
#include "fold/fold.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <random>
#include <string>
#include <vector>

namespace copydesk::detail {
namespace {

FoldedText fold(std::string_view in) {
  FoldedText f;
  fold_text(in, f);
  return f;
}

// The input bytes behind the first occurrence of `folded_needle` in the fold of `in`.
std::string original_of(std::string_view in, std::string_view folded_needle) {
  FoldedText f = fold(in);
  size_t pos = f.text.find(folded_needle);
  if (pos == std::string::npos) return "<not found in folded text: " + f.text + ">";
  uint32_t start = f.map.to_in_start(static_cast<uint32_t>(pos));
  uint32_t end = f.map.to_in_end(static_cast<uint32_t>(pos + folded_needle.size()));
  return std::string(in.substr(start, end - start));
}

bool valid_utf8(std::string_view s) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

struct Row {
  const char* what;
  std::string in;
  std::string out;
};

// One row per line of the table in docs/rules.md, plus the details of the brief.
const std::vector<Row>& table_rows() {
  static const std::vector<Row> rows = {
      {"Latin lower case and accents", "Al-Qaïda", "al-qaida"},
      {"Latin accents", "État ÉTAT Daëch", "etat etat daech"},
      {"Latin sharp s and ligatures", "Straße Œuvre Æ", "strasse oeuvre ae"},
      {"Latin letters without decomposition", "Łódź Ørsted", "lodz orsted"},
      {"decomposed accent", "e\u0301te\u0301", "ete"},
      // Case folding, except that a letter drawn exactly like a Latin one (UTS #39) becomes it.
      {"Greek and Cyrillic case", "ΣΑΣ Кремль", "σaσ kpeмль"},
      {"Cyrillic and Greek lookalikes in Latin names", "\u0406SIS D\u0430esh \u0391l-Q\u0430ida", "isis daesh al-qaida"},
      {"harakat", "الْقَاعِدَةُ", "القاعده"},
      {"dagger alef and Quranic marks", "هٰذا الكتاب\u06D6", "هذا الكتاب"},
      {"tatweel", "داعـــش", "داعش"},
      {"alef forms", "أ إ آ ٱ", "ا ا ا ا"},
      {"alef with wavy hamza", "\u0672\u0673", "اا"},
      {"yeh forms", "ى ی ے ې", "ي ي ي ي"},
      {"heh forms", "ة ۀ ہ ھ ە", "ه ه ه ه ه"},
      {"kaf forms", "ک ڪ", "ك ك"},
      {"hamza letters kept", "ؤ ئ ء", "ؤ ئ ء"},
      {"Arabic-Indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
      {"Extended Arabic-Indic digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
      {"number punctuation", "١٬٥٠٠ ٣٫٥ ٪", "1,500 3.5 %"},
      {"Arabic punctuation", "، ؛ ؟ ۔", ", ; ? ."},
      {"double quotes", "“ ” „ ‟ « » ‹ › ″", "\" \" \" \" \" \" \" \" \""},
      {"single quotes", "‘ ’ ‚ ‛ ʼ ʻ ` ´", "' ' ' ' ' ' ' '"},
      {"dashes", "‐ ‑ ‒ – — ― −", "- - - - - - -"},
      {"spaces", "a\u00A0b\u202Fc\u2003d\u205Fe\u3000f", "a b c d e f"},
      {"line and paragraph separators", "a\u2028b\u2029c", "a\nb\nc"},
      {"ellipsis", "wait…", "wait..."},
      {"underscore in hashtags", "#تنظيم_الدولة", "#تنظيم الدوله"},
      {"invisible characters", "a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf\u00ADg\u034Fh\u180Ei", "abcdefghi"},
      {"bidi controls", "\u202Ba\u202C\u200Eb\u200F\u061Cc\u2066d\u2069", "abcd"},
      {"presentation forms", "ﺩﺍﻋﺶ", "داعش"},
      {"presentation forms with hamza", "ﺃﺣﻤﺪ", "احمد"},
      {"lam-alef ligature", "ﻻ ﻷ", "لا لا"},
      {"isolated haraka form does not split the word", "دا\uFE70عش", "داعش"},
      {"medial haraka form", "دا\uFE71عش", "داعش"},
      {"full-width", "ＩＳＩＳ １２", "isis 12"},
      {"Latin ligature", "ﬁn", "fin"},
      {"invalid UTF-8", "a\xFF" "b", "a\xEF\xBF\xBD" "b"},
      {"truncated sequence at the end", "ab\xD8", "ab\xEF\xBF\xBD"},
      {"plain ASCII unchanged", "Hello, World! 3.5% (x)", "hello, world! 3.5% (x)"},
      {"empty", "", ""},
  };
  return rows;
}

TEST(Fold, EveryRowOfTheTable) {
  for (const Row& row : table_rows()) {
    FoldedText f = fold(row.in);
    EXPECT_EQ(f.text, row.out) << row.what;
    EXPECT_EQ(f.map.out_size(), f.text.size()) << row.what;
  }
}

TEST(Fold, SpellingsOfDaesh) {
  for (const char* spelling : {"داعش", "دَاعِش", "داعـــش", "دا\u200Cعش", "ﺩﺍﻋﺶ", "دا\uFE70عش",
                               "دا\u200Fعش", "دا\u202Eعش\u202C"}) {
    EXPECT_EQ(fold(spelling).text, "داعش") << spelling;
  }
  // The clitic stays: the matcher, not the fold, deals with it.
  EXPECT_EQ(fold("وداعش").text, "وداعش");
}

TEST(Fold, PersianAndFinalYehLetters) {
  EXPECT_EQ(fold("علی").text, "علي");
  EXPECT_EQ(fold("شبکه حقانی").text, "شبكه حقاني");
  EXPECT_EQ(fold("الإرهابى").text, "الارهابي");
  EXPECT_EQ(fold("تنظیم جیش المھاجرین").text, "تنظيم جيش المهاجرين");
}

TEST(Fold, DigitsAndNumberPunctuation) {
  EXPECT_EQ(fold("٢٠٢٤ و١٨ ألف").text, "2024 و18 الف");
  EXPECT_EQ(fold("۱۴ إلى ۱۸").text, "14 الي 18");
  EXPECT_EQ(fold("١٬٥٠٠").text, "1,500");
  EXPECT_EQ(original_of("قتل ١٬٥٠٠ شخص", "500"), "٥٠٠");
}

TEST(Fold, HiddenCharactersInsideWordsAreCounted) {
  EXPECT_EQ(fold("دا\u200Cعش").hidden_chars, 1u);
  EXPECT_EQ(fold("دا\u202E\u202Cعش").hidden_chars, 2u);
  EXPECT_EQ(fold("I\u200BS\u200BI\u200BS").hidden_chars, 3u);
  // Between a letter and a removed haraka, then a letter: still inside the word.
  EXPECT_EQ(fold("دا\u200Cَعش").hidden_chars, 1u);
  // At a word edge or between words they are not an evasion signal.
  EXPECT_EQ(fold("\u202Bداعش\u202C قال").hidden_chars, 0u);
  EXPECT_EQ(fold("داعش\u200C قال").hidden_chars, 0u);
  EXPECT_EQ(fold("a \u200B b").hidden_chars, 0u);
  EXPECT_EQ(fold("داعش").hidden_chars, 0u);
}

TEST(Fold, InvalidUtf8IsReplacedCountedAndMapped) {
  std::string in = "ok \xFF\xFE then \xC3";
  FoldedText f = fold(in);
  EXPECT_EQ(f.text, "ok \xEF\xBF\xBD\xEF\xBF\xBD then \xEF\xBF\xBD");
  EXPECT_EQ(f.invalid_utf8, 3u);
  EXPECT_EQ(f.first_invalid, 3u);
  EXPECT_TRUE(valid_utf8(f.text));
  // Each U+FFFD maps to the byte it replaced; text after it maps right.
  size_t first = f.text.find("\xEF\xBF\xBD");
  EXPECT_EQ(f.map.to_in_start(static_cast<uint32_t>(first)), 3u);
  EXPECT_EQ(f.map.to_in_end(static_cast<uint32_t>(first + 3)), 4u);
  size_t then = f.text.find("then");
  EXPECT_EQ(f.map.to_in_start(static_cast<uint32_t>(then)), in.find("then"));
  EXPECT_EQ(f.map.to_in_end(static_cast<uint32_t>(f.text.size())), in.size());

  FoldedText clean = fold("clean");
  EXPECT_EQ(clean.invalid_utf8, 0u);
  EXPECT_EQ(clean.first_invalid, UINT32_MAX);
}

TEST(Fold, MapCoversTheWrittenFormWithItsMarks) {
  // Kasra inside the word, fatha on the first letter.
  EXPECT_EQ(original_of("قال دَاعِش.", "داعش"), "دَاعِش");
  // A haraka on the last letter belongs to the word.
  EXPECT_EQ(original_of("قال دَاعِشُ.", "داعش"), "دَاعِشُ");
  EXPECT_EQ(original_of("قال داعشـــ.", "داعش"), "داعشـــ");
  EXPECT_EQ(original_of("قال داعـــش.", "داعش"), "داعـــش");
  // Invisible characters inside are covered; before or after the word they are not.
  EXPECT_EQ(original_of("قال دا\u200Cعش.", "داعش"), "دا\u200Cعش");
  EXPECT_EQ(original_of("قال داعش\u200C.", "داعش"), "داعش");
  EXPECT_EQ(original_of("قال \u200Cداعش.", "داعش"), "داعش");
  // Replaced characters map to all of their bytes.
  EXPECT_EQ(original_of("قال ﺩﺍﻋﺶ اليوم", "داعش"), "ﺩﺍﻋﺶ");
  EXPECT_EQ(original_of("قال دا\uFE70عش اليوم", "داعش"), "دا\uFE70عش");
  EXPECT_EQ(original_of("says Al-Qaïda, again", "al-qaida"), "Al-Qaïda");
  EXPECT_EQ(original_of("says Al-Qaïda, again", "i"), "ï");
  EXPECT_EQ(original_of("the ＩＳＩＳ group", "isis"), "ＩＳＩＳ");
  EXPECT_EQ(original_of("wait… what", ".."), "…");
  EXPECT_EQ(original_of("Straße", "ss"), "ß");
  // Same-length replacements map byte for byte.
  EXPECT_EQ(original_of("الإرهابى", "ره"), "ره");
  EXPECT_EQ(original_of("الإرهابى", "الا"), "الإ");
}

TEST(Fold, SameLengthRewritesKeepTheMapSparse) {
  // ASCII lower-casing and alef/yeh/heh unification are byte for byte: one segment.
  EXPECT_EQ(fold("The QUICK brown fox").map.segment_count(), 1u);
  EXPECT_EQ(fold("أعلنت الجماعة الإرهابية مسؤوليتها عن الهجوم على").map.segment_count(), 1u);
}

// Inputs for the properties below: the table, real-looking sentences, and random
// mixtures of interesting pieces and raw bytes (fixed seed: reproducible).
std::vector<std::string> many_inputs() {
  std::vector<std::string> inputs;
  for (const Row& row : table_rows()) inputs.push_back(row.in);
  const std::vector<std::string> pieces = {
      "داعش", "دَاعِش", "ـــ", "\u200C", "\u202E", "ﺩﺍﻋﺶ", "\uFE70", "\uFE71", "ی", "ک", "ى",
      "١٬٥٠٠", "۱۴", "Al-Qaïda", "ÉTAT", "ＩＳＩＳ", "ﬁ", "ﻻ", "ﷺ", "…", "«", "»", "“", "’",
      "—", "\u00A0", "\u2028", " ", "  ", ".", "؟", "،", "_", "A", "z", "9", "\n", "ß", "Œ",
      "e\u0301", "😀", "𝐀", "中文", "ΣΑΣ", "\xFF", "\xD8", "\xE2\x80", "\xF0\x9F", "\xC0\x80",
      "\xED\xA0\x80", "\x00", "ؤ", "ئ", "ء", "١", "٫", "ﺃ", "ٱ", "ۀ", "ھ", "¨", "½", "™"};
  std::mt19937 rng(20240611);
  for (int k = 0; k < 3000; ++k) {
    std::string s;
    int parts = static_cast<int>(rng() % 12);
    for (int j = 0; j < parts; ++j) {
      if (rng() % 5 == 0) {
        s += static_cast<char>(rng() & 0xFF);
      } else {
        s += pieces[rng() % pieces.size()];
      }
    }
    inputs.push_back(std::move(s));
  }
  return inputs;
}

TEST(Fold, FoldStringIsFoldText) {
  for (const std::string& in : many_inputs()) {
    EXPECT_EQ(fold_string(in), fold(in).text);
  }
}

TEST(Fold, OutputIsValidUtf8AndTheMapIsMonotonic) {
  for (const std::string& in : many_inputs()) {
    FoldedText f = fold(in);
    ASSERT_TRUE(valid_utf8(f.text)) << in;
    ASSERT_EQ(f.map.out_size(), f.text.size());
    uint32_t previous_start = 0;
    for (uint32_t pos = 0; pos <= f.text.size(); ++pos) {
      uint32_t start = f.map.to_in_start(pos);
      ASSERT_LE(start, in.size());
      ASSERT_GE(start, previous_start) << "at " << pos << " of " << f.text;
      previous_start = start;
      if (pos > 0) {
        uint32_t end = f.map.to_in_end(pos);
        ASSERT_LE(end, in.size());
        ASSERT_GE(end, f.map.to_in_start(pos - 1));
      }
    }
    EXPECT_EQ(f.map.to_in_end(static_cast<uint32_t>(f.text.size())) <= in.size(), true);
  }
}

// The fold has no context: folding two pieces gives the two folds side by side,
// and every word of the fold maps back to input that folds to that very word.
TEST(Fold, ContextFreeAndWordsMapBackToTheirSource) {
  std::vector<std::string> inputs = many_inputs();
  for (size_t k = 0; k + 1 < inputs.size(); k += 2) {
    const std::string& a = inputs[k];
    const std::string& b = inputs[k + 1];
    if (fold(a).invalid_utf8 == 0 && fold(b).invalid_utf8 == 0) {
      EXPECT_EQ(fold(a + b).text, fold(a).text + fold(b).text);
    }
  }
  for (const std::string& in : inputs) {
    FoldedText f = fold(in);
    size_t pos = 0;
    while (pos < f.text.size()) {
      size_t end = f.text.find_first_of(" \n", pos);
      if (end == std::string::npos) end = f.text.size();
      if (end > pos) {
        uint32_t s = f.map.to_in_start(static_cast<uint32_t>(pos));
        uint32_t e = f.map.to_in_end(static_cast<uint32_t>(end));
        ASSERT_LE(s, e);
        std::string word = f.text.substr(pos, end - pos);
        std::string refolded = fold(std::string_view(in).substr(s, e - s)).text;
        // A replaced unit that folds to several words ("ﷺ") maps to all of itself.
        if (refolded != word) {
          EXPECT_NE(refolded.find(word), std::string::npos) << "input: " << in;
        }
      }
      pos = end + 1;
    }
  }
}

TEST(Fold, BuffersAreReusedAndCountersReset) {
  FoldedText f;
  fold_text("bad \xFF دا\u200Cعش", f);
  EXPECT_EQ(f.invalid_utf8, 1u);
  EXPECT_EQ(f.hidden_chars, 1u);
  fold_text("good", f);
  EXPECT_EQ(f.text, "good");
  EXPECT_EQ(f.invalid_utf8, 0u);
  EXPECT_EQ(f.first_invalid, UINT32_MAX);
  EXPECT_EQ(f.hidden_chars, 0u);
  EXPECT_EQ(f.map.out_size(), 4u);
  EXPECT_EQ(f.map.to_in_end(4), 4u);
}

TEST(Fold, PatternsFoldOnlyNonAsciiAndStayLiteral) {
  EXPECT_EQ(fold_pattern("\\S+[0-9]"), "\\S+[0-9]");
  EXPECT_EQ(fold_pattern("(?i)Foo_Bar"), "(?i)Foo_Bar");  // ASCII is regex syntax: untouched
  EXPECT_EQ(fold_pattern("القاعدة"), "القاعده");
  EXPECT_EQ(fold_pattern("[أإآ]ل"), "[ااا]ل");
  EXPECT_EQ(fold_pattern("هل ذلك؟"), "هل ذلك\\?");
  EXPECT_EQ(fold_pattern("a…b"), "a\\.\\.\\.b");
  EXPECT_EQ(fold_pattern("[٠-٩]+"), "[0-9]+");  // the ASCII '-' is syntax
  EXPECT_EQ(fold_pattern("[a–z]"), "[a\\-z]");  // an en dash is a literal dash
  EXPECT_EQ(fold_pattern("دَاعِش\\s"), "داعش\\s");
}

TEST(Fold, WordCharacters) {
  for (char32_t cp : {U'a', U'Z', U'7', U'ا', U'ش', U'ـ', U'é', U'σ', U'中', U'\u064E', U'\uFFFD'})
    EXPECT_TRUE(is_word_char(cp)) << static_cast<uint32_t>(cp);
  for (char32_t cp : {U' ', U'-', U'"', U'\'', U'.', U'_', U'\n', U'\u200C', U'\u060C', U'%', U'😀'})
    EXPECT_FALSE(is_word_char(cp)) << static_cast<uint32_t>(cp);
}

TEST(Fold, FiftyMegabytes) {
  std::string sentence = "قال المتحدث إن قوات الأمن اعتقلت ١٢ عنصراً من تنظيم «داعش» The Group said. ";
  std::string in;
  while (in.size() < 50u * 1024 * 1024) in += sentence;
  FoldedText f;
  fold_text(in, f);
  std::string folded_sentence = fold_string(sentence);
  EXPECT_EQ(f.text.size(), folded_sentence.size() * (in.size() / sentence.size()));
  EXPECT_EQ(f.text.compare(0, folded_sentence.size(), folded_sentence), 0);
  EXPECT_EQ(f.text.compare(f.text.size() - folded_sentence.size(), folded_sentence.size(), folded_sentence), 0);
  EXPECT_EQ(f.map.to_in_end(static_cast<uint32_t>(f.text.size())), in.size());
  size_t last = f.text.rfind("داعش");
  EXPECT_EQ(in.substr(f.map.to_in_start(static_cast<uint32_t>(last)), 8), "داعش");
}

}  // namespace
}  // namespace copydesk::detail
