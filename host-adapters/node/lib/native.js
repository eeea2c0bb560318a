'use strict';
// Loads libcopydesk through koffi and declares every record and function of copydesk.h.
//
// Marshalling only. RECORDS mirrors the header's structs field for field and FUNCTIONS its
// prototypes, in header order; the only additions are koffi's _Out_/_Inout_ direction
// qualifiers. tests/adapters/test_node_adapter.js checks both against the generated
// macro-free header (build/plugin/copydesk_ffi.h), so this file cannot drift from the ABI.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

/** COPYDESK_ABI_VERSION of the header this adapter was written against. */
const ABI_VERSION = 3;

/** The header's #define constants (statuses, severities, formats, flags, record versions). */
const constants = Object.freeze({
  OK: 0,
  E_ERROR: -1,
  E_NOMEM: -2,
  E_INVALID: -3,
  E_RULES: -4,
  E_IO: -5,
  E_LIMIT: -6,
  E_ENCODING: -7,
  E_VERSION: -8,
  E_BUSY: -9,
  SEVERITY_INFO: 1,
  SEVERITY_WARNING: 2,
  SEVERITY_ERROR: 3,
  FORMAT_AUTO: 0,
  FORMAT_TEXT: 1,
  FORMAT_MARKDOWN: 2,
  FORMAT_HTML: 3,
  SEGMENT_BODY: 0,
  SEGMENT_HEADLINE: 1,
  SEGMENT_STANDFIRST: 2,
  SEGMENT_SUBHEADING: 3,
  SEGMENT_CAPTION: 4,
  SEGMENT_PULLQUOTE: 5,
  SEGMENT_ASIDE: 6,
  SCAN_STRICT_UTF8: 1,
  SCAN_EXPLAIN: 2,
  COMPILE_OPTIONS_VERSION: 2,
  DIAGNOSTIC_VERSION: 1,
  RULE_INFO_VERSION: 2,
  EXAMPLE_VERSION: 2,
  SCAN_OPTIONS_VERSION: 1,
  SEGMENT_VERSION: 1,
  FINDING_VERSION: 2,
});

const HANDLES = ['copydesk_compiler', 'copydesk_ruleset', 'copydesk_scanner', 'copydesk_findings'];

/** Record name -> [field, C type] pairs, exactly as in copydesk.h. */
const RECORDS = {
  copydesk_compile_options: [
    ['version', 'uint32_t'], ['flags', 'uint32_t'], ['regex_max_mem', 'uint64_t'], ['exclude', 'const char *'],
    ['max_compile_ms', 'uint64_t'], ['max_compile_bytes', 'uint64_t'],
  ],
  copydesk_diagnostic: [
    ['version', 'uint32_t'], ['severity', 'int32_t'], ['line', 'uint32_t'], ['column', 'uint32_t'],
    ['file', 'const char *'], ['rule_id', 'const char *'], ['message', 'const char *'],
  ],
  copydesk_rule_info: [
    ['version', 'uint32_t'], ['severity', 'int32_t'], ['id', 'const char *'], ['category', 'const char *'],
    ['title', 'const char *'], ['message', 'const char *'], ['description', 'const char *'],
    ['references', 'const char *'], ['source', 'const char *'], ['languages', 'const char *'],
    ['pack', 'const char *'], ['pack_version', 'const char *'],
  ],
  copydesk_example: [
    ['version', 'uint32_t'], ['expect_count', 'uint32_t'], ['line', 'uint32_t'], ['reserved', 'uint32_t'],
    ['rule_id', 'const char *'], ['language', 'const char *'], ['text', 'const char *'], ['source', 'const char *'],
    ['segment_kind', 'int32_t'],
  ],
  copydesk_scan_options: [
    ['version', 'uint32_t'], ['input_format', 'int32_t'], ['min_severity', 'int32_t'], ['flags', 'uint32_t'],
    ['max_input_bytes', 'uint64_t'], ['max_findings', 'uint64_t'], ['enable', 'const char *'],
    ['disable', 'const char *'],
  ],
  copydesk_segment: [
    ['version', 'uint32_t'], ['kind', 'int32_t'], ['format', 'int32_t'], ['reserved', 'uint32_t'],
    ['id', 'const char *'], ['text', 'const char *'], ['len', 'size_t'],
  ],
  copydesk_finding: [
    ['version', 'uint32_t'], ['severity', 'int32_t'], ['line', 'uint32_t'], ['column', 'uint32_t'],
    ['end_line', 'uint32_t'], ['end_column', 'uint32_t'], ['byte_start', 'uint64_t'], ['byte_end', 'uint64_t'],
    ['utf16_start', 'uint64_t'], ['utf16_end', 'uint64_t'], ['cp_start', 'uint64_t'], ['cp_end', 'uint64_t'],
    ['context_hash', 'uint64_t'], ['rule_id', 'const char *'], ['category', 'const char *'],
    ['message', 'const char *'], ['term', 'const char *'], ['folded', 'const char *'],
    ['segment_index', 'uint32_t'], ['segment_kind', 'int32_t'], ['visible_byte_start', 'uint64_t'],
    ['visible_byte_end', 'uint64_t'], ['visible_utf16_start', 'uint64_t'], ['visible_utf16_end', 'uint64_t'],
    ['visible_cp_start', 'uint64_t'], ['visible_cp_end', 'uint64_t'], ['segment_id', 'const char *'],
    ['visible_text', 'const char *'],
  ],
};

/** Every prototype of copydesk.h in header order, with koffi's direction qualifiers. */
const FUNCTIONS = [
  'int copydesk_version_number(void)',
  'const char *copydesk_version_string(void)',
  'int copydesk_abi_version(void)',
  'const char *copydesk_status_name(int status)',
  'const char *copydesk_status_str(int status)',
  'const char *copydesk_last_error(void)',
  'int copydesk_compile_options_init(_Inout_ copydesk_compile_options *opts, uint32_t version)',
  'int copydesk_scan_options_init(_Inout_ copydesk_scan_options *opts, uint32_t version)',
  'int copydesk_compiler_new(_Out_ copydesk_compiler **out, const copydesk_compile_options *opts)',
  'int copydesk_compiler_add_path(copydesk_compiler *c, const char *path)',
  'int copydesk_compiler_add_string(copydesk_compiler *c, const char *toml, size_t len, const char *origin)',
  'int copydesk_compiler_build(_Out_ copydesk_ruleset **out, copydesk_compiler *c)',
  'size_t copydesk_compiler_diagnostic_count(const copydesk_compiler *c)',
  'int copydesk_compiler_diagnostic_get(_Inout_ copydesk_diagnostic *out, const copydesk_compiler *c, size_t i)',
  'void copydesk_compiler_free(copydesk_compiler *c)',
  'size_t copydesk_ruleset_rule_count(const copydesk_ruleset *rs)',
  'int copydesk_ruleset_rule_get(_Inout_ copydesk_rule_info *out, const copydesk_ruleset *rs, size_t i)',
  'size_t copydesk_ruleset_example_count(const copydesk_ruleset *rs)',
  'int copydesk_ruleset_example_get(_Inout_ copydesk_example *out, const copydesk_ruleset *rs, size_t i)',
  'const char *copydesk_ruleset_example_expect(const copydesk_ruleset *rs, size_t i, size_t j)',
  'int copydesk_ruleset_save(const copydesk_ruleset *rs, const char *path)',
  'int copydesk_ruleset_load(_Out_ copydesk_ruleset **out, const char *path)',
  'int copydesk_ruleset_load_memory(_Out_ copydesk_ruleset **out, const void *data, size_t len)',
  'int copydesk_ruleset_save_keyed(const copydesk_ruleset *rs, const char *path, const void *key, size_t key_len)',
  'int copydesk_ruleset_load_keyed(_Out_ copydesk_ruleset **out, const char *path, const void *key, size_t key_len)',
  'int copydesk_ruleset_load_memory_keyed(_Out_ copydesk_ruleset **out, const void *data, size_t len, const void *key, size_t key_len)',
  'void copydesk_ruleset_free(copydesk_ruleset *rs)',
  'int copydesk_scanner_new(_Out_ copydesk_scanner **out, copydesk_ruleset *rs)',
  'int copydesk_scanner_scan(_Out_ copydesk_findings **out, copydesk_scanner *s, const char *text, size_t len, const copydesk_scan_options *opts)',
  'int copydesk_scanner_scan_segments(_Out_ copydesk_findings **out, copydesk_scanner *s, const copydesk_segment *segments, size_t count, const copydesk_scan_options *opts)',
  'void copydesk_scanner_free(copydesk_scanner *s)',
  'size_t copydesk_findings_count(const copydesk_findings *f)',
  'int copydesk_findings_get(_Inout_ copydesk_finding *out, const copydesk_findings *f, size_t i)',
  'int copydesk_findings_truncated(const copydesk_findings *f)',
  'size_t copydesk_findings_invalid_utf8(const copydesk_findings *f)',
  'const char *copydesk_findings_explain(const copydesk_findings *f, size_t i)',
  'void copydesk_findings_free(copydesk_findings *f)',
];

/** Where the library is looked for, in order: $COPYDESK_LIBRARY (used as given, nothing else
 *  tried), the install prefix this adapter sits in (<prefix>/share/copydesk/node), the
 *  dynamic loader's own search (ldconfig cache, LD_LIBRARY_PATH), then the usual prefixes. */
function candidatePaths() {
  const env = process.env.COPYDESK_LIBRARY;
  if (env) return [env];
  const found = [];
  const libdirs = (prefix) => {
    const dirs = ['lib', 'lib64'];
    try {
      for (const d of fs.readdirSync(path.join(prefix, 'lib'))) {
        if (/-linux-gnu|-linux-musl/.test(d)) dirs.push(path.join('lib', d));
      }
    } catch { /* no lib/ there */ }
    return dirs;
  };
  const fromPrefix = (prefix) => {
    for (const dir of libdirs(prefix)) {
      let names;
      try { names = fs.readdirSync(path.join(prefix, dir)); } catch { continue; }
      for (const n of names.filter((n) => /^libcopydesk\.so(\.|$)/.test(n)).sort()) found.push(path.join(prefix, dir, n));
    }
  };
  const here = fs.realpathSync(path.join(__dirname, '..'));
  if (path.basename(path.dirname(here)) === 'copydesk' && path.basename(path.dirname(path.dirname(here))) === 'share') {
    fromPrefix(path.resolve(here, '..', '..', '..'));
  }
  found.push('libcopydesk.so');
  for (const prefix of ['/usr/local', '/usr', '/opt/copydesk']) fromPrefix(prefix);
  return found;
}

function verifyAbi(found, where) {
  if (found !== ABI_VERSION) {
    throw new Error(`copydesk: ${where} has ABI version ${found}, but this Node adapter was written for ABI ` +
      `version ${ABI_VERSION}; install the adapter that ships with that library (or point COPYDESK_LIBRARY ` +
      'at a matching libcopydesk.so)');
  }
}

let typesDeclared = false;
function declareTypes() {
  // koffi's type names are process-global: declare once, even if this file is loaded twice.
  if (typesDeclared) return;
  for (const h of HANDLES) {
    try { koffi.opaque(h); } catch { /* already declared by another copy of this adapter */ }
  }
  for (const [name, fields] of Object.entries(RECORDS)) {
    try { koffi.struct(name, Object.fromEntries(fields)); } catch { /* already declared */ }
  }
  typesDeclared = true;
}

function nameOf(prototype) {
  return /\b(copydesk_\w+)\s*\(/.exec(prototype)[1];
}

function load() {
  declareTypes();
  const tried = [];
  for (const candidate of candidatePaths()) {
    let lib;
    try {
      lib = koffi.load(candidate);
    } catch (e) {
      tried.push(`${candidate} (${e.message})`);
      continue;
    }
    let abi;
    try {
      abi = lib.func('int copydesk_abi_version(void)');
    } catch {
      throw new Error(`copydesk: ${candidate} is not libcopydesk (no copydesk_abi_version)`);
    }
    verifyAbi(abi(), candidate);
    const fn = {};
    for (const prototype of FUNCTIONS) {
      const name = nameOf(prototype);
      try {
        fn[name] = lib.func(prototype);
      } catch (e) {
        throw new Error(`copydesk: ${candidate} has no function ${name}; it is not a matching libcopydesk (${e.message})`);
      }
    }
    return { fn, path: candidate };
  }
  throw new Error('copydesk: libcopydesk.so not found; set COPYDESK_LIBRARY to its path' +
    (tried.length ? `; tried ${tried.join(', ')}` : ''));
}

const { fn, path: libraryPath } = load();

module.exports = { koffi, fn, libraryPath, constants, ABI_VERSION, RECORDS, FUNCTIONS, HANDLES, verifyAbi, nameOf };
