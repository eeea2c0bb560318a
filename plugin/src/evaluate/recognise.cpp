#include "evaluate/recognise.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>

#include "fold/fold.h"
#include "match/tokens.h"
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

// An adjective that follows its noun, by its ending: Arabic nisba and participles (folded
// ة→ه: "مطلعه", "امني", "محليون"), French "-aire", "-ière", "-elle", "-ale", "-ique", "-ée".
bool adjective_after_noun(std::string_view w) {
  auto ends = [&](std::string_view e) { return w.size() > e.size() + 2 && w.substr(w.size() - e.size()) == e; };
  static constexpr std::string_view kFunction[] = {"\xD8\xA7\xD9\x86", "\xD8\xA7\xD9\x86\xD9\x87"};  // ان، انه
  for (std::string_view f : kFunction)
    if (w == f) return false;
  for (std::string_view e : {"\xD9\x87", "\xD9\x8A", "\xD9\x88\xD9\x86"})  // ه ي ون
    if (ends(e) && is_arabic_letter(w)) return true;
  for (std::string_view e : {"aire", "aires", "iere", "ieres", "elle", "elles", "ale", "ales", "ique", "iques", "ee", "ees"})
    if (ends(e) && !is_arabic_letter(w)) return true;
  return false;
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
      if (a && !definite_arabic(text(i)) && i > 0 && tk[i - 1].type == Token::kWord && !t.glued &&
          !role_at(kNotUnits, tk[i - 1].start) &&
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

// Roles of the vague-source recogniser, in the order of rules/recognisers.h.
enum VagueRole : size_t { kNouns, kSpeech, kPreludes, kNamed };

void Recognisers::vague_sources(uint32_t needle, std::string_view folded, const Segmentation& segments,
                                std::vector<Hit>& out) {
  tokenize(folded, tokens_);
  const std::vector<Token>& tk = tokens_;
  const size_t n = tk.size();
  // A mark that does not end the stretch between a noun and its verb.
  auto passable = [&](size_t i) {
    if (tk[i].type != Token::kMark) return true;
    char c = folded[tk[i].start];
    return tk[i].end - tk[i].start == 1 && (c == ',' || c == '\'' || c == '-');
  };
  auto mark_char = [&](size_t k) { return tk[k].type == Token::kMark ? folded[tk[k].start] : '\0'; };
  auto text_of = [&](size_t k) { return folded.substr(tk[k].start, tk[k].end - tk[k].start); };
  auto first_token = [&](uint32_t pos) {
    return static_cast<size_t>(std::lower_bound(tk.begin(), tk.end(), pos, [](const Token& t, uint32_t p) {
                                 return t.start < p;
                               }) - tk.begin());
  };
  // A Latin word written with a capital inside its sentence: part of a name ("Pentagon
  // officials", "the Teachers Association said", "an official, Basem Naim, told").
  auto name_word = [&](size_t k) {
    if (!map_ || view_.empty() || tk[k].type != Token::kWord || is_arabic_letter(folded.substr(tk[k].start, 2)))
      return false;
    uint32_t sb = segments.sentence_begin(segments.sentence_of(tk[k].start));
    if (folded.substr(sb, tk[k].start - sb).find_first_not_of(" \t\"'(-") == std::string_view::npos) return false;
    uint32_t v = map_->to_in_start(tk[k].start);
    return v < view_.size() && u_isupper(static_cast<UChar32>(decode_utf8(view_, v).cp));
  };
  constexpr size_t kNamedWindow = 4;
  for (const Hit& noun : roles_[kNouns]) {
    size_t a = first_token(noun.start);
    if (a >= n || tk[a].start != noun.start) continue;
    size_t b = a;
    while (b + 1 < n && tk[b + 1].end <= noun.end) ++b;
    uint32_t sentence = segments.sentence_of(noun.start);
    const bool arabic = is_arabic_letter(text_of(a));
    // Arabic puts the verb first ("وقالت مصادر"): after the noun only a short stretch is
    // read, or "ناشطون عن أحد المحتجين قوله" would take another speaker's verb.
    const size_t kAfter = arabic ? 2 : 5, kBefore = arabic ? 4 : 3;
    if (name_word(a) || (a > 0 && name_word(a - 1))) continue;
    // "officials at the Justice Department", "مصادر أمنية في وزارة الداخلية": named.
    bool named = false;
    for (size_t k = b + 1, words = 0; k < n && words < kNamedWindow && passable(k); ++k) {
      if (tk[k].type != Token::kWord) continue;
      if (role_at(kNamed, tk[k].start) || name_word(k)) {
        named = true;
        break;
      }
      ++words;
    }
    if (named) continue;
    uint32_t from = 0, to = 0;
    // A speech verb or a prelude before the noun: "وقالت مصادر", "according to local sources".
    for (size_t k = a, words = 0; k-- > 0 && words < kBefore && passable(k);) {
      if (tk[k].type == Token::kDigits) break;  // "says more than 60,000 people": what is said
      if (tk[k].type != Token::kWord) continue;
      if (name_word(k)) break;  // "a déclaré Aminata Traoré, commerçante": named
      ++words;
      for (size_t r : {static_cast<size_t>(kSpeech), static_cast<size_t>(kPreludes)}) {
        uint32_t e = role_at(r, tk[k].start);
        // A prelude takes at most one word before its noun ("selon des sources", "بحسب
        // مصادر"), not "بحسب تقرير لفريق خبراء" (a report of a panel).
        // In Arabic the verb stands right before its subject too ("وقالت مصادر").
        if (e && e <= noun.start && ((r == kSpeech && !arabic) || words <= 2)) {
          from = tk[k].start;
          to = noun.end;
          break;
        }
      }
      if (to) break;
    }
    // A speech verb after it: "Shopkeepers in the old market say".
    if (!to) {
      for (size_t k = b + 1, words = 0; k < n && words < kAfter && passable(k); ++k) {
        if (mark_char(k) == ',') break;  // "De source sécuritaire, on indique": not its verb
        if (tk[k].type != Token::kWord) continue;
        ++words;
        if (uint32_t e = role_at(kSpeech, tk[k].start)) {
          from = noun.start;
          to = e;
          break;
        }
      }
    }
    if (!to || segments.sentence_of(from) != sentence || segments.sentence_of(to - 1) != sentence) continue;
    // Arabic and French put the source's adjective after its noun: "وقالت مصادر مطلعة",
    // "selon des sources sécuritaires". A verb before the noun takes it into the span.
    if (to == noun.end && b + 1 < n && tk[b + 1].type == Token::kWord && !tk[b + 1].glued &&
        tk[b + 1].start == tk[b].end + 1 && adjective_after_noun(folded.substr(tk[b + 1].start, tk[b + 1].end - tk[b + 1].start)) &&
        !role_at(kSpeech, tk[b + 1].start) && segments.sentence_of(tk[b + 1].start) == sentence)
      to = tk[b + 1].end;
    out.push_back({needle, from, to});
  }
}

bool Recognisers::role_in(size_t r, uint32_t lo, uint32_t hi) const {
  if (r >= roles_.size() || lo >= hi) return false;
  const auto& hits = roles_[r];
  auto it = std::lower_bound(hits.begin(), hits.end(), lo, [](const Hit& h, uint32_t p) { return h.start < p; });
  for (; it != hits.end() && it->start < hi; ++it)
    if (it->end <= hi) return true;
  return false;
}

// Roles of the quote recogniser, in the order of rules/recognisers.h.
enum QuoteRole : size_t { kQuoteSpeech, kQuotePreludes, kNotQuotes };

// How far before a quotation its introducing colon is looked for, in bytes of folded text.
constexpr uint32_t kColonLookBack = 256;

void Recognisers::quotes(uint32_t needle, std::string_view folded, const Segmentation& segments,
                         std::vector<Hit>& out) {
  enum Mark { kOpen, kClose, kStraight };
  auto mark_at = [&](uint32_t pos) {
    if (!map_ || view_.empty()) return kStraight;
    uint32_t v = map_->to_in_start(pos);
    if (v >= view_.size()) return kStraight;
    char32_t cp = decode_utf8(view_, v).cp;
    if (cp == 0xAB || cp == 0x201C || cp == 0x201E) return kOpen;
    if (cp == 0xBB || cp == 0x201D) return kClose;
    return kStraight;
  };
  auto words_between = [&](uint32_t a, uint32_t b) {
    size_t words = 0;
    bool in = false;
    for (uint32_t i = a; i < b; ++i) {
      bool space = folded[i] == ' ' || folded[i] == '\n' || folded[i] == '\t';
      if (!space && !in) ++words;
      in = !space;
    }
    return words;
  };
  // Whether most Latin words in [a, b) start with a capital in the text as written.
  auto capitalised = [&](uint32_t a, uint32_t b) {
    if (!map_ || view_.empty()) return false;
    size_t words = 0, upper = 0;
    for (uint32_t i = a; i < b; ++i) {
      unsigned char c = static_cast<unsigned char>(folded[i]);
      bool letter = c >= 'a' && c <= 'z';
      bool after_word = i > a && (std::isalnum(static_cast<unsigned char>(folded[i - 1])) || folded[i - 1] == '\'');
      if (!letter || after_word) continue;
      ++words;
      uint32_t v = map_->to_in_start(i);
      if (v < view_.size() && u_isupper(static_cast<UChar32>(decode_utf8(view_, v).cp))) ++upper;
    }
    return words >= 2 && upper * 5 >= words * 3;
  };
  struct Quote {
    uint32_t start, end;
  };
  std::vector<Quote> found;
  bool carried = false;  // the previous paragraph's last quotation had a speaker
  for (size_t p = 0; p < segments.paragraph_count(); ++p) {
    uint32_t pb = segments.paragraph_begin(static_cast<uint32_t>(p)), pe = segments.paragraph_end(static_cast<uint32_t>(p));
    found.clear();
    int depth = 0;
    bool straight = false;
    uint32_t start = 0;
    for (uint32_t i = pb; i < pe; ++i) {
      if (folded[i] != '"') continue;
      Mark m = mark_at(i);
      if (m == kStraight && depth > 0 && !straight) continue;  // inside « »: a quote within the quote
      if (m == kOpen || (m == kStraight && depth == 0)) {
        if (depth == 0) {
          start = i;
          straight = m == kStraight;
        }
        ++depth;
      } else if (depth > 0) {  // a closing mark, or a straight one closing a straight opening
        if (--depth == 0) found.push_back({start, i + 1});
      }
    }
    bool speaker_before = false;  // a quotation earlier in this paragraph had a speaker
    bool quoted = false;          // the paragraph holds a quotation
    bool first = true;
    for (const Quote& q : found) {
      // Only the first quotation can open the paragraph: looking at the text before a later one
      // would cost the paragraph's length for every quotation.
      bool continues = speaker_before || (first && carried &&
                                          folded.substr(pb, q.start - pb).find_first_not_of(" \t-") == std::string_view::npos);
      first = false;
      uint32_t s0 = segments.sentence_of(q.start), s1 = segments.sentence_of(q.end - 1);
      uint32_t before = segments.sentence_begin(s0);
      // After the quotation: the rest of its sentence, or the next few words ("», a-t-il
      // plaidé", "…" she said), up to the next quotation.
      uint32_t after = std::max(segments.sentence_end(s1), walk_tokens_forward(folded, q.end, 6));
      size_t next_mark = folded.find('"', q.end);
      if (next_mark != std::string_view::npos && next_mark < after) after = static_cast<uint32_t>(next_mark);
      after = std::min(after, pe);
      // A colon that introduces the quotation stands close before it; the look-back is bounded
      // so that a long sentence of many quotations stays linear.
      uint32_t lead_from = std::max(before, q.start > kColonLookBack ? q.start - kColonLookBack : 0u);
      std::string_view lead = folded.substr(lead_from, q.start - lead_from);
      size_t colon = lead.rfind(':');
      bool speaker = continues || role_in(kQuoteSpeech, before, q.start) || role_in(kQuotePreludes, before, q.start) ||
                     (colon != std::string_view::npos && lead.find_first_not_of(" \t") < colon) ||
                     role_in(kQuoteSpeech, q.end, after) ||
                     (s0 > 0 && role_in(kQuoteSpeech, segments.sentence_begin(s0 - 1), before));
      // A title: "titled …", "بعنوان …", or most words capitalised ("The Old Man and the Sea").
      bool title = role_in(kNotQuotes, walk_tokens_back(folded, q.start, 2), q.start) || capitalised(q.start, q.end);
      // Names, terms and titles in quotes are no quotations: they neither need a speaker nor
      // hand one on.
      if (title || words_between(q.start + 1, q.end - 1) < 4) continue;
      quoted = true;
      if (speaker) speaker_before = true;
      else out.push_back({needle, q.start, q.end});
    }
    carried = quoted && speaker_before;
  }
}

}  // namespace copydesk::detail
