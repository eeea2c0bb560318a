// The match stage: every term and pattern of a ruleset in one Hyperscan
// database, scanned in one pass over the folded text.
//
// - Terms are literals compiled without SOM: a hit's start is its end minus the
//   literal's length. The token around it is then checked in C++: whole token,
//   Arabic proclitics and declared suffixes (tokens.h).
// - A pattern whose every match contains one of a few literals (RE2's FilteredRE2
//   analysis: "people", "dollars"...) is found by those literals, compiled as
//   plain literals; number patterns with long alternations would otherwise take
//   seconds to compile. RE2 finds its leftmost-longest spans in the sentences
//   around them.
// - Any other pattern is compiled as itself, without SOM_LEFTMOST (it cost more
//   than it saved); RE2 finds its spans in the paragraphs holding a match end.
// - A pattern Hyperscan refuses runs on RE2 alone (a warning: it is slower); one
//   neither engine accepts is a compile error.
// - Terms are also looked for in the text with spelled-out names joined and Arabizi
//   digits read as letters (evasions.h), when it has any.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "match/evasions.h"
#include "rules/diagnostics.h"
#include "rules/model.h"
#include "segment/layout.h"
#include "segment/segment.h"
#include "util/offset_map.h"

namespace copydesk::detail {

// A needle found in the folded text, token boundaries already checked.
struct Hit {
  uint32_t needle;
  uint32_t start;  // folded-text byte offsets, [start, end)
  uint32_t end;
};

class MatchDatabase {
 public:
  // Compiles every needle of `model`; problems go to `diags` (patterns name their
  // file, line and column). Returns null when a needle could not be compiled.
  static std::unique_ptr<MatchDatabase> build(const RuleModel& model, Diagnostics& diags, uint64_t regex_max_mem);
  // Rebuilds from bytes written by serialize(); throws Error(COPYDESK_E_VERSION) when
  // they do not fit this platform or this model.
  static std::unique_ptr<MatchDatabase> deserialize(const RuleModel& model, std::string_view bytes,
                                                    uint64_t regex_max_mem);
  std::string serialize() const;
  ~MatchDatabase();

  // How many patterns are in the one pass as themselves, found by their literals, or on RE2 alone.
  size_t patterns_in_one_pass() const;
  size_t patterns_on_re2_only() const { return re2_only_.size(); }
  size_t patterns_found_by_literals() const;

 private:
  friend class Matcher;
  // kAtoms: Hyperscan finds the literals every match must contain. kHyperscanEnds: the
  // pattern itself is in the database, reporting match ends. kRe2Only: Hyperscan refused
  // it; RE2 scans the whole text. RE2 extracts the spans in every case.
  // The values are stored in bundles: never renumber them.
  enum class PatternMode : uint8_t { kNotPattern = 0, kRe2Only = 2, kHyperscanEnds = 3, kAtoms = 4 };
  MatchDatabase() = default;
  // Patterns, the RE2 objects behind them and the RE2::Set of the patterns found by
  // literals are compiled on first use (thread-safe), so a bundle loads without them.
  void prepare_regexes(const RuleModel& model, uint64_t regex_max_mem);
  const RE2* regex(uint32_t needle) const;
  void index_atom_set();  // set_index_, once the modes are known
  // One RE2::Set of the patterns found by literals: a paragraph's candidates are checked
  // in one pass before any of them is searched for spans. Null when it cannot be built.
  const RE2::Set* atom_set() const;

  hs_database_t* db_ = nullptr;
  std::vector<PatternMode> modes_;            // per needle
  std::vector<std::string> patterns_;         // per needle: the folded pattern ("" for terms)
  uint64_t regex_max_mem_ = 0;
  mutable std::vector<std::unique_ptr<RE2>> regexes_;  // per needle, set once under regex_once_
  std::unique_ptr<std::once_flag[]> regex_once_;
  mutable std::unique_ptr<RE2::Set> atom_set_;
  mutable std::once_flag atom_set_once_;
  std::vector<uint32_t> re2_only_;             // needles RE2 scans alone
  std::vector<uint32_t> repeated_paragraph_;   // kRepeatedParagraph needles
  std::vector<uint32_t> atom_owner_;           // Hyperscan id (needle count + k) -> pattern needle
  std::vector<int> set_index_;                 // per needle: index in the atom set, or -1
  uint64_t needle_signature_ = 0;             // guards a bundle against a different model
  uint32_t max_term_length_ = 0;              // the longest term literal, in bytes
};

// Per-thread matching state: Hyperscan scratch and hit buffers, reused across scans.
class Matcher {
 public:
  explicit Matcher(const MatchDatabase& db);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Finds every hit in `folded`. `view` and `fold_map` serve the case-exact check
  // (the case of the written text, which folding removed). `layout` (null: one body segment)
  // keeps captions, pull quotes and asides out of the repeated-paragraph comparison.
  void find(const RuleModel& model, std::string_view folded, const Segmentation& segments, std::string_view view,
            const OffsetMap& fold_map, std::vector<Hit>& out, const SegmentLayout* layout = nullptr);

 private:
  struct TermEnd {     // a term literal Hyperscan found: its start follows from its length
    uint32_t needle;
    uint32_t to;
  };
  struct PatternEnd {  // a pattern's literal or match end, and the paragraph RE2 searches
    uint32_t needle;
    uint32_t paragraph;
    uint32_t to;
  };
  static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void* ctx);
  void find_repeated_paragraphs(std::string_view folded, const Segmentation& segments, const SegmentLayout* layout,
                                std::vector<Hit>& out);
  // Terms in the spelled-out and Arabizi spellings of the text (evasions.h).
  void find_evasions(const RuleModel& model, std::string_view folded, std::string_view view, const OffsetMap& fold_map,
                     std::vector<Hit>& out);
  // Hyperscan over `text`, into term_ends_ and pattern_ends_, with ends moved by `offset`.
  void scan(std::string_view text, uint32_t offset = 0);
  // RE2 matches of needle `id` in folded[from, to), token edges checked.
  void search_with_re2(const RuleModel& model, uint32_t id, std::string_view folded, uint32_t from, uint32_t to,
                       std::vector<Hit>& out) const;

  const MatchDatabase& db_;
  hs_scratch_t* scratch_ = nullptr;
  std::vector<TermEnd> term_ends_;
  std::vector<int> set_matches_;
  std::unordered_set<std::string_view> seen_paragraphs_;
  std::vector<PatternEnd> pattern_ends_;  // kAtoms literal ends and kHyperscanEnds match ends
  EvasionText evasions_;
  uint32_t scan_offset_ = 0;  // added to the ends of the current scan
};

}  // namespace copydesk::detail
