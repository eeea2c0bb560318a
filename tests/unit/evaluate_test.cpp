// The evaluate stage: conditions in each scope, `when`, and overlap resolution,
// run on real folded and segmented text.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "evaluate/evaluate.h"
#include "fold/fold.h"
#include "rules/load.h"
#include "rules/sources.h"
#include "string_pack.h"

namespace fs = std::filesystem;

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

// A rule whose require names `findings`: the alias counts next to a finding of the other rule.
constexpr const char* kFindingsPack =
    "[[rule]]\nid = \"e.name\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"Daech\", \"Etat islamique\"]\n"
    "[[rule]]\nid = \"e.alias\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"EI\"]\n"
    "[[rule.require]]\nterms = [\"djihadiste\"]\nfindings = [\"e.name\"]\n";

TEST_F(EvaluateTest, AFindingInTheSentenceIsContext) {
  compile(kFindingsPack);
  EXPECT_EQ(run("Daech et l'EI. L'EI a fui."), (std::vector<std::string>{"e.name:daech", "e.alias:ei"}));
  // The condition's own terms still count on their own.
  EXPECT_EQ(run("Le groupe djihadiste EI."), (std::vector<std::string>{"e.alias:ei"}));
}

TEST_F(EvaluateTest, ADisabledRuleIsStillContext) {
  compile(kFindingsPack);
  MatchedText m(pack_, "Daech et l'EI.");
  std::vector<uint8_t> enabled = {0, 1};  // e.name off, e.alias on
  EvaluateOptions options;
  options.rule_enabled = &enabled;
  Evaluator ev;
  std::vector<Candidate> out;
  ev.run(pack_.model, m.hits, m.segments, m.folded.text, options, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(pack_.model.rules[out[0].rule].id, "e.alias");
}

TEST_F(EvaluateTest, FindingsInTheArticle) {
  compile(
      "[[rule]]\nid = \"e.name\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"Etat islamique\"]\n"
      "[[rule]]\nid = \"e.alias\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"EI\"]\n"
      "[[rule.require]]\nwithin = \"article\"\nfindings = [\"c\"]\n");  // a category
  EXPECT_EQ(run("Titre.\n\nLe groupe Etat islamique (EI) recule.\n\nPlus tard, l'EI a fui."),
            (std::vector<std::string>{"e.name:etat islamique", "e.alias:ei", "e.alias:ei"}));
  EXPECT_EQ(run("Titre.\n\nL'EI, une entreprise individuelle, a fermé."), std::vector<std::string>{});
}

TEST_F(EvaluateTest, FindingsConfirmedByFindingsConfirmNothing) {
  // e.b stands only on e.a's finding; e.c, which needs a finding of e.b, gets none.
  compile(
      "[[rule]]\nid = \"e.a\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"alpha\"]\n"
      "[[rule.require]]\nterms = [\"zzz\"]\nfindings = [\"e.c\"]\n"
      "[[rule]]\nid = \"e.b\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"beta\"]\n"
      "[[rule.require]]\nfindings = [\"e.a\", \"e.d\"]\n"
      "[[rule]]\nid = \"e.c\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"gamma\"]\n"
      "[[rule.require]]\nfindings = [\"e.b\"]\n"
      "[[rule]]\nid = \"e.d\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"delta\"]\n");
  EXPECT_EQ(run("delta beta gamma alpha."), (std::vector<std::string>{"e.d:delta", "e.b:beta"}));
}

TEST_F(EvaluateTest, HeadlineTakesContextFromTheLede) {
  compile("[[rule]]\nid = \"e.s\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"تنظيم الدولة\"]\n"
          "arabic_clitics = true\n[[rule.require]]\nwithin = \"headline_and_lede\"\nterms = [\"معاقل\"]\n");
  EXPECT_EQ(run("تنظيم الدولة يخسر آخر جيوبه\n\nسيطرت القوات على آخر معاقل التنظيم.\n\nوتنظيم الدولة في المدينة."),
            (std::vector<std::string>{"e.s:تنظيم الدوله"}));
  // A first paragraph of two sentences is no headline: its sentence alone counts.
  EXPECT_EQ(run("تنظيم الدولة يخسر. وهذا خبر.\n\nسيطرت القوات على آخر معاقل التنظيم."), std::vector<std::string>{});
}

TEST_F(EvaluateTest, ConditionTermsTakeSuffixes) {
  compile("[[rule]]\nid = \"e.h\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"حزب الله\"]\n"
          "[[rule.require]]\nterms = [\"لبناني\"]\nsuffixes = [\"ه\", \"ون\"]\n");
  EXPECT_EQ(run("شركات لبنانية تمول حزب الله. حزب الله في الآية."), (std::vector<std::string>{"e.h:حزب الله"}));
}

TEST(EvaluateFindings, SameFieldTiesASurnameToItsFullName) {
  fs::path dir = fs::path(::testing::TempDir()) / ("evaluate_same_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto write = [&](const std::string& rel, const std::string& text) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel, std::ios::binary) << text;
  };
  write("x/pack.toml", "[pack]\nid = \"x\"\ncategory = \"c\"\n");
  write("x/full.toml", "id = \"x.full\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nlists = [\"lists/full.txt\"]\n");
  write("x/short.toml", "id = \"x.short\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nlists = [\"lists/short.txt\"]\n"
                        "[[require]]\nwithin = \"article\"\nfindings = [\"x.full\"]\nsame = \"person\"\n");
  write("x/lists/full.txt", "Ayman al-Zawahiri\tperson=zawahiri\nHassan Nasrallah\tperson=nasrallah\n");
  write("x/lists/short.txt", "Zawahiri\tperson=zawahiri\nNasrallah\tperson=nasrallah\n");
  CompiledPack pack;
  pack.model = build_model(read_sources(dir.string()), "", pack.diags);
  ASSERT_FALSE(pack.diags.has_errors()) << pack.diags.first_error_text();
  pack.db = MatchDatabase::build(pack.model, pack.diags, 0);
  ASSERT_NE(pack.db, nullptr);
  MatchedText m(pack, "Hassan Nasrallah spoke. Later Nasrallah and Zawahiri were named.");
  Evaluator ev;
  std::vector<Candidate> out;
  ev.run(pack.model, m.hits, m.segments, m.folded.text, EvaluateOptions{}, out);
  std::vector<std::string> got;
  for (const Candidate& c : out) got.push_back(pack.model.rules[c.rule].id + ":" + m.folded_span(c.start, c.end));
  EXPECT_EQ(got, (std::vector<std::string>{"x.full:hassan nasrallah", "x.short:nasrallah"}));
  fs::remove_all(dir);
}

TEST(EvaluateFindings, BadFindingsAreReported) {
  CompiledPack pack;
  SourceUnit unit;
  unit.kind = SourceUnit::Kind::kString;
  unit.origin = "pack.toml";
  unit.files["pack.toml"] =
      "[pack]\nid = \"e\"\ncategory = \"c\"\n[[rule]]\nid = \"e.a\"\ntitle = \"t\"\nmessage = \"m\"\n"
      "[rule.match]\nterms = [\"a\"]\n[[rule.require]]\nfindings = [\"nowhere\"]\n"
      "[[rule.unless]]\nfindings = [\"e.a\"]\n[[rule.require]]\nterms = [\"b\"]\nsame = \"person\"\n";
  Diagnostics diags;
  build_model({unit}, "", diags);
  std::string all;
  for (const Diagnostic& d : diags.all()) all += d.message + "\n";
  EXPECT_NE(all.find("no rule, pack or category is named 'nowhere'"), std::string::npos) << all;
  EXPECT_NE(all.find("'findings' can only be used in a [[require]]"), std::string::npos) << all;
  EXPECT_NE(all.find("'same' needs 'findings'"), std::string::npos) << all;
}

// The figure recogniser, with small role sets of its own: what makes a number a figure is
// the word after it, not a list of nouns.
class FigureRecogniserTest : public EvaluateTest {
 protected:
  void SetUp() override {
    compile("[termsets.num]\nterms = [\"three\", \"ثلاثة\", \"une centaine\"]\narabic_clitics = true\n"
            "[termsets.mult]\nterms = [\"million\", \"آلاف\", \"bn\"]\narabic_clitics = true\n"
            "[termsets.stop]\nterms = [\"years\", \"km\", \"of\", \"عاما\", \"ans\", \"e\"]\narabic_clitics = true\n"
            "[termsets.before]\nterms = [\"page\", \"the\"]\n"
            "[termsets.after]\nterms = [\"اثنان\"]\narabic_clitics = true\n"
            "[[rule]]\nid = \"e.fig\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nrecogniser = \"figure\"\n"
            "[rule.match.roles]\nnumbers = [\"num\"]\nmultipliers = [\"mult\"]\nnot_units = [\"stop\"]\n"
            "not_before = [\"before\"]\nafter_noun = [\"after\"]\n");
  }
};

TEST_F(FigureRecogniserTest, AnyNounCountsUnlessStopListed) {
  EXPECT_EQ(run("Officers seized 900 rifles and 40 grenades over 12 years."),
            (std::vector<std::string>{"e.fig:900 rifles", "e.fig:40 grenades"}));
  EXPECT_EQ(run("Three zebras ran 5 km, 6km and 2 of them fell."), (std::vector<std::string>{"e.fig:three zebras"}));
}

TEST_F(FigureRecogniserTest, DigitGroupsMultipliersAndClitics) {
  EXPECT_EQ(run("Environ 45 000 manifestants, 3,5 million euros and 3bn people."),
            (std::vector<std::string>{"e.fig:45 000 manifestants", "e.fig:3,5 million euros", "e.fig:3bn people"}));
  EXPECT_EQ(run("وقتل 39 فلسطينيا وفر ثلاثة آلاف نازح و18 طفلا وعمره 25 عاما."),
            (std::vector<std::string>{"e.fig:39 فلسطينيا", "e.fig:ثلاثه الاف نازح", "e.fig:و18 طفلا"}));
  EXPECT_EQ(run("وارتفع إلى 73سنتا."), (std::vector<std::string>{"e.fig:73سنتا"}));
  EXPECT_EQ(run("Une centaine de soldats."), (std::vector<std::string>{"e.fig:une centaine de soldats"}));
}

TEST_F(FigureRecogniserTest, YearsTimesScoresNamesAndReferencesAreNotFigures) {
  EXPECT_EQ(run("In 2012 athletes won 3-1 at 10:30 on 12/5 with a G7 team, page 12 items, the 300 agents and 2e places."),
            std::vector<std::string>{});
  EXPECT_EQ(run("His 2012 Euro gold, F-16 jets and 3 - 1 wins."), std::vector<std::string>{});
}

TEST_F(FigureRecogniserTest, NumberAfterItsNoun) {
  EXPECT_EQ(run("وأصيب شرطيان اثنان في الهجوم."), (std::vector<std::string>{"e.fig:شرطيان اثنان"}));
}

TEST_F(FigureRecogniserTest, ConditionsApplyToRecognisedFigures) {
  compile("[termsets.num]\nterms = [\"three\"]\n[termsets.stop]\nterms = [\"years\"]\n"
          "[[rule]]\nid = \"e.fig\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nrecogniser = \"figure\"\n"
          "[rule.match.roles]\nnumbers = [\"num\"]\nnot_units = [\"stop\"]\n"
          "[[rule.unless]]\nterms = [\"said\"]\n");
  EXPECT_EQ(run("Police said 300 fighters died. Three fighters fled."), (std::vector<std::string>{"e.fig:three fighters"}));
}

TEST(RecogniserLoad, UnknownRecogniserAndRoleAreErrors) {
  for (const char* bad : {"recogniser = \"figures\"\n", "recogniser = \"figure\"\n[rule.match.roles]\nnoun = [\"x\"]\n",
                          "recogniser = \"figure\"\n[rule.match.roles]\nnumbers = [\"nope\"]\n"}) {
    SourceUnit unit;
    unit.kind = SourceUnit::Kind::kString;
    unit.origin = "pack.toml";
    unit.files["pack.toml"] = std::string("[pack]\nid = \"e\"\ncategory = \"c\"\n[termsets.x]\nterms = [\"a\"]\n"
                                          "[[rule]]\nid = \"e.r\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\n") + bad;
    Diagnostics diags;
    build_model({unit}, "", diags);
    EXPECT_TRUE(diags.has_errors()) << bad;
  }
}

// Stemmed term sets: one line matches every inflection, in the language of the paragraph.
TEST_F(EvaluateTest, StemmedTermSetsMatchInflections) {
  compile("[termsets.cues_en]\nterms = [\"explain\", \"according to\"]\nstem = \"en\"\n"
          "[termsets.cues_fr]\nterms = [\"affirmer\", \"noter\"]\nstem = \"fr\"\n"
          "[termsets.cues_ar]\nterms = [\"قال\", \"يؤكد\"]\nstem = \"ar\"\n"
          "[[rule]]\nid = \"e.cue\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\n"
          "sets = [\"cues_en\", \"cues_fr\", \"cues_ar\"]\n");
  EXPECT_EQ(run("He explains it and the officials explained it, according to the report, and the law is not new."),
            (std::vector<std::string>{"e.cue:explains", "e.cue:explained", "e.cue:according to"}));
  EXPECT_EQ(run("Les éleveurs de la région affirment que les prix ont baissé et il a affirmé que le marché est fermé."),
            (std::vector<std::string>{"e.cue:affirment", "e.cue:affirme"}));
  EXPECT_EQ(run("وقالت المصادر إن التجار يؤكدون ذلك."), (std::vector<std::string>{"e.cue:وقالت", "e.cue:يؤكدون"}));
}

TEST(StemLoad, BadStemLanguageIsAnError) {
  SourceUnit unit;
  unit.kind = SourceUnit::Kind::kString;
  unit.origin = "pack.toml";
  unit.files["pack.toml"] = "[pack]\nid = \"e\"\ncategory = \"c\"\n[termsets.x]\nterms = [\"a\"]\nstem = \"de\"\n"
                            "[[rule]]\nid = \"e.r\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nsets = [\"x\"]\n";
  Diagnostics diags;
  build_model({unit}, "", diags);
  EXPECT_TRUE(diags.has_errors());
  EXPECT_NE(diags.first_error_text().find("'stem' must be one of ar, en, fr"), std::string::npos) << diags.first_error_text();
}

// The quote recogniser: directional marks pair per paragraph; a speaker before, after, in the
// sentence before, or an attributed quotation it continues.
class QuoteRecogniserTest : public EvaluateTest {
 protected:
  void SetUp() override {
    compile("[termsets.speech]\nterms = [\"said\", \"a-t-il plaidé\"]\n[termsets.pre]\nterms = [\"pour\"]\n"
            "[termsets.titles]\nterms = [\"titled\"]\n"
            "[[rule]]\nid = \"e.q\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nrecogniser = \"quote\"\n"
            "[rule.match.roles]\nspeech = [\"speech\"]\npreludes = [\"pre\"]\nnot_quotes = [\"titles\"]\n");
  }
  // Runs with the raw text as the view, so that « » “ ” keep their direction.
  std::vector<std::string> run_view(const std::string& raw) {
    MatchedText m(pack_, raw);
    Evaluator ev;
    std::vector<Candidate> out;
    EvaluateOptions options;
    options.view = raw;
    options.fold_map = &m.folded.map;
    ev.run(pack_.model, m.hits, m.segments, m.folded.text, options, out);
    std::vector<std::string> s;
    for (const Candidate& c : out) s.push_back(m.folded_span(c.start, c.end));
    return s;
  }
};

TEST_F(QuoteRecogniserTest, UnattributedQuotationIsFlagged) {
  EXPECT_EQ(run_view("The talks ended. « Nous ne les laisserons pas revenir dans la ville. »"),
            (std::vector<std::string>{"\" nous ne les laisserons pas revenir dans la ville. \""}));
}

TEST_F(QuoteRecogniserTest, SpeakerBeforeAfterOrInTheSentenceBefore) {
  EXPECT_EQ(run_view("« Nous ne les laisserons pas revenir », a-t-il plaidé."), std::vector<std::string>{});
  EXPECT_EQ(run_view("The mayor said so. “We will not let them come back here.”"), std::vector<std::string>{});
  EXPECT_EQ(run_view("Pour le ministre, « il faut rouvrir la frontière vite »."), std::vector<std::string>{});
  EXPECT_EQ(run_view("Mayor: “We will rebuild every house here”"), std::vector<std::string>{});
}

TEST_F(QuoteRecogniserTest, MarksPairByDirectionNotAcrossTwoQuotedItems) {
  // Two titles in one sentence: the prose between them is no quotation.
  EXPECT_EQ(run_view("He read “War and Peace” on the long train ride and then “The Old Man and the Sea”."),
            std::vector<std::string>{});
  EXPECT_EQ(run_view("A book titled “how we lost the war in the east” came out."), std::vector<std::string>{});
}

TEST_F(QuoteRecogniserTest, ContinuationOfAnAttributedQuotation) {
  EXPECT_EQ(run_view("“We will rebuild every house,” the mayor said.\n\n“It will take years, but we have started.”"),
            std::vector<std::string>{});
  EXPECT_EQ(run_view("The rain stopped.\n\n“It will take years, but we have started.”"),
            (std::vector<std::string>{"\"it will take years, but we have started.\""}));
}

}  // namespace
}  // namespace copydesk::detail
