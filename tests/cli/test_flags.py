"""The option table and its one parser (host-adapters/cli/flags.cpp), across commands:
value spellings, short options with attached values, `--`, repeatable lists, the generated
help, usage errors, and the resolution order flags > copydesk.toml > defaults."""
import json

from clitest import CliTest, main

ARTICLE = "ISIS struck, sources said. At the end of the day, nothing changed.\n"


class Flags(CliTest):
    def setUp(self):
        super().setUp()
        self.write("a.txt", ARTICLE)
        self.write("b.txt", "Daesh again.\n")

    def test_value_spellings_give_the_same_run(self):
        outputs = set()
        for jobs in (["-j2"], ["-j", "2"], ["--jobs=2"], ["--jobs", "2"]):
            code, out, err = self.run_tool("scan", "--no-config", "--format", "json", *jobs, "a.txt", "b.txt")
            self.assertEqual(code, 1, err)
            outputs.add(out)
        self.assertEqual(len(outputs), 1)
        code, out, err = self.run_tool("scan", "--no-config", "-j0", "a.txt")
        self.assertEqual((code, err), (2, "copydesk scan: --jobs: expected a number from 1 to 1024, not '0'\n"))

    def test_short_output_with_attached_value(self):
        code, out, err = self.run_tool("scan", "--no-config", "--format=json", "-oreport.json", "a.txt")
        self.assertEqual((code, out), (1, ""), err)
        with open(self.path("report.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["summary"]["findings"], 3)

    def test_double_dash_ends_options(self):
        self.write("--odd.txt", "ISIS\n")
        code, doc, err = self.scan_json("--no-config", "--", "--odd.txt", expect_code=1)
        self.assertEqual([f["path"] for f in doc["files"]], ["--odd.txt"])

    def test_lists_accumulate_over_repeats_and_commas(self):
        code, doc, err = self.scan_json("--no-config", "--disable", "testext", "--disable=style,", "a.txt",
                                        expect_code=0)
        self.assertEqual([f["rule"] for f in doc["files"][0]["findings"]], ["testattr.sources"])

    def test_last_value_wins(self):
        code, doc, err = self.scan_json("--no-config", "--min-severity", "error", "--min-severity", "warning",
                                        "a.txt", expect_code=1)
        self.assertEqual(len(doc["files"][0]["findings"]), 2)

    def test_usage_errors_name_the_command(self):
        cases = [
            (["scan", "--no-config", "--frobnicate", "a.txt"],
             "copydesk scan: unknown option '--frobnicate' (see copydesk scan --help)\n"),
            (["scan", "--no-config", "--explain=yes", "a.txt"], "copydesk scan: option --explain takes no value\n"),
            (["scan", "--no-config", "a.txt", "--format"], "copydesk scan: option --format needs a value\n"),
            (["scan", "--no-config", "--format", "xml", "a.txt"],
             "copydesk scan: --format: unknown format 'xml' (expected text, json, jsonl, sarif, github or html)\n"),
            (["compile", "-o"], "copydesk compile: option -o needs a value\n"),
            (["rules", "check", "--fast"], "copydesk rules check: unknown option '--fast' (see copydesk rules check --help)\n"),
            (["rules", "profile", "--repeat", "0"],
             "copydesk rules profile: --repeat: expected a number from 1 to 1000000, not '0'\n"),
            (["explain", "x.txt", "--input-format", "pdf"],
             "copydesk explain: --input-format: unknown format 'pdf' (expected auto, text, markdown, html, segments, jsonl or wxr)\n"),
            (["lexicon", "import-un", "--regimes"], "copydesk lexicon import-un: option --regimes needs a value\n"),
        ]
        for argv, message in cases:
            code, out, err = self.run_tool(*argv, rules=False)
            self.assertEqual((code, err), (2, message), argv)

    def test_help_is_generated_from_the_table(self):
        for argv, options in ((["scan"], ["--rules PATH", "-j, --jobs N", "-o, --output FILE", "--color WHEN"]),
                              (["compile"], ["-o, --output BUNDLE"]),
                              (["rules", "profile"], ["--corpus DIR", "--repeat N"]),
                              (["explain"], ["--rules PATH", "--input-format FORMAT"]),
                              (["lexicon", "import-un"], ["-o, --output DIR", "--regimes LIST"])):
            code, out, err = self.run_tool(*argv, "--help", rules=False)
            self.assertEqual(code, 0, argv)
            for option in options:
                self.assertIn("\n  " + option, out, argv)
        code, out, _ = self.run_tool("scan", "--help")
        self.assertNotIn("--corpus", out)  # another command's option

    def test_flags_win_over_the_config_and_disable_adds_to_it(self):
        self.write("copydesk.toml", 'rules = "%s"\nmin_severity = "error"\ndisable = ["style"]\n' % self.rules_dir())
        code, doc, err = self.scan_json("a.txt", rules=False, expect_code=1)
        self.assertEqual([f["rule"] for f in doc["files"][0]["findings"]], ["testext.isis"])
        code, doc, err = self.scan_json("--min-severity", "info", "--disable", "testext", "a.txt", rules=False,
                                        expect_code=0)
        self.assertEqual([f["rule"] for f in doc["files"][0]["findings"]], ["testattr.sources"])

    def rules_dir(self):
        from clitest import RULES
        return RULES


if __name__ == "__main__":
    main()
