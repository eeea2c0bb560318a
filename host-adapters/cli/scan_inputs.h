// Which files `copydesk scan` reads, in which order, and how.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive_inputs.h"
#include "scan_model.h"

namespace copydesk::cli {

// Path globs from copydesk.toml `ignore`, relative to the config file's directory.
//   *  any run of characters but '/'      **  any run, '/' included ("**/" also matches none)
//   ?  one character but '/'              [a-z] [!a-z]  one character of (not of) a set
// A glob without '/' matches any single path component (a directory name or the file name);
// one with '/' matches the path from the config directory, or any directory above the file.
// A trailing '/' matches directories only; a leading '/' only anchors.
class IgnoreRules {
 public:
  IgnoreRules() = default;
  IgnoreRules(std::filesystem::path base, std::vector<std::string> globs);
  bool empty() const { return globs_.empty(); }
  // `path` may be relative to the working directory or absolute.
  bool ignored(const std::filesystem::path& path, bool is_directory) const;

 private:
  std::filesystem::path base_;
  std::vector<std::string> globs_;
};

bool glob_match(std::string_view glob, std::string_view text);

struct InputFile {
  std::string display_path;      // what outputs show: the path as given, normalized
  std::filesystem::path fs_path; // empty for standard input
  bool from_stdin = false;
  InputFormat format = InputFormat::automatic;
  std::string error;             // set when the path cannot be scanned at all
  bool notice = false;           // `error` is a notice: skipped on purpose in a directory walk
                                 // (a FIFO, a dangling or directory link), reported as a warning
  std::shared_ptr<const ArchiveEntry> archive = nullptr;  // an article of an archive (archive_inputs.h)
};

struct InputOptions {
  std::optional<InputFormat> forced_format;  // --input-format
  std::string stdin_name = "<stdin>";        // --stdin-name
  const IgnoreRules* ignore = nullptr;
  std::optional<ArchiveKind> forced_archive;  // --input-format jsonl|wxr
  std::shared_ptr<const JsonlFields> jsonl_fields = std::make_shared<JsonlFields>();  // --jsonl-fields
};

// The extensions a directory walk picks up: .txt .md .markdown .html .htm (any case).
bool is_article_extension(const std::filesystem::path& path);
InputFormat format_from_extension(const std::filesystem::path& path);
std::optional<InputFormat> parse_input_format(std::string_view name);
const char* input_format_name(InputFormat format);
// The COPYDESK_FORMAT_* constant of `format`.
int library_format(InputFormat format);

// Expands the PATH arguments: files as given (any extension), directories recursively
// (article extensions only; hidden files and folders skipped), "-" as standard input.
// Ignored paths are dropped. The result is sorted by display path, without duplicates; then
// each archive named (.jsonl .ndjson .xml .wxr, or any with --input-format jsonl|wxr) is
// replaced by its articles, in archive order (expand_archives).
std::vector<InputFile> collect_inputs(const std::vector<std::string>& paths,
                                      const InputOptions& options);

// Reads one input whole. On failure returns false with `error` set ("cannot read: ...",
// "binary file ...", "file is larger than ..."); `content` is then unspecified.
bool read_input(const InputFile& input, std::uint64_t max_bytes, std::string& content,
                std::string& error);

}  // namespace copydesk::cli
