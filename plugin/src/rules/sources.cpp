#include "rules/sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "copydesk.h"
#include "rules/limits.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace copydesk::detail {

namespace {

std::string read_file(const fs::path& p, std::uintmax_t max_bytes) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) throw Error(COPYDESK_E_IO, p.string() + ": cannot read: " + ec.message());
  if (size > max_bytes)
    throw Error(COPYDESK_E_LIMIT, p.string() + ": " + std::to_string(size) + " bytes, more than the " +
                                      std::to_string(max_bytes) + " a rule source may have");
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(COPYDESK_E_IO, p.string() + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) out.push_back(it->path());
  if (ec) throw Error(COPYDESK_E_IO, dir.string() + ": cannot list: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

// Is `p` (canonical) `root` or below it?
bool inside(const fs::path& p, const fs::path& root) {
  fs::path rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

std::string canonical_root(const fs::path& dir) {
  std::error_code ec;
  fs::path root = fs::canonical(dir.empty() ? fs::path(".") : dir, ec);
  if (ec) throw Error(COPYDESK_E_IO, dir.string() + ": cannot resolve: " + ec.message());
  return root.string();
}

// A TOML file of the pack: read when it stays inside the pack folder, else refused.
void add_toml(const fs::path& p, SourceUnit& unit) {
  std::string key = p.lexically_normal().string();
  std::error_code ec;
  fs::path real = fs::canonical(p, ec);
  if (ec || !inside(real, unit.root)) {
    unit.refused.emplace_back(key, "a symlink leading out of the pack folder is not read");
    return;
  }
  try {
    unit.files[key] = read_file(real, SourceLimits::kMaxTomlBytes);
  } catch (const Error& e) {
    unit.refused.emplace_back(key, e.what());
  }
}

void note_lists(const fs::path& pack_dir, SourceUnit& unit) {
  fs::path lists = pack_dir / "lists";
  std::error_code ec;
  if (!fs::is_directory(lists, ec)) return;
  for (const fs::path& p : sorted_entries(lists)) {
    if (fs::is_regular_file(p, ec)) unit.list_files.push_back(p.lexically_normal().string());
  }
}

SourceUnit read_pack_dir(const fs::path& dir) {
  SourceUnit unit;
  unit.kind = SourceUnit::Kind::kPackDir;
  unit.dir = dir.string();
  unit.root = canonical_root(dir);
  std::error_code ec;
  for (const fs::path& p : sorted_entries(dir)) {
    if (p.extension() == ".toml" && fs::is_regular_file(p, ec)) add_toml(p, unit);
  }
  note_lists(dir, unit);
  return unit;
}

}  // namespace

const std::string* SourceUnit::file(const std::string& rel, std::string& path, std::string& why) const {
  fs::path r(rel);
  fs::path base = fs::path(dir).lexically_normal();
  path = (fs::path(dir) / r).lexically_normal().string();
  fs::path within = fs::path(path).lexically_relative(base.empty() ? fs::path(".") : base);
  if (r.is_absolute() || rel.empty() || within.empty() || *within.begin() == "..") {
    why = "it is outside the pack folder";
    return nullptr;
  }
  if (auto it = files.find(path); it != files.end()) return &it->second;
  if (root.empty()) {
    why = "not found (looked for " + path + ")";
    return nullptr;
  }
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec || !fs::is_regular_file(real, ec)) {
    why = "not found (looked for " + path + ")";
    return nullptr;
  }
  if (!inside(real, root)) {
    why = "it leads out of the pack folder (" + path + " is a link to " + real.string() + ")";
    return nullptr;
  }
  try {
    return &files.emplace(path, read_file(real, SourceLimits::kMaxListBytes)).first->second;
  } catch (const Error& e) {
    why = e.what();
    return nullptr;
  }
}

std::vector<SourceUnit> read_sources(const std::string& path) {
  fs::path p(path);
  std::error_code ec;
  if (!fs::exists(p, ec)) throw Error(COPYDESK_E_IO, path + ": no such file or directory");
  std::vector<SourceUnit> units;
  if (fs::is_regular_file(p, ec)) {
    // One rule file; its pack.toml (if any) and lists come from its folder.
    SourceUnit unit;
    unit.kind = SourceUnit::Kind::kRuleFile;
    fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    unit.dir = p.parent_path().string();
    unit.root = canonical_root(dir);
    unit.origin = p.lexically_normal().string();
    try {
      unit.files[unit.origin] = read_file(p, SourceLimits::kMaxTomlBytes);
    } catch (const Error& e) {
      unit.refused.emplace_back(unit.origin, e.what());
    }
    fs::path pack = dir / "pack.toml";
    if (p.filename() != "pack.toml" && fs::is_regular_file(pack, ec)) add_toml(p.parent_path() / "pack.toml", unit);
    note_lists(dir, unit);
    units.push_back(std::move(unit));
    return units;
  }
  if (!fs::is_directory(p, ec)) throw Error(COPYDESK_E_IO, path + ": not a file or directory");
  if (fs::is_regular_file(p / "pack.toml", ec)) {
    units.push_back(read_pack_dir(p));
    return units;
  }
  for (const fs::path& sub : sorted_entries(p)) {
    if (fs::is_directory(sub, ec) && fs::is_regular_file(sub / "pack.toml", ec)) units.push_back(read_pack_dir(sub));
  }
  if (units.empty()) throw Error(COPYDESK_E_IO, path + ": no rule packs here (no folder with a pack.toml)");
  return units;
}

}  // namespace copydesk::detail
