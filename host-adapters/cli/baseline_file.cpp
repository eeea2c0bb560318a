#include "baseline_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "scan_utf8.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

constexpr const char* kHeader =
    "# copydesk baseline v1: fingerprint, rule, path, matched text (tab-separated)\n";

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string escape_field(std::string_view s) {
  std::string out;
  for (char c : valid_utf8(s)) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescape_field(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The key a file has in a baseline: its path relative to the baseline's directory.
std::string baseline_path(const FileResult& result, const fs::path& baseline_dir) {
  if (result.from_stdin) return result.path;
  std::error_code ec;
  fs::path absolute = fs::absolute(result.path, ec).lexically_normal();
  fs::path relative = absolute.lexically_relative(baseline_dir);
  return relative.empty() ? absolute.generic_string() : relative.generic_string();
}

fs::path absolute_dir_of(const fs::path& file) {
  std::error_code ec;
  return fs::absolute(file, ec).lexically_normal().parent_path();
}

}  // namespace

std::string finding_fingerprint(const std::string& rule, const std::string& folded,
                                std::uint64_t context_hash) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  hash = fnv1a(hash, rule);
  hash = fnv1a(hash, std::string_view("\0", 1));
  hash = fnv1a(hash, folded);
  hash = fnv1a(hash, std::string_view("\0", 1));
  hash = fnv1a(hash, std::to_string(context_hash));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::optional<Baseline> Baseline::load(const fs::path& file, std::FILE* err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(err, "%s: error: cannot read baseline: %s\n", file.string().c_str(),
                 std::strerror(errno));
    return std::nullopt;
  }
  Baseline baseline;
  baseline.dir_ = absolute_dir_of(file);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    std::string_view rest(line);
    while (true) {
      std::size_t tab = rest.find('\t');
      fields.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    bool hex = fields[0].size() == 16 &&
               fields[0].find_first_not_of("0123456789abcdef") == std::string_view::npos;
    if (fields.size() < 3 || !hex) {
      std::fprintf(err, "%s:%zu: error: not a baseline line (expected fingerprint, rule, path)\n",
                   file.string().c_str(), number);
      return std::nullopt;
    }
    ++baseline.counts_[unescape_field(fields[2])][std::string(fields[0])];
  }
  if (in.bad()) {
    std::fprintf(err, "%s: error: cannot read baseline\n", file.string().c_str());
    return std::nullopt;
  }
  return baseline;
}

void Baseline::filter(FileResult& result) {
  auto file = counts_.find(baseline_path(result, dir_));
  if (file == counts_.end()) return;
  std::vector<Finding> kept;
  for (Finding& finding : result.findings) {
    auto it = file->second.find(finding.fingerprint);
    if (it != file->second.end() && it->second > 0) {
      --it->second;
      ++result.suppressed_baseline;
    } else {
      kept.push_back(std::move(finding));
    }
  }
  result.findings = std::move(kept);
}

std::optional<BaselineWriter> BaselineWriter::open(const fs::path& file, std::FILE* err) {
  BaselineWriter writer;
  writer.file_ = file;
  writer.temp_ = file;
  writer.temp_ += ".tmp" + std::to_string(::getpid());
  writer.dir_ = absolute_dir_of(file);
  writer.out_ = std::fopen(writer.temp_.c_str(), "wb");
  if (!writer.out_) {
    std::fprintf(err, "%s: error: cannot write baseline: %s\n", file.string().c_str(),
                 std::strerror(errno));
    return std::nullopt;
  }
  std::fputs(kHeader, writer.out_);
  return writer;
}

BaselineWriter::BaselineWriter(BaselineWriter&& other) noexcept
    : file_(std::move(other.file_)),
      temp_(std::move(other.temp_)),
      dir_(std::move(other.dir_)),
      out_(other.out_),
      count_(other.count_) {
  other.out_ = nullptr;
}

BaselineWriter::~BaselineWriter() {
  if (out_) {
    std::fclose(out_);
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void BaselineWriter::add(const FileResult& result) {
  if (!out_ || result.findings.empty()) return;
  std::string path = escape_field(baseline_path(result, dir_));
  for (const Finding& finding : result.findings) {
    std::string line = finding.fingerprint + '\t' + escape_field(finding.rule) + '\t' + path + '\t' +
                       escape_field(finding.text) + '\n';
    std::fwrite(line.data(), 1, line.size(), out_);
    ++count_;
  }
}

bool BaselineWriter::finish(std::FILE* err) {
  if (!out_) return false;
  bool ok = std::fflush(out_) == 0 && !std::ferror(out_);
  ok = (std::fclose(out_) == 0) && ok;
  out_ = nullptr;
  std::error_code ec;
  if (ok) fs::rename(temp_, file_, ec);
  if (!ok || ec) {
    std::fprintf(err, "%s: error: cannot write baseline: %s\n", file_.string().c_str(),
                 ec ? ec.message().c_str() : std::strerror(errno));
    fs::remove(temp_, ec);
    return false;
  }
  return true;
}

}  // namespace copydesk::cli
