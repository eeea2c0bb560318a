// The match stage: token edges with Arabic clitics and suffixes, and the one
// Hyperscan pass with RE2 spans, on folded text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fold/fold.h"
#include "match/matcher.h"
#include "match/tokens.h"
#include "rules/load.h"
#include "segment/segment.h"
#include "string_pack.h"

namespace copydesk::detail {
namespace {

struct Edge {
  bool ok;
  std::string span;
};

Edge edges(const std::string& raw_text, const std::string& raw_term, Clitics clitics,
           std::vector<std::string> suffixes = {}) {
  std::string text = fold_string(raw_text), term = fold_string(raw_term);
  for (std::string& s : suffixes) s = fold_string(s);
  size_t at = text.find(term);
  if (at == std::string::npos) return {false, "<term not in text>"};
  uint32_t s = 0, e = 0;
  bool ok = check_token_edges(text, static_cast<uint32_t>(at), static_cast<uint32_t>(at + term.size()), clitics,
                              suffixes, &s, &e);
  return {ok, ok ? text.substr(s, e - s) : ""};
}

TEST(TokenEdges, WholeTokensOnly) {
  EXPECT_TRUE(edges("the isis group", "isis", Clitics::kNone).ok);
  EXPECT_FALSE(edges("a crisis here", "isis", Clitics::kNone).ok);
  EXPECT_FALSE(edges("daeshland", "daesh", Clitics::kNone).ok);
  EXPECT_TRUE(edges("pro-daesh accounts", "daesh", Clitics::kNone).ok);
  EXPECT_TRUE(edges("l'ei revendique", "ei", Clitics::kNone).ok);
  EXPECT_FALSE(edges("داعشستان", "داعش", Clitics::kArabic).ok);
  EXPECT_FALSE(edges("وداعش", "داعش", Clitics::kNone).ok);
}

TEST(TokenEdges, ArabicProcliticsWidenTheSpan) {
  for (const char* form : {"وداعش", "بداعش", "لداعش", "فداعش", "كداعش", "وبداعش", "فلداعش"}) {
    Edge e = edges(std::string("قال ") + form + " أمس", "داعش", Clitics::kArabic);
    EXPECT_TRUE(e.ok) << form;
    EXPECT_EQ(e.span, form);
  }
  EXPECT_FALSE(edges("مداعش", "داعش", Clitics::kArabic).ok);
  EXPECT_FALSE(edges("ووداعش", "داعش", Clitics::kArabic).ok);
}

TEST(TokenEdges, ArticleOnNamesOnlyWithASuffix) {
  std::vector<std::string> nisba = {"ي", "ية", "يون", "يين"};
  EXPECT_EQ(edges("الداعشي", "داعش", Clitics::kArabic, nisba).span, "الداعشي");
  EXPECT_EQ(edges("والداعشية", "داعش", Clitics::kArabic, nisba).span, fold_string("والداعشية"));
  EXPECT_EQ(edges("داعشيون", "داعش", Clitics::kArabic, nisba).span, "داعشيون");
  EXPECT_FALSE(edges("الداعش", "داعش", Clitics::kArabic, nisba).ok);
  EXPECT_FALSE(edges("الحماس", "حماس", Clitics::kArabic).ok);      // "the enthusiasm"
  EXPECT_TRUE(edges("العسكرية", "عسكرية", Clitics::kArabicWords).ok);  // vocabulary takes the article
  EXPECT_FALSE(edges("داعشيات", "داعش", Clitics::kArabic, {"ي"}).ok);
}

TEST(TokenEdges, ArticleStemOnlyAfterLamLam) {
  EXPECT_EQ(edges("للقاعدة", "قاعدة", Clitics::kArticleStem).span, fold_string("للقاعدة"));
  EXPECT_EQ(edges("وللقاعدة", "قاعدة", Clitics::kArticleStem).span, fold_string("وللقاعدة"));
  EXPECT_FALSE(edges("قاعدة عسكرية", "قاعدة", Clitics::kArticleStem).ok);
  EXPECT_FALSE(edges("القاعدة", "قاعدة", Clitics::kArticleStem).ok);
  EXPECT_FALSE(edges("بالقاعدة", "قاعدة", Clitics::kArticleStem).ok);
}

TEST(TokenWalk, CountsTokensBothWays) {
  std::string t = "one, two three  four";
  EXPECT_EQ(walk_tokens_forward(t, 3, 1), 8u);  // end of "two"
  EXPECT_EQ(walk_tokens_forward(t, 3, 2), 14u);
  EXPECT_EQ(walk_tokens_back(t, 9, 1), 5u);     // start of "two"
  EXPECT_EQ(walk_tokens_back(t, 9, 5), 0u);
}

// The whole stage on a small model: terms and patterns in one database.
class MatcherTest : public ::testing::Test {
 protected:
  void compile(const std::string& toml) {
    pack_.compile(toml);
    db_ = pack_.db.get();
  }
  // The folded text of every hit, sorted.
  std::vector<std::string> find(const std::string& raw) {
    MatchedText m(pack_, raw);
    std::vector<std::string> out;
    for (const Hit& h : m.hits) out.push_back(m.folded_span(h.start, h.end));
    std::sort(out.begin(), out.end());
    return out;
  }
  CompiledPack pack_;
  const MatchDatabase* db_ = nullptr;
};

constexpr const char* kPackHead = "[pack]\nid = \"m\"\ncategory = \"c\"\n[[rule]]\nid = \"m.r\"\ntitle = \"t\"\nmessage = \"m\"\n";

TEST_F(MatcherTest, TermsAndPatternsInOnePass) {
  compile(std::string(kPackHead) +
          "[rule.match]\nterms = [\"تنظيم الدولة\", \"ISIS\"]\npatterns = ['[0-9]+ (?:fighters|مقاتل)']\n"
          "arabic_clitics = true\n");
  EXPECT_EQ(find("ولتنظيم الدولة 300 fighters and ١٢ مقاتل, crISIS 12fighters"),
            (std::vector<std::string>{"12 مقاتل", "300 fighters", "ولتنظيم الدوله"}));
}

TEST_F(MatcherTest, PatternSpanIsLeftmostLongest) {
  compile(std::string(kPackHead) + "[rule.match]\npatterns = ['[0-9]+(?:,[0-9]{3})* (?:million )?dollars']\n");
  EXPECT_EQ(find("about 1,500 million dollars and 7 dollars"),
            (std::vector<std::string>{"1,500 million dollars", "7 dollars"}));
}

TEST_F(MatcherTest, CaseExactTermsCheckTheWrittenCase) {
  compile(std::string(kPackHead) + "[rule.match]\nterms = [\"IS\"]\ncase_sensitive = true\n");
  EXPECT_EQ(find("IS fighters. it is. Is it?").size(), 1u);
  // In a line of capitals the capitals say nothing; next to an abbreviation they still do.
  EXPECT_EQ(find("THIS IS ATTACK FOOTBALL\nWHAT IS IT"), std::vector<std::string>{});
  EXPECT_EQ(find("the Levant (ISIL, or IS) claimed\nIS FIGHTERS"), std::vector<std::string>{"is"});
  EXPECT_EQ(find("ISIL and IS fighters"), std::vector<std::string>{"is"});
  EXPECT_EQ(find("ISIL (IS)"), std::vector<std::string>{"is"});
}

TEST_F(MatcherTest, PatternWithoutLiteralsRunsInTheOnePass) {
  // No literal to find it by: the pattern itself is in the Hyperscan database (a long
  // bounded repeat, which start-of-match tracking could not even compile), and RE2 finds
  // the spans in the paragraphs holding a match end.
  compile(std::string(kPackHead) + "[rule.match]\npatterns = ['[a-c][a-z ]{0,300}[x-z]']\n");
  EXPECT_EQ(db_->patterns_in_one_pass(), 1u);
  EXPECT_EQ(db_->patterns_found_by_literals(), 0u);
  EXPECT_EQ(db_->patterns_on_re2_only(), 0u);
  EXPECT_EQ(find("a long way. nothing here.\n\n9 c then z"), (std::vector<std::string>{"a long way", "c then z"}));
}

TEST_F(MatcherTest, PatternsWithRequiredLiteralsAreFoundByThem) {
  // Every match holds "fighters" or "people": those literals go into the one pass.
  compile(std::string(kPackHead) +
          "[rule.match]\npatterns = ['(?:[0-9]+|(?:twenty|thirty)(?:-(?:one|two))?) (?:fighters|people)']\n");
  EXPECT_EQ(db_->patterns_found_by_literals(), 1u);
  EXPECT_EQ(find("Some 300 fighters and thirty-two people.\n\nNo people here. 5 fighters"),
            (std::vector<std::string>{"300 fighters", "5 fighters", "thirty-two people"}));
}

TEST_F(MatcherTest, SelectiveSingleCharactersFindPatternsAcrossSentences) {
  // Every match holds a quote mark: it is the literal, and RE2 searches the whole paragraph,
  // so a quotation of several sentences keeps its span.
  compile(std::string(kPackHead) + "[rule.match]\npatterns = ['\"[^\"\\n]+\"']\n");
  EXPECT_EQ(db_->patterns_found_by_literals(), 1u);
  EXPECT_EQ(find("He said: \u00ABWe win. They lose. All know.\u00BB Then \u201Cmore\u201D."),
            (std::vector<std::string>{"\"more\"", "\"we win. they lose. all know.\""}));
}

TEST_F(MatcherTest, RepeatedParagraphsAreFoundOnTheirLaterCopy) {
  compile(std::string(kPackHead) + "[rule.match]\nrepeated_paragraph = true\n");
  // Folded alike (case, harakat): a copy. Short paragraphs ("Yes.") and partial repeats are not.
  EXPECT_EQ(find("Headline of the day\n\nheadline of THE day\n\nYes.\n\nYes.\n\nHeadline of the day, continued."),
            (std::vector<std::string>{"headline of the day"}));
  EXPECT_EQ(find("دَاعِش يعيد بناء شبكته\n\nداعش يعيد بناء شبكته"), (std::vector<std::string>{"داعش يعيد بناء شبكته"}));
}

TEST_F(MatcherTest, SpelledOutNamesAreFoundWithExactSpans) {
  compile(std::string(kPackHead) + "[rule.match]\nterms = [\"Daesh\", \"ISIS\", \"داعش\", \"IS\"]\n"
          "arabic_clitics = true\n");
  EXPECT_EQ(find("D.a.e.s.h and I-S-I-S, I. S. I. S. and د.ا.ع.ش or و-د-ا-ع-ش"),
            (std::vector<std::string>{"d.a.e.s.h", "i-s-i-s", "i. s. i. s", "د.ا.ع.ش", "و-د-ا-ع-ش"}));
  // Three letters are an initialism, not a spelled-out word; a word among them breaks the run.
  EXPECT_EQ(find("the U.S.A. and I-S-I-Sx"), std::vector<std::string>{});
  // The separator is the same throughout: single-letter words around the name stay out.
  EXPECT_EQ(find("y D.a.e.s.h a"), std::vector<std::string>{"d.a.e.s.h"});
  // Offsets map back to the author's bytes, diacritics and invisible characters included.
  std::string raw = "x D.\u200Ba.e.s.h y";
  MatchedText m(pack_, raw);
  ASSERT_EQ(m.hits.size(), 1u);
  EXPECT_EQ(raw.substr(m.folded.map.to_in_start(m.hits[0].start),
                       m.folded.map.to_in_end(m.hits[0].end) - m.folded.map.to_in_start(m.hits[0].start)),
            "D.\u200Ba.e.s.h");
}

TEST_F(MatcherTest, ArabiziDigitsReadAsLetters) {
  compile(std::string(kPackHead) + "[rule.match]\nterms = [\"Daesh\", \"al-Qaida\", \"Hamas\", \"Hezbollah\"]\n");
  EXPECT_EQ(find("da3esh, al-qa3ida, 7amas and 7ezbollah"),
            (std::vector<std::string>{"7amas", "7ezbollah", "al-qa3ida", "da3esh"}));
  // Ordinals, units and product names keep their digits.
  EXPECT_EQ(find("3eme 5th b2b covid19 da3 3amas"), std::vector<std::string>{});
}

}  // namespace
}  // namespace copydesk::detail
