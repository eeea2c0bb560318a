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

  std::optional<int> read_severity(const toml::node& node, std::string_view key) {
    auto s = read_string(node, key);
    if (!s) return std::nullopt;
    int severity = severity_from_name(*s);
    if (severity == 0) {
      report(node.source(), "'" + std::string(key) + "': unknown severity '" + *s +
                                "' (expected error, warning or info)");
      return std::nullopt;
    }
    return severity;
  }

  bool ok() const { return ok_; }

 private:
  std::string file_;
  std::FILE* err_;
  bool ok_ = true;
};

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
    if (name == "rules") {
      if (auto s = reader.read_string(node, name)) {
        fs::path p(*s);
        config.rules = (p.is_absolute() ? p : config.dir / p).lexically_normal().string();
      }
    } else if (name == "enable") {
      reader.read_list(node, name, config.enable);
    } else if (name == "disable") {
      reader.read_list(node, name, config.disable);
    } else if (name == "ignore") {
      reader.read_list(node, name, config.ignore);
    } else if (name == "min_severity") {
      config.min_severity = reader.read_severity(node, name);
    } else if (name == "fail_on") {
      if (auto s = reader.read_string(node, name)) {
        if (*s == "error" || *s == "warning" || *s == "info" || *s == "none") {
          config.fail_on = *s;
        } else {
          reader.report(node.source(), "'fail_on': unknown level '" + *s +
                                           "' (expected error, warning, info or none)");
        }
      }
    } else if (name == "severity") {
      const toml::table* table = node.as_table();
      if (!table) {
        reader.report(node.source(), "'severity' must be a table of rule = \"level\"");
        continue;
      }
      for (const auto& [rule, level] : *table) {
        if (auto severity = reader.read_severity(level, rule.str())) {
          config.severity.push_back(
              {std::string(rule.str()), *severity,
               {rule.source().begin.line ? rule.source().begin.line : level.source().begin.line,
                rule.source().begin.line ? rule.source().begin.column
                                         : level.source().begin.column}});
        }
      }
    } else {
      // A key's own position is where the reader saw it; fall back to its value's.
      const toml::source_region& where = key.source().begin.line ? key.source() : node.source();
      reader.report(where, "unknown key '" + std::string(name) +
                               "' (expected rules, enable, disable, ignore, severity, "
                               "min_severity or fail_on)");
    }
  }
  if (!reader.ok()) return std::nullopt;
  return config;
}

}  // namespace copydesk::cli
