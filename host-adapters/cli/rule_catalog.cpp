#include "rule_catalog.h"

namespace copydesk::cli {

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
                     str(info.languages), info.severity, str(info.pack), str(info.pack_version)});
  }
  return rules;
}

KnownTargets::KnownTargets(const std::vector<RuleMeta>& rules) {
  for (const RuleMeta& rule : rules) {
    names_.insert(rule.id);
    names_.insert(rule.category);
    names_.insert(rule.id.substr(0, rule.id.find('.')));
  }
}

}  // namespace copydesk::cli
