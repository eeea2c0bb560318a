"""copydesk scan over archives: JSON Lines exports and WordPress WXR exports (docs/archive.md)."""
import json

from clitest import CliTest, main

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Desk</title>
  <wp:wxr_version>1.2</wp:wxr_version>
"""


def wxr_item(post_id, title, content, date="2024-03-01 10:00:00", status="publish", post_type="post"):
    return f"""  <item>
    <title>{title}</title>
    <dc:creator><![CDATA[editor]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
  </item>
"""


def by_path(doc):
    return {f["path"]: f for f in doc["files"]}


class JsonLines(CliTest):
    def test_each_line_is_an_article_reported_by_id_and_title(self):
        lines = [
            {"id": "a-1", "title": "ISIS in the title", "body": "Nothing here.", "date": "2024-01-05"},
            {"id": 2, "title": "Quiet", "body": "<p>Officials said ISIS retreated, sources said.</p>",
             "format": "html", "date": "2024-02-01"},
            {"id": "a-3", "body": "Calm day."},
        ]
        self.write("export.jsonl", "".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines))
        code, doc, err = self.scan_json("--no-config", "export.jsonl", expect_code=1)
        self.assertEqual([f["path"] for f in doc["files"]], ["export.jsonl#a-1", "export.jsonl#2", "export.jsonl#a-3"])
        files = by_path(doc)
        a1 = files["export.jsonl#a-1"]
        self.assertEqual(a1["article"], {"archive": "export.jsonl", "id": "a-1", "title": "ISIS in the title",
                                         "date": "2024-01-05", "line": 1})
        self.assertEqual([(f["rule"], f["segment_id"], f["segment_kind"], f["text"], f["line"], f["column"])
                          for f in a1["findings"]], [("testext.isis", "title", "headline", "ISIS", 1, 1)])
        a2 = files["export.jsonl#2"]
        self.assertEqual(a2["article"]["line"], 2)
        self.assertEqual(a2["format"], "segments")
        self.assertEqual([(f["rule"], f["segment_id"], f["text"]) for f in a2["findings"]],
                         [("testext.isis", "body", "ISIS"), ("testattr.sources", "body", "sources said")])
        # In HTML the offsets are the body's bytes, the visible offsets those of its text.
        body = lines[1]["body"]
        self.assertEqual(a2["findings"][0]["start"], body.index("ISIS"))
        self.assertEqual(a2["findings"][0]["visible_start"], body.index("ISIS") - len("<p>"))
        self.assertEqual(files["export.jsonl#a-3"]["findings"], [])
        self.assertEqual(doc["summary"]["files"], 3)

        # The text format names the article, its title and where in it.
        code, out, err = self.run_tool("scan", "--no-config", "export.jsonl")
        self.assertEqual(code, 1, err)
        self.assertIn('export.jsonl#a-1: article: "ISIS in the title" (2024-01-05, line 1)\n'
                      "export.jsonl#a-1#title:1:1: error: Names a designated terrorist organization (ISIS) "
                      "[testext.isis]\n", out)
        self.assertIn("export.jsonl#2#body:1:19: error:", out)
        self.assertTrue(out.endswith("3 findings (2 errors, 1 warning, 0 info) in 2 of 3 files\n"), out)

        # jsonl: each finding line carries its article.
        code, out, err = self.run_tool("scan", "--no-config", "--format", "jsonl", "export.jsonl")
        rows = [json.loads(l) for l in out.splitlines()]
        self.assertEqual([(r["path"], r["article"]["id"], r["text"]) for r in rows],
                         [("export.jsonl#a-1", "a-1", "ISIS"), ("export.jsonl#2", "2", "ISIS"),
                          ("export.jsonl#2", "2", "sources said")])

    def test_same_findings_as_the_articles_as_files(self):
        # A body scanned from an archive is scanned as the same text in a file is.
        bodies = ["# Raqqa\n\nISIS fighters left, sources said.\n", "Daech a revendiqué. ISIS aussi.\n"]
        self.write("a.jsonl", "".join(json.dumps({"id": i, "body": b, "format": "markdown"}) + "\n"
                                      for i, b in enumerate(bodies)))
        for i, b in enumerate(bodies):
            self.write(f"files/{i}.md", b)
        _, doc_archive, _ = self.scan_json("--no-config", "a.jsonl")
        _, doc_files, _ = self.scan_json("--no-config", "files")
        strip = lambda f: {k: v for k, v in f.items() if not k.startswith("segment")}
        self.assertEqual([[strip(f) for f in x["findings"]] for x in doc_archive["files"]],
                         [x["findings"] for x in doc_files["files"]])
        self.assertGreater(sum(len(x["findings"]) for x in doc_files["files"]), 2)

    def test_fields_are_configurable(self):
        self.write("cms.ndjson", json.dumps({"uuid": "u1", "headline": "Calm", "content": "ISIS\n",
                                             "published": "2023-12-31"}) + "\n")
        code, doc, err = self.scan_json("--no-config", "--jsonl-fields", "id=uuid,title=headline",
                                        "--jsonl-fields", "body=content,date=published", "cms.ndjson",
                                        expect_code=1)
        f = doc["files"][0]
        self.assertEqual(f["path"], "cms.ndjson#u1")
        self.assertEqual((f["article"]["title"], f["article"]["date"]), ("Calm", "2023-12-31"))
        self.assertEqual([x["text"] for x in f["findings"]], ["ISIS"])
        # Without the mapping the body is missing: said, with the way out.
        code, doc, err = self.scan_json("--no-config", "cms.ndjson", expect_code=2)
        self.assertEqual(doc["files"][0]["error"],
                         "line 1: no field 'body' (the article's text; --jsonl-fields body=NAME names another field)")
        code, out, err = self.run_tool("scan", "--no-config", "--jsonl-fields", "headline=x", "cms.ndjson")
        self.assertEqual(code, 2)
        self.assertIn("--jsonl-fields: 'headline=x': expected PART=FIELD", err)

    def test_malformed_lines_say_where_and_the_rest_still_scans(self):
        self.write("bad.jsonl", '{"id": 1, "body": "ISIS"}\n'
                                '\n'
                                '{"id": 2, "body": "ISIS", oops}\n'
                                '[1, 2]\n'
                                '{"id": 5, "body": 7}\n'
                                '{"id": 6, "body": "x", "format": "docx"}\n'
                                '{"id": 7, "body": "Daech"}')  # no final newline
        code, doc, err = self.scan_json("--no-config", "bad.jsonl", expect_code=2)
        self.assertEqual([(f["path"], f.get("error", len(f.get("findings", [])))) for f in doc["files"]], [
            ("bad.jsonl#1", 1),
            ("bad.jsonl:3", "line 3, column 27: not valid JSON: syntax error while parsing object key - "
                            "invalid literal; last read: '\"ISIS\", o'; expected string literal"),
            ("bad.jsonl:4", 'line 4: not a JSON object (one article a line: {"id": ..., "body": ...})'),
            ("bad.jsonl#5", "line 5: field 'body' is not a string"),
            ("bad.jsonl#6", "line 6: field 'format': expected auto, text, markdown or html"),
            ("bad.jsonl#7", 1),
        ])
        self.assertEqual(doc["summary"]["files_not_scanned"], 4)
        code, out, err = self.run_tool("scan", "--no-config", "bad.jsonl")
        self.assertIn("bad.jsonl:4: error: line 4: not a JSON object", out)

    def test_standard_input_and_forced_format(self):
        code, doc, err = self.scan_json("--no-config", "--input-format", "jsonl", "-",
                                        stdin='{"id": "s", "body": "ISIS"}\n', expect_code=1)
        self.assertEqual(doc["files"][0]["path"], "<stdin>#s")
        self.write("export.txt", '{"id": "t", "body": "ISIS"}\n')
        code, doc, err = self.scan_json("--no-config", "--input-format", "jsonl", "export.txt", expect_code=1)
        self.assertEqual(doc["files"][0]["path"], "export.txt#t")
        # A directory walk does not open archives: they are named.
        self.write("dir/a.jsonl", '{"id": "t", "body": "ISIS"}\n')
        code, doc, err = self.scan_json("--no-config", "dir", expect_code=0)
        self.assertEqual(doc["files"], [])


class Wxr(CliTest):
    def test_posts_and_pages_by_post_id_and_title(self):
        xml = (WXR_HEAD
               + wxr_item(11, "Border report", "<!-- wp:paragraph --><p>ISIS attacked, sources said.</p><!-- /wp:paragraph -->")
               + wxr_item(12, "ISIS &amp; the region", "<p>Nothing.</p>", status="draft")
               + wxr_item(13, "logo.png", "ISIS", post_type="attachment")
               + wxr_item(14, "Old", "ISIS", status="trash")
               + wxr_item(15, "About", "<p>We report on Daech.</p>", post_type="page", date="2020-05-05 08:00:00")
               # WordPress writes a "]]>" in a post as two CDATA sections.
               + wxr_item(16, "Markup", "<p>a ]]]]><![CDATA[> b ISIS</p>")
               + "</channel>\n</rss>\n")
        self.write("site.wordpress.2024-03-01.xml", xml)
        code, doc, err = self.scan_json("--no-config", "site.wordpress.2024-03-01.xml", expect_code=1)
        files = doc["files"]
        self.assertEqual([f["path"] for f in files], ["site.wordpress.2024-03-01.xml#" + n for n in ["11", "12", "15", "16"]])
        p11 = files[0]
        self.assertEqual(p11["article"], {"archive": "site.wordpress.2024-03-01.xml", "id": "11", "title": "Border report",
                                          "date": "2024-03-01 10:00:00", "status": "publish",
                                          "line": xml[:xml.index("<item>")].count("\n") + 1})
        self.assertEqual([(f["rule"], f["segment_id"], f["text"]) for f in p11["findings"]],
                         [("testext.isis", "body", "ISIS"), ("testattr.sources", "body", "sources said")])
        self.assertEqual([(f["segment_id"], f["text"]) for f in files[1]["findings"]], [("title", "ISIS")])
        self.assertEqual(files[1]["article"]["title"], "ISIS & the region")
        self.assertEqual(files[1]["article"]["status"], "draft")
        self.assertEqual([f["text"] for f in files[2]["findings"]], ["Daech"])
        body16 = "<p>a ]]> b ISIS</p>"
        self.assertEqual([(f["text"], f["start"]) for f in files[3]["findings"]], [("ISIS", body16.index("ISIS"))])

    def test_malformed_xml_says_line_and_column_and_earlier_posts_scan(self):
        xml = (WXR_HEAD + wxr_item(1, "One", "ISIS") + wxr_item(2, "Two", "Daech")
               + "  <item>\n    <title>Three</titel>\n  </item>\n</channel></rss>\n")
        self.write("broken.xml", xml)
        self.write("ok.txt", "ISIS\n")
        code, doc, err = self.scan_json("--no-config", "broken.xml", "ok.txt", expect_code=2)
        # The position is the mismatched name's.
        bad_line = xml[:xml.index("titel>")].count("\n") + 1
        bad_col = len(xml[:xml.index("titel>")].rsplit("\n", 1)[1]) + 1
        item3_line = xml[:xml.index("<item>", xml.index("<wp:post_id>2"))].count("\n") + 1
        self.assertEqual([(f["path"], f.get("error")) for f in doc["files"]], [
            ("broken.xml#1", None),
            ("broken.xml#2", None),
            ("broken.xml", f"not well-formed XML: line {bad_line}, column {bad_col}: Start-end tags mismatch; "
                           f"the posts from line {item3_line} on are not scanned"),
            ("ok.txt", None),
        ])
        self.assertEqual([len(doc["files"][i]["findings"]) for i in (0, 1, 3)], [1, 1, 1])

    def test_not_an_export(self):
        self.write("sitemap.xml", '<?xml version="1.0"?><urlset><url>ISIS</url></urlset>\n')
        code, doc, err = self.scan_json("--no-config", "sitemap.xml", expect_code=2)
        self.assertEqual(doc["files"], [{"path": "sitemap.xml",
                                         "error": "not a WordPress export (WXR): no <rss><channel> element",
                                         "warnings": []}])


if __name__ == "__main__":
    main()
