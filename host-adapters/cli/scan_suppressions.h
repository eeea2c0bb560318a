// Inline suppressions written as HTML comments in Markdown and HTML articles:
//   <!-- copydesk-disable-next-line RULE -->   the line after the comment
//   <!-- copydesk-disable RULE -->  ...  <!-- copydesk-enable RULE -->
// RULE is a rule id, a pack, a category, several of them separated by commas or spaces, or
// nothing (every rule). Text after " -- " is a free-form reason.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lsp_positions.h"
#include "scan_lines.h"
#include "scan_model.h"

namespace copydesk::cli {

class Suppressions {
 public:
  // Reads every directive in `content`. Problems (unknown directive, unknown rule, an enable
  // without a disable) are appended to `warnings` as "line N: ...".
  Suppressions(std::string_view content, const LineIndex& lines,
               const std::function<bool(const std::string&)>& is_known_target,
               std::vector<std::string>& warnings);

  bool empty() const { return next_lines_.empty() && ranges_.empty(); }
  // `line` is the line of finding.start as LineIndex counts it.
  bool suppresses(const Finding& finding, std::uint32_t line) const;

 private:
  struct NextLine {
    std::uint32_t line;
    std::vector<std::string> targets;  // empty: every rule
  };
  struct Range {
    std::size_t begin, end;
    std::string target;  // empty: every rule
  };
  std::vector<NextLine> next_lines_;
  std::vector<Range> ranges_;
};

// Text to insert so that a finding of `rule` is no longer reported, for editors' quick fixes
// (the syntax above). The article is Markdown or HTML (plain text has no comments).
struct SuppressionEdit {
  std::size_t offset;   // insert at this byte of the article
  std::string text;
};
// For the finding whose first byte is on line `line` (0-based, lines as LineTable counts
// them): `rule` added to a copydesk-disable-next-line comment that ends the line above, else
// a new one on a line of its own above it (same indentation), or at the end of the line
// above when that is a line of Markdown text (a comment line would split its paragraph or
// list).
SuppressionEdit suppress_on_line(std::string_view content, const LineTable& lines, std::uint32_t line,
                                 const std::string& rule, InputFormat format);
// copydesk-disable `rule` at the top of the article (after YAML front matter or a doctype).
SuppressionEdit suppress_in_document(std::string_view content, const LineTable& lines,
                                     const std::string& rule, InputFormat format);

// True when `target` (a rule id, pack or category; empty = all) covers the finding's rule.
bool target_covers(const std::string& target, const std::string& rule, const std::string& category);

}  // namespace copydesk::cli
