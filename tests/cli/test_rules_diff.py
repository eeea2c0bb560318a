"""copydesk rules diff: what a candidate rule set adds, removes and changes over articles."""
import json
import os
import re
import shutil

from clitest import CliTest, main, RULES
from test_scan_archives import WXR_HEAD, wxr_item

ARTICLES = {
    "a.txt": "ISIS claimed it, sources said.\nThe Islamic State spoke.\n",
    "b.md": "وأعلن تنظيم داعش مسؤوليته، حسب مصادر مطلعة.\n",
    "c.txt": "ISIS fighters left the city of Raqqa.\n",
    "quiet.txt": "Nothing to see.\n",
}


class RulesDiff(CliTest):
    def setUp(self):
        super().setUp()
        shutil.copytree(RULES, self.path("base"))
        shutil.copytree(RULES, self.path("cand"))
        # The candidate: one list widened (a new name, a longer form), one rule removed.
        isis = self.path("cand", "testext", "isis.toml")
        with open(isis, encoding="utf-8") as f:
            toml = f.read()
        widened = toml.replace('terms = ["داعش", "ISIS", "Daech"]',
                               'terms = ["داعش", "ISIS", "Daech", "Islamic State", "ISIS fighters"]')
        self.assertNotEqual(widened, toml)
        with open(isis, "w", encoding="utf-8") as f:
            f.write(widened)
        os.remove(self.path("cand", "testattr", "sources.toml"))
        for name, text in ARTICLES.items():
            self.write("articles/" + name, text)

    def diff(self, *args, expect_code=0):
        code, out, err = self.run_tool("rules", "diff", "--base", "base", "--candidate", "cand", *args)
        self.assertEqual(code, expect_code, out + err)
        return out, err

    def test_a_widened_list_and_a_removed_rule_over_a_folder(self):
        out, err = self.diff("--format", "json", "articles")
        doc = json.loads(out)
        self.assertEqual(doc["summary"], {"articles": 4, "articles_changed": 3, "articles_not_scanned": 0,
                                          "added": 1, "removed": 2, "changed": 1, "unchanged": 2})
        rules = {r["rule"]: r for r in doc["rules"]}
        self.assertEqual(sorted(rules), ["testattr.sources", "testext.isis"])
        src = rules["testattr.sources"]
        self.assertEqual((src["in_base"], src["in_candidate"], src["base"], src["candidate"], src["added"],
                          src["removed"], src["changed"]), (True, False, 2, 0, 0, 2, 0))
        self.assertEqual([(e["change"], e["path"], e["line"], e["column"], e["sentence"]) for e in src["examples"]], [
            ("removed", "articles/a.txt", 1, 18, "ISIS claimed it, ⟦sources said⟧."),
            ("removed", "articles/b.md", 1, 32, "وأعلن تنظيم داعش مسؤوليته، حسب ⟦مصادر مطلعة⟧."),
        ])
        isis = rules["testext.isis"]
        self.assertEqual((isis["base"], isis["candidate"], isis["added"], isis["removed"], isis["changed"],
                          isis["unchanged"], isis["changes"]),
                         (3, 4, 1, 0, 1, 2, {"severity": 0, "span": 1, "message": 0}))
        self.assertEqual([(e["change"], e["path"], e["line"], e["sentence"], e.get("base_text")) for e in isis["examples"]], [
            ("added", "articles/a.txt", 2, "The ⟦Islamic State⟧ spoke.", None),
            ("changed", "articles/c.txt", 1, "⟦ISIS fighters⟧ left the city of Raqqa.", "ISIS"),
        ])
        self.assertEqual(doc["by_category"], {"attribution": {"added": 0, "removed": 2, "changed": 0},
                                              "extremism": {"added": 1, "removed": 0, "changed": 1}})
        self.assertEqual(doc["by_language"], {"ar": {"added": 0, "removed": 1, "changed": 0},
                                              "en": {"added": 1, "removed": 1, "changed": 1}})
        self.assertEqual(doc["gates_failed"], [])

        # The same in the terminal.
        out, err = self.diff("articles")
        self.assertTrue(out.startswith("rules diff: base -> cand over 4 articles: +1 added, -2 removed, ~1 changed, "
                                       "2 unchanged, in 3 of 4 articles\n"), out)
        self.assertRegex(out, r"(?m)^testattr\.sources +attribution +2 +0 +\+0 +-2 +0 \(not in the candidate\)$")
        self.assertRegex(out, r"(?m)^testext\.isis +extremism +3 +4 +\+1 +-0 +1$")
        self.assertIn("  - articles/b.md:1:32: وأعلن تنظيم داعش مسؤوليته، حسب ⟦مصادر مطلعة⟧.\n", out)
        self.assertIn('  ~ articles/c.txt:1:1: ⟦ISIS fighters⟧ left the city of Raqqa.  (span "ISIS" -> "ISIS fighters")\n', out)
        self.assertIn("by language: ar +0 -1 ~0; en +1 -1 ~1\n", out)

    def test_over_a_wordpress_export(self):
        xml = (WXR_HEAD
               + wxr_item(7, "Raqqa", "<p>ISIS fighters left, sources said.</p>").replace(
                   "<wp:post_id>", "<link>https://news.example/raqqa</link>\n    <wp:post_id>")
               + wxr_item(8, "The Islamic State", "<p>Quiet.</p>")
               + "</channel>\n</rss>\n")
        self.write("site.xml", xml)
        out, err = self.diff("--format", "json", "site.xml")
        doc = json.loads(out)
        self.assertEqual((doc["summary"]["added"], doc["summary"]["removed"], doc["summary"]["changed"]), (1, 1, 1))
        ex = {(e["change"], e["path"], e.get("title"), e["link"], e["sentence"])
              for r in doc["rules"] for e in r["examples"]}
        self.assertEqual(ex, {
            ("changed", "site.xml#7#body", "Raqqa", "https://news.example/raqqa", "⟦ISIS fighters⟧ left, sources said."),
            ("removed", "site.xml#7#body", "Raqqa", "https://news.example/raqqa", "ISIS fighters left, ⟦sources said⟧."),
            ("added", "site.xml#8#title", "The Islamic State", "site.xml", "The ⟦Islamic State⟧"),
        })

    def test_gates_for_a_rule_pack_pull_request(self):
        out, err = self.diff("--fail-on-removed", "attribution", "articles", expect_code=1)
        self.assertIn("gate failed: --fail-on-removed attribution: 2 findings removed\n", out)
        self.diff("--fail-on-removed", "extremism", "articles", expect_code=0)
        out, err = self.diff("--max-added", "0", "--format", "json", "articles", expect_code=1)
        self.assertEqual(json.loads(out)["gates_failed"], ["--max-added 0: 1 findings added"])
        self.assertIn("gate failed: --max-added 0: 1 findings added", err)
        self.diff("--max-added", "1", "articles", expect_code=0)
        out, err = self.diff("--fail-on-removed", "nosuch", "articles", expect_code=2)
        self.assertIn("--fail-on-removed: unknown rule, pack or category 'nosuch'", err)
        # The same rules on both sides: nothing changes, every gate passes.
        code, out, err = self.run_tool("rules", "diff", "--base", "base", "--candidate", "base",
                                       "--fail-on-removed", "attribution", "--max-added", "0", "articles")
        self.assertEqual(code, 0, err)
        self.assertIn("no finding added, removed or changed\n", out)

    def test_severity_change(self):
        pack = self.path("cand", "testext", "isis.toml")
        with open(pack, encoding="utf-8") as f:
            toml = f.read()
        with open(pack, "w", encoding="utf-8") as f:
            f.write(toml.replace('severity = "error"', 'severity = "warning"'))
        out, err = self.diff("--format", "json", "articles/b.md")
        isis = {r["rule"]: r for r in json.loads(out)["rules"]}["testext.isis"]
        self.assertEqual((isis["changed"], isis["changes"]["severity"]), (1, 1))
        self.assertEqual((isis["examples"][0]["base_severity"], isis["examples"][0]["candidate_severity"]),
                         ("error", "warning"))

    def test_html_report(self):
        self.write("articles/d.jsonl", json.dumps({"id": "x1", "title": "t", "body": "<script>alert(1)</script> "
                                                   "The Islamic State.", "format": "html",
                                                   "url": "https://news.example/x1"}) + "\n")
        out, err = self.diff("--format", "html", "-o", "report.html", "articles", "articles/d.jsonl")
        with open(self.path("report.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertTrue(page.startswith("<!DOCTYPE html>"))
        self.assertIn('<span class="sentence" dir="auto">وأعلن تنظيم داعش مسؤوليته، حسب <mark>مصادر مطلعة</mark>.</span>', page)
        self.assertIn('href="https://news.example/x1"', page)
        self.assertIn('href="articles/a.txt"', page)
        self.assertNotIn("<script>", page)
        self.assertEqual(len(re.findall(r"<li class=\"(added|removed|changed)\"", page)), 5)

    def test_errors_and_usage(self):
        self.write("bad.jsonl", "{oops\n")
        out, err = self.diff("--format", "json", "bad.jsonl", "articles/a.txt", expect_code=2)
        doc = json.loads(out)
        self.assertEqual(doc["errors"], [{"path": "bad.jsonl:1", "error": "line 1, column 2: not valid JSON: syntax error "
                                          "while parsing object key - invalid literal; last read: '{o'; expected string literal"}])
        self.assertEqual(doc["summary"]["removed"], 1)
        code, out, err = self.run_tool("rules", "diff", "--base", "base", "articles")
        self.assertEqual(code, 2)
        self.assertIn("give --base RULES, --candidate RULES", err)
        code, out, err = self.run_tool("rules", "diff", "--base", "base", "--candidate", "missing", "articles")
        self.assertEqual(code, 2)


if __name__ == "__main__":
    main()
