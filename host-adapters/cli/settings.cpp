#include "settings.h"

namespace copydesk::cli {

const std::string& Setting::value() const {
  static const std::string kNone;
  return items.empty() ? kNone : items.back().value;
}

std::vector<std::string> Setting::values() const {
  std::vector<std::string> out;
  for (const SettingItem& item : items) out.push_back(item.value);
  return out;
}

Setting resolve(Opt option, std::uint32_t command, const ParsedArgs& flags, const ScanConfig* config,
                std::vector<std::string> fallback) {
  const OptionSpec& spec = option_spec(option, command);
  Setting s;
  const bool list = spec.kind == ValueKind::kNameList;
  const auto& given = flags.all(option);
  if (!given.empty()) {
    s.from_flag = true;
    if (list) {
      for (const std::string& v : given) s.items.push_back({v, std::nullopt});
    } else {
      s.items.push_back({given.back(), std::nullopt});  // the last one wins
    }
  }
  if (config && !spec.config_key.empty() && (s.items.empty() || spec.merge == Merge::kAppend)) {
    const ConfigList& c = config->get(option);
    for (std::size_t i = 0; i < c.items.size(); ++i) s.items.push_back({c.items[i], c.positions[i]});
    s.from_config = !c.items.empty();
  }
  if (s.items.empty())
    for (std::string& v : fallback) s.items.push_back({std::move(v), std::nullopt});
  return s;
}

}  // namespace copydesk::cli
