// Sentence and paragraph segmentation of folded text.
#include "segment/segment.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace copydesk::detail {
namespace {

Segmentation segment(std::string_view text) {
  Segmentation s;
  segment_text(text, s);
  return s;
}

std::vector<std::string> sentences(std::string_view text) {
  Segmentation s = segment(text);
  std::vector<std::string> out;
  for (uint32_t i = 0; i < s.sentence_count(); ++i)
    out.emplace_back(text.substr(s.sentence_begin(i), s.sentence_end(i) - s.sentence_begin(i)));
  return out;
}

std::vector<std::string> paragraphs(std::string_view text) {
  Segmentation s = segment(text);
  std::vector<std::string> out;
  for (uint32_t i = 0; i < s.paragraph_count(); ++i)
    out.emplace_back(text.substr(s.paragraph_begin(i), s.paragraph_end(i) - s.paragraph_begin(i)));
  return out;
}

using Strings = std::vector<std::string>;

TEST(Segment, ArabicQuestionMarkAndFullStop) {
  // Folded: ؟ is already "?".
  EXPECT_EQ(sentences("هل قال ذلك? نعم قاله. ثم غادر"),
            (Strings{"هل قال ذلك? ", "نعم قاله. ", "ثم غادر"}));
  EXPECT_EQ(sentences("قال المتحدث: \"انتهى الامر.\" وغادر."),
            (Strings{"قال المتحدث: \"انتهى الامر.\" ", "وغادر."}));
}

TEST(Segment, EnglishAbbreviationsInitialsAcronymsAndDecimals) {
  EXPECT_EQ(sentences("mr. smith went to the u.s. embassy. he paid 3.5 million."),
            (Strings{"mr. smith went to the u.s. embassy. ", "he paid 3.5 million."}));
  EXPECT_EQ(sentences("dr. jones met gen. petraeus on jan. 5 (e.g. in paris). then he left."),
            (Strings{"dr. jones met gen. petraeus on jan. 5 (e.g. in paris). ", "then he left."}));
  EXPECT_EQ(sentences("j. smith and m. dupont signed. the e.u. agreed."),
            (Strings{"j. smith and m. dupont signed. ", "the e.u. agreed."}));
  EXPECT_EQ(sentences("en 52 av. j.-c. rome gagna. fin"), (Strings{"en 52 av. j.-c. rome gagna. ", "fin"}));
  EXPECT_EQ(sentences("it rose 2.5%. it fell."), (Strings{"it rose 2.5%. ", "it fell."}));
  // A word that only looks like an abbreviation's start is a sentence end.
  EXPECT_EQ(sentences("they met the mayor. then left."), (Strings{"they met the mayor. ", "then left."}));
}

TEST(Segment, RunsOfTerminatorsAndEllipsis) {
  EXPECT_EQ(sentences("wait... what?! no!!! ok"), (Strings{"wait... ", "what?! ", "no!!! ", "ok"}));
  EXPECT_EQ(sentences("a...b stays"), (Strings{"a...b stays"}));
}

TEST(Segment, ClosingQuotesAndBracketsStayInTheSentence) {
  EXPECT_EQ(sentences("he said \"go.\" she left. (really.) yes"),
            (Strings{"he said \"go.\" ", "she left. ", "(really.) ", "yes"}));
  EXPECT_EQ(sentences("it's 'done.' next"), (Strings{"it's 'done.' ", "next"}));
}

TEST(Segment, NewlinesEndSentencesAndBlankLinesEndParagraphs) {
  std::string text = "title without stop\nfirst line. second\n\n  \nnew paragraph here.\r\n\r\nthird";
  EXPECT_EQ(sentences(text), (Strings{"title without stop\n", "first line. ", "second\n\n  \n",
                                      "new paragraph here.\r\n\r\n", "third"}));
  EXPECT_EQ(paragraphs(text), (Strings{"title without stop\nfirst line. second\n\n  \n",
                                       "new paragraph here.\r\n\r\n", "third"}));
  // A single line break ends a sentence, not a paragraph.
  EXPECT_EQ(paragraphs("a\nb").size(), 1u);
  // Trailing whitespace opens nothing.
  EXPECT_EQ(sentences("end.\n\n\n"), (Strings{"end.\n\n\n"}));
}

TEST(Segment, EmptyAndWhitespaceText) {
  Segmentation s = segment("");
  EXPECT_EQ(s.sentence_count(), 1u);
  EXPECT_EQ(s.paragraph_count(), 1u);
  EXPECT_EQ(s.sentence_begin(0), 0u);
  EXPECT_EQ(s.sentence_end(0), 0u);
  EXPECT_EQ(s.sentence_of(0), 0u);
  EXPECT_EQ(sentences("   \n\n "), (Strings{"   \n\n "}));
  EXPECT_EQ(sentences("."), (Strings{"."}));
}

TEST(Segment, LookupOfSentenceAndParagraph) {
  std::string text = "one. two.\n\nthree. four";
  Segmentation s = segment(text);
  ASSERT_EQ(s.sentence_count(), 4u);
  ASSERT_EQ(s.paragraph_count(), 2u);
  EXPECT_EQ(s.sentence_of(static_cast<uint32_t>(text.find("one"))), 0u);
  EXPECT_EQ(s.sentence_of(static_cast<uint32_t>(text.find(" two"))), 0u);  // trailing space
  EXPECT_EQ(s.sentence_of(static_cast<uint32_t>(text.find("two"))), 1u);
  EXPECT_EQ(s.sentence_of(static_cast<uint32_t>(text.find("four") + 3)), 3u);
  EXPECT_EQ(s.sentence_of(static_cast<uint32_t>(text.size())), 3u);
  EXPECT_EQ(s.paragraph_of(static_cast<uint32_t>(text.find("two"))), 0u);
  EXPECT_EQ(s.paragraph_of(static_cast<uint32_t>(text.find("three"))), 1u);
  EXPECT_EQ(s.paragraph_begin(1), text.find("three"));
  EXPECT_EQ(s.paragraph_end(1), text.size());
}

TEST(Segment, CjkTextGoesThroughIcu) {
  std::string text = "他说了。然后他走了！真的吗？是的";
  EXPECT_EQ(sentences(text), (Strings{"他说了。", "然后他走了！", "真的吗？", "是的"}));
  // Mixed with Latin, ICU segments everything and line breaks still break.
  std::string mixed = "東京で会議。next line here\n\nparis is big. 中文";
  Strings got = sentences(mixed);
  EXPECT_EQ(got, (Strings{"東京で会議。", "next line here\n\n", "paris is big. ", "中文"}));
  EXPECT_EQ(paragraphs(mixed).size(), 2u);
}

TEST(Segment, ThaiAndHindiGoThroughIcu) {
  // Devanagari danda ends a sentence; the byte loop does not know it.
  EXPECT_EQ(sentences("यह एक वाक्य है। यह दूसरा है।"), (Strings{"यह एक वाक्य है। ", "यह दूसरा है।"}));
}

TEST(Segment, InvariantsOnRandomText) {
  const std::vector<std::string> pieces = {"word", " ", ".", "!", "?", "\n", "\n\n", "\"", ")",
                                           "mr", "u.s", "3.5", "...", "داعش", "中文", "。", "\r\n",
                                           "\xFF", "j", "  ", "\t"};
  std::mt19937 rng(7);
  for (int k = 0; k < 2000; ++k) {
    std::string text;
    int parts = static_cast<int>(rng() % 30);
    for (int j = 0; j < parts; ++j) text += pieces[rng() % pieces.size()];
    Segmentation s = segment(text);
    ASSERT_GE(s.sentence_count(), 1u);
    ASSERT_EQ(s.sentence_starts[0], 0u);
    ASSERT_EQ(s.paragraph_starts[0], 0u);
    ASSERT_EQ(s.text_size, text.size());
    for (size_t i = 1; i < s.sentence_count(); ++i) {
      ASSERT_LT(s.sentence_starts[i - 1], s.sentence_starts[i]) << text;
      ASSERT_LT(s.sentence_starts[i], text.size());
    }
    for (uint32_t p : s.paragraph_starts)
      ASSERT_TRUE(std::binary_search(s.sentence_starts.begin(), s.sentence_starts.end(), p)) << text;
  }
}

TEST(Segment, ReusesTheOutput) {
  Segmentation s;
  segment_text("one. two. three.\n\nfour.", s);
  EXPECT_EQ(s.sentence_count(), 4u);
  segment_text("one", s);
  EXPECT_EQ(s.sentence_count(), 1u);
  EXPECT_EQ(s.paragraph_count(), 1u);
  EXPECT_EQ(s.text_size, 3u);
}

TEST(Segment, LargeText) {
  std::string sentence = "قال المتحدث ان القوات تقدمت 3.5 كيلومتر. ";
  std::string text;
  for (int i = 0; i < 200000; ++i) text += sentence;
  Segmentation s = segment(text);
  EXPECT_EQ(s.sentence_count(), 200000u);
  EXPECT_EQ(s.sentence_begin(199999), sentence.size() * 199999);
}

}  // namespace
}  // namespace copydesk::detail
