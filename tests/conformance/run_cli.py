#!/usr/bin/env python3
"""Conformance runner for `copydesk scan --format json`: every vector of
tests/conformance/vectors/ through the tool, so the JSON finding schema (the one
`copydesk serve` answers with) cannot drift from the library. ctest: conformance_cli.

    python3 run_cli.py COPYDESK_BIN [VECTOR.json...]

A text request is written to a file and scanned with --input-format FORMAT; a segments
request is written as {"segments": [...], "format": ...} and scanned with --input-format
segments. Options become --enable, --disable and --min-severity. Every finding of the output
is also checked against docs/schema/finding.schema.json (python3-jsonschema).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def finding_validator():
    store = {}
    for path in glob.glob(os.path.join(ROOT, "docs", "schema", "*.json")):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        store[schema["$id"]] = schema
    schema = store["https://copydesk.invalid/docs/schema/finding.schema.json"]
    return jsonschema.Draft7Validator(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))


def run_vector(tool, vector, work, validator, fail):
    if len(vector["rules"]) != 1:
        fail("the tool takes one --rules path; this vector has several")
        return
    req = vector["request"]
    o = req.get("options", {})
    argv = [tool, "scan", "--no-config", "--format", "json", "--fail-on", "none",
            "--rules", os.path.join(ROOT, vector["rules"][0]), "--min-severity", o.get("min_severity", "info")]
    for name in ("enable", "disable"):
        if o.get(name):
            argv += ["--" + name, ",".join(o[name])]
    path = os.path.join(work, "article")
    if "segments" in req:
        doc = {"segments": req["segments"]}
        if "format" in req:
            doc["format"] = req["format"]
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        argv += ["--input-format", "segments", path]
    else:
        with open(path, "wb") as f:
            f.write(req["text"].encode("utf-8"))
        argv += ["--input-format", req.get("format", "auto"), path]
    proc = subprocess.run(argv, capture_output=True, timeout=120, cwd=work)
    if "error" in vector["expect"]:
        if proc.returncode != 2:
            fail(f"error: expected exit status 2 ({vector['expect']['error']}), got {proc.returncode}")
        return
    if proc.returncode != 0:
        fail(f"exit status {proc.returncode}: {proc.stderr.decode('utf-8', 'replace').strip()}")
        return
    doc = json.loads(proc.stdout)
    entry = doc["files"][0]
    if "error" in entry:
        fail(f"file error: {entry['error']}")
        return
    found, expected = entry["findings"], vector["expect"]["findings"]
    if len(found) != len(expected):
        fail(f"findings: expected {len(expected)}, got {len(found)} ({', '.join(f['rule'] for f in found)})")
    for i, f in enumerate(found):
        for problem in validator.iter_errors(f):
            fail(f"finding {i}: schema: {problem.message}")
        if "segments" in req and "segment" not in f:
            fail(f"finding {i}: no segment fields for a segments input")
    for i, (f, want) in enumerate(zip(found, expected)):
        for key, value in want.items():
            if f.get(key) != value:
                fail(f"finding {i}: {key}: expected {value!r}, got {f.get(key)!r}")


def main(argv):
    if not argv:
        sys.exit(__doc__)
    tool, files = os.path.abspath(argv[0]), [os.path.abspath(a) for a in argv[1:]]
    files = files or sorted(glob.glob(os.path.join(HERE, "vectors", "*.json")))
    validator = finding_validator()
    failures, passed = [], 0
    with tempfile.TemporaryDirectory(prefix="copydesk-conformance-") as work:
        for file in files:
            name = os.path.relpath(file, HERE)
            before = len(failures)
            with open(file, encoding="utf-8") as f:
                vector = json.load(f)
            run_vector(tool, vector, work, validator, lambda msg: failures.append(f"{name}: {msg}"))
            passed += len(failures) == before
    for f in failures:
        print(f)
    failed = len({f.split(":")[0] for f in failures})
    print(f"conformance_cli: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
