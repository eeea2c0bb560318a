// Recognisers: what a list of terms or one regex cannot say, found in the evaluate stage
// on the folded text and the hits of the term sets a rule gives them by role
// (rules/recognisers.h). Each returns hits of its rule's match group, which then meet
// the rule's conditions like any other hit.
//
// figure: a number quantifies the word after it. A number is a run of digits (with the
// thousands groups and decimals of "3,000", "3.5", "45 000", an Arabic proclitic "و18",
// a glued unit "73سنتا", "40pc"), or a term of `numbers`; terms of `multipliers` (and
// further numbers: "خمسة وعشرون", "three hundred") scale it, and after a multiplier
// French "de"/"d'" may stand before the noun. The word after the number is its unit: the
// number is a figure unless that word is on the stop-list `not_units` (time, date, age,
// measure, score, function words), or is missing (punctuation, end of sentence). Not
// figures either: a year (four digits from 1800 to 2100 alone), a time or date ("10:30",
// "12/5"), a score or split ("2-1"), a number inside a name ("G7", "F-16"), a number
// after a word of `not_before` ("page 12", "article 49", "القرار 2253", "the 300").
// A term of `after_noun` quantifies the word before it ("شرطيين اثنين").
//
// vague_source: a noun of an unnamed source (`nouns`) with a speech verb (`speech`) up to
// five words after it, or a speech verb or a prelude ("according to", "selon", "بحسب") up to
// four words before it, in one sentence, with no mark between them but a comma, an apostrophe
// or a hyphen; unless a term of `named` starts within four words after the noun. The span runs
// from the first of the two to the end of the second.
//
// quote: see rules/recognisers.h. Marks pair within a paragraph: an opening « “ „ opens, a
// closing » ” closes the quotation it opened (nested pairs stay inside it), a straight " opens
// or closes; a mark left open at the paragraph's end opens nothing. The span is the quotation
// with its marks.
//
// Runs in time linear in the text and the role hits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "match/matcher.h"
#include "rules/model.h"
#include "segment/segment.h"
#include "util/offset_map.h"

namespace copydesk::detail {

// Hits of one group, sorted by start: [begin, end) of the evaluator's index.
struct GroupHits {
  const Hit* begin;
  const Hit* end;
};

class Recognisers {
 public:
  // The text the fold read and its map (see EvaluateOptions); the quote recogniser reads the
  // direction of each quote mark there.
  void set_source(std::string_view view, const OffsetMap* map) {
    view_ = view;
    map_ = map;
  }
  // Appends to `out` the hits of every recogniser needle of `model`. `group(g)` gives the
  // hits of group g sorted by start.
  template <class GroupFn>
  void run(const RuleModel& model, std::string_view folded, const Segmentation& segments, GroupFn group,
           std::vector<Hit>& out) {
    for (uint32_t needle : model.recognisers) {
      const Needle& n = model.needles[needle];
      roles_.assign(n.roles.size(), {});
      for (size_t r = 0; r < n.roles.size(); ++r)
        for (uint32_t g : n.roles[r]) {
          GroupHits h = group(g);
          roles_[r].insert(roles_[r].end(), h.begin, h.end);
        }
      prepare_roles();
      literals_ = &n.role_literals;
      if (n.recogniser == "figure") figures(needle, folded, out);
      else if (n.recogniser == "vague_source") vague_sources(needle, folded, segments, out);
      else if (n.recogniser == "quote") quotes(needle, folded, segments, out);
    }
  }

  struct Token {
    uint32_t start, end;
    enum Type : uint8_t { kDigits, kWord, kMark } type;
    bool glued;  // no whitespace between it and the token before
  };
  // The tokens of `folded`: runs of ASCII digits, runs of other word characters, and each
  // other non-space character. Exposed for the unit test.
  static void tokenize(std::string_view folded, std::vector<Token>& out);

 private:
  void prepare_roles();
  // Whether `word` is a term of role `r` (Needle::role_literals).
  bool role_has(size_t r, std::string_view word) const;
  // The end of the longest hit of role `r` starting at `pos`, or 0.
  uint32_t role_at(size_t r, uint32_t pos) const;
  void figures(uint32_t needle, std::string_view folded, std::vector<Hit>& out);
  void vague_sources(uint32_t needle, std::string_view folded, const Segmentation& segments, std::vector<Hit>& out);
  void quotes(uint32_t needle, std::string_view folded, const Segmentation& segments, std::vector<Hit>& out);
  // Whether a hit of role `r` lies in [lo, hi).
  bool role_in(size_t r, uint32_t lo, uint32_t hi) const;

  std::vector<std::vector<Hit>> roles_;  // per role, sorted by start then longest first
  const std::vector<std::vector<std::string>>* literals_ = nullptr;
  std::vector<Token> tokens_;
  std::string_view view_;
  const OffsetMap* map_ = nullptr;
};

}  // namespace copydesk::detail
