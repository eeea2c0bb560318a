// TOML packs -> rule model: lists with provenance, options, cross-pack term sets,
// ids checked against paths, compile-time exclusion, and every problem reported.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fold/fold.h"
#include "rules/load.h"
#include "rules/sources.h"
#include "rules/variants.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace copydesk::detail {
namespace {

class PackDir {
 public:
  // The pid keeps parallel test processes (ctest -j) out of each other's folders.
  PackDir()
      : root_(fs::path(::testing::TempDir()) /
              ("rules_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
    fs::remove_all(root_);
  }
  ~PackDir() { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& content) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string path() const { return root_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

std::string dump(const Diagnostics& d) {
  std::string s;
  for (const Diagnostic& x : d.all())
    s += x.file + ":" + std::to_string(x.line) + ":" + std::to_string(x.column) + ": " + x.message + "\n";
  return s;
}

bool has(const Diagnostics& d, const std::string& needle) { return dump(d).find(needle) != std::string::npos; }

TEST(Rules, ListLinesCarryProvenanceAndOptions) {
  PackDir dir;
  dir.write("ext/pack.toml", "[pack]\nid = \"ext\"\ncategory = \"extremism\"\n");
  dir.write("ext/org.toml",
            "id = \"ext.org\"\ntitle = \"t\"\nmessage = \"{match} {meta.ref}\"\n"
            "[match]\nlists = [\"lists/org.txt\"]\narabic_clitics = true\n");
  dir.write("ext/lists/org.txt",
            "# comment\n\nداعش\tref=QDe.115\tlisted=2004-10-18\nIS\tcase=exact\tclitics=no\nحسم\tclitics=no\n");
  Diagnostics diags;
  RuleModel model = build_model(read_sources(dir.path()), "", diags);
  ASSERT_FALSE(diags.has_errors()) << dump(diags);
  ASSERT_EQ(model.entries.size(), 3u);
  EXPECT_EQ(model.entries[0].written, "داعش");
  EXPECT_EQ(model.entries[0].line, 3u);
  ASSERT_EQ(model.entries[0].meta.size(), 2u);
  EXPECT_EQ(model.entries[0].meta[0], (std::pair<std::string, std::string>{"ref", "QDe.115"}));
  std::vector<Clitics> clitics;
  std::vector<bool> exact;
  for (const Needle& n : model.needles) clitics.push_back(n.clitics), exact.push_back(n.case_exact);
  EXPECT_EQ(clitics, (std::vector<Clitics>{Clitics::kArabic, Clitics::kNone, Clitics::kNone}));
  EXPECT_EQ(exact, (std::vector<bool>{false, true, false}));
}

TEST(Rules, ArticleTermsGetAStemNeedleForLamLam) {
  PackDir dir;
  dir.write("p/pack.toml", "[pack]\nid = \"p\"\ncategory = \"c\"\n");
  dir.write("p/q.toml", "id = \"p.q\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nterms = [\"القاعدة\"]\narabic_clitics = true\n");
  Diagnostics diags;
  RuleModel model = build_model(read_sources(dir.path()), "", diags);
  ASSERT_FALSE(diags.has_errors()) << dump(diags);
  ASSERT_EQ(model.needles.size(), 2u);
  EXPECT_EQ(model.needles[0].literal, "القاعده");
  EXPECT_EQ(model.needles[1].literal, "قاعده");
  EXPECT_EQ(model.needles[1].clitics, Clitics::kArticleStem);
}

TEST(Rules, SpellingVariantsOfCompoundNamesAndArticles) {
  using V = std::vector<std::string>;
  EXPECT_EQ(spelling_variants(fold_string("حسن نصر الله")), (V{fold_string("حسن نصرالله")}));
  EXPECT_EQ(spelling_variants(fold_string("أبو بكر البغدادي")), (V{fold_string("أبوبكر البغدادي")}));
  EXPECT_EQ(spelling_variants(fold_string("عبد الملك بدر الدين الحوثي")),
            (V{fold_string("عبدالملك بدر الدين الحوثي"), fold_string("عبد الملك بدرالدين الحوثي"),
               fold_string("عبدالملك بدرالدين الحوثي")}));
  EXPECT_EQ(spelling_variants("al-qaeda"), (V{"al qaeda", "el-qaeda"}));
  EXPECT_EQ(spelling_variants("izz al-din al-qassam"),
            (V{"izz al din al qassam", "izz el-din el-qassam", "izz ad-din al-qassam"}));
  EXPECT_EQ(spelling_variants("as-sahab"), (V{"al-sahab", "al sahab", "el-sahab"}));
  EXPECT_EQ(spelling_variants("national action"), V{});
  EXPECT_EQ(spelling_variants("daesh"), V{});
}

TEST(Rules, VariantsAreNeedlesOfTheSameEntry) {
  PackDir dir;
  dir.write("p/pack.toml", "[pack]\nid = \"p\"\ncategory = \"c\"\n");
  dir.write("p/r.toml", "id = \"p.r\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nterms = [\"al-Nusra\", \"AQAP\"]\n"
                        "case_sensitive = false\n");
  Diagnostics diags;
  RuleModel model = build_model(read_sources(dir.path()), "", diags);
  ASSERT_FALSE(diags.has_errors()) << dump(diags);
  std::vector<std::string> literals;
  for (const Needle& n : model.needles) literals.push_back(n.literal + "#" + std::to_string(n.entry));
  EXPECT_EQ(literals, (std::vector<std::string>{"al-nusra#0", "al nusra#0", "el-nusra#0", "an-nusra#0", "aqap#1"}));
}

TEST(Rules, TermSetsResolveAcrossPacks) {
  PackDir dir;
  dir.write("attribution/pack.toml",
            "[pack]\nid = \"attribution\"\ncategory = \"attribution\"\n[termsets.named_cues]\nterms = [\"said\"]\n");
  dir.write("figures/pack.toml", "[pack]\nid = \"figures\"\ncategory = \"figures\"\n");
  dir.write("figures/count.toml",
            "id = \"figures.count\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\npatterns = ['[0-9]+ people']\n"
            "[[unless]]\nsets = [\"attribution.named_cues\"]\n");
  Diagnostics diags;
  RuleModel model = build_model(read_sources(dir.path()), "", diags);
  ASSERT_FALSE(diags.has_errors()) << dump(diags);
  ASSERT_EQ(model.rules.size(), 1u);
  ASSERT_EQ(model.rules[0].conditions.size(), 1u);
  EXPECT_EQ(model.groups[model.rules[0].conditions[0].groups[0]].name, "attribution.named_cues");
}

TEST(Rules, IdsMustMatchPathsAndListsMustExist) {
  PackDir dir;
  dir.write("p/pack.toml", "[pack]\nid = \"wrong\"\ncategory = \"c\"\n");
  dir.write("p/r.toml", "id = \"p.other\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nlists = [\"lists/missing.txt\"]\n");
  dir.write("p/lists/unused.txt", "x\n");
  Diagnostics diags;
  build_model(read_sources(dir.path()), "", diags);
  EXPECT_TRUE(has(diags, "pack.toml:2:6: pack id 'wrong' must equal its folder name 'p'")) << dump(diags);
  EXPECT_TRUE(has(diags, "r.toml:1:6: rule id 'p.other' must be 'wrong.r'")) << dump(diags);
  EXPECT_TRUE(has(diags, "list file 'lists/missing.txt': not found")) << dump(diags);
  EXPECT_TRUE(has(diags, "unused.txt:0:0: list file is not used")) << dump(diags);
}

TEST(Rules, ListFieldsMustBeKeyValue) {
  PackDir dir;
  dir.write("p/pack.toml", "[pack]\nid = \"p\"\ncategory = \"c\"\n");
  dir.write("p/r.toml", "id = \"p.r\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nlists = [\"lists/l.txt\"]\n");
  dir.write("p/lists/l.txt", "ok\tref=1\nbad\tnovalue\nworse\tcase=loud\n");
  Diagnostics diags;
  build_model(read_sources(dir.path()), "", diags);
  EXPECT_TRUE(has(diags, "l.txt:2:5: list field 'novalue' must be key=value")) << dump(diags);
  EXPECT_TRUE(has(diags, "l.txt:3:7: 'case' can only be 'exact'")) << dump(diags);
}

TEST(Rules, ExcludeLeavesRulesOut) {
  PackDir dir;
  dir.write("p/pack.toml", "[pack]\nid = \"p\"\ncategory = \"c\"\n");
  dir.write("p/a.toml", "id = \"p.a\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nterms = [\"a\"]\n");
  dir.write("p/b.toml", "id = \"p.b\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\nterms = [\"b\"]\n");
  Diagnostics diags;
  RuleModel model = build_model(read_sources(dir.path()), "p.a", diags);
  ASSERT_EQ(model.rules.size(), 1u);
  EXPECT_EQ(model.rules[0].id, "p.b");
  EXPECT_EQ(model.needles.size(), 1u);
  EXPECT_EQ(build_model(read_sources(dir.path()), "c", diags).rules.size(), 0u);
}

TEST(Rules, UnreadablePathIsAnIoError) {
  EXPECT_THROW(read_sources("/nonexistent/copydesk/rules"), copydesk::Error);
  PackDir dir;
  dir.write("not-a-pack/readme.txt", "x");
  EXPECT_THROW(read_sources(dir.path()), copydesk::Error);
}

}  // namespace
}  // namespace copydesk::detail
