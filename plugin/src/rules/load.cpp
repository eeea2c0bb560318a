#include "rules/load.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "fold/fold.h"
#include "fold/stem.h"
#include "rules/limits.h"
#include "rules/recognisers.h"
#include "rules/variants.h"
#include "util/utf8.h"

namespace fs = std::filesystem;

namespace copydesk::detail {

namespace {

using Keys = std::vector<std::string_view>;

const Keys kPackFileKeys = {"pack", "termsets", "rule"};
const Keys kPackKeys = {"id", "version", "category", "title", "description", "languages", "default_severity"};
const Keys kTermsetKeys = {"terms", "lists", "arabic_clitics", "suffixes", "patterns", "case_sensitive", "stem"};
const Keys kRuleKeys = {"id", "title", "status", "severity", "message", "description", "references",
                            "languages", "segments", "match", "require", "unless", "example"};
const Keys kMatchKeys = {"terms",          "lists", "arabic_clitics", "suffixes", "patterns", "sets",
                         "case_sensitive", "repeated_paragraph", "recogniser", "roles"};
const Keys kConditionKeys = {"within", "before", "after", "terms",    "lists", "sets",
                             "patterns", "when", "suffixes", "findings", "same"};
const Keys kExampleKeys = {"text", "expect", "language", "segment"};

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string join(const Keys& keys) {
  std::string s;
  for (std::string_view k : keys) {
    if (!s.empty()) s += ", ";
    s += k;
  }
  return s;
}

bool starts_with_arabic_letter(std::string_view folded) {
  if (folded.empty()) return false;
  char32_t cp = decode_utf8(folded, 0).cp;
  return cp >= 0x0600 && cp <= 0x06FF;
}

constexpr std::string_view kArabicArticle = "\xD8\xA7\xD9\x84";  // "ال"

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warning") return Severity::kWarning;
  if (s == "error") return Severity::kError;
  return std::nullopt;
}

// Builds one RuleModel from all units; one instance per build_model call.
class ModelBuilder {
 public:
  ModelBuilder(RuleModel& model, Diagnostics& diags, const std::string& exclude) : model_(model), diags_(diags) {
    std::string_view rest = exclude;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) exclude_.insert(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }

  void build(const std::vector<SourceUnit>& units) {
    // Phase 1: every pack header and its term sets, so rules may refer to sets of any pack.
    std::vector<PackContext> packs;
    for (const SourceUnit& unit : units) {
      if (unit.kind == SourceUnit::Kind::kString) {
        for (const auto& [path, content] : unit.files) packs.push_back(load_string_pack(unit, path, content));
      } else {
        packs.push_back(load_pack_header(unit));
      }
    }
    for (PackContext& pack : packs) load_termsets(pack);
    for (const PackContext& pack : packs) packs_seen_.push_back(&pack);
    // Phase 2: rules.
    for (PackContext& pack : packs) load_rules(pack);
    resolve_findings();
    for (uint32_t i : model_.stem_needles) {
      const Needle& n = model_.needles[i];
      model_.stem_first[n.stem_language + '\x1f' + n.literal.substr(0, n.literal.find(' '))].push_back(i);
    }
    for (const PackContext& pack : packs) warn_unused_lists(pack);
  }

 private:
  struct PackContext {
    const SourceUnit* unit = nullptr;
    std::string id;
    std::string category;
    std::string version;
    std::string languages;
    Severity default_severity = Severity::kWarning;
    bool ok = false;
    std::string header_file;
    std::shared_ptr<toml::table> header;                               // pack.toml or the string doc
    std::vector<std::shared_ptr<toml::table>> owned;                    // parsed rule files
    std::vector<std::pair<std::string, const toml::table*>> rule_docs;  // file -> rule table (kept in place:
                                                                        // copies of toml++ nodes lose positions)
    std::set<std::string> used_lists;
  };

  struct Where {
    std::string file;
    std::string rule_id;
  };

  // A condition's `findings` names, resolved to rules once every pack is loaded.
  struct PendingFindings {
    uint32_t rule;       // index in model_.rules
    size_t condition;    // index in its conditions
    Where where;
    std::vector<std::pair<std::string, toml::source_region>> names;
  };

  // ---------------------------------------------------------------- diagnostics helpers

  void error_at(const Where& w, const toml::source_region& r, const std::string& msg) {
    diags_.error(w.file, r.begin.line, r.begin.column, w.rule_id, msg);
  }
  void warn_at(const Where& w, const toml::source_region& r, const std::string& msg) {
    diags_.warning(w.file, r.begin.line, r.begin.column, w.rule_id, msg);
  }

  void check_keys(const Where& w, const toml::table& t, const Keys& allowed, std::string_view what) {
    for (auto&& [key, node] : t) {
      std::string_view k = key.str();
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string msg = "unknown key '" + std::string(k) + "' in " + std::string(what);
      std::string_view best;
      size_t best_d = 3;
      for (std::string_view a : allowed) {
        size_t d = edit_distance(k, a);
        if (d < best_d) best_d = d, best = a;
      }
      if (!best.empty()) msg += "; did you mean '" + std::string(best) + "'?";
      else msg += "; expected one of: " + join(allowed);
      error_at(w, key.source(), msg);
    }
  }

  std::shared_ptr<toml::table> parse(const std::string& file, const std::string& content) {
    if (!check_toml_limits(file, content, diags_)) return nullptr;
    try {
      return std::make_shared<toml::table>(toml::parse(content, file));
    } catch (const toml::parse_error& e) {
      diags_.error(file, e.source().begin.line, e.source().begin.column, "",
                   "TOML syntax: " + std::string(e.description()));
      return nullptr;
    }
  }

  std::optional<std::string> get_string(const Where& w, const toml::table& t, std::string_view key, bool required,
                                        const toml::source_region& owner) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) error_at(w, owner, "missing required key '" + std::string(key) + "'");
      return std::nullopt;
    }
    if (const auto* s = n->as_string()) return s->get();
    error_at(w, n->source(), "'" + std::string(key) + "' must be a string");
    return std::nullopt;
  }

  // A list of strings; a lone string is accepted as a list of one.
  std::vector<std::pair<std::string, toml::source_region>> get_strings(const Where& w, const toml::table& t,
                                                                       std::string_view key) {
    std::vector<std::pair<std::string, toml::source_region>> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    if (const auto* s = n->as_string()) {
      out.emplace_back(s->get(), s->source());
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a) {
      error_at(w, n->source(), "'" + std::string(key) + "' must be a list of strings");
      return out;
    }
    for (const toml::node& item : *a) {
      if (const auto* s = item.as_string()) out.emplace_back(s->get(), s->source());
      else error_at(w, item.source(), "'" + std::string(key) + "' must hold only strings");
    }
    return out;
  }

  std::optional<bool> get_bool(const Where& w, const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (const auto* b = n->as_boolean()) return b->get();
    error_at(w, n->source(), "'" + std::string(key) + "' must be true or false");
    return std::nullopt;
  }

  std::optional<uint32_t> get_count(const Where& w, const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (const auto* i = n->as_integer(); i && i->get() >= 0 && i->get() <= 1000) return static_cast<uint32_t>(i->get());
    error_at(w, n->source(), "'" + std::string(key) + "' must be a whole number from 0 to 1000");
    return std::nullopt;
  }

  std::vector<const toml::table*> get_tables(const Where& w, const toml::table& t, std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    if (const auto* tbl = n->as_table()) {
      out.push_back(tbl);
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a) {
      error_at(w, n->source(), "'" + std::string(key) + "' must be a table or an array of tables ([[" +
                                   std::string(key) + "]])");
      return out;
    }
    for (const toml::node& item : *a) {
      if (const auto* tbl = item.as_table()) out.push_back(tbl);
      else error_at(w, item.source(), "each '" + std::string(key) + "' must be a table");
    }
    return out;
  }

  // ---------------------------------------------------------------- packs

  PackContext load_pack_header(const SourceUnit& unit) {
    PackContext pack;
    pack.unit = &unit;
    for (const auto& [file, why] : unit.refused) diags_.error(file, 0, 0, "", why);
    std::string header = (fs::path(unit.dir) / "pack.toml").lexically_normal().string();
    auto it = unit.files.find(header);
    if (it == unit.files.end()) {
      // A lone rule file outside any pack: its pack id comes from the rule id.
      pack.header_file = unit.origin;
      pack.ok = true;
      pack.id.clear();
    } else {
      pack.header_file = header;
      pack.header = parse(header, it->second);
      if (pack.header) read_pack_table(pack, *pack.header, header, &unit);
    }
    for (const auto& [path, content] : unit.files) {
      if (path == header || fs::path(path).extension() != ".toml") continue;
      if (auto doc = parse(path, content)) {
        pack.owned.push_back(doc);
        pack.rule_docs.emplace_back(path, doc.get());
      }
    }
    return pack;
  }

  PackContext load_string_pack(const SourceUnit& unit, const std::string& origin, const std::string& content) {
    PackContext pack;
    pack.unit = &unit;
    pack.header_file = origin;
    pack.header = parse(origin, content);
    if (!pack.header) return pack;
    Where w{origin, ""};
    check_keys(w, *pack.header, kPackFileKeys, "a pack document");
    read_pack_table(pack, *pack.header, origin, nullptr);
    for (const toml::table* rule : get_tables(w, *pack.header, "rule")) pack.rule_docs.emplace_back(origin, rule);
    return pack;
  }

  void read_pack_table(PackContext& pack, const toml::table& doc, const std::string& file, const SourceUnit* unit) {
    Where w{file, ""};
    if (unit) check_keys(w, doc, {"pack", "termsets"}, "pack.toml");
    const toml::table* p = doc.get_as<toml::table>("pack");
    if (!p) {
      diags_.error(file, 1, 1, "", "missing the [pack] table");
      return;
    }
    check_keys(w, *p, kPackKeys, "[pack]");
    auto id = get_string(w, *p, "id", true, p->source());
    auto category = get_string(w, *p, "category", true, p->source());
    if (!id || !category) return;
    if (unit && !unit->dir.empty()) {
      std::string folder = fs::path(unit->dir).lexically_normal().filename().string();
      if (folder.empty()) folder = fs::path(unit->dir).lexically_normal().parent_path().filename().string();
      if (*id != folder) error_at(w, p->get("id")->source(), "pack id '" + *id + "' must equal its folder name '" + folder + "'");
    }
    if (!seen_packs_.insert(*id).second) error_at(w, p->get("id")->source(), "pack '" + *id + "' is defined twice");
    pack.id = *id;
    pack.category = *category;
    std::string langs;
    for (auto& [l, _] : get_strings(w, *p, "languages")) langs += (langs.empty() ? "" : ",") + l;
    pack.languages = langs;
    if (auto sev = get_string(w, *p, "default_severity", false, p->source())) {
      if (auto s = parse_severity(*sev)) pack.default_severity = *s;
      else error_at(w, p->get("default_severity")->source(), "'default_severity' must be one of info, warning, error");
    }
    pack.version = get_string(w, *p, "version", false, p->source()).value_or("");
    get_string(w, *p, "title", false, p->source());
    get_string(w, *p, "description", false, p->source());
    pack.ok = true;
  }

  void load_termsets(PackContext& pack) {
    if (!pack.ok || !pack.header) return;
    const toml::node* n = pack.header->get("termsets");
    if (!n) return;
    Where w{pack.header_file, ""};
    const toml::table* sets = n->as_table();
    if (!sets) {
      error_at(w, n->source(), "'termsets' must be a table of named term sets ([termsets.NAME])");
      return;
    }
    for (auto&& [key, node] : *sets) {
      const toml::table* t = node.as_table();
      if (!t) {
        error_at(w, node.source(), "term set '" + std::string(key.str()) + "' must be a table");
        continue;
      }
      check_keys(w, *t, kTermsetKeys, "a term set");
      std::string name = pack.id + "." + std::string(key.str());
      uint32_t g = add_group(name, *t, w);
      // Term sets hold vocabulary (cue words, context words): the article is a normal clitic there.
      Clitics clitics = get_bool(w, *t, "arabic_clitics").value_or(false) ? Clitics::kArabicWords : Clitics::kNone;
      bool case_exact = get_bool(w, *t, "case_sensitive").value_or(false);
      if (auto lang = get_string(w, *t, "stem", false, t->source())) {
        if (stem_language_known(*lang)) stem_language_ = *lang;
        else error_at(w, t->get("stem")->source(), "'stem' must be one of ar, en, fr (the Snowball stemmers)");
        if (t->get("patterns")) error_at(w, t->get("patterns")->source(), "a term set with 'stem' takes terms and lists, not patterns");
      }
      add_sources(pack, g, *t, w, clitics, case_exact);
      stem_language_.clear();
      named_sets_[name] = g;
    }
  }

  uint32_t add_group(std::string name, const toml::table& t, const Where& w) {
    Group g;
    g.name = std::move(name);
    for (auto& [s, region] : get_strings(w, t, "suffixes")) {
      std::string f = fold_string(s);
      if (f.empty()) error_at(w, region, "suffix '" + s + "' is empty after folding");
      else g.suffixes.push_back(f);
    }
    model_.groups.push_back(std::move(g));
    return static_cast<uint32_t>(model_.groups.size() - 1);
  }

  // terms, lists and patterns of a [match], term set or condition table.
  void add_sources(PackContext& pack, uint32_t group, const toml::table& t, const Where& w, Clitics clitics,
                   bool case_exact) {
    for (auto& [term, region] : get_strings(w, t, "terms")) {
      TermEntry e;
      e.written = term;
      e.source = w.file;
      e.line = region.begin.line;
      add_term(group, std::move(e), clitics, case_exact, w, region);
    }
    for (auto& [list, region] : get_strings(w, t, "lists")) add_list(pack, group, list, region, w, clitics, case_exact);
    for (auto& [pattern, region] : get_strings(w, t, "patterns")) {
      if (pattern.empty()) {
        error_at(w, region, "empty pattern");
        continue;
      }
      if (std::string why = check_pattern_limits(pattern); !why.empty()) {
        error_at(w, region, "limit: pattern '" + pattern + "': " + why + " (docs/rules.md, \"Limits\")");
        continue;
      }
      Needle n;
      n.kind = Needle::Kind::kPattern;
      n.group = group;
      n.pattern = pattern;
      n.folded_pattern = fold_pattern(pattern);
      n.source = w.file;
      n.line = region.begin.line;
      n.column = region.begin.column;
      n.clitics = clitics;
      model_.needles.push_back(std::move(n));
    }
  }

  void add_term(uint32_t group, TermEntry e, Clitics clitics, bool case_exact, const Where& w,
                const toml::source_region& region) {
    if (model_.entries.size() >= SourceLimits::kMaxTerms) {
      if (!terms_limit_reported_)
        diags_.error(e.source, e.line, 1, w.rule_id, "limit: more than " + std::to_string(SourceLimits::kMaxTerms) +
                                                        " terms in all packs (docs/rules.md, \"Limits\")");
      terms_limit_reported_ = true;
      return;
    }
    e.folded = fold_string(e.written);
    // Terms are tokens: surrounding spaces in a list line mean nothing.
    while (!e.folded.empty() && e.folded.back() == ' ') e.folded.pop_back();
    size_t lead = e.folded.find_first_not_of(' ');
    e.folded.erase(0, lead == std::string::npos ? e.folded.size() : lead);
    if (e.folded.empty()) {
      error_at(w, region, "term '" + e.written + "' is empty after folding");
      return;
    }
    model_.entries.push_back(std::move(e));
    const TermEntry& entry = model_.entries.back();
    uint32_t index = static_cast<uint32_t>(model_.entries.size() - 1);
    if (!stem_language_.empty()) {
      add_stem_term(group, index, region);
      return;
    }
    Needle n;
    n.kind = Needle::Kind::kTerm;
    n.group = group;
    n.entry = index;
    n.literal = entry.folded;
    n.case_exact = case_exact;
    n.source = entry.source;
    n.line = region.begin.line;
    n.column = region.begin.column;
    bool arabic = clitics != Clitics::kNone && starts_with_arabic_letter(entry.folded);
    std::vector<std::string> literals = {entry.folded};
    // Joined Arabic compound names, transliterated articles (rules/variants.h); a case-exact
    // term is an abbreviation, spelled one way.
    if (!case_exact)
      for (std::string& v : spelling_variants(entry.folded)) literals.push_back(std::move(v));
    for (const std::string& literal : literals) {
      n.literal = literal;
      n.clitics = arabic ? clitics : Clitics::kNone;
      model_.needles.push_back(n);
      // ل + ال is written لل: "للقاعدة" holds the stem "قاعده" after a clitic, not "القاعده".
      if (arabic && literal.size() > kArabicArticle.size() + 2 &&
          std::string_view(literal).substr(0, kArabicArticle.size()) == kArabicArticle) {
        n.literal = literal.substr(kArabicArticle.size());
        n.clitics = Clitics::kArticleStem;
        model_.needles.push_back(n);
      }
    }
  }

  void add_list(PackContext& pack, uint32_t group, const std::string& rel, const toml::source_region& region,
                const Where& w, Clitics clitics, bool case_exact) {
    if (!pack.unit || pack.unit->kind == SourceUnit::Kind::kString) {
      error_at(w, region, "lists cannot be used in a pack given as a string; put the terms inline");
      return;
    }
    std::string path, why;
    const std::string* content = pack.unit->file(rel, path, why);
    if (!content) {
      error_at(w, region, "list file '" + rel + "': " + why);
      return;
    }
    pack.used_lists.insert(path);
    std::string_view text = *content;
    if (text.size() > SourceLimits::kMaxListBytes) {
      error_at(w, region, "limit: list file '" + rel + "' is " + std::to_string(text.size()) + " bytes, more than " +
                              std::to_string(SourceLimits::kMaxListBytes) + " (docs/rules.md, \"Limits\")");
      return;
    }
    uint32_t line_no = 0;
    size_t pos = 0;
    while (pos < text.size() && !terms_limit_reported_) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      std::string_view line = text.substr(pos, eol - pos);
      pos = eol + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      size_t first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos || line[first] == '#') continue;
      add_list_line(group, path, line_no, line, clitics, case_exact);
    }
  }

  void add_list_line(uint32_t group, const std::string& path, uint32_t line_no, std::string_view line, Clitics clitics,
                     bool case_exact) {
    TermEntry e;
    e.source = path;
    e.line = line_no;
    size_t tab = line.find('\t');
    e.written = std::string(line.substr(0, tab));
    Clitics term_clitics = clitics;
    bool term_case = case_exact;
    uint32_t column = static_cast<uint32_t>(tab == std::string_view::npos ? 1 : tab + 2);
    while (tab != std::string_view::npos) {
      size_t next = line.find('\t', tab + 1);
      std::string_view field = line.substr(tab + 1, next == std::string_view::npos ? std::string_view::npos : next - tab - 1);
      size_t eq = field.find('=');
      if (!field.empty()) {
        if (eq == std::string_view::npos || eq == 0) {
          diags_.error(path, line_no, column, "", "list field '" + std::string(field) + "' must be key=value");
        } else {
          std::string key(field.substr(0, eq)), value(field.substr(eq + 1));
          if (key == "case") {
            if (value == "exact") term_case = true;
            else diags_.error(path, line_no, column, "", "'case' can only be 'exact'");
          } else if (key == "clitics") {
            if (value == "no") term_clitics = Clitics::kNone;
            else if (value == "yes") term_clitics = clitics == Clitics::kNone ? Clitics::kArabic : clitics;
            else diags_.error(path, line_no, column, "", "'clitics' must be yes or no");
          } else {
            e.meta.emplace_back(std::move(key), std::move(value));
          }
        }
      }
      column = static_cast<uint32_t>(next == std::string_view::npos ? line.size() + 1 : next + 2);
      tab = next;
    }
    toml::source_region region;
    region.begin.line = line_no;
    region.begin.column = 1;
    add_term(group, std::move(e), term_clitics, term_case, Where{path, ""}, region);
  }

  // Resolves "name" (this pack) or "pack.name" to a group.
  std::optional<uint32_t> resolve_set(const PackContext& pack, const std::string& name) {
    auto it = named_sets_.find(name.find('.') == std::string::npos ? pack.id + "." + name : name);
    if (it == named_sets_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<uint32_t> resolve_sets(const PackContext& pack, const toml::table& t, const Where& w) {
    std::vector<uint32_t> out;
    for (auto& [name, region] : get_strings(w, t, "sets")) {
      if (auto g = resolve_set(pack, name)) out.push_back(*g);
      else error_at(w, region, "unknown term set '" + name + "' (define it under [termsets." +
                                   (name.find('.') == std::string::npos ? name : name.substr(name.find('.') + 1)) +
                                   "] in a pack.toml)");
    }
    return out;
  }

  // ---------------------------------------------------------------- rules

  void load_rules(PackContext& pack) {
    for (auto& [file, doc] : pack.rule_docs) load_rule(pack, file, *doc);
  }

  void load_rule(PackContext& pack, const std::string& file, const toml::table& doc) {
    Where w{file, ""};
    check_keys(w, doc, kRuleKeys, "a rule");
    Rule rule;
    rule.source = file;
    auto id = get_string(w, doc, "id", true, doc.source());
    if (id) {
      rule.id = *id;
      w.rule_id = *id;
      const toml::source_region& at = doc.get("id")->source();
      size_t dot = id->find('.');
      std::string pack_id = pack.id.empty() && dot != std::string::npos ? id->substr(0, dot) : pack.id;
      if (pack.unit && pack.unit->kind != SourceUnit::Kind::kString) {
        std::string expected = pack_id + "." + fs::path(file).stem().string();
        if (*id != expected) error_at(w, at, "rule id '" + *id + "' must be '" + expected + "' (<pack>.<file name>)");
      } else if (id->rfind(pack_id + ".", 0) != 0) {
        error_at(w, at, "rule id '" + *id + "' must start with its pack id '" + pack_id + ".'");
      }
      if (!seen_rules_.insert(*id).second) error_at(w, at, "rule id '" + *id + "' is used twice");
      rule.pack = pack_id;
    }
    rule.pack_version = pack.version;
    rule.category = pack.category.empty() ? rule.pack : pack.category;
    if (exclude_.count(rule.id) || exclude_.count(rule.pack) || exclude_.count(rule.category)) return;
    rule.title = get_string(w, doc, "title", true, doc.source()).value_or("");
    rule.message = get_string(w, doc, "message", true, doc.source()).value_or("");
    rule.description = get_string(w, doc, "description", false, doc.source()).value_or("");
    rule.status = get_string(w, doc, "status", false, doc.source()).value_or("stable");
    if (rule.status != "stable" && rule.status != "experimental" && rule.status != "deprecated")
      error_at(w, doc.get("status")->source(), "'status' must be one of experimental, stable, deprecated");
    rule.severity = pack.default_severity;
    if (auto sev = get_string(w, doc, "severity", false, doc.source())) {
      if (auto s = parse_severity(*sev)) rule.severity = *s;
      else error_at(w, doc.get("severity")->source(), "'severity' must be one of info, warning, error");
    }
    for (auto& [r, _] : get_strings(w, doc, "references")) rule.references += (rule.references.empty() ? "" : "\n") + r;
    for (auto& [l, region] : get_strings(w, doc, "languages")) {
      if (l.size() < 2 || l.size() > 3) error_at(w, region, "'" + l + "' is not a language code such as ar, en, fr");
      rule.languages += (rule.languages.empty() ? "" : ",") + l;
    }
    if (rule.languages.empty()) rule.languages = pack.languages;
    rule.segments = read_segment_kinds(w, doc);
    check_message(w, doc, rule.message);

    const toml::table* match = doc.get_as<toml::table>("match");
    if (!match) {
      if (doc.get("match")) error_at(w, doc.get("match")->source(), "'match' must be a table ([match])");
      else error_at(w, doc.source(), "missing the [match] table");
    } else {
      check_keys(w, *match, kMatchKeys, "[match]");
      rule.match_group = add_group(rule.id + ":match", *match, w);
      // Names: the article only comes with a nisba suffix ("الداعشي"), so "الحماس" is not Hamas.
      Clitics clitics = get_bool(w, *match, "arabic_clitics").value_or(false) ? Clitics::kArabic : Clitics::kNone;
      bool case_exact = get_bool(w, *match, "case_sensitive").value_or(false);
      size_t before = model_.needles.size();
      add_sources(pack, rule.match_group, *match, w, clitics, case_exact);
      for (uint32_t g : resolve_sets(pack, *match, w)) copy_group_needles(g, rule.match_group);
      if (get_bool(w, *match, "repeated_paragraph").value_or(false)) {
        Needle n;
        n.kind = Needle::Kind::kRepeatedParagraph;
        n.group = rule.match_group;
        n.source = file;
        n.line = match->get("repeated_paragraph")->source().begin.line;
        n.column = match->get("repeated_paragraph")->source().begin.column;
        model_.needles.push_back(std::move(n));
      }
      add_recogniser(pack, rule.match_group, *match, w);
      if (model_.needles.size() == before)
        error_at(w, match->source(), "[match] has no terms, lists, patterns, sets, recogniser or repeated_paragraph");
    }
    for (bool require : {true, false}) {
      const char* key = require ? "require" : "unless";
      for (const toml::table* cond : get_tables(w, doc, key)) {
        size_t pending = pending_findings_.size();
        rule.conditions.push_back(load_condition(pack, *cond, w, require));
        if (pending_findings_.size() > pending) pending_findings_.back().condition = rule.conditions.size() - 1;
      }
    }
    for (const toml::table* ex : get_tables(w, doc, "example")) load_example(rule, *ex, w);

    model_.rules.push_back(std::move(rule));
  }

  // A term of a set with `stem`: one needle holding its words' stems.
  void add_stem_term(uint32_t group, uint32_t entry, const toml::source_region& region) {
    if (!stemmers_.count(stem_language_)) stemmers_.emplace(stem_language_, std::make_unique<Stemmer>(stem_language_));
    Stemmer& stemmer = *stemmers_.at(stem_language_);
    const std::string& folded = model_.entries[entry].folded;
    Needle n;
    n.kind = Needle::Kind::kStem;
    n.group = group;
    n.entry = entry;
    n.stem_language = stem_language_;
    for (const std::string& word : stem_words(folded)) {
      if (!n.literal.empty()) n.literal += ' ';
      n.literal += stemmer.stem(word);
    }
    n.pattern = model_.entries[entry].written;
    n.folded_pattern = "stem " + stem_language_ + ": " + n.literal;
    n.source = model_.entries[entry].source;
    n.line = region.begin.line;
    n.column = region.begin.column;
    model_.stem_needles.push_back(static_cast<uint32_t>(model_.needles.size()));
    model_.needles.push_back(std::move(n));
  }

  // `recogniser = "figure"` with `[match.roles]` (rules/recognisers.h): term sets per role.
  void add_recogniser(const PackContext& pack, uint32_t group, const toml::table& match, const Where& w) {
    const toml::table* roles = nullptr;
    if (const toml::node* r = match.get("roles")) {
      roles = r->as_table();
      if (!roles) error_at(w, r->source(), "'roles' must be a table ([match.roles])");
    }
    auto name = get_string(w, match, "recogniser", false, match.source());
    if (!name) {
      if (roles) error_at(w, match.get("roles")->source(), "'roles' needs a 'recogniser'");
      return;
    }
    const RecogniserSpec* spec = nullptr;
    std::string known;
    for (const RecogniserSpec& s : kRecognisers) {
      if (s.name == *name) spec = &s;
      known += (known.empty() ? "" : ", ") + std::string(s.name);
    }
    const toml::source_region& at = match.get("recogniser")->source();
    if (!spec) {
      error_at(w, at, "unknown recogniser '" + *name + "'; expected one of " + known);
      return;
    }
    Needle n;
    n.kind = Needle::Kind::kRecogniser;
    n.group = group;
    n.recogniser = *name;
    n.pattern = "recogniser " + *name;
    n.folded_pattern = n.pattern;
    n.source = w.file;
    n.line = at.begin.line;
    n.column = at.begin.column;
    size_t count = 0;
    while (count < spec->roles.size() && !spec->roles[count].empty()) ++count;
    n.roles.assign(count, {});
    if (roles) {
      for (auto&& [key, node] : *roles) {
        size_t i = 0;
        while (i < count && spec->roles[i] != key.str()) ++i;
        if (i == count) {
          std::string list;
          for (size_t j = 0; j < count; ++j) list += (j ? ", " : "") + std::string(spec->roles[j]);
          error_at(w, key.source(), "recogniser '" + *name + "' has no role '" + std::string(key.str()) +
                                        "'; its roles are " + list);
          continue;
        }
        for (auto& [set, region] : get_strings(w, *roles, key.str())) {
          if (auto g = resolve_set(pack, set)) n.roles[i].push_back(*g);
          else error_at(w, region, "unknown term set '" + set + "' in role '" + std::string(key.str()) + "'");
        }
      }
    }
    n.role_literals.assign(count, {});
    for (size_t i = 0; i < count; ++i) {
      for (const Needle& other : model_.needles)
        if (other.kind == Needle::Kind::kTerm && other.clitics != Clitics::kArticleStem &&
            std::find(n.roles[i].begin(), n.roles[i].end(), other.group) != n.roles[i].end())
          n.role_literals[i].push_back(other.literal);
      std::sort(n.role_literals[i].begin(), n.role_literals[i].end());
    }
    model_.recognisers.push_back(static_cast<uint32_t>(model_.needles.size()));
    model_.needles.push_back(std::move(n));
  }

  // `segments = ["caption", ...]`: the kinds of article segment the rule reports in.
  uint32_t read_segment_kinds(const Where& w, const toml::table& doc) {
    uint32_t bits = 0;
    const toml::node* n = doc.get("segments");
    example_segment_ = SegmentKind::kBody;
    for (auto& [name, region] : get_strings(w, doc, "segments")) {
      auto kind = segment_kind_from_name(name);
      if (kind && bits == 0) example_segment_ = *kind;
      if (kind) bits |= segment_bit(*kind);
      else error_at(w, region, "unknown segment kind '" + name + "' in 'segments'; expected one of " + segment_kind_list());
    }
    if (n && bits == 0 && n->as_array() && n->as_array()->empty())
      error_at(w, n->source(), "'segments' is empty: leave it out to report in every kind of segment");
    return bits;
  }

  static std::string segment_kind_list() {
    std::string s;
    for (std::string_view k : kSegmentKindNames) s += (s.empty() ? "" : ", ") + std::string(k);
    return s;
  }

  void check_message(const Where& w, const toml::table& doc, const std::string& message) {
    size_t pos = 0;
    while ((pos = message.find('{', pos)) != std::string::npos) {
      size_t end = message.find('}', pos);
      if (end == std::string::npos) break;
      std::string_view name(message.data() + pos + 1, end - pos - 1);
      if (name != "match" && name != "term" && name.substr(0, 5) != "meta.")
        error_at(w, doc.get("message")->source(),
                 "unknown placeholder '{" + std::string(name) + "}' in message; use {match}, {term} or {meta.KEY}");
      pos = end + 1;
    }
  }

  void copy_group_needles(uint32_t from, uint32_t to) {
    size_t n = model_.needles.size();
    for (size_t i = 0; i < n; ++i) {
      if (model_.needles[i].group != from) continue;
      Needle copy = model_.needles[i];
      copy.group = to;
      if (copy.kind == Needle::Kind::kStem) model_.stem_needles.push_back(static_cast<uint32_t>(model_.needles.size()));
      model_.needles.push_back(std::move(copy));
    }
    for (const std::string& s : model_.groups[from].suffixes) model_.groups[to].suffixes.push_back(s);
  }

  Condition load_condition(PackContext& pack, const toml::table& t, const Where& w, bool require) {
    check_keys(w, t, kConditionKeys, require ? "[[require]]" : "[[unless]]");
    Condition c;
    c.require = require;
    std::string within = get_string(w, t, "within", false, t.source()).value_or("sentence");
    if (within == "sentence") c.scope = Scope::kSentence;
    else if (within == "previous_sentence") c.scope = Scope::kPreviousSentence;
    else if (within == "paragraph") c.scope = Scope::kParagraph;
    else if (within == "tokens") c.scope = Scope::kTokens;
    else if (within == "article") c.scope = Scope::kArticle;
    else if (within == "headline_and_lede") c.scope = Scope::kHeadlineAndLede;
    else error_at(w, t.get("within")->source(),
                  "'within' must be one of sentence, previous_sentence, paragraph, tokens, article, headline_and_lede");
    c.before = get_count(w, t, "before").value_or(0);
    c.after = get_count(w, t, "after").value_or(0);
    if (c.scope == Scope::kTokens && c.before == 0 && c.after == 0)
      error_at(w, t.source(), "within = \"tokens\" needs 'before' or 'after' (a number of tokens)");
    if (c.scope != Scope::kTokens && (t.get("before") || t.get("after")))
      error_at(w, t.source(), "'before'/'after' only apply with within = \"tokens\"");
    std::string label = std::string(require ? "require" : "unless") + " within " + within;
    if (c.scope == Scope::kTokens) label += " (" + std::to_string(c.before) + " before, " + std::to_string(c.after) + " after)";
    if (t.get("terms") || t.get("lists") || t.get("patterns")) {
      uint32_t g = add_group(w.rule_id + ":" + (require ? "require" : "unless") + std::to_string(++condition_count_), t, w);
      add_sources(pack, g, t, w, Clitics::kArabicWords, /*case_exact=*/false);
      c.groups.push_back(g);
      label += ", inline terms";
    }
    if (t.get("suffixes") && !(t.get("terms") || t.get("lists")))
      error_at(w, t.get("suffixes")->source(), "'suffixes' apply to the condition's own terms or lists");
    for (auto& [name, _] : get_strings(w, t, "sets")) label += ", set " + name;
    for (uint32_t g : resolve_sets(pack, t, w)) c.groups.push_back(g);
    auto findings = get_strings(w, t, "findings");
    if (!findings.empty()) {
      if (!require) error_at(w, t.get("findings")->source(), "'findings' can only be used in a [[require]]");
      std::string names;
      for (auto& [name, _] : findings) names += (names.empty() ? "" : ", ") + name;
      label += ", findings of " + names;
      pending_findings_.push_back({static_cast<uint32_t>(model_.rules.size()), 0, w, std::move(findings)});
    }
    if (auto same = get_string(w, t, "same", false, t.source())) {
      if (!t.get("findings"))
        error_at(w, t.get("same")->source(), "'same' needs 'findings' (the rules whose findings must share the field)");
      else if (same->empty())
        error_at(w, t.get("same")->source(), "'same' must name a list field, such as \"person\"");
      c.same_meta = *same;
      label += " with the same " + *same;
    }
    if (c.groups.empty() && !t.get("findings"))
      error_at(w, t.source(), "a condition needs terms, lists, patterns, sets or findings to look for");
    for (auto& [when, region] : get_strings(w, t, "when")) {
      std::string f = fold_string(when);
      if (f.empty()) error_at(w, region, "'when' term is empty after folding");
      else c.when.push_back(f);
    }
    if (!c.when.empty()) label += " (only for some terms)";
    c.label = label;
    return c;
  }

  void load_example(const Rule& rule, const toml::table& t, const Where& w) {
    check_keys(w, t, kExampleKeys, "[[example]]");
    Example ex;
    ex.rule_id = rule.id;
    ex.source = w.file;
    auto text = get_string(w, t, "text", true, t.source());
    if (!text) return;
    ex.line = t.get("text")->source().begin.line;  // array-of-tables entries carry no position themselves
    ex.text = *text;
    ex.language = get_string(w, t, "language", false, t.source()).value_or("");
    // Scanned as the first kind in the rule's `segments` (body without), unless it says otherwise.
    ex.segment = example_segment_;
    if (auto name = get_string(w, t, "segment", false, t.source())) {
      if (auto kind = segment_kind_from_name(*name)) ex.segment = *kind;
      else error_at(w, t.get("segment")->source(), "unknown segment kind '" + *name + "'; expected one of " + segment_kind_list());
    }
    const toml::node* expect = t.get("expect");
    if (!expect) error_at(w, t.source(), "an example needs 'expect' (the strings it must flag, or [] for none)");
    for (auto& [s, region] : get_strings(w, t, "expect")) {
      if (ex.text.find(s) == std::string::npos)
        error_at(w, region, "expected string '" + s + "' does not occur in the example text");
      ex.expect.push_back(s);
    }
    model_.examples.push_back(std::move(ex));
  }

  // `findings` names rule ids, packs or categories of any loaded pack. A name that only
  // matches rules excluded from this build resolves to nothing, without an error.
  void resolve_findings() {
    std::set<std::string> categories;
    for (const PackContext* p : packs_seen_) categories.insert(p->category);
    for (PendingFindings& pf : pending_findings_) {
      if (pf.rule >= model_.rules.size()) continue;  // the rule itself was not built
      Condition& c = model_.rules[pf.rule].conditions[pf.condition];
      for (auto& [name, region] : pf.names) {
        bool any = false;
        for (uint32_t r = 0; r < model_.rules.size(); ++r) {
          const Rule& rule = model_.rules[r];
          if (rule.id == name || rule.pack == name || rule.category == name) {
            c.finding_rules.push_back(r);
            any = true;
          }
        }
        if (!any && !seen_rules_.count(name) && !seen_packs_.count(name) && !categories.count(name))
          error_at(pf.where, region, "'findings': no rule, pack or category is named '" + name + "'");
      }
      std::sort(c.finding_rules.begin(), c.finding_rules.end());
      c.finding_rules.erase(std::unique(c.finding_rules.begin(), c.finding_rules.end()), c.finding_rules.end());
      c.findings_slot = model_.findings_conditions++;
    }
  }

  void warn_unused_lists(const PackContext& pack) {
    if (!pack.unit || pack.unit->kind != SourceUnit::Kind::kPackDir) return;
    for (const std::string& path : pack.unit->list_files) {
      if (pack.used_lists.count(path)) continue;
      diags_.warning(path, 0, 0, "", "list file is not used by any rule or term set");
    }
  }

  RuleModel& model_;
  Diagnostics& diags_;
  std::string stem_language_;  // while a term set with `stem` is read
  std::map<std::string, std::unique_ptr<Stemmer>> stemmers_;
  std::map<std::string, uint32_t> named_sets_;
  std::set<std::string> seen_packs_;
  std::set<std::string> seen_rules_;
  uint32_t condition_count_ = 0;
  bool terms_limit_reported_ = false;
  SegmentKind example_segment_ = SegmentKind::kBody;  // of the rule being loaded
  std::set<std::string> exclude_;
  std::vector<PendingFindings> pending_findings_;
  std::vector<const PackContext*> packs_seen_;
};

}  // namespace

RuleModel build_model(const std::vector<SourceUnit>& units, const std::string& exclude, Diagnostics& diags) {
  RuleModel model;
  ModelBuilder(model, diags, exclude).build(units);
  return model;
}

}  // namespace copydesk::detail
