// The ruleset `copydesk serve` scans with, and its hot reload: a reload compiles the packs
// (or loads the bundle) off to the side and swaps the new snapshot in with one atomic
// shared_ptr store. A scan holds the snapshot it started with, so scans in flight finish on
// the old rules; a failed reload leaves the current snapshot in place and says why.
#pragma once

#include <copydesk.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scan_setup.h"
#include "ruleset_loader.h"

namespace copydesk::serve {

// One loaded ruleset and what the service says about it. Immutable once published.
struct RulesSnapshot {
  copydesk_ruleset* ruleset = nullptr;  // owned; freed with the snapshot (scanners keep it alive)
  std::string source;                    // the --rules path
  bool bundle = false;
  std::string bundle_sha256;             // of the bundle file's bytes; "" for packs
  std::uint64_t generation = 0;          // 1 for the first load, +1 for each successful reload
  std::chrono::system_clock::time_point loaded_at;
  std::vector<cli::RuleMeta> rules;
  cli::KnownTargets targets{{}};
  std::vector<cli::RuleDiagnostic> warnings;  // the compiler's warnings

  RulesSnapshot() = default;
  RulesSnapshot(const RulesSnapshot&) = delete;
  RulesSnapshot& operator=(const RulesSnapshot&) = delete;
  ~RulesSnapshot() { copydesk_ruleset_free(ruleset); }
};

struct ReloadResult {
  std::shared_ptr<const RulesSnapshot> snapshot;  // the new one; null when the load failed
  int status = COPYDESK_OK;                       // COPYDESK_E_RULES, _E_IO, _E_VERSION...
  std::vector<cli::RuleDiagnostic> diagnostics;   // every problem (warnings too)
};

class RulesHolder {
 public:
  explicit RulesHolder(std::string source) : source_(std::move(source)) {}

  // Loads the rules from the source path; publishes them only when they load. One reload
  // runs at a time; scans are never blocked by it.
  ReloadResult reload();

  // The current snapshot (null before the first successful load). Any thread.
  std::shared_ptr<const RulesSnapshot> current() const { return current_.load(std::memory_order_acquire); }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::mutex reload_mutex_;
  std::uint64_t generation_ = 0;  // guarded by reload_mutex_
  std::atomic<std::shared_ptr<const RulesSnapshot>> current_;
};

// Lowercase hex SHA-256 of a file's bytes ("" when unreadable).
std::string file_sha256(const std::string& path);

}  // namespace copydesk::serve
