// The recognisers a rule's [match] may name instead of (or beside) terms and patterns,
// and the roles each reads. A role is filled with term sets; the recogniser (in
// evaluate/recognise.cpp) reads their hits. docs/rules.md, "Recognisers", says what each does.
#pragma once

#include <array>
#include <string_view>

namespace copydesk::detail {

struct RecogniserSpec {
  std::string_view name;
  std::array<std::string_view, 6> roles;  // empty names end the list
};

// figure: a number (digits, or a term of `numbers`, scaled by `multipliers`) that quantifies
// the word after it, unless that word is in `not_units` or the word before the number is in
// `not_before`; a term of `after_noun` quantifies the word before it ("جسر واحد").
// vague_source: a term of `nouns` (an unnamed source: "sources", "residents", "مصادر")
// with a term of `speech` after it ("Shopkeepers in the old market say") or a term of
// `speech` or `preludes` before it ("وقالت مصادر", "affirment des habitants", "according to
// local sources"), a few words apart in one sentence; not when a term of `named` follows the
// noun ("officials at the …", "مصادر أمنية في وزارة …"): that source names an organization.
// quote: a quotation of four words or more between paired marks (« » “ ” directional, " "
// straight, paired within a paragraph) whose speaker is not given: a term of `speech` or a
// colon before it in its sentence, a term of `preludes` before it in its sentence ("Pour le
// ministre, « … »"), a term of `speech` just after it ("», a-t-il plaidé"), or in the sentence
// before it; nor does it continue a quotation of the paragraph or the one before that had a
// speaker. A term of `not_quotes` just before the mark makes it a title ("titled").
inline constexpr std::array<RecogniserSpec, 3> kRecognisers = {{
    {"figure", {"numbers", "multipliers", "not_units", "not_before", "after_noun", ""}},
    {"vague_source", {"nouns", "speech", "preludes", "named", "", ""}},
    {"quote", {"speech", "preludes", "not_quotes", "", "", ""}},
}};

}  // namespace copydesk::detail
