#include "rules_holder.h"

#include <openssl/evp.h>

#include <fstream>

namespace copydesk::serve {

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return "";
  }
  char buffer[1 << 16];
  bool ok = true;
  while (ok && in) {
    in.read(buffer, sizeof buffer);
    if (in.gcount() > 0) ok = EVP_DigestUpdate(ctx, buffer, static_cast<std::size_t>(in.gcount())) == 1;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  ok = ok && !in.bad() && EVP_DigestFinal_ex(ctx, digest, &size) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return "";
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

ReloadResult RulesHolder::reload() {
  std::lock_guard lock(reload_mutex_);
  ReloadResult result;
  cli::RulesetLoad load = cli::load_ruleset_checked(source_);
  result.status = load.status;
  result.diagnostics = load.diagnostics;
  if (!load.ruleset) {
    if (result.status == COPYDESK_OK) result.status = COPYDESK_E_ERROR;
    return result;
  }
  auto snapshot = std::make_shared<RulesSnapshot>();
  snapshot->ruleset = load.ruleset;
  snapshot->source = source_;
  snapshot->bundle = load.bundle;
  if (load.bundle) snapshot->bundle_sha256 = file_sha256(source_);
  snapshot->generation = ++generation_;
  snapshot->loaded_at = std::chrono::system_clock::now();
  snapshot->rules = cli::read_rules(load.ruleset);
  snapshot->targets = cli::KnownTargets(snapshot->rules);
  snapshot->warnings = std::move(load.diagnostics);
  result.snapshot = snapshot;
  current_.store(std::move(snapshot), std::memory_order_release);
  return result;
}

}  // namespace copydesk::serve
