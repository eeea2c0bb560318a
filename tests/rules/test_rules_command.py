"""Tests of `copydesk rules check`, `copydesk rules test` and `copydesk explain`, on the
fixture packs next to this file.

Usage: test_rules_command.py --copydesk PATH [unittest arguments, e.g. Check]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import unittest

COPYDESK = None
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture(*parts):
    return os.path.join(FIXTURES, *parts)


def run(*args, stdin=None):
    env = dict(os.environ)
    env.pop("COPYDESK_RULES", None)
    r = subprocess.run([COPYDESK, *args], capture_output=True, timeout=300, input=stdin, env=env)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


class Check(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.code, cls.out, cls.err = run("rules", "check", fixture("broken"))

    def test_exit_status_is_1(self):
        self.assertEqual(self.code, 1, self.out + self.err)

    def test_misspelled_key(self):
        path = fixture("broken", "demo", "misspelled.toml")
        self.assertRegex(self.err, rf"(?m)^{re.escape(path)}:6:1: error: .*exmaple_count")

    def test_broken_regex(self):
        path = fixture("broken", "demo", "badregex.toml")
        # The pattern string starts at column 13 of line 7.
        self.assertRegex(self.err, rf"(?m)^{re.escape(path)}:7:1[3-4]: error: ")

    def test_bad_severity(self):
        path = fixture("broken", "demo", "badseverity.toml")
        self.assertRegex(self.err, rf"(?m)^{re.escape(path)}:5:(1|12): error: .*severity")

    def test_summary_counts_errors(self):
        m = re.search(r"(?m)^(\d+) errors?", self.out)
        self.assertIsNotNone(m, self.out)
        printed = len(re.findall(r"(?m): error: ", self.err))
        self.assertEqual(int(m.group(1)), printed)
        self.assertGreaterEqual(printed, 3)

    def test_valid_pack_is_ok(self):
        code, out, err = run("rules", "check", fixture("examples"))
        self.assertEqual(code, 0, out + err)
        self.assertIn("2 rules in 1 pack: OK", out)

    def test_one_pack_directory_and_one_rule_file(self):
        code, out, err = run("rules", "check", fixture("examples", "demo"))
        self.assertEqual(code, 0, out + err)
        code, out, err = run("rules", "check", fixture("broken", "demo", "badseverity.toml"))
        self.assertEqual(code, 1, out + err)
        self.assertIn("badseverity.toml:5:", err)

    def test_missing_path(self):
        code, out, err = run("rules", "check", fixture("does-not-exist"))
        self.assertEqual(code, 2)
        self.assertIn("does-not-exist", err)

    def test_help(self):
        code, out, _ = run("rules", "check", "--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: copydesk rules check", out)


class Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.code, cls.out, cls.err = run("rules", "test", fixture("examples"))

    def test_exit_status_is_1(self):
        self.assertEqual(self.code, 1, self.out + self.err)

    def test_failure_names_source_line_rule_expected_and_flagged(self):
        path = fixture("examples", "demo", "failing.toml")
        # The example is written on lines 10-13 ([[example]] header to `expect`).
        self.assertRegex(self.out, rf'(?m)^{re.escape(path)}:1[0-3]: demo.failing: '
                                   r'expected \["unicorn"\] but flagged \["unicornfish"\]$')

    def test_passing_rule_reports_nothing(self):
        self.assertNotIn("demo.passing", self.out)

    def test_summary(self):
        self.assertRegex(self.out, r"(?m)^1 passed, 1 failed$")

    def test_coverage_by_language(self):
        self.assertRegex(self.out, r"(?m)^  en: 2/2$")
        self.assertRegex(self.out, r"(?m)^  fr: 1/1$")

    def test_all_passing_exits_0(self):
        code, out, err = run("rules", "test", fixture("examples", "demo", "passing.toml"))
        self.assertEqual(code, 0, out + err)
        self.assertRegex(out, r"(?m)^1 passed, 0 failed$")

    def test_missing_path(self):
        self.assertEqual(run("rules", "test", fixture("does-not-exist"))[0], 2)

    def test_rules_that_do_not_compile(self):
        code, out, err = run("rules", "test", fixture("broken"))
        self.assertEqual(code, 1)
        self.assertIn("misspelled.toml:6:", err)

    def test_help(self):
        code, out, _ = run("rules", "test", "--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: copydesk rules test", out)


class Coverage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.code, cls.out, cls.err = run("rules", "test", fixture("coverage"))

    def test_declared_language_without_examples_fails(self):
        self.assertEqual(self.code, 1, self.out + self.err)
        path = fixture("coverage", "demo", "nofrench.toml")
        self.assertRegex(self.out, rf'(?m)^{re.escape(path)}: demo.nofrench: declares language "fr"')
        self.assertRegex(self.out, r"(?m)^  fr: 0/1$")
        # demo.nopass has no passing example in English: it is not covered.
        self.assertRegex(self.out, r"(?m)^  en: 2/3$")

    def test_rule_without_passing_example_fails(self):
        path = fixture("coverage", "demo", "nopass.toml")
        self.assertRegex(self.out, rf"(?m)^{re.escape(path)}: demo.nopass: no \[\[example\]\] that must pass")

    def test_summary(self):
        self.assertNotIn("demo.complete", self.out)
        self.assertRegex(self.out, r"(?m)^1 passed, 2 failed$")


class Explain(unittest.TestCase):
    def test_explains_each_finding(self):
        with tempfile.TemporaryDirectory() as tmp:
            article = os.path.join(tmp, "article.txt")
            with open(article, "w", encoding="utf-8") as f:
                f.write("First line.\nThen a zebracorn appeared.\n")
            code, out, err = run("explain", article, "--rules", fixture("examples"))
            self.assertEqual(code, 0, out + err)
            lines = out.splitlines()
            self.assertEqual(lines[0], f"{article}:2:8: warning: Flagged zebracorn. [demo.passing]")
            self.assertGreater(len(lines), 1, "no explanation printed")
            self.assertTrue(lines[1].startswith("    "), lines[1])
            self.assertIn("zebracorn", "\n".join(lines[1:]))

    def test_stdin_and_input_format(self):
        code, out, err = run("explain", "-", "--rules", fixture("examples"), "--input-format", "html",
                             stdin="<p>A <b>zebracorn</b></p>".encode())
        self.assertEqual(code, 0, out + err)
        self.assertIn("[demo.passing]", out)

    def test_no_findings(self):
        code, out, err = run("explain", "-", "--rules", fixture("examples"), stdin=b"Nothing here.")
        self.assertEqual(code, 0, out + err)
        self.assertIn("no findings", out)

    def test_errors(self):
        self.assertEqual(run("explain", "/nonexistent/article.txt", "--rules", fixture("examples"))[0], 2)
        self.assertEqual(run("explain", "-", "--rules", fixture("broken"), stdin=b"x")[0], 2)
        self.assertEqual(run("explain", "-", "--input-format", "pdf")[0], 2)
        self.assertEqual(run("explain")[0], 2)

    def test_help(self):
        code, out, _ = run("explain", "--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: copydesk explain", out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--copydesk", required=True)
    args, rest = parser.parse_known_args()
    COPYDESK = os.path.abspath(args.copydesk)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
