#include "match/matcher.h"

#include <re2/filtered_re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstring>

#include "copydesk.h"
#include "match/tokens.h"
#include "util/error.h"
#include "util/hash.h"

namespace copydesk::detail {

namespace {

// No SOM_LEFTMOST: measured, start-of-match tracking cost more scan time (and
// compile time) than letting RE2 find spans in the paragraphs Hyperscan marks.
constexpr unsigned kPatternFlags = HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS;

// A term literal as a Hyperscan expression: every byte escaped, so no byte is syntax.
std::string escape_literal(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 4);
  for (unsigned char c : s) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

// Identifies the exact needle list a database was compiled from.
uint64_t needle_signature(const RuleModel& model) {
  uint64_t h = kFnvOffset;
  for (const Needle& n : model.needles) {
    h = stable_hash(n.kind == Needle::Kind::kTerm ? n.literal : n.folded_pattern, h);
    h = stable_hash(std::string_view("\x1f", 1), h);
  }
  return h;
}

uint32_t max_term_length(const RuleModel& model) {
  size_t longest = 0;
  for (const Needle& n : model.needles)
    if (n.kind == Needle::Kind::kTerm) longest = std::max(longest, n.literal.size());
  return static_cast<uint32_t>(longest);
}

RE2::Options regex_options(uint64_t max_mem) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_log_errors(false);
  o.set_max_mem(static_cast<int64_t>(max_mem ? max_mem : (8u << 20)));
  return o;
}

// Latin letters of the written form against those of the term, case kept.
bool same_case(std::string_view written_text, std::string_view term) {
  auto letters = [](std::string_view s) {
    std::string out;
    for (char c : s)
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) out += c;
    return out;
  };
  return letters(written_text) == letters(term);
}

// A case-exact term means its capitals only where the writer uses case: in a line of
// capitals ("THIS IS ATTACK FOOTBALL") "IS" is the verb. True when the words next to
// [start, end) of the view on its line (one or both) are all written in capitals; a word
// across a bracket is an aside, not a neighbour ("Islamic State (IS)").
bool among_capitals(std::string_view view, uint32_t start, uint32_t end) {
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  // The word before `start` and the word after `end`: -1 none, 0 not capitals, 1 capitals.
  auto word = [&](size_t from, int step) {
    size_t i = from;
    auto at = [&](size_t k) { return view[k]; };
    while (step < 0 ? i > 0 : i < view.size()) {
      char c = at(step < 0 ? i - 1 : i);
      if (c == '\n') return -1;
      if (c == '(' || c == ')' || c == '[' || c == ']') return -1;  // "Islamic State (IS)": an aside
      if (is_upper(c) || is_lower(c) || static_cast<unsigned char>(c) >= 0x80) break;
      i = step < 0 ? i - 1 : i + 1;
    }
    int upper = 0, other = 0;
    while (step < 0 ? i > 0 : i < view.size()) {
      char c = at(step < 0 ? i - 1 : i);
      if (is_upper(c)) ++upper;
      else if (is_lower(c) || static_cast<unsigned char>(c) >= 0x80) ++other;
      else break;
      i = step < 0 ? i - 1 : i + 1;
    }
    if (upper + other == 0) return -1;
    return upper >= 2 && other == 0 ? 1 : 0;
  };
  int before = word(start, -1), after = word(end, +1);
  return (before == 1 || after == 1) && before != 0 && after != 0;
}

// Single characters rare enough in news text to find a pattern by ("$", "%", a quote).
bool selective_single_byte(const std::string& atom) {
  return atom.size() == 1 && std::string_view("$%\"#@&*+=<>[]{}|~^").find(atom[0]) != std::string_view::npos;
}

// Short words ("and", "من", " to ") occur in nearly every paragraph: as the only
// literal they would wake RE2 everywhere.
bool weak_literal(const std::string& atom) {
  size_t first = atom.find_first_not_of(' '), last = atom.find_last_not_of(' ');
  return first == std::string::npos || last - first + 1 <= 4;
}

// The literals every match of `pattern` must contain one of, from RE2's FilteredRE2
// analysis: strings of two bytes or more, or else selective single characters;
// preferring, when they suffice, literals longer than a short word. Empty when some
// match needs none of them.
std::vector<std::string> required_literals(const std::string& pattern, uint64_t regex_max_mem) {
  for (int min_len : {2, 1}) {
    re2::FilteredRE2 filter(min_len);
    int id = 0;
    if (filter.Add(pattern, regex_options(regex_max_mem), &id) != RE2::NoError) return {};
    std::vector<std::string> atoms;
    filter.Compile(&atoms);
    // A set of atoms is enough when no match can do without all of them: the pattern
    // is not a potential match when only the other atoms are present.
    auto enough = [&](const std::vector<bool>& chosen) {
      std::vector<int> others, passes;
      for (size_t a = 0; a < atoms.size(); ++a)
        if (!chosen[a]) others.push_back(static_cast<int>(a));
      filter.AllPotentials(others, &passes);
      return passes.empty();
    };
    std::vector<bool> usable(atoms.size()), strong(atoms.size());
    for (size_t a = 0; a < atoms.size(); ++a) {
      bool blank = atoms[a].find_first_not_of(' ') == std::string::npos;
      usable[a] = !blank && (atoms[a].size() >= 2 || selective_single_byte(atoms[a]));
      strong[a] = usable[a] && (selective_single_byte(atoms[a]) || !weak_literal(atoms[a]));
    }
    for (const std::vector<bool>* chosen : {&strong, &usable}) {
      if (std::find(chosen->begin(), chosen->end(), true) == chosen->end() || !enough(*chosen)) continue;
      std::vector<std::string> out;
      for (size_t a = 0; a < atoms.size(); ++a)
        if ((*chosen)[a]) out.push_back(atoms[a]);
      return out;
    }
  }
  return {};
}

}  // namespace

MatchDatabase::~MatchDatabase() { hs_free_database(db_); }

void MatchDatabase::prepare_regexes(const RuleModel& model, uint64_t regex_max_mem) {
  size_t n = model.needles.size();
  regex_max_mem_ = regex_max_mem;
  patterns_.assign(n, std::string());
  regexes_.clear();
  regexes_.resize(n);
  regex_once_ = std::make_unique<std::once_flag[]>(n);
  repeated_paragraph_.clear();
  for (size_t i = 0; i < n; ++i) {
    if (model.needles[i].kind == Needle::Kind::kPattern) patterns_[i] = model.needles[i].folded_pattern;
    if (model.needles[i].kind == Needle::Kind::kRepeatedParagraph) repeated_paragraph_.push_back(static_cast<uint32_t>(i));
  }
}

void MatchDatabase::index_atom_set() {
  set_index_.assign(modes_.size(), -1);
  int next = 0;
  for (size_t i = 0; i < modes_.size(); ++i)
    if (modes_[i] == PatternMode::kAtoms) set_index_[i] = next++;
}

const RE2* MatchDatabase::regex(uint32_t needle) const {
  std::call_once(regex_once_[needle], [&] {
    auto re = std::make_unique<RE2>(patterns_[needle], regex_options(regex_max_mem_));
    if (re->ok()) regexes_[needle] = std::move(re);
  });
  return regexes_[needle].get();
}

const RE2::Set* MatchDatabase::atom_set() const {
  std::call_once(atom_set_once_, [&] {
    auto set = std::make_unique<RE2::Set>(regex_options(regex_max_mem_), RE2::UNANCHORED);
    bool complete = true, any = false;
    for (size_t i = 0; i < set_index_.size(); ++i) {
      if (set_index_[i] < 0) continue;
      any = true;
      complete &= set->Add(patterns_[i], nullptr) == set_index_[i];
    }
    if (any && complete && set->Compile()) atom_set_ = std::move(set);
  });
  return atom_set_.get();
}

size_t MatchDatabase::patterns_in_one_pass() const {
  return static_cast<size_t>(std::count(modes_.begin(), modes_.end(), PatternMode::kHyperscanEnds));
}

size_t MatchDatabase::patterns_found_by_literals() const {
  return static_cast<size_t>(std::count(modes_.begin(), modes_.end(), PatternMode::kAtoms));
}

std::unique_ptr<MatchDatabase> MatchDatabase::build(const RuleModel& model, Diagnostics& diags,
                                                    uint64_t regex_max_mem) {
  std::unique_ptr<MatchDatabase> db(new MatchDatabase());
  size_t n = model.needles.size();
  db->modes_.assign(n, PatternMode::kNotPattern);
  db->needle_signature_ = needle_signature(model);
  db->max_term_length_ = max_term_length(model);

  // RE2 first: it extracts every pattern's span, so a pattern it refuses cannot be used.
  db->prepare_regexes(model, regex_max_mem);
  std::vector<const RE2*> compiled(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    const Needle& nd = model.needles[i];
    if (nd.kind != Needle::Kind::kPattern) continue;
    compiled[i] = db->regex(static_cast<uint32_t>(i));
    if (!compiled[i]) {
      RE2 refused(nd.folded_pattern, regex_options(regex_max_mem));
      diags.error(nd.source, nd.line, nd.column, "", "pattern '" + nd.pattern + "': " + refused.error());
    }
  }

  std::vector<std::string> expressions;
  std::vector<unsigned> flags, ids;
  expressions.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const Needle& nd = model.needles[i];
    if (nd.kind == Needle::Kind::kRepeatedParagraph) continue;  // found without Hyperscan
    if (nd.kind == Needle::Kind::kTerm) {
      expressions.push_back(escape_literal(nd.literal));
      flags.push_back(0);
      ids.push_back(static_cast<unsigned>(i));
      continue;
    }
    if (!compiled[i]) continue;
    if (RE2::PartialMatch("", *compiled[i])) {
      diags.error(nd.source, nd.line, nd.column, "", "pattern '" + nd.pattern + "' can match empty text");
      continue;
    }
    // A pattern with required literals is found by them: Hyperscan compiles literals
    // fast and scans them fast, and RE2 confirms the pattern in the paragraphs they mark.
    std::vector<std::string> atoms = required_literals(nd.folded_pattern, regex_max_mem);
    if (!atoms.empty()) {
      db->modes_[i] = PatternMode::kAtoms;
      for (const std::string& atom : atoms) {
        expressions.push_back(escape_literal(atom));
        flags.push_back(0);
        ids.push_back(static_cast<unsigned>(n + db->atom_owner_.size()));
        db->atom_owner_.push_back(static_cast<uint32_t>(i));
      }
      continue;
    }
    diags.warning(nd.source, nd.line, nd.column, "",
                  "pattern '" + nd.pattern + "' has no literal of two or more characters; it is slow "
                  "(`copydesk rules profile` shows its cost)");
    db->modes_[i] = PatternMode::kHyperscanEnds;
    expressions.push_back(nd.folded_pattern);
    flags.push_back(kPatternFlags);
    ids.push_back(static_cast<unsigned>(i));
  }

  // Compile; a pattern Hyperscan rejects moves to RE2 alone and the rest compile again.
  while (!expressions.empty()) {
    std::vector<const char*> ptrs;
    for (const std::string& e : expressions) ptrs.push_back(e.c_str());
    hs_compile_error_t* err = nullptr;
    hs_error_t rc = hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()),
                                     HS_MODE_BLOCK, nullptr, &db->db_, &err);
    if (rc == HS_SUCCESS) break;
    std::string message = err && err->message ? err->message : "unknown Hyperscan error";
    int bad = err ? err->expression : -1;
    hs_free_compile_error(err);
    if (bad < 0 || static_cast<size_t>(bad) >= ids.size())
      throw Error(COPYDESK_E_ERROR, "Hyperscan could not build the match database: " + message);
    uint32_t id = ids[static_cast<size_t>(bad)];
    uint32_t needle = id < n ? id : db->atom_owner_[id - n];
    const Needle& nd = model.needles[needle];
    if (nd.kind == Needle::Kind::kTerm || id >= n) {
      diags.error(nd.source, nd.line, nd.column, "", "'" + (id >= n ? nd.pattern : nd.literal) +
                                                         "' cannot be compiled: " + message);
    } else {
      db->modes_[needle] = PatternMode::kRe2Only;
      db->re2_only_.push_back(needle);
      diags.warning(nd.source, nd.line, nd.column, "",
                    "pattern '" + nd.pattern + "' runs on RE2 alone, outside the one-pass scan (Hyperscan: " +
                        message + "); it is slower");
    }
    expressions.erase(expressions.begin() + bad);
    flags.erase(flags.begin() + bad);
    ids.erase(ids.begin() + bad);
  }

  if (diags.has_errors()) return nullptr;
  db->index_atom_set();
  return db;
}

std::string MatchDatabase::serialize() const {
  std::string out;
  auto put64 = [&out](uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put64(needle_signature_);
  put64(modes_.size());
  for (PatternMode m : modes_) out.push_back(static_cast<char>(m));
  put64(atom_owner_.size());
  for (uint32_t owner : atom_owner_) put64(owner);
  char* bytes = nullptr;
  size_t len = 0;
  if (db_ && hs_serialize_database(db_, &bytes, &len) != HS_SUCCESS)
    throw Error(COPYDESK_E_ERROR, "Hyperscan could not serialize the match database");
  put64(len);
  if (len) out.append(bytes, len);
  std::free(bytes);
  return out;
}

std::unique_ptr<MatchDatabase> MatchDatabase::deserialize(const RuleModel& model, std::string_view bytes,
                                                          uint64_t regex_max_mem) {
  auto fail = [](const std::string& why) { return Error(COPYDESK_E_VERSION, "bundle does not fit: " + why); };
  size_t pos = 0;
  auto get64 = [&]() {
    if (bytes.size() - pos < 8) throw fail("truncated match data");
    uint64_t v;
    std::memcpy(&v, bytes.data() + pos, 8);
    pos += 8;
    return v;
  };
  std::unique_ptr<MatchDatabase> db(new MatchDatabase());
  db->needle_signature_ = get64();
  if (db->needle_signature_ != needle_signature(model)) throw fail("its match data belongs to other rules");
  db->max_term_length_ = max_term_length(model);
  uint64_t count = get64();
  if (count != model.needles.size() || bytes.size() - pos < count) throw fail("needle count differs");
  for (uint64_t i = 0; i < count; ++i) {
    auto m = static_cast<PatternMode>(bytes[pos++]);
    if (m != PatternMode::kNotPattern && m != PatternMode::kRe2Only && m != PatternMode::kHyperscanEnds &&
        m != PatternMode::kAtoms)
      throw fail("corrupted pattern table");
    db->modes_.push_back(m);
    if (m == PatternMode::kRe2Only) db->re2_only_.push_back(static_cast<uint32_t>(i));
  }
  uint64_t atoms = get64();
  if (atoms > bytes.size()) throw fail("corrupted atom table");
  for (uint64_t i = 0; i < atoms; ++i) {
    uint64_t owner = get64();
    if (owner >= count || db->modes_[owner] != PatternMode::kAtoms) throw fail("corrupted atom table");
    db->atom_owner_.push_back(static_cast<uint32_t>(owner));
  }
  uint64_t len = get64();
  if (bytes.size() - pos != len) throw fail("truncated Hyperscan database");
  if (len) {
    hs_error_t rc = hs_deserialize_database(bytes.data() + pos, len, &db->db_);
    if (rc == HS_DB_VERSION_ERROR) throw fail("it was compiled by another Hyperscan version");
    if (rc == HS_DB_PLATFORM_ERROR) throw fail("it was compiled for another CPU");
    if (rc != HS_SUCCESS) throw fail("corrupted Hyperscan database");
  }
  db->prepare_regexes(model, regex_max_mem);
  db->index_atom_set();
  return db;
}

// ------------------------------------------------------------------------- Matcher

Matcher::Matcher(const MatchDatabase& db) : db_(db) {
  if (db.db_ && hs_alloc_scratch(db.db_, &scratch_) != HS_SUCCESS)
    throw Error(COPYDESK_E_NOMEM, "Hyperscan could not allocate scratch space");
}

Matcher::~Matcher() { hs_free_scratch(scratch_); }

int Matcher::on_match(unsigned int id, unsigned long long /*from: no SOM*/, unsigned long long to, unsigned int,
                      void* ctx) {
  auto* self = static_cast<Matcher*>(ctx);
  uint32_t end = static_cast<uint32_t>(to) + self->scan_offset_;
  if (id >= self->db_.modes_.size()) {  // a required literal of a pattern
    self->pattern_ends_.push_back({self->db_.atom_owner_[id - self->db_.modes_.size()], 0, end});
    return 0;
  }
  if (self->db_.modes_[id] == MatchDatabase::PatternMode::kHyperscanEnds) {
    self->pattern_ends_.push_back({id, 0, end});
    return 0;
  }
  self->term_ends_.push_back({id, end});
  return 0;
}

void Matcher::find(const RuleModel& model, std::string_view folded, const Segmentation& segments,
                   std::string_view view, const OffsetMap& fold_map, std::vector<Hit>& out,
                   const SegmentLayout* layout) {
  out.clear();
  term_ends_.clear();
  pattern_ends_.clear();
  scan(folded);

  // Terms: the start follows from the literal's length; then the token edges.
  for (const TermEnd& r : term_ends_) {
    const Needle& n = model.needles[r.needle];
    uint32_t start = r.to - static_cast<uint32_t>(n.literal.size()), span_start, span_end;
    if (!check_token_edges(folded, start, r.to, n.clitics, model.groups[n.group].suffixes, &span_start, &span_end))
      continue;
    if (n.case_exact) {
      uint32_t vs = fold_map.to_in_start(start), ve = fold_map.to_in_end(r.to);
      if (!same_case(view.substr(vs, ve - vs), model.entries[n.entry].written) || among_capitals(view, vs, ve))
        continue;
    }
    out.push_back({r.needle, span_start, span_end});
  }

  // Patterns: each literal or match end marks its paragraph. Per paragraph, one RE2::Set
  // pass tells which of the patterns found by literals really match there (a literal is
  // only a hint: "and" occurs everywhere a range pattern might), and RE2 takes the spans
  // of those and of the patterns Hyperscan confirmed itself.
  for (PatternEnd& r : pattern_ends_) r.paragraph = segments.paragraph_of(r.to - 1);
  std::sort(pattern_ends_.begin(), pattern_ends_.end(), [](const PatternEnd& a, const PatternEnd& b) {
    return a.paragraph != b.paragraph ? a.paragraph < b.paragraph : a.needle < b.needle;
  });
  for (size_t i = 0; i < pattern_ends_.size();) {
    uint32_t para = pattern_ends_[i].paragraph;
    size_t end = i;
    while (end < pattern_ends_.size() && pattern_ends_[end].paragraph == para) ++end;
    uint32_t from = segments.paragraph_begin(para), to = segments.paragraph_end(para);
    bool set_ran = false, set_failed = false;
    for (size_t k = i; k < end; ++k) {
      uint32_t needle = pattern_ends_[k].needle;
      if (k > i && needle == pattern_ends_[k - 1].needle) continue;
      int in_set = db_.set_index_[needle];
      const RE2::Set* atom_set = in_set >= 0 ? db_.atom_set() : nullptr;
      if (atom_set) {
        if (!set_ran) {
          set_ran = true;
          set_matches_.clear();
          RE2::Set::ErrorInfo error;
          if (!atom_set->Match(re2::StringPiece(folded.data() + from, to - from), &set_matches_, &error))
            set_failed = error.kind != RE2::Set::kNoError;  // out of memory: search every candidate
          std::sort(set_matches_.begin(), set_matches_.end());
        }
        if (!set_failed && !std::binary_search(set_matches_.begin(), set_matches_.end(), in_set)) continue;
      }
      search_with_re2(model, needle, folded, from, to, out);
    }
    i = end;
  }

  if (!db_.repeated_paragraph_.empty()) find_repeated_paragraphs(folded, segments, layout, out);

  // Patterns Hyperscan refused: RE2 over the whole text.
  for (uint32_t id : db_.re2_only_) search_with_re2(model, id, folded, 0, static_cast<uint32_t>(folded.size()), out);

  find_evasions(model, folded, view, fold_map, out);
}

void Matcher::scan(std::string_view text, uint32_t offset) {
  if (!db_.db_ || text.empty()) return;
  scan_offset_ = offset;
  hs_error_t rc = hs_scan(db_.db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch_, &Matcher::on_match, this);
  scan_offset_ = 0;
  if (rc == HS_SCRATCH_IN_USE) throw Error(COPYDESK_E_BUSY, "the scanner is in use by another thread");
  if (rc != HS_SUCCESS) throw Error(COPYDESK_E_ERROR, "Hyperscan scan failed (" + std::to_string(rc) + ")");
}

void Matcher::find_evasions(const RuleModel& model, std::string_view folded, std::string_view view,
                            const OffsetMap& fold_map, std::vector<Hit>& out) {
  evasions_.build(folded);
  if (evasions_.empty()) return;
  std::string_view text = evasions_.text();
  // Only around the undone spots: a term touching one starts or ends within its longest
  // literal (plus clitics and a suffix) of it. Windows that meet are scanned as one.
  term_ends_.clear();
  pattern_ends_.clear();
  const uint32_t reach = db_.max_term_length_ + 16, size = static_cast<uint32_t>(text.size());
  const auto& spots = evasions_.undone();
  for (size_t k = 0; k < spots.size();) {
    uint32_t from = spots[k].first > reach ? spots[k].first - reach : 0;
    uint32_t to = std::min(size, spots[k].second + reach);
    for (++k; k < spots.size() && spots[k].first <= to + reach; ++k) to = std::min(size, spots[k].second + reach);
    scan(text.substr(from, to - from), from);
  }
  for (const TermEnd& r : term_ends_) {
    const Needle& n = model.needles[r.needle];
    uint32_t start = r.to - static_cast<uint32_t>(n.literal.size()), span_start, span_end;
    if (!check_token_edges(text, start, r.to, n.clitics, model.groups[n.group].suffixes, &span_start, &span_end))
      continue;
    if (!evasions_.touches_undone(span_start, span_end)) continue;  // the main scan has it
    uint32_t fs = evasions_.to_folded_start(span_start), fe = evasions_.to_folded_end(span_end);
    if (n.case_exact) {
      uint32_t vs = fold_map.to_in_start(fs), ve = fold_map.to_in_end(fe);
      if (!same_case(view.substr(vs, ve - vs), model.entries[n.entry].written) || among_capitals(view, vs, ve))
        continue;
    }
    out.push_back({r.needle, fs, fe});
  }
  term_ends_.clear();
  pattern_ends_.clear();
}

void Matcher::find_repeated_paragraphs(std::string_view folded, const Segmentation& segments,
                                       const SegmentLayout* layout, std::vector<Hit>& out) {
  // A paragraph of at least three words whose folded text stands earlier in the article.
  constexpr size_t kMinWords = 3;
  seen_paragraphs_.clear();
  for (uint32_t p = 0; p < segments.paragraph_count(); ++p) {
    if (layout && !layout->compared_for_repeats(layout->part_of(segments.paragraph_begin(p)))) continue;
    std::string_view text = folded.substr(segments.paragraph_begin(p), segments.paragraph_end(p) - segments.paragraph_begin(p));
    size_t first = text.find_first_not_of(" \n\t\r"), last = text.find_last_not_of(" \n\t\r");
    if (first == std::string_view::npos) continue;
    text = text.substr(first, last - first + 1);
    if (static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) + 1 < kMinWords) continue;
    if (!seen_paragraphs_.insert(text).second) {
      uint32_t start = static_cast<uint32_t>(text.data() - folded.data());
      for (uint32_t needle : db_.repeated_paragraph_)
        out.push_back({needle, start, start + static_cast<uint32_t>(text.size())});
    }
  }
}

void Matcher::search_with_re2(const RuleModel& model, uint32_t id, std::string_view folded, uint32_t from,
                              uint32_t to, std::vector<Hit>& out) const {
  const Needle& n = model.needles[id];
  const RE2* compiled = db_.regex(id);
  if (!compiled) return;  // only when memory ran out: this library compiled it before
  const RE2& re = *compiled;
  size_t pos = from;
  re2::StringPiece text(folded.data(), to), match;
  while (pos < to && re.Match(text, pos, to, RE2::UNANCHORED, &match, 1)) {
    uint32_t start = static_cast<uint32_t>(match.data() - folded.data());
    uint32_t end = start + static_cast<uint32_t>(match.size());
    if (end == start) {
      pos = start + 1;
      continue;
    }
    uint32_t span_start, span_end;
    if (check_token_edges(folded, start, end, n.clitics, model.groups[n.group].suffixes, &span_start, &span_end))
      out.push_back({id, span_start, span_end});
    pos = end;
  }
}

}  // namespace copydesk::detail
