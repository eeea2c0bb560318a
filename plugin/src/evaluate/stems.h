// Terms of sets with `stem` (docs/rules.md, "Stemmed term sets"): found on the stems of the
// text's words, so that "says", "saying" and "say" are one term, and
// "ويؤكد", "تؤكد" and "يؤكد" another. A word is stemmed once per language that has such
// terms: Arabic-script words by the Arabic stemmer, Latin words by the English and French
// ones — by the one of the paragraph's language: English and French share the alphabet and
// not their stems ("not" is English, and French's stem of "noter"), so a paragraph is read
// as English or French by its commonest function words ("the", "and", "of" / "le", "les",
// "des"), or as the article is where it has too few to tell. A term of several words matches the same stems in a row, one space, an apostrophe or
// a hyphen apart ("according to", "d'après", "a-t-il").
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fold/stem.h"
#include "match/matcher.h"
#include "rules/model.h"
#include "segment/segment.h"

namespace copydesk::detail {

class StemFinder {
 public:
  // Appends the hits of the model's stemmed terms in `folded`.
  void find(const RuleModel& model, std::string_view folded, const Segmentation& segments, std::vector<Hit>& out);

 private:
  struct Word {
    uint32_t start, end;
    bool arabic;
    char latin;   // for a Latin word: 'e' or 'f' (its paragraph's language), or 0 for both
    bool joined;  // one space, an apostrophe or a hyphen from the word before
  };
  std::vector<Word> words_;
  std::map<std::string, std::unique_ptr<Stemmer>, std::less<>> stemmers_;
  std::vector<std::string> stems_;  // of words_, for one language
  std::string key_;
};

}  // namespace copydesk::detail
