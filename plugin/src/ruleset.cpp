#include "ruleset.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <filesystem>

#include "copydesk.h"
#include "util/hash.h"
#include "rules/load.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace copydesk::detail {

namespace {

constexpr std::string_view kBundleMagic = "CPDKBNDL";
// 2: pack-relative names, a flags word (keyed: an HMAC-SHA-256 trailer instead of the checksum).
constexpr uint32_t kBundleFormat = 2;
constexpr uint32_t kFlagKeyed = 1;
constexpr size_t kMacBytes = 32;

class Writer {
 public:
  void u32(uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), 4); }
  void u64(uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), 8); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  uint32_t u32() { return get<uint32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  bool at_end() const { return pos_ == b_.size(); }
  size_t left() const { return b_.size() - pos_; }
  std::string_view str() {
    uint64_t n = u64();
    if (n > b_.size() - pos_) throw corrupted();
    std::string_view s = b_.substr(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  template <typename T>
  T get() {
    if (b_.size() - pos_ < sizeof(T)) throw corrupted();
    T v;
    std::memcpy(&v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  static Error corrupted() { return Error(COPYDESK_E_VERSION, "the bundle is truncated or corrupted"); }
  std::string_view b_;
  size_t pos_ = 0;
};

}  // namespace

std::string platform_fingerprint() {
  std::string fp = "copydesk " COPYDESK_VERSION_STRING " abi " + std::to_string(COPYDESK_ABI_VERSION) +
                   "; hyperscan " + hs_version() + "; cpu";
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.2")) fp += " sse4.2";
  if (__builtin_cpu_supports("avx2")) fp += " avx2";
  if (__builtin_cpu_supports("avx512f")) fp += " avx512f";
  if (__builtin_cpu_supports("avx512bw")) fp += " avx512bw";
  if (__builtin_cpu_supports("avx512vbmi")) fp += " avx512vbmi";
  return fp;
}

namespace {

// The compiler's working set as the memory budget counts it: the rule sources, each
// needle with its strings and the matcher's share of it (kNeedleOverhead, measured on
// the shipped packs with their Hyperscan database), by the file it came from.
constexpr uint64_t kNeedleOverhead = 1024;

uint64_t needle_bytes(const Needle& n) {
  return kNeedleOverhead + n.literal.size() + n.pattern.size() + n.folded_pattern.size();
}

[[noreturn]] void over_budget(Diagnostics& diags, const std::string& file, uint32_t line, const std::string& what) {
  diags.error(file, line, line ? 1 : 0, "", "limit: " + what);
  throw Error(COPYDESK_E_LIMIT, (file.empty() ? "" : file + ":" + std::to_string(line) + ": ") + what);
}

}  // namespace

std::shared_ptr<const Ruleset> Ruleset::compile(std::vector<SourceUnit> units, const CompileSettings& settings,
                                                Diagnostics& diags) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto check_time = [&](const char* stage) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    if (static_cast<uint64_t>(ms) > settings.max_ms)
      over_budget(diags, "", 0, "compiling took " + std::to_string(ms) + " ms by the end of " + stage +
                                    ", more than max_compile_ms " + std::to_string(settings.max_ms));
  };
  std::shared_ptr<Ruleset> rs(new Ruleset());
  rs->model_ = build_model(units, settings.exclude, diags);
  check_time("reading the rules");
  // Memory: the sources and the needles, by file, before the matcher is built.
  uint64_t total = 0;
  for (const SourceUnit& u : units)
    for (const auto& [path, content] : u.files) total += path.size() + content.size();
  std::map<std::string, uint64_t> by_file;
  for (const Needle& n : rs->model_.needles) {
    total += needle_bytes(n);
    by_file[n.source] += needle_bytes(n);
  }
  if (total > settings.max_bytes) {
    auto largest = std::max_element(by_file.begin(), by_file.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
    over_budget(diags, largest == by_file.end() ? "" : largest->first, 0,
                "the rules need about " + std::to_string(total >> 20) + " MiB to compile, more than max_compile_bytes " +
                    std::to_string(settings.max_bytes >> 20) + " MiB" +
                    (largest == by_file.end() ? "" : " (the largest share, " + std::to_string(largest->second >> 20) +
                                                          " MiB, is this file's)"));
  }
  if (!diags.has_errors() && rs->model_.rules.empty())
    diags.error("", 0, 0, "",
                settings.exclude.empty() ? "the rule sources hold no rules"
                                         : "no rules are left once '" + settings.exclude + "' is excluded");
  // Patterns are checked even when the rules have other errors: every problem in one run;
  // but not past a limit, whose point is to spare the work.
  for (const Diagnostic& d : diags.all())
    if (d.severity == Severity::kError && d.message.rfind("limit: ", 0) == 0) return nullptr;
  rs->db_ = MatchDatabase::build(rs->model_, diags, settings.regex_max_mem);
  check_time("building the match database");
  if (!rs->db_ || diags.has_errors()) return nullptr;
  rs->units_ = std::move(units);
  rs->regex_max_mem_ = settings.regex_max_mem;
  rs->exclude_ = settings.exclude;
  return rs;
}

namespace {

// A unit as a bundle carries it: the pack folder as its name alone and every file under
// it, so no path of the compiling machine leaves it.
SourceUnit portable(const SourceUnit& u) {
  if (u.kind == SourceUnit::Kind::kString) return u;
  fs::path base = fs::path(u.dir.empty() ? "." : u.dir).lexically_normal();
  std::string name = !u.root.empty() ? fs::path(u.root).filename().string() : base.filename().string();
  if (name.empty() || name == "." || name == "..") name = "pack";
  auto rel = [&](const std::string& path) {
    return (fs::path(name) / fs::path(path).lexically_relative(base)).lexically_normal().string();
  };
  SourceUnit out;
  out.kind = u.kind;
  out.dir = name;
  out.origin = u.origin.empty() ? "" : rel(u.origin);
  for (const auto& [path, content] : u.files) out.files[rel(path)] = content;
  return out;
}

void hmac_sha256(std::string_view key, std::string_view data, unsigned char out[kMacBytes]) {
  unsigned int len = kMacBytes;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), out, &len) ||
      len != kMacBytes)
    throw Error(COPYDESK_E_ERROR, "HMAC-SHA-256 failed");
}

}  // namespace

std::string Ruleset::save_bundle(std::string_view key) const {
  Writer w;
  w.bytes().append(kBundleMagic);
  w.u32(kBundleFormat);
  w.u32(key.empty() ? 0 : kFlagKeyed);
  w.str(platform_fingerprint());
  w.u64(regex_max_mem_);
  w.str(exclude_);
  w.u64(units_.size());
  for (const SourceUnit& unit : units_) {
    SourceUnit u = portable(unit);
    w.u32(static_cast<uint32_t>(u.kind));
    w.str(u.dir);
    w.str(u.origin);
    w.u64(u.files.size());
    for (const auto& [path, content] : u.files) {
      w.str(path);
      w.str(content);
    }
  }
  w.str(db_->serialize());
  if (key.empty()) {
    w.u64(stable_hash(w.bytes()));
  } else {
    unsigned char mac[kMacBytes];
    hmac_sha256(key, w.bytes(), mac);
    w.bytes().append(reinterpret_cast<const char*>(mac), kMacBytes);
  }
  return std::move(w.bytes());
}

std::shared_ptr<const Ruleset> Ruleset::load_bundle(std::string_view bytes, std::string_view key) {
  const size_t head = kBundleMagic.size() + 8;
  if (bytes.empty()) throw Error(COPYDESK_E_VERSION, "not a copydesk bundle (the file is empty)");
  if (bytes.size() < head || bytes.substr(0, kBundleMagic.size()) != kBundleMagic)
    throw Error(COPYDESK_E_VERSION, "not a copydesk bundle (bad magic)");
  uint32_t format, flags;
  std::memcpy(&format, bytes.data() + kBundleMagic.size(), 4);
  std::memcpy(&flags, bytes.data() + kBundleMagic.size() + 4, 4);
  if (format != kBundleFormat)
    throw Error(COPYDESK_E_VERSION, "bundle format " + std::to_string(format) + " is not supported (expected " +
                                        std::to_string(kBundleFormat) + "); recompile it from the TOML sources");
  if (flags & ~kFlagKeyed) throw Error(COPYDESK_E_VERSION, "the bundle is corrupted (unknown flags)");
  const bool keyed = flags & kFlagKeyed;
  if (keyed && key.empty())
    throw Error(COPYDESK_E_VERSION, "the bundle is authenticated: load it with its key (copydesk_ruleset_load_keyed)");
  if (!keyed && !key.empty())
    throw Error(COPYDESK_E_VERSION, "the bundle is not authenticated, and a key was given: refused");
  const size_t trailer = keyed ? kMacBytes : 8;
  if (bytes.size() < head + trailer) throw Error(COPYDESK_E_VERSION, "the bundle is truncated");
  std::string_view body = bytes.substr(0, bytes.size() - trailer);
  if (keyed) {
    unsigned char mac[kMacBytes];
    hmac_sha256(key, body, mac);
    if (CRYPTO_memcmp(mac, bytes.data() + body.size(), kMacBytes) != 0)
      throw Error(COPYDESK_E_VERSION, "the bundle's authentication failed: it was altered, or made with another key");
  } else {
    uint64_t stored;
    std::memcpy(&stored, bytes.data() + body.size(), 8);
    if (stable_hash(body) != stored) throw Error(COPYDESK_E_VERSION, "the bundle is corrupted (checksum mismatch)");
  }
  Reader r(body.substr(head));
  std::string_view fp = r.str();
  if (fp != platform_fingerprint())
    throw Error(COPYDESK_E_VERSION, "the bundle was made by '" + std::string(fp) + "', this is '" +
                                        platform_fingerprint() + "'; recompile it from the TOML sources");
  std::shared_ptr<Ruleset> rs(new Ruleset());
  rs->regex_max_mem_ = r.u64();
  rs->exclude_ = std::string(r.str());
  uint64_t units = r.u64();
  for (uint64_t i = 0; i < units; ++i) {
    SourceUnit u;
    uint32_t kind = r.u32();
    if (kind > 2) throw Error(COPYDESK_E_VERSION, "the bundle is corrupted (source kind)");
    u.kind = static_cast<SourceUnit::Kind>(kind);
    u.dir = r.str();
    u.origin = r.str();
    uint64_t files = r.u64();
    for (uint64_t j = 0; j < files; ++j) {
      std::string path(r.str());
      if (!u.files.emplace(path, std::string(r.str())).second)
        throw Error(COPYDESK_E_VERSION, "the bundle is corrupted (a file twice)");
    }
    rs->units_.push_back(std::move(u));
  }
  std::string_view db = r.str();
  if (!r.at_end())
    throw Error(COPYDESK_E_VERSION, "the bundle is corrupted (" + std::to_string(r.left()) + " trailing bytes)");
  Diagnostics diags;
  rs->model_ = build_model(rs->units_, rs->exclude_, diags);
  if (diags.has_errors())
    throw Error(COPYDESK_E_VERSION, "the bundle's rules no longer compile: " + diags.first_error_text());
  if (rs->model_.rules.empty()) throw Error(COPYDESK_E_VERSION, "the bundle holds no rules");
  rs->db_ = MatchDatabase::deserialize(rs->model_, db, rs->regex_max_mem_);
  return rs;
}

}  // namespace copydesk::detail
