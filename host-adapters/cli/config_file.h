// copydesk.toml: the project settings of `copydesk scan`, found from the working directory
// upward (or named with --config). Which keys it has, and what they hold, is the option
// table of flags.h: every row with a config key.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "flags.h"

namespace copydesk::cli {

// Where a value was written, for "file:line:col: error: ..." messages.
struct ConfigPosition {
  std::uint32_t line = 0, column = 0;
};

struct ConfigList {
  std::vector<std::string> items;
  std::vector<ConfigPosition> positions;  // one per item
};

struct SeverityOverride {
  std::string rule;  // a rule id, a pack or a category
  int severity = 0;  // COPYDESK_SEVERITY_*
  ConfigPosition position;
};

struct ScanConfig {
  std::filesystem::path file;  // the copydesk.toml read
  std::filesystem::path dir;   // its directory: relative paths in it start here
  // The value of each option's key, checked like the flag's value; a single value is a list
  // of one. `rules` is resolved against dir.
  std::array<ConfigList, kOptCount> values;
  std::vector<SeverityOverride> severity;  // [severity]

  const ConfigList& get(Opt o) const { return values[static_cast<std::size_t>(o)]; }
};

// The nearest copydesk.toml in `start` or one of its parents; empty when there is none.
std::filesystem::path find_config(const std::filesystem::path& start);

// Reads and checks `file`. Every problem (TOML syntax, unknown key, wrong type, bad value)
// is printed to `err` as "file:line:col: error: message"; returns nullopt if there was any.
std::optional<ScanConfig> load_config(const std::filesystem::path& file, std::FILE* err);

}  // namespace copydesk::cli
