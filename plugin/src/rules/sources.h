// Rule sources held in memory. The compiler reads the TOML files of a pack up
// front into a SourceUnit; list files are read when a rule or term set names
// them (only those, and only inside the pack folder). A compiled bundle carries
// the same units, with what was read, to rebuild the rule data on load.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace copydesk::detail {

struct SourceUnit {
  enum class Kind : int { kPackDir = 0, kRuleFile = 1, kString = 2 };
  Kind kind = Kind::kPackDir;
  std::string dir;     // kPackDir/kRuleFile: the pack folder ("" for strings)
  std::string origin;  // kRuleFile: the rule file; kString: the origin name
  // path -> content (pack.toml, rule files, the lists read). Mutable: lists are added
  // when first named (file()), during the build that owns the unit.
  mutable std::map<std::string, std::string> files;
  // On disk only (never in a bundle): the pack folder, canonical; the files of its lists/
  // folder (read or not, for the unused-list warning); files refused while reading
  // (path, reason), reported as errors by the build.
  std::string root;
  std::vector<std::string> list_files;
  std::vector<std::pair<std::string, std::string>> refused;

  // The content of `path` ((dir / rel).lexically_normal()): from `files`, else read now
  // from the pack folder. Null with `why` set when it is missing, too large, or outside
  // the pack folder (`..`, an absolute path, a symlink leading out).
  const std::string* file(const std::string& rel, std::string& path, std::string& why) const;
};

// Reads `path` (a folder of packs, one pack folder, or one .toml file) into units.
// Throws copydesk::Error(COPYDESK_E_IO) when nothing readable is there.
std::vector<SourceUnit> read_sources(const std::string& path);

}  // namespace copydesk::detail
