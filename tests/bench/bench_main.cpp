// copydesk_bench: every performance figure of docs/performance.md in one run, on
// one core, printed as one table with the ratios to the baselines and the targets.
//
//   throughput (Google Benchmark, median of repetitions, per-article calls):
//     end to end through the C ABI with the shipped packs, and with the shipped
//     packs plus a 10,000-name lexicon; each stage alone (text view, fold, segment,
//     match, evaluate, map); the memchr floor; ICU NFKC_Casefold + one RE2
//     alternation of the same terms;
//   measured directly: 8 KB article latency (median, p99, max of >= 10,000 warm
//     scans), cold compile, bundle load, memory of a ruleset and a scanner, and a
//     Python `re` alternation of the same terms (a subprocess, on a time-boxed slice).
//
// usage: copydesk_bench [--smoke] [--verbose] [--min-time S] [--rules DIR] [--python PATH]
//                       [--exclude RULES] [--dump-corpus DIR] [--benchmark_filter=REGEX]
//   --smoke    tiny corpus and few repetitions: checks that everything runs (ctest)
//   --verbose  also print Google Benchmark's own report
//   --exclude RULES  rule ids, packs or categories compiled out of every ruleset, to see
//              what they cost (e.g. --exclude figures)
//   --dump-corpus DIR  write the corpus (DIR/ar, en, fr: one .txt per article) and the
//              lexicon pack (DIR/benchlex) and stop, e.g. for `copydesk rules profile`
//   --min-time seconds per Google Benchmark repetition (default 0.25; --smoke 0.01)
#include <benchmark/benchmark.h>
#include <copydesk.h>
#include <malloc.h>
#include <re2/re2.h>
#include <sched.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus.h"
#include "evaluate/evaluate.h"
#include "fold/fold.h"
#include "match/matcher.h"
#include "report/report.h"
#include "ruleset.h"
#include "rules/sources.h"
#include "segment/segment.h"
#include "text_view/text_view.h"

namespace fs = std::filesystem;
namespace cd = copydesk::detail;
using copydesk::bench::Language;

namespace {

// ---------------------------------------------------------------- settings

struct Settings {
  bool smoke = false;
  bool verbose = false;
  std::string rules_dir = COPYDESK_RULES_DIR;
  std::string python = "python3";
  std::string exclude;  // compiled out of every ruleset (copydesk_compile_options.exclude)
  std::string python_script = COPYDESK_BENCH_DIR "/python_baseline.py";
  size_t bytes_per_language = 6u << 20;
  size_t latency_scans = 10000;
  size_t latency_articles = 64;
  double min_time = 0.25;  // seconds per Google Benchmark repetition
  int repetitions = 5;
  int compile_repeats = 3;
  int bundle_loads = 20;
  double python_budget = 3.0;  // seconds of Python scanning per measurement
};

Settings g_settings;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "copydesk_bench: %s\n", what.c_str());
  std::exit(1);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

size_t total_bytes(const std::vector<std::string>& docs) {
  size_t n = 0;
  for (const std::string& d : docs) n += d.size();
  return n;
}

// ---------------------------------------------------------------- memory

size_t heap_in_use() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

// Peak RSS since the last reset_peak_rss(); 0 when the kernel does not allow it.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
  return static_cast<bool>(f.flush());
}
size_t status_kb(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key, 0) == 0) return std::strtoull(line.c_str() + std::strlen(key), nullptr, 10);
  return 0;
}

// ---------------------------------------------------------------- C ABI helpers

copydesk_ruleset* compile_capi(const std::vector<std::string>& paths) {
  copydesk_compile_options options;
  copydesk_compile_options_init(&options, COPYDESK_COMPILE_OPTIONS_VERSION);
  options.exclude = g_settings.exclude.empty() ? nullptr : g_settings.exclude.c_str();
  copydesk_compiler* c = nullptr;
  if (copydesk_compiler_new(&c, &options) != COPYDESK_OK) fail(copydesk_last_error());
  for (const std::string& p : paths)
    if (copydesk_compiler_add_path(c, p.c_str()) != COPYDESK_OK) fail(copydesk_last_error());
  copydesk_ruleset* rs = nullptr;
  if (copydesk_compiler_build(&rs, c) != COPYDESK_OK) {
    std::string why = copydesk_last_error();
    copydesk_compiler_free(c);
    fail("rules do not compile: " + why);
  }
  copydesk_compiler_free(c);
  return rs;
}

copydesk_scan_options scan_options() {
  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  return o;  // format AUTO, as a host that does not say
}

// Scans every document once; returns the number of findings.
size_t scan_all(copydesk_scanner* s, const std::vector<std::string>& docs, const copydesk_scan_options& o,
                std::map<std::string, size_t>* by_category = nullptr) {
  size_t n = 0;
  for (const std::string& d : docs) {
    copydesk_findings* f = nullptr;
    if (copydesk_scanner_scan(&f, s, d.data(), d.size(), &o) != COPYDESK_OK) fail(copydesk_last_error());
    size_t count = copydesk_findings_count(f);
    n += count;
    if (by_category) {
      for (size_t i = 0; i < count; ++i) {
        copydesk_finding fi;
        fi.version = COPYDESK_FINDING_VERSION;
        copydesk_findings_get(&fi, f, i);
        ++(*by_category)[fi.category];
      }
    }
    copydesk_findings_free(f);
  }
  return n;
}

// ---------------------------------------------------------------- the data

enum RulesetKind { kShipped = 0, kWithLexicon = 1 };
const char* ruleset_label(int kind) { return kind == kShipped ? "shipped" : "shipped+10k"; }

struct StageInputs {  // every article's intermediate results, for timing one stage alone
  std::vector<cd::TextView> views;
  std::vector<cd::FoldedText> folded;
  std::vector<cd::Segmentation> segments;
  std::vector<std::vector<cd::Hit>> hits;
  std::vector<std::vector<cd::Candidate>> candidates;
};

struct Data {
  fs::path temp_dir;
  std::vector<std::string> lexicon;
  std::vector<std::string> corpus[3];        // per language
  std::vector<std::string> latency_docs[3];  // 8 KB articles
  copydesk::bench::CorpusStats stats[3];
  copydesk_ruleset* capi[2] = {nullptr, nullptr};
  std::shared_ptr<const cd::Ruleset> internal;  // shipped + lexicon, for the stage timings
  StageInputs stages[3];
  std::vector<std::string> terms[2];  // every term of each ruleset as written
};

Data g_data;

// ---------------------------------------------------------------- measured directly

struct Latency {
  double median_us = NAN, p99_us = NAN, max_us = NAN;
  double cpu_p99_us = NAN;  // on-CPU time: without the time the scheduler gave other processes
  size_t scans = 0;
};

struct Measured {
  double compile_cold_s = NAN;           // the process's first compile of the shipped packs
  double compile_warm_s[2] = {NAN, NAN}; // median of later compiles
  double bundle_load_ms[2] = {NAN, NAN};
  size_t bundle_bytes[2] = {0, 0};
  double ruleset_heap_mb[2] = {NAN, NAN};     // heap the ruleset keeps
  double compile_peak_rss_mb[2] = {NAN, NAN}; // RSS peak growth while compiling
  double scanner_heap_mb = NAN;                // heap a warm scanner keeps (shipped+10k)
  Latency latency[2][3];
  double re2_cold_mbps[2][3] = {{NAN, NAN, NAN}, {NAN, NAN, NAN}};
  double python_mbps[2][3] = {{NAN, NAN, NAN}, {NAN, NAN, NAN}};
  size_t python_slice_bytes[2][3] = {};
  size_t findings[2][3] = {};
  std::map<std::string, size_t> by_category[2];
};
Measured g_measured;

double mb(size_t bytes) { return bytes / 1e6; }

// Compile time, retained heap and RSS peak of compiling `paths`.
copydesk_ruleset* compile_measured(const std::vector<std::string>& paths, double& seconds, double* heap_mb,
                                   double* peak_mb) {
  size_t heap0 = heap_in_use();
  bool peak_ok = reset_peak_rss();
  size_t rss0 = status_kb("VmRSS:");
  auto t0 = std::chrono::steady_clock::now();
  copydesk_ruleset* rs = compile_capi(paths);
  seconds = seconds_since(t0);
  malloc_trim(0);
  if (heap_mb) *heap_mb = (static_cast<double>(heap_in_use()) - static_cast<double>(heap0)) / 1e6;
  if (peak_mb && peak_ok) *peak_mb = (static_cast<double>(status_kb("VmHWM:")) - rss0) / 1e3;
  return rs;
}

void measure_compile_and_bundles(const std::vector<std::string> paths[2]) {
  Measured& m = g_measured;
  // First: nothing in this process has folded or compiled anything yet.
  double cold = 0;
  g_data.capi[kShipped] = compile_measured(paths[kShipped], cold, &m.ruleset_heap_mb[kShipped],
                                           &m.compile_peak_rss_mb[kShipped]);
  m.compile_cold_s = cold;
  double seconds = 0;
  g_data.capi[kWithLexicon] = compile_measured(paths[kWithLexicon], seconds, &m.ruleset_heap_mb[kWithLexicon],
                                               &m.compile_peak_rss_mb[kWithLexicon]);
  for (int kind : {kShipped, kWithLexicon}) {
    std::vector<double> times;
    if (kind == kWithLexicon) times.push_back(seconds);
    for (int i = 0; i < g_settings.compile_repeats; ++i) {
      double t = 0;
      copydesk_ruleset_free(compile_measured(paths[kind], t, nullptr, nullptr));
      times.push_back(t);
    }
    m.compile_warm_s[kind] = median(times);

    fs::path bundle = g_data.temp_dir / (std::string(ruleset_label(kind)) + ".cdb");
    if (copydesk_ruleset_save(g_data.capi[kind], bundle.c_str()) != COPYDESK_OK) fail(copydesk_last_error());
    m.bundle_bytes[kind] = fs::file_size(bundle);
    std::vector<double> loads;
    for (int i = 0; i < g_settings.bundle_loads; ++i) {
      copydesk_ruleset* rs = nullptr;
      auto t0 = std::chrono::steady_clock::now();
      int rc = copydesk_ruleset_load(&rs, bundle.c_str());
      loads.push_back(seconds_since(t0) * 1e3);
      if (rc != COPYDESK_OK) fail(std::string("bundle load: ") + copydesk_last_error());
      copydesk_ruleset_free(rs);
    }
    m.bundle_load_ms[kind] = median(loads);
  }
}

// Findings per ruleset and language, and proof that every category is exercised.
void check_corpus_findings() {
  copydesk_scan_options o = scan_options();
  for (int kind : {kShipped, kWithLexicon}) {
    copydesk_scanner* s = nullptr;
    if (copydesk_scanner_new(&s, g_data.capi[kind]) != COPYDESK_OK) fail(copydesk_last_error());
    for (Language lang : copydesk::bench::kLanguages) {
      int l = static_cast<int>(lang);
      g_measured.findings[kind][l] = scan_all(s, g_data.corpus[l], o, &g_measured.by_category[kind]);
    }
    copydesk_scanner_free(s);
  }
  for (const char* category : {"extremism", "attribution", "figures"})
    if (g_settings.exclude.empty() && !g_measured.by_category[kShipped][category])
      fail(std::string("the corpus has no ") + category + " finding: the generator or the packs are broken");
  if (!g_measured.by_category[kWithLexicon]["benchlex"]) fail("the 10k lexicon finds nothing in the corpus");
}

void measure_scanner_memory() {
  size_t heap0 = heap_in_use();
  copydesk_scanner* s = nullptr;
  if (copydesk_scanner_new(&s, g_data.capi[kWithLexicon]) != COPYDESK_OK) fail(copydesk_last_error());
  copydesk_scan_options o = scan_options();
  for (const auto& docs : g_data.corpus) scan_all(s, docs, o);
  malloc_trim(0);
  g_measured.scanner_heap_mb = (static_cast<double>(heap_in_use()) - static_cast<double>(heap0)) / 1e6;
  copydesk_scanner_free(s);
}

void measure_latency() {
  copydesk_scan_options o = scan_options();
  for (int kind : {kShipped, kWithLexicon}) {
    for (Language lang : copydesk::bench::kLanguages) {
      int l = static_cast<int>(lang);
      const auto& docs = g_data.latency_docs[l];
      copydesk_scanner* s = nullptr;
      if (copydesk_scanner_new(&s, g_data.capi[kind]) != COPYDESK_OK) fail(copydesk_last_error());
      for (size_t i = 0; i < 200; ++i) {  // warm: scratch and buffers at their working size
        copydesk_findings* f = nullptr;
        const std::string& d = docs[i % docs.size()];
        if (copydesk_scanner_scan(&f, s, d.data(), d.size(), &o) != COPYDESK_OK) fail(copydesk_last_error());
        copydesk_findings_free(f);
      }
      std::vector<double> us(g_settings.latency_scans), cpu_us(us.size());
      for (size_t i = 0; i < us.size(); ++i) {
        const std::string& d = docs[i % docs.size()];
        copydesk_findings* f = nullptr;
        timespec c0, c1;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
        auto t0 = std::chrono::steady_clock::now();
        int rc = copydesk_scanner_scan(&f, s, d.data(), d.size(), &o);
        copydesk_findings_free(f);
        us[i] = seconds_since(t0) * 1e6;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
        cpu_us[i] = (c1.tv_sec - c0.tv_sec) * 1e6 + (c1.tv_nsec - c0.tv_nsec) / 1e3;
        if (rc != COPYDESK_OK) fail(copydesk_last_error());
      }
      copydesk_scanner_free(s);
      std::sort(us.begin(), us.end());
      Latency& lat = g_measured.latency[kind][l];
      lat.scans = us.size();
      lat.median_us = median(us);
      lat.p99_us = us[std::min(us.size() - 1, static_cast<size_t>(std::ceil(0.99 * us.size())) - 1)];
      lat.max_us = us.back();
      std::sort(cpu_us.begin(), cpu_us.end());
      lat.cpu_p99_us = cpu_us[std::min(cpu_us.size() - 1, static_cast<size_t>(std::ceil(0.99 * cpu_us.size())) - 1)];
    }
  }
}

// ---------------------------------------------------------------- baselines

std::string nfkc_casefold(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  n->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr, status);
  if (U_FAILURE(status)) fail(std::string("ICU normalize: ") + u_errorName(status));
  return out;
}

std::unique_ptr<RE2> g_re2[2];

// One alternation of the ICU-folded terms, longest first (RE2 is leftmost-first).
std::unique_ptr<RE2> build_re2(const std::vector<std::string>& terms) {
  std::set<std::string> folded;
  for (const std::string& t : terms) folded.insert(nfkc_casefold(t));
  std::vector<std::string> sorted(folded.begin(), folded.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string pattern = "(?:";
  for (size_t i = 0; i < sorted.size(); ++i) pattern += (i ? "|" : "") + RE2::QuoteMeta(sorted[i]);
  pattern += ")";
  RE2::Options opts;
  opts.set_max_mem(int64_t{1} << 30);
  opts.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok()) fail("RE2 baseline: " + re->error());
  return re;
}

size_t re2_pass(const RE2& re, const std::vector<std::string>& docs) {
  size_t matches = 0;
  for (const std::string& d : docs) {
    std::string folded = nfkc_casefold(d);
    re2::StringPiece input(folded);
    while (RE2::FindAndConsume(&input, re)) ++matches;
  }
  return matches;
}

size_t memchr_pass(const std::vector<std::string>& docs) {
  size_t found = 0;
  for (const std::string& d : docs) found += std::memchr(d.data(), 0x01, d.size()) != nullptr;
  return found;
}

void prepare_re2() {
  for (int kind : {kShipped, kWithLexicon}) {
    g_re2[kind] = build_re2(g_data.terms[kind]);
    for (Language lang : copydesk::bench::kLanguages) {  // the cold pass builds RE2's lazy DFA
      int l = static_cast<int>(lang);
      auto t0 = std::chrono::steady_clock::now();
      size_t matches = re2_pass(*g_re2[kind], g_data.corpus[l]);
      benchmark::DoNotOptimize(matches);
      g_measured.re2_cold_mbps[kind][l] = mb(total_bytes(g_data.corpus[l])) / seconds_since(t0);
    }
  }
}

void measure_python() {
  for (int kind : {kShipped, kWithLexicon}) {
    fs::path terms_file = g_data.temp_dir / "terms.txt";
    {
      std::ofstream out(terms_file, std::ios::binary);
      for (const std::string& t : g_data.terms[kind]) out << t << '\n';
    }
    for (Language lang : copydesk::bench::kLanguages) {
      int l = static_cast<int>(lang);
      fs::path text_file = g_data.temp_dir / "articles.txt";
      {
        std::ofstream out(text_file, std::ios::binary);
        for (size_t i = 0; i < g_data.corpus[l].size(); ++i) out << (i ? "\n\f\n" : "") << g_data.corpus[l][i];
      }
      std::string cmd = "'" + g_settings.python + "' '" + g_settings.python_script + "' '" + terms_file.string() +
                        "' '" + text_file.string() + "' " + std::to_string(g_settings.python_budget);
      FILE* p = popen(cmd.c_str(), "r");
      if (!p) continue;
      char line[512] = {};
      bool got = std::fgets(line, sizeof line, p) != nullptr;
      int rc = pclose(p);
      unsigned long long bytes = 0;
      double secs = 0;
      if (!got || rc != 0 || std::sscanf(line, "bytes=%llu seconds=%lf", &bytes, &secs) != 2 || secs <= 0) {
        std::fprintf(stderr, "copydesk_bench: the Python baseline did not run (%s); its column is n/a\n",
                     cmd.c_str());
        return;
      }
      g_measured.python_mbps[kind][l] = mb(bytes) / secs;
      g_measured.python_slice_bytes[kind][l] = bytes;
    }
  }
}

// ---------------------------------------------------------------- Google Benchmark

std::map<std::string, double> g_mbps;  // benchmark name -> MB/s (median of repetitions)
std::vector<std::string> g_benchmark_errors;

class Collector : public benchmark::BenchmarkReporter {
 public:
  explicit Collector(benchmark::BenchmarkReporter* echo) : echo_(echo) {}
  bool ReportContext(const Context& context) override { return echo_ ? echo_->ReportContext(context) : true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) {
        g_benchmark_errors.push_back(r.benchmark_name() + ": " + r.error_message);
        continue;
      }
      bool wanted = g_settings.repetitions > 1 ? r.run_type == Run::RT_Aggregate && r.aggregate_name == "median"
                                               : r.run_type == Run::RT_Iteration;
      auto rate = r.counters.find("bytes_per_second");
      if (wanted && rate != r.counters.end()) g_mbps[r.run_name.function_name] = rate->second.value / 1e6;
    }
    if (echo_) echo_->ReportRuns(runs);
  }
  void Finalize() override {
    if (echo_) echo_->Finalize();
  }

 private:
  benchmark::BenchmarkReporter* echo_;
};

void add_benchmark(const std::string& name, size_t bytes, std::function<size_t()> pass) {
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [bytes, pass](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(pass());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  });
  // Process CPU time, not wall time: on a shared machine the core is also given to other
  // processes, and CPU time leaves that out (pinned and single-threaded, they agree when idle).
  b->MinTime(g_settings.min_time)->Unit(benchmark::kMillisecond);
  if (g_settings.repetitions > 1) b->Repetitions(g_settings.repetitions)->ReportAggregatesOnly(true);
}

std::string key(const char* what, const char* variant, Language lang) {
  return std::string(what) + (variant ? std::string("/") + variant : "") + "/" + copydesk::bench::language_code(lang);
}

void register_benchmarks() {
  static copydesk_scan_options options = scan_options();
  // Freed at exit (free order never matters), so LeakSanitizer runs stay clean.
  static std::vector<std::unique_ptr<copydesk_scanner, void (*)(copydesk_scanner*)>> scanners;
  const cd::RuleModel& model = g_data.internal->model();
  for (Language lang : copydesk::bench::kLanguages) {
    int l = static_cast<int>(lang);
    const std::vector<std::string>* docs = &g_data.corpus[l];
    size_t bytes = total_bytes(*docs);
    add_benchmark(key("memchr", nullptr, lang), bytes, [docs] { return memchr_pass(*docs); });
    for (int kind : {kShipped, kWithLexicon}) {
      copydesk_scanner* s = nullptr;
      if (copydesk_scanner_new(&s, g_data.capi[kind]) != COPYDESK_OK) fail(copydesk_last_error());
      scanners.emplace_back(s, copydesk_scanner_free);
      add_benchmark(key("e2e", ruleset_label(kind), lang), bytes, [s, docs] { return scan_all(s, *docs, options); });
      const RE2* re = g_re2[kind].get();
      add_benchmark(key("re2", ruleset_label(kind), lang), bytes, [re, docs] { return re2_pass(*re, *docs); });
    }

    // Each stage alone over the outputs of the stage before (shipped+10k ruleset).
    StageInputs* in = &g_data.stages[l];
    auto view = std::make_shared<cd::TextView>();
    add_benchmark(key("stage", "view", lang), bytes, [docs, view] {
      for (const std::string& d : *docs) cd::build_text_view(d, cd::InputFormat::kAuto, *view);
      return view->text.size();
    });
    auto folded = std::make_shared<cd::FoldedText>();
    add_benchmark(key("stage", "fold", lang), bytes, [in, folded] {
      for (const cd::TextView& v : in->views) cd::fold_text(v.text, *folded);
      return folded->text.size();
    });
    auto segments = std::make_shared<cd::Segmentation>();
    add_benchmark(key("stage", "segment", lang), bytes, [in, segments] {
      for (const cd::FoldedText& f : in->folded) cd::segment_text(f.text, *segments);
      return segments->sentence_count();
    });
    auto matcher = std::make_shared<cd::Matcher>(g_data.internal->database());
    auto hits = std::make_shared<std::vector<cd::Hit>>();
    add_benchmark(key("stage", "match", lang), bytes, [in, matcher, hits, &model] {
      size_t n = 0;
      for (size_t i = 0; i < in->folded.size(); ++i) {
        matcher->find(model, in->folded[i].text, in->segments[i], in->views[i].text, in->folded[i].map, *hits);
        n += hits->size();
      }
      return n;
    });
    auto evaluator = std::make_shared<cd::Evaluator>();
    auto candidates = std::make_shared<std::vector<cd::Candidate>>();
    add_benchmark(key("stage", "evaluate", lang), bytes, [in, evaluator, candidates, &model] {
      size_t n = 0;
      for (size_t i = 0; i < in->folded.size(); ++i) {
        evaluator->run(model, in->hits[i], in->segments[i], in->folded[i].text, cd::EvaluateOptions{}, *candidates);
        n += candidates->size();
      }
      return n;
    });
    auto findings = std::make_shared<std::vector<cd::Finding>>();
    add_benchmark(key("stage", "map", lang), bytes, [docs, in, findings, &model] {
      size_t n = 0;
      for (size_t i = 0; i < in->folded.size(); ++i) {
        cd::ReportSegment seg{(*docs)[i], in->views[i].text, &in->views[i].map, 0, in->folded[i].invalid_utf8 == 0,
                              in->views[i].format == cd::InputFormat::kText};
        cd::ReportInput ri{&seg, 1, in->views[i].text, in->folded[i].text, &in->folded[i].map, &in->segments[i]};
        cd::build_findings(model, in->candidates[i], ri, *findings);
        n += findings->size();
      }
      return n;
    });
  }
}

void prepare_stage_inputs() {
  const cd::RuleModel& model = g_data.internal->model();
  cd::Matcher matcher(g_data.internal->database());
  cd::Evaluator evaluator;
  for (Language lang : copydesk::bench::kLanguages) {
    int l = static_cast<int>(lang);
    StageInputs& in = g_data.stages[l];
    size_t n = g_data.corpus[l].size();
    in.views.resize(n);
    in.folded.resize(n);
    in.segments.resize(n);
    in.hits.resize(n);
    in.candidates.resize(n);
    for (size_t i = 0; i < n; ++i) {
      cd::build_text_view(g_data.corpus[l][i], cd::InputFormat::kAuto, in.views[i]);
      cd::fold_text(in.views[i].text, in.folded[i]);
      cd::segment_text(in.folded[i].text, in.segments[i]);
      matcher.find(model, in.folded[i].text, in.segments[i], in.views[i].text, in.folded[i].map, in.hits[i]);
      evaluator.run(model, in.hits[i], in.segments[i], in.folded[i].text, cd::EvaluateOptions{}, in.candidates[i]);
    }
  }
}

// ---------------------------------------------------------------- the table

std::string num(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  double a = std::fabs(v);
  std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
  return buf;
}
std::string times(double v) { return std::isnan(v) || std::isinf(v) ? "–" : num(v) + "×"; }

struct Row {
  std::string measurement, value, unit, vs_memchr, vs_re2, vs_python, target, status, notes;
};
std::vector<Row> g_rows;
int g_targets = 0, g_targets_met = 0;

// "met 1.25×" / "MISSED 0.80×": the margin is value/target for ≥ and target/value for ≤.
std::string judge(double value, double target, bool at_least) {
  if (std::isnan(value)) return "n/a";
  ++g_targets;
  double margin = at_least ? value / target : target / value;
  bool ok = at_least ? value >= target : value <= target;
  g_targets_met += ok;
  return std::string(ok ? "met " : "MISSED ") + num(margin) + "×";
}
void join(std::string& into, const std::string& part) { into += (into.empty() ? "" : " · ") + part; }

double rate(const std::string& name) {
  auto it = g_mbps.find(name);
  return it == g_mbps.end() ? NAN : it->second;
}

void build_rows() {
  auto code = copydesk::bench::language_code;
  for (Language lang : copydesk::bench::kLanguages) {
    int l = static_cast<int>(lang);
    double floor = rate(key("memchr", nullptr, lang));
    g_rows.push_back({std::string("memchr floor (") + code(lang) + ")", num(floor), "MB/s", "1×", "", "", "", "",
                      num(mb(total_bytes(g_data.corpus[l]))) + " MB corpus, " +
                          std::to_string(g_data.corpus[l].size()) + " articles"});
    for (int kind : {kShipped, kWithLexicon}) {
      double v = rate(key("e2e", ruleset_label(kind), lang));
      double re2 = rate(key("re2", ruleset_label(kind), lang));
      double py = g_measured.python_mbps[kind][l];
      Row r{std::string("end to end, ") + ruleset_label(kind) + " (" + code(lang) + ")", num(v), "MB/s",
            times(floor / v), times(v / re2), times(v / py), "", "", ""};
      if (kind == kWithLexicon) {
        if (lang == Language::kArabic) {
          join(r.target, "≥ 300 MB/s");
          join(r.status, judge(v, 300, true));
        }
        join(r.target, "≥ 3× RE2");
        join(r.status, judge(v / re2, 3, true));
        join(r.target, "≥ 1000× Python");
        join(r.status, judge(v / py, 1000, true));
      }
      double kb = mb(total_bytes(g_data.corpus[l])) * 1000;
      r.notes = num(g_measured.findings[kind][l] / kb) + " findings/KB";
      g_rows.push_back(r);
    }
    for (int kind : {kShipped, kWithLexicon}) {
      double re2 = rate(key("re2", ruleset_label(kind), lang));
      g_rows.push_back({std::string("RE2 baseline, ") + ruleset_label(kind) + " terms (" + code(lang) + ")",
                        num(re2), "MB/s", times(floor / re2), "1×", times(re2 / g_measured.python_mbps[kind][l]), "",
                        "", "ICU NFKC_CF + 1 alternation of " + std::to_string(g_data.terms[kind].size()) +
                                " terms; cold pass " + num(g_measured.re2_cold_mbps[kind][l]) + " MB/s"});
    }
    for (int kind : {kShipped, kWithLexicon}) {
      double py = g_measured.python_mbps[kind][l];
      g_rows.push_back({std::string("Python re baseline, ") + ruleset_label(kind) + " terms (" + code(lang) + ")",
                        num(py), "MB/s", times(floor / py), "", "1×", "", "",
                        "re alternation, IGNORECASE; slice of " +
                            num(mb(g_measured.python_slice_bytes[kind][l])) + " MB"});
    }
  }
  for (Language lang : copydesk::bench::kLanguages) {
    double floor = rate(key("memchr", nullptr, lang));
    double e2e = rate(key("e2e", ruleset_label(kWithLexicon), lang));
    double share_sum = 0;
    for (const char* stage : {"view", "fold", "segment", "match", "evaluate", "map"}) {
      double v = rate(key("stage", stage, lang));
      double share = e2e / v;
      share_sum += share;
      g_rows.push_back({std::string("stage ") + stage + ", shipped+10k (" + code(lang) + ")", num(v), "MB/s",
                        times(floor / v), "", "", "", "", num(100 * share) + " % of end-to-end time"});
    }
    double rest = 1 - share_sum;
    g_rows.push_back({std::string("rest: UTF-8 check, rule selection, C ABI (") + code(lang) + ")",
                      rest > 0.005 ? num(e2e / rest) : "–", "MB/s", "", "", "", "", "",
                      num(100 * rest) + " % of end-to-end time (end to end minus the stages" +
                          (rest < 0 ? "; below 0: timing noise)" : ")")});
  }
  for (int kind : {kShipped, kWithLexicon}) {
    for (Language lang : copydesk::bench::kLanguages) {
      const Latency& lat = g_measured.latency[kind][static_cast<int>(lang)];
      std::string label = std::string("8 KB article latency, ") + ruleset_label(kind) + " (" + code(lang) + ")";
      std::string scans = std::to_string(lat.scans) + " warm scans";
      g_rows.push_back({label + " median", num(lat.median_us), "µs", "", "", "", "", "", scans});
      g_rows.push_back({label + " p99", num(lat.p99_us), "µs", "", "", "", "≤ 60 µs", judge(lat.p99_us, 60, false),
                        scans});
      g_rows.push_back({label + " max", num(lat.max_us), "µs", "", "", "", "", "", scans});
      g_rows.push_back({label + " p99 on-CPU", num(lat.cpu_p99_us), "µs", "", "", "", "", "",
                        "thread CPU time: the p99 without preemption by other processes"});
    }
  }
  const Measured& m = g_measured;
  g_rows.push_back({"cold compile, shipped packs (first in process)", num(m.compile_cold_s), "s", "", "", "",
                    "< 0.5 s", judge(m.compile_cold_s, 0.5, false), "fold tables built on the way"});
  g_rows.push_back({"compile, shipped packs (median)", num(m.compile_warm_s[kShipped]), "s", "", "", "", "< 0.5 s",
                    judge(m.compile_warm_s[kShipped], 0.5, false), ""});
  g_rows.push_back({"compile, shipped+10k (median)", num(m.compile_warm_s[kWithLexicon]), "s", "", "", "", "", "",
                    ""});
  for (int kind : {kShipped, kWithLexicon}) {
    g_rows.push_back({std::string("bundle load, ") + ruleset_label(kind), num(m.bundle_load_ms[kind]), "ms", "", "",
                      "", kind == kShipped ? "< 10 ms" : "",
                      kind == kShipped ? judge(m.bundle_load_ms[kind], 10, false) : "",
                      num(mb(m.bundle_bytes[kind])) + " MB bundle; median of " +
                          std::to_string(g_settings.bundle_loads)});
  }
  for (int kind : {kShipped, kWithLexicon}) {
    g_rows.push_back({std::string("ruleset memory, ") + ruleset_label(kind), num(m.ruleset_heap_mb[kind]), "MB",
                      "", "", "", "", "",
                      "heap kept; RSS peak while compiling +" + num(m.compile_peak_rss_mb[kind]) + " MB"});
  }
  g_rows.push_back({"scanner memory, shipped+10k", num(m.scanner_heap_mb), "MB", "", "", "", "", "",
                    "heap kept after scanning the whole corpus"});
}

size_t display_width(const std::string& s) {  // code points: good enough for this table
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void print_table() {
  Row header{"measurement", "value", "unit", "× memchr", "vs RE2", "vs Python", "target", "status", "notes"};
  auto cells = [](const Row& r) {
    return std::vector<const std::string*>{&r.measurement, &r.value, &r.unit, &r.vs_memchr, &r.vs_re2,
                                           &r.vs_python, &r.target, &r.status, &r.notes};
  };
  std::vector<size_t> width(9, 0);
  for (const Row* r : {&header}) {
    auto c = cells(*r);
    for (size_t i = 0; i < c.size(); ++i) width[i] = std::max(width[i], display_width(*c[i]));
  }
  for (const Row& r : g_rows) {
    auto c = cells(r);
    for (size_t i = 0; i < c.size(); ++i) width[i] = std::max(width[i], display_width(*c[i]));
  }
  auto line = [&](const Row& r) {
    auto c = cells(r);
    std::string out = "|";
    for (size_t i = 0; i < c.size(); ++i) {
      std::string pad(width[i] - display_width(*c[i]), ' ');
      bool right = i >= 1 && i <= 5;  // numbers
      out += " " + (right ? pad + *c[i] : *c[i] + pad) + " |";
    }
    std::printf("%s\n", out.c_str());
  };
  line(header);
  std::string rule = "|";
  for (size_t i = 0; i < width.size(); ++i) rule += std::string(width[i] + 2, '-') + (i >= 1 && i <= 5 ? ":|" : "|");
  // Right-aligned columns end with ':' in Markdown.
  rule = "|";
  for (size_t i = 0; i < width.size(); ++i)
    rule += (i >= 1 && i <= 5) ? std::string(width[i] + 1, '-') + ":|" : std::string(width[i] + 2, '-') + "|";
  std::printf("%s\n", rule.c_str());
  for (const Row& r : g_rows) line(r);
}

std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

void print_context() {
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  cpu_set_t set;
  int cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : -1;
  std::printf("copydesk %s benchmark%s — %s\n", copydesk_version_string(), g_settings.smoke ? " (SMOKE: tiny corpus, numbers meaningless)" : "", date);
  std::printf("machine: %s, nproc %ld, this process may run on %d core(s)\n", cpu_model().c_str(),
              sysconf(_SC_NPROCESSORS_ONLN), cores);
  if (!g_settings.exclude.empty())
    std::printf("EXCLUDED from every ruleset: %s (shipped = the shipped packs without them)\n", g_settings.exclude.c_str());
  std::printf("method: per-article calls, one thread; throughput = bytes / process CPU time, median of %d Google "
              "Benchmark repetitions (>= %.2f s each); latency = wall clock; MB = 10^6 bytes\n",
              g_settings.repetitions, g_settings.min_time);
  for (Language lang : copydesk::bench::kLanguages) {
    int l = static_cast<int>(lang);
    const auto& s = g_data.stats[l];
    std::printf("corpus %s: %zu articles, %.2f MB, %zu sentences; lexicon name in %.0f %%, organization %.1f %%, "
                "vague source %.1f %%, unsourced figure %.1f %%, bare quote %.1f %% of sentences\n",
                copydesk::bench::language_code(lang), g_data.corpus[l].size(), mb(total_bytes(g_data.corpus[l])),
                s.sentences, 100.0 * s.lexicon_insertions / s.sentences,
                100.0 * s.organization_mentions / s.sentences, 100.0 * s.vague_sources / s.sentences,
                100.0 * s.unsourced_figures / s.sentences, 100.0 * s.bare_quotes / s.sentences);
  }
  for (int kind : {kShipped, kWithLexicon}) {
    std::printf("findings, %s:", ruleset_label(kind));
    for (const auto& [category, count] : g_measured.by_category[kind]) std::printf(" %s %zu", category.c_str(), count);
    std::printf("\n");
  }
  std::printf("\n");
}

void collect_terms() {
  const cd::RuleModel& model = g_data.internal->model();
  std::string lexicon_dir = (g_data.temp_dir / "lexicon").string();
  std::set<std::string> seen[2];
  for (const cd::TermEntry& e : model.entries) {
    bool from_lexicon = e.source.rfind(lexicon_dir, 0) == 0;
    for (int kind : {kShipped, kWithLexicon}) {
      if (kind == kShipped && from_lexicon) continue;
      if (seen[kind].insert(e.written).second) g_data.terms[kind].push_back(e.written);
    }
  }
  if (g_data.terms[kShipped].size() == g_data.terms[kWithLexicon].size())
    fail("could not tell the lexicon's terms from the shipped ones (TermEntry::source)");
}

void progress(const char* what) {
  std::fprintf(stderr, "copydesk_bench: %s\n", what);
  std::fflush(stderr);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> gb_args{argv[0]};
  double min_time_override = 0;
  std::string dump_dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--smoke") {
      g_settings.smoke = true;
    } else if (a == "--verbose") {
      g_settings.verbose = true;
    } else if (a == "--rules" && i + 1 < argc) {
      g_settings.rules_dir = argv[++i];
    } else if (a == "--exclude" && i + 1 < argc) {
      g_settings.exclude = argv[++i];
    } else if (a == "--dump-corpus" && i + 1 < argc) {
      dump_dir = argv[++i];
    } else if (a == "--min-time" && i + 1 < argc) {
      min_time_override = std::atof(argv[++i]);
    } else if (a == "--python" && i + 1 < argc) {
      g_settings.python = argv[++i];
    } else if (a.rfind("--benchmark_", 0) == 0) {
      gb_args.push_back(argv[i]);
    } else {
      std::fprintf(stderr, "usage: %s [--smoke] [--verbose] [--min-time S] [--rules DIR] [--exclude RULES] [--python PATH] [--dump-corpus DIR] [--benchmark_*]\n",
                   argv[0]);
      return 2;
    }
  }
  if (g_settings.smoke) {
    g_settings.bytes_per_language = 48 << 10;
    g_settings.latency_scans = 300;
    g_settings.latency_articles = 8;
    g_settings.min_time = 0.01;
    g_settings.repetitions = 1;
    g_settings.compile_repeats = 1;
    g_settings.bundle_loads = 3;
    g_settings.python_budget = 0.05;
  }
  if (min_time_override > 0) g_settings.min_time = min_time_override;

  char temp_template[] = "/tmp/copydesk-bench-XXXXXX";
  if (!mkdtemp(temp_template)) fail("cannot create a temporary directory");
  g_data.temp_dir = temp_template;

  progress("generating the corpus and the 10k lexicon");
  g_data.lexicon = copydesk::bench::make_lexicon(10000);
  fs::path lexicon_dir = g_data.temp_dir / "lexicon";
  copydesk::bench::write_lexicon_pack(lexicon_dir.string(), g_data.lexicon);
  for (Language lang : copydesk::bench::kLanguages) {
    int l = static_cast<int>(lang);
    g_data.corpus[l] = copydesk::bench::make_articles(lang, g_settings.bytes_per_language, 2000, 12000,
                                                      g_data.lexicon, 2024, &g_data.stats[l]);
    g_data.latency_docs[l] = copydesk::bench::make_articles(lang, g_settings.latency_articles * 8100, 7900, 8192,
                                                            g_data.lexicon, 8192);
  }

  if (!dump_dir.empty()) {  // for `copydesk rules profile` and friends: the corpus as files, then stop
    for (Language lang : copydesk::bench::kLanguages) {
      int l = static_cast<int>(lang);
      fs::path dir = fs::path(dump_dir) / copydesk::bench::language_code(lang);
      fs::create_directories(dir);
      for (size_t i = 0; i < g_data.corpus[l].size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%05zu.txt", i);
        std::ofstream(dir / name, std::ios::binary) << g_data.corpus[l][i];
      }
    }
    copydesk::bench::write_lexicon_pack(dump_dir, g_data.lexicon);
    std::printf("wrote the corpus to %s/{ar,en,fr} and the lexicon pack to %s/benchlex\n", dump_dir.c_str(),
                dump_dir.c_str());
    fs::remove_all(g_data.temp_dir);
    return 0;
  }

  progress("compiling rules and loading bundles");
  std::vector<std::string> paths[2] = {{g_settings.rules_dir}, {g_settings.rules_dir, lexicon_dir.string()}};
  measure_compile_and_bundles(paths);
  {
    cd::Diagnostics diags;
    std::vector<cd::SourceUnit> units = cd::read_sources(g_settings.rules_dir);
    for (cd::SourceUnit& u : cd::read_sources(lexicon_dir.string())) units.push_back(std::move(u));
    cd::CompileSettings settings;
    settings.exclude = g_settings.exclude;
    g_data.internal = cd::Ruleset::compile(std::move(units), settings, diags);
    if (!g_data.internal) fail("rules do not compile: " + diags.first_error_text());
  }
  collect_terms();

  progress("checking findings and measuring memory");
  check_corpus_findings();
  measure_scanner_memory();
  progress("measuring 8 KB article latency");
  measure_latency();
  progress("running the Python baseline");
  measure_python();
  progress("building the RE2 baseline (cold pass)");
  prepare_re2();
  prepare_stage_inputs();

  progress("running Google Benchmark");
  int gb_argc = static_cast<int>(gb_args.size());
  benchmark::Initialize(&gb_argc, gb_args.data());
  register_benchmarks();
  std::unique_ptr<benchmark::BenchmarkReporter> echo;
  if (g_settings.verbose) echo = std::make_unique<benchmark::ConsoleReporter>();
  Collector collector(echo.get());
  benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::Shutdown();
  if (!g_benchmark_errors.empty()) fail("benchmark failed: " + g_benchmark_errors.front());

  print_context();
  build_rows();
  print_table();
  std::printf("\ntargets met: %d of %d\n", g_targets_met, g_targets);

  for (copydesk_ruleset* rs : g_data.capi) copydesk_ruleset_free(rs);
  std::error_code ec;
  fs::remove_all(g_data.temp_dir, ec);
  return 0;
}
