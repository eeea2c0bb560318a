// Scan an article with the Node adapter and show each flagged span.
//
//   cd host-adapters/node && npm ci && cd -          # koffi, from the lock file
//   COPYDESK_LIBRARY=$PWD/build/plugin/libcopydesk.so \
//     NODE_PATH=host-adapters/node/node_modules node examples/node/scan.js ARTICLE [RULES]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Ruleset, RuleError } = require(path.join(__dirname, '..', '..', 'host-adapters', 'node'));

async function main([article, rulesDir = path.join(__dirname, '..', '..', 'rules')]) {
  let rules;
  try {
    rules = await Ruleset.compileAsync(rulesDir); // off the event loop
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    for (const d of e.diagnostics) console.error(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
    return 2;
  }
  const text = fs.readFileSync(article, 'utf8');
  const scanner = rules.scanner();
  try {
    const findings = await scanner.scanAsync(text, { minSeverity: 'info' });
    for (const f of findings) {
      // UTF-16 indices: they slice the JavaScript string itself, emoji and all.
      console.log(`${f.line}:${f.column} ${f.severity} ${f.ruleId} «${text.slice(f.start, f.end)}» ${f.message}`);
    }
    console.log(`${findings.length} findings`);
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    scanner.close();
    rules.close();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
