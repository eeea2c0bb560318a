'use strict';
// copydesk for Node.js: compile rule packs, scan articles, read findings.
//
//   const { Ruleset } = require('copydesk');
//   const rules = Ruleset.compile('rules/');
//   const scanner = rules.scanner();
//   for (const f of scanner.scan(text)) console.log(f.ruleId, text.slice(f.start, f.end), f.message);
//
// A thin koffi layer over libcopydesk's C ABI: marshalling, lifetime and error mapping only;
// all matching happens in the library (host-adapters/README.md is the contract).

const { fn, constants: C, libraryPath } = require('./lib/native');
const errors = require('./lib/errors');

const { check, errorFor, closedError, RuleError, BusyError } = errors;

const SEVERITY_NAMES = new Map([[C.SEVERITY_INFO, 'info'], [C.SEVERITY_WARNING, 'warning'], [C.SEVERITY_ERROR, 'error']]);
const SEVERITY_CODES = new Map([...SEVERITY_NAMES].map(([k, v]) => [v, k]));
const FORMATS = new Map([['auto', C.FORMAT_AUTO], ['text', C.FORMAT_TEXT], ['markdown', C.FORMAT_MARKDOWN],
  ['html', C.FORMAT_HTML]]);
/** Segment kind names (as in rule packs and JSON) -> COPYDESK_SEGMENT_* constants. */
const SEGMENT_KINDS = new Map([['body', C.SEGMENT_BODY], ['headline', C.SEGMENT_HEADLINE],
  ['standfirst', C.SEGMENT_STANDFIRST], ['subheading', C.SEGMENT_SUBHEADING], ['caption', C.SEGMENT_CAPTION],
  ['pullquote', C.SEGMENT_PULLQUOTE], ['aside', C.SEGMENT_ASIDE]]);
const SEGMENT_NAMES = new Map([...SEGMENT_KINDS].map(([k, v]) => [v, k]));

/** Version string of the loaded libcopydesk, e.g. "0.1.0". */
function libraryVersion() {
  return fn.copydesk_version_string();
}

function severityName(code) {
  return SEVERITY_NAMES.get(code) || String(code);
}

function choice(value, table, what) {
  if (!table.has(value)) {
    throw new RangeError(`unknown ${what} ${JSON.stringify(value)}; expected one of ${[...table.keys()].join(', ')}`);
  }
  return table.get(value);
}

/** undefined/null, "a,b" or an array of names -> the comma-separated string the ABI takes. */
function nameList(names, what) {
  if (names === undefined || names === null) return null;
  if (typeof names === 'string') return names;
  if (Array.isArray(names) && names.every((n) => typeof n === 'string')) return names.join(',');
  throw new TypeError(`${what} takes a string or an array of strings`);
}

function checkKeys(options, allowed, what) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TypeError(`${what} options must be an object`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`unknown ${what} option ${JSON.stringify(key)}; expected one of ${allowed.join(', ')}`);
    }
  }
  return options;
}

function limit(value, what) {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'bigint' ? value < 0n : !(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${what} must be a non-negative integer`);
  }
  return value;
}

// ------------------------------------------------------------------ handles

// A safety net: a handle nobody closed is freed when its owner is garbage collected.
let finalized = 0;
const finalizers = new FinalizationRegistry(({ free, ptr }) => {
  free(ptr);
  finalized++;
});

/** Owns one library handle, freed by close() (or by the FinalizationRegistry when the object
 *  is collected unclosed). Free order never matters to the library. */
class Handle {
  #ptr;
  #free;

  constructor(ptr, free) {
    this.#ptr = ptr;
    this.#free = free;
    finalizers.register(this, { free, ptr }, this);
  }

  /** The live pointer; throws InvalidArgumentError once closed. */
  _live() {
    if (this.#ptr === null) throw closedError(this.constructor.kind);
    return this.#ptr;
  }

  /** Free the handle now (idempotent). */
  _release() {
    if (this.#ptr === null) return;
    finalizers.unregister(this);
    const ptr = this.#ptr;
    this.#ptr = null;
    this.#free(ptr);
  }

  /** True once close() was called. */
  get closed() {
    return this.#ptr === null;
  }

  close() {
    this._release();
  }

  [Symbol.dispose || Symbol.for('nodejs.dispose')]() {
    this.close();
  }
}

// ------------------------------------------------------------------ ruleset

function str(s) {
  return s === null || s === undefined ? '' : s;
}

function diagnosticsOf(compiler) {
  const out = [];
  const n = Number(fn.copydesk_compiler_diagnostic_count(compiler));
  for (let i = 0; i < n; i++) {
    const d = { version: C.DIAGNOSTIC_VERSION };
    check(fn.copydesk_compiler_diagnostic_get(d, compiler, i));
    out.push({ file: str(d.file), line: d.line, column: d.column, severity: severityName(d.severity),
      ruleId: str(d.rule_id), message: str(d.message) });
  }
  return out;
}

const COMPILE_KEYS = ['exclude', 'regexMaxMem', 'origin'];

/** A compiler with `sources` added; the caller builds and frees it. */
function newCompiler(sources, options) {
  const o = checkKeys(options, COMPILE_KEYS, 'compile');
  const opts = { version: C.COMPILE_OPTIONS_VERSION };
  check(fn.copydesk_compile_options_init(opts, C.COMPILE_OPTIONS_VERSION));
  opts.regex_max_mem = limit(o.regexMaxMem, 'regexMaxMem');
  opts.exclude = nameList(o.exclude, 'exclude');
  const out = [null];
  check(fn.copydesk_compiler_new(out, opts));
  const compiler = out[0];
  try {
    for (const s of sources) {
      if (s.path !== undefined) {
        check(fn.copydesk_compiler_add_path(compiler, s.path));
      } else {
        check(fn.copydesk_compiler_add_string(compiler, s.data, s.data.length, s.origin));
      }
    }
  } catch (e) {
    fn.copydesk_compiler_free(compiler);
    throw e;
  }
  return compiler;
}

/** Adopt the ruleset a build made, or throw its error with every diagnostic; frees the compiler. */
function finishBuild(status, out, compiler, message) {
  try {
    if (status === C.E_RULES) {
      const e = errorFor(status, message);
      throw new RuleError(e.status, e.code, e.detail, diagnosticsOf(compiler));
    }
    if (status < 0) throw errorFor(status, message);
    return Ruleset._adopt(out[0], diagnosticsOf(compiler));
  } finally {
    fn.copydesk_compiler_free(compiler);
  }
}

function pathSources(paths) {
  const list = Array.isArray(paths) ? paths : [paths];
  if (list.length === 0) throw new TypeError('Ruleset.compile() needs at least one path');
  for (const p of list) if (typeof p !== 'string') throw new TypeError('rule paths must be strings');
  return list.map((p) => ({ path: p }));
}

function stringSource(toml, origin) {
  let data;
  if (typeof toml === 'string') data = Buffer.from(toml, 'utf8');
  else if (toml instanceof Uint8Array) data = toml;
  else throw new TypeError('compileString() takes the TOML as a string or a Uint8Array');
  if (origin !== undefined && origin !== null && typeof origin !== 'string') throw new TypeError('origin must be a string');
  return [{ data, origin: origin ?? null }];
}

/** Compiled, immutable rules. Share one across the program; give each concurrent scan its own
 *  Scanner. Build with Ruleset.compile(), compileString(), compileAsync() or load(). */
class Ruleset extends Handle {
  static kind = 'ruleset';

  /** @private */
  static _adopt(ptr, diagnostics = []) {
    const self = new Ruleset(adoptToken, ptr);
    /** Warnings the compiler reported (a successful compile has no errors). */
    self.warnings = diagnostics;
    return self;
  }

  constructor(token, ptr) {
    if (token !== adoptToken) throw new TypeError('use Ruleset.compile(), compileString(), compileAsync() or load()');
    super(ptr, fn.copydesk_ruleset_free);
  }

  /** Compile rule packs from directories of packs, pack directories or rule files.
   *  options: exclude (rule ids, packs or categories left out), regexMaxMem (bytes).
   *  Throws RuleError (with .diagnostics) or CopydeskIOError. */
  static compile(paths, options) {
    const compiler = newCompiler(pathSources(paths), options);
    const out = [null];
    return finishBuild(fn.copydesk_compiler_build(out, compiler), out, compiler);
  }

  /** Compile one pack written as a single TOML document ([pack], then [[rule]]s).
   *  options.origin names it in diagnostics. */
  static compileString(toml, options = {}) {
    const compiler = newCompiler(stringSource(toml, options && options.origin), options);
    const out = [null];
    return finishBuild(fn.copydesk_compiler_build(out, compiler), out, compiler);
  }

  /** compile() with the build on a koffi worker thread: resolves to a Ruleset. */
  static compileAsync(paths, options) {
    return buildAsync(() => newCompiler(pathSources(paths), options));
  }

  /** compileString() with the build on a koffi worker thread. */
  static compileStringAsync(toml, options = {}) {
    return buildAsync(() => newCompiler(stringSource(toml, options && options.origin), options));
  }

  /** Load a bundle written by save(), from a path or from bytes (Buffer/Uint8Array). Throws
   *  VersionError for a bundle of another library version or CPU, or a corrupted one
   *  (recompile from the TOML sources then), CopydeskIOError when unreadable. */
  static load(bundle) {
    const out = [null];
    if (bundle instanceof Uint8Array) {
      check(fn.copydesk_ruleset_load_memory(out, bundle, bundle.length));
    } else if (typeof bundle === 'string') {
      check(fn.copydesk_ruleset_load(out, bundle));
    } else {
      throw new TypeError('Ruleset.load() takes a path or a Uint8Array');
    }
    return Ruleset._adopt(out[0]);
  }

  /** Write a compiled bundle that Ruleset.load() reads back without recompiling. */
  save(path) {
    if (typeof path !== 'string') throw new TypeError('save() takes a path');
    check(fn.copydesk_ruleset_save(this._live(), path));
  }

  /** A new Scanner over these rules (it keeps them alive inside the library). */
  scanner() {
    const out = [null];
    check(fn.copydesk_scanner_new(out, this._live()));
    return new Scanner(adoptToken, out[0]);
  }

  /** Number of rules. */
  get size() {
    return Number(fn.copydesk_ruleset_rule_count(this._live()));
  }

  /** Every rule: { id, category, severity, title, message, description, references[], source, languages[],
   *  pack, packVersion, publish } (publish: the pack's block, acknowledge or advise; '' when it declares none). */
  rules() {
    const rs = this._live();
    const out = [];
    const n = Number(fn.copydesk_ruleset_rule_count(rs));
    for (let i = 0; i < n; i++) {
      const r = { version: C.RULE_INFO_VERSION };
      check(fn.copydesk_ruleset_rule_get(r, rs, i));
      out.push({ id: str(r.id), category: str(r.category), severity: severityName(r.severity), title: str(r.title),
        message: str(r.message), description: str(r.description), references: str(r.references).split('\n').filter(Boolean),
        source: str(r.source), languages: str(r.languages).split(',').filter(Boolean), pack: str(r.pack),
        packVersion: str(r.pack_version), publish: str(r.publish) });
    }
    return out;
  }

  /** Every [[example]] of every rule: { ruleId, language, text, expect[], source, line, segment }
   *  (expect: the strings it must flag, empty when it must pass clean; segment: the kind of
   *  segment the text is scanned as). */
  examples() {
    const rs = this._live();
    const out = [];
    const n = Number(fn.copydesk_ruleset_example_count(rs));
    for (let i = 0; i < n; i++) {
      const e = { version: C.EXAMPLE_VERSION };
      check(fn.copydesk_ruleset_example_get(e, rs, i));
      const expect = [];
      for (let j = 0; j < e.expect_count; j++) expect.push(str(fn.copydesk_ruleset_example_expect(rs, i, j)));
      out.push({ ruleId: str(e.rule_id), language: str(e.language), text: str(e.text), expect, source: str(e.source),
        line: e.line, segment: SEGMENT_NAMES.get(e.segment_kind) || String(e.segment_kind) });
    }
    return out;
  }
}

const adoptToken = Symbol('copydesk.adopt');

function buildAsync(makeCompiler) {
  return new Promise((resolve, reject) => {
    const compiler = makeCompiler();
    const out = [null];
    fn.copydesk_compiler_build.async(out, compiler, (err, status) => {
      if (err) {
        fn.copydesk_compiler_free(compiler);
        reject(err);
        return;
      }
      try {
        // copydesk_last_error() belongs to the worker thread: describe the status instead.
        resolve(finishBuild(status, out, compiler, status < 0 ? fn.copydesk_status_str(status) : undefined));
      } catch (e) {
        reject(e);
      }
    });
  });
}

// ------------------------------------------------------------------ scanning

const SCAN_KEYS = ['format', 'minSeverity', 'enable', 'disable', 'explain', 'strictUtf8', 'maxInputBytes', 'maxFindings'];

/** The UTF-8 bytes to scan and whether offsets index a JS string (UTF-16) or the bytes. */
function input(text) {
  if (typeof text === 'string') {
    // A lone surrogate becomes U+FFFD: one UTF-16 unit for one, so offsets still slice `text`.
    return { data: Buffer.from(text, 'utf8'), isString: true };
  }
  if (text instanceof Uint8Array) return { data: text, isString: false };
  const what = text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text;
  throw new TypeError(`scan() takes a string or a Uint8Array/Buffer of UTF-8, not ${what}`);
}

function scanOptions(options) {
  const o = checkKeys(options, SCAN_KEYS, 'scan');
  const opts = { version: C.SCAN_OPTIONS_VERSION };
  check(fn.copydesk_scan_options_init(opts, C.SCAN_OPTIONS_VERSION));
  if (o.format !== undefined) opts.input_format = choice(o.format, FORMATS, 'format');
  if (o.minSeverity !== undefined) opts.min_severity = choice(o.minSeverity, SEVERITY_CODES, 'severity');
  opts.flags = (o.strictUtf8 ? C.SCAN_STRICT_UTF8 : 0) | (o.explain ? C.SCAN_EXPLAIN : 0);
  opts.max_input_bytes = limit(o.maxInputBytes, 'maxInputBytes');
  opts.max_findings = limit(o.maxFindings, 'maxFindings');
  opts.enable = nameList(o.enable, 'enable');
  opts.disable = nameList(o.disable, 'disable');
  return { opts, explain: Boolean(o.explain) };
}

/** The segment records of scanSegments(): { kind, id, text, format } objects, in article order;
 *  the texts' UTF-8 is kept referenced by `keep`. isString[i]: offsets of segment i are UTF-16. */
function segmentRecords(segments) {
  if (!Array.isArray(segments)) throw new TypeError('scanSegments() takes an array of segments');
  const records = [];
  const isString = [];
  segments.forEach((s, i) => {
    const o = checkKeys(s, ['kind', 'id', 'text', 'format'], `segment ${i}`);
    if (o.text === undefined) throw new TypeError(`segment ${i} has no text`);
    if (o.id !== undefined && typeof o.id !== 'string') throw new TypeError(`segment ${i}: id must be a string`);
    const { data, isString: str16 } = input(o.text);
    isString.push(str16);
    records.push({
      version: C.SEGMENT_VERSION, kind: choice(o.kind === undefined ? 'body' : o.kind, SEGMENT_KINDS, 'segment kind'),
      format: choice(o.format === undefined ? 'auto' : o.format, FORMATS, 'format'), reserved: 0, id: o.id || '',
      text: data, len: data.length,
    });
  });
  return { records, isString };
}

/** Copy every finding out of the library's findings handle, then free it. `isString` is one
 *  flag, or one per segment: that text was a JS string, so its offsets are UTF-16. */
function collect(handle, isString, explain) {
  try {
    const list = [];
    const n = Number(fn.copydesk_findings_count(handle));
    for (let i = 0; i < n; i++) {
      const x = { version: C.FINDING_VERSION };
      check(fn.copydesk_findings_get(x, handle, i));
      const u16 = Array.isArray(isString) ? isString[x.segment_index] !== false : isString;
      const f = {
        ruleId: str(x.rule_id), category: str(x.category), severity: severityName(x.severity), message: str(x.message),
        start: u16 ? x.utf16_start : x.byte_start, end: u16 ? x.utf16_end : x.byte_end,
        byteStart: x.byte_start, byteEnd: x.byte_end, utf16Start: x.utf16_start, utf16End: x.utf16_end,
        cpStart: x.cp_start, cpEnd: x.cp_end, line: x.line, column: x.column, endLine: x.end_line,
        endColumn: x.end_column, term: str(x.term), folded: str(x.folded), contextHash: BigInt(x.context_hash),
        segmentIndex: x.segment_index, segmentId: str(x.segment_id),
        segmentKind: SEGMENT_NAMES.get(x.segment_kind) || String(x.segment_kind),
        visibleStart: u16 ? x.visible_utf16_start : x.visible_byte_start,
        visibleEnd: u16 ? x.visible_utf16_end : x.visible_byte_end,
        visibleByteStart: x.visible_byte_start, visibleByteEnd: x.visible_byte_end,
        visibleUtf16Start: x.visible_utf16_start, visibleUtf16End: x.visible_utf16_end,
        visibleCpStart: x.visible_cp_start, visibleCpEnd: x.visible_cp_end, visibleText: str(x.visible_text),
      };
      if (explain) f.explain = str(fn.copydesk_findings_explain(handle, i));
      list.push(f);
    }
    Object.defineProperties(list, {
      truncated: { value: fn.copydesk_findings_truncated(handle) === 1, enumerable: false },
      invalidUtf8: { value: Number(fn.copydesk_findings_invalid_utf8(handle)), enumerable: false },
    });
    return list;
  } finally {
    fn.copydesk_findings_free(handle);
  }
}

/** Scans text against a Ruleset. One scan at a time per scanner: a second scan while
 *  scanAsync() runs throws BusyError (make one scanner per concurrent scan). close() during
 *  scanAsync() is deferred: the scan finishes, then the handle is freed. */
class Scanner extends Handle {
  static kind = 'scanner';
  #busy = false;
  #closeWhenIdle = false;

  constructor(token, ptr) {
    if (token !== adoptToken) throw new TypeError('use ruleset.scanner()');
    super(ptr, fn.copydesk_scanner_free);
  }

  #begin() {
    if (this.#closeWhenIdle) throw closedError('scanner');
    const ptr = this._live();
    if (this.#busy) {
      throw new BusyError(C.E_BUSY, 'COPYDESK_E_BUSY',
        'the scanner is busy with a scanAsync() call; make one scanner per concurrent scan');
    }
    return ptr;
  }

  /** Scan `text` and return its findings, an Array ordered by position (with .truncated and
   *  .invalidUtf8). For a string, start/end are UTF-16 indices: text.slice(f.start, f.end) is
   *  the flagged text; for a Uint8Array/Buffer they are byte offsets. byteStart/End,
   *  utf16Start/End and cpStart/End name the same span in every unit.
   *  options: format ("auto", "text", "markdown", "html"), minSeverity ("info", "warning",
   *  "error"), enable/disable (rule ids, packs or categories: "a,b" or an array), explain,
   *  strictUtf8, maxInputBytes, maxFindings (0 or absent: the library's defaults). */
  scan(text, options) {
    const ptr = this.#begin();
    const { data, isString } = input(text);
    const { opts, explain } = scanOptions(options);
    const out = [null];
    check(fn.copydesk_scanner_scan(out, ptr, data, data.length, opts));
    return collect(out[0], isString, explain);
  }

  /** Scan an article given as segments, in article order, in one pass: an array of
   *  { kind, id, text, format } (kind: "body" (default), "headline", "standfirst", "subheading",
   *  "caption", "pullquote", "aside"; id: the host's own, e.g. a block's clientId; format: as
   *  scan()'s, default the options' format). Context flows between segments as docs/rules.md
   *  ("Article segments") says. Each finding carries segmentIndex, segmentId and segmentKind,
   *  and its offsets are relative to its segment's text; visibleStart/visibleEnd index the
   *  visible text (what a rich-text editor shows) in UTF-16 for a string. */
  scanSegments(segments, options) {
    const ptr = this.#begin();
    const { records, isString } = segmentRecords(segments);
    const { opts, explain } = scanOptions(options);
    const out = [null];
    check(fn.copydesk_scanner_scan_segments(out, ptr, records.length ? records : null, records.length, opts));
    return collect(out[0], isString, explain);
  }

  /** scan() on a koffi worker thread, so a long article does not block the event loop.
   *  Resolves to the same findings. The error of a failed scan carries the status and its
   *  description (the library's detailed message is kept per thread, on the worker). */
  scanAsync(text, options) {
    return new Promise((resolve, reject) => {
      const ptr = this.#begin();
      const { data: given, isString } = input(text);
      // The worker reads the bytes while the caller's code runs on: scan a private copy.
      const data = isString ? given : Buffer.from(given);
      const { opts, explain } = scanOptions(options);
      const out = [null];
      this.#busy = true;
      fn.copydesk_scanner_scan.async(out, ptr, data, data.length, opts, (err, status) => {
        data.fill(0, 0, 0); // keeps `data` referenced until the call is over
        this.#busy = false;
        if (this.#closeWhenIdle) this._release();
        if (err) reject(err);
        else if (status < 0) reject(errorFor(status, fn.copydesk_status_str(status)));
        else {
          try {
            resolve(collect(out[0], isString, explain));
          } catch (e) {
            reject(e);
          }
        }
      });
    });
  }

  /** True while a scanAsync() call runs on this scanner. */
  get busy() {
    return this.#busy;
  }

  get closed() {
    return super.closed || this.#closeWhenIdle;
  }

  /** Free the scanner; during a scanAsync() call, once that call is done. */
  close() {
    if (this.#busy) this.#closeWhenIdle = true;
    else this._release();
  }
}

/** @private For tests: how many handles the FinalizationRegistry has freed. */
function _finalizedCount() {
  return finalized;
}

module.exports = {
  _finalizedCount,
  Ruleset,
  Scanner,
  libraryVersion,
  libraryPath,
  constants: C,
  formatDiagnostic: errors.formatDiagnostic,
  CopydeskError: errors.CopydeskError,
  InternalError: errors.InternalError,
  OutOfMemoryError: errors.OutOfMemoryError,
  InvalidArgumentError: errors.InvalidArgumentError,
  RuleError: errors.RuleError,
  CopydeskIOError: errors.CopydeskIOError,
  LimitError: errors.LimitError,
  EncodingError: errors.EncodingError,
  VersionError: errors.VersionError,
  BusyError: errors.BusyError,
};
