#!/usr/bin/env python3
"""Conformance runner for the Python adapter (host-adapters/python): every vector of
tests/conformance/vectors/, as README.md in this folder says. ctest: conformance_python.

    python3 run_python.py [VECTOR.json...]   (default: every vector, in file-name order)

Environment as for tests/adapters/test_python_adapter.py (COPYDESK_LIBRARY, PYTHONPATH).
Each vector is first checked against vector.schema.json when python3-jsonschema is there.
"""
import glob
import json
import os
import sys

import copydesk

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# JSON key of a vector's finding -> attribute of copydesk.Finding.
FIELDS = {
    "rule": "rule_id", "category": "category", "severity": "severity", "message": "message", "term": "term",
    "folded": "folded", "start": "byte_start", "end": "byte_end", "start_utf16": "utf16_start",
    "end_utf16": "utf16_end", "start_cp": "cp_start", "end_cp": "cp_end", "line": "line", "column": "column",
    "end_line": "end_line", "end_column": "end_column", "visible_start": "visible_byte_start",
    "visible_end": "visible_byte_end", "visible_start_utf16": "visible_utf16_start",
    "visible_end_utf16": "visible_utf16_end", "visible_start_cp": "visible_cp_start",
    "visible_end_cp": "visible_cp_end", "visible_text": "visible_text", "segment": "segment_index",
    "segment_id": "segment_id", "segment_kind": "segment_kind",
}


def schema_validator():
    try:
        import jsonschema
    except ImportError:
        return None
    # Every schema is read from the tree, by its $id: nothing is fetched.
    store = {}
    for path in (os.path.join(HERE, "vector.schema.json"), *glob.glob(os.path.join(ROOT, "docs", "schema", "*.json"))):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        store[schema["$id"]] = schema
    vector_schema = store["https://copydesk.invalid/tests/conformance/vector.schema.json"]
    resolver = jsonschema.RefResolver.from_schema(vector_schema, store=store)
    return jsonschema.Draft7Validator(vector_schema, resolver=resolver)


def utf16_len(s):
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def run_vector(vector, rulesets, fail):
    key = json.dumps(vector["rules"])
    if key not in rulesets:
        try:
            rulesets[key] = copydesk.Ruleset.compile(*[os.path.join(ROOT, p) for p in vector["rules"]])
        except copydesk.CopydeskError as e:
            rulesets[key] = e
    rules = rulesets[key]
    if isinstance(rules, Exception):
        fail(f"rules: {rules}")
        return
    req = vector["request"]
    o = req.get("options", {})
    options = dict(format=req.get("format", "auto"), min_severity=o.get("min_severity", "info"),
                   enable=o.get("enable") or None, disable=o.get("disable") or None)
    segments = req.get("segments")
    with rules.scanner() as scanner:
        try:
            found = scanner.scan_segments(segments, **options) if segments is not None \
                else scanner.scan(req["text"], **options)
        except copydesk.CopydeskError as e:
            if "error" not in vector["expect"]:
                fail(f"scan failed: {e}")
            elif e.name != vector["expect"]["error"]:
                fail(f"error: expected {vector['expect']['error']}, got {e.name}")
            return
    if "error" in vector["expect"]:
        fail(f"error: expected {vector['expect']['error']}, got {len(found)} findings")
        return
    expected = vector["expect"]["findings"]
    if len(found) != len(expected):
        fail(f"findings: expected {len(expected)}, got {len(found)} ({', '.join(f.rule_id for f in found)})")
    for i, (f, want) in enumerate(zip(found, expected)):
        for k, value in want.items():
            if k == "text":
                continue  # checked below, in Python's own string type
            got = getattr(f, FIELDS[k])
            if got != value:
                fail(f"finding {i}: {k}: expected {value!r}, got {got!r}")
        # The input sliced by Python's own offsets, from the text, not from the vector.
        text = segments[f.segment_index]["text"] if segments is not None else req["text"]
        data = text.encode("utf-8")
        sliced = {"text[start:end] (code points)": text[f.start:f.end],
                  "bytes [start, end)": data[f.byte_start:f.byte_end].decode("utf-8", "replace")}
        for how, got in sliced.items():
            if got != want["text"]:
                fail(f"finding {i}: text: {how}: expected {want['text']!r}, got {got!r}")
        if utf16_len(text[:f.cp_start]) != f.utf16_start:
            fail(f"finding {i}: start_utf16: {f.utf16_start} does not count the UTF-16 units before start")
    for key, attr in (("truncated", "truncated"), ("invalid_utf8", "invalid_utf8")):
        if key in vector["expect"] and getattr(found, attr) != vector["expect"][key]:
            fail(f"{key}: expected {vector['expect'][key]!r}, got {getattr(found, attr)!r}")


def main(argv):
    files = [os.path.abspath(a) for a in argv] or sorted(glob.glob(os.path.join(HERE, "vectors", "*.json")))
    if not files:
        print("no vectors")
        return 77
    validator = schema_validator()
    rulesets, failures, passed = {}, [], 0
    for file in files:
        name = os.path.relpath(file, HERE)
        before = len(failures)
        fail = lambda msg: failures.append(f"{name}: {msg}")  # noqa: E731
        with open(file, encoding="utf-8") as f:
            vector = json.load(f)
        if validator:
            for problem in validator.iter_errors(vector):
                fail(f"schema: {'/'.join(map(str, problem.absolute_path))}: {problem.message}")
        if len(failures) == before:
            run_vector(vector, rulesets, fail)
        passed += len(failures) == before
    for r in rulesets.values():
        if not isinstance(r, Exception):
            r.close()
    for f in failures:
        print(f)
    failed = len({f.split(":")[0] for f in failures})
    print(f"conformance_python: {passed} passed, {failed} failed{'' if validator else ' (schema not checked: no jsonschema)'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
