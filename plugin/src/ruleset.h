// The compiled ruleset: the rule model plus its match database. Immutable once
// built and shared by every scanner (std::shared_ptr), so hosts may free their
// handle in any order. Also reads and writes compiled bundles.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "match/matcher.h"
#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/sources.h"

namespace copydesk::detail {

// What copydesk_compile_options sets.
struct CompileSettings {
  static constexpr uint64_t kDefaultMaxMs = 60000;
  static constexpr uint64_t kDefaultMaxBytes = 1ull << 30;
  uint64_t regex_max_mem = 0;
  std::string exclude;  // comma-separated rule ids, packs or categories left out entirely
  uint64_t max_ms = kDefaultMaxMs;
  uint64_t max_bytes = kDefaultMaxBytes;
};

class Ruleset {
 public:
  // Null when the sources have errors (all of them are in `diags`), or hold no rule.
  // Throws Error(COPYDESK_E_LIMIT), with a diagnostic, when a budget of `settings` is passed.
  static std::shared_ptr<const Ruleset> compile(std::vector<SourceUnit> units, const CompileSettings& settings,
                                                Diagnostics& diags);
  // Throws Error(COPYDESK_E_VERSION) for a bundle from another version or CPU, a corrupted
  // one, or (with `key`) one whose HMAC-SHA-256 does not verify; a keyed bundle needs its key.
  static std::shared_ptr<const Ruleset> load_bundle(std::string_view bytes, std::string_view key = {});
  // `key` non-empty: an authenticated bundle (docs/abi.md, "Bundles").
  std::string save_bundle(std::string_view key = {}) const;

  const RuleModel& model() const { return model_; }
  const MatchDatabase& database() const { return *db_; }

 private:
  Ruleset() = default;
  std::vector<SourceUnit> units_;  // kept for bundles
  uint64_t regex_max_mem_ = 0;
  std::string exclude_;
  RuleModel model_;
  std::unique_ptr<MatchDatabase> db_;
};

// "copydesk 0.1.0 abi 1; hyperscan 5.4.0 ...; cpu avx2 ...": a bundle loads only where this matches.
std::string platform_fingerprint();

}  // namespace copydesk::detail
