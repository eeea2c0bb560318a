// The benchmark's deterministic inputs: news-like articles in Arabic, English and
// French, and a 10,000-name lexicon written as a rule pack.
//
// Nothing here reads the disk or the clock: the same seed gives the same bytes on
// every machine, so two runs (or two commits) scan exactly the same text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace copydesk::bench {

enum class Language { kArabic, kEnglish, kFrench };
inline constexpr Language kLanguages[] = {Language::kArabic, Language::kEnglish, Language::kFrench};
const char* language_code(Language lang);  // "ar", "en", "fr"

// 10,000 two- and three-word person and organization names: the even indices
// Arabic, the odd ones Latin (English and French), all distinct.
std::vector<std::string> make_lexicon(size_t count = 10000);

// Writes the lexicon as pack `benchlex` (pack.toml, names.toml with one rule, and
// lists/names.txt) under `dir`/benchlex, so it can be compiled next to rules/.
void write_lexicon_pack(const std::string& dir, const std::vector<std::string>& lexicon);

struct CorpusStats {
  size_t sentences = 0;
  size_t lexicon_insertions = 0;  // sentences that carry a lexicon name
  size_t organization_mentions = 0;
  size_t vague_sources = 0;
  size_t unsourced_figures = 0;
  size_t bare_quotes = 0;
};

// Articles of one language: `total_bytes` in all, each between `min_bytes` and
// `max_bytes` (UTF-8 bytes). Sentences of 8-25 words with names, places, numbers,
// quotes and sources; a lexicon name in about a quarter of them (half drawn from
// the first 100 names, a quarter from 100-999, a quarter from the rest), and the
// hits the shipped packs look for (organizations, vague sources, unsourced figures,
// unattributed quotes) at the rates news copy has them.
std::vector<std::string> make_articles(Language lang, size_t total_bytes, size_t min_bytes, size_t max_bytes,
                                       const std::vector<std::string>& lexicon, uint64_t seed,
                                       CorpusStats* stats = nullptr);

}  // namespace copydesk::bench
