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
inline constexpr std::array<RecogniserSpec, 1> kRecognisers = {{
    {"figure", {"numbers", "multipliers", "not_units", "not_before", "after_noun", ""}},
}};

}  // namespace copydesk::detail
