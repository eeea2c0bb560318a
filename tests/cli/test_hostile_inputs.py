"""Issue 9 through the tool: --rules that is no pack and no bundle, keyed bundles with
--key-file, and an ignore glob that backtracking made take 88 s."""
import os

from clitest import CliTest, RULES, main

ARTICLE = "ISIS struck, sources said.\n"


class RulesThatAreNoRules(CliTest):
    def setUp(self):
        super().setUp()
        self.write("a.txt", ARTICLE)

    def scan_with(self, rules):
        return self.run_tool("scan", "--no-config", "--rules", rules, "a.txt")

    def test_empty_file_damaged_magic_and_foreign_files_exit_2_with_the_reason(self):
        self.write("empty.bundle", b"")
        code, out, err = self.scan_with("empty.bundle")
        self.assertEqual(code, 2, out)
        self.assertIn("empty.bundle: error: not a copydesk bundle (the file is empty)", err)
        self.assertEqual(self.run_tool("compile", RULES, "-o", "good.bundle")[0], 0)
        with open(self.path("good.bundle"), "rb") as f:
            good = f.read()
        self.write("magic.bundle", b"X" + good[1:])
        code, out, err = self.scan_with("magic.bundle")
        self.assertEqual(code, 2, out)
        self.assertIn("magic.bundle: error: not a copydesk bundle (bad magic)", err)
        self.write("hostname", "some-host\n")
        code, out, err = self.scan_with(self.path("hostname"))
        self.assertEqual(code, 2, out)
        self.assertIn("not a copydesk bundle", err)
        code, out, err = self.run_tool("rules", "check", self.path("hostname"))
        self.assertNotEqual(code, 0, out)
        self.assertNotIn("OK", out)

    def test_a_pack_with_no_rule_is_an_error(self):
        self.write("p/pack.toml", '[pack]\nid = "p"\ncategory = "extremism"\n')
        code, out, err = self.scan_with(self.path("p"))
        self.assertEqual(code, 2, out)
        self.assertIn("the rule sources hold no rules", err)
        code, out, err = self.run_tool("rules", "check", self.path("p"))
        self.assertNotEqual(code, 0, out)


class KeyedBundles(CliTest):
    def test_compile_and_scan_with_a_key_file(self):
        self.write("a.txt", ARTICLE)
        self.write("key", "correct horse battery staple\n")
        self.write("other-key", "another key of enough bytes\n")
        self.write("short-key", "short\n")
        code, out, err = self.run_tool("compile", RULES, "-o", "k.bundle", "--key-file", "key")
        self.assertEqual(code, 0, err)
        code, plain, err = self.run_tool("scan", "--no-config", "--format", "json", "a.txt")
        code_k, keyed, err = self.run_tool("scan", "--no-config", "--rules", "k.bundle", "--key-file", "key",
                                           "--format", "json", "a.txt")
        self.assertEqual((code, code_k), (1, 1), err)
        self.assertEqual(plain, keyed)
        # Without the key, with another key, or altered: exit 2, never a scan.
        code, out, err = self.run_tool("scan", "--no-config", "--rules", "k.bundle", "a.txt")
        self.assertEqual(code, 2)
        self.assertIn("authenticated", err)
        code, out, err = self.run_tool("scan", "--no-config", "--rules", "k.bundle", "--key-file", "other-key",
                                       "a.txt")
        self.assertEqual(code, 2)
        self.assertIn("authentication failed", err)
        with open(self.path("k.bundle"), "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 1
        self.write("altered.bundle", bytes(data))
        code, out, err = self.run_tool("scan", "--no-config", "--rules", "altered.bundle", "--key-file", "key",
                                       "a.txt")
        self.assertEqual(code, 2)
        self.assertIn("authentication failed", err)
        code, out, err = self.run_tool("compile", RULES, "-o", "s.bundle", "--key-file", "short-key")
        self.assertEqual(code, 2)
        self.assertIn("at least 16 bytes", err)
        self.assertFalse(os.path.exists(self.path("s.bundle")))


class IgnoreGlobs(CliTest):
    def test_a_backtracking_glob_is_linear(self):
        # 18 characters against a 64-character name took 88 s with the backtracking matcher;
        # against this 100-character one, far beyond run_tool's 300 s timeout.
        name = "a" * 96 + ".txt"
        self.write("project/" + name, ARTICLE)
        self.write("project/copydesk.toml", 'rules = "%s"\nignore = ["*a*a*a*a*a*a*a*a*b"]\n' % RULES)
        code, doc, err = self.scan_json(name, cwd=self.path("project"), rules=False)
        self.assertEqual([f["path"] for f in doc["files"]], [name])
        # And the glob still matches what it should.
        self.write("project/copydesk.toml", 'rules = "%s"\nignore = ["*a*a*a*a*a*a*a*a*.txt"]\n' % RULES)
        code, out, err = self.run_tool("scan", name, cwd=self.path("project"), rules=False)
        self.assertEqual(code, 0, out + err)
        self.assertIn("no articles to scan", err)  # the only input is ignored

    def test_glob_forms(self):
        self.write("project/copydesk.toml",
                   'rules = "%s"\nignore = ["**/x/**/*.md", "d?[!a-c]*.txt", "top/**"]\n' % RULES)
        for p in ["x/a.md", "q/x/r/s/b.md", "dxd1.txt", "top/in/deep.txt", "dxa.txt", "x.md", "keep/y.txt"]:
            self.write("project/" + p, ARTICLE)
        code, doc, err = self.scan_json(".", cwd=self.path("project"), rules=False)
        self.assertEqual(sorted(f["path"] for f in doc["files"]), ["dxa.txt", "keep/y.txt", "x.md"])


if __name__ == "__main__":
    main()
