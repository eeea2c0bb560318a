// What `copydesk scan` knows about one scanned file, shared by the runner and the outputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace copydesk::cli {

// `segments`: a JSON file holding {"segments": [{"kind", "id", "text", "format"}, ...]}
// (docs/schema/segments.schema.json), scanned as one article in segments.
enum class InputFormat { automatic, text, markdown, html, segments };

struct Finding {
  std::string rule;
  std::string category;
  std::string message;
  std::string term;    // lexicon entry or pattern as written in the rule
  std::string folded;  // the matched text as folded for matching
  std::string text;    // exactly the bytes [start, end) of the file
  std::string explain; // filled with --explain only
  int severity = 0;    // COPYDESK_SEVERITY_*, after severity overrides
  std::uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
  std::uint64_t start = 0, end = 0;
  std::uint64_t start_utf16 = 0, end_utf16 = 0;
  std::uint64_t start_cp = 0, end_cp = 0;
  std::uint64_t context_hash = 0;
  std::string fingerprint;  // 16 hex digits; see baseline_file.h
  // The span in the visible text (the text view of HTML and Markdown; the text for plain text).
  std::uint64_t visible_start = 0, visible_end = 0;
  std::uint64_t visible_start_utf16 = 0, visible_end_utf16 = 0;
  std::uint64_t visible_start_cp = 0, visible_end_cp = 0;
  std::string visible_text;
  // Segments input only: the finding's segment (-1 otherwise). Offsets, lines and `text`
  // above are then those of that segment's text.
  int segment = -1;
  std::string segment_id, segment_kind;
};

// One segment of a segments input, as read from its JSON.
struct SegmentText {
  std::string kind = "body";  // a COPYDESK_SEGMENT_* name
  std::string id;
  std::string text;
  std::string format = "auto";
};

// An article read from an archive (a JSON Lines or WordPress WXR export): where it is and
// what the export says about it. Its title and body are scanned as segments "title" and "body".
struct ArchiveArticle {
  std::string archive;   // the archive's path as shown in outputs
  std::string id;        // the article's id in the export ("" when it has none)
  std::string title, date, status;
  std::string url;       // the article's address (WXR <link>, JSON Lines field), or ""
  std::string language;  // as the export gives it (JSON Lines field, WXR <language>), or ""
  std::uint64_t line = 0;  // the archive line the article starts on (1-based)
};

struct FileResult {
  std::string path;          // as shown in every output ("<stdin>" for -)
  bool from_stdin = false;
  std::string content;       // the bytes as read (kept for the text and html outputs)
  std::vector<SegmentText> segments;  // a segments input: its segments (texts kept likewise)
  InputFormat format = InputFormat::automatic;
  std::string error;         // non-empty: the file could not be scanned
  std::vector<std::string> warnings;
  std::vector<Finding> findings;  // ordered by start offset
  bool truncated = false;         // max_findings cut the list (a warning says so too)
  std::size_t suppressed_inline = 0;
  std::size_t suppressed_baseline = 0;
  // `copydesk rules diff`: the findings of the candidate rules (`findings` are the base's).
  std::vector<Finding> candidate_findings;
  bool is_article = false;   // an article of an archive: `article` says which
  ArchiveArticle article;
};

// Rule metadata from the ruleset, with the configured severity overrides applied.
struct RuleMeta {
  std::string id, category, title, message, description, references, source, languages;
  int severity = 0;
  std::string pack, pack_version;
};

}  // namespace copydesk::cli
