// Archives of articles as newsrooms export them, for `copydesk scan` and `copydesk rules diff`:
//
//   JSON Lines (.jsonl, .ndjson): one article a line, a JSON object with an id, a title, a
//     body, its format and a date (the field names are configurable: --jsonl-fields);
//   WordPress export, WXR (.xml, .wxr): the <item>s of <rss><channel>, each a post or page
//     with wp:post_id, title, content:encoded (HTML), wp:post_date and wp:status.
//
// An archive named on the command line (or any input with --input-format jsonl|wxr) is
// expanded into one InputFile per article, in archive order, each scanned like a segments
// input: the title as a "title" headline segment (text), the body as a "body" segment.
// JSON Lines articles are read by their workers (only the line offsets are kept); a WXR file
// is parsed whole (pugixml) when the inputs are collected. A malformed line or a malformed
// XML document is an error entry that says where; every other article is still scanned.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan_model.h"

namespace copydesk::cli {

struct InputFile;
struct InputOptions;

enum class ArchiveKind { none, jsonl, wxr };

// "jsonl" / "wxr" (the --input-format names of archives); nullopt for anything else.
std::optional<ArchiveKind> parse_archive_format(std::string_view name);
// .jsonl and .ndjson are JSON Lines, .xml and .wxr WordPress exports (any case).
ArchiveKind archive_kind_from_extension(std::string_view path);

// The JSON Lines field names of each part of an article.
struct JsonlFields {
  std::string id = "id", title = "title", body = "body", format = "format", date = "date",
              language = "language", url = "url";
};
// Items "part=NAME" (part: id, title, body, format, date, language, url). On error returns false with
// `error` saying which item is wrong.
bool parse_jsonl_fields(const std::vector<std::string>& items, JsonlFields& fields, std::string& error);

// What an InputFile of an archive's article carries.
struct ArchiveEntry {
  ArchiveKind kind = ArchiveKind::none;
  std::string archive;          // the archive's display path
  std::uint64_t line = 0;       // where the article starts
  // JSON Lines: the line's bytes [offset, offset + length) of the archive file, or of
  // `buffer` when the archive was read whole (standard input).
  std::uint64_t offset = 0, length = 0;
  std::shared_ptr<const std::string> buffer;
  std::shared_ptr<const JsonlFields> fields;
  // WXR: the article, already read.
  ArchiveArticle article;
  std::vector<SegmentText> segments;
};

// Replaces every archive among `inputs` by its articles (in place, in archive order).
// An archive that cannot be read, or the part of one that cannot be parsed, becomes an
// error entry saying where ("line 12, column 5: ..."). `fields` names the JSON Lines fields.
void expand_archives(std::vector<InputFile>& inputs, const InputOptions& options);

// Reads the article of `input` (which has an archive entry) into `result`: path
// ("ARCHIVE#ID", or "ARCHIVE:LINE" when it has no id), article, segments and format
// (segments). Returns false with result.error set when the article is malformed.
bool load_archive_article(const InputFile& input, std::uint64_t max_bytes, FileResult& result);

}  // namespace copydesk::cli
