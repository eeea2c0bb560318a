#include "evaluate/recognise.h"

#include <algorithm>

#include "fold/fold.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

bool is_space(char32_t cp) { return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x202F; }

// و ف ب ل ك: the one-letter proclitics written on a number ("و18", "ب5").
bool is_proclitic(std::string_view s) {
  return s == "\xD9\x88" || s == "\xD9\x81" || s == "\xD8\xA8" || s == "\xD9\x84" || s == "\xD9\x83";
}

bool is_arabic_letter(std::string_view s) {
  if (s.empty()) return false;
  char32_t cp = decode_utf8(s, 0).cp;
  return cp >= 0x0600 && cp <= 0x06FF;
}

// An Arabic word with the article after its proclitics ("الخمسة", "والعشرين", "للثلاثة"):
// a number so written is an ordinal or a definite reference, not a count.
bool definite_arabic(std::string_view w) {
  constexpr std::string_view kAl = "\xD8\xA7\xD9\x84", kLam = "\xD9\x84";
  if (w.size() >= 2 && is_proclitic(w.substr(0, 2))) {
    if (w.substr(0, 2) == kLam && w.substr(2, 2) == kLam) return true;  // لل
    w.remove_prefix(2);
  }
  return w.substr(0, 4) == kAl;
}

}  // namespace

void Recognisers::tokenize(std::string_view folded, std::vector<Token>& out) {
  out.clear();
  bool glued = false;
  size_t i = 0;
  while (i < folded.size()) {
    Decoded d = decode_utf8(folded, i);
    if (is_space(d.cp)) {
      glued = false;
      i += d.len;
      continue;
    }
    Token t{static_cast<uint32_t>(i), 0, Token::kMark, glued && !out.empty()};
    if (d.cp >= '0' && d.cp <= '9') {
      t.type = Token::kDigits;
      while (i < folded.size() && folded[i] >= '0' && folded[i] <= '9') ++i;
    } else if (is_word_char(d.cp)) {
      t.type = Token::kWord;
      i += d.len;
      while (i < folded.size()) {
        Decoded e = decode_utf8(folded, i);
        if (!is_word_char(e.cp) || (e.cp >= '0' && e.cp <= '9')) break;
        i += e.len;
      }
    } else {
      i += d.len;
    }
    t.end = static_cast<uint32_t>(i);
    out.push_back(t);
    glued = true;
  }
}

void Recognisers::prepare_roles() {
  for (auto& hits : roles_)
    std::sort(hits.begin(), hits.end(),
              [](const Hit& a, const Hit& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; });
}

uint32_t Recognisers::role_at(size_t r, uint32_t pos) const {
  if (r >= roles_.size()) return 0;
  const auto& hits = roles_[r];
  auto it = std::lower_bound(hits.begin(), hits.end(), pos, [](const Hit& h, uint32_t p) { return h.start < p; });
  return it != hits.end() && it->start == pos ? it->end : 0;
}

bool Recognisers::role_has(size_t r, std::string_view word) const {
  if (!literals_ || r >= literals_->size()) return false;
  const auto& words = (*literals_)[r];
  return std::binary_search(words.begin(), words.end(), word, std::less<>());
}

// Roles of the figure recogniser, in the order of rules/recognisers.h.
enum FigureRole : size_t { kNumbers, kMultipliers, kNotUnits, kNotBefore, kAfterNoun };

void Recognisers::figures(uint32_t needle, std::string_view folded, std::vector<Hit>& out) {
  tokenize(folded, tokens_);
  const std::vector<Token>& tk = tokens_;
  const size_t n = tk.size();
  auto text = [&](size_t i) { return folded.substr(tk[i].start, tk[i].end - tk[i].start); };
  auto mark_is = [&](size_t i, std::string_view chars) {
    return i < n && tk[i].type == Token::kMark && tk[i].end - tk[i].start == 1 &&
           chars.find(folded[tk[i].start]) != std::string_view::npos;
  };
  // The index of the last token ending at or before `end`, starting from `i`.
  auto token_ending = [&](size_t i, uint32_t end) {
    while (i + 1 < n && tk[i + 1].end <= end) ++i;
    return i;
  };
  auto one_space = [&](uint32_t a, uint32_t b) {
    if (b <= a || b - a > 3) return false;
    Decoded d = decode_utf8(folded, a);
    return d.len == b - a && (d.cp == ' ' || d.cp == 0xA0 || d.cp == 0x202F);
  };
  auto line_break_between = [&](size_t a, size_t b) {
    return folded.substr(tk[a].end, tk[b].start - tk[a].end).find('\n') != std::string_view::npos;
  };

  for (size_t i = 0; i < n; ++i) {
    const Token& t = tk[i];
    const size_t first_token = i;
    uint32_t start = t.start;
    size_t last;             // the last token of the number
    bool digits = t.type == Token::kDigits;
    if (digits) {
      if (t.glued && i > 0) {
        const Token& p = tk[i - 1];
        if (p.type == Token::kWord) {
          // "و18" takes its proclitic; "g7", "covid19" are names.
          if (!is_proclitic(text(i - 1)) || (i > 1 && p.glued)) continue;
          start = p.start;
        } else if (!mark_is(i - 1, "(\"'[")) {
          continue;  // "f-16", "$5" (money has its own rule), "12/5", "#3"
        }
      }
      last = i;
      bool separated = false;
      while (mark_is(last + 1, ".,") && last + 2 < n && tk[last + 1].glued && tk[last + 2].glued &&
             tk[last + 2].type == Token::kDigits) {
        last += 2;
        separated = true;
      }
      // French and SI thousands groups: "45 000", "1 500 000".
      if (!separated && t.end - t.start <= 3) {
        while (last + 1 < n && tk[last + 1].type == Token::kDigits && !tk[last + 1].glued &&
               tk[last + 1].end - tk[last + 1].start == 3 && one_space(tk[last].end, tk[last + 1].start)) {
          ++last;
          separated = true;
        }
      }
      // A time, a date, a score or split: "10:30", "12/5", "2-1", "60-40", "3 - 1".
      if (mark_is(last + 1, ":/") && tk[last + 1].glued && last + 2 < n && tk[last + 2].glued &&
          tk[last + 2].type == Token::kDigits)
        continue;
      if (mark_is(last + 1, "-") && last + 2 < n && tk[last + 2].type == Token::kDigits) continue;
      if (i > 1 && mark_is(i - 1, ":/") && t.glued && tk[i - 2].type == Token::kDigits) continue;
      if (i > 1 && mark_is(i - 1, "-") && tk[i - 2].type == Token::kDigits) continue;
      // A section number opening a line: "4.4 The agreement…".
      if (separated && (i == 0 || line_break_between(i - 1, i)) && folded[tk[i].end] == '.') continue;
      if (!separated && last == i && t.end - t.start == 4) {
        int year = std::stoi(std::string(text(i)));
        if (year >= 1800 && year <= 2100) {
          i = last;
          continue;
        }
      }
    } else if (t.type == Token::kWord) {
      // "شرطيين اثنين": a number word after its noun.
      uint32_t a = role_at(kAfterNoun, t.start);
      if (a && i > 0 && tk[i - 1].type == Token::kWord && !t.glued && !role_at(kNotUnits, tk[i - 1].start) &&
          !role_at(kNumbers, tk[i - 1].start) && !role_at(kMultipliers, tk[i - 1].start) &&
          !line_break_between(i - 1, i)) {
        out.push_back({needle, tk[i - 1].start, a});
        i = token_ending(i, a);
        continue;
      }
      uint32_t e = role_at(kNumbers, t.start);
      if (!e || definite_arabic(text(i))) continue;  // "الثلاثة", "والعشرين": definite, ordinal
      last = token_ending(i, e);
    } else {
      continue;
    }

    // Further numbers and multipliers: "ثلاثة آلاف", "three hundred thousand", "3bn".
    size_t u = last + 1;
    while (u < n && tk[u].type == Token::kWord) {
      if (tk[u].glued && tk[u - 1].type == Token::kDigits) {
        if (!role_has(kMultipliers, text(u))) break;  // a glued unit: "73سنتا", "40pc", "10km"
        last = u++;
        continue;
      }
      if (line_break_between(u - 1, u)) break;
      uint32_t m = role_at(kMultipliers, tk[u].start);
      uint32_t w = m ? m : role_at(kNumbers, tk[u].start);
      if (!w) break;
      last = token_ending(u, w);
      u = last + 1;
    }
    // "2 millions de personnes", "une centaine de soldats", "un millier d'habitants"
    // ("trois de ses enfants": the word after "de" meets the stop-list).
    if (u < n && tk[u].type == Token::kWord && (text(u) == "de" || text(u) == "d")) {
      size_t v = u + 1;
      if (text(u) == "d" && mark_is(v, "'")) ++v;
      if (v < n && tk[v].type == Token::kWord) u = v;
    }
    size_t unit = u;
    if (mark_is(u, "-") && tk[u].glued && u + 1 < n && tk[u + 1].glued && tk[u + 1].type == Token::kWord)
      unit = u + 1;  // "a 15-member council", "25-year-old" (a stop-listed unit)
    i = last;
    if (unit >= n || tk[unit].type != Token::kWord || line_break_between(unit - 1, unit)) continue;
    bool glued_unit = tk[unit].glued && tk[unit - 1].type == Token::kDigits;
    if (glued_unit ? role_has(kNotUnits, text(unit)) : role_at(kNotUnits, tk[unit].start) != 0) continue;
    if (!glued_unit && tk[unit].glued) continue;  // "3 x-ray" and the like: not a plain word
    if (glued_unit && !digits) continue;
    // "page 12", "article 49", "القرار 2253", "the 300 agents": the word before the number.
    size_t first = start == t.start ? first_token : first_token - 1;
    if (first > 0 && tk[first - 1].type == Token::kWord && role_at(kNotBefore, tk[first - 1].start) >= tk[first - 1].end)
      continue;
    // Latin copy puts adjectives before the noun: "3,000 foreign fighters", "300 delivery
    // vans". A singular-looking word followed by a plural one takes the plural in.
    auto plural = [&](size_t k) {
      char c = folded[tk[k].end - 1];
      return c == 's' || c == 'x';
    };
    if (!is_arabic_letter(text(unit)) && !plural(unit) && unit + 1 < n && tk[unit + 1].type == Token::kWord &&
        !tk[unit + 1].glued && plural(unit + 1) && !role_at(kNotUnits, tk[unit + 1].start) &&
        !line_break_between(unit, unit + 1))
      ++unit;
    // A compound noun: "100 camions-citernes".
    while (unit + 2 < n && mark_is(unit + 1, "-") && tk[unit + 1].glued && tk[unit + 2].glued &&
           tk[unit + 2].type == Token::kWord)
      unit += 2;
    out.push_back({needle, start, tk[unit].end});
    i = unit;
  }
}

}  // namespace copydesk::detail
