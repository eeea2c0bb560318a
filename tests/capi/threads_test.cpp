// Many threads, one shared ruleset, one scanner each: identical results everywhere.
#include <copydesk.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "test_rules.h"

namespace {

std::vector<std::string> scan_all(copydesk_scanner* s, const std::string& text) {
  copydesk_findings* f = nullptr;
  std::vector<std::string> out;
  if (copydesk_scanner_scan(&f, s, text.data(), text.size(), nullptr) != COPYDESK_OK) return {"scan failed"};
  for (size_t i = 0; i < copydesk_findings_count(f); ++i) {
    copydesk_finding x;
    x.version = COPYDESK_FINDING_VERSION;
    copydesk_findings_get(&x, f, i);
    out.push_back(std::string(x.rule_id) + "@" + std::to_string(x.byte_start) + "-" + std::to_string(x.byte_end));
  }
  copydesk_findings_free(f);
  return out;
}

TEST(Threads, SharedRulesetGivesIdenticalResults) {
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
  copydesk_compiler_add_string(c, test_pack().data(), test_pack().size(), "test");
  ASSERT_EQ(copydesk_compiler_build(&rs, c), COPYDESK_OK) << copydesk_last_error();
  copydesk_compiler_free(c);

  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "قال مسؤول إن وداعش والقاعدة نشطان، وزار القاعدة العسكرية. IS militants and the Daesh group. ";
  copydesk_scanner* reference_scanner = nullptr;
  ASSERT_EQ(copydesk_scanner_new(&reference_scanner, rs), COPYDESK_OK);
  const std::vector<std::string> expected = scan_all(reference_scanner, text);
  copydesk_scanner_free(reference_scanner);
  ASSERT_EQ(expected.size(), 800u);

  constexpr int kThreads = 8;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      copydesk_scanner* s = nullptr;
      if (copydesk_scanner_new(&s, rs) != COPYDESK_OK) {
        ++mismatches;
        return;
      }
      for (int round = 0; round < 20; ++round)
        if (scan_all(s, text) != expected) ++mismatches;
      copydesk_scanner_free(s);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  copydesk_ruleset_free(rs);
}

TEST(Threads, OneScannerUsedByTwoThreadsIsRefusedNotCorrupted) {
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  copydesk_compiler_new(&c, nullptr);
  copydesk_compiler_add_string(c, test_pack().data(), test_pack().size(), "test");
  ASSERT_EQ(copydesk_compiler_build(&rs, c), COPYDESK_OK);
  copydesk_compiler_free(c);
  copydesk_scanner* s = nullptr;
  ASSERT_EQ(copydesk_scanner_new(&s, rs), COPYDESK_OK);
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "داعش و ISIS ";
  std::atomic<int> ok{0}, busy{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 10; ++round) {
        copydesk_findings* f = nullptr;
        int status = copydesk_scanner_scan(&f, s, text.data(), text.size(), nullptr);
        if (status == COPYDESK_OK && copydesk_findings_count(f) == 4000) ++ok;
        else if (status == COPYDESK_E_BUSY) ++busy;
        else ++other;
        copydesk_findings_free(f);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(ok.load() + busy.load(), 40);
  copydesk_scanner_free(s);
  copydesk_ruleset_free(rs);
}

TEST(Threads, BundleRulesCompiledOnFirstUseFromManyThreadsAtOnce) {
  // A bundle loads without compiling its RE2 objects; the first scans, here from eight
  // threads at once, compile them (std::call_once) and must all agree.
  const char pack[] =
      "[pack]\nid = \"b\"\ncategory = \"figures\"\n"
      "[[rule]]\nid = \"b.count\"\ntitle = \"t\"\nmessage = \"{match}\"\n"
      "[rule.match]\npatterns = ['[0-9]+ (?:fighters|people|مقاتل)', '\"[^\"]+\"']\n";
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* compiled = nullptr;
  copydesk_compiler_new(&c, nullptr);
  copydesk_compiler_add_string(c, pack, sizeof pack - 1, "bundle-pack");
  ASSERT_EQ(copydesk_compiler_build(&compiled, c), COPYDESK_OK) << copydesk_last_error();
  copydesk_compiler_free(c);
  std::string path = ::testing::TempDir() + "threads_" + std::to_string(::getpid()) + ".bundle";
  ASSERT_EQ(copydesk_ruleset_save(compiled, path.c_str()), COPYDESK_OK);
  copydesk_ruleset_free(compiled);

  std::string text;
  for (int i = 0; i < 50; ++i) text += "Some 300 fighters and 12 people left. \"We will stay\", one said. 40 مقاتل\n\n";
  for (int round = 0; round < 5; ++round) {
    copydesk_ruleset* rs = nullptr;
    ASSERT_EQ(copydesk_ruleset_load(&rs, path.c_str()), COPYDESK_OK) << copydesk_last_error();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        copydesk_scanner* s = nullptr;
        if (copydesk_scanner_new(&s, rs) != COPYDESK_OK || scan_all(s, text).size() != 200) ++wrong;
        copydesk_scanner_free(s);
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0);
    copydesk_ruleset_free(rs);
  }
  std::remove(path.c_str());
}

}  // namespace
