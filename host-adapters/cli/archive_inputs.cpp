#include "archive_inputs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "scan_inputs.h"

namespace copydesk::cli {

namespace {

using nlohmann::json;

// The largest archive read whole (a WXR file, or JSON Lines on standard input).
constexpr std::uint64_t kMaxWholeArchiveBytes = 4ull << 30;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// 1-based line and column (in code points) of byte offset `pos` in `text`.
struct Position {
  std::uint64_t line = 1, column = 1;
};
Position position_of(std::string_view text, std::size_t pos) {
  Position p;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') p.line++, p.column = 1;
    else if ((c & 0xC0) != 0x80) ++p.column;
  }
  return p;
}

// Line numbers of many increasing offsets in one pass.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::uint64_t line_of(std::size_t pos) {
    if (pos < at_) at_ = 0, line_ = 1;
    for (; at_ < pos && at_ < text_.size(); ++at_)
      if (text_[at_] == '\n') ++line_;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  std::uint64_t line_ = 1;
};

InputFile error_entry(const InputFile& archive, std::string display, std::string error) {
  InputFile entry = archive;
  entry.display_path = std::move(display);
  entry.error = std::move(error);
  entry.archive.reset();
  return entry;
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// JSON Lines: one entry per non-blank line, by offset; the lines are parsed by the workers.
void expand_jsonl(const InputFile& archive, const InputOptions& options, std::vector<InputFile>& out) {
  auto add = [&](std::uint64_t line, std::uint64_t offset, std::uint64_t length,
                 const std::shared_ptr<const std::string>& buffer) {
    auto entry = std::make_shared<ArchiveEntry>();
    entry->kind = ArchiveKind::jsonl;
    entry->archive = archive.display_path;
    entry->line = line;
    entry->offset = offset;
    entry->length = length;
    entry->buffer = buffer;
    entry->fields = options.jsonl_fields;
    InputFile input = archive;
    input.display_path = archive.display_path + ":" + std::to_string(line);
    input.format = InputFormat::segments;
    input.archive = std::move(entry);
    out.push_back(std::move(input));
  };
  auto split = [&](std::string_view text, std::uint64_t base, std::uint64_t& line,
                   const std::shared_ptr<const std::string>& buffer, std::string& carry, bool last) {
    // `carry` holds the start of an unfinished line (files are read in chunks).
    std::size_t start = 0;
    while (true) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) {
        if (last) {
          std::string_view rest = text.substr(start);
          if (!blank(rest)) add(line, base + start, rest.size(), buffer);
        } else {
          carry.assign(text.substr(start));
        }
        return;
      }
      std::string_view one = text.substr(start, nl - start);
      if (!blank(one)) add(line, base + start, one.size(), buffer);
      ++line;
      start = nl + 1;
    }
  };

  std::uint64_t line = 1;
  std::string carry;
  if (archive.from_stdin) {
    std::string content, error;
    if (!read_input(archive, kMaxWholeArchiveBytes, content, error)) {
      out.push_back(error_entry(archive, archive.display_path, error));
      return;
    }
    auto buffer = std::make_shared<const std::string>(std::move(content));
    split(*buffer, 0, line, buffer, carry, true);
    return;
  }
  // A file: read in chunks, only the offsets kept. Lines may be longer than a chunk.
  int fd = ::open(archive.fs_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.push_back(error_entry(archive, archive.display_path, std::string("cannot read: ") + std::strerror(errno)));
    return;
  }
  std::vector<char> chunk(1 << 20);
  std::uint64_t offset = 0;    // of chunk[0] in the file
  std::uint64_t line_start = 0, line_no = 1;
  bool line_blank = true;
  while (true) {
    ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      out.push_back(error_entry(archive, archive.display_path, std::string("cannot read: ") + std::strerror(errno)));
      break;
    }
    for (ssize_t i = 0; i < n; ++i) {
      char c = chunk[static_cast<std::size_t>(i)];
      if (c == '\n') {
        if (!line_blank) add(line_no, line_start, offset + i - line_start, nullptr);
        ++line_no;
        line_start = offset + i + 1;
        line_blank = true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        line_blank = false;
      }
    }
    offset += static_cast<std::uint64_t>(std::max<ssize_t>(n, 0));
    if (n == 0) {
      if (!line_blank) add(line_no, line_start, offset - line_start, nullptr);
      break;
    }
  }
  ::close(fd);
}

// The text of an element: its PCDATA and CDATA children joined (WordPress splits a "]]>" in
// a post into two CDATA sections).
std::string element_text(const pugi::xml_node& node) {
  std::string text;
  for (const pugi::xml_node& child : node.children())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
  return text;
}

// Post types that are not articles.
bool is_article_type(std::string_view type) {
  static constexpr std::string_view kNotArticles[] = {
      "attachment", "nav_menu_item", "revision", "wp_navigation", "wp_template", "wp_template_part",
      "wp_global_styles", "wp_block", "customize_changeset", "custom_css", "oembed_cache",
      "user_request", "wp_font_face", "wp_font_family"};
  return std::find(std::begin(kNotArticles), std::end(kNotArticles), type) == std::end(kNotArticles);
}

// WXR: the whole document parsed, one entry per post or page.
void expand_wxr(const InputFile& archive, std::vector<InputFile>& out) {
  std::string content, error;
  if (!read_input(archive, kMaxWholeArchiveBytes, content, error)) {
    out.push_back(error_entry(archive, archive.display_path, error));
    return;
  }
  pugi::xml_document doc;
  // parse_default: CDATA, entities, end-of-line normalization. Offsets stay those of `content`.
  pugi::xml_parse_result parsed =
      doc.load_buffer(content.data(), content.size(), pugi::parse_default, pugi::encoding_utf8);
  pugi::xml_node channel = doc.child("rss").child("channel");
  if (parsed && !channel) {
    out.push_back(error_entry(archive, archive.display_path,
                              "not a WordPress export (WXR): no <rss><channel> element"));
    return;
  }
  // On a parse error pugixml keeps what it read before; the last item may be cut short, so
  // only the items followed by another one are complete.
  std::vector<pugi::xml_node> items;
  for (pugi::xml_node item : channel.children("item")) items.push_back(item);
  std::uint64_t first_unscanned_line = 0;
  const std::string language = element_text(channel.child("language"));  // "en-US"
  LineCounter lines(content);
  if (!parsed && !items.empty()) {
    first_unscanned_line = lines.line_of(static_cast<std::size_t>(std::max<std::ptrdiff_t>(items.back().offset_debug(), 0)));
    items.pop_back();
    lines = LineCounter(content);
  }
  for (const pugi::xml_node& item : items) {
    const std::string type = item.child_value("wp:post_type");
    const std::string status = item.child_value("wp:status");
    if (!is_article_type(type) || status == "trash" || status == "auto-draft") continue;
    auto entry = std::make_shared<ArchiveEntry>();
    entry->kind = ArchiveKind::wxr;
    entry->archive = archive.display_path;
    entry->line = lines.line_of(static_cast<std::size_t>(std::max<std::ptrdiff_t>(item.offset_debug(), 0)));
    ArchiveArticle& a = entry->article;
    a.archive = archive.display_path;
    a.id = item.child_value("wp:post_id");
    if (a.id.empty()) a.id = element_text(item.child("guid"));
    a.title = element_text(item.child("title"));
    a.date = item.child_value("wp:post_date");
    if (a.date.empty()) a.date = item.child_value("pubDate");
    a.status = status;
    a.language = language;
    a.url = element_text(item.child("link"));
    a.line = entry->line;
    if (!a.title.empty()) entry->segments.push_back({"headline", "title", a.title, "text"});
    entry->segments.push_back({"body", "body", element_text(item.child("content:encoded")), "html"});
    InputFile input = archive;
    input.display_path = a.id.empty() ? archive.display_path + ":" + std::to_string(a.line)
                                      : archive.display_path + "#" + a.id;
    input.format = InputFormat::segments;
    input.archive = std::move(entry);
    out.push_back(std::move(input));
  }
  if (!parsed) {
    Position p = position_of(content, static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)));
    std::string message = "not well-formed XML: line " + std::to_string(p.line) + ", column " +
                          std::to_string(p.column) + ": " + parsed.description();
    if (first_unscanned_line)
      message += "; the posts from line " + std::to_string(first_unscanned_line) + " on are not scanned";
    out.push_back(error_entry(archive, archive.display_path, message));
  }
}

std::string json_scalar(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float()) return value.dump();
  return {};
}

}  // namespace

std::optional<ArchiveKind> parse_archive_format(std::string_view name) {
  if (name == "jsonl") return ArchiveKind::jsonl;
  if (name == "wxr") return ArchiveKind::wxr;
  return std::nullopt;
}

ArchiveKind archive_kind_from_extension(std::string_view path) {
  const std::string p = lower(path);
  if (ends_with(p, ".jsonl") || ends_with(p, ".ndjson")) return ArchiveKind::jsonl;
  if (ends_with(p, ".xml") || ends_with(p, ".wxr")) return ArchiveKind::wxr;
  return ArchiveKind::none;
}

bool parse_jsonl_fields(const std::vector<std::string>& items, JsonlFields& fields, std::string& error) {
  for (const std::string& item : items) {
    std::size_t eq = item.find('=');
    std::string part = item.substr(0, eq);
    std::string name = eq == std::string::npos ? "" : item.substr(eq + 1);
    std::string* slot = part == "id" ? &fields.id : part == "title" ? &fields.title
                      : part == "body" ? &fields.body : part == "format" ? &fields.format
                      : part == "date" ? &fields.date : part == "language" ? &fields.language
                      : part == "url" ? &fields.url : nullptr;
    if (!slot || name.empty()) {
      error = "'" + item + "': expected PART=FIELD, PART one of id, title, body, format, date, language or url";
      return false;
    }
    *slot = name;
  }
  return true;
}

void expand_archives(std::vector<InputFile>& inputs, const InputOptions& options) {
  auto kind_of = [&](const InputFile& input) {
    if (!input.error.empty() || input.archive) return ArchiveKind::none;
    if (options.forced_archive) return *options.forced_archive;
    return archive_kind_from_extension(input.from_stdin ? options.stdin_name : input.fs_path.string());
  };
  if (std::none_of(inputs.begin(), inputs.end(), [&](const InputFile& i) { return kind_of(i) != ArchiveKind::none; }))
    return;
  std::vector<InputFile> expanded;
  expanded.reserve(inputs.size());
  for (InputFile& input : inputs) {
    switch (kind_of(input)) {
      case ArchiveKind::jsonl: expand_jsonl(input, options, expanded); break;
      case ArchiveKind::wxr: expand_wxr(input, expanded); break;
      default: expanded.push_back(std::move(input));
    }
  }
  inputs = std::move(expanded);
}

bool load_archive_article(const InputFile& input, std::uint64_t max_bytes, FileResult& result) {
  const ArchiveEntry& entry = *input.archive;
  result.format = InputFormat::segments;
  result.is_article = true;
  if (entry.kind == ArchiveKind::wxr) {
    result.article = entry.article;
    result.segments = entry.segments;
    return true;
  }
  // JSON Lines: read and parse the line.
  const std::string where = "line " + std::to_string(entry.line);
  if (entry.length > max_bytes) {
    result.error = where + ": longer than the " + std::to_string(max_bytes) + "-byte limit, not scanned";
    return false;
  }
  std::string text;
  if (entry.buffer) {
    text = entry.buffer->substr(entry.offset, entry.length);
  } else {
    int fd = ::open(input.fs_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      result.error = std::string("cannot read: ") + std::strerror(errno);
      return false;
    }
    text.resize(entry.length);
    std::size_t got = 0;
    while (got < text.size()) {
      ssize_t n = ::pread(fd, text.data() + got, text.size() - got, static_cast<off_t>(entry.offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (got != text.size()) {
      result.error = where + ": cannot read: the file changed while it was scanned";
      return false;
    }
  }
  if (!text.empty() && text.back() == '\r') text.pop_back();
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 27: syntax error ..."
    if (std::size_t colon = what.find(": ", what.find("column ")); colon != std::string::npos)
      what = what.substr(colon + 2);
    Position p = position_of(text, e.byte ? e.byte - 1 : 0);
    result.error = where + ", column " + std::to_string(p.column) + ": not valid JSON: " + what;
    return false;
  }
  if (!doc.is_object()) {
    result.error = where + ": not a JSON object (one article a line: {\"id\": ..., \"body\": ...})";
    return false;
  }
  const JsonlFields& fields = *entry.fields;
  ArchiveArticle& a = result.article;
  a.archive = entry.archive;
  a.line = entry.line;
  auto field = [&](const std::string& name) -> const json* {
    auto it = doc.find(name);
    return it == doc.end() || it->is_null() ? nullptr : &*it;
  };
  if (const json* id = field(fields.id)) a.id = json_scalar(*id);
  if (!a.id.empty()) result.path = entry.archive + "#" + a.id;
  const json* body = field(fields.body);
  if (!body || !body->is_string()) {
    result.error = where + ": " + (body ? "field '" + fields.body + "' is not a string"
                                        : "no field '" + fields.body + "' (the article's text") +
                   (body ? "" : "; --jsonl-fields body=NAME names another field)");
    return false;
  }
  std::string format = "auto";
  if (const json* f = field(fields.format)) {
    std::optional<InputFormat> parsed = f->is_string() ? parse_input_format(f->get<std::string>()) : std::nullopt;
    if (!parsed || *parsed == InputFormat::segments) {
      result.error = where + ": field '" + fields.format + "': expected auto, text, markdown or html";
      return false;
    }
    format = input_format_name(*parsed);
  }
  if (const json* t = field(fields.title); t && t->is_string()) a.title = t->get<std::string>();
  if (const json* d = field(fields.date)) a.date = json_scalar(*d);
  if (const json* l = field(fields.language); l && l->is_string()) a.language = l->get<std::string>();
  if (const json* u = field(fields.url); u && u->is_string()) a.url = u->get<std::string>();
  if (!a.title.empty()) result.segments.push_back({"headline", "title", a.title, "text"});
  result.segments.push_back({"body", "body", body->get<std::string>(), format});
  return true;
}

}  // namespace copydesk::cli
