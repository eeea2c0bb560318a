// What `copydesk scan` and `copydesk lsp` resolve before scanning, from flags, copydesk.toml
// and defaults (settings.h): which copydesk.toml applies, the rules (loaded), their metadata
// with [severity] overrides applied, every rule name checked, and the scan settings the
// options set. One piece of code, so an editor shows what a CI run reports.
#pragma once

#include <copydesk.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config_file.h"
#include "flags.h"
#include "scan_model.h"
#include "scan_runner.h"

namespace copydesk::cli {

// What --enable, --disable, [severity] and suppression comments may name: rule ids, packs
// (the part of an id before its first dot) and categories.
class KnownTargets {
 public:
  explicit KnownTargets(const std::vector<RuleMeta>& rules);
  bool contains(const std::string& name) const { return names_.count(name) > 0; }

 private:
  std::set<std::string> names_;
};

struct ScanSetup {
  std::shared_ptr<copydesk_ruleset> ruleset;  // freed with the last copy
  std::vector<RuleMeta> rules;                // severities after [severity] overrides
  std::shared_ptr<const KnownTargets> known;
  std::string enable, disable;                // comma-separated, for copydesk_scan_options
  // Applied in order, a later match winning: categories, then packs, then rule ids.
  std::vector<std::pair<std::string, int>> severity_overrides;
  int min_severity = COPYDESK_SEVERITY_INFO;
};

// The copydesk.toml that applies to a run that starts looking in `start`: the --config
// file, none with --no-config, else the nearest one in `start` or a parent (empty: none).
std::filesystem::path applicable_config(const ParsedArgs& flags, const std::filesystem::path& start);

// Reads `file` (nothing when empty) into `out`. `named`: the user named it (--config), so a
// missing file is an error. Returns false after printing every problem to `err`.
bool read_config(const std::filesystem::path& file, bool named, std::optional<ScanConfig>& out,
                 std::FILE* err);

// Resolves and loads everything above for `command` (`name` is how messages call it:
// "copydesk scan"). Returns nullopt after printing every problem to `err`: the rules'
// diagnostics, and each unknown rule name as "copydesk.toml:line:col: error: ...".
std::optional<ScanSetup> resolve_scan_setup(std::uint32_t command, std::string_view name,
                                            const ParsedArgs& flags, const ScanConfig* config,
                                            std::FILE* err);

// The RunSettings fields the setup decides (the ruleset, rule choice, severities, the names
// suppression comments may use); `setup` must outlive them.
RunSettings run_settings(const ScanSetup& setup);

// How the inputs are read, from --input-format, --stdin-name and --jsonl-fields (scan and
// rules diff). nullopt after printing what is wrong to `err`.
std::optional<InputOptions> input_options_from_flags(const ParsedArgs& flags, std::string_view name, std::FILE* err);

// Where the report goes: the -o/--output file (opened for writing), else stdout. nullptr after
// printing why the file cannot be written to `err` (scan and rules diff).
std::FILE* open_report_output(const ParsedArgs& flags, std::FILE* err);

// Rule metadata of a ruleset, in rule order.
std::vector<RuleMeta> read_rules(const copydesk_ruleset* ruleset);

}  // namespace copydesk::cli
