/*
 * copydesk.h — the whole public C ABI of libcopydesk.
 *
 * Anything not declared here is not copydesk API.
 *
 * copydesk scans news articles (plain text, Markdown or HTML, UTF-8) against compiled
 * TOML rule sets and returns flagged spans with offsets into the caller's own bytes,
 * in UTF-16 code units and in code points, and the same span in the visible text (what a
 * rich-text editor shows). An article may come whole or as segments (headline, body
 * blocks, captions...), each with the host's id.
 *
 * Lifecycle: copydesk_compiler -> copydesk_ruleset (immutable, shared by threads)
 *            -> copydesk_scanner (one per thread) -> copydesk_findings.
 *
 * Conventions:
 *  - every fallible function returns COPYDESK_OK (0) or a negative status, and on failure
 *    sets a thread-local message readable with copydesk_last_error();
 *  - out-parameters come first; handles returned through `**out` are owned by the caller
 *    and released with their own `_free` (which accepts NULL); free order never matters;
 *  - text is `const char *text, size_t len`, UTF-8, not necessarily NUL-terminated;
 *    paths are NUL-terminated;
 *  - structs copied into caller memory start with `uint32_t version`; set it to the
 *    matching *_VERSION constant (or call the `_init` function) before the call;
 *  - the library never prints, aborts or exits, and no C++ exception crosses this ABI.
 */
#ifndef COPYDESK_H
#define COPYDESK_H

#include <stddef.h>
#include <stdint.h>

#if defined(COPYDESK_FFI)
#define COPYDESK_API
#define COPYDESK_DEPRECATED(msg)
#else
#if defined(_WIN32)
#if defined(COPYDESK_BUILDING)
#define COPYDESK_API __declspec(dllexport)
#else
#define COPYDESK_API __declspec(dllimport)
#endif
#define COPYDESK_DEPRECATED(msg) __declspec(deprecated(msg))
#elif defined(__GNUC__)
#define COPYDESK_API __attribute__((visibility("default")))
#define COPYDESK_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define COPYDESK_API
#define COPYDESK_DEPRECATED(msg)
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

#define COPYDESK_VERSION_MAJOR 0
#define COPYDESK_VERSION_MINOR 1
#define COPYDESK_VERSION_PATCH 0
#define COPYDESK_VERSION_NUMBER (COPYDESK_VERSION_MAJOR * 1000000 + COPYDESK_VERSION_MINOR * 1000 + COPYDESK_VERSION_PATCH)
#define COPYDESK_VERSION_STRING "0.1.0"
/** Bumped whenever a function, struct layout or constant of this header changes.
 *  2: article segments (copydesk_segment, copydesk_scanner_scan_segments), copydesk_finding
 *     version 2 (segment and visible-text fields), copydesk_example version 2 (segment_kind),
 *     copydesk_rule_info version 2 (pack, pack_version).
 *  3: copydesk_compile_options version 2 (max_compile_ms, max_compile_bytes); keyed bundles (copydesk_ruleset_save_keyed,
 *     copydesk_ruleset_load_keyed, copydesk_ruleset_load_memory_keyed); bundle format 2. */
#define COPYDESK_ABI_VERSION 3

/** @return COPYDESK_VERSION_NUMBER of the loaded library. Thread-safety: any thread. */
COPYDESK_API int copydesk_version_number(void);
/** @return "0.1.0"-style version of the loaded library; static storage. Thread-safety: any thread. */
COPYDESK_API const char *copydesk_version_string(void);
/** @return COPYDESK_ABI_VERSION of the loaded library; bindings refuse a mismatch.
 *  Thread-safety: any thread. */
COPYDESK_API int copydesk_abi_version(void);

/* ---------------------------------------------------------------- status */

/* Pinned forever; new codes are only appended. */
#define COPYDESK_OK 0
#define COPYDESK_E_ERROR -1    /* internal or unexpected error */
#define COPYDESK_E_NOMEM -2    /* allocation failed */
#define COPYDESK_E_INVALID -3  /* bad argument or misuse (NULL handle, wrong struct version) */
#define COPYDESK_E_RULES -4    /* rule sources failed to compile: see the compiler diagnostics */
#define COPYDESK_E_IO -5       /* a file or directory could not be read or written */
#define COPYDESK_E_LIMIT -6    /* input or result beyond a configured limit */
#define COPYDESK_E_ENCODING -7 /* strict UTF-8 mode only: the input is not valid UTF-8 */
#define COPYDESK_E_VERSION -8  /* a compiled bundle from another version, platform or corrupted */
#define COPYDESK_E_BUSY -9     /* a scanner was used by two threads at once (best effort) */

/** @return "COPYDESK_E_RULES"-style name, "COPYDESK_E_UNKNOWN" for unknown codes; static.
 *  Thread-safety: any thread. */
COPYDESK_API const char *copydesk_status_name(int status);
/** @return an English sentence describing `status`; static. Thread-safety: any thread. */
COPYDESK_API const char *copydesk_status_str(int status);
/** @return the message of the last failing copydesk call on this thread; never NULL
 *  ("" when none). Valid until the next copydesk call on this thread.
 *  Thread-safety: thread-local. */
COPYDESK_API const char *copydesk_last_error(void);

/* ---------------------------------------------------------------- constants */

#define COPYDESK_SEVERITY_INFO 1
#define COPYDESK_SEVERITY_WARNING 2
#define COPYDESK_SEVERITY_ERROR 3

#define COPYDESK_FORMAT_AUTO 0     /* from the content: HTML, Markdown or plain text */
#define COPYDESK_FORMAT_TEXT 1
#define COPYDESK_FORMAT_MARKDOWN 2
#define COPYDESK_FORMAT_HTML 3

/* copydesk_segment.kind: what part of an article a segment is. Pinned; new kinds are only
 * appended. How context flows between them: docs/rules.md, "Article segments". */
#define COPYDESK_SEGMENT_BODY 0       /* a block of the running text (a paragraph, a list) */
#define COPYDESK_SEGMENT_HEADLINE 1   /* read together with the lede */
#define COPYDESK_SEGMENT_STANDFIRST 2 /* dek, subtitle; read together with the lede */
#define COPYDESK_SEGMENT_SUBHEADING 3 /* a heading inside the body; part of the running text */
#define COPYDESK_SEGMENT_CAPTION 4    /* stands alone */
#define COPYDESK_SEGMENT_PULLQUOTE 5  /* stands alone */
#define COPYDESK_SEGMENT_ASIDE 6      /* a fact box, an embed; stands alone */

/* copydesk_scan_options.flags */
#define COPYDESK_SCAN_STRICT_UTF8 1u /* invalid UTF-8 fails with COPYDESK_E_ENCODING */
#define COPYDESK_SCAN_EXPLAIN 2u     /* record why each finding was reported (copydesk_findings_explain) */

/* ---------------------------------------------------------------- handles */

typedef struct copydesk_compiler copydesk_compiler;
typedef struct copydesk_ruleset copydesk_ruleset;
typedef struct copydesk_scanner copydesk_scanner;
typedef struct copydesk_findings copydesk_findings;

/* ---------------------------------------------------------------- records */

#define COPYDESK_COMPILE_OPTIONS_VERSION 2
typedef struct copydesk_compile_options {
  uint32_t version;          /* COPYDESK_COMPILE_OPTIONS_VERSION (1 and 2 are accepted) */
  uint32_t flags;            /* reserved, 0 */
  uint64_t regex_max_mem;    /* per-regex memory budget of the RE2 engine in bytes; 0 = 8 MiB */
  const char *exclude;       /* comma-separated rule ids, packs or categories left out of the
                                compiled ruleset entirely (unlike scan-time `disable`); NULL = none */
  /* version 2 */
  uint64_t max_compile_ms;   /* compile time budget, checked between stages: beyond it
                                copydesk_compiler_build fails with COPYDESK_E_LIMIT; 0 = 60000 */
  uint64_t max_compile_bytes; /* memory budget of one build: rule sources, the needles made from
                                them and the compiled database (docs/rules.md, "Limits");
                                COPYDESK_E_LIMIT naming the largest rule file; 0 = 1 GiB */
} copydesk_compile_options;

#define COPYDESK_DIAGNOSTIC_VERSION 1
typedef struct copydesk_diagnostic {
  uint32_t version;          /* in: COPYDESK_DIAGNOSTIC_VERSION */
  int32_t severity;          /* COPYDESK_SEVERITY_ERROR or COPYDESK_SEVERITY_WARNING */
  uint32_t line;             /* 1-based; 0 when the problem has no position */
  uint32_t column;           /* 1-based, in code points; 0 when unknown */
  const char *file;          /* origin name ("" when none); valid while the compiler lives */
  const char *rule_id;       /* "" when the problem is not inside a rule */
  const char *message;       /* "file:line:col: error: ..." is built from these fields */
} copydesk_diagnostic;

#define COPYDESK_RULE_INFO_VERSION 2
typedef struct copydesk_rule_info {
  uint32_t version;          /* in: COPYDESK_RULE_INFO_VERSION (1 and 2 are accepted; a version-1
                                record is filled up to `languages` only) */
  int32_t severity;          /* COPYDESK_SEVERITY_* */
  const char *id;            /* "extremism.isis"; valid while the ruleset lives */
  const char *category;
  const char *title;
  const char *message;       /* message template, {match} unfilled */
  const char *description;   /* longer help text; may be "" */
  const char *references;    /* newline-separated list of references; may be "" */
  const char *source;        /* file the rule was read from ("" for strings) */
  const char *languages;     /* comma-separated language codes, e.g. "ar,en,fr" */
  /* version 2 */
  const char *pack;          /* the id of the rule's pack ("extremism") */
  const char *pack_version;  /* that pack's [pack] version ("0.1.0"); "" when it gives none */
} copydesk_rule_info;

#define COPYDESK_EXAMPLE_VERSION 2
typedef struct copydesk_example {
  uint32_t version;          /* in: COPYDESK_EXAMPLE_VERSION (1 and 2 are accepted) */
  uint32_t expect_count;     /* number of strings the example must flag (0: must pass clean) */
  uint32_t line;             /* where the example is written */
  uint32_t reserved;
  const char *rule_id;       /* valid while the ruleset lives */
  const char *language;      /* "ar", "en", "fr" or "" when not given */
  const char *text;
  const char *source;
  /* version 2 */
  int32_t segment_kind;      /* COPYDESK_SEGMENT_* the text is scanned as (plain text) */
} copydesk_example;

#define COPYDESK_SCAN_OPTIONS_VERSION 1
typedef struct copydesk_scan_options {
  uint32_t version;          /* COPYDESK_SCAN_OPTIONS_VERSION */
  int32_t input_format;      /* COPYDESK_FORMAT_*; default AUTO */
  int32_t min_severity;      /* findings below are dropped; default COPYDESK_SEVERITY_INFO */
  uint32_t flags;            /* COPYDESK_SCAN_* bits; default 0 */
  uint64_t max_input_bytes;  /* longer input fails with COPYDESK_E_LIMIT; default 64 MiB; 0 = default */
  uint64_t max_findings;     /* findings beyond are dropped, copydesk_findings_truncated() says so;
                                default 10000; 0 = default */
  const char *enable;        /* comma-separated rule ids, packs or categories; NULL or "" = all */
  const char *disable;       /* comma-separated rule ids, packs or categories to skip; NULL = none */
} copydesk_scan_options;

/* One segment of an article, for copydesk_scanner_scan_segments. */
#define COPYDESK_SEGMENT_VERSION 1
typedef struct copydesk_segment {
  uint32_t version;          /* COPYDESK_SEGMENT_VERSION */
  int32_t kind;              /* COPYDESK_SEGMENT_*; 0 is BODY */
  int32_t format;            /* COPYDESK_FORMAT_*; AUTO: opts->input_format (itself AUTO by default) */
  uint32_t reserved;         /* 0 */
  const char *id;            /* the host's id (a block's clientId), NUL-terminated, copied; NULL = "" */
  const char *text;          /* UTF-8, not necessarily NUL-terminated; not retained */
  size_t len;
} copydesk_segment;

#define COPYDESK_FINDING_VERSION 2
typedef struct copydesk_finding {
  uint32_t version;          /* in: COPYDESK_FINDING_VERSION (1 and 2 are accepted; a version-1
                                record is filled up to `folded` only) */
  int32_t severity;          /* COPYDESK_SEVERITY_* */
  uint32_t line;             /* 1-based line of byte_start in the original input */
  uint32_t column;           /* 1-based column of byte_start, counted in code points */
  uint32_t end_line;         /* line and column of byte_end (exclusive) */
  uint32_t end_column;
  uint64_t byte_start;       /* [byte_start, byte_end) in the caller's original bytes */
  uint64_t byte_end;
  uint64_t utf16_start;      /* the same span in UTF-16 code units (JavaScript, LSP) */
  uint64_t utf16_end;
  uint64_t cp_start;         /* the same span in code points (Python, PHP mb_*) */
  uint64_t cp_end;
  uint64_t context_hash;     /* stable hash of the folded sentence around the finding (its words:
                                not the spaces or line breaks after it, nor what follows) */
  const char *rule_id;       /* all strings valid until the findings object is freed */
  const char *category;
  const char *message;       /* template filled with the matched text */
  const char *term;          /* lexicon entry or pattern that matched, as written in the rule */
  const char *folded;        /* the matched text as folded for matching */
  /* version 2. With segments, every offset above is relative to the finding's segment. */
  uint32_t segment_index;    /* index into the segments given to copydesk_scanner_scan_segments;
                                0 for copydesk_scanner_scan */
  int32_t segment_kind;      /* COPYDESK_SEGMENT_* of that segment (BODY for copydesk_scanner_scan) */
  uint64_t visible_byte_start;  /* the span in the visible text: the text view of HTML and
                                   Markdown (tags dropped, entities decoded, whitespace runs as
                                   one space, "\n\n" between blocks); the input itself for plain
                                   text. Bytes of its UTF-8, */
  uint64_t visible_byte_end;
  uint64_t visible_utf16_start; /* UTF-16 code units (a JavaScript editor's offsets), */
  uint64_t visible_utf16_end;
  uint64_t visible_cp_start;    /* and code points */
  uint64_t visible_cp_end;
  const char *segment_id;    /* the id of that segment ("" when none) */
  const char *visible_text;  /* the span of the visible text, as shown */
} copydesk_finding;

/** Fill `opts` with defaults for struct `version`.
 *  @return COPYDESK_E_INVALID for NULL or an unknown version. Thread-safety: any thread. */
COPYDESK_API int copydesk_compile_options_init(copydesk_compile_options *opts, uint32_t version);
/** Fill `opts` with defaults for struct `version`.
 *  @return COPYDESK_E_INVALID for NULL or an unknown version. Thread-safety: any thread. */
COPYDESK_API int copydesk_scan_options_init(copydesk_scan_options *opts, uint32_t version);

/* ---------------------------------------------------------------- compiler */

/** Create a compiler. `opts` may be NULL for defaults.
 *  Ownership: *out is the caller's; release with copydesk_compiler_free.
 *  Thread-safety: a compiler is used by one thread at a time. */
COPYDESK_API int copydesk_compiler_new(copydesk_compiler **out, const copydesk_compile_options *opts);

/** Read rule sources from `path`: a directory of packs (each sub-folder with a pack.toml),
 *  one pack directory, or one rule .toml file. The files are read now and checked by
 *  copydesk_compiler_build, which reports every problem in them.
 *  @return COPYDESK_OK or COPYDESK_E_IO (nothing readable there; also kept as a diagnostic).
 *  Thread-safety: one thread at a time per compiler. */
COPYDESK_API int copydesk_compiler_add_path(copydesk_compiler *c, const char *path);

/** Add one rule pack written as a single TOML document (a [pack] table, rules under
 *  [[rule]]), e.g. from a CMS setting. `origin` names it in diagnostics (may be NULL).
 *  The text is copied and checked by copydesk_compiler_build. @return COPYDESK_OK.
 *  Thread-safety: one thread at a time per compiler. */
COPYDESK_API int copydesk_compiler_add_string(copydesk_compiler *c, const char *toml, size_t len,
                                              const char *origin);

/** Compile everything added into an immutable ruleset. On COPYDESK_E_RULES the diagnostics
 *  list every problem found (not only the first). The compiler may be freed afterwards.
 *  Ownership: *out is the caller's; release with copydesk_ruleset_free.
 *  Thread-safety: one thread at a time per compiler. */
COPYDESK_API int copydesk_compiler_build(copydesk_ruleset **out, copydesk_compiler *c);

/** @return number of diagnostics (errors and warnings) recorded so far; 0 for NULL.
 *  Thread-safety: one thread at a time per compiler. */
COPYDESK_API size_t copydesk_compiler_diagnostic_count(const copydesk_compiler *c);

/** Copy diagnostic `i` into `out` (set out->version first). Strings are borrowed from the
 *  compiler. Thread-safety: one thread at a time per compiler. */
COPYDESK_API int copydesk_compiler_diagnostic_get(copydesk_diagnostic *out, const copydesk_compiler *c,
                                                  size_t i);

/** Release a compiler; NULL is ignored. Thread-safety: not concurrently with other use. */
COPYDESK_API void copydesk_compiler_free(copydesk_compiler *c);

/* ---------------------------------------------------------------- ruleset */

/** @return number of rules; 0 for NULL. Thread-safety: any thread (immutable). */
COPYDESK_API size_t copydesk_ruleset_rule_count(const copydesk_ruleset *rs);

/** Copy the description of rule `i`. Strings are borrowed and live as long as the ruleset.
 *  Thread-safety: any thread (immutable). */
COPYDESK_API int copydesk_ruleset_rule_get(copydesk_rule_info *out, const copydesk_ruleset *rs, size_t i);

/** @return number of [[example]] entries over all rules; 0 for NULL. Thread-safety: any thread. */
COPYDESK_API size_t copydesk_ruleset_example_count(const copydesk_ruleset *rs);
/** Copy example `i`. Thread-safety: any thread (immutable). */
COPYDESK_API int copydesk_ruleset_example_get(copydesk_example *out, const copydesk_ruleset *rs, size_t i);
/** @return the j-th string example `i` must flag, or NULL when out of range. Borrowed.
 *  Thread-safety: any thread (immutable). */
COPYDESK_API const char *copydesk_ruleset_example_expect(const copydesk_ruleset *rs, size_t i, size_t j);

/** Write a compiled bundle (serialized match database, rule data and a fingerprint of the
 *  library version and CPU features) to `path`. Files are named relative to their pack
 *  folder: no path of this machine is written. An unauthenticated bundle is code for the
 *  host: load it only from a source as trusted as the library itself (docs/abi.md,
 *  "Bundles"); hosts that copy bundles around use the keyed functions below.
 *  @return COPYDESK_OK or COPYDESK_E_IO. Thread-safety: any thread (immutable). */
COPYDESK_API int copydesk_ruleset_save(const copydesk_ruleset *rs, const char *path);

/** Load a bundle written by copydesk_ruleset_save without recompiling its match database.
 *  @return COPYDESK_E_VERSION for a bundle from another library version or CPU, a corrupted
 *  one, an empty file or anything that is not a bundle, or an authenticated bundle (which
 *  needs copydesk_ruleset_load_keyed); hosts fall back to the TOML sources.
 *  COPYDESK_E_IO when `path` cannot be read (missing, a directory).
 *  Ownership: *out is the caller's. Thread-safety: any thread. */
COPYDESK_API int copydesk_ruleset_load(copydesk_ruleset **out, const char *path);

/** Same as copydesk_ruleset_load, from memory (the bytes are copied). */
COPYDESK_API int copydesk_ruleset_load_memory(copydesk_ruleset **out, const void *data, size_t len);

/** Write an authenticated bundle: as copydesk_ruleset_save, with an HMAC-SHA-256 of every
 *  byte under `key` (at least 16 bytes; the host keeps it) in place of the checksum.
 *  @return COPYDESK_OK, COPYDESK_E_INVALID (key shorter than 16 bytes) or COPYDESK_E_IO.
 *  Thread-safety: any thread (immutable). */
COPYDESK_API int copydesk_ruleset_save_keyed(const copydesk_ruleset *rs, const char *path, const void *key,
                                             size_t key_len);

/** Load an authenticated bundle. The MAC is checked over the whole file before any of it
 *  is used: an altered bundle, or one made with another key, never reaches the matcher.
 *  @return as copydesk_ruleset_load; COPYDESK_E_VERSION also when the MAC does not verify
 *  or the bundle is not authenticated. COPYDESK_E_INVALID for a key under 16 bytes.
 *  Ownership: *out is the caller's. Thread-safety: any thread. */
COPYDESK_API int copydesk_ruleset_load_keyed(copydesk_ruleset **out, const char *path, const void *key,
                                             size_t key_len);

/** Same as copydesk_ruleset_load_keyed, from memory (the bytes are copied). */
COPYDESK_API int copydesk_ruleset_load_memory_keyed(copydesk_ruleset **out, const void *data, size_t len,
                                                    const void *key, size_t key_len);

/** Release the caller's reference; scanners and findings made from it stay valid.
 *  NULL is ignored. Thread-safety: any thread, once per handle. */
COPYDESK_API void copydesk_ruleset_free(copydesk_ruleset *rs);

/* ---------------------------------------------------------------- scanner */

/** Create a scanner over `rs` (it keeps the ruleset alive). A scanner holds the match
 *  scratch space and reusable buffers: make one per thread.
 *  Ownership: *out is the caller's. Thread-safety: any thread; `rs` may be shared. */
COPYDESK_API int copydesk_scanner_new(copydesk_scanner **out, copydesk_ruleset *rs);

/** Scan `len` bytes of UTF-8 `text`. `opts` may be NULL for defaults. Invalid UTF-8 is
 *  matched as U+FFFD with offsets kept unless COPYDESK_SCAN_STRICT_UTF8 is set. The text
 *  is not retained after the call.
 *  Ownership: *out is the caller's; release with copydesk_findings_free.
 *  Thread-safety: one thread at a time per scanner; concurrent use returns COPYDESK_E_BUSY
 *  (best effort). */
COPYDESK_API int copydesk_scanner_scan(copydesk_findings **out, copydesk_scanner *s, const char *text,
                                       size_t len, const copydesk_scan_options *opts);

/** Scan an article given as `count` segments (headline, body blocks, captions...), in
 *  article order, in one pass: each segment is read in its own format, sentences and
 *  paragraphs never cross two segments, and conditions take context from other segments
 *  only where it flows (a headline from the lede; a caption from nothing; the body's
 *  blocks from each other): docs/rules.md, "Article segments". A rule with `segments`
 *  reports only in those kinds. Findings are ordered by segment, then by offset; their
 *  offsets are relative to their segment's text and they carry its index, kind and id.
 *  Every element has the version of segments[0], and the array is read with the size of
 *  that version. `segments` may be NULL when `count` is 0 (no findings). At most 65536
 *  segments (COPYDESK_E_LIMIT); max_input_bytes bounds their total length. Invalid UTF-8
 *  is handled as by copydesk_scanner_scan. Nothing is retained after the call.
 *  Ownership: *out is the caller's; release with copydesk_findings_free.
 *  Thread-safety: as copydesk_scanner_scan. */
COPYDESK_API int copydesk_scanner_scan_segments(copydesk_findings **out, copydesk_scanner *s,
                                                const copydesk_segment *segments, size_t count,
                                                const copydesk_scan_options *opts);

/** Release a scanner; NULL is ignored. Thread-safety: not concurrently with a scan on it. */
COPYDESK_API void copydesk_scanner_free(copydesk_scanner *s);

/* ---------------------------------------------------------------- findings */

/** @return number of findings, ordered by segment_index, then byte_start; 0 for NULL.
 *  Thread-safety: any thread. */
COPYDESK_API size_t copydesk_findings_count(const copydesk_findings *f);
/** Copy finding `i` (set out->version first). Strings are borrowed from `f`.
 *  Thread-safety: any thread (read-only). */
COPYDESK_API int copydesk_findings_get(copydesk_finding *out, const copydesk_findings *f, size_t i);
/** @return 1 when max_findings cut the list, else 0. Thread-safety: any thread. */
COPYDESK_API int copydesk_findings_truncated(const copydesk_findings *f);
/** @return number of invalid UTF-8 sequences replaced by U+FFFD in the input.
 *  Thread-safety: any thread. */
COPYDESK_API size_t copydesk_findings_invalid_utf8(const copydesk_findings *f);
/** @return a multi-line English explanation of finding `i` (what matched, its folded form,
 *  which conditions held, which exclusions were checked) when the scan used
 *  COPYDESK_SCAN_EXPLAIN, else "". NULL when out of range. Borrowed from `f`.
 *  Thread-safety: any thread. */
COPYDESK_API const char *copydesk_findings_explain(const copydesk_findings *f, size_t i);
/** Release findings; NULL is ignored. Thread-safety: once per handle. */
COPYDESK_API void copydesk_findings_free(copydesk_findings *f);

#ifdef __cplusplus
}
#endif

#endif /* COPYDESK_H */
