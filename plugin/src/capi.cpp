// The C ABI: extern "C" shims over the C++ engine, the handle structs, and one
// guard that turns every C++ exception into a status code and a message.
// Nothing else lives here.
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>

#include "copydesk.h"
#include "rules/sources.h"
#include "ruleset.h"
#include "scanner.h"
#include "util/error.h"

using copydesk::Error;
using namespace copydesk::detail;

struct copydesk_compiler {
  std::vector<SourceUnit> units;
  CompileSettings settings;
  Diagnostics read_problems;  // from add_path/add_string
  Diagnostics diagnostics;    // everything, as last reported
};

struct copydesk_ruleset {
  std::shared_ptr<const Ruleset> rs;
};

struct copydesk_scanner {
  std::unique_ptr<Scanner> scanner;
};

struct copydesk_findings {
  std::shared_ptr<const Ruleset> rs;  // keeps rule ids and categories alive
  ScanResult result;
};

namespace {

thread_local std::string t_last_error;

void set_error(const std::string& message) { t_last_error = message; }

// Runs `body`; maps exceptions to status codes and records the message.
template <typename F>
int guard(F&& body) noexcept {
  try {
    t_last_error.clear();
    return body();
  } catch (const std::bad_alloc&) {
    set_error("out of memory");
    return COPYDESK_E_NOMEM;
  } catch (const Error& e) {
    set_error(e.what());
    return e.status();
  } catch (const std::exception& e) {
    set_error(std::string("internal error: ") + e.what());
    return COPYDESK_E_ERROR;
  } catch (...) {
    set_error("internal error");
    return COPYDESK_E_ERROR;
  }
}

// Bytes of a copydesk_compile_options record of `version` (1 ends at `exclude`).
size_t compile_options_size(uint32_t version) {
  return version >= 2 ? sizeof(copydesk_compile_options) : offsetof(copydesk_compile_options, max_compile_ms);
}

int invalid(const char* message) {
  set_error(message);
  return COPYDESK_E_INVALID;
}

int32_t severity_code(Severity s) { return static_cast<int32_t>(s); }

// Checks `opts` (NULL: defaults) and copies it into `o`; COPYDESK_OK or COPYDESK_E_INVALID.
int read_scan_options(const copydesk_scan_options* opts, ScanOptions& o) {
  if (!opts) return COPYDESK_OK;
  if (opts->version < 1 || opts->version > COPYDESK_SCAN_OPTIONS_VERSION)
    return invalid("unknown copydesk_scan_options version");
  if (opts->input_format < COPYDESK_FORMAT_AUTO || opts->input_format > COPYDESK_FORMAT_HTML)
    return invalid("input_format must be one of COPYDESK_FORMAT_*");
  if (opts->min_severity < 0 || opts->min_severity > COPYDESK_SEVERITY_ERROR)
    return invalid("min_severity must be one of COPYDESK_SEVERITY_*");
  if (opts->flags & ~(COPYDESK_SCAN_STRICT_UTF8 | COPYDESK_SCAN_EXPLAIN)) return invalid("unknown scan flag");
  o.format = static_cast<InputFormat>(opts->input_format);
  o.min_severity = static_cast<Severity>(opts->min_severity ? opts->min_severity : COPYDESK_SEVERITY_INFO);
  o.strict_utf8 = opts->flags & COPYDESK_SCAN_STRICT_UTF8;
  o.explain = opts->flags & COPYDESK_SCAN_EXPLAIN;
  if (opts->max_input_bytes) o.max_input_bytes = opts->max_input_bytes;
  if (opts->max_findings) o.max_findings = opts->max_findings;
  if (opts->enable) o.enable = opts->enable;
  if (opts->disable) o.disable = opts->disable;
  return COPYDESK_OK;
}

std::string read_whole_file(const char* path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(COPYDESK_E_IO, std::string(path) + ": is a directory, not a bundle");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(COPYDESK_E_IO, std::string(path) + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw Error(COPYDESK_E_IO, std::string(path) + ": read error");
  return buf.str();
}

}  // namespace

extern "C" {

int copydesk_version_number(void) { return COPYDESK_VERSION_NUMBER; }
const char* copydesk_version_string(void) { return COPYDESK_VERSION_STRING; }
int copydesk_abi_version(void) { return COPYDESK_ABI_VERSION; }

const char* copydesk_status_name(int status) {
  switch (status) {
    case COPYDESK_OK: return "COPYDESK_OK";
    case COPYDESK_E_ERROR: return "COPYDESK_E_ERROR";
    case COPYDESK_E_NOMEM: return "COPYDESK_E_NOMEM";
    case COPYDESK_E_INVALID: return "COPYDESK_E_INVALID";
    case COPYDESK_E_RULES: return "COPYDESK_E_RULES";
    case COPYDESK_E_IO: return "COPYDESK_E_IO";
    case COPYDESK_E_LIMIT: return "COPYDESK_E_LIMIT";
    case COPYDESK_E_ENCODING: return "COPYDESK_E_ENCODING";
    case COPYDESK_E_VERSION: return "COPYDESK_E_VERSION";
    case COPYDESK_E_BUSY: return "COPYDESK_E_BUSY";
    default: return "COPYDESK_E_UNKNOWN";
  }
}

const char* copydesk_status_str(int status) {
  switch (status) {
    case COPYDESK_OK: return "success";
    case COPYDESK_E_ERROR: return "internal error";
    case COPYDESK_E_NOMEM: return "out of memory";
    case COPYDESK_E_INVALID: return "invalid argument";
    case COPYDESK_E_RULES: return "the rules failed to compile; see the diagnostics";
    case COPYDESK_E_IO: return "a file or directory could not be read or written";
    case COPYDESK_E_LIMIT: return "a configured limit was exceeded";
    case COPYDESK_E_ENCODING: return "the input is not valid UTF-8";
    case COPYDESK_E_VERSION: return "the compiled bundle does not fit this library or CPU, or is corrupted";
    case COPYDESK_E_BUSY: return "the scanner is in use by another thread";
    default: return "unknown status";
  }
}

const char* copydesk_last_error(void) { return t_last_error.c_str(); }

int copydesk_compile_options_init(copydesk_compile_options* opts, uint32_t version) {
  if (!opts) return invalid("opts is NULL");
  if (version < 1 || version > COPYDESK_COMPILE_OPTIONS_VERSION)
    return invalid("unknown copydesk_compile_options version");
  // A version-1 caller's record ends at `exclude`: nothing beyond it is written.
  std::memset(opts, 0, compile_options_size(version));
  opts->version = version;
  if (version >= 2) {
    opts->max_compile_ms = CompileSettings::kDefaultMaxMs;
    opts->max_compile_bytes = CompileSettings::kDefaultMaxBytes;
  }
  return COPYDESK_OK;
}

int copydesk_scan_options_init(copydesk_scan_options* opts, uint32_t version) {
  if (!opts) return invalid("opts is NULL");
  if (version < 1 || version > COPYDESK_SCAN_OPTIONS_VERSION) return invalid("unknown copydesk_scan_options version");
  std::memset(opts, 0, sizeof *opts);
  opts->version = version;
  opts->input_format = COPYDESK_FORMAT_AUTO;
  opts->min_severity = COPYDESK_SEVERITY_INFO;
  opts->max_input_bytes = 64u << 20;
  opts->max_findings = 10000;
  return COPYDESK_OK;
}

/* ---------------------------------------------------------------- compiler */

int copydesk_compiler_new(copydesk_compiler** out, const copydesk_compile_options* opts) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (opts && (opts->version < 1 || opts->version > COPYDESK_COMPILE_OPTIONS_VERSION))
    return invalid("unknown copydesk_compile_options version");
  if (opts && opts->flags) return invalid("copydesk_compile_options.flags is reserved: set it to 0");
  return guard([&] {
    auto c = std::make_unique<copydesk_compiler>();
    if (opts) {
      c->settings.regex_max_mem = opts->regex_max_mem;
      if (opts->exclude) c->settings.exclude = opts->exclude;
      if (opts->version >= 2) {
        if (opts->max_compile_ms) c->settings.max_ms = opts->max_compile_ms;
        if (opts->max_compile_bytes) c->settings.max_bytes = opts->max_compile_bytes;
      }
    }
    *out = c.release();
    return COPYDESK_OK;
  });
}

int copydesk_compiler_add_path(copydesk_compiler* c, const char* path) {
  if (!c) return invalid("compiler is NULL");
  if (!path) return invalid("path is NULL");
  int status = guard([&] {
    for (SourceUnit& u : read_sources(path)) c->units.push_back(std::move(u));
    return COPYDESK_OK;
  });
  if (status != COPYDESK_OK) c->read_problems.error(path, 0, 0, "", t_last_error);
  return status;
}

int copydesk_compiler_add_string(copydesk_compiler* c, const char* toml, size_t len, const char* origin) {
  if (!c) return invalid("compiler is NULL");
  if (!toml && len) return invalid("toml is NULL");
  return guard([&] {
    SourceUnit u;
    u.kind = SourceUnit::Kind::kString;
    u.origin = origin && *origin ? origin : "<string " + std::to_string(c->units.size() + 1) + ">";
    u.files[u.origin] = std::string(toml ? toml : "", len);
    c->units.push_back(std::move(u));
    return COPYDESK_OK;
  });
}

int copydesk_compiler_build(copydesk_ruleset** out, copydesk_compiler* c) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!c) return invalid("compiler is NULL");
  return guard([&] {
    c->diagnostics = c->read_problems;
    if (c->units.empty() && !c->read_problems.has_errors())
      c->diagnostics.error("", 0, 0, "", "no rule sources were added");
    std::shared_ptr<const Ruleset> rs;
    if (!c->diagnostics.has_errors()) rs = Ruleset::compile(c->units, c->settings, c->diagnostics);
    if (!rs) {
      throw Error(COPYDESK_E_RULES, std::to_string(c->diagnostics.error_count()) +
                                        " error(s) in the rules; first: " + c->diagnostics.first_error_text());
    }
    *out = new copydesk_ruleset{std::move(rs)};
    return COPYDESK_OK;
  });
}

size_t copydesk_compiler_diagnostic_count(const copydesk_compiler* c) {
  if (!c) return 0;
  return c->diagnostics.all().empty() ? c->read_problems.all().size() : c->diagnostics.all().size();
}

int copydesk_compiler_diagnostic_get(copydesk_diagnostic* out, const copydesk_compiler* c, size_t i) {
  if (!out) return invalid("out is NULL");
  if (!c) return invalid("compiler is NULL");
  if (out->version < 1 || out->version > COPYDESK_DIAGNOSTIC_VERSION)
    return invalid("set out->version to COPYDESK_DIAGNOSTIC_VERSION");
  const auto& list = c->diagnostics.all().empty() ? c->read_problems.all() : c->diagnostics.all();
  if (i >= list.size()) return invalid("diagnostic index out of range");
  const Diagnostic& d = list[i];
  out->severity = severity_code(d.severity);
  out->line = d.line;
  out->column = d.column;
  out->file = d.file.c_str();
  out->rule_id = d.rule_id.c_str();
  out->message = d.message.c_str();
  return COPYDESK_OK;
}

void copydesk_compiler_free(copydesk_compiler* c) { delete c; }

/* ---------------------------------------------------------------- ruleset */

size_t copydesk_ruleset_rule_count(const copydesk_ruleset* rs) { return rs ? rs->rs->model().rules.size() : 0; }

int copydesk_ruleset_rule_get(copydesk_rule_info* out, const copydesk_ruleset* rs, size_t i) {
  if (!out) return invalid("out is NULL");
  if (!rs) return invalid("ruleset is NULL");
  if (out->version < 1 || out->version > COPYDESK_RULE_INFO_VERSION)
    return invalid("set out->version to COPYDESK_RULE_INFO_VERSION");
  const auto& rules = rs->rs->model().rules;
  if (i >= rules.size()) return invalid("rule index out of range");
  const Rule& r = rules[i];
  out->severity = severity_code(r.severity);
  out->id = r.id.c_str();
  out->category = r.category.c_str();
  out->title = r.title.c_str();
  out->message = r.message.c_str();
  out->description = r.description.c_str();
  out->references = r.references.c_str();
  out->source = r.source.c_str();
  out->languages = r.languages.c_str();
  if (out->version >= 2) {
    out->pack = r.pack.c_str();
    out->pack_version = r.pack_version.c_str();
  }
  return COPYDESK_OK;
}

size_t copydesk_ruleset_example_count(const copydesk_ruleset* rs) { return rs ? rs->rs->model().examples.size() : 0; }

int copydesk_ruleset_example_get(copydesk_example* out, const copydesk_ruleset* rs, size_t i) {
  if (!out) return invalid("out is NULL");
  if (!rs) return invalid("ruleset is NULL");
  if (out->version < 1 || out->version > COPYDESK_EXAMPLE_VERSION)
    return invalid("set out->version to COPYDESK_EXAMPLE_VERSION");
  const auto& examples = rs->rs->model().examples;
  if (i >= examples.size()) return invalid("example index out of range");
  const Example& e = examples[i];
  out->expect_count = static_cast<uint32_t>(e.expect.size());
  out->line = e.line;
  out->reserved = 0;
  out->rule_id = e.rule_id.c_str();
  out->language = e.language.c_str();
  out->text = e.text.c_str();
  out->source = e.source.c_str();
  if (out->version >= 2) out->segment_kind = static_cast<int32_t>(e.segment);
  return COPYDESK_OK;
}

const char* copydesk_ruleset_example_expect(const copydesk_ruleset* rs, size_t i, size_t j) {
  if (!rs) return nullptr;
  const auto& examples = rs->rs->model().examples;
  if (i >= examples.size() || j >= examples[i].expect.size()) return nullptr;
  return examples[i].expect[j].c_str();
}

namespace {

constexpr size_t kMinKeyBytes = 16;

int save(const copydesk_ruleset* rs, const char* path, std::string_view key) {
  return guard([&] {
    std::string bytes = rs->rs->save_bundle(key);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(COPYDESK_E_IO, std::string(path) + ": cannot open for writing");
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) throw Error(COPYDESK_E_IO, std::string(path) + ": write failed");
    return COPYDESK_OK;
  });
}

int check_key(const void* key, size_t key_len) {
  if (!key) return invalid("key is NULL");
  if (key_len < kMinKeyBytes) return invalid("a bundle key has at least 16 bytes");
  return COPYDESK_OK;
}

std::string_view key_view(const void* key, size_t key_len) { return {static_cast<const char*>(key), key_len}; }

}  // namespace

int copydesk_ruleset_save(const copydesk_ruleset* rs, const char* path) {
  if (!rs) return invalid("ruleset is NULL");
  if (!path) return invalid("path is NULL");
  return save(rs, path, {});
}

int copydesk_ruleset_save_keyed(const copydesk_ruleset* rs, const char* path, const void* key, size_t key_len) {
  if (!rs) return invalid("ruleset is NULL");
  if (!path) return invalid("path is NULL");
  if (int status = check_key(key, key_len); status != COPYDESK_OK) return status;
  return save(rs, path, key_view(key, key_len));
}

int copydesk_ruleset_load(copydesk_ruleset** out, const char* path) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!path) return invalid("path is NULL");
  return guard([&] {
    std::string bytes = read_whole_file(path);
    *out = new copydesk_ruleset{Ruleset::load_bundle(bytes)};
    return COPYDESK_OK;
  });
}

int copydesk_ruleset_load_keyed(copydesk_ruleset** out, const char* path, const void* key, size_t key_len) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!path) return invalid("path is NULL");
  if (int status = check_key(key, key_len); status != COPYDESK_OK) return status;
  return guard([&] {
    std::string bytes = read_whole_file(path);
    *out = new copydesk_ruleset{Ruleset::load_bundle(bytes, key_view(key, key_len))};
    return COPYDESK_OK;
  });
}

int copydesk_ruleset_load_memory(copydesk_ruleset** out, const void* data, size_t len) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!data && len) return invalid("data is NULL");
  return guard([&] {
    std::string_view bytes(static_cast<const char*>(data), data ? len : 0);
    *out = new copydesk_ruleset{Ruleset::load_bundle(bytes)};
    return COPYDESK_OK;
  });
}

int copydesk_ruleset_load_memory_keyed(copydesk_ruleset** out, const void* data, size_t len, const void* key,
                                       size_t key_len) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!data && len) return invalid("data is NULL");
  if (int status = check_key(key, key_len); status != COPYDESK_OK) return status;
  return guard([&] {
    std::string_view bytes(static_cast<const char*>(data), data ? len : 0);
    *out = new copydesk_ruleset{Ruleset::load_bundle(bytes, key_view(key, key_len))};
    return COPYDESK_OK;
  });
}

void copydesk_ruleset_free(copydesk_ruleset* rs) { delete rs; }

/* ---------------------------------------------------------------- scanner */

int copydesk_scanner_new(copydesk_scanner** out, copydesk_ruleset* rs) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!rs) return invalid("ruleset is NULL");
  return guard([&] {
    *out = new copydesk_scanner{std::make_unique<Scanner>(rs->rs)};
    return COPYDESK_OK;
  });
}

int copydesk_scanner_scan(copydesk_findings** out, copydesk_scanner* s, const char* text, size_t len,
                          const copydesk_scan_options* opts) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!s) return invalid("scanner is NULL");
  if (!text && len) return invalid("text is NULL");
  ScanOptions o;
  if (int status = read_scan_options(opts, o); status != COPYDESK_OK) return status;
  return guard([&] {
    auto f = std::make_unique<copydesk_findings>();
    f->rs = s->scanner->ruleset();
    s->scanner->scan(std::string_view(text ? text : "", text ? len : 0), o, f->result);
    *out = f.release();
    return COPYDESK_OK;
  });
}

int copydesk_scanner_scan_segments(copydesk_findings** out, copydesk_scanner* s, const copydesk_segment* segments,
                                   size_t count, const copydesk_scan_options* opts) {
  if (!out) return invalid("out is NULL");
  *out = nullptr;
  if (!s) return invalid("scanner is NULL");
  if (!segments && count) return invalid("segments is NULL");
  ScanOptions o;
  if (int status = read_scan_options(opts, o); status != COPYDESK_OK) return status;
  if (count > kMaxSegments) {
    set_error(std::to_string(count) + " segments are more than the " + std::to_string(kMaxSegments) +
              " one scan takes");
    return COPYDESK_E_LIMIT;
  }
  // Elements are read with the size of the first one's version (only version 1 exists yet).
  if (count && (segments[0].version < 1 || segments[0].version > COPYDESK_SEGMENT_VERSION))
    return invalid("set segments[i].version to COPYDESK_SEGMENT_VERSION");
  return guard([&] {
    std::vector<SegmentInput> input(count);
    for (size_t i = 0; i < count; ++i) {
      const copydesk_segment& seg = segments[i];
      const std::string at = "segments[" + std::to_string(i) + "]";
      if (seg.version != segments[0].version) throw Error(COPYDESK_E_INVALID, at + ".version differs from segments[0].version");
      if (!valid_segment_kind(seg.kind)) throw Error(COPYDESK_E_INVALID, at + ".kind must be one of COPYDESK_SEGMENT_*");
      if (seg.format < COPYDESK_FORMAT_AUTO || seg.format > COPYDESK_FORMAT_HTML)
        throw Error(COPYDESK_E_INVALID, at + ".format must be one of COPYDESK_FORMAT_*");
      if (!seg.text && seg.len) throw Error(COPYDESK_E_INVALID, at + ".text is NULL");
      input[i].kind = static_cast<SegmentKind>(seg.kind);
      input[i].format = static_cast<InputFormat>(seg.format);
      input[i].id = seg.id ? std::string_view(seg.id) : std::string_view();
      input[i].text = seg.text ? std::string_view(seg.text, seg.len) : std::string_view();
    }
    auto f = std::make_unique<copydesk_findings>();
    f->rs = s->scanner->ruleset();
    s->scanner->scan_segments(input, o, f->result);
    *out = f.release();
    return COPYDESK_OK;
  });
}

void copydesk_scanner_free(copydesk_scanner* s) { delete s; }

/* ---------------------------------------------------------------- findings */

size_t copydesk_findings_count(const copydesk_findings* f) { return f ? f->result.findings.size() : 0; }

int copydesk_findings_get(copydesk_finding* out, const copydesk_findings* f, size_t i) {
  if (!out) return invalid("out is NULL");
  if (!f) return invalid("findings is NULL");
  if (out->version < 1 || out->version > COPYDESK_FINDING_VERSION)
    return invalid("set out->version to COPYDESK_FINDING_VERSION");
  if (i >= f->result.findings.size()) return invalid("finding index out of range");
  const Finding& x = f->result.findings[i];
  const RuleModel& model = f->rs->model();
  const Rule& rule = model.rules[x.rule];
  const Needle& needle = model.needles[x.needle];
  out->severity = severity_code(rule.severity);
  out->line = x.line;
  out->column = x.column;
  out->end_line = x.end_line;
  out->end_column = x.end_column;
  out->byte_start = x.byte_start;
  out->byte_end = x.byte_end;
  out->utf16_start = x.utf16_start;
  out->utf16_end = x.utf16_end;
  out->cp_start = x.cp_start;
  out->cp_end = x.cp_end;
  out->context_hash = x.context_hash;
  out->rule_id = rule.id.c_str();
  out->category = rule.category.c_str();
  out->message = x.message.c_str();
  out->term = needle.kind == Needle::Kind::kTerm ? model.entries[needle.entry].written.c_str() : needle.pattern.c_str();
  out->folded = x.folded.c_str();
  if (out->version < 2) return COPYDESK_OK;
  out->segment_index = x.segment;
  out->segment_kind = static_cast<int32_t>(f->result.segment_kinds[x.segment]);
  out->visible_byte_start = x.visible_start;
  out->visible_byte_end = x.visible_end;
  out->visible_utf16_start = x.visible_utf16_start;
  out->visible_utf16_end = x.visible_utf16_end;
  out->visible_cp_start = x.visible_cp_start;
  out->visible_cp_end = x.visible_cp_end;
  out->segment_id = f->result.segment_ids[x.segment].c_str();
  out->visible_text = x.visible.c_str();
  return COPYDESK_OK;
}

int copydesk_findings_truncated(const copydesk_findings* f) { return f && f->result.truncated ? 1 : 0; }

size_t copydesk_findings_invalid_utf8(const copydesk_findings* f) { return f ? f->result.invalid_utf8 : 0; }

const char* copydesk_findings_explain(const copydesk_findings* f, size_t i) {
  if (!f || i >= f->result.findings.size()) return nullptr;
  return f->result.findings[i].explain.c_str();
}

void copydesk_findings_free(copydesk_findings* f) { delete f; }

}  // extern "C"
