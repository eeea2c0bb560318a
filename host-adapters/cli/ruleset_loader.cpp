#include "ruleset_loader.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

bool is_bundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 8 && std::string(magic, 8) == "CPDKBNDL";
}

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

std::string g_bundle_key;

}  // namespace

void set_bundle_key(std::string key) { g_bundle_key = std::move(key); }
const std::string& bundle_key() { return g_bundle_key; }

std::string read_key_file(const std::string& path, std::string& why) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    why = path + ": not a readable file";
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    why = path + ": cannot read";
    return {};
  }
  if (!key.empty() && key.back() == '\n') key.pop_back();
  if (!key.empty() && key.back() == '\r') key.pop_back();
  if (key.size() < 16) {
    why = path + ": a bundle key has at least 16 bytes";
    return {};
  }
  return key;
}

std::string default_rules_path() {
  if (const char* env = std::getenv("COPYDESK_RULES"); env && *env) return env;
  std::error_code ec;
  const fs::path candidates[] = {
      executable_dir() / ".." / "share" / "copydesk" / "rules",
      fs::path(COPYDESK_INSTALL_RULES_DIR),
      fs::path(COPYDESK_SOURCE_RULES_DIR),
  };
  for (const fs::path& p : candidates) {
    if (!p.empty() && fs::is_directory(p, ec)) return fs::weakly_canonical(p, ec).string();
  }
  return {};
}

std::string RuleDiagnostic::text() const {
  std::string out = file;
  if (positioned) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  if (!out.empty()) out += ": ";
  return out + (error ? "error: " : "warning: ") + message;
}

RulesetLoad load_ruleset_checked(const std::string& path) {
  RulesetLoad load;
  auto fail = [&](int status, std::string file) {
    load.status = status;
    RuleDiagnostic d;
    d.file = std::move(file);
    d.message = copydesk_last_error();
    load.diagnostics.push_back(std::move(d));
    return std::move(load);
  };
  // A file is a rule source when it is .toml, else a bundle: anything else (an empty file, a
  // damaged magic) fails as a bundle does, with the library's reason.
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && (is_bundle(path) || fs::path(path).extension() != ".toml")) {
    load.bundle = true;
    const std::string& key = bundle_key();
    int status = key.empty() ? copydesk_ruleset_load(&load.ruleset, path.c_str())
                             : copydesk_ruleset_load_keyed(&load.ruleset, path.c_str(), key.data(), key.size());
    if (status != COPYDESK_OK) return fail(status, path);
    return load;
  }
  copydesk_compiler* c = nullptr;
  if (int status = copydesk_compiler_new(&c, nullptr); status != COPYDESK_OK) return fail(status, "");
  int status = copydesk_compiler_add_path(c, path.c_str());
  if (status == COPYDESK_E_IO) {
    copydesk_compiler_free(c);
    return fail(status, path);
  }
  status = copydesk_compiler_build(&load.ruleset, c);
  std::string build_error = status != COPYDESK_OK ? copydesk_last_error() : "";
  const size_t n = copydesk_compiler_diagnostic_count(c);
  for (size_t i = 0; i < n; ++i) {
    copydesk_diagnostic d;
    d.version = COPYDESK_DIAGNOSTIC_VERSION;
    if (copydesk_compiler_diagnostic_get(&d, c, i) != COPYDESK_OK) continue;
    load.diagnostics.push_back({*d.file ? d.file : path, true, d.line, d.column,
                                d.severity == COPYDESK_SEVERITY_ERROR, d.rule_id ? d.rule_id : "", d.message});
  }
  copydesk_compiler_free(c);
  load.status = status;
  if (status != COPYDESK_OK && n == 0) load.diagnostics.push_back({path, false, 0, 0, true, "", build_error});
  return load;
}

copydesk_ruleset* load_ruleset(const std::string& path, std::FILE* err) {
  RulesetLoad load = load_ruleset_checked(path);
  for (const RuleDiagnostic& d : load.diagnostics) std::fprintf(err, "%s\n", d.text().c_str());
  return load.ruleset;
}

int severity_from_name(const std::string& name) {
  if (name == "error") return COPYDESK_SEVERITY_ERROR;
  if (name == "warning") return COPYDESK_SEVERITY_WARNING;
  if (name == "info") return COPYDESK_SEVERITY_INFO;
  return 0;
}

const char* severity_name(int severity) {
  switch (severity) {
    case COPYDESK_SEVERITY_ERROR: return "error";
    case COPYDESK_SEVERITY_WARNING: return "warning";
    default: return "info";
  }
}

}  // namespace copydesk::cli
