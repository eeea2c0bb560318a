// The policy editor's commands:
//   copydesk rules check [PATH]     compile rule packs, print every problem
//   copydesk rules test [PATH]      run every rule's [[example]]s, coverage by language
// (`copydesk rules profile` lives in profile_command.cpp, `copydesk explain` in
// explain_command.cpp.)
#include <copydesk.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "ruleset_loader.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

void rules_usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk rules check [PATH]\n"
      "       copydesk rules test [PATH]\n"
      "       copydesk rules profile [--corpus DIR]\n"
      "       copydesk rules diff --base RULES --candidate RULES PATH...\n"
      "\n"
      "  check   compile the rule packs and print every problem as file:line:col: error: ...;\n"
      "          then one summary line. Exit 0 when they compile, 1 on any error.\n"
      "  test    run every rule's [[example]]s: each text is scanned with that rule alone and\n"
      "          the strings it flags must equal `expect`, in order. A rule needs one example\n"
      "          that must flag and one that must pass, in every language it declares.\n"
      "          Prints failures, coverage by language and `N passed, M failed`; exit 1 on\n"
      "          any failure.\n"
      "  profile per-rule cost and hit count (copydesk rules profile --help)\n"
      "  diff    the findings a rule change adds, removes and changes over articles\n"
      "          (copydesk rules diff --help)\n"
      "\n"
      "PATH is a directory of packs, one pack, one rule file or a compiled bundle; default:\n"
      "$COPYDESK_RULES, else the installed packs. Exit 2 when PATH does not exist.\n",
      out);
}

void check_usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk rules check [PATH]\n"
      "\n"
      "Compile the rule packs under PATH (default: $COPYDESK_RULES, else the installed packs)\n"
      "and print every problem as `file:line:col: error: message`, then a summary:\n"
      "`N rules in M packs: OK` or `K errors`.\n"
      "Exit status: 0 compiled, 1 any error, 2 PATH missing or bad usage.\n",
      out);
}

void test_usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk rules test [PATH]\n"
      "\n"
      "Scan every rule's [[example]] text with that rule alone (plain text input, as one\n"
      "segment of the kind the example names, else the first of the rule's `segments`) and compare\n"
      "the flagged strings with `expect`, in order. A rule fails when an example fails, when\n"
      "it has no example that must flag or none that must pass, or when a language it\n"
      "declares has no example of each kind. Prints each failure as\n"
      "`source:line: rule-id: expected [...] but flagged [...]`, the coverage by language,\n"
      "and `N passed, M failed` (rules).\n"
      "Exit status: 0 all passed, 1 any failure (or rules that do not compile), 2 PATH\n"
      "missing or bad usage.\n",
      out);
}

bool is_help(const std::string& a) { return a == "--help" || a == "-h" || a == "help"; }

// The PATH argument of check/test: at most one.
bool rules_path_argument(const ParsedArgs& flags, const char* command, std::string& path) {
  if (flags.positionals.size() > 1) {
    std::fprintf(stderr, "copydesk rules %s: one PATH only ('%s')\n", command, flags.positionals[1].c_str());
    return false;
  }
  if (!flags.positionals.empty()) path = flags.positionals[0];
  if (path.empty()) path = default_rules_path();
  if (path.empty()) {
    std::fprintf(stderr,
                 "copydesk rules %s: no rules found: pass PATH or set COPYDESK_RULES\n", command);
    return false;
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    std::fprintf(stderr, "%s: error: no such file or directory\n", path.c_str());
    return false;
  }
  return true;
}

// Loads the ruleset, printing the diagnostics to stderr (warnings only when asked: `rules
// test` leaves them to `rules check`), and counts them.
struct LoadResult {
  copydesk_ruleset* ruleset = nullptr;
  size_t errors = 0;
  size_t warnings = 0;
};

LoadResult load_counting(const std::string& path, bool print_warnings) {
  LoadResult result;
  std::FILE* capture = std::tmpfile();
  if (!capture) {
    result.ruleset = load_ruleset(path, stderr);
    result.errors = result.ruleset ? 0 : 1;
    return result;
  }
  result.ruleset = load_ruleset(path, capture);
  std::rewind(capture);
  std::string line;
  for (int c; (c = std::fgetc(capture)) != EOF;) {
    line.push_back(static_cast<char>(c));
    if (c != '\n') continue;
    bool error = line.find(": error: ") != std::string::npos;
    bool warning = !error && line.find(": warning: ") != std::string::npos;
    if (error) ++result.errors;
    if (warning) ++result.warnings;
    if (!warning || print_warnings) std::fputs(line.c_str(), stderr);
    line.clear();
  }
  if (!line.empty()) std::fprintf(stderr, "%s\n", line.c_str());
  std::fclose(capture);
  if (!result.ruleset && result.errors == 0) result.errors = 1;
  return result;
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int rules_check(const ParsedArgs& flags) {
  std::string path;
  if (!rules_path_argument(flags, "check", path)) return 2;
  LoadResult loaded = load_counting(path, true);
  if (!loaded.ruleset) {
    std::string summary = plural(loaded.errors, "error");
    if (loaded.warnings) summary += ", " + plural(loaded.warnings, "warning");
    std::printf("%s\n", summary.c_str());
    return 1;
  }
  size_t rules = copydesk_ruleset_rule_count(loaded.ruleset);
  std::set<std::string> packs;
  for (size_t i = 0; i < rules; ++i) {
    copydesk_rule_info info;
    info.version = COPYDESK_RULE_INFO_VERSION;
    if (copydesk_ruleset_rule_get(&info, loaded.ruleset, i) != COPYDESK_OK) continue;
    std::string id = info.id ? info.id : "";
    packs.insert(id.substr(0, id.find('.')));
  }
  copydesk_ruleset_free(loaded.ruleset);
  std::string summary = plural(rules, "rule") + " in " + plural(packs.size(), "pack") + ": OK";
  if (loaded.warnings) summary += " (" + plural(loaded.warnings, "warning") + ")";
  std::printf("%s\n", summary.c_str());
  return 0;
}

// ["a", "b"] with the quotes and backslashes inside escaped.
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

std::vector<std::string> split_languages(const char* languages) {
  std::vector<std::string> out;
  std::stringstream in(languages ? languages : "");
  std::string lang;
  while (std::getline(in, lang, ',')) {
    lang.erase(0, lang.find_first_not_of(' '));
    lang.erase(lang.find_last_not_of(' ') + 1);
    if (!lang.empty()) out.push_back(lang);
  }
  return out;
}

struct RuleRecord {
  std::string id;
  std::string source;
  std::vector<std::string> languages;
  bool has_flag = false;
  bool has_pass = false;
  std::set<std::string> flag_languages;  // languages with an example that must flag
  std::set<std::string> pass_languages;  // ... and one that must pass
  bool failed = false;
};

int rules_test(const ParsedArgs& flags) {
  std::string path;
  if (!rules_path_argument(flags, "test", path)) return 2;
  LoadResult loaded = load_counting(path, false);
  if (!loaded.ruleset) {
    std::printf("rules do not compile (%s): no example run\n",
                plural(loaded.errors, "error").c_str());
    return 1;
  }
  copydesk_ruleset* rs = loaded.ruleset;

  std::vector<RuleRecord> rules;
  std::map<std::string, size_t> rule_index;
  for (size_t i = 0; i < copydesk_ruleset_rule_count(rs); ++i) {
    copydesk_rule_info info;
    info.version = COPYDESK_RULE_INFO_VERSION;
    if (copydesk_ruleset_rule_get(&info, rs, i) != COPYDESK_OK) continue;
    RuleRecord r;
    r.id = info.id ? info.id : "";
    r.source = info.source && *info.source ? info.source : path;
    r.languages = split_languages(info.languages);
    rule_index.emplace(r.id, rules.size());
    rules.push_back(std::move(r));
  }

  copydesk_scanner* scanner = nullptr;
  if (copydesk_scanner_new(&scanner, rs) != COPYDESK_OK) {
    std::fprintf(stderr, "%s: error: cannot create a scanner: %s\n", path.c_str(),
                 copydesk_last_error());
    copydesk_ruleset_free(rs);
    return 1;
  }

  size_t examples = copydesk_ruleset_example_count(rs);
  size_t examples_failed = 0;
  for (size_t i = 0; i < examples; ++i) {
    copydesk_example ex;
    ex.version = COPYDESK_EXAMPLE_VERSION;
    if (copydesk_ruleset_example_get(&ex, rs, i) != COPYDESK_OK) {
      std::printf("%s: example %zu: cannot be read: %s\n", path.c_str(), i, copydesk_last_error());
      ++examples_failed;
      continue;
    }
    const std::string rule_id = ex.rule_id ? ex.rule_id : "";
    const std::string source = ex.source && *ex.source ? ex.source : path;
    const std::string language = ex.language ? ex.language : "";
    const std::string text = ex.text ? ex.text : "";
    auto found = rule_index.find(rule_id);
    RuleRecord* rule = found == rule_index.end() ? nullptr : &rules[found->second];

    std::vector<std::string> expected;
    for (size_t j = 0; j < ex.expect_count; ++j) {
      const char* e = copydesk_ruleset_example_expect(rs, i, j);
      expected.emplace_back(e ? e : "");
    }
    if (rule) {
      (ex.expect_count > 0 ? rule->has_flag : rule->has_pass) = true;
      if (!language.empty())
        (ex.expect_count > 0 ? rule->flag_languages : rule->pass_languages).insert(language);
    }

    copydesk_scan_options opts;
    copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
    opts.enable = rule_id.c_str();
    // The example is one segment of the kind it names (body unless the rule targets others).
    copydesk_segment segment = {COPYDESK_SEGMENT_VERSION, ex.segment_kind, COPYDESK_FORMAT_TEXT, 0, "",
                                text.data(), text.size()};
    copydesk_findings* findings = nullptr;
    int status = copydesk_scanner_scan_segments(&findings, scanner, &segment, 1, &opts);
    bool ok = true;
    // "file:line:" — or "file:" when the compiler did not record the example's line.
    const std::string where = ex.line ? source + ":" + std::to_string(ex.line) : source;
    if (status != COPYDESK_OK) {
      std::printf("%s: %s: the example could not be scanned: %s\n", where.c_str(),
                  rule_id.c_str(), copydesk_last_error());
      ok = false;
    } else {
      std::vector<std::string> flagged;
      for (size_t k = 0; k < copydesk_findings_count(findings); ++k) {
        copydesk_finding f;
        f.version = COPYDESK_FINDING_VERSION;
        if (copydesk_findings_get(&f, findings, k) != COPYDESK_OK) continue;
        if (f.byte_start > f.byte_end || f.byte_end > text.size()) {
          flagged.push_back("<span out of range>");
          continue;
        }
        flagged.push_back(text.substr(f.byte_start, f.byte_end - f.byte_start));
      }
      if (flagged != expected) {
        std::printf("%s: %s: expected %s but flagged %s\n", where.c_str(), rule_id.c_str(),
                    quoted_list(expected).c_str(), quoted_list(flagged).c_str());
        ok = false;
      }
    }
    copydesk_findings_free(findings);
    if (!ok) {
      ++examples_failed;
      if (rule) rule->failed = true;
    }
  }
  copydesk_scanner_free(scanner);

  // Rules without the examples the rule language requires, overall and per language.
  std::map<std::string, std::pair<size_t, size_t>> coverage;  // language -> (covered, declared)
  for (RuleRecord& r : rules) {
    if (!r.has_flag) {
      std::printf("%s: %s: no [[example]] that must flag\n", r.source.c_str(), r.id.c_str());
      r.failed = true;
    }
    if (!r.has_pass) {
      std::printf("%s: %s: no [[example]] that must pass (expect = [])\n", r.source.c_str(),
                  r.id.c_str());
      r.failed = true;
    }
    for (const std::string& lang : r.languages) {
      bool flag = r.flag_languages.count(lang) > 0;
      bool pass = r.pass_languages.count(lang) > 0;
      auto& [covered, declared] = coverage[lang];
      ++declared;
      if (flag && pass) {
        ++covered;
        continue;
      }
      std::printf("%s: %s: declares language \"%s\" but has no example in it that must %s\n",
                  r.source.c_str(), r.id.c_str(), lang.c_str(),
                  !flag && !pass ? "flag and none that must pass" : !flag ? "flag" : "pass");
      r.failed = true;
    }
  }
  copydesk_ruleset_free(rs);

  if (!coverage.empty()) {
    std::printf("coverage by language (rules with an example that must flag and one that must "
                "pass in it / rules declaring it):\n");
    for (const auto& [lang, counts] : coverage)
      std::printf("  %s: %zu/%zu\n", lang.c_str(), counts.first, counts.second);
  }
  size_t failed = 0;
  for (const RuleRecord& r : rules) failed += r.failed ? 1 : 0;
  std::printf("%s run, %zu failed\n", plural(examples, "example").c_str(), examples_failed);
  std::printf("%zu passed, %zu failed\n", rules.size() - failed, failed);
  return failed > 0 || examples_failed > 0 ? 1 : 0;
}

}  // namespace

int run_rules(const Args& args) {
  if (args.empty()) {
    rules_usage(stderr);
    return 2;
  }
  const std::string& sub = args[0];
  if (is_help(sub)) {
    rules_usage(stdout);
    return 0;
  }
  if (sub == "profile") return run_rules_profile(Args(args.begin() + 1, args.end()));
  if (sub == "diff") return run_rules_diff(Args(args.begin() + 1, args.end()));
  if (sub != "check" && sub != "test") {
    std::fprintf(stderr, "copydesk rules: unknown subcommand '%s'\n\n", sub.c_str());
    rules_usage(stderr);
    return 2;
  }
  const bool check = sub == "check";
  const std::string name = "copydesk rules " + sub;
  std::optional<ParsedArgs> flags =
      parse_args(check ? kCmdRulesCheck : kCmdRulesTest, name, Args(args.begin() + 1, args.end()), stderr);
  if (!flags) return 2;
  if (flags->has(Opt::kHelp)) {
    (check ? check_usage : test_usage)(stdout);
    return 0;
  }
  return check ? rules_check(*flags) : rules_test(*flags);
}

}  // namespace copydesk::cli
