// 64-bit FNV-1a: small, and stable across runs, builds and platforms, which is
// what baselines (sentence hashes) and bundles (checksums, signatures) need.
#pragma once

#include <cstdint>
#include <string_view>

namespace copydesk::detail {

inline constexpr uint64_t kFnvOffset = 14695981039346656037ull;

inline uint64_t stable_hash(std::string_view s, uint64_t h = kFnvOffset) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace copydesk::detail
