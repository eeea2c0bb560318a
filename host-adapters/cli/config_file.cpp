#include "config_file.h"

#include <toml++/toml.h>

#include <string_view>

#include "ruleset_loader.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

constexpr std::string_view kConfigName = "copydesk.toml";

class ConfigReader {
 public:
  ConfigReader(const fs::path& file, std::FILE* err) : file_(file.string()), err_(err) {}

  void report(const toml::source_region& where, const std::string& message) {
    std::fprintf(err_, "%s:%u:%u: error: %s\n", file_.c_str(), where.begin.line, where.begin.column,
                 message.c_str());
    ok_ = false;
  }

  std::optional<std::string> read_string(const toml::node& node, std::string_view key) {
    if (auto s = node.value<std::string>()) return *s;
    report(node.source(), "'" + std::string(key) + "' must be a string");
    return std::nullopt;
  }

  // One value checked like the flag's value would be.
  void read_value(const toml::node& node, std::string_view key, ValueKind kind, ConfigList& out) {
    auto s = read_string(node, key);
    if (!s) return;
    if (auto problem = check_value(kind, *s)) {
      report(node.source(), "'" + std::string(key) + "': " + *problem);
      return;
    }
    out.items.push_back(*s);
    out.positions.push_back({node.source().begin.line, node.source().begin.column});
  }

  void read_list(const toml::node& node, std::string_view key, ConfigList& out) {
    const toml::array* array = node.as_array();
    if (!array) {
      report(node.source(), "'" + std::string(key) + "' must be an array of strings");
      return;
    }
    for (const toml::node& item : *array) {
      auto s = item.value<std::string>();
      if (!s || s->empty()) {
        report(item.source(), "'" + std::string(key) + "' must hold non-empty strings");
        continue;
      }
      out.items.push_back(*s);
      out.positions.push_back({item.source().begin.line, item.source().begin.column});
    }
  }

  void read_severity_table(const toml::node& node, std::vector<SeverityOverride>& out) {
    const toml::table* table = node.as_table();
    if (!table) {
      report(node.source(), "'severity' must be a table of rule = \"level\"");
      return;
    }
    for (const auto& [rule, level] : *table) {
      ConfigList one;
      read_value(level, rule.str(), ValueKind::kSeverity, one);
      if (one.items.empty()) continue;
      // A key's own position is where the reader saw it; fall back to its value's.
      const bool keyed = rule.source().begin.line != 0;
      out.push_back({std::string(rule.str()), severity_from_name(one.items[0]),
                     {keyed ? rule.source().begin.line : level.source().begin.line,
                      keyed ? rule.source().begin.column : level.source().begin.column}});
    }
  }

  bool ok() const { return ok_; }

 private:
  std::string file_;
  std::FILE* err_;
  bool ok_ = true;
};

const OptionSpec* spec_for_key(std::string_view key) {
  for (const OptionSpec& o : option_table())
    if (o.config_key == key) return &o;
  return nullptr;
}

}  // namespace

fs::path find_config(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return {};
  while (true) {
    fs::path candidate = dir / kConfigName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

std::optional<ScanConfig> load_config(const fs::path& file, std::FILE* err) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    const toml::source_position& at = e.source().begin;
    std::fprintf(err, "%s:%u:%u: error: %.*s\n", file.string().c_str(), at.line, at.column,
                 static_cast<int>(e.description().size()), e.description().data());
    return std::nullopt;
  }

  ConfigReader reader(file, err);
  ScanConfig config;
  std::error_code ec;
  config.file = file;
  config.dir = fs::absolute(file, ec).parent_path();

  for (const auto& [key, node] : root) {
    const std::string_view name = key.str();
    const OptionSpec* spec = spec_for_key(name);
    if (!spec) {
      const toml::source_region& where = key.source().begin.line ? key.source() : node.source();
      reader.report(where, "unknown key '" + std::string(name) + "' (expected " + config_keys_text() + ")");
      continue;
    }
    ConfigList& out = config.values[static_cast<std::size_t>(spec->id)];
    if (spec->kind == ValueKind::kSeverityTable) {
      reader.read_severity_table(node, config.severity);
    } else if (spec->kind == ValueKind::kNameList) {
      reader.read_list(node, name, out);
    } else {
      reader.read_value(node, name, spec->kind, out);
    }
  }
  // Paths in the file are relative to the file's own directory.
  for (std::string& rules : config.values[static_cast<std::size_t>(Opt::kRules)].items) {
    fs::path p(rules);
    rules = (p.is_absolute() ? p : config.dir / p).lexically_normal().string();
  }
  if (!reader.ok()) return std::nullopt;
  return config;
}

}  // namespace copydesk::cli
