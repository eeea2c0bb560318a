// The one resolution step of an option's value: the command line, then copydesk.toml, then
// the default, combined as the option table says (flags.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config_file.h"
#include "flags.h"

namespace copydesk::cli {

// One value and where it came from (a config position, or none for a flag or a default).
struct SettingItem {
  std::string value;
  std::optional<ConfigPosition> position;
};

struct Setting {
  std::vector<SettingItem> items;  // empty: unset and no default
  bool from_flag = false;          // the command line gave (some of) the items
  bool from_config = false;

  bool empty() const { return items.empty(); }
  // The single value of a one-valued option ("" when unset).
  const std::string& value() const;
  std::vector<std::string> values() const;
};

// `option` for `command`: flags, then `config` (null: none read), then `fallback`.
Setting resolve(Opt option, std::uint32_t command, const ParsedArgs& flags, const ScanConfig* config,
                std::vector<std::string> fallback = {});

}  // namespace copydesk::cli
