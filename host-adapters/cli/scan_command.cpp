// copydesk scan [PATH...]: the options resolved (flags.h, settings.h, scan_setup.h), then run_scans().
#include <copydesk.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include "baseline_file.h"
#include "commands.h"
#include "config_file.h"
#include "flags.h"
#include "output_reporter.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"
#include "scan_runner.h"
#include "scan_setup.h"
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

}  // namespace

int run_scan(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdScan, "copydesk scan", args, stderr);
  if (!flags) return kExitError;
  if (flags->has(Opt::kNoConfig) && flags->has(Opt::kConfig)) {
    std::fprintf(stderr, "copydesk scan: --config and --no-config cannot be used together\n");
    return kExitError;
  }
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

  // Settings: command line, then copydesk.toml, then defaults (settings.h, scan_setup.h).
  std::optional<ScanConfig> config;
  if (!read_config(applicable_config(*flags, fs::current_path()), flags->has(Opt::kConfig), config, stderr))
    return kExitError;
  const ScanConfig* cfg = config ? &*config : nullptr;
  auto setting = [&](Opt o, std::vector<std::string> fallback = {}) {
    return resolve(o, kCmdScan, *flags, cfg, std::move(fallback));
  };
  std::optional<ScanSetup> setup = resolve_scan_setup(kCmdScan, "copydesk scan", *flags, cfg, stderr);
  if (!setup) return kExitError;
  const std::vector<RuleMeta>& rules = setup->rules;

  RunSettings settings = run_settings(*setup);
  settings.explain = flags->has(Opt::kExplain);
  const std::string fail_on = setting(Opt::kFailOn, {"error"}).value();
  const std::string format = setting(Opt::kFormat, {"text"}).value();
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
  std::optional<InputOptions> read_options = input_options_from_flags(*flags, "copydesk scan", stderr);
  if (!read_options) return kExitError;
  InputOptions input_options = std::move(*read_options);
  input_options.ignore = &ignore;
  std::vector<InputFile> inputs = collect_inputs(paths, input_options);
  if (inputs.empty()) {
    std::fputs("copydesk scan: warning: no articles to scan (directories are searched for .txt .md "
               ".markdown .html .htm files; copydesk.toml `ignore` may exclude some)\n", stderr);
  }

  std::FILE* out = open_report_output(*flags, stderr);
  if (!out) return kExitError;
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
