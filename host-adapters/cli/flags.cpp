#include "flags.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "ruleset_loader.h"
#include "scan_inputs.h"

namespace copydesk::cli {

namespace {

constexpr std::uint32_t kCmdRules = kCmdRulesCheck | kCmdRulesTest | kCmdRulesProfile | kCmdRulesDiff;
constexpr std::uint32_t kCmdAll =
    kCmdScan | kCmdCompile | kCmdRules | kCmdExplain | kCmdLexiconImportUn | kCmdLsp | kCmdServe;

using K = ValueKind;

const std::vector<OptionSpec> kTable = {
    // id, commands, long, short, alias, value, kind, config key, merge, group, help
    {Opt::kRules, kCmdScan | kCmdExplain | kCmdLsp | kCmdServe, "rules", 0, "", "PATH", K::kText, "rules", Merge::kReplace, "rules",
     "rule packs: a directory of packs, one pack, one rule file or a\n"
     "bundle from `copydesk compile` (default: the shipped packs)"},
    {Opt::kEnable, kCmdScan | kCmdLsp, "enable", 0, "", "LIST", K::kNameList, "enable", Merge::kReplace, "rules",
     "only these rule ids, packs or categories (comma-separated; repeatable)"},
    {Opt::kDisable, kCmdScan | kCmdLsp, "disable", 0, "", "LIST", K::kNameList, "disable", Merge::kAppend, "rules",
     "skip these rule ids, packs or categories (comma-separated; repeatable)"},
    {Opt::kIgnore, 0, "", 0, "", "", K::kNameList, "ignore", Merge::kReplace, "", ""},
    {Opt::kSeverity, 0, "", 0, "", "", K::kSeverityTable, "severity", Merge::kReplace, "", ""},
    {Opt::kMinSeverity, kCmdScan | kCmdLsp, "min-severity", 0, "", "LEVEL", K::kSeverity, "min_severity", Merge::kReplace,
     "rules", "drop findings below LEVEL: info (default), warning, error"},
    {Opt::kConfig, kCmdScan | kCmdLsp | kCmdServe, "config", 0, "", "FILE", K::kText, "", Merge::kReplace, "rules",
     "read settings from FILE instead of the nearest copydesk.toml"},
    {Opt::kNoConfig, kCmdScan | kCmdLsp | kCmdServe, "no-config", 0, "", "", K::kSwitch, "", Merge::kReplace, "rules",
     "do not read any copydesk.toml"},
    {Opt::kBase, kCmdRulesDiff, "base", 0, "", "RULES", K::kText, "", Merge::kReplace, "rules",
     "the rules as they are: packs, a pack, a rule file or a bundle"},
    {Opt::kCandidate, kCmdRulesDiff, "candidate", 0, "", "RULES", K::kText, "", Merge::kReplace, "rules",
     "the rules as they would be"},
    {Opt::kInputFormat, kCmdScan | kCmdExplain | kCmdRulesDiff, "input-format", 0, "", "FORMAT", K::kInputFormat, "",
     Merge::kReplace, "input",
     "auto, text, markdown or html (default: from the extension), or\n"
     "segments: each input is a JSON file {\"segments\": [...]} (docs/cli.md),\n"
     "or an archive: jsonl (one article a line) or wxr (a WordPress export)"},
    {Opt::kJsonlFields, kCmdScan | kCmdRulesDiff, "jsonl-fields", 0, "", "MAP", K::kNameList, "", Merge::kReplace, "input",
     "JSON Lines field names, PART=FIELD comma-separated (PART: id, title,\n"
     "body, format, date, language, url; default: the same names)"},
    {Opt::kStdinName, kCmdScan | kCmdRulesDiff, "stdin-name", 0, "", "NAME", K::kText, "", Merge::kReplace, "input",
     "the path shown for standard input (default: <stdin>)"},
    {Opt::kFormat, kCmdScan, "format", 0, "", "FORMAT", K::kReportFormat, "", Merge::kReplace, "output",
     "text (default), json, jsonl, sarif, github or html"},
    {Opt::kDiffFormat, kCmdRulesDiff, "format", 0, "", "FORMAT", K::kDiffFormat, "", Merge::kReplace, "output",
     "text (default), json or html"},
    {Opt::kExamples, kCmdRulesDiff, "examples", 0, "", "N", K::kCountValue, "", Merge::kReplace, "output",
     "examples shown per rule and change (default: 3)"},
    {Opt::kOutput, kCmdScan | kCmdRulesDiff, "output", 'o', "", "FILE", K::kText, "", Merge::kReplace, "output",
     "write the report to FILE instead of standard output"},
    {Opt::kColor, kCmdScan, "color", 0, "colour", "WHEN", K::kColor, "", Merge::kReplace, "output",
     "auto (default: on a terminal, unless NO_COLOR is set), always, never"},
    {Opt::kExplain, kCmdScan, "explain", 0, "", "", K::kSwitch, "", Merge::kReplace, "output",
     "say why each finding was reported"},
    {Opt::kNoProgress, kCmdScan | kCmdRulesDiff, "no-progress", 0, "", "", K::kSwitch, "", Merge::kReplace, "output",
     "no progress line on standard error"},
    {Opt::kFailOn, kCmdScan, "fail-on", 0, "", "LEVEL", K::kFailOn, "fail_on", Merge::kReplace, "results",
     "exit 1 if a finding is at or above LEVEL: error (default),\nwarning, info or none"},
    {Opt::kBaseline, kCmdScan, "baseline", 0, "", "FILE", K::kText, "", Merge::kReplace, "results",
     "report only findings not in FILE"},
    {Opt::kWriteBaseline, kCmdScan, "write-baseline", 0, "", "FILE", K::kText, "", Merge::kReplace, "results",
     "record every finding in FILE (exit 0 unless an error occurs)"},
    {Opt::kFailOnRemoved, kCmdRulesDiff, "fail-on-removed", 0, "", "CATEGORY", K::kNameList, "", Merge::kReplace,
     "results", "exit 1 if a finding of CATEGORY (a category, pack or rule id;\n"
     "comma-separated; repeatable) is removed"},
    {Opt::kMaxAdded, kCmdRulesDiff, "max-added", 0, "", "N", K::kCountValue, "", Merge::kReplace, "results",
     "exit 1 if more than N findings are added"},
    {Opt::kJobs, kCmdScan | kCmdRulesDiff, "jobs", 'j', "", "N", K::kJobs, "", Merge::kReplace, "results",
     "scan N files in parallel (default: all cores)"},
    {Opt::kBundleOutput, kCmdCompile, "output", 'o', "", "BUNDLE", K::kText, "", Merge::kReplace, "options",
     "the bundle to write"},
    {Opt::kKeyFile, kCmdScan | kCmdCompile | kCmdRules | kCmdExplain | kCmdLsp | kCmdServe, "key-file", 0, "",
     "FILE", K::kText, "", Merge::kReplace, "rules",
     "authenticated bundles: `compile` signs with the key in FILE\n"
     "(HMAC-SHA-256; at least 16 bytes), the others load only bundles\n"
     "signed with it (docs/abi.md, \"Bundles\")"},
    {Opt::kCorpus, kCmdRulesProfile, "corpus", 0, "", "DIR", K::kText, "", Merge::kReplace, "options",
     "articles to profile on (default: the rules' own examples)"},
    {Opt::kRepeat, kCmdRulesProfile, "repeat", 0, "", "N", K::kPositive, "", Merge::kReplace, "options",
     "best of N runs for each timing (default: 5)"},
    {Opt::kLexiconOutput, kCmdLexiconImportUn, "output", 'o', "", "DIR", K::kText, "", Merge::kReplace,
     "options", "where to write the lists (default: rules/extremism/lists)"},
    {Opt::kRegimes, kCmdLexiconImportUn, "regimes", 0, "", "LIST", K::kNameList, "", Merge::kReplace, "options",
     "reference-number prefixes to import (comma-separated; default: QDe)"},
    {Opt::kDelisted, kCmdLexiconImportUn, "delisted", 0, "", "LIST", K::kNameList, "", Merge::kReplace, "options",
     "reference numbers removed from the list since FILE was published (comma-separated)"},
    {Opt::kDocsUrl, kCmdLsp, "docs-url", 0, "", "URL", K::kText, "", Merge::kReplace, "editor",
     "where a diagnostic's rule id links: {rule}, {pack} and {category}\n"
     "are filled in, else the rule id is appended (default: the\n"
     "rule's own .toml file)"},
    {Opt::kDebounce, kCmdLsp, "debounce", 0, "", "MS", K::kMilliseconds, "", Merge::kReplace, "editor",
     "check a document MS milliseconds after the last change (default: 200)"},
    {Opt::kListen, kCmdServe, "listen", 0, "", "ADDR:PORT", K::kListen, "serve.listen", Merge::kReplace, "service",
     "where to listen (default: 127.0.0.1:8765; port 0: any free port);\n"
     "an address other than loopback needs --token-file"},
    {Opt::kTokenFile, kCmdServe, "token-file", 0, "", "FILE", K::kText, "serve.token_file", Merge::kReplace,
     "service", "require `Authorization: Bearer TOKEN`, TOKEN the first line of FILE"},
    {Opt::kThreads, kCmdServe, "threads", 0, "", "N", K::kJobs, "serve.threads", Merge::kReplace, "service",
     "worker threads, one scanner each (default: 8, or the cores if more)"},
    {Opt::kMaxBody, kCmdServe, "max-body", 0, "", "SIZE", K::kByteSize, "serve.max_body", Merge::kReplace,
     "service", "largest request body: bytes, or with K, M or G (default: 8M)"},
    {Opt::kHelp, kCmdAll, "help", 'h', "", "", K::kSwitch, "", Merge::kReplace, "", "this help"},
};

std::string unknown(std::string_view what, std::string_view value, std::string_view expected) {
  return "unknown " + std::string(what) + " '" + std::string(value) + "' (expected " + std::string(expected) + ")";
}

std::optional<long> number(std::string_view v) {
  if (v.empty() || v.size() > 9) return std::nullopt;
  std::string s(v);
  char* end = nullptr;
  long n = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0' || s[0] == '-' || s[0] == '+' || s[0] == ' ') return std::nullopt;
  return n;
}

const OptionSpec* find_long(std::uint32_t command, std::string_view name) {
  for (const OptionSpec& o : kTable)
    if ((o.commands & command) && !o.long_name.empty() && (o.long_name == name || o.alias == name)) return &o;
  return nullptr;
}

const OptionSpec* find_short(std::uint32_t command, char c) {
  for (const OptionSpec& o : kTable)
    if ((o.commands & command) && o.short_name == c) return &o;
  return nullptr;
}

}  // namespace

std::vector<std::string> split_names(std::string_view s) {
  std::vector<std::string> items;
  while (true) {
    std::size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) return items;
    s.remove_prefix(comma + 1);
  }
}

const std::vector<OptionSpec>& option_table() { return kTable; }

const OptionSpec& option_spec(Opt id, std::uint32_t command) {
  for (const OptionSpec& o : kTable)
    if (o.id == id && (command == 0 || (o.commands & command) || o.commands == 0)) return o;
  return kTable.back();  // unreachable for the ids of the table
}

std::optional<std::string> check_value(ValueKind kind, std::string_view v) {
  switch (kind) {
    case K::kSeverity:
      if (severity_from_name(std::string(v))) return std::nullopt;
      return unknown("severity", v, "error, warning or info");
    case K::kFailOn:
      if (v == "none" || severity_from_name(std::string(v))) return std::nullopt;
      return unknown("level", v, "error, warning, info or none");
    case K::kReportFormat:
      if (v == "text" || v == "json" || v == "jsonl" || v == "sarif" || v == "github" || v == "html")
        return std::nullopt;
      return unknown("format", v, "text, json, jsonl, sarif, github or html");
    case K::kInputFormat:
      if (parse_input_format(v) || parse_archive_format(v)) return std::nullopt;
      return unknown("format", v, "auto, text, markdown, html, segments, jsonl or wxr");
    case K::kColor:
      if (v == "auto" || v == "always" || v == "never") return std::nullopt;
      return "expected auto, always or never, not '" + std::string(v) + "'";
    case K::kJobs:
      if (auto n = number(v); n && *n >= 1 && *n <= 1024) return std::nullopt;
      return "expected a number from 1 to 1024, not '" + std::string(v) + "'";
    case K::kPositive:
      if (auto n = number(v); n && *n >= 1 && *n <= 1000000) return std::nullopt;
      return "expected a number from 1 to 1000000, not '" + std::string(v) + "'";
    case K::kMilliseconds:
      if (auto n = number(v); n && *n >= 0 && *n <= 10000) return std::nullopt;
      return "expected a number of milliseconds from 0 to 10000, not '" + std::string(v) + "'";
    case K::kListen:
      if (parse_listen_address(v)) return std::nullopt;
      return "expected ADDR:PORT (127.0.0.1:8765, localhost:0, [::1]:8765), not '" + std::string(v) + "'";
    case K::kDiffFormat:
      if (v == "text" || v == "json" || v == "html") return std::nullopt;
      return unknown("format", v, "text, json or html");
    case K::kCountValue:
      if (auto n = number(v); n && *n >= 0 && *n <= 1000000000) return std::nullopt;
      return "expected a number from 0 to 1000000000, not '" + std::string(v) + "'";
    case K::kByteSize:
      if (parse_byte_size(v)) return std::nullopt;
      return "expected a size from 1K to 4G (1048576, 512K, 8M), not '" + std::string(v) + "'";
    default:
      return std::nullopt;
  }
}

std::optional<ListenAddress> parse_listen_address(std::string_view v) {
  std::size_t colon = v.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = v.substr(0, colon);
  std::optional<long> port = number(v.substr(colon + 1));
  if (!port || *port > 65535) return std::nullopt;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // an IPv6 address needs brackets
  }
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':')) return std::nullopt;
  return ListenAddress{std::string(host), static_cast<int>(*port)};
}

std::optional<std::uint64_t> parse_byte_size(std::string_view v) {
  std::uint64_t unit = 1;
  if (!v.empty()) {
    switch (v.back()) {
      case 'K': case 'k': unit = 1ull << 10; break;
      case 'M': case 'm': unit = 1ull << 20; break;
      case 'G': case 'g': unit = 1ull << 30; break;
    }
    if (unit != 1) v.remove_suffix(1);
  }
  std::optional<long> n = number(v);
  if (!n) return std::nullopt;
  const std::uint64_t bytes = static_cast<std::uint64_t>(*n) * unit;
  if (bytes < 1024 || bytes > (4ull << 30)) return std::nullopt;
  return bytes;
}

std::optional<std::string> ParsedArgs::last(Opt o) const {
  const auto& v = all(o);
  if (v.empty()) return std::nullopt;
  return v.back();
}

std::optional<ParsedArgs> parse_args(std::uint32_t command, std::string_view name, const Args& args,
                                     std::FILE* err) {
  ParsedArgs parsed;
  auto fail = [&](const std::string& message) {
    std::fprintf(err, "%.*s: %s\n", static_cast<int>(name.size()), name.data(), message.c_str());
    return std::nullopt;
  };
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      parsed.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> value;  // given inside the argument: --name=value, -xVALUE
    std::string shown;                 // the option as the user typed it, for messages
    if (arg[1] == '-') {
      std::size_t eq = arg.find('=');
      shown = arg.substr(0, eq);
      if (eq != std::string::npos) value = arg.substr(eq + 1);
      spec = find_long(command, std::string_view(shown).substr(2));
    } else {
      shown = arg.substr(0, 2);
      if (arg.size() > 2) value = arg.substr(2);
      spec = find_short(command, arg[1]);
    }
    if (!spec) {
      std::string help_hint = std::string(name) + " --help";
      return fail("unknown option '" + arg + "' (see " + help_hint + ")");
    }
    const std::size_t slot = static_cast<std::size_t>(spec->id);
    parsed.given[slot] = true;
    if (spec->kind == K::kSwitch) {
      if (value) return fail("option " + shown + " takes no value");
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size()) return fail("option " + shown + " needs a value");
      value = args[++i];
    }
    if (auto problem = check_value(spec->kind, *value)) return fail("--" + std::string(spec->long_name) + ": " + *problem);
    if (spec->kind == K::kNameList) {
      for (std::string& item : split_names(*value)) parsed.values[slot].push_back(std::move(item));
    } else {
      parsed.values[slot].push_back(std::move(*value));
    }
  }
  if (auto key_file = parsed.last(Opt::kKeyFile)) {
    std::string why;
    std::string key = read_key_file(*key_file, why);
    if (key.empty()) return fail("--key-file: " + why);
    set_bundle_key(std::move(key));
  }
  return parsed;
}

std::string options_help(std::uint32_t command) {
  std::vector<std::string_view> groups;
  for (const OptionSpec& o : kTable)
    if ((o.commands & command) && std::find(groups.begin(), groups.end(), o.group) == groups.end())
      groups.push_back(o.group);
  // Options without a group (--help) come last, under the first group's heading if alone.
  std::stable_partition(groups.begin(), groups.end(), [](std::string_view g) { return !g.empty(); });
  std::string out;
  constexpr std::size_t kColumn = 25;
  for (std::string_view group : groups) {
    if (!group.empty()) out += "\n" + std::string(group) + ":\n";
    for (const OptionSpec& o : kTable) {
      if (!(o.commands & command) || o.group != group) continue;
      std::string names = "  ";
      if (o.short_name) names += std::string("-") + o.short_name + ", ";
      names += "--" + std::string(o.long_name);
      if (o.kind != K::kSwitch) names += " " + std::string(o.value_name);
      names.resize(std::max(names.size() + 1, kColumn), ' ');
      std::string_view help = o.help;
      bool first = true;
      while (true) {
        std::size_t nl = help.find('\n');
        out += (first ? names : std::string(kColumn, ' ')) + std::string(help.substr(0, nl)) + "\n";
        first = false;
        if (nl == std::string_view::npos) break;
        help.remove_prefix(nl + 1);
      }
    }
  }
  return out;
}

std::string config_keys_text(std::string_view table) {
  std::vector<std::string_view> keys;
  for (const OptionSpec& o : kTable) {
    std::string_view key = o.config_key;
    if (key.empty()) continue;
    if (table.empty()) {
      if (key.find('.') == std::string_view::npos) keys.push_back(key);
    } else if (key.size() > table.size() + 1 && key.substr(0, table.size()) == table && key[table.size()] == '.') {
      keys.push_back(key.substr(table.size() + 1));
    }
  }
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += i + 1 == keys.size() ? " or " : ", ";
    out += keys[i];
  }
  return out;
}

}  // namespace copydesk::cli
