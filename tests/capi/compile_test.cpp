// Rule compilation through the C ABI: every problem, with file, line and column.
#include <copydesk.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct Diag {
  std::string text;  // "file:line:col: message"
  int severity;
};

int compile(const std::string& toml, std::vector<Diag>& diags) {
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  copydesk_compiler_new(&c, nullptr);
  copydesk_compiler_add_string(c, toml.data(), toml.size(), "editor.toml");
  int status = copydesk_compiler_build(&rs, c);
  for (size_t i = 0; i < copydesk_compiler_diagnostic_count(c); ++i) {
    copydesk_diagnostic d;
    d.version = COPYDESK_DIAGNOSTIC_VERSION;
    copydesk_compiler_diagnostic_get(&d, c, i);
    diags.push_back({std::string(d.file) + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
                         d.message,
                     d.severity});
  }
  copydesk_ruleset_free(rs);
  copydesk_compiler_free(c);
  return status;
}

bool has(const std::vector<Diag>& diags, const std::string& needle) {
  for (const Diag& d : diags)
    if (d.text.find(needle) != std::string::npos) return true;
  return false;
}

std::string dump(const std::vector<Diag>& diags) {
  std::string s;
  for (const Diag& d : diags) s += d.text + "\n";
  return s;
}

TEST(Compile, EveryProblemIsReportedWithItsPosition) {
  const std::string toml =
      "[pack]\n"                                   // 1
      "id = \"p\"\n"                               // 2
      "category = \"extremism\"\n"                 // 3
      "[[rule]]\n"                                 // 4
      "id = \"p.one\"\n"                           // 5
      "title = \"one\"\n"                          // 6
      "mesage = \"typo\"\n"                        // 7: misspelled key, and message missing
      "severity = \"high\"\n"                      // 8: bad value
      "[rule.match]\n"                             // 9
      "patterns = [\"(unclosed\"]\n"               // 10: broken regex
      "sets = [\"nowhere\"]\n"                     // 11: unknown set
      "[[rule]]\n"                                 // 12
      "id = \"p.two\"\n"                           // 13
      "title = \"two\"\n"                          // 14
      "message = \"{matched}\"\n"                  // 15: unknown placeholder
      "[rule.match]\n"                             // 16
      "terms = [\"x\"]\n"                          // 17
      "[[rule.unless]]\n"                          // 18
      "within = \"tokens\"\n"                      // 19: tokens without before/after
      "terms = [\"y\"]\n";                         // 20
  std::vector<Diag> diags;
  EXPECT_EQ(compile(toml, diags), COPYDESK_E_RULES);
  EXPECT_TRUE(has(diags, "editor.toml:7:1: unknown key 'mesage' in a rule; did you mean 'message'?")) << dump(diags);
  EXPECT_TRUE(has(diags, "missing required key 'message'")) << dump(diags);
  EXPECT_TRUE(has(diags, "editor.toml:8:12: 'severity' must be one of info, warning, error")) << dump(diags);
  EXPECT_TRUE(has(diags, "editor.toml:10:13: pattern '(unclosed'")) << dump(diags);
  EXPECT_TRUE(has(diags, "editor.toml:11:9: unknown term set 'nowhere'")) << dump(diags);
  EXPECT_TRUE(has(diags, "editor.toml:15:11: unknown placeholder '{matched}'")) << dump(diags);
  EXPECT_TRUE(has(diags, "within = \"tokens\" needs 'before' or 'after'")) << dump(diags);
  EXPECT_NE(std::string(copydesk_last_error()).find("error(s) in the rules"), std::string::npos);
}

// `publish` (per rule) and `default_publish` (per pack) take block, acknowledge or advise;
// anything else is an error at the value.
TEST(Compile, PublishActionMustBeBlockAcknowledgeOrAdvise) {
  const std::string toml =
      "[pack]\n"                                   // 1
      "id = \"p\"\n"                               // 2
      "category = \"c\"\n"                         // 3
      "default_publish = \"stop\"\n"               // 4: bad value
      "[[rule]]\n"                                 // 5
      "id = \"p.one\"\n"                           // 6
      "title = \"one\"\n"                          // 7
      "message = \"m\"\n"                          // 8
      "publish = \"Block\"\n"                      // 9: bad value (case matters)
      "[rule.match]\n"                             // 10
      "terms = [\"x\"]\n"                          // 11
      "[[rule]]\n"                                 // 12
      "id = \"p.two\"\n"                           // 13
      "title = \"two\"\n"                          // 14
      "message = \"m\"\n"                          // 15
      "publish = 1\n"                              // 16: not a string
      "[rule.match]\n"                             // 17
      "terms = [\"y\"]\n";                         // 18
  std::vector<Diag> diags;
  EXPECT_EQ(compile(toml, diags), COPYDESK_E_RULES);
  EXPECT_TRUE(has(diags, "editor.toml:4:19: 'default_publish' must be one of block, acknowledge, advise")) << dump(diags);
  EXPECT_TRUE(has(diags, "editor.toml:9:11: 'publish' must be one of block, acknowledge, advise")) << dump(diags);
  EXPECT_TRUE(has(diags, "editor.toml:16:11: 'publish' must be a string")) << dump(diags);

  for (const char* action : {"block", "acknowledge", "advise"}) {
    std::vector<Diag> ok;
    const std::string good = "[pack]\nid = \"p\"\ncategory = \"c\"\ndefault_publish = \"advise\"\n"
                             "[[rule]]\nid = \"p.r\"\ntitle = \"t\"\nmessage = \"m\"\npublish = \"" +
                             std::string(action) + "\"\n[rule.match]\nterms = [\"x\"]\n";
    EXPECT_EQ(compile(good, ok), COPYDESK_OK) << action << "\n" << dump(ok);
  }
}

TEST(Compile, TomlSyntaxErrorNamesLineAndColumn) {
  std::vector<Diag> diags;
  EXPECT_EQ(compile("[pack]\nid = \"p\"\ncategory = \"c\n", diags), COPYDESK_E_RULES);
  ASSERT_FALSE(diags.empty());
  EXPECT_TRUE(has(diags, "editor.toml:3:")) << dump(diags);
  EXPECT_TRUE(has(diags, "TOML syntax")) << dump(diags);
}

TEST(Compile, PatternBothEnginesRefuseIsAnError) {
  // A back-reference: neither Hyperscan nor RE2 has them.
  const std::string toml =
      "[pack]\nid = \"p\"\ncategory = \"c\"\n"
      "[[rule]]\nid = \"p.r\"\ntitle = \"t\"\nmessage = \"m\"\n"
      "[rule.match]\npatterns = ['(ab)\\1']\n";
  std::vector<Diag> diags;
  EXPECT_EQ(compile(toml, diags), COPYDESK_E_RULES);
  EXPECT_TRUE(has(diags, "editor.toml:9:13: pattern '(ab)\\1'")) << dump(diags);
}

TEST(Compile, EmptyMatchingPatternIsAnErrorAndSlowPatternAWarning) {
  const std::string toml =
      "[pack]\nid = \"p\"\ncategory = \"c\"\n"
      "[[rule]]\nid = \"p.r\"\ntitle = \"t\"\nmessage = \"m\"\n"
      "[rule.match]\npatterns = ['x*']\n"
      "[[rule]]\nid = \"p.s\"\ntitle = \"t\"\nmessage = \"m\"\n"
      "[rule.match]\npatterns = ['[0-9]+ ?[a-z]']\n";
  std::vector<Diag> diags;
  EXPECT_EQ(compile(toml, diags), COPYDESK_E_RULES);
  EXPECT_TRUE(has(diags, "can match empty text")) << dump(diags);
  bool slow_warning = false;
  for (const Diag& d : diags)
    slow_warning |= d.severity == COPYDESK_SEVERITY_WARNING && d.text.find("no literal") != std::string::npos;
  EXPECT_TRUE(slow_warning) << dump(diags);
}

TEST(Compile, MissingPathIsAnIoErrorAndKeptAsDiagnostic) {
  copydesk_compiler* c = nullptr;
  copydesk_compiler_new(&c, nullptr);
  EXPECT_EQ(copydesk_compiler_add_path(c, "/nonexistent/rules"), COPYDESK_E_IO);
  copydesk_ruleset* rs = nullptr;
  EXPECT_EQ(copydesk_compiler_build(&rs, c), COPYDESK_E_RULES);
  ASSERT_GE(copydesk_compiler_diagnostic_count(c), 1u);
  copydesk_compiler_free(c);
}

TEST(Compile, EmptyAndJunkSourcesFailCleanly) {
  std::vector<Diag> diags;
  EXPECT_EQ(compile("", diags), COPYDESK_E_RULES);
  diags.clear();
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 131) & 0xFF);
  EXPECT_EQ(compile(junk, diags), COPYDESK_E_RULES);
  EXPECT_FALSE(diags.empty());
}

}  // namespace
