// The evaluate stage: conditions in each scope, `when`, and overlap resolution,
// run on real folded and segmented text.
#include <gtest/gtest.h>

#include "evaluate/evaluate.h"
#include "fold/fold.h"
#include "rules/load.h"
#include "string_pack.h"

namespace copydesk::detail {
namespace {

class EvaluateTest : public ::testing::Test {
 protected:
  void compile(const std::string& toml) { pack_.compile("[pack]\nid = \"e\"\ncategory = \"c\"\n" + toml); }
  // "rule:folded text" for each finding.
  std::vector<std::string> run(const std::string& raw) {
    MatchedText m(pack_, raw);
    Evaluator ev;
    std::vector<Candidate> out;
    ev.run(pack_.model, m.hits, m.segments, m.folded.text, EvaluateOptions{}, out);
    std::vector<std::string> s;
    for (const Candidate& c : out) s.push_back(pack_.model.rules[c.rule].id + ":" + m.folded_span(c.start, c.end));
    return s;
  }
  CompiledPack pack_;
};

TEST_F(EvaluateTest, UnlessInSentence) {
  compile("[[rule]]\nid = \"e.fig\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\npatterns = ['[0-9]+ fighters']\n"
          "[[rule.unless]]\nterms = [\"said\", \"according to\"]\n");
  EXPECT_EQ(run("The army said 300 fighters died. 200 fighters fled. According to the UN, 50 fighters stayed."),
            (std::vector<std::string>{"e.fig:200 fighters"}));
}

TEST_F(EvaluateTest, PreviousSentenceScope) {
  compile("[[rule]]\nid = \"e.q\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\npatterns = ['\"[^\"]+\"']\n"
          "[[rule.unless]]\nwithin = \"previous_sentence\"\nterms = [\"said\"]\n");
  EXPECT_EQ(run("The minister said this. \"We will win\". Later. \"They lost\"."),
            (std::vector<std::string>{"e.q:\"they lost\""}));
}

TEST_F(EvaluateTest, ParagraphScope) {
  compile("[[rule]]\nid = \"e.p\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"nabaa\"]\n"
          "[[rule.require]]\nwithin = \"paragraph\"\nterms = [\"weekly\"]\n");
  EXPECT_EQ(run("The weekly was read. Nabaa printed it.\n\nNabaa means news."),
            (std::vector<std::string>{"e.p:nabaa"}));
}

TEST_F(EvaluateTest, TokenWindowAndWhen) {
  compile("[[rule]]\nid = \"e.a\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\n"
          "terms = [\"القاعدة\", \"al-Qaeda\"]\narabic_clitics = true\n"
          "[[rule.unless]]\nwhen = [\"القاعدة\"]\nwithin = \"tokens\"\nafter = 1\nterms = [\"عسكرية\"]\n");
  EXPECT_EQ(run("القاعدة العسكرية والقاعدة الإرهابية. al-Qaeda عسكرية"),
            (std::vector<std::string>{"e.a:والقاعده", "e.a:al-qaeda"}));
}

TEST_F(EvaluateTest, OverlapsKeepTheLongestInACategory) {
  compile("[[rule]]\nid = \"e.long\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"تنظيم الدولة الإسلامية\"]\n"
          "[[rule]]\nid = \"e.short\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"الدولة الإسلامية\", \"داعش\"]\n");
  EXPECT_EQ(run("تنظيم الدولة الإسلامية و داعش"),
            (std::vector<std::string>{"e.long:تنظيم الدوله الاسلاميه", "e.short:داعش"}));
}

}  // namespace
}  // namespace copydesk::detail
