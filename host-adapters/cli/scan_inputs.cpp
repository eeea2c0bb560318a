#include "scan_inputs.h"

#include <copydesk.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

constexpr std::size_t kBinaryProbeBytes = 8192;

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string display_of(const fs::path& path) {
  std::string s = path.lexically_normal().generic_string();
  return s.empty() ? "." : s;
}

bool match_class(std::string_view glob, std::size_t& i, char c) {
  // glob[i] == '['; on return i is past the closing ']'.
  std::size_t j = i + 1;
  bool negate = j < glob.size() && (glob[j] == '!' || glob[j] == '^');
  if (negate) ++j;
  bool matched = false;
  bool first = true;
  for (; j < glob.size() && (first || glob[j] != ']'); ++j, first = false) {
    if (j + 2 < glob.size() && glob[j + 1] == '-' && glob[j + 2] != ']') {
      if (c >= glob[j] && c <= glob[j + 2]) matched = true;
      j += 2;
    } else if (glob[j] == c) {
      matched = true;
    }
  }
  i = j < glob.size() ? j + 1 : j;
  return matched != negate;
}

}  // namespace

// The glob as a little automaton, simulated over the text with a set of states:
// O(glob x text) whatever the glob, no backtracking (issue 9: an 18-character glob
// took 88 s on a 64-character name by backtracking).
bool glob_match(std::string_view glob, std::string_view text) {
  struct Token {
    enum Kind : uint8_t { kChar, kAny, kClass, kStar, kDoubleStar, kDirs } kind;
    std::size_t at;  // kChar: the char; kClass: where '[' is
  };
  std::vector<Token> tokens;
  for (std::size_t g = 0; g < glob.size();) {
    if (glob[g] == '*') {
      if (g + 1 < glob.size() && glob[g + 1] == '*') {
        // "**/" matches no directory or any directories; "**" elsewhere anything.
        if (g + 2 < glob.size() && glob[g + 2] == '/') {
          tokens.push_back({Token::kDirs, g});
          g += 3;
        } else {
          tokens.push_back({Token::kDoubleStar, g});
          g += 2;
        }
      } else {
        tokens.push_back({Token::kStar, g});
        ++g;
      }
    } else if (glob[g] == '?') {
      tokens.push_back({Token::kAny, g++});
    } else if (glob[g] == '[') {
      tokens.push_back({Token::kClass, g});
      std::size_t end = g;
      match_class(glob, end, '\0');
      g = end;
    } else {
      tokens.push_back({Token::kChar, g++});
    }
  }
  const std::size_t n = tokens.size();
  std::vector<char> states(n + 1, 0), next(n + 1, 0);
  // Adds state i and what it reaches without reading: past *, ** and **/.
  auto add = [&](std::vector<char>& set, std::size_t i) {
    for (; i <= n; ++i) {
      set[i] = 1;
      if (i == n) break;
      Token::Kind k = tokens[i].kind;
      if (k != Token::kStar && k != Token::kDoubleStar && k != Token::kDirs) break;
    }
  };
  add(states, 0);
  for (char c : text) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!states[i]) continue;
      const Token& t = tokens[i];
      switch (t.kind) {
        case Token::kChar:
          if (glob[t.at] == c) add(next, i + 1), any = true;
          break;
        case Token::kAny:
          if (c != '/') add(next, i + 1), any = true;
          break;
        case Token::kClass: {
          std::size_t at = t.at;
          if (c != '/' && match_class(glob, at, c)) add(next, i + 1), any = true;
          break;
        }
        case Token::kStar:
          if (c != '/') add(next, i), any = true;
          break;
        case Token::kDoubleStar:
          add(next, i), any = true;
          break;
        case Token::kDirs:
          add(next, i), any = true;  // inside the directories
          if (c == '/') add(next, i + 1);
          break;
      }
    }
    if (!any) return false;
    states.swap(next);
  }
  return states[n] != 0;
}

IgnoreRules::IgnoreRules(fs::path base, std::vector<std::string> globs)
    : base_(std::move(base)), globs_(std::move(globs)) {}

bool IgnoreRules::ignored(const fs::path& path, bool is_directory) const {
  if (globs_.empty()) return false;
  std::error_code ec;
  fs::path relative = fs::absolute(path, ec).lexically_normal().lexically_relative(base_);
  std::vector<std::string> parts;
  for (const fs::path& part : relative) {
    std::string s = part.string();
    if (!s.empty()) parts.push_back(s);
  }
  bool outside = parts.empty() || parts.front() == "..";
  for (std::string glob : globs_) {
    bool directory_only = glob.size() > 1 && glob.back() == '/';
    if (directory_only) glob.pop_back();
    bool anchored = glob.find('/') != std::string::npos;
    if (!glob.empty() && glob.front() == '/') glob.erase(0, 1);
    // Components that may be directories: all but the last unless the path is one.
    std::size_t last_dir = is_directory ? parts.size() : parts.size() - (parts.empty() ? 0 : 1);
    std::size_t limit = directory_only ? last_dir : parts.size();
    if (!anchored) {
      for (std::size_t i = 0; i < limit; ++i)
        if (parts[i] != ".." && glob_match(glob, parts[i])) return true;
    } else if (!outside) {
      std::string prefix;
      for (std::size_t i = 0; i < limit; ++i) {
        if (i) prefix += '/';
        prefix += parts[i];
        if (glob_match(glob, prefix)) return true;
      }
    }
  }
  return false;
}

bool is_article_extension(const fs::path& path) {
  std::string ext = lower_extension(path);
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}

InputFormat format_from_extension(const fs::path& path) {
  std::string ext = lower_extension(path);
  if (ext == ".txt") return InputFormat::text;
  if (ext == ".md" || ext == ".markdown") return InputFormat::markdown;
  if (ext == ".html" || ext == ".htm") return InputFormat::html;
  return InputFormat::automatic;
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
  if (name == "auto") return InputFormat::automatic;
  if (name == "text" || name == "txt") return InputFormat::text;
  if (name == "markdown" || name == "md") return InputFormat::markdown;
  if (name == "html") return InputFormat::html;
  if (name == "segments") return InputFormat::segments;
  return std::nullopt;
}

const char* input_format_name(InputFormat format) {
  switch (format) {
    case InputFormat::text: return "text";
    case InputFormat::markdown: return "markdown";
    case InputFormat::html: return "html";
    case InputFormat::segments: return "segments";
    default: return "auto";
  }
}

int library_format(InputFormat format) {
  switch (format) {
    case InputFormat::text: return COPYDESK_FORMAT_TEXT;
    case InputFormat::markdown: return COPYDESK_FORMAT_MARKDOWN;
    case InputFormat::html: return COPYDESK_FORMAT_HTML;
    default: return COPYDESK_FORMAT_AUTO;
  }
}

namespace {

const char* special_file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

void walk_directory(const fs::path& dir, const InputOptions& options, std::vector<InputFile>& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    out.push_back({display_of(dir), dir, false, InputFormat::automatic,
                   "cannot read directory: " + ec.message()});
    return;
  }
  std::vector<fs::path> subdirs;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::path& path = it->path();
    std::string name = path.filename().string();
    if (name.empty() || name.front() == '.') continue;  // hidden files and folders
    std::error_code type_ec;
    const bool link = it->is_symlink(type_ec);
    if (it->is_directory(type_ec) && !link) {
      if (!options.ignore || !options.ignore->ignored(path, true)) subdirs.push_back(path);
    } else if (link && it->is_directory(type_ec)) {
      // Not followed (a link may lead back up the tree: a loop): said, not skipped silently.
      if (!options.ignore || !options.ignore->ignored(path, true))
        out.push_back({display_of(path), path, false, InputFormat::automatic,
                       "skipped: a symbolic link to a directory (links to directories are not followed)", true});
    } else if (is_article_extension(path)) {
      if (options.ignore && options.ignore->ignored(path, false)) continue;
      if (it->is_regular_file(type_ec)) {
        InputFormat format = options.forced_format.value_or(format_from_extension(path));
        out.push_back({display_of(path), path, false, format, {}});
        continue;
      }
      std::string why;
      struct stat st {};
      if (link && !fs::exists(it->status(type_ec))) why = "a dangling symbolic link";
      else if (::stat(path.c_str(), &st) == 0) why = special_file_kind(st.st_mode);
      else why = std::string("cannot stat (") + std::strerror(errno) + ")";
      out.push_back({display_of(path), path, false, InputFormat::automatic,
                     "skipped: " + why + ", not a regular file", true});
    }
  }
  if (ec) {
    out.push_back({display_of(dir), dir, false, InputFormat::automatic,
                   "cannot read directory: " + ec.message()});
  }
  for (const fs::path& sub : subdirs) walk_directory(sub, options, out);
}

}  // namespace

std::vector<InputFile> collect_inputs(const std::vector<std::string>& paths,
                                      const InputOptions& options) {
  std::vector<InputFile> inputs;
  for (const std::string& arg : paths) {
    if (arg == "-") {
      inputs.push_back({options.stdin_name, {}, true,
                        options.forced_format.value_or(format_from_extension(options.stdin_name)),
                        {}});
      continue;
    }
    fs::path path(arg);
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      inputs.push_back({display_of(path), path, false, InputFormat::automatic,
                        "cannot read: " + std::string(ec ? ec.message() : "No such file or directory")});
      continue;
    }
    if (fs::is_directory(status)) {
      walk_directory(path, options, inputs);
      continue;
    }
    if (options.ignore && options.ignore->ignored(path, false)) continue;
    inputs.push_back({display_of(path), path, false,
                      options.forced_format.value_or(format_from_extension(path)), {}});
  }
  std::stable_sort(inputs.begin(), inputs.end(), [](const InputFile& a, const InputFile& b) {
    return a.display_path < b.display_path;
  });
  inputs.erase(std::unique(inputs.begin(), inputs.end(),
                           [](const InputFile& a, const InputFile& b) {
                             return a.display_path == b.display_path;
                           }),
               inputs.end());
  expand_archives(inputs, options);
  return inputs;
}

bool read_input(const InputFile& input, std::uint64_t max_bytes, std::string& content,
                std::string& error) {
  content.clear();
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one; only regular files are
  // read (a named FIFO, device or socket is refused, never waited on).
  int fd = input.from_stdin ? 0 : ::open(input.fs_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      if (!input.from_stdin) ::close(fd);
      error = "cannot read: Is a directory";
      return false;
    }
    if (!input.from_stdin && !S_ISREG(st.st_mode)) {
      ::close(fd);
      error = std::string("not scanned: ") + special_file_kind(st.st_mode) + ", not a regular file";
      return false;
    }
    if (!input.from_stdin) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (S_ISREG(st.st_mode)) {
      if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        if (!input.from_stdin) ::close(fd);
        error = "file is larger than the " + std::to_string(max_bytes) + "-byte limit";
        return false;
      }
      content.reserve(static_cast<std::size_t>(st.st_size));
    }
  }
  char buffer[65536];
  bool ok = true;
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::string("cannot read: ") + std::strerror(errno);
      ok = false;
      break;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    if (content.size() > max_bytes) {
      error = "file is larger than the " + std::to_string(max_bytes) + "-byte limit";
      ok = false;
      break;
    }
  }
  if (!input.from_stdin) ::close(fd);
  if (!ok) return false;
  const void* nul = std::memchr(content.data(), '\0', std::min(content.size(), kBinaryProbeBytes));
  if (nul) {
    error = "binary file (NUL byte at offset " +
            std::to_string(static_cast<const char*>(nul) - content.data()) + "), not scanned";
    return false;
  }
  return true;
}

}  // namespace copydesk::cli
