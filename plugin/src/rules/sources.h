// Rule sources held in memory. The compiler reads every file of a pack up front
// into a SourceUnit; building the model then never touches the disk, and a
// compiled bundle can carry the same units to rebuild the rule data on load.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace copydesk::detail {

struct SourceUnit {
  enum class Kind : int { kPackDir = 0, kRuleFile = 1, kString = 2 };
  Kind kind = Kind::kPackDir;
  std::string dir;                           // kPackDir/kRuleFile: the pack folder ("" for strings)
  std::string origin;                        // kRuleFile: the rule file; kString: the origin name
  std::map<std::string, std::string> files;  // path -> content (pack.toml, rule files, lists)
};

// Reads `path` (a folder of packs, one pack folder, or one .toml file) into units.
// Throws copydesk::Error(COPYDESK_E_IO) when nothing readable is there.
std::vector<SourceUnit> read_sources(const std::string& path);

}  // namespace copydesk::detail
