// Every option of every `copydesk` command in one table (flags.cpp), one parser for all of
// them, and the help text generated from the table. Modelled on ripgrep's crates/core/flags:
// the table says what an option is called, which commands take it, what values it accepts,
// which copydesk.toml key sets it and how the two combine; parse_args() turns argv into raw
// values; resolve() (settings.h) is the one step from flags, copydesk.toml and defaults.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"

namespace copydesk::cli {

// The commands an option belongs to (bits).
enum Command : std::uint32_t {
  kCmdScan = 1u << 0,
  kCmdCompile = 1u << 1,
  kCmdRulesCheck = 1u << 2,
  kCmdRulesTest = 1u << 3,
  kCmdRulesProfile = 1u << 4,
  kCmdExplain = 1u << 5,
  kCmdLexiconImportUn = 1u << 6,
  kCmdLsp = 1u << 7,
  kCmdServe = 1u << 8,
  kCmdRulesDiff = 1u << 9,
};

// One logical option. Several rows may share a name when commands give it different
// meanings (`-o` is the report of `scan`, the bundle of `compile`).
enum class Opt : std::uint8_t {
  kHelp,
  kRules,
  kEnable,
  kDisable,
  kIgnore,    // copydesk.toml only
  kSeverity,  // copydesk.toml only ([severity] table)
  kMinSeverity,
  kConfig,
  kNoConfig,
  kInputFormat,
  kStdinName,
  kFormat,
  kOutput,
  kColor,
  kExplain,
  kNoProgress,
  kFailOn,
  kBaseline,
  kWriteBaseline,
  kJobs,
  kBundleOutput,
  kCorpus,
  kRepeat,
  kLexiconOutput,
  kRegimes,
  kListen,
  kTokenFile,
  kKeyFile,
  kThreads,
  kMaxBody,
  kDelisted,
  kDocsUrl,
  kDebounce,
  kJsonlFields,
  kBase,
  kCandidate,
  kDiffFormat,
  kFailOnRemoved,
  kMaxAdded,
  kExamples,
  kCount
};
inline constexpr std::size_t kOptCount = static_cast<std::size_t>(Opt::kCount);

// What values an option accepts; check_value() says what is wrong with one.
enum class ValueKind : std::uint8_t {
  kSwitch,        // no value
  kText,          // any string (a path, a name)
  kNameList,      // comma-separated names; repeatable, the items accumulate
  kSeverity,      // info, warning, error
  kFailOn,        // error, warning, info, none
  kReportFormat,  // text, json, jsonl, sarif, github, html
  kInputFormat,   // auto, text, markdown, html, segments, jsonl, wxr
  kColor,         // auto, always, never
  kJobs,          // 1..1024
  kPositive,      // 1..1000000
  kMilliseconds,  // 0..10000
  kSeverityTable, // copydesk.toml only: [severity] rule = "level"
  kListen,        // ADDR:PORT (an IPv4 address, localhost or [IPv6]; port 0..65535)
  kByteSize,      // 1024..2^32, optionally with K, M or G (x1024)
  kDiffFormat,    // text, json, html
  kCountValue,    // 0..1000000000
};

// "127.0.0.1:8080" -> {"127.0.0.1", 8080}; "[::1]:0" -> {"::1", 0}; nullopt when malformed.
struct ListenAddress {
  std::string host;
  int port = 0;
};
std::optional<ListenAddress> parse_listen_address(std::string_view value);
// "512K" -> 524288; nullopt when malformed or out of range.
std::optional<std::uint64_t> parse_byte_size(std::string_view value);

// How a flag and the copydesk.toml key of the same option combine.
enum class Merge : std::uint8_t {
  kReplace,  // the flag wins (its last occurrence, or all items of a list)
  kAppend,   // list items of the flag, then those of the file
};

struct OptionSpec {
  Opt id;
  std::uint32_t commands;       // Command bits; 0 for copydesk.toml-only settings
  std::string_view long_name;   // without "--"; "" for copydesk.toml-only settings
  char short_name;              // 0: none
  std::string_view alias;       // another long name ("colour"), or ""
  std::string_view value_name;  // shown in help ("PATH")
  ValueKind kind;
  std::string_view config_key;  // copydesk.toml key ("table.key" for a key in a [table]), or ""
  Merge merge;
  std::string_view group;       // help section
  std::string_view help;        // help text; "\n" starts a continuation line
};

// The table, in help order.
const std::vector<OptionSpec>& option_table();
const OptionSpec& option_spec(Opt id, std::uint32_t command);

// nullopt when `value` is acceptable for `kind`, else what is wrong, e.g.
// "unknown severity 'x' (expected error, warning or info)".
std::optional<std::string> check_value(ValueKind kind, std::string_view value);

// Raw values of one command line, by option, in command-line order (name lists split).
struct ParsedArgs {
  std::vector<std::string> positionals;
  std::array<std::vector<std::string>, kOptCount> values;
  std::array<bool, kOptCount> given{};

  bool has(Opt o) const { return given[static_cast<std::size_t>(o)]; }
  const std::vector<std::string>& all(Opt o) const { return values[static_cast<std::size_t>(o)]; }
  // The last value given, or nullopt.
  std::optional<std::string> last(Opt o) const;
};

// Parses `args` for `command` (`name` is how messages call it: "copydesk scan"). Accepts
// `--name value`, `--name=value`, `-x value`, `-xVALUE` (`-j2`), `--` (the rest are
// positionals) and `-` (a positional: standard input). Prints a usage error to `err` and
// returns nullopt on an unknown option, a missing or superfluous value, or a bad value.
std::optional<ParsedArgs> parse_args(std::uint32_t command, std::string_view name, const Args& args,
                                     std::FILE* err);

// "a, b,c" -> {"a", "b", "c"}: a name list as --enable and copydesk.toml take it.
std::vector<std::string> split_names(std::string_view list);

// The options section of `command`'s help, generated from the table.
std::string options_help(std::uint32_t command);

// The copydesk.toml keys at the top level (or in `table`, e.g. "serve"), in table order, as
// an English list: "rules, enable, ... or fail_on".
std::string config_keys_text(std::string_view table = {});

}  // namespace copydesk::cli
