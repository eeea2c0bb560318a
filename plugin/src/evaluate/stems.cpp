#include "evaluate/stems.h"

#include "fold/fold.h"
#include "segment/segment.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

// Function words that tell English from French: +1 for English, -1 for French.
int language_vote(std::string_view w) {
  static constexpr std::string_view kEnglish[] = {"the", "and", "of", "to", "is", "was", "that", "with", "for", "on", "are", "has", "have", "it", "by"};
  static constexpr std::string_view kFrench[] = {"le", "la", "les", "des", "et", "est", "une", "du", "dans", "pour", "qui", "que", "sur", "au", "pas", "il", "ont"};
  for (std::string_view e : kEnglish)
    if (w == e) return 1;
  for (std::string_view f : kFrench)
    if (w == f) return -1;
  return 0;
}

}  // namespace

void StemFinder::find(const RuleModel& model, std::string_view folded, const Segmentation& segments,
                      std::vector<Hit>& out) {
  if (model.stem_needles.empty()) return;
  words_.clear();
  size_t i = 0;
  uint32_t last_end = 0;
  while (i < folded.size()) {
    Decoded d = decode_utf8(folded, i);
    if (!is_word_char(d.cp)) {
      i += d.len;
      continue;
    }
    uint32_t start = static_cast<uint32_t>(i);
    bool arabic = d.cp >= 0x0600 && d.cp <= 0x06FF;
    while (i < folded.size()) {
      Decoded e = decode_utf8(folded, i);
      if (!is_word_char(e.cp)) break;
      i += e.len;
    }
    std::string_view gap = folded.substr(last_end, start - last_end);
    bool joined = !words_.empty() && gap.size() == 1 && (gap[0] == ' ' || gap[0] == '\'' || gap[0] == '-');
    words_.push_back({start, static_cast<uint32_t>(i), arabic, 0, joined});
    last_end = static_cast<uint32_t>(i);
  }
  // The language of each paragraph's Latin words, then of the article where a paragraph says
  // too little (a margin of two votes).
  {
    int article = 0;
    size_t w = 0;
    std::vector<int> votes(segments.paragraph_count(), 0);
    for (const Word& word : words_) {
      int v = word.arabic ? 0 : language_vote(folded.substr(word.start, word.end - word.start));
      votes[segments.paragraph_of(word.start)] += v;
      article += v;
    }
    char fallback = article >= 2 ? 'e' : article <= -2 ? 'f' : 0;
    for (; w < words_.size(); ++w) {
      int v = votes[segments.paragraph_of(words_[w].start)];
      words_[w].latin = v >= 2 ? 'e' : v <= -2 ? 'f' : fallback;
    }
  }
  for (std::string_view language : {std::string_view("ar"), std::string_view("en"), std::string_view("fr")}) {
    // Skip a language no term needs.
    bool any = false;
    for (uint32_t n : model.stem_needles)
      if (model.needles[n].stem_language == language) {
        any = true;
        break;
      }
    if (!any) continue;
    auto it = stemmers_.find(language);
    if (it == stemmers_.end()) it = stemmers_.emplace(std::string(language), std::make_unique<Stemmer>(language)).first;
    Stemmer& stemmer = *it->second;
    const bool arabic = language == "ar";
    stems_.assign(words_.size(), std::string());
    for (size_t w = 0; w < words_.size(); ++w)
      if (words_[w].arabic == arabic && (arabic || !words_[w].latin || words_[w].latin == language[0]))
        stems_[w] = stemmer.stem(folded.substr(words_[w].start, words_[w].end - words_[w].start));
    for (size_t w = 0; w < words_.size(); ++w) {
      if (stems_[w].empty()) continue;
      key_.assign(language);
      key_ += '\x1f';
      key_ += stems_[w];
      auto hit = model.stem_first.find(key_);
      if (hit == model.stem_first.end()) continue;
      for (uint32_t needle : hit->second) {
        const std::string& stems = model.needles[needle].literal;
        size_t pos = stems.find(' '), k = w;
        bool ok = true;
        while (pos != std::string::npos) {
          size_t next = stems.find(' ', pos + 1);
          std::string_view want(stems.data() + pos + 1, (next == std::string::npos ? stems.size() : next) - pos - 1);
          ++k;
          if (k >= words_.size() || !words_[k].joined || stems_[k] != want) {
            ok = false;
            break;
          }
          pos = next;
        }
        if (ok) out.push_back({needle, words_[w].start, words_[k].end});
      }
    }
  }
}

}  // namespace copydesk::detail
