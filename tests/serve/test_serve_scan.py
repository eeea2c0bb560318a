"""POST /v1/scan answers exactly what `copydesk scan --format json` reports, for text,
Markdown and HTML, and segments with the offsets of each segment; every offset slices."""
import json
import os
import sys
import unittest

from servetest import ARABIC_ARTICLE, SCHEMA_DIR, SHIPPED_RULES, ServeTest, Server

import jsonschema

ADAPTER = os.environ.get("COPYDESK_PYTHON_ADAPTER")
if ADAPTER:
    sys.path.insert(0, ADAPTER)

MARKDOWN = ("# 😀 عنوان: وَداعش يعلن\n\n"
            "قال **مصدر مطلع** إن داعش أعلن مسؤوليته عن الهجوم الذي قتل 37 شخصا.\n\n"
            "- ISIS claimed the attack, *sources said*.\n")
HTML = ("<h1>😀 عنوان</h1>\n<p>قال مصدر <b>مطلع</b> إن وَداعش أعلن مسؤوليته &amp; قتل 37 شخصا.</p>\n"
        "<p>👍🏽 IS<b>IS</b> claimed the attack, sources said.</p>\n")


def schema_validator(name):
    with open(os.path.join(SCHEMA_DIR, name), encoding="utf-8") as f:
        schema = json.load(f)
    store = {}
    for other in os.listdir(SCHEMA_DIR):
        if other.endswith(".json"):
            with open(os.path.join(SCHEMA_DIR, other), encoding="utf-8") as f:
                doc = json.load(f)
            store[doc["$id"]] = doc
            store[other] = doc
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    return jsonschema.Draft7Validator(schema, resolver=resolver)


class Scan(ServeTest):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.finding_schema = schema_validator("finding.schema.json")
        cls.request_schema = schema_validator("scan-request.schema.json")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def scan_ok(self, payload):
        self.request_schema.validate(payload)
        status, headers, doc = self.server.scan(payload)
        self.assertEqual(status, 200, doc)
        self.assertEqual(headers["content-type"], "application/json")
        for f in doc["findings"]:
            self.finding_schema.validate(f)
        return doc

    def test_text_markdown_html_equal_the_cli(self):
        for fmt, content in (("text", ARABIC_ARTICLE), ("markdown", MARKDOWN), ("html", HTML)):
            with self.subTest(format=fmt):
                doc = self.scan_ok({"text": content, "format": fmt})
                self.assertEqual(doc["findings"], self.cli_findings(content, fmt))
                rules = {f["rule"] for f in doc["findings"]}
                self.assertIn("extremism.isis", rules)
                self.assertIn("attribution.vague-source", rules)
                for f in doc["findings"]:
                    self.assertSlices(content, f)
                self.assertFalse(doc["truncated"])
                self.assertEqual(doc["rules_generation"], 1)

    def test_auto_format_and_the_visible_text_of_html(self):
        doc = self.scan_ok({"text": HTML})  # format auto: detected from the content, as the CLI does
        self.assertEqual(doc["findings"], self.cli_findings(HTML, "auto"))
        isis = [f for f in doc["findings"] if f["rule"] == "extremism.isis"]
        # "IS<b>IS</b>": the original span holds the tag, the visible text does not.
        english = [f for f in isis if f["visible_text"] == "ISIS"]
        self.assertEqual(len(english), 1, isis)
        self.assertEqual(english[0]["text"], "IS<b>IS")

    def test_segments_with_offsets_relative_to_each_segment(self):
        segments = [
            {"kind": "headline", "id": "title", "text": "😀 وَداعش يعلن مسؤوليته"},
            {"kind": "body", "id": "block-1", "text": "<p>قال <b>مصدر مطلع</b> إن الهجوم قتل 37 شخصا.</p>",
             "format": "html"},
            {"kind": "caption", "id": "block-2", "text": "👍🏽 ISIS fighters, sources said."},
        ]
        doc = self.scan_ok({"segments": segments, "format": "text"})
        self.assertTrue(doc["findings"])
        seen = set()
        for f in doc["findings"]:
            seg = segments[f["segment"]]
            self.assertEqual(f["segment_id"], seg["id"])
            self.assertEqual(f["segment_kind"], seg["kind"])
            self.assertSlices(seg["text"], f)
            seen.add(f["segment_id"])
        self.assertEqual(seen, {"title", "block-1", "block-2"})
        # Exactly what `copydesk scan --input-format segments` reports for the same segments file.
        self.assertEqual(doc["findings"], self.cli_findings(json.dumps({"segments": segments, "format": "text"}),
                                                            "segments"))
        if not ADAPTER:
            return
        # The same article through the C ABI from another host (the Python adapter).
        import copydesk
        with copydesk.Ruleset.compile(SHIPPED_RULES) as rs, rs.scanner() as sc:
            direct = sc.scan_segments([copydesk.Segment(kind=s["kind"], id=s["id"], text=s["text"],
                                                        format=s.get("format", "auto")) for s in segments],
                                      format="text")
            expected = [(f.rule_id, f.segment_index, f.segment_id, f.byte_start, f.byte_end) for f in direct]
        got = [(f["rule"], f["segment"], f["segment_id"], f["start"], f["end"]) for f in doc["findings"]]
        self.assertEqual(got, expected)

    def test_options(self):
        base = {"text": ARABIC_ARTICLE, "format": "text"}
        only = self.scan_ok(dict(base, options={"enable": ["extremism"]}))
        self.assertEqual({f["category"] for f in only["findings"]}, {"extremism"})
        skipped = self.scan_ok(dict(base, options={"disable": "extremism, figures"}))
        self.assertNotIn("extremism", {f["category"] for f in skipped["findings"]})
        errors = self.scan_ok(dict(base, options={"min_severity": "error"}))
        self.assertEqual({f["severity"] for f in errors["findings"]}, {"error"})
        cut = self.scan_ok(dict(base, options={"max_findings": 1}))
        self.assertEqual(len(cut["findings"]), 1)
        self.assertTrue(cut["truncated"])
        self.assertIn("too many findings: only the first 1 are reported (the max-findings limit)", cut["warnings"])
        explained = self.scan_ok(dict(base, options={"explain": True}))
        self.assertTrue(all(f["explain"] for f in explained["findings"]))
        plain = self.scan_ok(base)
        self.assertTrue(all("explain" not in f for f in plain["findings"]))

    def test_enable_matches_the_cli(self):
        doc = self.scan_ok({"text": ARABIC_ARTICLE, "format": "text",
                            "options": {"enable": "attribution", "min_severity": "warning"}})
        self.assertTrue(doc["findings"])
        self.assertEqual(doc["findings"], self.cli_findings(ARABIC_ARTICLE, "text", "--enable", "attribution",
                                                            "--min-severity", "warning"))

    def test_empty_and_clean_texts(self):
        self.assertEqual(self.scan_ok({"text": ""})["findings"], [])
        self.assertEqual(self.scan_ok({"segments": []})["findings"], [])
        self.assertEqual(self.scan_ok({"text": "Nothing to see here. 🙂"})["findings"], [])

    def test_inline_suppressions_as_the_cli(self):
        text = "<!-- copydesk-disable-next-line extremism -->\nISIS claimed it.\n\nISIS again.\n"
        doc = self.scan_ok({"text": text, "format": "markdown"})
        self.assertEqual(doc["findings"], self.cli_findings(text, "markdown"))
        self.assertEqual(doc["suppressed"], 1)

    def test_health_and_rules(self):
        status, _, health = self.server.request("GET", "/v1/health")
        self.assertEqual(status, 200)
        self.assertEqual(health["status"], "ok")
        self.assertEqual(health["rules_generation"], 1)
        status, _, rules = self.server.request("GET", "/v1/rules")
        self.assertEqual(status, 200)
        self.assertEqual(rules["kind"], "packs")
        self.assertIsNone(rules["bundle_sha256"])
        self.assertEqual(rules["rule_count"], len(rules["rules"]))
        self.assertEqual(health["rule_count"], rules["rule_count"])
        packs = {p["id"]: p for p in rules["packs"]}
        self.assertTrue({"extremism", "attribution", "figures"} <= set(packs), packs)
        self.assertEqual(sum(p["rule_count"] for p in rules["packs"]), rules["rule_count"])
        self.assertRegex(packs["extremism"]["version"], r"^\d+\.\d+\.\d+$")
        self.assertIn("extremism.isis", {r["id"] for r in rules["rules"]})


if __name__ == "__main__":
    unittest.main(verbosity=2)
