// copydesk lexicon import-un FILE.xml [-o DIR] [--regimes QDe,...] [--delisted REF,...]
//
// Turns the UN Security Council Consolidated List (XML) into the term-list files of
// docs/rules.md: one file of distinctive names, matched alone, one of weak aliases
// (ordinary phrases that need context), and one of the leaders: the listed individuals
// whose listing names a leading role. Every line keeps its provenance: reference number,
// listing date, the primary name, the list and the kind of name (and a leader's role).
#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "lexicon_names.h"

namespace fs = std::filesystem;

namespace copydesk::cli {

namespace {

using lexicon::ListedName;
using lexicon::Strength;

constexpr const char* kDefaultOutputDir = "rules/extremism/lists";

void lexicon_usage(std::FILE* out) {
  std::fputs(
      "usage: copydesk lexicon import-un FILE.xml [-o DIR] [--regimes QDe,...] [--delisted REF,...]\n"
      "\n"
      "Turn the UN Security Council Consolidated List (XML, as published by the UN) into\n"
      "term lists with provenance (docs/rules.md, \"List files\"):\n"
      "  DIR/un-1267-names.txt          distinctive names, flagged alone\n"
      "  DIR/un-1267-weak-aliases.txt   ordinary phrases (\"The Base\"), flagged with context\n"
      "  DIR/un-1267-leaders.txt        individuals whose listing names a leading role\n"
      "Each line: the name, then ref=, listed=, name= (primary name), list=, quality=;\n"
      "leaders also person= (their reference), org= and role=.\n"
      "\n"
      "options:\n"
      "  -o, --output DIR     where to write the lists (default: rules/extremism/lists)\n"
      "  --regimes LIST       comma-separated reference-number prefixes of the entities to\n"
      "                       import (default: QDe, the ISIL (Da'esh) & Al-Qaida regime; its\n"
      "                       individuals are QDi); other regimes are written as\n"
      "                       un-<prefixes>-*.txt\n"
      "  --delisted LIST      comma-separated reference numbers removed from the list since\n"
      "                       FILE was published (QDi.317,QDi.336: resolution 2799 (2025));\n"
      "                       they are left out, and the headers say so\n"
      "  -h, --help           this help\n"
      "\n"
      "Stray spaces inside Arabic words cannot be repaired automatically: such names are\n"
      "written as published and reported as warnings on stderr.\n"
      "Exit status: 0 written, 2 usage, unreadable file, malformed XML or not a UN list.\n",
      out);
}

// 1-based line and column (in code points) of byte `offset` of `text`.
std::pair<size_t, size_t> line_column(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;  // count lead bytes only: columns are code points
    }
  }
  return {line, column};
}

std::string text_of(const pugi::xml_node& node) { return lexicon::clean_name(node.text().get()); }

// One listed name written to a list file.
struct Term {
  ListedName name;
  Strength strength;
};

struct Entity {
  std::string ref;
  std::string listed;
  std::string primary_name;
  std::string list;
  std::vector<Term> terms;
};

// "QDe.115" -> ("QDe", 115): reference numbers sort by regime, then numerically.
std::pair<std::string, long> ref_sort_key(const std::string& ref) {
  size_t dot = ref.find('.');
  if (dot == std::string::npos) return {ref, -1};
  char* end = nullptr;
  long number = std::strtol(ref.c_str() + dot + 1, &end, 10);
  return {ref.substr(0, dot), number};
}

std::string regime_of(const std::string& ref) { return ref.substr(0, ref.find('.')); }

// The list a regime belongs to: "QDe"/"QDi" -> UN-1267; others by UN_LIST_TYPE ("UN-DPRK").
std::string list_name(const std::string& regime, const std::string& un_list_type) {
  if (regime.rfind("QD", 0) == 0) return "UN-1267";
  std::string name = "UN-";
  for (char c : un_list_type) {
    if (c != ' ') name.push_back(c);
  }
  return name == "UN-" ? "UN-" + regime : name;
}

std::string output_stem(const std::vector<std::string>& regimes) {
  bool all_1267 = std::all_of(regimes.begin(), regimes.end(),
                              [](const std::string& r) { return r.rfind("QD", 0) == 0; });
  if (all_1267) return "un-1267";
  std::string stem = "un";
  for (const std::string& r : regimes) {
    stem += '-';
    for (char c : r) stem.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return stem;
}

std::string term_line(const Entity& e, const Term& t, bool with_reason) {
  std::string line = t.name.text;
  if (t.name.abbreviation) line += "\tcase=exact";
  line += "\tref=" + e.ref + "\tlisted=" + e.listed + "\tname=" + e.primary_name +
          "\tlist=" + e.list + "\tquality=" + t.name.quality;
  if (with_reason) line += "\tweak=" + t.strength.reason;
  return line + "\n";
}

// Every name of a listed entity or individual, in the list's order: the primary name, its
// original-script form, then each alias (`alias_tag`), its quality named by `quality`.
template <class Quality>
std::vector<ListedName> listed_names(const pugi::xml_node& node, const std::string& primary, const char* alias_tag,
                                     bool aliases_may_be_abbreviations, Quality quality) {
  std::vector<ListedName> names = lexicon::split_listed_name(primary, "primary", false);
  auto add = [&](const std::string& cleaned, const std::string& kind) {
    if (cleaned.empty()) return;
    std::vector<ListedName> more = lexicon::split_listed_name(cleaned, kind, aliases_may_be_abbreviations);
    names.insert(names.end(), more.begin(), more.end());
  };
  add(text_of(node.child("NAME_ORIGINAL_SCRIPT")), "original-script");
  for (pugi::xml_node alias : node.children(alias_tag))
    add(text_of(alias.child("ALIAS_NAME")), quality(text_of(alias.child("QUALITY"))));
  return names;
}

// A listed individual with a leading role.
struct Person {
  std::string ref;
  std::string listed;
  std::string primary_name;
  std::string list;
  lexicon::Role role;
  std::vector<ListedName> names;
};

std::string person_line(const Person& p, const ListedName& n) {
  std::string line = n.text + "\tref=" + p.ref + "\tlisted=" + p.listed + "\tname=" + p.primary_name +
                     "\tlist=" + p.list + "\tquality=" + n.quality + "\tperson=" + p.ref;
  if (!p.role.org.empty()) line += "\torg=" + p.role.org;
  return line + "\trole=" + p.role.text + "\n";
}

// The individuals' prefix of an entities' regime: QDe -> QDi, YEe -> YEi.
std::string individual_regime(const std::string& regime) {
  return !regime.empty() && regime.back() == 'e' ? regime.substr(0, regime.size() - 1) + "i" : regime;
}

std::string comment_block(const std::string& text) {
  std::string out;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) out += line.empty() ? "#\n" : "# " + line + "\n";
  return out;
}

// Where a generated file comes from, for its header.
std::string generated_note(const std::string& input_name, const std::string& generated) {
  return "Generated by `copydesk lexicon import-un` from " + input_name + " (dateGenerated " + generated +
         ").\nDo not edit by hand: regenerate it with `copydesk lexicon import-un`.\n";
}

// "Left out as delisted since: QDi.317, QDi.336." for the headers, or empty.
std::string delisted_note(const std::vector<std::string>& delisted) {
  if (delisted.empty()) return "";
  std::string refs;
  for (const std::string& r : delisted) refs += (refs.empty() ? "" : ", ") + r;
  return "Left out as delisted since the list was published (--delisted): " + refs + ".\n";
}

std::string file_header(bool weak, const std::string& input_name, const std::string& generated,
                        const std::vector<std::string>& regimes, size_t lines, size_t entities,
                        const std::string& other_file, const std::vector<std::string>& delisted) {
  std::string regime_list;
  for (const std::string& r : regimes) regime_list += (regime_list.empty() ? "" : ", ") + r;
  std::string text;
  text += weak ? "UN Security Council Consolidated List: WEAK ALIASES of the entities of regime "
               : "UN Security Council Consolidated List: NAMES of the entities of regime ";
  text += regime_list + ".\n";
  text += weak ? "Ordinary phrases: a rule must require context before flagging them.\n"
               : "Distinctive names: they can be flagged alone.\n";
  text += generated_note(input_name, generated);
  text += std::to_string(lines) + " lines from " + std::to_string(entities) +
          " entities; the other part is " + other_file + ".\n";
  text += delisted_note(delisted) + "\n";
  text += "Fields after the name (TAB-separated): ref= UN reference number, listed= date\n"
          "listed, name= the entity's primary name, list=, quality= primary |\n"
          "original-script | a.k.a. | f.k.a.; case=exact marks an abbreviation (matched in\n"
          "capitals only)";
  text += weak ? "; weak= why the name is weak.\n\n" : ".\n\n";
  text += "Names are cleaned (Persian yeh, keheh and heh forms -> ي ك ه; whitespace\n"
          "collapsed; stray quotes removed), bracketed renderings and abbreviations are split\n"
          "out, and exact duplicates within an entity are dropped. Sorted by ref, then in the\n"
          "list's order.\n\n";
  text += lexicon::classification_summary();
  return comment_block(text);
}

std::string leaders_header(const std::string& input_name, const std::string& generated,
                           const std::vector<std::string>& regimes, size_t lines, size_t people,
                           const std::vector<std::string>& delisted) {
  std::string regime_list;
  for (const std::string& r : regimes) regime_list += (regime_list.empty() ? "" : ", ") + individual_regime(r);
  std::string text = "UN Security Council Consolidated List: LEADERS, the individuals of regime " + regime_list +
                     "\nwhose listing names a leading role.\n";
  text += generated_note(input_name, generated);
  text += std::to_string(lines) + " lines from " + std::to_string(people) + " individuals.\n";
  text += delisted_note(delisted) + "\n";
  text += "Fields after the name (TAB-separated): ref= UN reference number, listed= date\n"
          "listed, name= the primary name, list=, quality= primary | original-script |\n"
          "alias-good | alias-low (the UN's alias quality), person= the reference again (ties a\n"
          "surname to the full name), org= the entity the role names, role= the UN's sentence.\n\n";
  text += lexicon::person_summary();
  return comment_block(text);
}

bool write_file(const fs::path& path, const std::string& content, std::FILE* err) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      std::fprintf(err, "%s: error: cannot write: %s\n", path.string().c_str(), std::strerror(errno));
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::fprintf(err, "%s: error: cannot write: %s\n", path.string().c_str(), ec.message().c_str());
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

int import_un(const std::string& input, const fs::path& output_dir, const std::vector<std::string>& regimes,
              const std::vector<std::string>& delisted) {
  auto is_delisted = [&](const std::string& ref) {
    return std::find(delisted.begin(), delisted.end(), ref) != delisted.end();
  };
  const char* file = input.c_str();
  std::ifstream in(input, std::ios::binary);
  std::error_code ec;
  if (!in || fs::is_directory(input, ec)) {
    std::fprintf(stderr, "%s: error: cannot read file: %s\n", file,
                 fs::is_directory(input, ec) ? "is a directory" : std::strerror(errno));
    return 2;
  }
  std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    auto [line, column] = line_column(xml, static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)));
    std::fprintf(stderr, "%s:%zu:%zu: error: malformed XML: %s\n", file, line, column,
                 parsed.description());
    return 2;
  }
  pugi::xml_node root = doc.document_element();
  if (std::strcmp(root.name(), "CONSOLIDATED_LIST") != 0) {
    auto [line, column] = line_column(xml, static_cast<size_t>(std::max<ptrdiff_t>(root.offset_debug(), 0)));
    std::fprintf(stderr,
                 "%s:%zu:%zu: error: not a UN Security Council Consolidated List (root element "
                 "<%s>, expected <CONSOLIDATED_LIST>)\n",
                 file, line, column, root.name());
    return 2;
  }
  std::string generated = root.attribute("dateGenerated").as_string("unknown");

  std::vector<Entity> entities;
  for (pugi::xml_node node : root.child("ENTITIES").children("ENTITY")) {
    Entity e;
    e.ref = text_of(node.child("REFERENCE_NUMBER"));
    std::string regime = regime_of(e.ref);
    if (std::find(regimes.begin(), regimes.end(), regime) == regimes.end() || is_delisted(e.ref)) continue;
    e.listed = text_of(node.child("LISTED_ON"));
    e.primary_name = text_of(node.child("FIRST_NAME"));
    e.list = list_name(regime, text_of(node.child("UN_LIST_TYPE")));
    auto [line, column] = line_column(xml, static_cast<size_t>(std::max<ptrdiff_t>(node.offset_debug(), 0)));
    if (e.ref.empty() || e.primary_name.empty()) {
      std::fprintf(stderr, "%s:%zu:%zu: warning: %s: entity without %s, skipped\n", file, line,
                   column, e.ref.empty() ? "?" : e.ref.c_str(),
                   e.ref.empty() ? "REFERENCE_NUMBER" : "FIRST_NAME");
      continue;
    }

    std::vector<ListedName> names = listed_names(node, e.primary_name, "ENTITY_ALIAS", true,
                                                 [](const std::string& q) { return q.empty() ? "a.k.a." : q; });

    std::set<std::string> seen;
    for (ListedName& name : names) {
      if (!seen.insert(name.text).second) continue;  // exact duplicate: keep the first
      for (const std::string& fragment : lexicon::stray_space_fragments(name.text)) {
        std::fprintf(stderr,
                     "%s: warning: %s: \"%s\" seems to have a stray space inside an Arabic word "
                     "(\"%s\"); written as published, add the corrected spelling to a "
                     "hand-written list\n",
                     file, e.ref.c_str(), name.text.c_str(), fragment.c_str());
      }
      Strength strength = lexicon::classify_name(name);
      e.terms.push_back({std::move(name), strength});
    }
    entities.push_back(std::move(e));
  }
  std::vector<Person> people;
  std::vector<std::string> person_regimes;
  for (const std::string& r : regimes) person_regimes.push_back(individual_regime(r));
  for (pugi::xml_node node : root.child("INDIVIDUALS").children("INDIVIDUAL")) {
    Person p;
    p.ref = text_of(node.child("REFERENCE_NUMBER"));
    std::string regime = regime_of(p.ref);
    if (std::find(person_regimes.begin(), person_regimes.end(), regime) == person_regimes.end() || is_delisted(p.ref))
      continue;
    std::string designation;
    for (pugi::xml_node v : node.child("DESIGNATION").children("VALUE"))
      designation += (designation.empty() ? "" : ". ") + text_of(v);
    p.role = lexicon::leading_role(text_of(node.child("COMMENTS1")), designation);
    if (p.role.text.empty()) continue;
    for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
      std::string w = text_of(node.child(part));
      if (!w.empty()) p.primary_name += (p.primary_name.empty() ? "" : " ") + w;
    }
    p.listed = text_of(node.child("LISTED_ON"));
    p.list = list_name(regime, text_of(node.child("UN_LIST_TYPE")));
    std::vector<ListedName> names =
        listed_names(node, p.primary_name, "INDIVIDUAL_ALIAS", false,
                     [](const std::string& q) { return std::string(q == "Low" ? "alias-low" : "alias-good"); });
    std::set<std::string> seen;
    for (ListedName& name : names) {
      name.abbreviation = false;  // a person's name in capitals is the list's style
      if (!lexicon::person_name_usable(name) || !seen.insert(name.text).second) continue;
      p.names.push_back(std::move(name));
    }
    if (!p.names.empty()) people.push_back(std::move(p));
  }
  std::stable_sort(people.begin(), people.end(),
                   [](const Person& a, const Person& b) { return ref_sort_key(a.ref) < ref_sort_key(b.ref); });

  if (entities.empty()) {
    std::string regime_list;
    for (const std::string& r : regimes) regime_list += (regime_list.empty() ? "" : ",") + r;
    auto [line, column] = line_column(xml, static_cast<size_t>(std::max<ptrdiff_t>(root.offset_debug(), 0)));
    std::fprintf(stderr, "%s:%zu:%zu: error: no entity of regime %s in this list\n", file, line,
                 column, regime_list.c_str());
    return 2;
  }
  std::stable_sort(entities.begin(), entities.end(), [](const Entity& a, const Entity& b) {
    return ref_sort_key(a.ref) < ref_sort_key(b.ref);
  });

  const std::string stem = output_stem(regimes);
  const std::string names_file = stem + "-names.txt";
  const std::string weak_file = stem + "-weak-aliases.txt";
  std::string names_body, weak_body;
  size_t names_count = 0, weak_count = 0;
  for (const Entity& e : entities) {
    for (const Term& t : e.terms) {
      if (t.strength.weak) {
        weak_body += term_line(e, t, true);
        ++weak_count;
      } else {
        names_body += term_line(e, t, false);
        ++names_count;
      }
    }
  }
  const std::string input_name = fs::path(input).filename().string();
  std::string names_text =
      file_header(false, input_name, generated, regimes, names_count, entities.size(), weak_file, delisted) +
      names_body;
  std::string weak_text =
      file_header(true, input_name, generated, regimes, weak_count, entities.size(), names_file, delisted) +
      weak_body;

  fs::create_directories(output_dir, ec);
  if (ec || !fs::is_directory(output_dir, ec)) {
    std::fprintf(stderr, "%s: error: cannot create directory: %s\n", output_dir.string().c_str(),
                 ec ? ec.message().c_str() : "not a directory");
    return 2;
  }
  const std::string leaders_file = stem + "-leaders.txt";
  std::string leaders_body;
  size_t leaders_count = 0;
  for (const Person& p : people) {
    for (const ListedName& n : p.names) {
      leaders_body += person_line(p, n);
      ++leaders_count;
    }
  }
  std::string leaders_text =
      leaders_header(input_name, generated, regimes, leaders_count, people.size(), delisted) + leaders_body;
  if (!write_file(output_dir / names_file, names_text, stderr) ||
      !write_file(output_dir / weak_file, weak_text, stderr) ||
      !write_file(output_dir / leaders_file, leaders_text, stderr))
    return 2;
  std::printf("%s: %zu names, %s: %zu weak aliases, from %zu entities; %s: %zu names of %zu leaders\n",
              (output_dir / names_file).string().c_str(), names_count,
              (output_dir / weak_file).string().c_str(), weak_count, entities.size(),
              (output_dir / leaders_file).string().c_str(), leaders_count, people.size());
  return 0;
}

}  // namespace

int run_lexicon(const Args& args) {
  if (args.empty()) {
    lexicon_usage(stderr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    lexicon_usage(stdout);
    return 0;
  }
  if (args[0] != "import-un") {
    std::fprintf(stderr, "copydesk lexicon: unknown subcommand '%s'\n\n", args[0].c_str());
    lexicon_usage(stderr);
    return 2;
  }
  std::optional<ParsedArgs> flags =
      parse_args(kCmdLexiconImportUn, "copydesk lexicon import-un", Args(args.begin() + 1, args.end()), stderr);
  if (!flags) return 2;
  if (flags->has(Opt::kHelp)) {
    lexicon_usage(stdout);
    return 0;
  }
  if (flags->positionals.size() > 1) {
    std::fprintf(stderr, "copydesk lexicon import-un: one input file only ('%s')\n", flags->positionals[1].c_str());
    return 2;
  }
  if (flags->positionals.empty()) {
    std::fprintf(stderr, "copydesk lexicon import-un: missing FILE.xml\n\n");
    lexicon_usage(stderr);
    return 2;
  }
  const std::string& input = flags->positionals[0];
  const fs::path output_dir = flags->last(Opt::kLexiconOutput).value_or(std::string(kDefaultOutputDir));
  std::vector<std::string> regimes = {"QDe"};
  if (flags->has(Opt::kRegimes)) {
    regimes = flags->all(Opt::kRegimes);
    if (regimes.empty()) {
      std::fprintf(stderr, "copydesk lexicon import-un: --regimes needs at least one prefix\n");
      return 2;
    }
  }
  std::vector<std::string> delisted;
  if (flags->has(Opt::kDelisted)) delisted = flags->all(Opt::kDelisted);
  return import_un(input, output_dir, regimes, delisted);
}

}  // namespace copydesk::cli
