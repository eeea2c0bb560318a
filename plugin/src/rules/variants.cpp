#include "rules/variants.h"

#include <algorithm>
#include <array>

namespace copydesk::detail {

namespace {

// Folded forms (أ→ا): the word before a space that joins, and the word after one.
constexpr std::array<std::string_view, 4> kJoinsNext = {"\xD8\xA7\xD8\xA8\xD9\x88",   // ابو
                                                        "\xD8\xA7\xD8\xA8\xD9\x8A",   // ابي
                                                        "\xD8\xA7\xD8\xA8\xD8\xA7",   // ابا
                                                        "\xD8\xB9\xD8\xA8\xD8\xAF"};  // عبد
constexpr std::array<std::string_view, 3> kJoinsPrevious = {
    "\xD8\xA7\xD9\x84\xD9\x84\xD9\x87",               // الله
    "\xD8\xA7\xD9\x84\xD8\xAF\xD9\x8A\xD9\x86",       // الدين
    "\xD8\xA7\xD9\x84\xD8\xB1\xD8\xAD\xD9\x85\xD9\x86"};  // الرحمن
constexpr size_t kMaxJoins = 3;  // 2^3 - 1 variants at most

template <size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

void add_unique(std::vector<std::string>& out, std::string v, std::string_view original) {
  if (v != original && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
}

void joined_arabic_names(std::string_view s, std::vector<std::string>& out) {
  std::vector<size_t> joinable;  // offsets of spaces that may be left out
  size_t word = 0;
  while (word < s.size()) {
    size_t space = s.find(' ', word);
    if (space == std::string_view::npos) break;
    size_t next_end = s.find(' ', space + 1);
    std::string_view left = s.substr(word, space - word);
    std::string_view right = s.substr(space + 1, next_end == std::string_view::npos ? std::string_view::npos
                                                                                     : next_end - space - 1);
    if (one_of(left, kJoinsNext) || one_of(right, kJoinsPrevious)) joinable.push_back(space);
    word = space + 1;
  }
  if (joinable.size() > kMaxJoins) joinable.resize(kMaxJoins);
  for (unsigned mask = 1; mask < (1u << joinable.size()); ++mask) {
    std::string v;
    size_t from = 0;
    for (size_t k = 0; k < joinable.size(); ++k) {
      if (!(mask & (1u << k))) continue;
      v.append(s.substr(from, joinable[k] - from));
      from = joinable[k] + 1;
    }
    v.append(s.substr(from));
    add_unique(out, std::move(v), s);
  }
}

bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }

// The consonant a Latin transliteration assimilates the article to, at the start of `word`
// ("sh" in "shabaab"), or empty for a moon letter.
std::string_view sun_letter(std::string_view word) {
  for (std::string_view two : {"sh", "th", "dh"})
    if (word.substr(0, 2) == two) return word.substr(0, 2);
  if (!word.empty() && std::string_view("sdtnrz").find(word[0]) != std::string_view::npos) return word.substr(0, 1);
  return {};
}

// A transliterated article: the offset where it starts and where the word after it starts.
struct Article {
  size_t start;
  size_t word;
};

std::vector<Article> articles(std::string_view s) {
  std::vector<Article> found;
  for (size_t i = 0; i + 3 < s.size(); ++i) {
    if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '-') continue;
    std::string_view rest = s.substr(i);
    if ((rest.substr(0, 3) == "al-" || rest.substr(0, 3) == "al " || rest.substr(0, 3) == "el-" ||
         rest.substr(0, 3) == "el ") &&
        is_lower_ascii(rest[3])) {
      found.push_back({i, i + 3});
      continue;
    }
    // Already assimilated: "as-sahab", "ash-shabaab".
    if (rest[0] == 'a') {
      std::string_view letter = sun_letter(rest.substr(1));
      size_t len = letter.size();
      if (len && rest.size() > 2 + 2 * len && rest[1 + len] == '-' && rest.substr(2 + len, len) == letter)
        found.push_back({i, i + 2 + len});
    }
  }
  return found;
}

void latin_articles(std::string_view s, std::vector<std::string>& out) {
  std::vector<Article> found = articles(s);
  if (found.empty()) return;
  // One form for every article of the term; "assimilated" falls back to "al-" before moon letters.
  for (std::string_view form : {"al-", "al ", "el-", ""}) {
    std::string v;
    size_t from = 0;
    for (const Article& a : found) {
      v.append(s.substr(from, a.start - from));
      if (form.empty()) {
        std::string_view letter = sun_letter(s.substr(a.word));
        v += letter.empty() ? std::string("al-") : "a" + std::string(letter) + "-";
      } else {
        v += form;
      }
      from = a.word;
    }
    v.append(s.substr(from));
    add_unique(out, std::move(v), s);
  }
}

}  // namespace

std::vector<std::string> spelling_variants(std::string_view folded) {
  std::vector<std::string> out;
  joined_arabic_names(folded, out);
  latin_articles(folded, out);
  return out;
}

}  // namespace copydesk::detail
