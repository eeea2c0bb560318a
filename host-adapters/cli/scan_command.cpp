// copydesk scan [PATH...] and copydesk compile RULES -o BUNDLE.
#include <copydesk.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "baseline_file.h"
#include "commands.h"
#include "config_file.h"
#include "output_reporter.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"
#include "scan_runner.h"
#include "scan_suppressions.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

constexpr const char* kScanUsage =
    "usage: copydesk scan [options] PATH...\n"
    "\n"
    "Scans articles: files (any extension), directories (recursively: .txt .md .markdown\n"
    ".html .htm; hidden files and folders skipped) and - for standard input.\n"
    "\n"
    "rules:\n"
    "  --rules PATH           rule packs: a directory of packs, one pack, one rule file or a\n"
    "                         bundle from `copydesk compile` (default: the shipped packs)\n"
    "  --enable LIST          only these rule ids, packs or categories (comma-separated; repeatable)\n"
    "  --disable LIST         skip these rule ids, packs or categories (comma-separated; repeatable)\n"
    "  --min-severity LEVEL   drop findings below LEVEL: info (default), warning, error\n"
    "  --config FILE          read settings from FILE instead of the nearest copydesk.toml\n"
    "  --no-config            do not read any copydesk.toml\n"
    "\n"
    "input:\n"
    "  --input-format FORMAT  auto, text, markdown or html (default: from the extension)\n"
    "  --stdin-name NAME      the path shown for standard input (default: <stdin>)\n"
    "\n"
    "output:\n"
    "  --format FORMAT        text (default), json, jsonl, sarif, github or html\n"
    "  -o, --output FILE      write the report to FILE instead of standard output\n"
    "  --color WHEN           auto (default: on a terminal, unless NO_COLOR is set), always, never\n"
    "  --explain              say why each finding was reported\n"
    "  --no-progress          no progress line on standard error\n"
    "\n"
    "results:\n"
    "  --fail-on LEVEL        exit 1 if a finding is at or above LEVEL: error (default),\n"
    "                         warning, info or none\n"
    "  --baseline FILE        report only findings not in FILE\n"
    "  --write-baseline FILE  record every finding in FILE (exit 0 unless an error occurs)\n"
    "  -j, --jobs N           scan N files in parallel (default: all cores)\n"
    "\n"
    "exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage, rule or I/O error.\n"
    "See docs/cli.md.\n";

struct ScanArgs {
  std::vector<std::string> paths;
  std::optional<std::string> rules, config_file, input_format, stdin_name, min_severity, fail_on;
  std::optional<std::string> baseline, write_baseline, output;
  std::vector<std::string> enable, disable;
  std::string format = "text";
  std::string color = "auto";
  std::optional<unsigned> jobs;
  bool no_config = false, explain = false, no_progress = false, help = false;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> items;
  std::string current;
  for (char c : s + ",") {
    if (c == ',') {
      while (!current.empty() && current.back() == ' ') current.pop_back();
      if (!current.empty()) items.push_back(current);
      current.clear();
    } else if (!(c == ' ' && current.empty())) {
      current += c;
    }
  }
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Parses the arguments; prints the problem and returns nullopt on a usage error.
std::optional<ScanArgs> parse_scan_args(const Args& args) {
  ScanArgs parsed;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      parsed.paths.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::optional<std::string> inline_value;
    if (std::size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inline_value) return inline_value;
      if (i + 1 < args.size()) return args[++i];
      std::fprintf(stderr, "copydesk scan: option %s needs a value\n", arg.c_str());
      return std::nullopt;
    };
    auto flag = [&](bool& target) {
      if (inline_value) {
        std::fprintf(stderr, "copydesk scan: option %s takes no value\n", arg.c_str());
        return false;
      }
      target = true;
      return true;
    };
    std::optional<std::string> v;
    if (arg == "-h" || arg == "--help") {
      if (!flag(parsed.help)) return std::nullopt;
    } else if (arg == "--no-config") {
      if (!flag(parsed.no_config)) return std::nullopt;
    } else if (arg == "--explain") {
      if (!flag(parsed.explain)) return std::nullopt;
    } else if (arg == "--no-progress") {
      if (!flag(parsed.no_progress)) return std::nullopt;
    } else if (arg == "--rules") {
      if (!(parsed.rules = value())) return std::nullopt;
    } else if (arg == "--config") {
      if (!(parsed.config_file = value())) return std::nullopt;
    } else if (arg == "--enable" || arg == "--disable") {
      if (!(v = value())) return std::nullopt;
      auto& list = arg == "--enable" ? parsed.enable : parsed.disable;
      for (std::string& item : split_list(*v)) list.push_back(std::move(item));
    } else if (arg == "--min-severity") {
      if (!(v = value())) return std::nullopt;
      if (!severity_from_name(*v)) {
        std::fprintf(stderr, "copydesk scan: --min-severity: unknown level '%s' (info, warning, error)\n",
                     v->c_str());
        return std::nullopt;
      }
      parsed.min_severity = v;
    } else if (arg == "--fail-on") {
      if (!(v = value())) return std::nullopt;
      if (*v != "none" && !severity_from_name(*v)) {
        std::fprintf(stderr, "copydesk scan: --fail-on: unknown level '%s' (error, warning, info, none)\n",
                     v->c_str());
        return std::nullopt;
      }
      parsed.fail_on = v;
    } else if (arg == "--format") {
      if (!(v = value())) return std::nullopt;
      if (!make_reporter(*v, stdout, {})) {
        std::fprintf(stderr, "copydesk scan: --format: unknown format '%s' (text, json, jsonl, sarif, "
                             "github, html)\n", v->c_str());
        return std::nullopt;
      }
      parsed.format = *v;
    } else if (arg == "--input-format") {
      if (!(v = value())) return std::nullopt;
      if (!parse_input_format(*v)) {
        std::fprintf(stderr, "copydesk scan: --input-format: unknown format '%s' (auto, text, "
                             "markdown, html)\n", v->c_str());
        return std::nullopt;
      }
      parsed.input_format = v;
    } else if (arg == "--stdin-name") {
      if (!(parsed.stdin_name = value())) return std::nullopt;
    } else if (arg == "--color" || arg == "--colour") {
      if (!(v = value())) return std::nullopt;
      if (*v != "auto" && *v != "always" && *v != "never") {
        std::fprintf(stderr, "copydesk scan: --color: expected auto, always or never, not '%s'\n",
                     v->c_str());
        return std::nullopt;
      }
      parsed.color = *v;
    } else if (arg == "-o" || arg == "--output") {
      if (!(parsed.output = value())) return std::nullopt;
    } else if (arg == "--baseline") {
      if (!(parsed.baseline = value())) return std::nullopt;
    } else if (arg == "--write-baseline") {
      if (!(parsed.write_baseline = value())) return std::nullopt;
    } else if (arg == "-j" || arg == "--jobs") {
      if (!(v = value())) return std::nullopt;
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || n < 1 || n > 1024) {
        std::fprintf(stderr, "copydesk scan: --jobs: expected a number from 1 to 1024, not '%s'\n",
                     v->c_str());
        return std::nullopt;
      }
      parsed.jobs = static_cast<unsigned>(n);
    } else {
      std::fprintf(stderr, "copydesk scan: unknown option '%s' (see copydesk scan --help)\n",
                   args[i].c_str());
      return std::nullopt;
    }
  }
  if (parsed.no_config && parsed.config_file) {
    std::fprintf(stderr, "copydesk scan: --config and --no-config cannot be used together\n");
    return std::nullopt;
  }
  return parsed;
}

// What --enable, --disable, [severity] and suppression comments may name.
class KnownTargets {
 public:
  explicit KnownTargets(const std::vector<RuleMeta>& rules) {
    for (const RuleMeta& rule : rules) {
      names_.insert(rule.id);
      names_.insert(rule.category);
      names_.insert(rule.id.substr(0, rule.id.find('.')));
    }
  }
  bool contains(const std::string& name) const { return names_.count(name) > 0; }

 private:
  std::set<std::string> names_;
};

std::vector<RuleMeta> read_rules(const copydesk_ruleset* ruleset) {
  std::vector<RuleMeta> rules;
  const std::size_t count = copydesk_ruleset_rule_count(ruleset);
  for (std::size_t i = 0; i < count; ++i) {
    copydesk_rule_info info;
    info.version = COPYDESK_RULE_INFO_VERSION;
    if (copydesk_ruleset_rule_get(&info, ruleset, i) != COPYDESK_OK) continue;
    auto str = [](const char* s) { return std::string(s ? s : ""); };
    rules.push_back({str(info.id), str(info.category), str(info.title), str(info.message),
                     str(info.description), str(info.references), str(info.source),
                     str(info.languages), info.severity});
  }
  return rules;
}

bool use_color(const std::string& when, std::FILE* out) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(::fileno(out)) == 1;
}

int fail_threshold(const std::string& fail_on) {
  if (fail_on == "none") return COPYDESK_SEVERITY_ERROR + 1;
  return severity_from_name(fail_on);
}

// Loads the rules; the compiler's warnings are shown only when `show_warnings` (rules the
// user chose) or when loading fails. Warnings about the shipped packs are for their
// authors (`copydesk rules check`), not for every scan.
copydesk_ruleset* load_rules(const std::string& path, bool show_warnings) {
  if (show_warnings) return load_ruleset(path, stderr);
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* capture = open_memstream(&buffer, &size);
  if (!capture) return load_ruleset(path, stderr);
  copydesk_ruleset* ruleset = load_ruleset(path, capture);
  std::fclose(capture);
  if (!ruleset) std::fwrite(buffer, 1, size, stderr);
  std::free(buffer);
  return ruleset;
}

struct RulesetHandle {
  copydesk_ruleset* ruleset = nullptr;
  ~RulesetHandle() { copydesk_ruleset_free(ruleset); }
};

}  // namespace

int run_scan(const Args& args) {
  std::optional<ScanArgs> parsed = parse_scan_args(args);
  if (!parsed) return kExitError;
  if (parsed->help) {
    std::fputs(kScanUsage, stdout);
    return kExitClean;
  }
  if (parsed->paths.empty()) {
    std::fputs("copydesk scan: no input: give files, directories, or - for standard input\n\n", stderr);
    std::fputs(kScanUsage, stderr);
    return kExitError;
  }
  if (std::count(parsed->paths.begin(), parsed->paths.end(), std::string("-")) > 1) {
    std::fputs("copydesk scan: standard input (-) can be given only once\n", stderr);
    return kExitError;
  }

  // Settings: command line, then copydesk.toml, then defaults.
  std::optional<ScanConfig> config;
  if (!parsed->no_config) {
    fs::path file = parsed->config_file ? fs::path(*parsed->config_file) : find_config(fs::current_path());
    if (!file.empty()) {
      std::error_code ec;
      if (parsed->config_file && !fs::is_regular_file(file, ec)) {
        std::fprintf(stderr, "%s: error: cannot read config file\n", file.string().c_str());
        return kExitError;
      }
      config = load_config(file, stderr);
      if (!config) return kExitError;
    }
  }

  std::string rules_path;
  const bool rules_chosen = parsed->rules || (config && config->rules);
  if (parsed->rules) {
    rules_path = *parsed->rules;
  } else if (config && config->rules) {
    rules_path = *config->rules;
  } else {
    rules_path = default_rules_path();
    if (rules_path.empty()) {
      std::fputs("copydesk scan: error: no rule packs found (none installed next to the tool or in "
                 "its prefix, COPYDESK_RULES unset); pass --rules PATH\n", stderr);
      return kExitError;
    }
  }
  RulesetHandle rules_handle;
  rules_handle.ruleset = load_rules(rules_path, rules_chosen);
  if (!rules_handle.ruleset) return kExitError;
  copydesk_ruleset* ruleset = rules_handle.ruleset;

  std::vector<RuleMeta> rules = read_rules(ruleset);
  KnownTargets known(rules);

  // --enable replaces the config's list; --disable adds to it.
  bool names_ok = true;
  auto check_names = [&](const std::vector<std::string>& names, const char* what,
                         const std::vector<ConfigPosition>* positions) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (known.contains(names[i])) continue;
      names_ok = false;
      if (positions) {
        std::fprintf(stderr, "%s:%u:%u: error: %s: unknown rule, pack or category '%s'\n",
                     config->file.string().c_str(), (*positions)[i].line, (*positions)[i].column,
                     what, names[i].c_str());
      } else {
        std::fprintf(stderr, "copydesk scan: error: %s: unknown rule, pack or category '%s'\n", what,
                     names[i].c_str());
      }
    }
  };
  std::vector<std::string> enable = parsed->enable, disable = parsed->disable;
  check_names(parsed->enable, "--enable", nullptr);
  check_names(parsed->disable, "--disable", nullptr);
  if (config) {
    check_names(config->enable.items, "enable", &config->enable.positions);
    check_names(config->disable.items, "disable", &config->disable.positions);
    if (enable.empty()) enable = config->enable.items;
    disable.insert(disable.end(), config->disable.items.begin(), config->disable.items.end());
  }

  RunSettings settings;
  settings.ruleset = ruleset;
  settings.enable = join(enable);
  settings.disable = join(disable);
  settings.explain = parsed->explain;
  if (config) {
    // Categories first, then packs, then rule ids: the most specific override wins.
    std::vector<std::pair<std::string, int>> by_category, by_pack, by_rule;
    for (const SeverityOverride& o : config->severity) {
      if (!known.contains(o.rule)) {
        std::fprintf(stderr, "%s:%u:%u: error: severity: unknown rule, pack or category '%s'\n",
                     config->file.string().c_str(), o.position.line, o.position.column, o.rule.c_str());
        names_ok = false;
        continue;
      }
      bool is_rule = false, is_category = false;
      for (const RuleMeta& rule : rules) {
        is_rule |= rule.id == o.rule;
        is_category |= rule.category == o.rule;
      }
      (is_rule ? by_rule : is_category ? by_category : by_pack).emplace_back(o.rule, o.severity);
    }
    for (auto* group : {&by_category, &by_pack, &by_rule})
      settings.severity_overrides.insert(settings.severity_overrides.end(), group->begin(), group->end());
  }
  if (!names_ok) return kExitError;
  for (RuleMeta& rule : rules)
    for (const auto& [target, severity] : settings.severity_overrides)
      if (target_covers(target, rule.id, rule.category)) rule.severity = severity;

  settings.min_severity = parsed->min_severity ? severity_from_name(*parsed->min_severity)
                          : (config && config->min_severity) ? *config->min_severity
                                                             : COPYDESK_SEVERITY_INFO;
  const std::string fail_on = parsed->fail_on ? *parsed->fail_on
                              : (config && config->fail_on) ? *config->fail_on
                                                            : "error";
  settings.is_known_target = [&known](const std::string& name) { return known.contains(name); };
  settings.keep_content = parsed->format == "text" || parsed->format == "html";
  settings.jobs = parsed->jobs ? *parsed->jobs : std::max(1u, std::thread::hardware_concurrency());
  settings.progress = !parsed->no_progress && ::isatty(STDERR_FILENO) == 1;

  std::optional<Baseline> baseline;
  if (parsed->baseline) {
    baseline = Baseline::load(*parsed->baseline, stderr);
    if (!baseline) return kExitError;
    settings.baseline = &*baseline;
  }

  // Inputs, sorted by path.
  IgnoreRules ignore = config ? IgnoreRules(config->dir, config->ignore.items) : IgnoreRules();
  InputOptions input_options;
  if (parsed->input_format) input_options.forced_format = parse_input_format(*parsed->input_format);
  if (parsed->stdin_name) input_options.stdin_name = *parsed->stdin_name;
  input_options.ignore = &ignore;
  std::vector<InputFile> inputs = collect_inputs(parsed->paths, input_options);
  if (inputs.empty()) {
    std::fputs("copydesk scan: warning: no articles to scan (directories are searched for .txt .md "
               ".markdown .html .htm files; copydesk.toml `ignore` may exclude some)\n", stderr);
  }

  std::FILE* out = stdout;
  if (parsed->output && *parsed->output != "-") {
    out = std::fopen(parsed->output->c_str(), "wb");
    if (!out) {
      std::fprintf(stderr, "%s: error: cannot write report: %s\n", parsed->output->c_str(),
                   std::strerror(errno));
      return kExitError;
    }
  }
  std::optional<BaselineWriter> baseline_writer =
      parsed->write_baseline ? BaselineWriter::open(*parsed->write_baseline, stderr) : std::nullopt;
  if (parsed->write_baseline) {
    if (!baseline_writer) {
      if (out != stdout) std::fclose(out);
      return kExitError;
    }
    settings.baseline_writer = &*baseline_writer;
  }

  OutputOptions output_options;
  output_options.color = parsed->format == "text" && use_color(parsed->color, out);
  output_options.explain = parsed->explain;
  std::unique_ptr<Reporter> reporter = make_reporter(parsed->format, out, output_options);
  reporter->begin(rules);
  RunOutcome outcome = run_scans(inputs, settings, *reporter, stderr);
  if (outcome.setup_failed) {
    if (out != stdout) std::fclose(out);
    return kExitError;
  }
  reporter->end(outcome.summary);

  bool io_ok = std::fflush(out) == 0 && !std::ferror(out);
  if (out != stdout) io_ok = std::fclose(out) == 0 && io_ok;
  if (!io_ok) {
    std::fprintf(stderr, "copydesk scan: error: cannot write the report: %s\n", std::strerror(errno));
    return kExitError;
  }
  if (baseline_writer) {
    if (!baseline_writer->finish(stderr)) return kExitError;
    std::fprintf(stderr, "copydesk scan: wrote %zu finding%s to baseline %s\n", baseline_writer->count(),
                 baseline_writer->count() == 1 ? "" : "s", parsed->write_baseline->c_str());
  }
  if (outcome.any_file_error) return kExitError;
  if (baseline_writer) return kExitClean;
  return outcome.highest_severity >= fail_threshold(fail_on) ? kExitFindings : kExitClean;
}

int run_compile(const Args& args) {
  std::optional<std::string> rules, bundle;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs("usage: copydesk compile RULES -o BUNDLE\n\n"
                 "Compiles RULES (a directory of packs, one pack or one rule file) and writes a\n"
                 "bundle that `copydesk scan --rules BUNDLE` and other hosts load without\n"
                 "recompiling. A bundle only loads in the same library version on the same kind\n"
                 "of CPU.\n", stdout);
      return kExitClean;
    }
    if (arg == "-o" || arg == "--output") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "copydesk compile: %s needs a value\n", arg.c_str());
        return kExitError;
      }
      bundle = args[++i];
    } else if (arg.rfind("--output=", 0) == 0) {
      bundle = arg.substr(9);
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "copydesk compile: unknown option '%s'\n", arg.c_str());
      return kExitError;
    } else if (rules) {
      std::fprintf(stderr, "copydesk compile: only one RULES path may be given\n");
      return kExitError;
    } else {
      rules = arg;
    }
  }
  if (!rules || !bundle || bundle->empty()) {
    std::fputs("usage: copydesk compile RULES -o BUNDLE\n", stderr);
    return kExitError;
  }
  RulesetHandle handle;
  handle.ruleset = load_ruleset(*rules, stderr);
  if (!handle.ruleset) return kExitError;
  if (copydesk_ruleset_save(handle.ruleset, bundle->c_str()) != COPYDESK_OK) {
    std::fprintf(stderr, "%s: error: %s\n", bundle->c_str(), copydesk_last_error());
    return kExitError;
  }
  std::size_t count = copydesk_ruleset_rule_count(handle.ruleset);
  std::printf("compiled %zu rule%s from %s into %s\n", count, count == 1 ? "" : "s", rules->c_str(),
              bundle->c_str());
  return kExitClean;
}

}  // namespace copydesk::cli
