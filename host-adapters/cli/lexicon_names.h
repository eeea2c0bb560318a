// Name handling for `copydesk lexicon import-un`: cleaning the UN list's inconsistent text,
// splitting "Name (ABBR)" / "اسم (Transliteration; Other name)" forms into separate names,
// spotting stray spaces inside Arabic words, and deciding whether a name is distinctive
// enough to be flagged alone or an ordinary phrase that needs context.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace copydesk::cli::lexicon {

// Cleans one name as the UN list writes it: invalid UTF-8 -> U+FFFD; Persian yeh U+06CC -> ي,
// keheh U+06A9 -> ك, heh doachashmee U+06BE and heh goal U+06C1 -> ه; double quotes of every
// kind removed; control characters removed; runs of whitespace (newlines included) -> one
// space; trimmed; quotes left dangling at either end removed.
std::string clean_name(std::string_view raw);

// One name obtained from a FIRST_NAME, NAME_ORIGINAL_SCRIPT or ALIAS_NAME field.
struct ListedName {
  std::string text;
  std::string quality;         // primary | original-script | a.k.a. | f.k.a.
  bool abbreviation = false;   // "AQAP", "ISIL-K": matched in this case only
};

// Splits a cleaned name into the names it holds, base first:
//   "AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)"  -> the name, then AQAP (an abbreviation
//                                                   whose letters are the name's initials);
//   "جبهة النصرة (the Victory Front; Jabhat al-Nusrah)" -> each ';'-separated item;
//   "نصار الشريعة (Ansar al Charia)"             -> both (the other script is a rendering);
//   "هيئة تحرير الشام (original script)"          -> the name, with quality original-script;
//   "AL-ITIHAAD AL-ISLAMIYA / AIAI"              -> both sides of a spaced slash;
//   "AL-HARAMAIN FOUNDATION (PAKISTAN)", "... of Shahids (martyrs)" -> the name alone: a
//                                                   bracket that is none of the above is a
//                                                   qualifier or a gloss, not a name;
//   "Ansar al-Mujahideen Network - sub-unit name" -> the annotation is dropped.
// `whole_may_be_abbreviation` is false for the primary name, which the list writes in
// capitals (so "AL-QAIDA" looks like an abbreviation but is not one).
std::vector<ListedName> split_listed_name(const std::string& cleaned, const std::string& quality,
                                          bool whole_may_be_abbreviation);

// Arabic-script words of `name` that look like a fragment of a word cut by a stray space
// ("القا" in "القا عدة", a detached article "ال"). They cannot be repaired generically.
std::vector<std::string> stray_space_fragments(const std::string& name);

// Whether a name can be flagged alone. `reason` says why a name is weak:
//   "short"          fewer than 3 letters, or a single non-abbreviation word of 3 letters;
//   "common-word"    its one content word is an ordinary word, or it is an abbreviation in
//                    everyday use for something else ("The Base", "Al-Jihad", "MIT",
//                    "LET", "الملثمون");
//   "common-phrase"  nothing but function words, or two content words that are both
//                    ordinary words ("New Jihad", "Islamic Group", "مكتب الخدمات").
struct Strength {
  bool weak = false;
  std::string reason;
};
Strength classify_name(const ListedName& name);

// The heuristic above in words, for the header of the generated files.
const char* classification_summary();

// Individuals (leaders). The leading role the UN narrative or designation gives a person,
// as the sentence that says it ("Leader of Al-Qaida (QDe.004)"), with the first entity
// reference in it ("QDe.004", empty when none); empty role when none is named.
struct Role {
  std::string text;
  std::string org;
};
Role leading_role(std::string_view comments, std::string_view designation);

// Whether a person's name is specific enough to flag alone: two words or more, and three
// or more when it starts with a kunya (Abu, Abou, أبو, أم ...: "Abu Mohammed" is half the
// men of a country) or comes from an alias of low quality; not only very common given
// names ("Mohammed Hassan Ibrahim"), and no common given name in a name of two words
// ("Abdul Haq"). Titles ("Dr.", "Sheikh"), articles and stray quotes do not count as words.
bool person_name_usable(const ListedName& name);

// The rule above in words, for the header of the generated leaders file.
const char* person_summary();

}  // namespace copydesk::cli::lexicon
