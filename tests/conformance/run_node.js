'use strict';
// Conformance runner for the Node adapter (host-adapters/node): every vector of
// tests/conformance/vectors/, as README.md in this folder says. ctest: conformance_node.
//
// usage: node run_node.js [VECTOR.json...]   (default: every vector, in file-name order)
// Environment as for tests/adapters/test_node_adapter.js (COPYDESK_LIBRARY, NODE_PATH).

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const copydesk = require(path.join(ROOT, 'host-adapters', 'node'));

/** JSON key of a vector's finding -> property of the adapter's finding. */
const FIELDS = {
  rule: 'ruleId', category: 'category', severity: 'severity', message: 'message', term: 'term', folded: 'folded',
  start: 'byteStart', end: 'byteEnd', start_utf16: 'utf16Start', end_utf16: 'utf16End',
  start_cp: 'cpStart', end_cp: 'cpEnd', line: 'line', column: 'column', end_line: 'endLine', end_column: 'endColumn',
  visible_start: 'visibleByteStart', visible_end: 'visibleByteEnd',
  visible_start_utf16: 'visibleUtf16Start', visible_end_utf16: 'visibleUtf16End',
  visible_start_cp: 'visibleCpStart', visible_end_cp: 'visibleCpEnd', visible_text: 'visibleText',
  segment: 'segmentIndex', segment_id: 'segmentId', segment_kind: 'segmentKind',
};

const show = (v) => JSON.stringify(v);

function main(argv) {
  const dir = path.join(__dirname, 'vectors');
  const files = argv.length ? argv.map((f) => path.resolve(f))
    : (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.log(`no vectors in ${dir}`);
    return 77; // ctest: skipped
  }
  const rulesets = new Map();
  const failures = [];
  const skipped = [];
  const unchecked = new Map(); // JSON key -> how many expected values this adapter cannot show
  let passed = 0;

  for (const file of files) {
    const name = path.relative(__dirname, file);
    const fail = (msg) => failures.push(`${name}: ${msg}`);
    const before = failures.length;
    const vector = JSON.parse(fs.readFileSync(file, 'utf8'));
    const req = vector.request;
    const key = JSON.stringify(vector.rules);
    if (!rulesets.has(key)) {
      try {
        rulesets.set(key, copydesk.Ruleset.compile(vector.rules.map((p) => path.join(ROOT, p))));
      } catch (e) {
        rulesets.set(key, e);
      }
    }
    if (rulesets.get(key) instanceof Error) {
      fail(`rules: ${rulesets.get(key).message}`);
      continue;
    }
    const scanner = rulesets.get(key).scanner();
    const o = req.options || {};
    const options = { format: req.format || 'auto', minSeverity: o.min_severity || 'info' };
    if (o.enable && o.enable.length) options.enable = o.enable;
    if (o.disable && o.disable.length) options.disable = o.disable;

    let found;
    try {
      found = req.segments !== undefined ? scanner.scanSegments(req.segments, options) : scanner.scan(req.text, options);
    } catch (e) {
      if (vector.expect.error === undefined) fail(`scan failed: ${e.message}`);
      else if (e.code !== vector.expect.error) fail(`error: expected ${vector.expect.error}, got ${e.code}`);
      scanner.close();
      if (failures.length === before) passed++;
      continue;
    }
    scanner.close();
    if (vector.expect.error !== undefined) {
      fail(`error: expected ${vector.expect.error}, got ${found.length} findings`);
      continue;
    }
    const expected = vector.expect.findings;
    if (found.length !== expected.length) {
      fail(`findings: expected ${expected.length}, got ${found.length} (${found.map((f) => f.ruleId).join(', ')})`);
    }
    for (let i = 0; i < Math.min(found.length, expected.length); i++) {
      const f = found[i];
      const given = req.segments !== undefined ? (req.segments[f.segmentIndex] || { text: '' }).text : req.text;
      const bytes = Buffer.from(given, 'utf8');
      const codePoints = [...given];
      for (const [k, want] of Object.entries(expected[i])) {
        if (k === 'text') continue; // checked below, in the host's own string type
        const prop = FIELDS[k];
        if (prop === undefined) {
          fail(`finding ${i}: ${k}: a key this runner does not know`);
        } else if (!(prop in f)) {
          unchecked.set(k, (unchecked.get(k) || 0) + 1);
        } else if (f[prop] !== want) {
          fail(`finding ${i}: ${k}: expected ${show(want)}, got ${show(f[prop])}`);
        }
      }
      // The input sliced by the host's native offsets, from the text, not from the vector.
      const want = expected[i].text;
      const sliced = { 'slice(start_utf16, end_utf16)': given.slice(f.start, f.end),
        'bytes [start, end)': bytes.subarray(f.byteStart, f.byteEnd).toString('utf8'),
        'code points [start_cp, end_cp)': codePoints.slice(f.cpStart, f.cpEnd).join('') };
      for (const [how, got] of Object.entries(sliced)) {
        if (got !== want) fail(`finding ${i}: text: ${how}: expected ${show(want)}, got ${show(got)}`);
      }
    }
    if (vector.expect.truncated !== undefined && found.truncated !== vector.expect.truncated) {
      fail(`truncated: expected ${vector.expect.truncated}, got ${found.truncated}`);
    }
    if (vector.expect.invalid_utf8 !== undefined && found.invalidUtf8 !== vector.expect.invalid_utf8) {
      fail(`invalid_utf8: expected ${vector.expect.invalid_utf8}, got ${found.invalidUtf8}`);
    }
    if (failures.length === before) passed++;
  }
  for (const r of rulesets.values()) if (!(r instanceof Error)) r.close();

  for (const f of failures) console.log(f);
  for (const s of skipped) console.log(`skipped: ${s}`);
  if (unchecked.size) {
    console.log('not checked, the adapter\'s findings have no such field on this ABI: ' +
      [...unchecked].map(([k, n]) => `${k} (${n} findings)`).join(', '));
  }
  const failedVectors = new Set(failures.map((f) => f.split(':')[0])).size;
  console.log(`conformance_node: ${passed} passed, ${failedVectors} failed, ${skipped.length} skipped`);
  return failedVectors ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
