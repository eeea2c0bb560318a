// Argument checks, free order, versions, status names and bundles through the C ABI.
#include <copydesk.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "test_rules.h"

namespace {

copydesk_ruleset* compile_test_pack() {
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  copydesk_compiler_new(&c, nullptr);
  copydesk_compiler_add_string(c, test_pack().data(), test_pack().size(), "test");
  copydesk_compiler_build(&rs, c);
  copydesk_compiler_free(c);
  return rs;
}

TEST(Version, MatchesHeader) {
  EXPECT_EQ(copydesk_version_number(), COPYDESK_VERSION_NUMBER);
  EXPECT_STREQ(copydesk_version_string(), COPYDESK_VERSION_STRING);
  EXPECT_EQ(copydesk_abi_version(), COPYDESK_ABI_VERSION);
}

TEST(Status, NamesAndTextsArePinned) {
  EXPECT_EQ(COPYDESK_E_BUSY, -9);
  EXPECT_STREQ(copydesk_status_name(COPYDESK_E_RULES), "COPYDESK_E_RULES");
  EXPECT_STREQ(copydesk_status_name(-1000), "COPYDESK_E_UNKNOWN");
  EXPECT_NE(std::string(copydesk_status_str(COPYDESK_E_VERSION)).find("bundle"), std::string::npos);
  EXPECT_NE(copydesk_last_error(), nullptr);
}

TEST(Arguments, NullHandlesAreInvalidNotCrashes) {
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  copydesk_scanner* s = nullptr;
  copydesk_findings* f = nullptr;
  EXPECT_EQ(copydesk_compiler_new(nullptr, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_compiler_add_path(nullptr, "x"), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_compiler_add_string(nullptr, "x", 1, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_compiler_build(&rs, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_compiler_build(nullptr, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_scanner_new(&s, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_scanner_scan(&f, nullptr, "x", 1, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_findings_get(nullptr, nullptr, 0), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_ruleset_rule_get(nullptr, nullptr, 0), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_ruleset_load(&rs, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_ruleset_save(nullptr, "x"), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_scan_options_init(nullptr, COPYDESK_SCAN_OPTIONS_VERSION), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_findings_count(nullptr), 0u);
  EXPECT_EQ(copydesk_ruleset_rule_count(nullptr), 0u);
  EXPECT_EQ(copydesk_findings_explain(nullptr, 0), nullptr);
  EXPECT_FALSE(std::string(copydesk_last_error()).empty());
  copydesk_compiler_free(c);
  copydesk_ruleset_free(rs);
  copydesk_scanner_free(s);
  copydesk_findings_free(f);
}

TEST(Arguments, WrongStructVersionsAreRefused) {
  copydesk_ruleset* rs = compile_test_pack();
  ASSERT_NE(rs, nullptr);
  copydesk_rule_info info;
  info.version = 999;
  EXPECT_EQ(copydesk_ruleset_rule_get(&info, rs, 0), COPYDESK_E_INVALID);
  info.version = COPYDESK_RULE_INFO_VERSION;
  EXPECT_EQ(copydesk_ruleset_rule_get(&info, rs, 99), COPYDESK_E_INVALID);
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, rs, 0), COPYDESK_OK);
  EXPECT_STREQ(info.id, "test.isis");
  EXPECT_STREQ(info.category, "extremism");
  EXPECT_EQ(info.severity, COPYDESK_SEVERITY_ERROR);
  copydesk_scanner* s = nullptr;
  ASSERT_EQ(copydesk_scanner_new(&s, rs), COPYDESK_OK);
  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  o.version = 7;
  copydesk_findings* f = nullptr;
  EXPECT_EQ(copydesk_scanner_scan(&f, s, "x", 1, &o), COPYDESK_E_INVALID);
  copydesk_scanner_free(s);
  copydesk_ruleset_free(rs);
}

TEST(Lifecycle, FreeOrderNeverMatters) {
  copydesk_ruleset* rs = compile_test_pack();
  ASSERT_NE(rs, nullptr);
  copydesk_scanner* s = nullptr;
  ASSERT_EQ(copydesk_scanner_new(&s, rs), COPYDESK_OK);
  copydesk_ruleset_free(rs);  // the scanner keeps the rules
  const std::string text = "بيان داعش";
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, s, text.data(), text.size(), nullptr), COPYDESK_OK);
  copydesk_scanner_free(s);  // the findings keep the rules
  copydesk_finding x;
  x.version = COPYDESK_FINDING_VERSION;
  ASSERT_EQ(copydesk_findings_get(&x, f, 0), COPYDESK_OK);
  EXPECT_STREQ(x.rule_id, "test.isis");
  EXPECT_STREQ(x.category, "extremism");
  EXPECT_STREQ(x.message, "Names ISIS (داعش)");
  copydesk_findings_free(f);
}

TEST(Examples, AreExposedForRuleTests) {
  copydesk_ruleset* rs = compile_test_pack();
  ASSERT_NE(rs, nullptr);
  ASSERT_EQ(copydesk_ruleset_example_count(rs), 6u);
  copydesk_example ex;
  ex.version = COPYDESK_EXAMPLE_VERSION;
  ASSERT_EQ(copydesk_ruleset_example_get(&ex, rs, 0), COPYDESK_OK);
  EXPECT_STREQ(ex.rule_id, "test.isis");
  EXPECT_STREQ(ex.language, "ar");
  EXPECT_EQ(ex.expect_count, 1u);
  EXPECT_STREQ(copydesk_ruleset_example_expect(rs, 0, 0), "داعش");
  EXPECT_EQ(copydesk_ruleset_example_expect(rs, 0, 1), nullptr);
  copydesk_ruleset_free(rs);
}

TEST(Bundle, RoundTripsAndRejectsDamage) {
  copydesk_ruleset* rs = compile_test_pack();
  ASSERT_NE(rs, nullptr);
  std::string path = ::testing::TempDir() + "copydesk_test.bundle";
  ASSERT_EQ(copydesk_ruleset_save(rs, path.c_str()), COPYDESK_OK) << copydesk_last_error();
  copydesk_ruleset* loaded = nullptr;
  ASSERT_EQ(copydesk_ruleset_load(&loaded, path.c_str()), COPYDESK_OK) << copydesk_last_error();
  EXPECT_EQ(copydesk_ruleset_rule_count(loaded), copydesk_ruleset_rule_count(rs));
  copydesk_scanner* s = nullptr;
  ASSERT_EQ(copydesk_scanner_new(&s, loaded), COPYDESK_OK);
  const std::string text = "وللقاعدة و بداعش";
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, s, text.data(), text.size(), nullptr), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 2u);
  copydesk_findings_free(f);
  copydesk_scanner_free(s);
  copydesk_ruleset_free(loaded);

  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 100u);
  // Every kind of damage is a clean COPYDESK_E_VERSION: a flipped byte anywhere, truncation, junk.
  for (size_t pos : {size_t{3}, size_t{20}, bytes.size() / 2, bytes.size() - 20, bytes.size() - 1}) {
    std::string damaged = bytes;
    damaged[pos] = static_cast<char>(damaged[pos] ^ 0x5A);
    EXPECT_EQ(copydesk_ruleset_load_memory(&loaded, damaged.data(), damaged.size()), COPYDESK_E_VERSION) << pos;
    EXPECT_EQ(loaded, nullptr);
  }
  for (size_t len : {size_t{0}, size_t{5}, size_t{16}, bytes.size() / 3, bytes.size() - 1}) {
    EXPECT_EQ(copydesk_ruleset_load_memory(&loaded, bytes.data(), len), COPYDESK_E_VERSION) << len;
  }
  EXPECT_EQ(copydesk_ruleset_load(&loaded, "/nonexistent/bundle"), COPYDESK_E_IO);
  copydesk_ruleset_free(rs);
  std::remove(path.c_str());
}

}  // namespace

// copydesk_rule_info v2 names the rule's pack and its version; a v1 record is filled up to
// `languages` and not one byte further.
TEST(Rules, RuleInfoCarriesThePackAndItsVersion) {
  const std::string pack = "[pack]\nid = \"news\"\nversion = \"2.3.1\"\ncategory = \"extremism\"\n"
                           "[[rule]]\nid = \"news.isis\"\ntitle = \"t\"\nmessage = \"m\"\n"
                           "[rule.match]\nterms = [\"ISIS\"]\n"
                           "[[rule.example]]\ntext = \"ISIS again\"\nexpect = [\"ISIS\"]\n"
                           "[[rule.example]]\ntext = \"nothing\"\nexpect = []\n";
  copydesk_compiler* c = nullptr;
  ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
  ASSERT_EQ(copydesk_compiler_add_string(c, pack.data(), pack.size(), "news.toml"), COPYDESK_OK);
  copydesk_ruleset* rs = nullptr;
  ASSERT_EQ(copydesk_compiler_build(&rs, c), COPYDESK_OK) << copydesk_last_error();
  copydesk_compiler_free(c);

  copydesk_rule_info info;
  info.version = COPYDESK_RULE_INFO_VERSION;
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, rs, 0), COPYDESK_OK);
  EXPECT_STREQ(info.pack, "news");
  EXPECT_STREQ(info.pack_version, "2.3.1");

  copydesk_rule_info v1;
  const char sentinel[] = "untouched";
  v1.version = 1;
  v1.pack = sentinel;
  v1.pack_version = sentinel;
  ASSERT_EQ(copydesk_ruleset_rule_get(&v1, rs, 0), COPYDESK_OK);
  EXPECT_STREQ(v1.id, "news.isis");
  EXPECT_EQ(v1.pack, sentinel);
  EXPECT_EQ(v1.pack_version, sentinel);
  copydesk_ruleset_free(rs);

  // A pack without a version says "".
  const std::string unversioned = pack.substr(0, pack.find("version")) + pack.substr(pack.find("category"));
  ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
  ASSERT_EQ(copydesk_compiler_add_string(c, unversioned.data(), unversioned.size(), "news.toml"), COPYDESK_OK);
  copydesk_ruleset* plain = nullptr;
  ASSERT_EQ(copydesk_compiler_build(&plain, c), COPYDESK_OK) << copydesk_last_error();
  copydesk_compiler_free(c);
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, plain, 0), COPYDESK_OK);
  EXPECT_STREQ(info.pack, "news");
  EXPECT_STREQ(info.pack_version, "");
  EXPECT_STREQ(info.publish, "");  // the pack declares no publish action
  copydesk_ruleset_free(plain);
}

// copydesk_rule_info v3 carries the pack's publish action: the rule's `publish`, else the
// pack's `default_publish`, else "". A v2 record is filled up to `pack_version` and not further.
TEST(Rules, RuleInfoCarriesThePublishAction) {
  const std::string pack = "[pack]\nid = \"news\"\nversion = \"1.0.0\"\ncategory = \"extremism\"\n"
                           "default_publish = \"acknowledge\"\n"
                           "[[rule]]\nid = \"news.isis\"\ntitle = \"t\"\nmessage = \"m\"\nseverity = \"info\"\n"
                           "publish = \"block\"\n[rule.match]\nterms = [\"ISIS\"]\n"
                           "[[rule]]\nid = \"news.qaeda\"\ntitle = \"t\"\nmessage = \"m\"\n"
                           "[rule.match]\nterms = [\"Qaeda\"]\n";
  copydesk_compiler* c = nullptr;
  ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
  ASSERT_EQ(copydesk_compiler_add_string(c, pack.data(), pack.size(), "news.toml"), COPYDESK_OK);
  copydesk_ruleset* rs = nullptr;
  ASSERT_EQ(copydesk_compiler_build(&rs, c), COPYDESK_OK) << copydesk_last_error();
  copydesk_compiler_free(c);
  ASSERT_EQ(copydesk_ruleset_rule_count(rs), 2u);

  copydesk_rule_info info;
  info.version = COPYDESK_RULE_INFO_VERSION;
  ASSERT_EQ(COPYDESK_RULE_INFO_VERSION, 3);
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, rs, 0), COPYDESK_OK);
  EXPECT_STREQ(info.id, "news.isis");
  EXPECT_STREQ(info.publish, "block");
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, rs, 1), COPYDESK_OK);
  EXPECT_STREQ(info.id, "news.qaeda");
  EXPECT_STREQ(info.publish, "acknowledge");

  // A caller built against version 2: everything up to pack_version, publish untouched.
  copydesk_rule_info v2;
  const char sentinel[] = "untouched";
  v2.version = 2;
  v2.publish = sentinel;
  ASSERT_EQ(copydesk_ruleset_rule_get(&v2, rs, 0), COPYDESK_OK);
  EXPECT_STREQ(v2.id, "news.isis");
  EXPECT_STREQ(v2.pack, "news");
  EXPECT_STREQ(v2.pack_version, "1.0.0");
  EXPECT_EQ(v2.publish, sentinel);

  // Saved and loaded again, a bundle keeps it.
  const std::string path = ::testing::TempDir() + "publish_bundle.cdb";
  ASSERT_EQ(copydesk_ruleset_save(rs, path.c_str()), COPYDESK_OK) << copydesk_last_error();
  copydesk_ruleset_free(rs);
  copydesk_ruleset* loaded = nullptr;
  ASSERT_EQ(copydesk_ruleset_load(&loaded, path.c_str()), COPYDESK_OK) << copydesk_last_error();
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, loaded, 0), COPYDESK_OK);
  EXPECT_STREQ(info.publish, "block");
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, loaded, 1), COPYDESK_OK);
  EXPECT_STREQ(info.publish, "acknowledge");
  info.version = COPYDESK_RULE_INFO_VERSION + 1;  // from the future: refused
  EXPECT_EQ(copydesk_ruleset_rule_get(&info, loaded, 0), COPYDESK_E_INVALID);
  copydesk_ruleset_free(loaded);
  std::remove(path.c_str());
}
