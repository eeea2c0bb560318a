// The adversarial scaling suite (ctest label `scaling`; why each family is here:
// tests/fuzz/README.md, "Scaling"). Each family is a generator of hostile input; every one
// is scanned through the C ABI with the shipped packs at n and 8n bytes, and the test fails
// when the scan's thread CPU time grows more than 16x (linear is 8x, quadratic 64x) or when
// its peak heap per input byte is over the bound docs/errors.md states. No speed is asserted:
// only how the cost grows.
//
// COPYDESK_SCALING_N sets n in bytes (default 65536; at least 32 KiB so that a quadratic shows).
#include <gtest/gtest.h>
#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "copydesk.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define COPYDESK_SCALING_HEAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define COPYDESK_SCALING_HEAP 0
#endif
#endif
#ifndef COPYDESK_SCALING_HEAP
#define COPYDESK_SCALING_HEAP 1
#endif

// ---------------------------------------------------------------- peak heap
// malloc and friends are wrapped (glibc's __libc_* entry points) to track the bytes in use
// and their peak, for every allocation of the process: the library's, gumbo's, md4c's, ICU's.
#if COPYDESK_SCALING_HEAP
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
std::atomic<long long> g_in_use{0}, g_peak{0};
void note_alloc(void* p) {
  if (!p) return;
  long long now = g_in_use.fetch_add(static_cast<long long>(malloc_usable_size(p))) +
                  static_cast<long long>(malloc_usable_size(p));
  long long peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}
void note_free(void* p) {
  if (p) g_in_use.fetch_sub(static_cast<long long>(malloc_usable_size(p)));
}
}  // namespace

extern "C" {
void* malloc(size_t n) {
  void* p = __libc_malloc(n);
  note_alloc(p);
  return p;
}
void* calloc(size_t a, size_t b) {
  void* p = __libc_calloc(a, b);
  note_alloc(p);
  return p;
}
void* realloc(void* old, size_t n) {
  note_free(old);
  void* p = __libc_realloc(old, n);
  if (p) note_alloc(p);
  else if (old && n) note_alloc(old);  // failed: the old block is still there
  return p;
}
void free(void* p) {
  note_free(p);
  __libc_free(p);
}
void* memalign(size_t align, size_t n) {
  void* p = __libc_memalign(align, n);
  note_alloc(p);
  return p;
}
void* aligned_alloc(size_t align, size_t n) { return memalign(align, n); }
int posix_memalign(void** out, size_t align, size_t n) {
  void* p = memalign(align, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
}
#endif

namespace {

// Peak heap of one scan per byte of its input: the bound docs/errors.md states
// ("Memory"). The findings list is capped, so the constant covers every family.
constexpr double kMaxHeapPerInputByte = 256.0;
// Thread CPU growth from n to 8n that fails the test: linear is 8, quadratic 64.
constexpr double kMaxGrowth = 16.0;
// Below this, a time is read as this: it keeps timer noise on a tiny base from passing for growth.
constexpr double kFloorSeconds = 0.002;

double thread_cpu() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

size_t base_size() {
  const char* env = std::getenv("COPYDESK_SCALING_N");
  size_t n = env ? std::strtoull(env, nullptr, 10) : 0;
  return n >= (32u << 10) ? n : (64u << 10);
}

// Repeats `unit` until the text holds at least n bytes, between `head` and `tail`.
std::string repeat(const std::string& unit, size_t n, const std::string& head = "", const std::string& tail = "") {
  std::string s = head;
  s.reserve(n + unit.size() + tail.size());
  while (s.size() < n) s += unit;
  s += tail;
  return s;
}

struct Family {
  const char* name;
  int format;  // COPYDESK_FORMAT_*
  std::function<std::string(size_t)> make;
};

std::string nested(const std::string& open, const std::string& middle, const std::string& close, size_t n) {
  size_t depth = n / (open.size() + close.size());
  std::string s;
  s.reserve(n + middle.size());
  for (size_t i = 0; i < depth; ++i) s += open;
  s += middle;
  for (size_t i = 0; i < depth; ++i) s += close;
  return s;
}

const std::vector<Family>& families() {
  static const std::vector<Family> all = {
      // issue 8's table
      {"long_token", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("isis", n); }},
      {"long_token_arabic", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\xD8\xAF\xD8\xA7\xD8\xB9\xD8\xB4", n); }},
      {"long_token_clitics", COPYDESK_FORMAT_TEXT,
       [](size_t n) { return repeat("\xD9\x88", n, "", "\xD8\xAF\xD8\xA7\xD8\xB9\xD8\xB4"); }},
      {"hidden_run", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\xE2\x80\x8B", n, "a", " end"); }},
      {"hidden_run_between_letters", COPYDESK_FORMAT_TEXT,
       [](size_t n) { return repeat("i\xE2\x80\x8B", n, "", " end"); }},
      {"dotted_token", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("a.", n); }},
      {"dotted_long_word", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("abcdefghijklmnopqrstu.", n); }},
      {"html_attributes", COPYDESK_FORMAT_HTML, [](size_t n) { return repeat("<a ", n); }},
      {"html_attributes_named", COPYDESK_FORMAT_HTML, [](size_t n) {
         std::string s = "<p x";
         for (size_t i = 0; s.size() < n; ++i) s += " a" + std::to_string(i) + "=1";
         return s + ">ISIS</p>";
       }},
      {"markdown_brackets", COPYDESK_FORMAT_MARKDOWN, [](size_t n) { return std::string(n, '['); }},
      {"many_hits", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("isis ", n); }},
      // the rest of the family
      {"combining_marks", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\xCC\x81", n, "isis", " end"); }},
      {"arabic_marks", COPYDESK_FORMAT_TEXT,
       [](size_t n) { return repeat("\xD9\x8E", n, "\xD8\xAF\xD8\xA7\xD8\xB9\xD8\xB4", " end"); }},
      {"tatweel_run", COPYDESK_FORMAT_TEXT,
       [](size_t n) { return repeat("\xD9\x80", n, "\xD8\xAF\xD8\xA7", "\xD8\xB9\xD8\xB4"); }},
      {"quote_marks", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\"a\" ", n, "He said ", "."); }},
      {"guillemets", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\xC2\xAB", n, "Il a dit ", "."); }},
      {"numbers", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("12,000 ", n, "", "people."); }},
      {"number_ranges", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("10 to 20 and ", n, "", "30%."); }},
      {"tiny_paragraphs", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("a\n\n", n); }},
      {"tiny_sentences", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("A. ", n); }},
      {"repeated_paragraphs", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("the same three words\n\n", n); }},
      {"one_long_line", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("officials said the group ", n); }},
      {"spelled_out", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("d.a.e.s.h ", n); }},
      {"spelled_separators", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("a.", n, "", "isis"); }},
      {"arabizi", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("a2", n); }},
      {"cjk_full_stops", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\xE4\xB8\xAD\xE3\x80\x82", n); }},
      {"cjk_long_token", COPYDESK_FORMAT_TEXT, [](size_t n) { return repeat("\xE4\xB8\xAD", n); }},
      {"deep_html", COPYDESK_FORMAT_HTML, [](size_t n) { return nested("<div>", "ISIS", "</div>", n); }},
      {"deep_html_unclosed", COPYDESK_FORMAT_HTML, [](size_t n) { return repeat("<b><i>", n, "", "ISIS"); }},
      {"html_entities", COPYDESK_FORMAT_HTML, [](size_t n) { return repeat("&amp;&#x62F;&notit;", n, "<p>", "</p>"); }},
      {"html_numeric_overflow", COPYDESK_FORMAT_HTML, [](size_t n) { return repeat("&#x80000000;", n, "<p>", "</p>"); }},
      {"deep_markdown_quotes", COPYDESK_FORMAT_MARKDOWN, [](size_t n) { return std::string(n, '>') + " ISIS"; }},
      {"deep_markdown_lists", COPYDESK_FORMAT_MARKDOWN, [](size_t n) {
         std::string s;
         for (size_t d = 0; s.size() < n; ++d) s += std::string(2 * (d % 200), ' ') + "- ISIS\n";
         return s;
       }},
      {"markdown_emphasis", COPYDESK_FORMAT_MARKDOWN, [](size_t n) { return repeat("*_", n, "", "ISIS"); }},
      {"markdown_links", COPYDESK_FORMAT_MARKDOWN, [](size_t n) { return repeat("[a](", n); }},
      {"markdown_backticks", COPYDESK_FORMAT_MARKDOWN, [](size_t n) { return repeat("`a", n); }},
  };
  return all;
}

struct Measure {
  double seconds = 0;
  double heap_per_byte = 0;
  int status = 0;
};

class Scaling : public testing::TestWithParam<size_t> {
 protected:
  static void SetUpTestSuite() {
    copydesk_compiler* c = nullptr;
    ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
    ASSERT_EQ(copydesk_compiler_add_path(c, COPYDESK_RULES_DIR), COPYDESK_OK);
    ASSERT_EQ(copydesk_compiler_build(&rules_, c), COPYDESK_OK);
    copydesk_compiler_free(c);
  }
  static void TearDownTestSuite() {
    copydesk_ruleset_free(rules_);
    rules_ = nullptr;
  }

  // The least thread CPU time of three scans (after a warm-up scan) and the peak heap of one.
  Measure measure(const Family& family, const std::string& text) {
    copydesk_scanner* s = nullptr;
    EXPECT_EQ(copydesk_scanner_new(&s, rules_), COPYDESK_OK);
    copydesk_scan_options o;
    copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
    o.input_format = family.format;
    Measure m;
    m.seconds = 1e30;
    for (int run = 0; run < 4; ++run) {
#if COPYDESK_SCALING_HEAP
      long long before = g_in_use.load();
      g_peak.store(before);
#endif
      copydesk_findings* f = nullptr;
      double t0 = thread_cpu();
      m.status = copydesk_scanner_scan(&f, s, text.data(), text.size(), &o);
      double t = thread_cpu() - t0;
      copydesk_findings_free(f);
#if COPYDESK_SCALING_HEAP
      // The first scan also grows the scanner's buffers: that is the one that counts.
      if (run == 0) m.heap_per_byte = static_cast<double>(g_peak.load() - before) / static_cast<double>(text.size());
#endif
      if (run > 0) m.seconds = std::min(m.seconds, t);
    }
    copydesk_scanner_free(s);
    return m;
  }

  static copydesk_ruleset* rules_;
};
copydesk_ruleset* Scaling::rules_ = nullptr;

TEST_P(Scaling, GrowsLinearly) {
  const Family& family = families()[GetParam()];
  const size_t n = base_size();
  std::string small = family.make(n), large = family.make(8 * n);
  Measure a = measure(family, small), b = measure(family, large);
  ASSERT_EQ(a.status, COPYDESK_OK) << family.name << " at n";
  ASSERT_EQ(b.status, COPYDESK_OK) << family.name << " at 8n";
  double growth = std::max(b.seconds, kFloorSeconds) / std::max(a.seconds, kFloorSeconds);
  std::printf("%s: %zu bytes %.4f s, %zu bytes %.4f s: x%.1f; peak heap %.1f, %.1f bytes per input byte\n",
              family.name, small.size(), a.seconds, large.size(), b.seconds, growth, a.heap_per_byte,
              b.heap_per_byte);
  EXPECT_LE(growth, kMaxGrowth) << family.name << ": thread CPU time grew x" << growth << " from " << small.size()
                                << " to " << large.size() << " bytes (linear is x8)";
#if COPYDESK_SCALING_HEAP
  EXPECT_LE(b.heap_per_byte, kMaxHeapPerInputByte)
      << family.name << ": peak heap of " << b.heap_per_byte << " bytes per input byte at " << large.size()
      << " bytes";
#endif
}

INSTANTIATE_TEST_SUITE_P(Families, Scaling, testing::Range<size_t>(0, families().size()),
                         [](const testing::TestParamInfo<size_t>& info) { return families()[info.param].name; });

}  // namespace
