"""`copydesk lsp` with a real client: Neovim's built-in LSP client (`nvim --headless`, Debian's
neovim package) set up with examples/neovim/copydesk.lua, as docs/lsp.md says, opens an
Arabic + emoji Markdown article; nvim_client.lua waits for the diagnostics, applies a quick
fix and reports what the buffer shows. Each diagnostic must slice
exactly the text `copydesk scan --format json` flags in the same file, whether the client
offers utf-8 (bytes) or only utf-16 (the default). The shipped rule packs are used, and a
copydesk.toml beside the article that both read.

Environment: COPYDESK_BIN, COPYDESK_NVIM (the nvim binary).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import BIN, clean_env, position  # noqa: E402

NVIM = os.environ.get("COPYDESK_NVIM", "nvim")
HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT = os.path.join(HERE, "nvim_client.lua")
SETUP = os.path.join(HERE, "..", "..", "examples", "neovim", "copydesk.lua")  # the documented setup

# Astral emoji and Arabic before findings on their lines: UTF-16 units, code points and bytes
# all differ there.
ARTICLE = """\
# 🔴 عاجل: تنظيم داعش يعلن مسؤوليته 🚨

قال مصدر مطلع 🗣️ إن تنظيم داعش 😡 نفّذ الهجوم، وأسفر عن مقتل 27 شخصًا 😢.
وأضافت مصادر مطلعة 📰 أن 30 مقاتلًا من حركة الشباب 🇸🇴 شاركوا في الهجوم.

> «سنواصل القتال» 🎙️ قال أحدهم لوكالة الأنباء.

𝕏 ISIS 😀 claimed it, officials said, and users shared 1,200 posts 🚀.
"""
FIX_LINE = 3  # the vague source on the fourth line: its quick fix ends the line above
CONFIG = '[severity]\nattribution = "error"\n'
SEVERITY = {"error": 1, "warning": 2, "info": 3}


class Neovim(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        if not shutil.which(NVIM):
            raise AssertionError("nvim not found (%s): .ci/install-deps installs Debian's neovim" % NVIM)
        cls.dir = tempfile.mkdtemp(prefix="copydesk-nvim-")
        cls.article = os.path.join(cls.dir, "article.md")
        with open(cls.article, "w", encoding="utf-8") as f:
            f.write(ARTICLE)
        with open(os.path.join(cls.dir, "copydesk.toml"), "w", encoding="utf-8") as f:
            f.write(CONFIG)
        scan = subprocess.run([BIN, "scan", "--format", "json", "article.md"], cwd=cls.dir, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        cls.findings = json.loads(scan.stdout)["files"][0]["findings"]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, True)

    def run_nvim(self, encodings):
        home = tempfile.mkdtemp(prefix="home-", dir=self.dir)
        out = os.path.join(home, "report.json")
        env = clean_env(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
                        XDG_DATA_HOME=os.path.join(home, "data"), XDG_STATE_HOME=os.path.join(home, "state"),
                        XDG_CACHE_HOME=os.path.join(home, "cache"), COPYDESK_BIN=BIN, COPYDESK_NVIM_SETUP=SETUP,
                        COPYDESK_LSP_ENCODINGS=encodings, COPYDESK_LSP_FIX_LINE=str(FIX_LINE), COPYDESK_LSP_OUT=out)
        proc = subprocess.run([NVIM, "--headless", "-n", "-i", "NONE", "--noplugin", "-u", CLIENT, "article.md"],
                              cwd=self.dir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        self.assertTrue(os.path.exists(out), "nvim wrote no report: %s %s" % (proc.stdout, proc.stderr))
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
        self.assertNotIn("error", report, report.get("error"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return report

    def expected(self):
        """The findings of copydesk scan as Neovim should hold them: 0-based lines, byte columns."""
        data = ARTICLE.encode("utf-8")
        starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
        return [{"code": f["rule"], "source": "copydesk", "severity": SEVERITY[f["severity"]], "message": f["message"],
                 "lnum": f["line"] - 1, "col": f["start"] - starts[f["line"] - 1],
                 "end_lnum": f["end_line"] - 1, "end_col": f["end"] - starts[f["end_line"] - 1], "text": f["text"]}
                for f in self.findings]

    def check(self, encodings, expected_encoding):
        report = self.run_nvim(encodings)
        self.assertEqual(report["encoding"], expected_encoding, report["nvim"])
        self.assertEqual(report["filetype"], "markdown")

        # What Neovim shows slices exactly what copydesk scan flags, at the same places.
        self.assertEqual(report["diagnostics"], self.expected())
        # The wire positions are in the agreed unit.
        for d, f in zip(report["published"]["diagnostics"], self.findings):
            self.assertEqual(d["range"]["start"], position(ARTICLE, f["start_cp"], expected_encoding), f["text"])
            self.assertEqual(d["range"]["end"], position(ARTICLE, f["end_cp"], expected_encoding), f["text"])

        # The quick fix: the comment ends the line above (it is text of the same paragraph).
        target = [f for f in self.findings if f["line"] - 1 == FIX_LINE][0]
        self.assertEqual(report["actions"][0], "Suppress %s on this line (copydesk)" % target["rule"])
        lines = ARTICLE.split("\n")[:-1]
        lines[FIX_LINE - 1] = lines[FIX_LINE - 1] + " <!-- copydesk-disable-next-line %s -->" % target["rule"]
        self.assertEqual(report["fixed_lines"], lines)
        rest = [d for d in self.expected() if d["lnum"] != FIX_LINE]
        self.assertEqual([(d["code"], d["lnum"], d["text"]) for d in report["fixed_diagnostics"]],
                         [(d["code"], d["lnum"], d["text"]) for d in rest])

    def test_the_article_is_a_hard_case(self):
        # Findings after astral characters on their line, from two rule packs, and the
        # copydesk.toml read by both (attribution raised to error).
        hard = [f for f in self.findings
                if any(ord(c) > 0xFFFF for c in ARTICLE.split("\n")[f["line"] - 1][:f["column"] - 1])]
        self.assertGreaterEqual(len(hard), 2, self.findings)
        self.assertGreaterEqual(len({f["category"] for f in self.findings}), 2)
        self.assertTrue(all(f["severity"] == "error" for f in self.findings if f["category"] == "attribution"))

    def test_utf8_offered(self):
        self.check("utf-8,utf-16", "utf-8")

    def test_utf16_only(self):
        self.check("utf-16", "utf-16")


if __name__ == "__main__":
    unittest.main(verbosity=2)
