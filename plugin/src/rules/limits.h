// Bounds on rule sources, checked before tomlplusplus (which recurses once per
// dotted key, array and inline table) or the list reader sees them: a hostile or
// broken rule source gets a diagnostic with its file, line and column, never a
// stack overflow or an unbounded allocation. The numbers are in docs/rules.md
// ("Limits").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/diagnostics.h"

namespace copydesk::detail {

struct SourceLimits {
  static constexpr size_t kMaxTomlBytes = 1u << 20;       // one TOML file or string pack
  static constexpr size_t kMaxListBytes = 16u << 20;      // one list file
  static constexpr size_t kMaxKeyParts = 16;              // a.b.c = ... / [a.b.c]
  static constexpr size_t kMaxNesting = 16;               // arrays and inline tables inside each other
  static constexpr size_t kMaxKeyBytes = 256;             // one key (bare or quoted)
  static constexpr size_t kMaxStringBytes = 64u << 10;    // one string value
  static constexpr size_t kMaxTomlValues = 200000;        // values in one TOML file
  static constexpr size_t kMaxTerms = 100000;             // terms of all lists and term arrays, in all packs
  static constexpr size_t kMaxRepeat = 300;               // {m,n} bound in a pattern
};

// Checks `content` (the TOML text of `file`) against SourceLimits; on the first
// limit it passes, records an error with its position in `diags` and returns false.
bool check_toml_limits(const std::string& file, std::string_view content, Diagnostics& diags);

// Checks a pattern's counted repetitions ({m}, {m,}, {m,n}): each bound at most
// kMaxRepeat and their product along nested groups at most kMaxRepeat * 10.
// Returns "" or the reason, with the offending bound.
std::string check_pattern_limits(std::string_view pattern);

// 1-based line and column (in code points) of byte `pos` of `text`.
void position_of(std::string_view text, size_t pos, uint32_t& line, uint32_t& column);

}  // namespace copydesk::detail
