#include "ruleset.h"

#include <cstring>

#include "copydesk.h"
#include "util/hash.h"
#include "rules/load.h"
#include "util/error.h"

namespace copydesk::detail {

namespace {

constexpr std::string_view kBundleMagic = "CPDKBNDL";
constexpr uint32_t kBundleFormat = 1;

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

std::shared_ptr<const Ruleset> Ruleset::compile(std::vector<SourceUnit> units, uint64_t regex_max_mem,
                                                const std::string& exclude, Diagnostics& diags) {
  std::shared_ptr<Ruleset> rs(new Ruleset());
  rs->model_ = build_model(units, exclude, diags);
  // Patterns are checked even when the rules have other errors: every problem in one run.
  rs->db_ = MatchDatabase::build(rs->model_, diags, regex_max_mem);
  if (!rs->db_ || diags.has_errors()) return nullptr;
  rs->units_ = std::move(units);
  rs->regex_max_mem_ = regex_max_mem;
  rs->exclude_ = exclude;
  return rs;
}

std::string Ruleset::save_bundle() const {
  Writer w;
  w.bytes().append(kBundleMagic);
  w.u32(kBundleFormat);
  w.str(platform_fingerprint());
  w.u64(regex_max_mem_);
  w.str(exclude_);
  w.u64(units_.size());
  for (const SourceUnit& u : units_) {
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
  w.u64(stable_hash(w.bytes()));
  return std::move(w.bytes());
}

std::shared_ptr<const Ruleset> Ruleset::load_bundle(std::string_view bytes) {
  if (bytes.size() < kBundleMagic.size() + 8 || bytes.substr(0, kBundleMagic.size()) != kBundleMagic)
    throw Error(COPYDESK_E_VERSION, "not a copydesk bundle (bad magic)");
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  std::string_view body = bytes.substr(0, bytes.size() - 8);
  if (stable_hash(body) != stored) throw Error(COPYDESK_E_VERSION, "the bundle is corrupted (checksum mismatch)");
  Reader r(body.substr(kBundleMagic.size()));
  uint32_t format = r.u32();
  if (format != kBundleFormat)
    throw Error(COPYDESK_E_VERSION, "bundle format " + std::to_string(format) + " is not supported (expected " +
                                        std::to_string(kBundleFormat) + ")");
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
      u.files[path] = std::string(r.str());
    }
    rs->units_.push_back(std::move(u));
  }
  std::string_view db = r.str();
  Diagnostics diags;
  rs->model_ = build_model(rs->units_, rs->exclude_, diags);
  if (diags.has_errors())
    throw Error(COPYDESK_E_VERSION, "the bundle's rules no longer compile: " + diags.first_error_text());
  rs->db_ = MatchDatabase::deserialize(rs->model_, db, rs->regex_max_mem_);
  return rs;
}

}  // namespace copydesk::detail
