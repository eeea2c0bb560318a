// The compiled form of rule packs: what the TOML says, checked, folded and
// flattened into arrays the matcher and evaluator index by number.
//
// Everything a scan looks for is a *needle* (a term literal or a regex). Each
// needle belongs to one *group*: the [match] of a rule, a named term set, or
// the inline terms of one condition. Conditions refer to groups by index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "util/segment_kind.h"

namespace copydesk::detail {

enum class Severity : int32_t { kInfo = 1, kWarning = 2, kError = 3 };

// One lexicon entry as a policy editor wrote it (inline or a list line).
struct TermEntry {
  std::string written;  // as written
  std::string folded;   // fold_string(written): what is matched
  std::vector<std::pair<std::string, std::string>> meta;  // list-line key=value fields
  std::string source;   // file the entry comes from
  uint32_t line = 0;
};

// How the token around a term hit may look.
enum class Clitics : uint8_t {
  kNone,         // the hit must be the whole token
  kArabic,       // names: Arabic proclitics; the article only before a declared suffix
  kArabicWords,  // vocabulary: Arabic proclitics and the article
  kArticleStem,  // the needle is a term's stem without "ال": only لل/ولل/فلل may precede
};

struct Needle {
  // kRepeatedParagraph: a paragraph whose folded text stands earlier in the article
  // (a headline pasted twice); found by the matcher without Hyperscan.
  // kRecogniser: found by a recogniser of the evaluate stage (evaluate/recognise.h), which
  // reads the hits of its role groups; never compiled into the match database.
  // kStem: a term of a set with `stem`: its words' stems (fold/stem.h), found by the
  // evaluate stage on the stems of the text's words; never compiled into the match database.
  enum class Kind : uint8_t { kTerm, kPattern, kRepeatedParagraph, kRecogniser, kStem };
  Kind kind = Kind::kTerm;
  uint32_t group = 0;
  uint32_t entry = 0;         // kTerm: index into RuleModel::entries
  std::string literal;        // kTerm: folded bytes to find; kStem: the stems, one space apart
  std::string stem_language;  // kStem: "ar", "en" or "fr"
  Clitics clitics = Clitics::kNone;
  bool case_exact = false;    // kTerm: Latin letters must match the written case
  std::string pattern;        // kPattern: the regex as written
  std::string folded_pattern; // kPattern: with non-ASCII folded, as compiled
  std::string recogniser;     // kRecogniser: its name ("figure", "quote")
  // kRecogniser: per role of that recogniser (recognise.h names them), the groups it reads.
  std::vector<std::vector<uint32_t>> roles;
  // kRecogniser: per role, the folded literals of its term needles, sorted: for words the
  // matcher cannot see as tokens (a unit glued to digits, "73سنتا", "10km").
  std::vector<std::vector<std::string>> role_literals;
  std::string source;         // where it was written (for diagnostics and explain)
  uint32_t line = 0;
  uint32_t column = 0;
};

struct Group {
  std::string name;                   // "attribution.named_cues", "extremism.isis:match", ...
  std::vector<std::string> suffixes;  // folded suffixes allowed on the last word
};

// kHeadlineAndLede: the sentence, except that a match in the headline looks at the headline
// and the lede (evaluate.cpp says which paragraphs those are). kArticle: the whole text.
enum class Scope : uint8_t { kSentence, kPreviousSentence, kParagraph, kTokens, kArticle, kHeadlineAndLede };

struct Condition {
  bool require = true;            // [[require]] or [[unless]]
  Scope scope = Scope::kSentence;
  uint32_t before = 0;            // kTokens
  uint32_t after = 0;
  std::vector<uint32_t> groups;   // any hit of these groups in scope counts
  std::vector<std::string> when;  // folded terms this condition applies to; empty = all
  std::string label;              // human summary for explain: "require sentence: terms, sets=…"
  // [[require]] findings = [...]: a finding of these rules (indices, ascending) in scope counts
  // too, if it stood on its own (evaluate.h). `same_meta`: only a finding whose list line has
  // the same value for this field as the candidate's ("person" ties a surname to a full name).
  std::vector<uint32_t> finding_rules;
  std::string same_meta;
  uint32_t findings_slot = 0;     // with finding_rules: its index among such conditions
};

struct Example {
  std::string rule_id;
  std::string language;
  std::string text;
  std::vector<std::string> expect;
  SegmentKind segment = SegmentKind::kBody;  // the kind of segment the text is scanned as
  std::string source;
  uint32_t line = 0;
};

struct Rule {
  std::string id;
  std::string pack;
  std::string pack_version;  // the [pack] version; "" when it gives none
  std::string category;
  std::string title;
  std::string message;
  std::string description;
  std::string references;  // newline-separated
  std::string languages;   // comma-separated
  std::string status;
  std::string source;
  Severity severity = Severity::kWarning;
  uint32_t match_group = 0;
  uint32_t segments = 0;  // segment_bit()s of the kinds it reports in; 0 = every kind
  std::vector<Condition> conditions;
};

struct RuleModel {
  std::vector<Rule> rules;
  std::vector<Group> groups;
  std::vector<Needle> needles;
  std::vector<TermEntry> entries;
  std::vector<Example> examples;
  uint32_t findings_conditions = 0;  // conditions with finding_rules (their findings_slot < this)
  std::vector<uint32_t> recognisers; // kRecogniser needles, in the order they run
  std::vector<uint32_t> stem_needles; // kStem needles
  // kStem needles by language and first stem: "en\x1fsay" -> needles.
  std::unordered_map<std::string, std::vector<uint32_t>> stem_first;
};

}  // namespace copydesk::detail
