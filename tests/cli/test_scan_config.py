"""copydesk.toml: discovery, --config, --no-config, every key, and errors with file:line:col."""
import os

from clitest import CliTest, RULES, main

ARTICLE = "ISIS struck, sources said. At the end of the day, nothing changed.\n"


class Config(CliTest):
    def setUp(self):
        super().setUp()
        self.write("project/articles/a.txt", ARTICLE)
        self.write("project/articles/drafts/d.txt", ARTICLE)
        self.write("project/articles/x.tmp.md", ARTICLE)

    def rules_of(self, doc):
        return {f["path"]: [(x["rule"], x["severity"]) for x in f.get("findings", [])] for f in doc["files"]}

    def test_found_from_the_working_directory_upward(self):
        self.write("project/copydesk.toml", 'rules = "%s"\ndisable = ["style"]\n' % RULES)
        code, doc, err = self.scan_json("articles/a.txt", cwd=self.path("project"), rules=False, expect_code=1)
        self.assertEqual(self.rules_of(doc)["articles/a.txt"],
                         [("testext.isis", "error"), ("testattr.sources", "warning")])
        # From a subdirectory, the same file is found.
        code, doc, err = self.scan_json("a.txt", cwd=self.path("project/articles"), rules=False, expect_code=1)
        self.assertEqual(len(self.rules_of(doc)["a.txt"]), 2)
        # --no-config ignores it.
        code, doc, err = self.scan_json("--no-config", "a.txt", cwd=self.path("project/articles"),
                                        expect_code=1)
        self.assertEqual(len(self.rules_of(doc)["a.txt"]), 3)

    def test_all_keys(self):
        self.write("project/copydesk.toml", "\n".join([
            '# project settings',
            'rules = "../rules-copy"',
            'enable = ["extremism", "attribution", "style"]',
            'disable = ["teststyle.cliche"]',
            'ignore = ["drafts/", "*.tmp.md"]',
            'min_severity = "info"',
            'fail_on = "warning"',
            '',
            '[severity]',
            '"testext.isis" = "warning"',
            'attribution = "info"',
        ]) + "\n")
        os.symlink(RULES, self.path("rules-copy"))
        code, doc, err = self.scan_json("articles", cwd=self.path("project"), rules=False)
        self.assertEqual(code, 1, err)  # fail_on = warning and ISIS is now a warning
        self.assertEqual(self.rules_of(doc), {"articles/a.txt": [("testext.isis", "warning"),
                                                                 ("testattr.sources", "info")]})
        # The command line wins over the file.
        code, doc, err = self.scan_json("--fail-on", "error", "--min-severity", "warning", "articles",
                                        cwd=self.path("project"), rules=False)
        self.assertEqual(code, 0, err)
        self.assertEqual(self.rules_of(doc), {"articles/a.txt": [("testext.isis", "warning")]})
        # The SARIF rule metadata shows the configured level.
        code, out, err = self.run_tool("scan", "--format", "sarif", "articles", cwd=self.path("project"),
                                       rules=False)
        self.assertIn('"id":"testext.isis"', out)
        import json
        rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
        self.assertEqual(rules["testext.isis"]["defaultConfiguration"]["level"], "warning")

    def test_explicit_config_file_and_ignore_globs(self):
        self.write("elsewhere/settings.toml", 'ignore = ["articles/drafts/**", "**/*.tmp.md"]\n')
        code, doc, err = self.scan_json("--config", self.path("elsewhere/settings.toml"), "project",
                                        expect_code=1)
        # Globs are relative to the config file's directory: nothing under elsewhere/ matches.
        self.assertEqual(sorted(self.rules_of(doc)), ["project/articles/a.txt",
                                                      "project/articles/drafts/d.txt",
                                                      "project/articles/x.tmp.md"])
        self.write("project/settings.toml", 'ignore = ["articles/drafts/**", "**/*.tmp.md"]\n')
        code, doc, err = self.scan_json("--config", self.path("project/settings.toml"), "project",
                                        expect_code=1)
        self.assertEqual(sorted(self.rules_of(doc)), ["project/articles/a.txt"])

    def test_unknown_key_is_an_error_with_position(self):
        self.write("project/copydesk.toml", 'rules = "%s"\n\nfail_on = "error"\n  exclude = ["x"]\n' % RULES)
        code, out, err = self.run_tool("scan", "articles", cwd=self.path("project"), rules=False)
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertEqual(err, self.path("project/copydesk.toml") + ":4:3: error: unknown key 'exclude' "
                         "(expected rules, enable, disable, ignore, severity, min_severity or fail_on)\n")

    def test_bad_values_are_errors_with_position(self):
        self.write("c.toml", 'enable = "extremism"\nfail_on = "sometimes"\n[severity]\n"testext.isis" = "fatal"\n')
        code, out, err = self.run_tool("scan", "--config", "c.toml", "project")
        self.assertEqual(code, 2)
        self.assertEqual(err.splitlines(), [
            "c.toml:1:10: error: 'enable' must be an array of strings",
            "c.toml:2:11: error: 'fail_on': unknown level 'sometimes' (expected error, warning, info or none)",
            "c.toml:4:18: error: 'testext.isis': unknown severity 'fatal' (expected error, warning or info)",
        ])

    def test_unknown_rule_names_in_config(self):
        self.write("c.toml", 'disable = ["style", "nosuch"]\n[severity]\n"testext.nope" = "info"\n')
        code, out, err = self.run_tool("scan", "--config", "c.toml", "project")
        self.assertEqual(code, 2)
        self.assertEqual(err.splitlines(), [
            "c.toml:1:21: error: disable: unknown rule, pack or category 'nosuch'",
            "c.toml:3:1: error: severity: unknown rule, pack or category 'testext.nope'",
        ])

    def test_toml_syntax_error(self):
        self.write("c.toml", 'rules = \n')
        code, out, err = self.run_tool("scan", "--config", "c.toml", "project")
        self.assertEqual(code, 2)
        self.assertRegex(err, r"^c\.toml:1:\d+: error: ")

    def test_missing_config_file(self):
        code, out, err = self.run_tool("scan", "--config", "nope.toml", "project")
        self.assertEqual(code, 2)
        self.assertEqual(err, "nope.toml: error: cannot read config file\n")


if __name__ == "__main__":
    main()
