// What a loaded ruleset holds, read through the C ABI: its rules, and the names (rule ids,
// packs, categories) that --enable, --disable, [severity], suppression comments and the
// options of `copydesk serve` may use.
#pragma once

#include <copydesk.h>

#include <set>
#include <string>
#include <vector>

#include "scan_model.h"

namespace copydesk::cli {

std::vector<RuleMeta> read_rules(const copydesk_ruleset* ruleset);

class KnownTargets {
 public:
  explicit KnownTargets(const std::vector<RuleMeta>& rules);
  bool contains(const std::string& name) const { return names_.count(name) > 0; }

 private:
  std::set<std::string> names_;
};

}  // namespace copydesk::cli
