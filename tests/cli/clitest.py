"""Shared helpers of the `copydesk scan` end-to-end tests (run by ctest with /usr/bin/python3).

Environment: COPYDESK_BIN (the tool), COPYDESK_CLI_RULES (the fixture packs in tests/cli/rules),
SARIF_SCHEMA (tests/data/sarif-schema-2.1.0.json).
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

BIN = os.environ.get("COPYDESK_BIN", "copydesk")
RULES = os.environ.get("COPYDESK_CLI_RULES", os.path.join(os.path.dirname(__file__), "rules"))
SARIF_SCHEMA = os.environ.get("SARIF_SCHEMA", "")

ISIS_MSG = "Names a designated terrorist organization ({})"
SOURCES_MSG = "Vague source: {}"
CLICHE_MSG = "Cliché (100% avoidable): {}"


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COPYDESK_RULES")}
    env.update(extra)
    return env


class CliTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="copydesk-cli-")
        # A copydesk.toml above the temp dir must not leak in: tests that want none say --no-config.
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, content, mode="w"):
        full = self.path(name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if isinstance(content, bytes):
            with open(full, "wb") as f:
                f.write(content)
        else:
            with open(full, "w", encoding="utf-8", newline="") as f:
                f.write(content)
        return full

    def run_tool(self, *args, stdin=None, env=None, cwd=None, rules=True):
        argv = [BIN] + list(args)
        if rules and argv[1] == "scan" and not any(a == "--rules" or a.startswith("--rules=") for a in args):
            argv[2:2] = ["--rules", RULES]
        proc = subprocess.run(argv, input=stdin.encode() if isinstance(stdin, str) else stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              cwd=cwd or self.dir, env=env or clean_env(), timeout=300)
        return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")

    def scan_json(self, *args, expect_code=None, **kw):
        code, out, err = self.run_tool("scan", "--format", "json", *args, **kw)
        if expect_code is not None:
            self.assertEqual(code, expect_code, err)
        return code, json.loads(out), err


def span(text, needle, occurrence=0):
    """Byte, UTF-16 and code-point offsets of the n-th `needle` in `text`, and line/column."""
    cp_start = -1
    for _ in range(occurrence + 1):
        cp_start = text.index(needle, cp_start + 1)
    cp_end = cp_start + len(needle)
    start = len(text[:cp_start].encode("utf-8"))
    end = start + len(needle.encode("utf-8"))
    u16 = lambda s: len(s.encode("utf-16-le")) // 2
    line = text.count("\n", 0, cp_start) + 1
    column = cp_start - (text.rfind("\n", 0, cp_start) + 1) + 1
    end_line = text.count("\n", 0, cp_end) + 1
    end_column = cp_end - (text.rfind("\n", 0, cp_end) + 1) + 1
    return {"start": start, "end": end, "start_utf16": u16(text[:cp_start]), "end_utf16": u16(text[:cp_end]),
            "start_cp": cp_start, "end_cp": cp_end, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "text": needle}


def main():
    unittest.main(verbosity=2)
