#include "rules/sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "copydesk.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace copydesk::detail {

namespace {

// Rule sources are small text files; anything bigger is a mistake, not a rule.
constexpr std::uintmax_t kMaxSourceFileBytes = 64u << 20;

std::string read_file(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) throw Error(COPYDESK_E_IO, p.string() + ": cannot read: " + ec.message());
  if (size > kMaxSourceFileBytes) throw Error(COPYDESK_E_LIMIT, p.string() + ": file too large for a rule source");
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

void add_lists(const fs::path& pack_dir, SourceUnit& unit) {
  fs::path lists = pack_dir / "lists";
  std::error_code ec;
  if (!fs::is_directory(lists, ec)) return;
  for (const fs::path& p : sorted_entries(lists)) {
    if (fs::is_regular_file(p, ec)) unit.files[p.lexically_normal().string()] = read_file(p);
  }
}

SourceUnit read_pack_dir(const fs::path& dir) {
  SourceUnit unit;
  unit.kind = SourceUnit::Kind::kPackDir;
  unit.dir = dir.string();
  std::error_code ec;
  for (const fs::path& p : sorted_entries(dir)) {
    if (p.extension() == ".toml" && fs::is_regular_file(p, ec)) unit.files[p.lexically_normal().string()] = read_file(p);
  }
  add_lists(dir, unit);
  return unit;
}

}  // namespace

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
    unit.origin = p.lexically_normal().string();
    unit.files[p.lexically_normal().string()] = read_file(p);
    fs::path pack = dir / "pack.toml";
    if (p.filename() != "pack.toml" && fs::is_regular_file(pack, ec))
      unit.files[(p.parent_path() / "pack.toml").lexically_normal().string()] = read_file(pack);
    add_lists(dir, unit);
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
