"""copydesk scan --format text|json|jsonl|sarif|github|html: exact content of each format."""
import json
import os
import pty
import subprocess

from clitest import (BIN, CLICHE_MSG, ISIS_MSG, RULES, SARIF_SCHEMA, SOURCES_MSG, CliTest, clean_env,
                     main, span)

EN = "The minister resigned.\nISIS claimed it, sources said.\n"
AR = "وأعلن تنظيم وداعش مسؤوليته، حسب مصادر مطلعة.\n"

TEXT_EXPECTED = (
    "a.txt:2:1: error: Names a designated terrorist organization (ISIS) [testext.isis]\n"
    "    2 | ISIS claimed it, sources said.\n"
    "      | ^~~~\n"
    "a.txt:2:18: warning: Vague source: sources said [testattr.sources]\n"
    "    2 | ISIS claimed it, sources said.\n"
    "      |                  ^~~~~~~~~~~~\n"
    "b.md:1:13: error: Names a designated terrorist organization (وداعش) [testext.isis]\n"
    "    1 | وأعلن تنظيم ⟦وداعش⟧ مسؤوليته، حسب مصادر مطلعة.\n"
    "b.md:1:33: warning: Vague source: مصادر مطلعة [testattr.sources]\n"
    "    1 | وأعلن تنظيم وداعش مسؤوليته، حسب ⟦مصادر مطلعة⟧.\n"
    "4 findings (2 errors, 2 warnings, 0 info) in 2 of 3 files\n"
)


class TextFormat(CliTest):
    def setUp(self):
        super().setUp()
        self.write("a.txt", EN)
        self.write("b.md", AR)
        self.write("c.txt", "Nothing to see here.\n")

    def test_compiler_style_lines_with_marked_spans(self):
        code, out, err = self.run_tool("scan", "--no-config", ".")
        self.assertEqual(code, 1, err)
        self.assertEqual(out, TEXT_EXPECTED)

    def test_no_colour_when_not_a_terminal(self):
        code, out, _ = self.run_tool("scan", "--no-config", "a.txt")
        self.assertNotIn("\033[", out)

    def test_colour_always(self):
        code, out, _ = self.run_tool("scan", "--no-config", "--color", "always", "a.txt")
        self.assertIn("\033[1ma.txt:2:1:\033[0m \033[1;31merror:\033[0m Names", out)
        self.assertIn("    2 | \033[1;31mISIS\033[0m claimed it, sources said.\n", out)
        self.assertIn("      | \033[1;31m^~~~\033[0m\n", out)

    def _run_on_terminal(self, env):
        leader, follower = pty.openpty()
        try:
            proc = subprocess.run([BIN, "scan", "--no-config", "--rules", RULES, "--no-progress", "a.txt"],
                                  stdout=follower, stderr=subprocess.PIPE, cwd=self.dir, env=env,
                                  timeout=60)
            os.close(follower)
            follower = None
            chunks = []
            while True:
                try:
                    data = os.read(leader, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            return proc.returncode, b"".join(chunks).decode("utf-8")
        finally:
            if follower is not None:
                os.close(follower)
            os.close(leader)

    def test_colour_on_a_terminal_unless_no_color(self):
        code, out = self._run_on_terminal(clean_env(TERM="xterm"))
        self.assertEqual(code, 1)
        self.assertIn("\033[1;31merror:", out)
        code, out = self._run_on_terminal(clean_env(TERM="xterm", NO_COLOR="1"))
        self.assertEqual(code, 1)
        self.assertNotIn("\033[", out)
        self.assertIn("a.txt:2:1: error: Names", out)

    def test_long_line_is_cut_around_the_span(self):
        line = "word " * 40 + "ISIS" + " tail" * 40
        self.write("long.txt", line + "\n")
        code, out, _ = self.run_tool("scan", "--no-config", "long.txt")
        before = "…" + ("word " * 40)[-40:]
        after = (" tail" * 40)[:40] + "…"
        self.assertIn("    1 | " + before + "ISIS" + after + "\n", out)
        self.assertIn("      | " + " " * 41 + "^~~~\n", out)

    def test_bidi_controls_are_shown_by_name(self):
        self.write("bidi.txt", "ISIS \u202ecovert text\n")
        code, out, _ = self.run_tool("scan", "--no-config", "bidi.txt")
        self.assertIn("    1 | ISIS <U+202E>covert text\n", out)

    def test_explain(self):
        code, out, _ = self.run_tool("scan", "--no-config", "--explain", "--format", "json", "a.txt")
        findings = json.loads(out)["files"][0]["findings"]
        self.assertTrue(all(f["explain"] for f in findings), findings)
        code, out, _ = self.run_tool("scan", "--no-config", "--explain", "a.txt")
        self.assertRegex(out, r"\n      \| = \S")


class JsonFormat(CliTest):
    def test_schema_and_offsets(self):
        self.write("a.txt", EN)
        self.write("b.md", AR)
        self.write("sub/c.txt", "At the end of the day, nothing.\n")
        code, doc, err = self.scan_json("--no-config", ".", expect_code=1)
        self.assertEqual(doc["tool"], {"name": "copydesk", "version": "0.1.0"})
        self.assertEqual([f["path"] for f in doc["files"]], ["a.txt", "b.md", "sub/c.txt"])

        def finding(rule, category, severity, message, text, needle):
            d = {"rule": rule, "category": category, "severity": severity, "message": message}
            d.update(span(text, needle))
            return d

        keys = ["rule", "category", "severity", "message", "start", "end", "start_utf16", "end_utf16",
                "start_cp", "end_cp", "line", "column", "end_line", "end_column", "text"]
        got = [[{k: f[k] for k in keys} for f in file["findings"]] for file in doc["files"]]
        self.assertEqual(got, [
            [finding("testext.isis", "extremism", "error", ISIS_MSG.format("ISIS"), EN, "ISIS"),
             finding("testattr.sources", "attribution", "warning", SOURCES_MSG.format("sources said"), EN,
                     "sources said")],
            [finding("testext.isis", "extremism", "error", ISIS_MSG.format("وداعش"), AR, "وداعش"),
             finding("testattr.sources", "attribution", "warning", SOURCES_MSG.format("مصادر مطلعة"), AR,
                     "مصادر مطلعة")],
            [finding("teststyle.cliche", "style", "info", CLICHE_MSG.format("At the end of the day"),
                     "At the end of the day, nothing.\n", "At the end of the day")],
        ])
        for file in doc["files"]:
            self.assertEqual(file["warnings"], [])
            for f in file["findings"]:
                self.assertRegex(f["fingerprint"], r"^[0-9a-f]{16}$")
                with open(self.path(file["path"]), "rb") as raw_file:
                    raw = raw_file.read()
                self.assertEqual(raw[f["start"]:f["end"]].decode("utf-8"), f["text"])
        self.assertEqual(doc["summary"], {"files": 3, "files_with_findings": 3, "files_not_scanned": 0, "files_truncated": 0,
                                          "findings": 5, "by_severity": {"error": 2, "warning": 2, "info": 1},
                                          "suppressed": 0, "baselined": 0})

    def test_escaping_of_control_characters_and_invalid_utf8(self):
        name = b"odd\"\\\x01\xffname.txt"
        with open(os.path.join(os.fsencode(self.dir), name), "wb") as f:
            f.write(b"ISIS \x7f\xfe\n")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "json", ".")
        self.assertIn('"path":"odd\\"\\\\\\u0001\\ufffdname.txt"', out)
        doc = json.loads(out)  # strict: a raw control character would fail here
        file = doc["files"][0]
        self.assertEqual(file["path"], "odd\"\\\x01\ufffdname.txt")
        self.assertEqual([f["text"] for f in file["findings"]], ["ISIS"])
        self.assertEqual(file["warnings"], ["not valid UTF-8: 1 invalid byte sequence read as U+FFFD"])

    def test_error_entry_instead_of_findings(self):
        code, doc, err = self.scan_json("--no-config", "missing.txt", expect_code=2)
        self.assertEqual(doc["files"], [{"path": "missing.txt", "error": "cannot read: No such file or directory",
                                         "warnings": []}])


class JsonlFormat(CliTest):
    def test_one_finding_per_line(self):
        self.write("a.txt", EN)
        code, out, err = self.run_tool("scan", "--no-config", "--format", "jsonl", "a.txt", "nope.md")
        self.assertEqual(code, 2, err)
        lines = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(out.count("\n"), 3)
        self.assertEqual(lines[0]["path"], "a.txt")
        self.assertEqual((lines[0]["rule"], lines[0]["text"], lines[0]["start"]), ("testext.isis", "ISIS", 23))
        self.assertEqual((lines[1]["rule"], lines[1]["text"]), ("testattr.sources", "sources said"))
        self.assertEqual(lines[2], {"path": "nope.md", "error": "cannot read: No such file or directory"})


class GithubFormat(CliTest):
    def test_workflow_commands_with_escaping(self):
        self.write("d,x/a:b.txt", "ISIS at the end of the day.\n")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "github", ".")
        self.assertEqual(code, 1, err)
        self.assertEqual(out,
                         "::error file=d%2Cx/a%3Ab.txt,line=1,col=1,endLine=1,endColumn=5,title=testext.isis::"
                         "Names a designated terrorist organization (ISIS)\n"
                         "::notice file=d%2Cx/a%3Ab.txt,line=1,col=6,endLine=1,endColumn=27,"
                         "title=teststyle.cliche::Cliché (100%25 avoidable): at the end of the day\n")

    def test_file_problems_are_annotations(self):
        self.write("bin.txt", b"ISIS\x00\x01")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "github", "bin.txt")
        self.assertEqual(code, 2)
        self.assertEqual(out, "::error file=bin.txt,title=copydesk::binary file (NUL byte at offset 4), not scanned\n")


class HtmlFormat(CliTest):
    def test_highlighted_spans_escaped_text_and_direction(self):
        self.write("a.txt", "<script>alert('x')</script> ISIS & co, sources said.\n")
        self.write("b.md", AR)
        self.write("c.txt", "clean\n")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "html", ".")
        self.assertEqual(code, 1, err)
        self.assertTrue(out.startswith("<!DOCTYPE html>\n<html lang=\"en\">"))
        self.assertNotIn("<script>", out)
        self.assertIn(
            "<tr><td class=\"ln\">1</td><td class=\"text\" dir=\"auto\">&lt;script&gt;alert(&#39;x&#39;)"
            "&lt;/script&gt; <mark class=\"error\" title=\"error: Names a designated terrorist organization "
            "(ISIS) [testext.isis]\">ISIS</mark><sup class=\"ref\">1</sup> &amp; co, <mark class=\"warning\" "
            "title=\"warning: Vague source: sources said [testattr.sources]\">sources said</mark>"
            "<sup class=\"ref\">2</sup>.</td><td class=\"notes\" dir=\"auto\"><p><sup class=\"ref\">1</sup> "
            "<span class=\"severity-error\">error</span> Names a designated terrorist organization (ISIS) "
            "<code>[testext.isis]</code></p><p><sup class=\"ref\">2</sup> <span class=\"severity-warning\">"
            "warning</span> Vague source: sources said <code>[testattr.sources]</code></p></td></tr>", out)
        self.assertIn("<td class=\"text\" dir=\"auto\">وأعلن تنظيم <mark class=\"error\"", out)
        self.assertIn("<section class=\"file\">\n<h2 dir=\"auto\">c.txt</h2>\n<p class=\"clean\">No findings.</p>",
                      out)
        self.assertIn("<footer>4 findings (2 errors, 2 warnings, 0 info) in 2 of 3 files", out)
        self.assertTrue(out.endswith("</body>\n</html>\n"))

    def test_overlapping_spans(self):
        # Two categories may flag overlapping text: both stay visible.
        self.write("o.txt", "sources said ISIS\n")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "html", "o.txt")
        self.assertEqual(out.count("<mark"), 2)


class SarifFormat(CliTest):
    def test_valid_against_the_official_schema(self):
        import jsonschema
        self.write("a.txt", EN)
        self.write("مقال.md", AR)
        self.write("s.txt", "At the end of the day.\n")
        self.write("bin.txt", b"\x00\x00")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "sarif", ".")
        self.assertEqual(code, 2, err)
        log = json.loads(out)
        with open(SARIF_SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft4Validator.check_schema(schema)
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
        self.assertEqual(errors, [], "\n".join(e.message for e in errors[:5]))

        run = log["runs"][0]
        rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
        self.assertEqual(set(rules), {"testext.isis", "testattr.sources", "teststyle.cliche"})
        isis = rules["testext.isis"]
        self.assertEqual(isis["shortDescription"]["text"], "ISIS named by name")
        self.assertEqual(isis["fullDescription"]["text"],
                         "Fixture rule: ISIS by its Arabic, English or French name.")
        self.assertEqual(isis["help"]["text"], "Fixture rule: ISIS by its Arabic, English or French name."
                                               "\n\nReferences:\n- UNSC 1267 list, QDe.115")
        self.assertEqual(isis["defaultConfiguration"]["level"], "error")
        self.assertEqual(rules["teststyle.cliche"]["defaultConfiguration"]["level"], "note")
        self.assertEqual(run["columnKind"], "unicodeCodePoints")

        results = run["results"]
        self.assertEqual([(r["ruleId"], r["level"]) for r in results],
                         [("testext.isis", "error"), ("testattr.sources", "warning"),
                          ("teststyle.cliche", "note"), ("testext.isis", "error"),
                          ("testattr.sources", "warning")])
        first = results[0]
        self.assertEqual(run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"], "testext.isis")
        self.assertEqual(first["message"]["text"], ISIS_MSG.format("ISIS"))
        loc = first["locations"][0]["physicalLocation"]
        self.assertEqual(loc["artifactLocation"]["uri"], "a.txt")
        self.assertEqual(loc["region"], {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 5,
                                         "byteOffset": 23, "byteLength": 4, "snippet": {"text": "ISIS"}})
        self.assertRegex(first["partialFingerprints"]["copydesk/v1"], r"^[0-9a-f]{16}$")
        arabic = results[3]["locations"][0]["physicalLocation"]
        self.assertEqual(arabic["artifactLocation"]["uri"], "%D9%85%D9%82%D8%A7%D9%84.md")
        self.assertEqual((arabic["region"]["startColumn"], arabic["region"]["endColumn"]), (13, 18))
        invocation = run["invocations"][0]
        self.assertFalse(invocation["executionSuccessful"])
        self.assertEqual([n["message"]["text"] for n in invocation["toolExecutionNotifications"]],
                         ["binary file (NUL byte at offset 0), not scanned"])

    def test_empty_run_is_valid(self):
        import jsonschema
        self.write("a.txt", "Nothing.\n")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "sarif", "a.txt")
        self.assertEqual(code, 0, err)
        with open(SARIF_SCHEMA, encoding="utf-8") as f:
            jsonschema.Draft4Validator(json.load(f)).validate(json.loads(out))


if __name__ == "__main__":
    main()
