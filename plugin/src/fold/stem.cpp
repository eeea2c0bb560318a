#include "fold/stem.h"

#include <libstemmer.h>

#include "copydesk.h"
#include "fold/fold.h"
#include "util/error.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

constexpr std::string_view kWaw = "\xD9\x88", kFa = "\xD9\x81";

size_t letters(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += decode_utf8(s, i).len) ++n;
  return n;
}

}  // namespace

std::vector<std::string> stem_words(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    Decoded d = decode_utf8(folded, i);
    if (!is_word_char(d.cp)) {
      i += d.len;
      continue;
    }
    size_t start = i;
    while (i < folded.size()) {
      Decoded e = decode_utf8(folded, i);
      if (!is_word_char(e.cp)) break;
      i += e.len;
    }
    out.emplace_back(folded.substr(start, i - start));
  }
  return out;
}

bool stem_language_known(std::string_view language) { return language == "ar" || language == "en" || language == "fr"; }

Stemmer::Stemmer(std::string_view language) {
  const char* name = language == "ar" ? "arabic" : language == "en" ? "english" : language == "fr" ? "french" : nullptr;
  if (!name) throw Error(COPYDESK_E_ERROR, "no stemmer for language '" + std::string(language) + "'");
  language_ = language[0];
  stemmer_ = sb_stemmer_new(name, "UTF_8");
  if (!stemmer_) throw Error(COPYDESK_E_NOMEM, "the Snowball stemmer for '" + std::string(language) + "' could not be made");
}

Stemmer::~Stemmer() { sb_stemmer_delete(stemmer_); }

std::string_view Stemmer::stem(std::string_view word) {
  buffer_.assign(word);
  // Not "-ient" ("indiquaient", "viennent" stay Snowball's).
  if (language_ == 'f' && buffer_.size() > 7 && buffer_.compare(buffer_.size() - 3, 3, "ent") == 0 &&
      buffer_[buffer_.size() - 4] != 'i')
    buffer_.resize(buffer_.size() - 2);
  if (language_ == 'a' && letters(buffer_) >= 4 && (buffer_.compare(0, 2, kWaw) == 0 || buffer_.compare(0, 2, kFa) == 0))
    buffer_.erase(0, 2);
  const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(buffer_.data()),
                                       static_cast<int>(buffer_.size()));
  if (!s) throw Error(COPYDESK_E_NOMEM, "out of memory while stemming");
  out_.assign(reinterpret_cast<const char*>(s), static_cast<size_t>(sb_stemmer_length(stemmer_)));
  return out_;
}

}  // namespace copydesk::detail
