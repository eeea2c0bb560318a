"""copydesk scan --input-format segments: a JSON file {"segments": [...]} scanned as one article,
findings placed in their segment in every output format, bad files reported, suppressions and
baselines per segment, and the visible-text fields of the finding schema."""
import json

from clitest import SARIF_SCHEMA, CliTest, main

ARTICLE = {"segments": [
    {"kind": "headline", "id": "post-title", "text": "😀 ISIS returns"},
    {"kind": "body", "id": "block-1", "format": "html",
     "text": "<p>The group <b>IS</b>IS struck, sources said.</p>\n<p>وأعلن تنظيم داعش مسؤوليته</p>"},
    {"kind": "caption", "text": "ISIS fighters, 2015"},
]}


class Segments(CliTest):
    def write_json(self, name, doc):
        return self.write(name, json.dumps(doc, ensure_ascii=False))

    def scan_segments(self, *args, expect_code=1):
        return self.scan_json("--no-config", "--input-format", "segments", *args, expect_code=expect_code)

    def test_json_findings_carry_their_segment(self):
        self.write_json("article.json", ARTICLE)
        code, doc, err = self.scan_segments("article.json")
        entry = doc["files"][0]
        self.assertEqual(entry["format"], "segments")
        got = [(f["segment"], f["segment_id"], f["segment_kind"], f["rule"], f["text"], f["visible_text"])
               for f in entry["findings"]]
        self.assertEqual(got, [
            (0, "post-title", "headline", "testext.isis", "ISIS", "ISIS"),
            (1, "block-1", "body", "testext.isis", "IS</b>IS", "ISIS"),
            (1, "block-1", "body", "testattr.sources", "sources said", "sources said"),
            (1, "block-1", "body", "testext.isis", "داعش", "داعش"),
            (2, "", "caption", "testext.isis", "ISIS", "ISIS"),
        ])
        first, tagged, _, arabic, _ = entry["findings"]
        # Offsets are within the segment's own text, in every unit.
        self.assertEqual((first["start"], first["start_cp"], first["start_utf16"], first["column"]), (5, 2, 3, 3))
        body = ARTICLE["segments"][1]["text"]
        self.assertEqual(body[tagged["start_cp"]:tagged["end_cp"]], "IS</b>IS")
        self.assertEqual((arabic["line"], arabic["column"]), (2, body.split("\n")[1].index("داعش") + 1))
        visible = "The group ISIS struck, sources said.\n\nوأعلن تنظيم داعش مسؤوليته"
        self.assertEqual(visible[tagged["visible_start_cp"]:tagged["visible_end_cp"]], "ISIS")
        self.assertEqual(visible[arabic["visible_start_cp"]:arabic["visible_end_cp"]], "داعش")

    def test_plain_files_have_visible_fields_and_no_segment_fields(self):
        self.write("a.html", "<p><i>IS</i>IS</p>")
        code, doc, err = self.scan_json("--no-config", "a.html", expect_code=1)
        f, = doc["files"][0]["findings"]
        self.assertEqual((f["start"], f["visible_start"], f["visible_end"], f["visible_text"]), (6, 0, 4, "ISIS"))
        self.assertNotIn("segment", f)

    def test_text_and_github_name_the_segment(self):
        self.write_json("article.json", ARTICLE)
        code, out, err = self.run_tool("scan", "--no-config", "--input-format", "segments", "article.json")
        self.assertEqual(code, 1, err)
        self.assertIn("article.json#post-title:1:3: error: Names a designated terrorist organization (ISIS)", out)
        self.assertIn("    1 | 😀 ISIS returns\n", out)
        self.assertIn("article.json#2:1:1: error:", out)  # no id: the segment's index
        self.assertIn("article.json#block-1:2:16: error:", out)
        code, out, err = self.run_tool("scan", "--no-config", "--input-format", "segments", "--format", "github",
                                       "article.json")
        self.assertIn("::error file=article.json,title=testext.isis::Names a designated terrorist organization "
                      "(ISIS) (article.json#post-title:1:3)\n", out)

    def test_sarif_puts_segments_in_logical_locations_and_validates(self):
        import jsonschema
        self.write_json("article.json", ARTICLE)
        code, out, err = self.run_tool("scan", "--no-config", "--input-format", "segments", "--format", "sarif",
                                       "article.json")
        self.assertEqual(code, 1, err)
        log = json.loads(out)
        with open(SARIF_SCHEMA, encoding="utf-8") as f:
            errors = list(jsonschema.Draft4Validator(json.load(f)).iter_errors(log))
        self.assertEqual(errors, [], "\n".join(e.message for e in errors[:5]))
        result = log["runs"][0]["results"][0]
        location = result["locations"][0]
        self.assertNotIn("region", location["physicalLocation"])
        self.assertEqual(location["logicalLocations"][0]["name"], "post-title")
        self.assertEqual(location["logicalLocations"][0]["fullyQualifiedName"], "segments[0]")
        self.assertEqual((result["properties"]["segment_kind"], result["properties"]["start"]), ("headline", 5))

    def test_html_report_shows_each_segment(self):
        self.write_json("article.json", ARTICLE)
        code, out, err = self.run_tool("scan", "--no-config", "--input-format", "segments", "--format", "html",
                                       "article.json")
        self.assertEqual(code, 1, err)
        self.assertIn("<h3 dir=\"auto\">headline <code>article.json#post-title</code></h3>", out)
        self.assertIn("&lt;b&gt;<mark class=\"error\"", out)  # the body segment's own markup, escaped

    def test_suppressions_and_baselines_work_per_segment(self):
        doc = {"segments": [
            {"kind": "body", "id": "a", "format": "markdown",
             "text": "<!-- copydesk-disable-next-line testext -->\nISIS struck.\n\nISIS again."},
            {"kind": "body", "id": "b", "format": "markdown", "text": "<!-- copydesk-disable nosuch -->\nISIS"},
        ]}
        self.write_json("a.json", doc)
        code, out, err = self.scan_segments("a.json")
        entry = out["files"][0]
        self.assertEqual([(f["segment_id"], f["line"]) for f in entry["findings"]], [("a", 4), ("b", 2)])
        self.assertEqual(entry["suppressed"], 1)
        self.assertEqual(len(entry["warnings"]), 1)
        self.assertIn("nosuch", entry["warnings"][0])
        code, _, err = self.run_tool("scan", "--no-config", "--input-format", "segments", "--write-baseline", "b.txt",
                                     "a.json")
        self.assertEqual(code, 0, err)
        code, doc, err = self.scan_segments("--baseline", "b.txt", "a.json", expect_code=0)
        self.assertEqual(doc["files"][0]["findings"], [])
        self.assertEqual(doc["files"][0]["baselined"], 2)

    def test_bad_segments_files_are_file_errors(self):
        cases = {
            "syntax.json": ('{"segments": [\n  {"text": "x",}\n]}', "not a segments file: line 2, column 16: "),
            "array.json": ('[{"text": "x"}]', "not a segments file: expected an object {\"segments\": [...]}"),
            "key.json": ('{"segments": [{"txt": "ISIS"}]}', "segments[0]: unknown key 'txt' (expected kind, id, text or format)"),
            "kind.json": ('{"segments": [{"kind": "footer", "text": "x"}]}', "segments[0].kind: unknown kind 'footer'"),
            "format.json": ('{"segments": [{"format": "pdf", "text": "x"}]}', "segments[0].format: unknown format 'pdf'"),
            "type.json": ('{"segments": [{"text": 42}]}', "segments[0].text: expected a string"),
            "notext.json": ('{"segments": [{"id": "x"}]}', "segments[0]: no text"),
            "top.json": ('{"segments": [], "options": {}}', "unknown key 'options' (expected segments or format)"),
            "utf8.json": (b'{"segments": [{"text": "\xff"}]}', "not a segments file: line 1, column 25: "),
        }
        for name, (content, _) in cases.items():
            self.write(name, content)
        code, doc, err = self.scan_segments(*cases, expect_code=2)
        errors = {f["path"]: f.get("error", "") for f in doc["files"]}
        for name, (_, message) in cases.items():
            self.assertTrue(errors[name].startswith(message), (name, errors[name]))

    def test_top_level_format_is_the_default(self):
        self.write_json("a.json", {"format": "html", "segments": [{"text": "<b>IS</b>IS"}, {"format": "text", "text": "<b>IS</b>IS"}]})
        code, doc, err = self.scan_segments("a.json")
        self.assertEqual([f["segment"] for f in doc["files"][0]["findings"]], [0])

    def test_empty_segments_list(self):
        self.write_json("a.json", {"segments": []})
        code, doc, err = self.scan_segments("a.json", expect_code=0)
        self.assertEqual(doc["files"][0]["findings"], [])


if __name__ == "__main__":
    main()
