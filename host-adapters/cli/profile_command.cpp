// copydesk rules profile: each rule's marginal cost (scan time with the whole
// ruleset minus scan time with the rule compiled out) and its hit count, so a
// policy editor sees which rule is slow before shipping it.
#include <copydesk.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

struct Doc {
  std::string text;
  int format;
};

bool read_corpus(const std::string& dir, std::vector<Doc>& docs) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && is_article_extension(it->path())) files.push_back(it->path());
  }
  if (ec) return false;
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    docs.push_back({buf.str(), library_format(format_from_extension(p))});
  }
  return true;
}

copydesk_ruleset* compile(const std::string& path, const std::string& exclude) {
  copydesk_compile_options o;
  copydesk_compile_options_init(&o, COPYDESK_COMPILE_OPTIONS_VERSION);
  o.exclude = exclude.empty() ? nullptr : exclude.c_str();
  copydesk_compiler* c = nullptr;
  copydesk_ruleset* rs = nullptr;
  if (copydesk_compiler_new(&c, &o) != COPYDESK_OK) return nullptr;
  copydesk_compiler_add_path(c, path.c_str());
  copydesk_compiler_build(&rs, c);
  copydesk_compiler_free(c);
  return rs;
}

// Best-of-`repeat` seconds to scan every document once; fills hit counts when asked.
double time_scans(copydesk_ruleset* rs, const std::vector<Doc>& docs, int repeat,
                  std::map<std::string, size_t>* hits) {
  copydesk_scanner* s = nullptr;
  if (copydesk_scanner_new(&s, rs) != COPYDESK_OK) return -1;
  copydesk_scan_options o;
  copydesk_scan_options_init(&o, COPYDESK_SCAN_OPTIONS_VERSION);
  double best = 1e30;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (const Doc& d : docs) {
      o.input_format = d.format;
      copydesk_findings* f = nullptr;
      if (copydesk_scanner_scan(&f, s, d.text.data(), d.text.size(), &o) != COPYDESK_OK) continue;
      if (hits && r == 0) {
        for (size_t i = 0; i < copydesk_findings_count(f); ++i) {
          copydesk_finding x;
          x.version = COPYDESK_FINDING_VERSION;
          if (copydesk_findings_get(&x, f, i) == COPYDESK_OK) ++(*hits)[x.rule_id];
        }
      }
      copydesk_findings_free(f);
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  copydesk_scanner_free(s);
  return best;
}

void usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk rules profile [PATH] [--corpus DIR] [--repeat N]\n"
      "\n"
      "For every rule: hits on the corpus and its marginal cost, the scan time of the whole\n"
      "ruleset minus the scan time with that rule compiled out (best of N runs each).\n"
      "PATH defaults to the shipped packs; the corpus defaults to the rules' own examples.\n",
      out);
  std::fputs(options_help(kCmdRulesProfile).c_str(), out);
}

}  // namespace

int run_rules_profile(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdRulesProfile, "copydesk rules profile", args, stderr);
  if (!flags) return 2;
  if (flags->has(Opt::kHelp)) {
    usage(stdout);
    return 0;
  }
  if (flags->positionals.size() > 1) {
    std::fprintf(stderr, "copydesk rules profile: unexpected argument '%s'\n", flags->positionals[1].c_str());
    usage(stderr);
    return 2;
  }
  std::string path = flags->positionals.empty() ? "" : flags->positionals[0];
  const std::string corpus = flags->last(Opt::kCorpus).value_or("");
  const int repeat = std::stoi(flags->last(Opt::kRepeat).value_or("5"));
  if (path.empty()) path = default_rules_path();
  if (path.empty()) {
    std::fprintf(stderr, "copydesk rules profile: no rules found; pass a PATH\n");
    return 2;
  }
  copydesk_ruleset* full = load_ruleset(path, stderr);
  if (!full) return 2;

  std::vector<Doc> docs;
  if (!corpus.empty()) {
    if (!read_corpus(corpus, docs) || docs.empty()) {
      std::fprintf(stderr, "%s: error: no .txt, .md or .html articles to profile on\n", corpus.c_str());
      copydesk_ruleset_free(full);
      return 2;
    }
  } else {
    for (size_t i = 0; i < copydesk_ruleset_example_count(full); ++i) {
      copydesk_example ex;
      ex.version = COPYDESK_EXAMPLE_VERSION;
      if (copydesk_ruleset_example_get(&ex, full, i) == COPYDESK_OK) docs.push_back({ex.text, COPYDESK_FORMAT_TEXT});
    }
  }
  size_t bytes = 0;
  for (const Doc& d : docs) bytes += d.text.size();
  double mb = static_cast<double>(bytes) / 1e6;

  std::map<std::string, size_t> hits;
  double base = time_scans(full, docs, repeat, &hits);
  std::printf("corpus: %zu articles, %.3f MB; whole ruleset: %.1f MB/s (%.0f us per article)\n", docs.size(), mb,
              mb / base, base * 1e6 / static_cast<double>(docs.size()));

  struct Row {
    std::string id;
    size_t hits;
    double cost;  // seconds
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < copydesk_ruleset_rule_count(full); ++i) {
    copydesk_rule_info info;
    info.version = COPYDESK_RULE_INFO_VERSION;
    if (copydesk_ruleset_rule_get(&info, full, i) != COPYDESK_OK) continue;
    copydesk_ruleset* without = compile(path, info.id);
    if (!without) {
      std::fprintf(stderr, "%s: cannot compile the rules without it (another rule may depend on it)\n", info.id);
      continue;
    }
    double t = time_scans(without, docs, repeat, nullptr);
    copydesk_ruleset_free(without);
    rows.push_back({info.id, hits[info.id], base - t});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.cost > b.cost; });
  std::printf("%-40s %8s %10s %12s\n", "rule", "hits", "cost %", "us per MB");
  for (const Row& r : rows) {
    std::printf("%-40s %8zu %9.1f%% %12.1f\n", r.id.c_str(), r.hits, 100.0 * r.cost / base, r.cost * 1e6 / mb);
  }
  std::printf("(cost below ~2%% is within timing noise; rerun with --repeat for steadier figures)\n");
  copydesk_ruleset_free(full);
  return 0;
}

}  // namespace copydesk::cli
