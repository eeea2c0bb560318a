#include "lexicon_names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_set>

namespace copydesk::cli::lexicon {

namespace {

// ---------------------------------------------------------------- UTF-8

// Decodes `s` into code points; an invalid sequence becomes U+FFFD.
std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  uint8_t buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, static_cast<UChar32>(cp), error);
  if (error) {
    n = 0;
    U8_APPEND_UNSAFE(buf, n, 0xFFFD);
  }
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

// ---------------------------------------------------------------- character classes

bool is_arabic(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_ARABIC;
}

bool is_letter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)); }

// Harakat, Quranic marks, dagger alef and tatweel: not letters for counting and lookups.
bool is_arabic_mark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||
         (c >= 0x06D6 && c <= 0x06ED);
}

bool is_double_quote(char32_t c) {
  return c == U'"' || c == U'\u201C' || c == U'\u201D' || c == U'\u201E' || c == U'\u201F' ||
         c == U'\u00AB' || c == U'\u00BB';
}

bool is_single_quote(char32_t c) {
  return c == U'\'' || c == U'\u2018' || c == U'\u2019' || c == U'`' || c == U'\u02BC';
}

enum class Script { none, latin, arabic, other };

// The script most letters of `s` are written in.
Script dominant_script(std::string_view s) {
  size_t latin = 0, arabic = 0, other = 0;
  for (char32_t c : decode(s)) {
    if (!is_letter(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    if (script == USCRIPT_LATIN) ++latin;
    else if (script == USCRIPT_ARABIC) ++arabic;
    else ++other;
  }
  if (latin + arabic + other == 0) return Script::none;
  if (latin >= arabic && latin >= other) return Script::latin;
  if (arabic >= other) return Script::arabic;
  return Script::other;
}

// ---------------------------------------------------------------- small string helpers

std::string trim(std::string_view s, std::string_view junk = " ") {
  size_t b = s.find_first_not_of(junk);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(junk);
  return std::string(s.substr(b, e - b + 1));
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Trailing separators left behind when a bracket or an annotation is cut off a name
// ("Front for the Liberation of al Sham ", "Ansar al-Mujahideen Network -").
std::string trim_name(std::string_view s) {
  std::string out = collapse_spaces(trim(s));
  static constexpr std::string_view kDashes[] = {"-", "\u2013", "\u2014", ",", ";", ":"};
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view d : kDashes) {
      if (out.size() >= d.size() && out.compare(out.size() - d.size(), d.size(), d) == 0) {
        out = trim(std::string_view(out).substr(0, out.size() - d.size()));
        cut = true;
      }
    }
  }
  return out;
}

// "Ansar al-Mujahideen Network - sub-unit name": the list's annotation, not part of the name.
std::string drop_annotation(const std::string& s) {
  static constexpr std::string_view kAnnotation = "sub-unit name";
  std::string lower = ascii_lower(s);
  if (lower.size() >= kAnnotation.size() &&
      lower.compare(lower.size() - kAnnotation.size(), kAnnotation.size(), kAnnotation) == 0) {
    return trim_name(std::string_view(s).substr(0, s.size() - kAnnotation.size()));
  }
  return s;
}

// ---------------------------------------------------------------- abbreviations

// "AQAP", "ISIL-K", "JuA", "BIF-USA": one ASCII token of letters, digits and hyphens with
// at least two capitals and no more lower-case letters than capitals.
bool looks_like_abbreviation(std::string_view s) {
  if (s.empty() || s.size() > 12 || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  size_t upper = 0, lower = 0;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') ++upper;
    else if (c >= 'a' && c <= 'z') ++lower;
    else if (!(c >= '0' && c <= '9') && c != '-') return false;
  }
  return upper >= 2 && lower <= upper;
}

// Whether the letters of `abbreviation` appear, in order, among the initials of the words
// of `name` ("AQAP" in "Al-Qaida in the Arabian Peninsula"). Tells "(AAB)" after "ABDALLAH
// AZZAM BRIGADES" from "(PAKISTAN)" after "AL-HARAMAIN FOUNDATION".
bool initials_match(std::string_view abbreviation, std::string_view name) {
  std::string initials;
  bool at_word_start = true;
  for (char32_t c : decode(name)) {
    if (c == U' ' || c == U'-' || c == U'/' || is_single_quote(c) || c == U'\u2013' ||
        c == U'\u2014') {
      at_word_start = true;
      continue;
    }
    if (at_word_start && is_letter(c)) {
      char32_t lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
      initials.push_back(lower < 0x80 ? static_cast<char>(lower) : '?');
    }
    at_word_start = false;
  }
  size_t at = 0, letters = 0;
  for (char c : ascii_lower(abbreviation)) {
    if (c == '-') continue;
    ++letters;
    at = initials.find(c, at);
    if (at == std::string::npos) return false;
    ++at;
  }
  return letters >= 2;
}

// ---------------------------------------------------------------- word lists

// Function words of English, French and of Arabic names in Latin transliteration, and of
// Arabic. They never make a name distinctive.
const std::unordered_set<std::string>& function_words() {
  static const std::unordered_set<std::string> words = {
      // English
      "the", "a", "an", "of", "for", "and", "in", "on", "to", "at", "by", "with", "from", "who",
      "those", "is", "its", "or",
      // French
      "le", "la", "les", "l", "de", "du", "des", "d", "et", "en", "au", "aux", "pour", "par",
      "avec", "qui", "ceux", "un", "une", "sur",
      // transliterated Arabic particles and articles
      "al", "el", "ul", "ud", "ur", "wa", "wal", "fi", "e", "i", "ad", "as", "ash", "ar", "an",
      // Arabic
      "\u0641\u064A",              // في
      "\u0645\u0646",              // من
      "\u0648",                    // و
      "\u0639\u0646",              // عن
      "\u0627\u0644\u064A",        // الي (إلى folded)
      "\u0627\u0644",              // ال
      "\u0628", "\u0644",          // ب ل
  };
  return words;
}

// Ordinary words: a name made only of these (one, or two with function words around them)
// reads as an ordinary phrase in news copy. English and French words that organizations
// put in their names, nationality adjectives, and Arabic loanwords English and French news
// use as common nouns. Latin entries are lower case without accents; a plural in -s is
// found through its singular. Arabic entries are folded (ة -> ه, ى -> ي, أ إ آ -> ا) and
// without the article.
const std::unordered_set<std::string>& common_words() {
  static const std::unordered_set<std::string> words = {
      // English: organizations and their qualifiers
      "group", "army", "front", "movement", "organization", "organisation", "network",
      "society", "foundation", "trust", "union", "party", "brigade", "battalion", "regiment",
      "company", "co", "office", "exchange", "agency", "association", "committee", "council",
      "assembly", "commission", "league", "alliance", "federation", "institute", "centre",
      "center", "camp", "fund", "charity", "charitable", "welfare", "relief", "aid", "medical",
      "media", "branch", "chapter", "unit", "cell", "faction", "wing", "division", "corps",
      "force", "forces", "guard", "guards", "militia", "base", "youth", "state", "province",
      "land", "country", "world", "people", "nation", "international", "national", "global",
      "new", "old", "holy", "sacred", "great", "greater", "grand", "special", "united", "free",
      "armed", "fighting", "combatant", "islamic", "islam", "muslim", "jihad", "jihadist",
      "sharia", "hadith", "caliphate", "ummah", "god", "faith", "law", "war", "peace",
      "salvation", "liberation", "conquest", "victory", "resistance", "revival", "heritage",
      "education", "culture", "truth", "lies", "lie", "rights", "support", "prevention",
      "supporter", "follower", "devotee", "soldier", "fighter", "martyr", "believer",
      "partisan", "sentinel", "guardian", "veiled", "pure", "righteous", "faithful", "tiger",
      "lion", "eagle", "wolf", "blood", "sign", "signed", "money", "currency", "east",
      "eastern", "west", "western", "north", "northern", "south", "southern", "central",
      "black", "white", "red", "green", "sword", "flag", "banner", "light", "path", "way",
      "call", "combat", "action", "service", "services", "servants", "brothers", "sons",
      "let",
      // English: nationality and regional adjectives
      "arab", "arabian", "asian", "african", "european", "american", "afghan", "pakistani",
      "indian", "iraqi", "syrian", "egyptian", "libyan", "tunisian", "algerian", "moroccan",
      "yemeni", "saudi", "somali", "nigerian", "malian", "kurdish", "turkish", "kazakh",
      "uzbek", "chechen", "levantine",
      // French
      "groupe", "armee", "mouvement", "organisation", "reseau", "societe", "fondation",
      "brigade", "bataillon", "islamique", "musulman", "combattant", "combattants",
      "sentinelle", "enturbanne", "signataire", "signent", "sang", "jeunesse", "soldat",
      "partisan", "defenseur", "nouveau", "nouvelle", "saint", "guerre", "etat", "arme",
      // Arabic words English and French copy writes as common nouns
      "jehad", "djihad", "tawhid", "tauhid", "sirat", "jamiyat", "jamiat", "jamaat", "ajnad",
      "khilafa", "khilafah", "harakat", "islamiyya", "islamiya", "islamiyah", "islamia",
      "islami",
      // Arabic (folded, no article)
      "\u0642\u0627\u0639\u062F\u0647",              // قاعده (base)
      "\u062C\u0647\u0627\u062F",                    // جهاد
      "\u0627\u0633\u0644\u0627\u0645",              // اسلام
      "\u0627\u0633\u0644\u0627\u0645\u064A",        // اسلامي
      "\u0627\u0633\u0644\u0627\u0645\u064A\u0647",  // اسلاميه
      "\u0645\u0633\u0644\u0645\u064A\u0646",        // مسلمين
      "\u0645\u0633\u0644\u0645\u0648\u0646",        // مسلمون
      "\u0645\u0644\u062B\u0645\u0648\u0646",        // ملثمون (the veiled)
      "\u0645\u0644\u062B\u0645\u064A\u0646",        // ملثمين
      "\u0645\u0631\u0627\u0628\u0637\u0648\u0646",  // مرابطون (the sentinels)
      "\u0645\u0631\u0627\u0628\u0637\u064A\u0646",  // مرابطين
      "\u0634\u0628\u0627\u0628",                    // شباب (youth)
      "\u0627\u062A\u062D\u0627\u062F",              // اتحاد
      "\u0645\u0643\u062A\u0628",                    // مكتب
      "\u062E\u062F\u0645\u0627\u062A",              // خدمات
      "\u062C\u0645\u0627\u0639\u0647",              // جماعه
      "\u062D\u0631\u0643\u0647",                    // حركه
      "\u062C\u0628\u0647\u0647",                    // جبهه
      "\u062A\u0646\u0638\u064A\u0645",              // تنظيم
      "\u062C\u064A\u0634",                          // جيش
      "\u062F\u0648\u0644\u0647",                    // دوله
      "\u0634\u0631\u0643\u0647",                    // شركه
      "\u062C\u0645\u0639\u064A\u0647",              // جمعيه
      "\u0643\u062A\u064A\u0628\u0647",              // كتيبه
      "\u0634\u0628\u0643\u0647",                    // شبكه
      "\u0645\u062C\u0644\u0633",                    // مجلس
      "\u0644\u062C\u0646\u0647",                    // لجنه
      "\u0645\u0624\u0633\u0633\u0647",              // مؤسسه
      "\u0645\u0646\u0638\u0645\u0647",              // منظمه
      "\u0647\u064A\u0626\u0647",                    // هيئه
      "\u062D\u0632\u0628",                          // حزب
      "\u0627\u062E\u0648\u0627\u0646",              // اخوان
      "\u062F\u0645",                                // دم
      "\u0635\u0631\u0627\u0641\u0647",              // صرافه
  };
  return words;
}

// Abbreviations in everyday use for something else: matched alone, "MIT" or "ISI" would
// flag news about a university or Pakistan's intelligence service.
const std::unordered_set<std::string>& common_abbreviations() {
  static const std::unordered_set<std::string> words = {
      "mit", "isi", "imu", "gia", "jat", "hum", "asc", "mib", "let", "bif", "gsp", "usa",
  };
  return words;
}

bool is_common(const std::string& word) {
  const auto& words = common_words();
  if (words.count(word)) return true;
  // English and French plurals: "sentinels", "brigades", "enturbannes".
  if (word.size() > 3 && word.back() == 's' && words.count(word.substr(0, word.size() - 1)))
    return true;
  if (word.size() > 4 && word.compare(word.size() - 2, 2, "es") == 0 &&
      words.count(word.substr(0, word.size() - 2)))
    return true;
  return false;
}

// ---------------------------------------------------------------- content words

// Lower case, accents and harakat removed, Arabic letter variants folded, apostrophes
// dropped ("Jama'at" -> "jamaat"); everything else that is not a letter or digit splits words.
std::vector<std::string> lookup_words(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  std::vector<std::string> words;
  std::u32string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(encode(word));
    word.clear();
  };
  for (char32_t c : decode(text)) {
    if (is_single_quote(c) || is_arabic_mark(c)) continue;
    char32_t base = c;
    if (U_SUCCESS(status) && !is_arabic(c)) {
      // "é" -> "e": the first code point of the canonical decomposition.
      icu::UnicodeString decomposed;
      if (nfd->getDecomposition(static_cast<UChar32>(c), decomposed) && decomposed.length() > 0)
        base = static_cast<char32_t>(decomposed.char32At(0));
    }
    switch (base) {
      case U'\u0623': case U'\u0625': case U'\u0622': case U'\u0671': base = U'\u0627'; break;
      case U'\u0629': base = U'\u0647'; break;
      case U'\u0649': base = U'\u064A'; break;
      default: break;
    }
    if (u_isalnum(static_cast<UChar32>(base))) {
      word.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(base))));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

// An Arabic word without its proclitic article: "والجهاد" -> "جهاد", "للصرافة" -> "صرافه".
std::string strip_arabic_article(const std::string& word) {
  static const std::array<std::string, 6> kPrefixes = {
      "\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0641\u0627\u0644", "\u0643\u0627\u0644",
      "\u0644\u0644", "\u0627\u0644"};  // وال بال فال كال لل ال
  std::u32string letters = decode(word);
  if (letters.empty() || !is_arabic(letters[0])) return word;
  for (const std::string& prefix : kPrefixes) {
    std::u32string p = decode(prefix);
    if (letters.size() >= p.size() + 2 && letters.compare(0, p.size(), p) == 0)
      return encode(letters.substr(p.size()));
  }
  return word;
}

std::vector<std::string> content_words(std::string_view text) {
  std::vector<std::string> out;
  for (std::string& word : lookup_words(text)) {
    if (function_words().count(word)) continue;
    std::string stem = strip_arabic_article(word);
    if (function_words().count(stem)) continue;
    out.push_back(stem);
  }
  return out;
}

size_t letter_count(std::string_view text) {
  size_t n = 0;
  for (char32_t c : decode(text)) {
    if (is_letter(c) && !is_arabic_mark(c)) ++n;
  }
  return n;
}

// ---------------------------------------------------------------- splitting

// Splits `text` at `separator` outside parentheses.
std::vector<std::string> split_outside_brackets(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    else if (text[i] == ')' && depth > 0) --depth;
    else if (depth == 0 && text.compare(i, separator.size(), separator) == 0) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + separator.size();
      i = start - 1;
    }
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

void split_segment(const std::string& segment, const std::string& quality,
                   bool may_be_abbreviation, std::vector<ListedName>& out) {
  // The text outside brackets, and the content of each top-level bracket (nested brackets
  // kept inside it). A bracket left open runs to the end; a stray ')' is dropped.
  std::string base;
  std::vector<std::string> groups;
  int depth = 0;
  for (char c : segment) {
    if (c == '(') {
      if (depth++ == 0) {
        groups.emplace_back();
        continue;
      }
    } else if (c == ')') {
      if (depth == 0) continue;
      if (--depth == 0) continue;
    }
    (depth == 0 ? base : groups.back()).push_back(c);
  }
  base = drop_annotation(trim_name(base));

  std::string base_quality = quality;
  std::vector<ListedName> bracketed;
  for (const std::string& raw_group : groups) {
    std::string group = drop_annotation(trim_name(raw_group));
    if (group.empty()) continue;
    std::vector<std::string> items = split_outside_brackets(group, ";");
    if (items.size() > 1 || base.empty()) {
      for (const std::string& item : items) {
        std::string name = trim_name(item);
        if (!name.empty()) split_segment(name, quality, true, bracketed);
      }
    } else if (ascii_lower(group) == "original script") {
      base_quality = "original-script";
    } else if (looks_like_abbreviation(group) && initials_match(group, base)) {
      bracketed.push_back({group, quality, true});
    } else if (Script a = dominant_script(base), b = dominant_script(group);
               a != b && a != Script::none && b != Script::none) {
      // A rendering of the name in the other script: "نصار الشريعة (Ansar al Charia)".
      split_segment(group, quality, true, bracketed);
    }
    // Anything else is a qualifier or a gloss ("(PAKISTAN)", "(martyrs)"): not a name.
  }
  if (!base.empty()) {
    out.push_back({base, base_quality, may_be_abbreviation && looks_like_abbreviation(base)});
  }
  out.insert(out.end(), bracketed.begin(), bracketed.end());
}

}  // namespace

// ---------------------------------------------------------------- public

std::string clean_name(std::string_view raw) {
  std::u32string out;
  bool pending_space = false;
  for (char32_t c : decode(raw)) {
    switch (c) {
      case U'\u06CC': c = U'\u064A'; break;  // Persian yeh -> ي
      case U'\u06A9': c = U'\u0643'; break;  // keheh -> ك
      case U'\u06BE':                         // heh doachashmee -> ه
      case U'\u06C1': c = U'\u0647'; break;  // heh goal -> ه
      default: break;
    }
    if (is_double_quote(c)) continue;
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (u_iscntrl(static_cast<UChar32>(c))) continue;
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    out.push_back(c);
  }
  // A quote left at either end ("'Islamic Army'") is stray; inside a word it is a letter
  // of the transliteration (Jama'at) and stays.
  while (!out.empty() && (is_single_quote(out.front()) || out.front() == U' ')) out.erase(0, 1);
  while (!out.empty() && (is_single_quote(out.back()) || out.back() == U' ')) out.pop_back();
  return encode(out);
}

std::vector<ListedName> split_listed_name(const std::string& cleaned, const std::string& quality,
                                          bool whole_may_be_abbreviation) {
  std::vector<ListedName> out;
  std::vector<std::string> segments = split_outside_brackets(cleaned, " / ");
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string segment = trim_name(segments[i]);
    if (segment.empty()) continue;
    split_segment(segment, quality, whole_may_be_abbreviation || i > 0, out);
  }
  return out;
}

std::vector<std::string> stray_space_fragments(const std::string& name) {
  // Two-letter nouns that legitimately follow the article.
  static const std::unordered_set<std::string> kShortWords = {
      "\u0627\u0644\u0644\u0647",  // الله
      "\u0627\u0644\u062F\u0645",  // الدم
      "\u0627\u0644\u064A\u062F",  // اليد
      "\u0627\u0644\u0627\u0628",  // الاب
      "\u0627\u0644\u0627\u062E",  // الاخ
      "\u0627\u0644\u0627\u0645",  // الام
      "\u0627\u0644\u0641\u0645",  // الفم
  };
  static const std::u32string kArticle = U"\u0627\u0644";
  std::vector<std::string> fragments;
  for (const std::string& token : split_outside_brackets(name, " ")) {
    std::u32string letters;
    bool arabic = false;
    for (char32_t c : decode(token)) {
      if (is_arabic_mark(c) || !is_letter(c)) continue;
      if (is_arabic(c)) arabic = true;
      switch (c) {
        case U'\u0623': case U'\u0625': case U'\u0622': case U'\u0671': c = U'\u0627'; break;
        default: break;
      }
      letters.push_back(c);
    }
    if (!arabic || letters.empty()) continue;
    bool suspicious = false;
    if (letters == kArticle) {
      suspicious = true;  // a detached article: "ال احرار"
    } else if (letters.size() <= 4 && letters.compare(0, 2, kArticle) == 0) {
      suspicious = !kShortWords.count(encode(letters));  // "القا" of "القا عدة"
    } else if (letters.size() == 1 && letters[0] != U'\u0648') {
      suspicious = true;  // one letter alone; a separate و is a common spelling of "and"
    }
    if (suspicious) fragments.push_back(token);
  }
  return fragments;
}

Strength classify_name(const ListedName& name) {
  const size_t letters = letter_count(name.text);
  if (letters < 3) return {true, "short"};
  std::vector<std::string> words = content_words(name.text);
  if (name.abbreviation) {
    // "LET" is an abbreviation of Lashkar-e-Tayyiba and an ordinary word; "MIT" a university.
    if (words.size() == 1 && (is_common(words[0]) || common_abbreviations().count(words[0])))
      return {true, "common-word"};
    return {};
  }
  if (words.empty()) return {true, "common-phrase"};
  if (words.size() == 1) {
    if (is_common(words[0])) return {true, "common-word"};
    if (letters <= 3 && name.text.find(' ') == std::string::npos) return {true, "short"};
    return {};
  }
  if (words.size() == 2 && is_common(words[0]) && is_common(words[1]))
    return {true, "common-phrase"};
  return {};
}

const char* classification_summary() {
  return "A name is weak (needs context, so it goes to the weak-aliases file) when:\n"
         "  - it has fewer than 3 letters, or is a single word of 3 letters that is not an\n"
         "    abbreviation (reason=short);\n"
         "  - after dropping function words (the, of, les, al-, wa, في, ...) and the Arabic\n"
         "    article, its one remaining word is an ordinary word, e.g. \"The Base\",\n"
         "    \"The Veiled\", \"Al-Jihad\", \"LET\", \"القاعدة\", or an abbreviation in everyday\n"
         "    use for something else, e.g. \"MIT\", \"ISI\" (reason=common-word);\n"
         "  - nothing but function words remain, or exactly two words remain and both are\n"
         "    ordinary words, e.g. \"New Jihad\", \"Islamic Group\", \"Soldiers of God\",\n"
         "    \"مكتب الخدمات\" (reason=common-phrase).\n"
         "Ordinary words: a built-in list of English and French words that organizations put\n"
         "in their names (group, army, front, base, youth, islamic, ...), nationality\n"
         "adjectives, Arabic loanwords used as common nouns (jihad, sharia, tawhid, ...) and\n"
         "common Arabic nouns (قاعدة، جهاد، جماعة، مكتب، ...).\n"
         "Every other name is distinctive: multi-word proper names, abbreviations of 3 or more\n"
         "capitals (AQAP, JNIM; matched in capitals only: case=exact), Arabic names of two or\n"
         "more words, and single words that are not ordinary words.\n";
}

// ---------------------------------------------------------------- individuals

Role leading_role(std::string_view comments, std::string_view designation) {
  static const std::array<std::string_view, 12> kRoles = {
      "leader", "emir", "amir", "chief", "commander", "founder", "head", "spokesman", "spokesperson",
      "deputy", "mufti", "caliph"};
  auto sentences = [](std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    for (size_t i = 0; i < text.size(); ++i) {
      cur += text[i];
      bool end = text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
      if (end) {
        out.push_back(collapse_spaces(cur));
        cur.clear();
      }
    }
    if (!trim(cur).empty()) out.push_back(collapse_spaces(cur));
    return out;
  };
  for (std::string_view source : {designation, comments}) {
    for (const std::string& sentence : sentences(source)) {
      std::vector<std::string> words = lookup_words(sentence);
      bool named = false;
      for (const std::string& w : words)
        for (std::string_view role : kRoles)
          if (w == role || w == std::string(role) + "s") named = true;
      if (!named) continue;
      Role r;
      r.text = trim(sentence, " .");
      // The first reference of an entity: "QDe.004", "TAe.012".
      for (size_t i = 0; i + 6 < sentence.size(); ++i) {
        if (std::isupper(static_cast<unsigned char>(sentence[i])) && std::isupper(static_cast<unsigned char>(sentence[i + 1])) &&
            sentence[i + 2] == 'e' && sentence[i + 3] == '.' && std::isdigit(static_cast<unsigned char>(sentence[i + 4]))) {
          size_t end = i + 4;
          while (end < sentence.size() && std::isdigit(static_cast<unsigned char>(sentence[end]))) ++end;
          r.org = sentence.substr(i, end - i);
          break;
        }
      }
      return r;
    }
  }
  return {};
}

bool person_name_usable(const ListedName& name) {
  static const std::unordered_set<std::string> kTitles = {"dr", "doctor", "sheikh", "shaykh", "shaikh", "mullah",
                                                         "mawlawi", "maulavi", "haji", "hajji", "qari", "mufti",
                                                         "الشيخ", "شيخ", "الدكتور", "د", "ملا", "الملا"};
  static const std::unordered_set<std::string> kKunya = {"abu", "abou", "abi", "aba", "umm", "um", "ابو", "ابي",
                                                        "ابا", "ام"};
  // Given names so common that a name made only of them names no one in particular.
  static const std::unordered_set<std::string> kCommonGiven = {
      "mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad", "ahmed", "ahmad", "ali", "hassan",
      "hasan", "hussein", "husain", "hussain", "husayn", "ibrahim", "abdullah", "abdallah", "abdul", "abdel",
      "abd", "omar", "umar", "othman", "uthman", "mahmoud", "mahmud", "mustafa", "mostafa", "salim", "saleem",
      "salem", "khalid", "khaled", "yusuf", "youssef", "yousef", "yusef", "said", "saeed", "saad", "karim",
      "kareem", "fuad", "fouad", "hamza", "hamid", "hamed", "rashid", "rachid", "ismail", "ismael", "yahya",
      "zakaria", "musa", "moussa", "isa", "issa", "idris", "jamal", "faisal", "adel", "adil", "tariq", "tarek",
      "nasser", "nasir", "amir", "samir", "aziz", "salah", "walid", "bilal", "anas", "mansour", "mansur",
      "suleiman", "sulayman", "sulaiman", "jaber", "jabir", "habib", "kamal", "nabil", "bin", "ben", "ibn",
      "\u0645\u062D\u0645\u062F", "\u0627\u062D\u0645\u062F", "\u0639\u0644\u064A", "\u062D\u0633\u0646",
      "\u062D\u0633\u064A\u0646", "\u0627\u0628\u0631\u0627\u0647\u064A\u0645", "\u0639\u0628\u062F",
      "\u0639\u0628\u062F\u0627\u0644\u0644\u0647", "\u0627\u0644\u0644\u0647", "\u0639\u0645\u0631",
      "\u0645\u062D\u0645\u0648\u062F", "\u0645\u0635\u0637\u0641\u064A", "\u0633\u0627\u0644\u0645",
      "\u062E\u0627\u0644\u062F", "\u064A\u0648\u0633\u0641", "\u0633\u0639\u064A\u062F",
      "\u0627\u0633\u0645\u0627\u0639\u064A\u0644", "\u064A\u062D\u064A\u064A", "\u0645\u0648\u0633\u064A",
      "\u0628\u0646", "\u0627\u0628\u0646"};  // محمد احمد علي حسن حسين ابراهيم عبد عبدالله الله عمر محمود مصطفي سالم خالد يوسف سعيد اسماعيل يحيي موسي بن ابن
  std::vector<std::string> words;
  for (std::string& w : lookup_words(name.text))
    if (!kTitles.count(w) && !function_words().count(w)) words.push_back(std::move(w));
  if (words.size() < 2) return false;
  auto common = [](const std::string& w) { return kCommonGiven.count(w) > 0; };
  if (std::all_of(words.begin(), words.end(), common)) return false;
  if (words.size() == 2 && std::any_of(words.begin(), words.end(), common)) return false;  // "Abdul Haq"
  bool kunya = kKunya.count(words[0]) > 0;
  bool low = name.quality == "alias-low";
  return words.size() >= 3 || !(kunya || low);
}

const char* person_summary() {
  return "A listed individual is written here when the UN designation or narrative names a\n"
         "leading role (leader, emir, chief, commander, founder, head, spokesman, deputy...):\n"
         "role= is that sentence, org= the first entity reference in it. A name is written when\n"
         "it has two words or more (titles such as Dr. and Sheikh and articles such as al-\n"
         "left out), three or more\n"
         "when it starts with a kunya (Abu, Abou, Umm, أبو, أم) or is an alias of low quality:\n"
         "\"Abu Mohammed\" alone names no one; nor does a name made only of very common given\n"
         "names (\"Mohammed Hassan Ibrahim\"), or of two words one of which is one (\"Abdul Haq\").\n";
}

}  // namespace copydesk::cli::lexicon
