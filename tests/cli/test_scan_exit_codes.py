"""copydesk scan exit codes, --fail-on, --min-severity, --enable/--disable, usage and rule errors."""
import os

from clitest import CliTest, main

# One error (ISIS), one warning (sources said), one info (the cliché).
ARTICLE = "ISIS struck, sources said. At the end of the day, nothing changed.\n"
WARNING_ONLY = "The minister resigned, sources said.\n"
INFO_ONLY = "At the end of the day, the vote passed.\n"


class ExitCodes(CliTest):
    def setUp(self):
        super().setUp()
        self.write("all.txt", ARTICLE)
        self.write("warning.txt", WARNING_ONLY)
        self.write("info.txt", INFO_ONLY)
        self.write("clean.txt", "The vote passed.\n")

    def code(self, *args):
        return self.run_tool("scan", "--no-config", *args)[0]

    def test_fail_on_levels(self):
        self.assertEqual(self.code("all.txt"), 1)
        self.assertEqual(self.code("warning.txt"), 0)               # default: --fail-on error
        self.assertEqual(self.code("--fail-on", "warning", "warning.txt"), 1)
        self.assertEqual(self.code("--fail-on", "warning", "info.txt"), 0)
        self.assertEqual(self.code("--fail-on", "info", "info.txt"), 1)
        self.assertEqual(self.code("--fail-on=none", "all.txt"), 0)
        self.assertEqual(self.code("--fail-on", "info", "clean.txt"), 0)

    def test_min_severity_drops_findings(self):
        code, doc, _ = self.scan_json("--no-config", "--min-severity", "warning", "all.txt", expect_code=1)
        self.assertEqual([f["rule"] for f in doc["files"][0]["findings"]], ["testext.isis", "testattr.sources"])
        code, doc, _ = self.scan_json("--no-config", "--min-severity", "error", "--fail-on", "warning",
                                      "warning.txt", expect_code=0)
        self.assertEqual(doc["files"][0]["findings"], [])

    def test_enable_and_disable_by_id_pack_and_category(self):
        def rules(*args):
            code, doc, err = self.scan_json("--no-config", *args, "all.txt")
            self.assertIn(code, (0, 1), err)
            return [f["rule"] for f in doc["files"][0]["findings"]]
        self.assertEqual(rules("--enable", "attribution"), ["testattr.sources"])
        self.assertEqual(rules("--enable", "testext.isis,style"), ["testext.isis", "teststyle.cliche"])
        self.assertEqual(rules("--disable", "testext"), ["testattr.sources", "teststyle.cliche"])
        self.assertEqual(rules("--disable", "extremism", "--disable", "testattr.sources"), ["teststyle.cliche"])
        self.assertEqual(self.code("--disable", "extremism", "all.txt"), 0)

    def test_unknown_rule_name_is_an_error(self):
        code, out, err = self.run_tool("scan", "--no-config", "--enable", "extremism.nope", "all.txt")
        self.assertEqual(code, 2)
        self.assertEqual(err, "copydesk scan: error: --enable: unknown rule, pack or category 'extremism.nope'\n")

    def test_usage_errors(self):
        for args in (["--format", "xml", "all.txt"], ["--fail-on", "severe", "all.txt"],
                     ["--min-severity", "none", "all.txt"], ["--jobs", "0", "all.txt"],
                     ["--bogus", "all.txt"], ["--input-format", "pdf", "all.txt"], ["--rules"],
                     ["-", "-"], ["--no-progress=yes", "all.txt"]):
            code, out, err = self.run_tool("scan", "--no-config", *args)
            self.assertEqual(code, 2, args)
            self.assertTrue(err, args)
        code, out, err = self.run_tool("scan", "--config", "x.toml", "--no-config", "all.txt")
        self.assertEqual(code, 2)

    def test_help(self):
        code, out, err = self.run_tool("scan", "--help")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("usage: copydesk scan [options] PATH...\n"))

    def test_rule_errors(self):
        self.write("bad/broken/pack.toml", "[pack]\nid = \"broken\"\ncategory = \"x\"\n")
        self.write("bad/broken/r.toml", "id = \"broken.r\"\ntitle = [unterminated\n")
        code, out, err = self.run_tool("scan", "--no-config", "--rules", self.path("bad"), "all.txt")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertRegex(err, r"r\.toml:2:\d+: error: ")
        code, out, err = self.run_tool("scan", "--no-config", "--rules", self.path("nowhere"), "all.txt")
        self.assertEqual(code, 2)
        self.assertIn("nowhere", err)

    def test_rule_warnings_only_for_chosen_rules(self):
        # Compiler warnings (here: a slow pattern) are for pack authors: shown with --rules,
        # not when the default (shipped) packs are used.
        self.write("warn/slow/pack.toml", '[pack]\nid = "slow"\nversion = "0.1.0"\ncategory = "slow"\n'
                   'title = "Slow"\nlanguages = ["en"]\ndefault_severity = "warning"\n')
        self.write("warn/slow/digits.toml", "\n".join([
            'id = "slow.digits"', 'title = "Digits"', 'message = "Digits: {match}"', 'languages = ["en"]',
            "", "[match]", "patterns = ['[0-9]+']", "",
            "[[example]]", 'language = "en"', 'text = "It cost 12 dollars."', 'expect = ["12"]', "",
            "[[example]]", 'language = "en"', 'text = "It was free."', "expect = []", ""]))
        self.write("n.txt", "It cost 12 dollars.\n")
        code, out, err = self.run_tool("scan", "--no-config", "--rules", self.path("warn"), "n.txt")
        self.assertEqual(code, 0, err)
        self.assertIn("digits.toml:7:", err)
        self.assertIn(": warning: ", err)
        from clitest import clean_env
        code, out, err = self.run_tool("scan", "--no-config", "n.txt", rules=False,
                                       env=clean_env(COPYDESK_RULES=self.path("warn")))
        self.assertEqual((code, err), (0, ""))
        self.assertIn("n.txt:1:9: warning: Digits: 12 [slow.digits]", out)

    def test_io_error_wins_over_findings(self):
        self.assertEqual(self.code("all.txt", "missing.txt"), 2)

    def test_report_to_a_file(self):
        code, out, err = self.run_tool("scan", "--no-config", "--format", "json", "-o", "report.json", "all.txt")
        self.assertEqual((code, out), (1, ""))
        with open(self.path("report.json"), encoding="utf-8") as f:
            self.assertIn('"rule":"testext.isis"', f.read())
        code, out, err = self.run_tool("scan", "--no-config", "-o", self.path("no/such/dir/r.txt"), "all.txt")
        self.assertEqual(code, 2)


if __name__ == "__main__":
    main()
