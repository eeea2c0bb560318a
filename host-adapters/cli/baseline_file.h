// Baselines: the findings a project has accepted, so CI fails only on new ones.
//
// A finding's fingerprint hashes its rule id, its folded matched text and the hash of its
// folded sentence (copydesk_finding.context_hash) — no line number or offset — so it
// survives edits elsewhere in the article. The file is UTF-8 text, one finding a line:
//   fingerprint TAB rule TAB path TAB matched text
// with paths relative to the baseline file's directory (so CI may run from anywhere) and
// TAB, newline, carriage return and backslash written as \t \n \r \\.
#pragma once

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "scan_model.h"

namespace copydesk::cli {

// 16 lower-case hex digits (FNV-1a 64 over rule, folded text and context hash).
std::string finding_fingerprint(const std::string& rule, const std::string& folded,
                                std::uint64_t context_hash);

class Baseline {
 public:
  // Reads `file`; prints "file:line: error: ..." to `err` and returns nullopt on failure.
  static std::optional<Baseline> load(const std::filesystem::path& file, std::FILE* err);

  // Drops the findings of `result` that the baseline holds (each baseline line absorbs one
  // finding) and counts them in result.suppressed_baseline.
  void filter(FileResult& result);

 private:
  std::filesystem::path dir_;
  std::map<std::string, std::map<std::string, std::size_t>> counts_;  // path -> fingerprint -> n
};

class BaselineWriter {
 public:
  // Writes to a temporary file beside `file`, renamed over it by finish().
  static std::optional<BaselineWriter> open(const std::filesystem::path& file, std::FILE* err);
  BaselineWriter(BaselineWriter&&) noexcept;
  BaselineWriter& operator=(BaselineWriter&&) = delete;
  ~BaselineWriter();

  void add(const FileResult& result);
  // Returns false after printing why the file could not be written.
  bool finish(std::FILE* err);
  std::size_t count() const { return count_; }

 private:
  BaselineWriter() = default;
  std::filesystem::path file_, temp_, dir_;
  std::FILE* out_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace copydesk::cli
