// copydesk explain FILE: why each finding in FILE was reported.
#include <copydesk.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "commands.h"
#include "flags.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

void explain_usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk explain FILE [--rules PATH] [--input-format auto|text|markdown|html]\n"
      "\n"
      "Scan FILE (- for stdin) and print, for each finding,\n"
      "  path:line:col: severity: message [rule-id]\n"
      "followed by the explanation, indented: the term or pattern that matched, its folded\n"
      "form, which conditions held and which exclusions were checked.\n"
      "Exit status: 0 explained (with or without findings), 2 unreadable file, rule errors or\n"
      "bad usage.\n",
      out);
  std::fputs(options_help(kCmdExplain).c_str(), out);
}

bool read_whole(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    errno = EISDIR;
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int run_explain(const Args& args) {
  std::optional<ParsedArgs> flags = parse_args(kCmdExplain, "copydesk explain", args, stderr);
  if (!flags) return 2;
  if (flags->has(Opt::kHelp)) {
    explain_usage(stdout);
    return 0;
  }
  if (flags->positionals.size() > 1) {
    std::fprintf(stderr, "copydesk explain: one FILE only ('%s')\n", flags->positionals[1].c_str());
    return 2;
  }
  if (flags->positionals.empty()) {
    explain_usage(stderr);
    return 2;
  }
  const std::string& file = flags->positionals[0];
  std::string rules_path = flags->last(Opt::kRules).value_or(default_rules_path());
  if (rules_path.empty()) {
    std::fprintf(stderr, "copydesk explain: no rules found: pass --rules PATH or set COPYDESK_RULES\n");
    return 2;
  }
  const InputFormat format = parse_input_format(flags->last(Opt::kInputFormat).value_or("auto")).value_or(InputFormat::automatic);
  if (format == InputFormat::segments || parse_archive_format(flags->last(Opt::kInputFormat).value_or(""))) {
    std::fprintf(stderr, "copydesk explain: segments and archive inputs are not explained here; use copydesk scan --explain\n");
    return 2;
  }
  const int input_format = library_format(format);

  std::string text;
  if (!read_whole(file, text)) {
    std::fprintf(stderr, "%s: error: cannot read: %s\n", file.c_str(), std::strerror(errno));
    return 2;
  }
  RulesetHandle rules;
  rules.ruleset = load_ruleset(rules_path, stderr);
  if (!rules.ruleset) return 2;
  copydesk_scanner* scanner = nullptr;
  if (copydesk_scanner_new(&scanner, rules.ruleset) != COPYDESK_OK) {
    std::fprintf(stderr, "error: cannot create a scanner: %s\n", copydesk_last_error());
    return 2;
  }
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  opts.input_format = input_format;
  opts.flags |= COPYDESK_SCAN_EXPLAIN;
  copydesk_findings* findings = nullptr;
  int status = copydesk_scanner_scan(&findings, scanner, text.data(), text.size(), &opts);
  int exit_code = 0;
  const char* shown = file == "-" ? "<stdin>" : file.c_str();
  if (status != COPYDESK_OK) {
    std::fprintf(stderr, "%s: error: %s\n", shown, copydesk_last_error());
    exit_code = 2;
  } else {
    size_t n = copydesk_findings_count(findings);
    for (size_t i = 0; i < n; ++i) {
      copydesk_finding f;
      f.version = COPYDESK_FINDING_VERSION;
      if (copydesk_findings_get(&f, findings, i) != COPYDESK_OK) continue;
      std::printf("%s:%u:%u: %s: %s [%s]\n", shown, f.line, f.column, severity_name(f.severity),
                  f.message ? f.message : "", f.rule_id ? f.rule_id : "");
      const char* why = copydesk_findings_explain(findings, i);
      std::istringstream lines(why ? why : "");
      for (std::string line; std::getline(lines, line);) std::printf("    %s\n", line.c_str());
    }
    if (n == 0) std::printf("%s: no findings\n", shown);
    if (copydesk_findings_truncated(findings))
      std::printf("%s: more findings were dropped (max_findings)\n", shown);
  }
  copydesk_findings_free(findings);
  copydesk_scanner_free(scanner);
  return exit_code;
}

}  // namespace copydesk::cli
