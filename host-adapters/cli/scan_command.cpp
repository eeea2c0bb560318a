// copydesk scan [PATH...]: the options resolved (flags.h, settings.h), then run_scans().
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
#include "flags.h"
#include "output_reporter.h"
#include "rule_catalog.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"
#include "scan_runner.h"
#include "scan_suppressions.h"
#include "settings.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

constexpr const char* kScanAbout =
    "usage: copydesk scan [options] PATH...\n"
    "\n"
    "Scans articles: files (any extension), directories (recursively: .txt .md .markdown\n"
    ".html .htm; hidden files and folders skipped) and - for standard input.\n";

constexpr const char* kScanExit =
    "\n"
    "exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage, rule or I/O error.\n"
    "See docs/cli.md.\n";

std::string scan_usage() { return kScanAbout + options_help(kCmdScan) + kScanExit; }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
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

}  // namespace

int run_scan(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdScan, "copydesk scan", args, stderr);
  if (!flags) return kExitError;
  if (flags->has(Opt::kHelp)) {
    std::fputs(scan_usage().c_str(), stdout);
    return kExitClean;
  }
  const std::vector<std::string>& paths = flags->positionals;
  if (paths.empty()) {
    std::fputs("copydesk scan: no input: give files, directories, or - for standard input\n\n", stderr);
    std::fputs(scan_usage().c_str(), stderr);
    return kExitError;
  }
  if (std::count(paths.begin(), paths.end(), std::string("-")) > 1) {
    std::fputs("copydesk scan: standard input (-) can be given only once\n", stderr);
    return kExitError;
  }

  // Settings: command line, then copydesk.toml, then defaults (settings.h).
  std::optional<ScanConfig> config;
  if (!read_command_config(*flags, "copydesk scan", config)) return kExitError;
  const ScanConfig* cfg = config ? &*config : nullptr;
  auto setting = [&](Opt o, std::vector<std::string> fallback = {}) {
    return resolve(o, kCmdScan, *flags, cfg, std::move(fallback));
  };

  const Setting rules_setting = setting(Opt::kRules);
  std::string rules_path = rules_setting.value();
  const bool rules_chosen = !rules_setting.empty();
  if (!rules_chosen) {
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

  // Every rule name is checked, the file's too when a flag replaces them.
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
  check_names(flags->all(Opt::kEnable), "--enable", nullptr);
  check_names(flags->all(Opt::kDisable), "--disable", nullptr);
  if (config) {
    for (Opt o : {Opt::kEnable, Opt::kDisable}) {
      const ConfigList& list = config->get(o);
      check_names(list.items, std::string(option_spec(o, kCmdScan).config_key).c_str(), &list.positions);
    }
  }

  RunSettings settings;
  settings.ruleset = ruleset;
  settings.enable = join(setting(Opt::kEnable).values());
  settings.disable = join(setting(Opt::kDisable).values());
  settings.explain = flags->has(Opt::kExplain);
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

  settings.min_severity = severity_from_name(setting(Opt::kMinSeverity, {"info"}).value());
  const std::string fail_on = setting(Opt::kFailOn, {"error"}).value();
  const std::string format = setting(Opt::kFormat, {"text"}).value();
  settings.is_known_target = [&known](const std::string& name) { return known.contains(name); };
  settings.keep_content = format == "text" || format == "html";
  const std::string jobs = setting(Opt::kJobs).value();
  settings.jobs = !jobs.empty() ? static_cast<unsigned>(std::stoul(jobs))
                                : std::max(1u, std::thread::hardware_concurrency());
  settings.progress = !flags->has(Opt::kNoProgress) && ::isatty(STDERR_FILENO) == 1;

  std::optional<Baseline> baseline;
  if (std::optional<std::string> file = flags->last(Opt::kBaseline)) {
    baseline = Baseline::load(*file, stderr);
    if (!baseline) return kExitError;
    settings.baseline = &*baseline;
  }

  // Inputs, sorted by path.
  IgnoreRules ignore = config ? IgnoreRules(config->dir, config->get(Opt::kIgnore).items) : IgnoreRules();
  InputOptions input_options;
  if (std::optional<std::string> forced = flags->last(Opt::kInputFormat))
    input_options.forced_format = parse_input_format(*forced);
  if (std::optional<std::string> name = flags->last(Opt::kStdinName)) input_options.stdin_name = *name;
  input_options.ignore = &ignore;
  std::vector<InputFile> inputs = collect_inputs(paths, input_options);
  if (inputs.empty()) {
    std::fputs("copydesk scan: warning: no articles to scan (directories are searched for .txt .md "
               ".markdown .html .htm files; copydesk.toml `ignore` may exclude some)\n", stderr);
  }

  std::FILE* out = stdout;
  const std::optional<std::string> output = flags->last(Opt::kOutput);
  if (output && *output != "-") {
    out = std::fopen(output->c_str(), "wb");
    if (!out) {
      std::fprintf(stderr, "%s: error: cannot write report: %s\n", output->c_str(), std::strerror(errno));
      return kExitError;
    }
  }
  const std::optional<std::string> write_baseline = flags->last(Opt::kWriteBaseline);
  std::optional<BaselineWriter> baseline_writer =
      write_baseline ? BaselineWriter::open(*write_baseline, stderr) : std::nullopt;
  if (write_baseline) {
    if (!baseline_writer) {
      if (out != stdout) std::fclose(out);
      return kExitError;
    }
    settings.baseline_writer = &*baseline_writer;
  }

  OutputOptions output_options;
  output_options.color = format == "text" && use_color(setting(Opt::kColor, {"auto"}).value(), out);
  output_options.explain = settings.explain;
  std::unique_ptr<Reporter> reporter = make_reporter(format, out, output_options);
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
                 baseline_writer->count() == 1 ? "" : "s", write_baseline->c_str());
  }
  if (outcome.any_file_error) return kExitError;
  if (baseline_writer) return kExitClean;
  return outcome.highest_severity >= fail_threshold(fail_on) ? kExitFindings : kExitClean;
}

}  // namespace copydesk::cli
