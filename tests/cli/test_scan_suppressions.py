"""Inline suppressions in Markdown and HTML: next line, ranges, by id, pack, category or all."""
from clitest import CliTest, main


class Suppressions(CliTest):
    def findings(self, name, content, *args):
        self.write(name, content)
        code, doc, err = self.scan_json("--no-config", *args, name)
        file = doc["files"][0]
        return [(f["rule"], f["line"]) for f in file["findings"]], file.get("suppressed", 0), file["warnings"]

    def test_disable_next_line_by_rule_id(self):
        found, suppressed, warnings = self.findings("a.md", (
            "ISIS first.\n"
            "<!-- copydesk-disable-next-line testext.isis -->\n"
            "ISIS quoted from the court ruling, sources said.\n"
            "ISIS again.\n"))
        self.assertEqual(found, [("testext.isis", 1), ("testattr.sources", 3), ("testext.isis", 4)])
        self.assertEqual((suppressed, warnings), (1, []))

    def test_disable_next_line_without_rule_means_all(self):
        found, suppressed, _ = self.findings("a.md", (
            "<!-- copydesk-disable-next-line -->\n"
            "ISIS quoted, sources said.\n"
            "sources said.\n"))
        self.assertEqual((found, suppressed), ([("testattr.sources", 3)], 2))

    def test_range_by_category_and_pack(self):
        found, suppressed, warnings = self.findings("a.html", (
            "<p>ISIS one, sources said.</p>\n"
            "<!-- copydesk-disable extremism -->\n"
            "<p>ISIS two, sources said.</p>\n"
            "<!-- copydesk-disable testattr -- quoting the indictment -->\n"
            "<p>ISIS three, sources said.</p>\n"
            "<!-- copydesk-enable extremism -->\n"
            "<p>ISIS four, sources said.</p>\n"
            "<!-- copydesk-enable -->\n"
            "<p>ISIS five, sources said.</p>\n"))
        self.assertEqual(found, [("testext.isis", 1), ("testattr.sources", 1), ("testattr.sources", 3),
                                 ("testext.isis", 7), ("testext.isis", 9), ("testattr.sources", 9)])
        self.assertEqual((suppressed, warnings), (4, []))

    def test_range_without_enable_runs_to_the_end(self):
        found, suppressed, _ = self.findings("a.md", (
            "ISIS.\n<!-- copydesk-disable -->\nISIS, sources said.\n\nAt the end of the day.\n"))
        self.assertEqual((found, suppressed), ([("testext.isis", 1)], 3))

    def test_several_rules_in_one_comment(self):
        found, suppressed, _ = self.findings("a.md", (
            "<!-- copydesk-disable-next-line testext.isis, attribution -->\n"
            "ISIS, sources said, at the end of the day.\n"))
        self.assertEqual((found, suppressed), ([("teststyle.cliche", 2)], 2))

    def test_mistakes_are_reported_as_warnings(self):
        found, suppressed, warnings = self.findings("a.md", (
            "<!-- copydesk-disable-nextline testext.isis -->\n"
            "ISIS.\n"
            "<!-- copydesk-disable-next-line extremism.nope -->\n"
            "ISIS.\n"
            "<!-- copydesk-enable style -->\n"))
        self.assertEqual(found, [("testext.isis", 2), ("testext.isis", 4)])
        self.assertEqual(warnings, [
            "line 1: unknown directive 'copydesk-disable-nextline' (expected copydesk-disable-next-line, "
            "copydesk-disable or copydesk-enable)",
            "line 3: 'copydesk-disable-next-line' names unknown rule or category 'extremism.nope'",
            "line 5: copydesk-enable style without a matching copydesk-disable",
        ])

    def test_ordinary_comments_and_text_files(self):
        found, suppressed, _ = self.findings("a.md", "<!-- editor: check this -->\nISIS.\n")
        self.assertEqual((found, suppressed), ([("testext.isis", 2)], 0))
        # Plain text has no comments: the directive is text.
        found, suppressed, _ = self.findings("a.txt", "<!-- copydesk-disable-next-line -->\nISIS.\n")
        self.assertEqual((found, suppressed), ([("testext.isis", 2)], 0))

    def test_text_summary_counts_suppressed(self):
        self.write("a.md", "<!-- copydesk-disable-next-line -->\nISIS.\nISIS.\n")
        code, out, err = self.run_tool("scan", "--no-config", "a.md")
        self.assertEqual(code, 1)
        self.assertTrue(out.endswith("1 finding (1 error, 0 warnings, 0 info) in 1 of 1 file; 1 suppressed inline\n"),
                        out)


if __name__ == "__main__":
    main()
