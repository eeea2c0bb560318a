// Spellings of a folded term that writers use as often as the term itself, so that a
// list need not spell each one out (docs/rules.md, "Terms"):
//
// - Arabic compound names written as one word: "أبو بكر" as "أبوبكر", "عبد الملك" as
//   "عبدالملك", "نصر الله" as "نصرالله", "عز الدين" as "عزالدين". A space joins when the
//   word before it is أبو/أبي/أبا/عبد or the word after it is الله/الدين/الرحمن.
// - The Arabic article in Latin transliteration: "al-X" (or "al X") is also written
//   "al X", "el-X", and before a sun letter assimilated ("as-Sahab",
//   "ash-Shabaab", "an-Nusra"). Every article of a term takes the same form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace copydesk::detail {

// Variants of `folded` (a term after fold_string), the term itself excluded; no duplicates.
std::vector<std::string> spelling_variants(std::string_view folded);

}  // namespace copydesk::detail
