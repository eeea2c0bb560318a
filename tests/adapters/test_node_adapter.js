'use strict';
// The Node adapter (host-adapters/node) end to end, with node:test.
//
// Run by ctest with COPYDESK_LIBRARY pointing at the built libcopydesk.so, NODE_PATH at the
// node_modules that `npm ci` installed from host-adapters/node/package-lock.json, and
// COPYDESK_FFI_HEADER at the generated macro-free header. Needs --expose-gc.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, describe, before } = require('node:test');
const { Worker } = require('node:worker_threads');

const SOURCE_DIR = path.resolve(__dirname, '..', '..');
const ADAPTER = path.join(SOURCE_DIR, 'host-adapters', 'node');
const copydesk = require(ADAPTER);
const native = require(path.join(ADAPTER, 'lib', 'native'));
const errors = require(path.join(ADAPTER, 'lib', 'errors'));

const RULES_DIR = path.join(SOURCE_DIR, 'rules');
const ARTICLE = path.join(SOURCE_DIR, 'examples', 'articles', 'isis-financing-ar.txt');
const EMOJI_ARTICLE = path.join(SOURCE_DIR, 'tests', 'data', 'articles', 'arabic-emoji-ar.txt');
const HEADER = path.join(SOURCE_DIR, 'plugin', 'include', 'copydesk.h');
// The pack the C ABI and Python adapter tests compile too.
const TEST_PACK = fs.readFileSync(path.join(SOURCE_DIR, 'tests', 'data', 'packs', 'test-pack.toml'), 'utf8');

const ARABIC_VARIANTS = 'قال المتحدث إن وداعش تبنّى الهجوم. ' +
  'وذكر أن دَاعِش خسر مواقعه. ' +
  'ثم عاد داعـــش إلى المنطقة. ' +
  'وأضاف أن دا\u200Cعش ما زال نشطا.';

const summary = (found) => found.map((f) => [f.ruleId, f.byteStart, f.byteEnd, f.severity, f.message]);
const utf8 = (s) => Buffer.from(s, 'utf8');
const codePoints = (s) => [...s];

/** Every span of `found` names the same text in UTF-16, code points and bytes. */
function assertSlicesExactly(text, found) {
  const bytes = utf8(text);
  const cps = codePoints(text);
  for (const f of found) {
    const written = text.slice(f.start, f.end);
    assert.equal(f.start, f.utf16Start);
    assert.equal(written, cps.slice(f.cpStart, f.cpEnd).join(''), f.ruleId);
    assert.equal(written, bytes.subarray(f.byteStart, f.byteEnd).toString('utf8'), f.ruleId);
    assert.ok(written.length > 0, f.ruleId);
  }
}

describe('scan', () => {
  let rules;
  let scanner;
  before(() => {
    rules = copydesk.Ruleset.compileString(TEST_PACK, { origin: 'test-pack.toml' });
    scanner = rules.scanner();
  });

  test('Arabic variants slice out the written form', () => {
    const found = scanner.scan(ARABIC_VARIANTS);
    assert.deepEqual(found.map((f) => ARABIC_VARIANTS.slice(f.start, f.end)),
      ['وداعش', 'دَاعِش', 'داعـــش', 'دا\u200Cعش']);
    assert.deepEqual(new Set(found.map((f) => f.ruleId)), new Set(['test.isis']));
    assert.deepEqual(new Set(found.map((f) => f.category)), new Set(['extremism']));
    assert.deepEqual(new Set(found.map((f) => f.severity)), new Set(['error']));
    assert.deepEqual(found.slice(1).map((f) => f.folded), ['داعش', 'داعش', 'داعش']);
    assertSlicesExactly(ARABIC_VARIANTS, found);
  });

  test('offsets after emoji are UTF-16 indices, code points and bytes', () => {
    const text = '🙂🙂 تقرير 𝕏 عن داعش 👍🏽 و ISIS militants';
    const found = scanner.scan(text);
    assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ['داعش', 'ISIS']);
    for (const f of found) {
      assert.equal(f.byteStart, utf8(text.slice(0, f.start)).length);
      assert.equal(f.byteEnd, utf8(text.slice(0, f.end)).length);
      assert.equal(f.cpStart, codePoints(text.slice(0, f.start)).length);
      assert.equal(f.cpEnd, codePoints(text.slice(0, f.end)).length);
      assert.deepEqual([f.line, f.column], [1, f.cpStart + 1]);
      assert.equal(typeof f.contextHash, 'bigint');
    }
    // Astral characters: UTF-16 counts two units each, code points one.
    assert.ok(found[0].utf16Start > found[0].cpStart);

    // bytes in, byte offsets out.
    const data = utf8(text);
    const byBytes = scanner.scan(data);
    assert.deepEqual(byBytes.map((f) => data.subarray(f.start, f.end).toString()), ['داعش', 'ISIS']);
    assert.deepEqual(byBytes.map((f) => f.start), found.map((f) => f.byteStart));
    const plain = new Uint8Array(data); // not a Buffer: any Uint8Array will do
    assert.deepEqual(scanner.scan(plain).map((f) => f.start), found.map((f) => f.byteStart));
  });

  test('a lone surrogate is scanned as U+FFFD and offsets still slice the string', () => {
    const text = 'x\uD800 y \uDC00 داعش \uD83D';
    const found = scanner.scan(text);
    assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ['داعش']);
    assert.equal(found.invalidUtf8, 0); // the adapter sends valid UTF-8
  });

  test('options are passed through', () => {
    const text = 'داعش والقاعدة';
    const ids = (opts) => scanner.scan(text, opts).map((f) => f.ruleId);
    assert.deepEqual(ids(), ['test.isis', 'test.qaeda']);
    assert.deepEqual(ids({ disable: 'test.isis' }), ['test.qaeda']);
    assert.deepEqual(ids({ enable: ['test.qaeda'] }), ['test.qaeda']);
    assert.deepEqual(ids({ minSeverity: 'error' }), ['test.isis']);
    const explained = scanner.scan(text, { explain: true });
    assert.ok(explained.every((f) => f.explain && explained[0].explain.includes('داعش')));
    assert.ok(scanner.scan(text).every((f) => f.explain === undefined));
    const html = '<p>أعلن <b>دا</b>عش</p>';
    assert.deepEqual(scanner.scan(html, { format: 'html' }).map((f) => html.slice(f.start, f.end)), ['دا</b>عش']);
    assert.throws(() => scanner.scan(text, { format: 'pdf' }), RangeError);
    assert.throws(() => scanner.scan(text, { minSeverity: 'fatal' }), RangeError);
    assert.throws(() => scanner.scan(text, { min_severity: 'error' }), /unknown scan option "min_severity"/);
    assert.throws(() => scanner.scan(text, { maxFindings: -1 }), RangeError);
    assert.throws(() => scanner.scan(text, { enable: [1, 2] }), TypeError);
    const capped = scanner.scan(text, { maxFindings: 1 });
    assert.deepEqual([capped.length, capped.truncated], [1, true]);
    assert.equal(scanner.scan(text).truncated, false);
    assert.ok(Array.isArray(capped));
  });

  test('an unknown enable name throws InvalidArgumentError', () => {
    assert.throws(() => scanner.scan('داعش', { enable: 'no-such-rule' }), (e) => {
      assert.ok(e instanceof copydesk.InvalidArgumentError);
      assert.ok(e instanceof copydesk.CopydeskError);
      assert.equal(e.status, -3);
      assert.equal(e.code, 'COPYDESK_E_INVALID');
      assert.match(e.detail, /no-such-rule/);
      assert.match(e.message, /no-such-rule.*\(COPYDESK_E_INVALID\)/);
      return true;
    });
  });

  test('non-text input is a TypeError, never coerced', () => {
    for (const bad of [5, [73, 83, 73, 83], null, undefined, {}, 5n, true]) {
      assert.throws(() => scanner.scan(bad), TypeError, String(bad));
    }
    assert.throws(() => scanner.scan('x', 'html'), TypeError); // options must be an object
    assert.deepEqual(scanner.scan(''), []);
    assert.deepEqual(scanner.scan(Buffer.alloc(0)), []);
  });

  test('invalid UTF-8', () => {
    const data = Buffer.from('bad \xff\xfe bytes then ', 'latin1');
    const withTerm = Buffer.concat([data, utf8('داعش')]);
    const found = scanner.scan(withTerm);
    assert.deepEqual(found.map((f) => withTerm.subarray(f.start, f.end).toString()), ['داعش']);
    assert.equal(found.invalidUtf8, 2);
    assert.throws(() => scanner.scan(withTerm, { strictUtf8: true }), (e) => {
      assert.ok(e instanceof copydesk.EncodingError);
      assert.equal(e.code, 'COPYDESK_E_ENCODING');
      assert.match(e.detail, /byte 4/);
      return true;
    });
  });

  test('an input over the limit throws LimitError', () => {
    assert.throws(() => scanner.scan('داعش '.repeat(10), { maxInputBytes: 16 }), copydesk.LimitError);
  });

  test('ruleset metadata', () => {
    assert.equal(rules.size, 3);
    const info = Object.fromEntries(rules.rules().map((r) => [r.id, r]));
    assert.deepEqual(Object.keys(info).sort(), ['test.is-abbrev', 'test.isis', 'test.qaeda']);
    assert.equal(info['test.qaeda'].severity, 'warning');
    assert.equal(info['test.isis'].category, 'extremism');
    assert.deepEqual([info['test.isis'].pack, info['test.isis'].packVersion], ['test', '']);
    const examples = rules.examples();
    assert.equal(examples.length, 6);
    const first = examples.find((e) => e.text === 'أعلن تنظيم داعش مسؤوليته');
    assert.deepEqual([first.ruleId, first.language, first.expect], ['test.isis', 'ar', ['داعش']]);
  });
});

describe('compile errors', () => {
  test('a bad pack throws RuleError with positions', () => {
    const bad = TEST_PACK.replace('title = "ISIS named"', 'title = "ISIS named"\ncolour = "red"');
    const line = bad.split('\n').indexOf('colour = "red"') + 1;
    assert.throws(() => copydesk.Ruleset.compileString(bad, { origin: 'editor.toml' }), (e) => {
      assert.ok(e instanceof copydesk.RuleError);
      assert.deepEqual([e.status, e.code], [-4, 'COPYDESK_E_RULES']);
      const hits = e.diagnostics.filter((d) => d.message.includes('colour'));
      assert.equal(hits.length, 1);
      const d = hits[0];
      assert.deepEqual([d.file, d.line, d.column, d.severity], ['editor.toml', line, 1, 'error']);
      assert.match(e.message, new RegExp(`editor\\.toml:${line}:1: unknown key 'colour'`));
      return true;
    });
  });

  test('every problem is listed', () => {
    const bad = TEST_PACK.replace('severity = "warning"', 'severity = "fatal"')
      .replace('title = "ISIS named"', 'title = "ISIS named"\ncolour = "red"');
    assert.throws(() => copydesk.Ruleset.compileString(bad, { origin: 'editor.toml' }), (e) => {
      assert.ok(e.diagnostics.filter((d) => d.severity === 'error').length >= 2);
      return true;
    });
  });

  test('a missing path throws CopydeskIOError', () => {
    assert.throws(() => copydesk.Ruleset.compile(path.join(SOURCE_DIR, 'no-such-rules-dir')), (e) => {
      assert.ok(e instanceof copydesk.CopydeskIOError);
      assert.match(e.message, /no-such-rules-dir/);
      return true;
    });
  });

  test('bad arguments are TypeErrors', () => {
    assert.throws(() => copydesk.Ruleset.compile([]), TypeError);
    assert.throws(() => copydesk.Ruleset.compile(42), TypeError);
    assert.throws(() => copydesk.Ruleset.compileString(42), TypeError);
    assert.throws(() => copydesk.Ruleset.compile(RULES_DIR, { exlude: 'x' }), /unknown compile option/);
    assert.throws(() => new copydesk.Ruleset(), TypeError);
    assert.throws(() => new copydesk.Scanner(), TypeError);
  });

  test('compileStringAsync reports the same diagnostics', async () => {
    const bad = TEST_PACK.replace('title = "ISIS named"', 'title = "ISIS named"\ncolour = "red"');
    await assert.rejects(copydesk.Ruleset.compileStringAsync(bad, { origin: 'editor.toml' }), (e) => {
      assert.ok(e instanceof copydesk.RuleError);
      assert.ok(e.diagnostics.some((d) => d.file === 'editor.toml' && d.message.includes('colour')));
      return true;
    });
  });
});

describe('shipped packs', () => {
  let rules;
  before(async () => {
    rules = await copydesk.Ruleset.compileAsync(RULES_DIR);
  });

  test('the ISIS financing article', () => {
    const text = fs.readFileSync(ARTICLE, 'utf8');
    const found = rules.scanner().scan(text);
    const spans = new Set(found.map((f) => `${f.ruleId}|${text.slice(f.start, f.end)}`));
    assert.ok(spans.has('extremism.isis|داعش'));
    assert.ok(spans.has('extremism.isis|الدواعش'));
    assert.ok(spans.has('attribution.vague-source|وبحسب مصادر مطلعة'));
    assert.ok(found.some((f) => f.ruleId.startsWith('figures.')));
    const first = found[0];
    assert.deepEqual([first.ruleId, first.line], ['extremism.isis', 1]);
    assert.equal(first.column, codePoints(text.split('\n')[0].slice(0, text.split('\n')[0].indexOf('داعش'))).length + 1);
    assertSlicesExactly(text, found);
  });

  test('an Arabic + emoji article: every flagged span slices exactly', () => {
    const text = fs.readFileSync(EMOJI_ARTICLE, 'utf8');
    const found = rules.scanner().scan(text);
    assert.ok(found.length >= 8, found.length);
    assert.deepEqual(new Set(found.map((f) => f.category)), new Set(['extremism', 'attribution', 'figures']));
    assert.ok(found.some((f) => f.utf16Start > f.cpStart), 'spans after astral characters');
    assertSlicesExactly(text, found);
    const written = found.map((f) => text.slice(f.start, f.end));
    for (const w of ['داعـــش', 'دَاعِش', 'الدواعش', 'دا\u200Cعش', 'قالت مصادر مطلعة']) assert.ok(written.includes(w), w);
  });
});

describe('bundles', () => {
  test('save/load round trip and corruption', () => {
    const rules = copydesk.Ruleset.compileString(TEST_PACK, { origin: 'test-pack.toml' });
    const expected = summary(rules.scanner().scan(ARABIC_VARIANTS));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-node-'));
    try {
      const file = path.join(tmp, 'rules.cdb');
      rules.save(file);
      assert.deepEqual(summary(copydesk.Ruleset.load(file).scanner().scan(ARABIC_VARIANTS)), expected);
      const data = fs.readFileSync(file);
      assert.deepEqual(summary(copydesk.Ruleset.load(data).scanner().scan(ARABIC_VARIANTS)), expected);
      assert.deepEqual(summary(copydesk.Ruleset.load(new Uint8Array(data)).scanner().scan(ARABIC_VARIANTS)), expected);

      const corrupted = Buffer.from(data);
      corrupted[corrupted.length >> 1] ^= 0xff;
      const broken = path.join(tmp, 'broken.cdb');
      fs.writeFileSync(broken, corrupted);
      assert.throws(() => copydesk.Ruleset.load(broken), copydesk.VersionError);
      assert.throws(() => copydesk.Ruleset.load(data.subarray(0, data.length / 3)), copydesk.VersionError);
      assert.throws(() => copydesk.Ruleset.load(path.join(tmp, 'missing.cdb')), copydesk.CopydeskIOError);
      assert.throws(() => copydesk.Ruleset.load(42), TypeError);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('lifetime and concurrency', () => {
  test('the ruleset closed before its scanner', () => {
    const rules = copydesk.Ruleset.compileString(TEST_PACK);
    const scanner = rules.scanner();
    rules.close();
    rules.close(); // idempotent
    assert.ok(rules.closed);
    assert.throws(() => rules.scanner(), copydesk.InvalidArgumentError);
    assert.deepEqual(scanner.scan('أعلن داعش').map((f) => f.ruleId), ['test.isis']);
    scanner.close();
    assert.throws(() => scanner.scan('داعش'), (e) => e instanceof copydesk.InvalidArgumentError && /closed/.test(e.message));
  });

  test('handles nobody closed are freed by the FinalizationRegistry', async () => {
    assert.equal(typeof global.gc, 'function', 'run with --expose-gc');
    const before = copydesk._finalizedCount();
    (() => {
      const rules = copydesk.Ruleset.compileString(TEST_PACK);
      for (let i = 0; i < 10; i++) rules.scanner().scan('داعش');
    })();
    for (let i = 0; i < 50 && copydesk._finalizedCount() - before < 11; i++) {
      global.gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(copydesk._finalizedCount() - before >= 11); // these 11, maybe earlier tests' too
  });

  test('scanAsync gives the scan() findings', async () => {
    const rules = copydesk.Ruleset.compileString(TEST_PACK);
    const scanner = rules.scanner();
    const text = '🙂 ' + ARABIC_VARIANTS;
    const found = await scanner.scanAsync(text, { minSeverity: 'info' });
    assert.deepEqual(found, scanner.scan(text, { minSeverity: 'info' }));
    assertSlicesExactly(text, found);
    await assert.rejects(scanner.scanAsync('داعش', { enable: 'nope' }), (e) =>
      e instanceof copydesk.InvalidArgumentError && e.code === 'COPYDESK_E_INVALID');
    await assert.rejects(scanner.scanAsync(5), TypeError);
    scanner.close();
  });

  test('a second scan while scanAsync runs is refused; close() waits for the scan', async () => {
    const rules = copydesk.Ruleset.compileString(TEST_PACK);
    const scanner = rules.scanner();
    const big = 'أعلن داعش مسؤوليته. '.repeat(5000);
    const pending = scanner.scanAsync(big);
    assert.ok(scanner.busy);
    assert.throws(() => scanner.scan('داعش'), (e) => e instanceof copydesk.BusyError && e.code === 'COPYDESK_E_BUSY');
    await assert.rejects(scanner.scanAsync('داعش'), copydesk.BusyError);
    scanner.close(); // deferred: the scan in flight keeps the handle
    rules.close();
    assert.ok(scanner.closed);
    assert.throws(() => scanner.scan('داعش'), copydesk.InvalidArgumentError);
    const found = await pending;
    assert.equal(found.length, 5000);
    assert.ok(!scanner.busy);
    assert.throws(() => scanner.scan('داعش'), copydesk.InvalidArgumentError);
    scanner.close(); // and again: nothing left to free
  });

  test('a Uint8Array changed during scanAsync does not change the scan', async () => {
    const rules = copydesk.Ruleset.compileString(TEST_PACK);
    const scanner = rules.scanner();
    const data = utf8('أعلن داعش مسؤوليته. '.repeat(5000));
    const pending = scanner.scanAsync(data);
    data.fill(0x20);
    assert.equal((await pending).length, 5000);
    scanner.close();
  });

  test('scanners per concurrent scan on worker threads give identical results', async () => {
    const rules = await copydesk.Ruleset.compileAsync(RULES_DIR);
    const texts = [fs.readFileSync(ARTICLE, 'utf8'), fs.readFileSync(EMOJI_ARTICLE, 'utf8'), ARABIC_VARIANTS,
      '🙂 ISIS militants and al-Qaeda, sources said 40 people died.'];
    const expected = texts.map((t) => summary(rules.scanner().scan(t)));
    const scanners = [0, 1, 2, 3].map(() => rules.scanner());
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(scanners.map((s, i) => s.scanAsync(texts[(i + round) % texts.length])));
      results.forEach((r, i) => assert.deepEqual(summary(r), expected[(i + round) % texts.length]));
    }
    scanners.forEach((s) => s.close());
    rules.close();
  });

  test('worker threads each load the adapter and scan in parallel', async () => {
    const text = fs.readFileSync(EMOJI_ARTICLE, 'utf8');
    const rules = copydesk.Ruleset.compile(RULES_DIR);
    const expected = summary(rules.scanner().scan(text));
    const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-node-')), 'rules.cdb');
    rules.save(bundle);
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const copydesk = require(workerData.adapter);
      const scanner = copydesk.Ruleset.load(workerData.bundle).scanner();
      const runs = [];
      for (let i = 0; i < 20; i++) {
        runs.push(scanner.scan(workerData.text).map((f) => [f.ruleId, f.byteStart, f.byteEnd, f.severity, f.message]));
      }
      parentPort.postMessage(runs);`;
    const runs = await Promise.all([0, 1, 2, 3].map(() => new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { adapter: ADAPTER, bundle, text } });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
    for (const worker of runs) for (const run of worker) assert.deepEqual(run, expected);
  });
});

describe('error mapping', () => {
  test('each status has its class', () => {
    const classes = { '-1': copydesk.InternalError, '-2': copydesk.OutOfMemoryError, '-3': copydesk.InvalidArgumentError,
      '-4': copydesk.RuleError, '-5': copydesk.CopydeskIOError, '-6': copydesk.LimitError, '-7': copydesk.EncodingError,
      '-8': copydesk.VersionError, '-9': copydesk.BusyError };
    for (const [code, Class] of Object.entries(classes)) {
      assert.throws(() => errors.check(Number(code)), (e) => {
        assert.ok(e instanceof Class && e instanceof copydesk.CopydeskError && e instanceof Error);
        assert.equal(e.status, Number(code));
        assert.equal(e.code, native.fn.copydesk_status_name(Number(code)));
        assert.equal(e.name, Class.name);
        return true;
      });
    }
    assert.equal(errors.check(0), 0);
  });

  test('an unknown code gives the base class', () => {
    assert.throws(() => errors.check(-42), (e) => {
      assert.equal(e.constructor, copydesk.CopydeskError);
      assert.equal(e.code, 'COPYDESK_E_UNKNOWN');
      return true;
    });
  });

  test('an ABI mismatch is refused', () => {
    native.verifyAbi(native.ABI_VERSION, 'libcopydesk.so');
    assert.throws(() => native.verifyAbi(native.ABI_VERSION + 1, '/x/libcopydesk.so'), /ABI version/);
    assert.equal(native.fn.copydesk_abi_version(), native.ABI_VERSION);
    assert.match(copydesk.libraryVersion(), /^\d+\.\d+\.\d+$/);
    assert.equal(copydesk.libraryPath, process.env.COPYDESK_LIBRARY);
  });
});

// ---------------------------------------------------------------- the declarations match the header

const normalize = (decl) => decl.replace(/\b_(Out|Inout)_\s+/g, '').replace(/\s*\*\s*/g, ' *').replace(/\s+/g, ' ')
  .replace(/\(\s*/g, '(').replace(/\s*\)/g, ')').trim();

describe('header parity', () => {
  let ffi;
  before(() => {
    ffi = fs.readFileSync(process.env.COPYDESK_FFI_HEADER, 'utf8');
  });

  test('every function is declared with the header prototype', () => {
    const body = ffi.replace(/typedef struct \w+ \{[\s\S]*?\} \w+;/g, '');
    const prototypes = [...body.matchAll(/([\w\s*]+?\bcopydesk_\w+\s*\([^)]*\))\s*;/g)].map((m) => normalize(m[1]));
    assert.ok(prototypes.length > 30);
    assert.deepEqual(native.FUNCTIONS.map(normalize), prototypes);
    for (const p of native.FUNCTIONS) assert.equal(typeof native.fn[native.nameOf(p)], 'function', p);
  });

  test('records mirror the header', () => {
    const structs = [...ffi.matchAll(/typedef struct (\w+) \{([\s\S]*?)\} \w+;/g)];
    assert.deepEqual(structs.map((m) => m[1]), Object.keys(native.RECORDS));
    for (const [, name, body] of structs) {
      const fields = body.split(';').map((f) => f.trim()).filter(Boolean).map((f) => {
        const m = /^(.*?)\s*\b(\w+)$/.exec(f.replace(/\s*\*\s*/g, ' *'));
        return [m[2], m[1].replace(/\s+\*$/, ' *')];
      });
      assert.deepEqual(native.RECORDS[name], fields, name);
      const version = name.replace(/^copydesk_/, '').toUpperCase() + '_VERSION';
      assert.ok(native.constants[version] >= 1, version);
    }
    const handles = [...ffi.matchAll(/typedef struct (\w+) \1;/g)].map((m) => m[1]);
    assert.deepEqual(handles, native.HANDLES);
  });

  test('constants match the header', () => {
    const header = fs.readFileSync(HEADER, 'utf8');
    const defines = [...header.matchAll(/#define COPYDESK_(\w+) (-?\d+)u?\b/g)].filter((m) => !m[1].startsWith('VERSION_'));
    assert.ok(defines.length > 20);
    for (const [, name, value] of defines) {
      if (name === 'ABI_VERSION') assert.equal(native.ABI_VERSION, Number(value));
      else assert.equal(native.constants[name], Number(value), name);
    }
    const declared = Object.keys(native.constants).sort();
    assert.deepEqual(declared, defines.map((m) => m[1]).filter((n) => n !== 'ABI_VERSION').sort());
  });
});
