#include "scan_setup.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ruleset_loader.h"
#include "scan_suppressions.h"
#include "settings.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Loads the rules; the compiler's warnings are shown only when `show_warnings` (rules the
// user chose) or when loading fails. Warnings about the shipped packs are for their
// authors (`copydesk rules check`), not for every scan.
copydesk_ruleset* load_rules(const std::string& path, bool show_warnings, std::FILE* err) {
  if (show_warnings) return load_ruleset(path, err);
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* capture = open_memstream(&buffer, &size);
  if (!capture) return load_ruleset(path, err);
  copydesk_ruleset* ruleset = load_ruleset(path, capture);
  std::fclose(capture);
  if (!ruleset) std::fwrite(buffer, 1, size, err);
  std::free(buffer);
  return ruleset;
}

}  // namespace

KnownTargets::KnownTargets(const std::vector<RuleMeta>& rules) {
  for (const RuleMeta& rule : rules) {
    names_.insert(rule.id);
    names_.insert(rule.category);
    names_.insert(rule.id.substr(0, rule.id.find('.')));
  }
}

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
                     str(info.languages), info.severity, str(info.pack), str(info.pack_version),
                     str(info.publish)});
  }
  return rules;
}

fs::path applicable_config(const ParsedArgs& flags, const fs::path& start) {
  if (flags.has(Opt::kNoConfig)) return {};
  if (std::optional<std::string> named = flags.last(Opt::kConfig)) return *named;
  return find_config(start);
}

bool read_config(const fs::path& file, bool named, std::optional<ScanConfig>& out, std::FILE* err) {
  out.reset();
  if (file.empty()) return true;
  std::error_code ec;
  if (named && !fs::is_regular_file(file, ec)) {
    std::fprintf(err, "%s: error: cannot read config file\n", file.string().c_str());
    return false;
  }
  out = load_config(file, err);
  return out.has_value();
}

std::optional<ScanSetup> resolve_scan_setup(std::uint32_t command, std::string_view name,
                                            const ParsedArgs& flags, const ScanConfig* config,
                                            std::FILE* err) {
  auto setting = [&](Opt o, std::vector<std::string> fallback = {}) {
    return resolve(o, command, flags, config, std::move(fallback));
  };
  const std::string tool(name);

  const Setting rules_setting = setting(Opt::kRules);
  std::string rules_path = rules_setting.value();
  const bool rules_chosen = !rules_setting.empty();
  if (!rules_chosen) {
    rules_path = default_rules_path();
    if (rules_path.empty()) {
      std::fprintf(err, "%s: error: no rule packs found (none installed next to the tool or in its prefix, "
                   "COPYDESK_RULES unset); pass --rules PATH\n", tool.c_str());
      return std::nullopt;
    }
  }
  ScanSetup setup;
  setup.ruleset.reset(load_rules(rules_path, rules_chosen, err), copydesk_ruleset_free);
  if (!setup.ruleset) return std::nullopt;
  setup.rules = read_rules(setup.ruleset.get());
  auto known = std::make_shared<KnownTargets>(setup.rules);
  setup.known = known;

  // Every rule name is checked, the file's too when a flag replaces them.
  bool names_ok = true;
  auto check_names = [&](const std::vector<std::string>& names, const char* what,
                         const std::vector<ConfigPosition>* positions) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (known->contains(names[i])) continue;
      names_ok = false;
      if (positions) {
        std::fprintf(err, "%s:%u:%u: error: %s: unknown rule, pack or category '%s'\n",
                     config->file.string().c_str(), (*positions)[i].line, (*positions)[i].column,
                     what, names[i].c_str());
      } else {
        std::fprintf(err, "%s: error: %s: unknown rule, pack or category '%s'\n", tool.c_str(), what,
                     names[i].c_str());
      }
    }
  };
  check_names(flags.all(Opt::kEnable), "--enable", nullptr);
  check_names(flags.all(Opt::kDisable), "--disable", nullptr);
  if (config) {
    for (Opt o : {Opt::kEnable, Opt::kDisable}) {
      const ConfigList& list = config->get(o);
      check_names(list.items, std::string(option_spec(o, command).config_key).c_str(), &list.positions);
    }
  }

  setup.enable = join(setting(Opt::kEnable).values());
  setup.disable = join(setting(Opt::kDisable).values());
  if (config) {
    // Categories first, then packs, then rule ids: the most specific override wins.
    std::vector<std::pair<std::string, int>> by_category, by_pack, by_rule;
    for (const SeverityOverride& o : config->severity) {
      if (!known->contains(o.rule)) {
        std::fprintf(err, "%s:%u:%u: error: severity: unknown rule, pack or category '%s'\n",
                     config->file.string().c_str(), o.position.line, o.position.column, o.rule.c_str());
        names_ok = false;
        continue;
      }
      bool is_rule = false, is_category = false;
      for (const RuleMeta& rule : setup.rules) {
        is_rule |= rule.id == o.rule;
        is_category |= rule.category == o.rule;
      }
      (is_rule ? by_rule : is_category ? by_category : by_pack).emplace_back(o.rule, o.severity);
    }
    for (auto* group : {&by_category, &by_pack, &by_rule})
      setup.severity_overrides.insert(setup.severity_overrides.end(), group->begin(), group->end());
  }
  if (!names_ok) return std::nullopt;
  for (RuleMeta& rule : setup.rules)
    for (const auto& [target, severity] : setup.severity_overrides)
      if (target_covers(target, rule.id, rule.category)) rule.severity = severity;
  setup.min_severity = severity_from_name(setting(Opt::kMinSeverity, {"info"}).value());
  return setup;
}

std::optional<InputOptions> input_options_from_flags(const ParsedArgs& flags, std::string_view name, std::FILE* err) {
  InputOptions options;
  if (std::optional<std::string> forced = flags.last(Opt::kInputFormat)) {
    options.forced_format = parse_input_format(*forced);
    options.forced_archive = parse_archive_format(*forced);
  }
  auto fields = std::make_shared<JsonlFields>();
  std::string problem;
  if (!parse_jsonl_fields(flags.all(Opt::kJsonlFields), *fields, problem)) {
    std::fprintf(err, "%.*s: --jsonl-fields: %s\n", static_cast<int>(name.size()), name.data(), problem.c_str());
    return std::nullopt;
  }
  options.jsonl_fields = std::move(fields);
  if (std::optional<std::string> stdin_name = flags.last(Opt::kStdinName)) options.stdin_name = *stdin_name;
  return options;
}

RunSettings run_settings(const ScanSetup& setup) {
  RunSettings settings;
  settings.ruleset = setup.ruleset.get();
  settings.enable = setup.enable;
  settings.disable = setup.disable;
  settings.severity_overrides = setup.severity_overrides;
  settings.min_severity = setup.min_severity;
  const KnownTargets* known = setup.known.get();
  settings.is_known_target = [known](const std::string& name) { return known->contains(name); };
  return settings;
}

std::FILE* open_report_output(const ParsedArgs& flags, std::FILE* err) {
  const std::optional<std::string> output = flags.last(Opt::kOutput);
  if (!output || *output == "-") return stdout;
  std::FILE* out = std::fopen(output->c_str(), "wb");
  if (!out) std::fprintf(err, "%s: error: cannot write report: %s\n", output->c_str(), std::strerror(errno));
  return out;
}

}  // namespace copydesk::cli
