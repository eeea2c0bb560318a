"""--write-baseline and --baseline: CI fails only on new findings; fingerprints survive edits."""
import os

from clitest import CliTest, main

ARTICLE = ("The council met on Monday.\n"
           "ISIS claimed the attack, sources said.\n"
           "Markets were calm.\n")


class Baselines(CliTest):
    def setUp(self):
        super().setUp()
        self.write("articles/a.txt", ARTICLE)
        self.write("articles/b.md", "Nothing here.\n")

    def test_baselined_findings_pass_and_new_ones_fail(self):
        code, out, err = self.run_tool("scan", "--no-config", "--write-baseline", "baseline.txt", "articles")
        self.assertEqual(code, 0, err)
        self.assertIn("wrote 2 findings to baseline baseline.txt", err)
        with open(self.path("baseline.txt"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "# copydesk baseline v1: fingerprint, rule, path, matched text (tab-separated)")
        self.assertEqual([l.split("\t")[1:] for l in lines[1:]],
                         [["testext.isis", "articles/a.txt", "ISIS"],
                          ["testattr.sources", "articles/a.txt", "sources said"]])

        code, doc, err = self.scan_json("--no-config", "--baseline", "baseline.txt", "articles", expect_code=0)
        self.assertEqual(doc["files"][0]["findings"], [])
        self.assertEqual(doc["files"][0]["baselined"], 2)
        self.assertEqual(doc["summary"]["baselined"], 2)

        # Unrelated edits elsewhere move the finding to another line and offset: still known.
        self.write("articles/a.txt", "Breaking.\n\nA new first paragraph was added.\n" + ARTICLE +
                   "And a closing line.\n")
        code, doc, err = self.scan_json("--no-config", "--baseline", "baseline.txt", "articles", expect_code=0)
        self.assertEqual(doc["files"][0]["findings"], [])

        # A new finding fails the run and is the only one reported.
        self.write("articles/b.md", "Daech is back.\n")
        code, out, err = self.run_tool("scan", "--no-config", "--baseline", "baseline.txt", "articles")
        self.assertEqual(code, 1)
        self.assertEqual(out, "articles/b.md:1:1: error: Names a designated terrorist organization (Daech) "
                              "[testext.isis]\n"
                              "    1 | Daech is back.\n"
                              "      | ^~~~~\n"
                              "1 finding (1 error, 0 warnings, 0 info) in 1 of 2 files; 2 in the baseline\n")

    def test_a_second_occurrence_is_new(self):
        self.run_tool("scan", "--no-config", "--write-baseline", "baseline.txt", "articles")
        self.write("articles/a.txt", ARTICLE + "ISIS claimed the attack, sources said.\n")
        code, doc, err = self.scan_json("--no-config", "--baseline", "baseline.txt", "articles", expect_code=1)
        self.assertEqual([(f["rule"], f["line"]) for f in doc["files"][0]["findings"]],
                         [("testext.isis", 4), ("testattr.sources", 4)])

    def test_editing_the_flagged_sentence_makes_it_new(self):
        self.run_tool("scan", "--no-config", "--write-baseline", "baseline.txt", "articles")
        self.write("articles/a.txt", ARTICLE.replace("claimed the attack", "denied the attack"))
        code, doc, err = self.scan_json("--no-config", "--baseline", "baseline.txt", "articles", expect_code=1)
        self.assertEqual(len(doc["files"][0]["findings"]), 2)

    def test_paths_are_relative_to_the_baseline_file(self):
        os.makedirs(self.path("ci"))
        self.run_tool("scan", "--no-config", "--write-baseline", "ci/baseline.txt", "articles")
        with open(self.path("ci/baseline.txt"), encoding="utf-8") as f:
            self.assertIn("\t../articles/a.txt\t", f.read())
        # The same baseline works from another working directory.
        code, doc, err = self.scan_json("--no-config", "--baseline", "../ci/baseline.txt", ".",
                                        cwd=self.path("articles"), expect_code=0)
        self.assertEqual(doc["summary"]["baselined"], 2)

    def test_baseline_errors(self):
        self.write("bad.txt", "not a baseline\n")
        code, out, err = self.run_tool("scan", "--no-config", "--baseline", "bad.txt", "articles")
        self.assertEqual(code, 2)
        self.assertEqual(err, "bad.txt:1: error: not a baseline line (expected fingerprint, rule, path)\n")
        code, out, err = self.run_tool("scan", "--no-config", "--baseline", "missing.txt", "articles")
        self.assertEqual(code, 2)
        self.assertEqual(err, "missing.txt: error: cannot read baseline: No such file or directory\n")
        code, out, err = self.run_tool("scan", "--no-config", "--write-baseline", "no/dir/b.txt", "articles")
        self.assertEqual(code, 2)

    def test_sarif_fingerprint_is_the_baseline_fingerprint(self):
        import json
        self.run_tool("scan", "--no-config", "--write-baseline", "baseline.txt", "articles")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "sarif", "articles")
        prints = [r["partialFingerprints"]["copydesk/v1"] for r in json.loads(out)["runs"][0]["results"]]
        with open(self.path("baseline.txt"), encoding="utf-8") as f:
            self.assertEqual(prints, [l.split("\t")[0] for l in f.read().splitlines()[1:]])


class Compile(CliTest):
    def test_bundle_scans_like_the_sources(self):
        self.write("a.txt", "ISIS struck, sources said. At the end of the day.\n")
        from clitest import RULES
        code, out, err = self.run_tool("compile", RULES, "-o", "rules.bundle")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "compiled 3 rules from %s into rules.bundle\n" % RULES)
        code1, from_sources, _ = self.run_tool("scan", "--no-config", "--format", "json", "a.txt")
        code2, from_bundle, err = self.run_tool("scan", "--no-config", "--rules", "rules.bundle",
                                                "--format", "json", "a.txt")
        self.assertEqual((code1, code2), (1, 1), err)
        self.assertEqual(from_sources, from_bundle)

    def test_compile_errors(self):
        self.assertEqual(self.run_tool("compile")[0], 2)
        self.assertEqual(self.run_tool("compile", "x")[0], 2)
        code, out, err = self.run_tool("compile", self.path("nowhere"), "-o", "b.bundle")
        self.assertEqual(code, 2)
        self.assertFalse(os.path.exists(self.path("b.bundle")))
        self.write("corrupt.bundle", b"CPDKBNDL" + b"\x00garbage" * 10)
        self.write("a.txt", "ISIS\n")
        code, out, err = self.run_tool("scan", "--no-config", "--rules", "corrupt.bundle", "a.txt")
        self.assertEqual(code, 2)
        self.assertIn("corrupt.bundle: error: ", err)


if __name__ == "__main__":
    main()
