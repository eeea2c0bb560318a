#include "ruleset_loader.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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

}  // namespace

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

copydesk_ruleset* load_ruleset(const std::string& path, std::FILE* err) {
  copydesk_ruleset* rs = nullptr;
  if (fs::is_regular_file(path) && is_bundle(path)) {
    if (copydesk_ruleset_load(&rs, path.c_str()) != COPYDESK_OK) {
      std::fprintf(err, "%s: error: %s\n", path.c_str(), copydesk_last_error());
      return nullptr;
    }
    return rs;
  }
  copydesk_compiler* c = nullptr;
  if (copydesk_compiler_new(&c, nullptr) != COPYDESK_OK) {
    std::fprintf(err, "error: %s\n", copydesk_last_error());
    return nullptr;
  }
  int status = copydesk_compiler_add_path(c, path.c_str());
  if (status == COPYDESK_E_IO) {
    std::fprintf(err, "%s: error: %s\n", path.c_str(), copydesk_last_error());
    copydesk_compiler_free(c);
    return nullptr;
  }
  status = copydesk_compiler_build(&rs, c);
  size_t n = copydesk_compiler_diagnostic_count(c);
  for (size_t i = 0; i < n; ++i) {
    copydesk_diagnostic d;
    d.version = COPYDESK_DIAGNOSTIC_VERSION;
    if (copydesk_compiler_diagnostic_get(&d, c, i) != COPYDESK_OK) continue;
    std::fprintf(err, "%s:%u:%u: %s: %s\n", *d.file ? d.file : path.c_str(), d.line, d.column,
                 d.severity == COPYDESK_SEVERITY_ERROR ? "error" : "warning", d.message);
  }
  copydesk_compiler_free(c);
  if (status != COPYDESK_OK) {
    if (n == 0) std::fprintf(err, "%s: error: %s\n", path.c_str(), copydesk_last_error());
    return nullptr;
  }
  return rs;
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
