// Stems of folded words, for term sets that match every inflection of a word
// (`stem = "ar" | "en" | "fr"` in docs/rules.md): Snowball's stemmers (libstemmer)
// with light steps of copydesk's own before and after, because they see folded text:
//
// - fr: a verb's third person plural "-ent" (in a word of eight letters or more: not "parent")
//   is read as "-e" before Snowball (which keeps
//   "affirment", "insistent" whole), so every person of a verb has one stem;
// - ar: a conjunction و/ف is taken off a word of four letters or more before Snowball
//   (which strips one prefix: "والمصادر"). The imperfect's person prefixes stay (Snowball
//   keeps them, and reading ت as ي would make "تحدث" "يحدث"): "يقول" and "تقول" are two terms.
// - en: Snowball's English (Porter 2) alone. Irregular forms ("said", "told") are terms of
//   their own.
//
// A Stemmer is not thread-safe: one per scanner.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace copydesk::detail {

// The words of folded text as stemmed terms see them: runs of word characters
// (fold/is_word_char); a term's words may stand one space, an apostrophe or a hyphen apart
// in the text ("according to", "d'après", "a-t-il").
std::vector<std::string> stem_words(std::string_view folded);

// Whether `language` names a stemmer: "ar", "en" or "fr".
bool stem_language_known(std::string_view language);

class Stemmer {
 public:
  explicit Stemmer(std::string_view language);  // one of stem_language_known's
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of one folded word (no spaces). Valid until the next call.
  std::string_view stem(std::string_view word);

 private:
  sb_stemmer* stemmer_ = nullptr;
  char language_ = 0;  // 'a', 'e', 'f'
  std::string buffer_;
  std::string out_;
};

}  // namespace copydesk::detail
