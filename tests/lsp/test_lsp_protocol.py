"""`copydesk lsp` at the protocol level: the built server spawned with pipes, JSON-RPC written
and read by lsp_client.py, every wait bounded. The fixture packs of tests/cli/rules are used
(testext.isis: ISIS, داعش; testattr.sources: "sources said", "مصادر مطلعة").
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp_client  # noqa: E402
from lsp_client import Server, apply_edits, file_uri, position, slice_range  # noqa: E402

# Astral characters (two UTF-16 units, four bytes) and Arabic (one unit, two bytes) before the
# findings, so UTF-16 offsets, code points and bytes all differ.
ARTICLE = ("# 😀 تقرير 🎉\n"
           "𝕏𝕏 said ISIS 🚀 claimed it, sources said.\n"
           "\n"
           "قالت مصادر مطلعة 😀 إن داعش انسحب.\n")
EXPECTED = [("testext.isis", "ISIS"), ("testattr.sources", "sources said"),
            ("testattr.sources", "مصادر مطلعة"), ("testext.isis", "داعش")]


def expected_range(text, needle, encoding, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return {"start": position(text, start, encoding), "end": position(text, start + len(needle), encoding)}


class LspTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="copydesk-lsp-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def server(self, *args, config=False, **kw):
        """A server started in the test's folder; with --no-config unless `config`."""
        kw.setdefault("cwd", self.dir)
        s = Server(*(args if config else ("--no-config",) + args), **kw)
        self.addCleanup(s.kill)
        self.addCleanup(lambda: self.assertEqual(s.bad_frames, [], "malformed output from the server"))
        return s

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def assert_ranges(self, text, diagnostics, expected, encoding):
        got = [(d["code"], slice_range(text, d["range"], encoding)) for d in diagnostics]
        self.assertEqual(got, expected)
        seen = {}
        for d, (rule, needle) in zip(diagnostics, expected):
            n = seen.get(needle, 0)
            seen[needle] = n + 1
            self.assertEqual(d["range"], expected_range(text, needle, encoding, n), needle)


class Initialize(LspTest):
    def test_utf16_by_default(self):
        s = self.server()
        result = s.initialize()
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-16")
        self.assertEqual(result["capabilities"]["textDocumentSync"], {"openClose": True, "change": 1})
        self.assertEqual(result["capabilities"]["codeActionProvider"], {"codeActionKinds": ["quickfix"]})
        self.assertEqual(result["serverInfo"]["name"], "copydesk")
        self.assertNotIn("offsetEncoding", result)
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        self.assert_ranges(ARTICLE, s.diagnostics(uri, 1), EXPECTED, "utf-16")
        self.assertEqual(s.stop(), 0)

    def test_utf16_when_utf8_is_not_offered(self):
        s = self.server()
        result = s.initialize({"general": {"positionEncodings": ["utf-32", "utf-16"]}})
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-16")

    def test_utf8_when_offered(self):
        s = self.server()
        result = s.initialize({"general": {"positionEncodings": ["utf-16", "utf-8"]}})
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-8")
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        diagnostics = s.diagnostics(uri, 1)
        self.assert_ranges(ARTICLE, diagnostics, EXPECTED, "utf-8")
        # Bytes and UTF-16 really differ here: the same finding, two different characters.
        self.assertNotEqual(expected_range(ARTICLE, "ISIS", "utf-8"), expected_range(ARTICLE, "ISIS", "utf-16"))
        self.assertEqual(s.stop(), 0)

    def test_clangd_offset_encoding(self):
        # Older clients (Neovim before 0.9 with a config that asks) use clangd's extension.
        s = self.server()
        result = s.initialize({"offsetEncoding": ["utf-8", "utf-16"]})
        self.assertEqual(result["offsetEncoding"], "utf-8")
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-8")

    def test_diagnostic_fields(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        first = s.diagnostics(uri, 1)[0]
        self.assertEqual(first["code"], "testext.isis")
        self.assertEqual(first["severity"], 1)  # error
        self.assertEqual(first["source"], "copydesk")
        self.assertEqual(first["message"], "Names a designated terrorist organization (ISIS)")
        self.assertEqual(first["data"]["category"], "extremism")
        self.assertEqual(first["codeDescription"]["href"],
                         "file://" + os.path.realpath(os.path.join(lsp_client.RULES, "testext", "isis.toml")))

    def test_docs_url(self):
        s = self.server("--docs-url", "https://wiki.example/copydesk/{pack}/{rule}.html")
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "ISIS, sources said.")
        hrefs = [d["codeDescription"]["href"] for d in s.diagnostics(uri, 1)]
        self.assertEqual(hrefs, ["https://wiki.example/copydesk/testext/testext.isis.html",
                                 "https://wiki.example/copydesk/testattr/testattr.sources.html"])
        s2 = self.server("--docs-url=https://wiki.example/rules/")
        s2.initialize()
        s2.open(uri, "ISIS")
        self.assertEqual(s2.diagnostics(uri, 1)[0]["codeDescription"]["href"], "https://wiki.example/rules/testext.isis")

    def test_severity_mapping(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "ISIS said, sources said, at the end of the day.")
        self.assertEqual([(d["code"], d["severity"]) for d in s.diagnostics(uri, 1)],
                         [("testext.isis", 1), ("testattr.sources", 2), ("teststyle.cliche", 3)])


class Documents(LspTest):
    def test_open_change_close(self):
        s = self.server("--debounce", "0")
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "Nothing to see.")
        self.assertEqual(s.diagnostics(uri, 1), [])
        s.change(uri, ARTICLE, 2)
        self.assert_ranges(ARTICLE, s.diagnostics(uri, 2), EXPECTED, "utf-16")
        s.change(uri, "Clean again.", 3)
        self.assertEqual(s.diagnostics(uri, 3), [])
        s.change(uri, "ISIS", 4)
        self.assertEqual(len(s.diagnostics(uri, 4)), 1)
        s.close_document(uri)
        closed = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == uri and "version" not in m["params"])
        self.assertEqual(closed["params"]["diagnostics"], [])
        self.assertEqual(s.stop(), 0)

    def test_ranged_changes_are_applied(self):
        # We ask for full text; a client that sends ranges anyway is still understood.
        s = self.server("--debounce", "0")
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        s.diagnostics(uri, 1)
        start = ARTICLE.index("ISIS")
        rng = {"start": position(ARTICLE, start, "utf-16"), "end": position(ARTICLE, start + 4, "utf-16")}
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                            "contentChanges": [{"range": rng, "text": "Daech"}]})
        changed = ARTICLE.replace("ISIS", "Daech")
        self.assert_ranges(changed, s.diagnostics(uri, 2),
                           [("testext.isis", "Daech")] + EXPECTED[1:], "utf-16")

    def test_typing_is_debounced(self):
        s = self.server("--debounce", "1000")
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "")
        s.diagnostics(uri, 1)
        text = ""
        for version, word in enumerate(["ISIS ", "claimed ", "it, ", "sources ", "said."], start=2):
            text += word
            s.change(uri, text, version)
        final = s.diagnostics(uri, 6)
        self.assertEqual([d["code"] for d in final], ["testext.isis", "testattr.sources"])
        published = [m for m in s.kept if m.get("method") == "textDocument/publishDiagnostics"]
        self.assertEqual(published, [], "keystrokes inside the quiet time were checked one by one")

    def test_requests_are_answered_while_a_long_scan_runs(self):
        s = self.server()
        s.initialize()
        big = file_uri(os.path.join(self.dir, "big.md"))
        s.open(big, ("ISIS claimed it, sources said. 😀 " * 50 + "\n\n") * 1500)  # ~4 MB
        reply = s.request("textDocument/codeAction", {
            "textDocument": {"uri": big}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}})
        s.response(reply)
        self.assertEqual([m for m in s.kept if m.get("method") == "textDocument/publishDiagnostics"], [],
                         "the reply waited for the scan")
        self.assertGreater(len(s.diagnostics(big, 1, timeout=120)), 1000)

    def test_format_from_language_id_and_extension(self):
        s = self.server()
        s.initialize()
        commented = "<!-- copydesk-disable-next-line testext -->\nISIS, sources said.\n"
        # Markdown and HTML honour the comment; plain text has none.
        for n, (name, language, codes) in enumerate([
                ("a.md", "markdown", ["testattr.sources"]),
                ("a.txt", "markdown", ["testattr.sources"]),
                ("a.md", "plaintext", ["testext.isis", "testattr.sources"]),
                ("a.txt", "text", ["testext.isis", "testattr.sources"]),
                ("b.txt", "mail", ["testext.isis", "testattr.sources"]),      # unknown id: the extension
                ("b.html", "something", ["testattr.sources"])]):
            uri = file_uri(os.path.join(self.dir, str(n), name))
            s.open(uri, commented, language)
            self.assertEqual([d["code"] for d in s.diagnostics(uri, 1)], codes, (name, language))
        # HTML offsets are those of the original text, tags and entities included.
        html = "<p>Le groupe &eacute;tat <b>😀 ISIS</b> a revendiqu&eacute;, sources said.</p>"
        uri = file_uri(os.path.join(self.dir, "page.html"))
        s.open(uri, html, "html")
        self.assert_ranges(html, s.diagnostics(uri, 1), [("testext.isis", "ISIS"), ("testattr.sources", "sources said")],
                           "utf-16")

    def test_untitled_documents(self):
        s = self.server()
        s.initialize()
        s.open("untitled:Untitled-1", "ISIS", "markdown")
        self.assertEqual([d["code"] for d in s.diagnostics("untitled:Untitled-1", 1)], ["testext.isis"])

    def test_a_document_too_large_is_reported(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "huge.txt"))
        s.open(uri, "a" * (64 * 1024 * 1024 + 1), "text")
        [d] = s.diagnostics(uri, 1, timeout=60)
        self.assertEqual(d["severity"], 1)
        self.assertIn("could not check this document", d["message"])
        self.assertIn("COPYDESK_E_LIMIT", d["message"])


class Settings(LspTest):
    def test_copydesk_toml_nearest_to_the_document(self):
        self.write("newsroom/copydesk.toml",
                   'rules = "../packs"\ndisable = ["testattr"]\nmin_severity = "info"\n'
                   '[severity]\n"testext.isis" = "warning"\n')
        shutil.copytree(lsp_client.RULES, os.path.join(self.dir, "packs"))
        self.write("newsroom/desk/copydesk.toml", 'rules = "../../packs"\nenable = ["testattr"]\n')
        s = self.server(config=True, rules=False)
        s.initialize()
        a = file_uri(self.write("newsroom/a.md", ARTICLE))
        b = file_uri(self.write("newsroom/desk/b.md", ARTICLE))
        c = file_uri(self.write("newsroom/other/c.md", ARTICLE))
        s.open(a, ARTICLE)
        s.open(b, ARTICLE)
        s.open(c, ARTICLE)
        self.assertEqual([(d["code"], d["severity"]) for d in s.diagnostics(a, 1)],
                         [("testext.isis", 2), ("testext.isis", 2)])
        self.assertEqual([d["code"] for d in s.diagnostics(b, 1)], ["testattr.sources"] * 2)
        self.assertEqual([d["code"] for d in s.diagnostics(c, 1)], ["testext.isis"] * 2)
        # The file changes: the next check reads it again.
        self.write("newsroom/copydesk.toml", 'rules = "../packs"\nmin_severity = "error"\n')
        s.change(a, ARTICLE + "\n", 2)
        self.assertEqual([d["code"] for d in s.diagnostics(a, 2)], ["testext.isis"] * 2)

    def test_flags_win_over_the_file(self):
        self.write("copydesk.toml", 'enable = ["testattr"]\nmin_severity = "error"\n')
        s = self.server("--enable", "testext", config=True)
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        # --enable replaces enable; the file's other keys still apply.
        self.assertEqual([d["code"] for d in s.diagnostics(uri, 1)], ["testext.isis"] * 2)

    def test_a_broken_copydesk_toml_is_shown(self):
        path = self.write("copydesk.toml", 'rules = "."\nexclude = ["x"]\n')
        s = self.server(config=True)
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        [d] = s.diagnostics(uri, 1)
        self.assertEqual(d["severity"], 1)
        self.assertEqual(d["range"], {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}})
        self.assertIn(path + ":2:1: error: unknown key 'exclude'", d["message"])
        shown = s.wait(lambda m: m.get("method") == "window/showMessage")
        self.assertEqual(shown["params"]["type"], 1)
        self.assertIn("unknown key 'exclude'", shown["params"]["message"])
        # Fixed: the next change is checked with it.
        self.write("copydesk.toml", 'disable = ["testattr"]\n')
        s.change(uri, ARTICLE, 2)
        self.assertEqual([d["code"] for d in s.diagnostics(uri, 2)], ["testext.isis"] * 2)

    def test_unknown_rule_name_in_the_file(self):
        path = self.write("copydesk.toml", 'disable = ["nosuch"]\n')
        s = self.server(config=True)
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "ISIS")
        [d] = s.diagnostics(uri, 1)
        self.assertIn(path + ":1:12: error: disable: unknown rule, pack or category 'nosuch'", d["message"])

    def test_configuration_change_reloads(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "ISIS")
        s.diagnostics(uri, 1)
        s.notify("workspace/didChangeConfiguration", {"settings": {}})
        self.assertEqual(len(s.diagnostics(uri, 1)), 1)

    def test_suppression_mistakes_are_diagnostics(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, "First.\n<!-- copydesk-disable-next-line nosuch.rule -->\nISIS\n")
        d = s.diagnostics(uri, 1)
        self.assertEqual([(x.get("code"), x["severity"], x["range"]["start"]["line"]) for x in d],
                         [("testext.isis", 1, 2), (None, 2, 1)])
        self.assertIn("unknown rule or category 'nosuch.rule'", d[1]["message"])


class CodeActions(LspTest):
    def actions(self, s, uri, diagnostics, line):
        return s.call("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": {"diagnostics": diagnostics}})["result"]

    def fix(self, text, language="markdown", encoding="utf-16", rule="testext.isis", which=0, name="a.md", **caps):
        """Opens `text`, takes the `which`-th diagnostic of `rule`, applies the line fix; returns the
        new text and its diagnostics."""
        s = self.server("--debounce=0")
        capabilities = {"general": {"positionEncodings": [encoding]}}
        capabilities.update(caps)
        s.initialize(capabilities)
        uri = file_uri(os.path.join(self.dir, name))
        s.open(uri, text, language)
        target = [d for d in s.diagnostics(uri, 1) if d["code"] == rule][which]
        actions = self.actions(s, uri, [target], target["range"]["start"]["line"])
        self.assertEqual([a["title"] for a in actions], ["Suppress %s on this line (copydesk)" % rule,
                                                         "Suppress %s in this document (copydesk)" % rule])
        for a in actions:
            self.assertEqual(a["kind"], "quickfix")
            self.assertEqual(a["diagnostics"], [target])
        edit = actions[0]["edit"]
        edits = edit["documentChanges"][0]["edits"] if "documentChanges" in edit else edit["changes"][uri]
        fixed = apply_edits(text, edits, encoding)
        s.change(uri, fixed, 2)
        return fixed, s.diagnostics(uri, 2), actions, s, uri

    def test_comment_line_above(self):
        text = "# Title\n\n😀 ISIS claimed it, sources said.\n"
        fixed, diagnostics, *_ = self.fix(text)
        self.assertEqual(fixed, "# Title\n\n<!-- copydesk-disable-next-line testext.isis -->\n"
                                "😀 ISIS claimed it, sources said.\n")
        self.assertEqual([d["code"] for d in diagnostics], ["testattr.sources"])

    def test_first_line_and_indentation(self):
        fixed, diagnostics, *_ = self.fix("  ISIS\n")
        self.assertEqual(fixed, "  <!-- copydesk-disable-next-line testext.isis -->\n  ISIS\n")
        self.assertEqual(diagnostics, [])

    def test_inside_a_paragraph_the_comment_ends_the_line_above(self):
        # A comment line would split the paragraph in two: it goes at the end of the line above,
        # before a hard line break.
        text = "𝕏 The statement was read,  \nand ISIS claimed it.\n"
        fixed, diagnostics, *_ = self.fix(text, encoding="utf-8")
        self.assertEqual(fixed, "𝕏 The statement was read, <!-- copydesk-disable-next-line testext.isis -->  \n"
                                "and ISIS claimed it.\n")
        self.assertEqual(diagnostics, [])

    def test_list_items_and_marker_lines(self):
        # A list item above: the comment ends it (a comment line would split the list).
        fixed, diagnostics, *_ = self.fix("- one\n- two ISIS\n")
        self.assertEqual(fixed, "- one <!-- copydesk-disable-next-line testext.isis -->\n- two ISIS\n")
        self.assertEqual(diagnostics, [])
        # A line of markers above (front matter, a rule, a setext underline, a table's delimiter
        # row) must stay as it is: the comment gets a line of its own.
        for above in ["---", "***", "===", "| --- | --- |"]:
            text = "Intro\n%s\nISIS\n" % above
            fixed, diagnostics, *_ = self.fix(text)
            self.assertEqual(fixed, "Intro\n%s\n<!-- copydesk-disable-next-line testext.isis -->\nISIS\n" % above)

    def test_html_gets_a_comment_line(self):
        text = "<p>Intro\n    and ISIS claimed it.</p>\n"
        fixed, diagnostics, *_ = self.fix(text, language="html", name="a.html")
        self.assertEqual(fixed, "<p>Intro\n    <!-- copydesk-disable-next-line testext.isis -->\n"
                                "    and ISIS claimed it.</p>\n")
        self.assertEqual(diagnostics, [])

    def test_a_second_rule_joins_the_comment(self):
        text = "<!-- copydesk-disable-next-line testattr -- quoting the ruling -->\nISIS claimed it, sources said.\n"
        fixed, diagnostics, *_ = self.fix(text)
        self.assertEqual(fixed, "<!-- copydesk-disable-next-line testattr,testext.isis -- quoting the ruling -->\n"
                                "ISIS claimed it, sources said.\n")
        self.assertEqual(diagnostics, [])

    def test_crlf_documents_keep_crlf(self):
        fixed, diagnostics, *_ = self.fix("Title\r\n\r\nISIS\r\n")
        self.assertEqual(fixed, "Title\r\n\r\n<!-- copydesk-disable-next-line testext.isis -->\r\nISIS\r\n")
        self.assertEqual(diagnostics, [])

    def test_document_action(self):
        text = "---\ntitle: x\n---\nISIS\n\nISIS again.\n"
        _, _, actions, s, uri = self.fix(text, workspace={"workspaceEdit": {"documentChanges": True}})
        doc = actions[1]["edit"]["documentChanges"][0]
        self.assertEqual(doc["textDocument"], {"uri": uri, "version": 1})
        whole = apply_edits(text, doc["edits"], "utf-16")
        self.assertEqual(whole, "---\ntitle: x\n---\n<!-- copydesk-disable testext.isis -->\nISIS\n\nISIS again.\n")
        s.change(uri, whole, 3)
        self.assertEqual(s.diagnostics(uri, 3), [])

    def test_without_client_diagnostics_the_published_ones_are_used(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.md"))
        s.open(uri, ARTICLE)
        s.diagnostics(uri, 1)
        titles = [a["title"] for a in self.actions(s, uri, [], 3)]
        self.assertEqual(titles, ["Suppress testattr.sources on this line (copydesk)",
                                  "Suppress testext.isis on this line (copydesk)",
                                  "Suppress testattr.sources in this document (copydesk)",
                                  "Suppress testext.isis in this document (copydesk)"])
        self.assertEqual(self.actions(s, uri, [], 2), [])

    def test_none_for_plain_text_or_other_kinds(self):
        s = self.server()
        s.initialize()
        uri = file_uri(os.path.join(self.dir, "a.txt"))
        s.open(uri, "ISIS", "plaintext")
        [d] = s.diagnostics(uri, 1)
        self.assertEqual(self.actions(s, uri, [d], 0), [])
        md = file_uri(os.path.join(self.dir, "a.md"))
        s.open(md, "ISIS")
        [d] = s.diagnostics(md, 1)
        reply = s.call("textDocument/codeAction", {
            "textDocument": {"uri": md}, "range": d["range"],
            "context": {"diagnostics": [d], "only": ["refactor"]}})
        self.assertEqual(reply["result"], [])
        other = dict(d, source="another-linter")
        self.assertEqual(len(self.actions(s, md, [other], 0)), 2)  # falls back to ours


class BadInput(LspTest):
    def alive(self, s):
        """The server still answers and checks documents."""
        reply = s.call("textDocument/codeAction", {
            "textDocument": {"uri": "file:///nowhere.md"},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}})
        self.assertEqual(reply["result"], [])

    def test_malformed_json(self):
        s = self.server()
        s.initialize()
        for body in [b"{", b"not json", b'{"jsonrpc": "2.0", "id": 1, "method": "x",}', b"\xff\xfe{}",
                     b'{"jsonrpc":"2.0","method":"x","params":"\xc3("}', b"",
                     b'{"jsonrpc":"2.0","id":1,"method":"x","params":{"s":"\\ud800"}}']:
            s.send_raw(lsp_client.frame(body))
            error = s.error()
            self.assertEqual(error["code"], -32700, body)
            self.assertIn("invalid JSON", error["message"])
        self.alive(s)
        self.assertEqual(s.stop(), 0)

    def test_invalid_requests(self):
        s = self.server()
        s.initialize()
        cases = [
            ([1, 2], -32600, None), ("text", -32600, None), (42, -32600, None),
            ({"id": 7, "method": "shutdown"}, -32600, 7),  # no "jsonrpc"
            ({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}, -32600, None),
            ({"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}, -32600, None),
            ({"jsonrpc": "2.0", "id": 8}, -32600, 8),
            ({"jsonrpc": "2.0", "id": 9, "method": 5}, -32600, 9),
            ({"jsonrpc": "2.0", "id": 10, "method": "nosuch/method"}, -32601, 10),
            ({"jsonrpc": "2.0", "id": 11, "method": "textDocument/codeAction", "params": {}}, -32602, 11),
            ({"jsonrpc": "2.0", "id": 12, "method": "textDocument/codeAction", "params": 3}, -32600, 12),
            ({"jsonrpc": "2.0", "id": "s", "method": "textDocument/codeAction",
              "params": {"textDocument": {"uri": 5}}}, -32602, "s"),
            ({"jsonrpc": "2.0", "id": 13, "method": "initialize", "params": {}}, -32600, 13),  # again
        ]
        for message, code, id in cases:
            s.send(message)
            reply = s.wait(lambda m: "error" in m, what="an error for %r" % (message,))
            self.assertEqual(reply["error"]["code"], code, message)
            self.assertEqual(reply["id"], id, message)
        # Bad notifications are logged, not answered, and change nothing.
        s.notify("textDocument/didOpen", {"textDocument": {"uri": 3}})
        s.notify("textDocument/didChange", {"textDocument": {"uri": "file:///not-open.md", "version": 2},
                                            "contentChanges": [{"text": "ISIS"}]})
        s.notify("textDocument/didChange", {"textDocument": {"uri": "file:///x.md"}, "contentChanges": 5})
        s.notify("textDocument/didClose", {})
        s.notify("$/cancelRequest", {"id": 1})
        s.notify("workspace/somethingNew", {"x": [1, 2, 3]})
        self.alive(s)
        self.assertEqual(s.kept, [])
        s.logged("didChange of a document that is not open")

    def test_before_initialize_and_after_shutdown(self):
        s = self.server()
        reply = s.call("textDocument/codeAction", {})
        self.assertEqual(reply["error"]["code"], -32002)
        s.open("file:///a.md", "ISIS")  # dropped
        s.initialize()
        s.quiet(lambda m: m.get("method") == "textDocument/publishDiagnostics", 0.5)
        self.assertEqual(s.call("shutdown")["result"], None)
        self.assertEqual(s.call("shutdown")["error"]["code"], -32600)
        s.notify("exit")
        self.assertEqual(s.wait_exit(), 0)

    def test_exit_without_shutdown_and_end_of_input(self):
        s = self.server()
        s.initialize()
        s.notify("exit")
        self.assertEqual(s.wait_exit(), 1)
        s = self.server()
        s.initialize()
        s.proc.stdin.close()
        self.assertEqual(s.wait_exit(), 1)

    def test_bad_framing(self):
        s = self.server()
        s.initialize()
        cases = [
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",  # no length
            b"Content-Length: twelve\r\n\r\n",
            b"Content-Length: -5\r\n\r\n",
            b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
            b"garbage without a colon\r\n\r\n",
            b"X-Long: " + b"y" * 100000 + b"\r\n\r\n",  # an endless header line
            b"Content-Length: 10\r\nContent-Type: application/json; charset=latin-1\r\n\r\n0123456789",
        ]
        for data in cases:
            s.send_raw(data)
            error = s.error()
            self.assertIn(error["code"], (-32700, -32600), data[:60])
        s.logged("unsupported charset 'latin-1'")
        # A body sent with no header at all runs into the next header: that message still counts.
        s.send_raw(b'{"jsonrpc":"2.0","method":"x"}' + lsp_client.frame(
            json.dumps({"jsonrpc": "2.0", "id": 100, "method": "textDocument/codeAction", "params": {
                "textDocument": {"uri": "file:///n.md"}, "range": {"start": {"line": 0, "character": 0},
                                                                   "end": {"line": 0, "character": 0}},
                "context": {}}}).encode()))
        self.assertEqual(s.response(100)["result"], [])
        s.logged("skipped 30 bytes that were not a header")
        self.alive(s)
        self.assertEqual(s.stop(), 0)

    def test_huge_and_deep_messages(self):
        s = self.server()
        s.initialize()
        # Larger than the limit: skipped as it arrives (memory stays small), answered with an error.
        size = 81 * 1024 * 1024
        chunk = b"x" * (1024 * 1024)

        def write_huge():
            s.send_raw(b"Content-Length: %d\r\n\r\n" % size)
            for _ in range(size // len(chunk)):
                s.proc.stdin.write(chunk)
            s.proc.stdin.flush()
        writer = threading.Thread(target=write_huge)
        writer.start()
        error = s.error(timeout=120)
        writer.join(120)
        self.assertEqual(error["code"], -32600)
        self.assertIn("more than the", error["message"])
        # Deeply nested or enormous JSON is refused before it costs memory.
        s.send_raw(lsp_client.frame(b"[" * 200000 + b"]" * 200000))
        self.assertIn("nested more than 64", s.error()["message"])
        s.send_raw(lsp_client.frame(b"[" + b"0," * 2000000 + b"0]"))
        self.assertIn("more than 1000000 values", s.error()["message"])
        # A declared length far beyond anything, then the input ends: no wait, no crash.
        self.alive(s)
        s.send_raw(b"Content-Length: 999999999999999\r\n\r\n")
        s.proc.stdin.close()
        self.assertEqual(s.wait_exit(), 1)

    def test_mutated_messages(self):
        """Valid messages with fields dropped or given values of every other type: answered or
        logged, never a crash (seeded, bounded)."""
        rng = random.Random(11)
        uri = file_uri(os.path.join(self.dir, "m.md"))
        rng_ = {"start": {"line": 1, "character": 3}, "end": {"line": 2, "character": 1}}
        valid = [
            {"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": ARTICLE}}},
            {"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2},
                                                            "contentChanges": [{"range": rng_, "text": "ISIS"}]}},
            {"id": 1, "method": "textDocument/codeAction", "params": {
                "textDocument": {"uri": uri}, "range": rng_, "context": {"diagnostics": [{
                    "range": rng_, "code": "testext.isis", "source": "copydesk", "message": "m"}], "only": ["quickfix"]}}},
            {"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}},
        ]
        odd = [None, True, -1, 2 ** 63, -2 ** 63, 1.5, "", "x" * 300, [], {}, [1, "a"], {"line": -5}]

        def mutate(value):
            if isinstance(value, dict) and value:
                key = rng.choice(list(value))
                out = dict(value)
                if rng.random() < 0.3:
                    del out[key]
                else:
                    out[key] = mutate(value[key])
                return out
            if isinstance(value, list) and value:
                i = rng.randrange(len(value))
                return value[:i] + [mutate(value[i])] + value[i + 1:]
            return rng.choice(odd)

        s = self.server("--debounce=0")
        s.initialize()
        for n in range(400):
            message = dict(jsonrpc="2.0", **rng.choice(valid))
            for _ in range(rng.randint(1, 3)):
                message = mutate(message)
            if isinstance(message, dict) and "id" in message and isinstance(message["id"], int):
                message["id"] = 1000 + n
            s.send(message)
        self.alive(s)
        self.assertIsNone(s.proc.poll())
        self.assertEqual(s.stop(), 0)

    def test_the_scan_matches_copydesk_scan(self):
        """The server's findings are those of `copydesk scan --format json` for the same file."""
        path = self.write("a.md", ARTICLE)
        scan = subprocess.run([lsp_client.BIN, "scan", "--no-config", "--rules", lsp_client.RULES, "--format", "json",
                               path], stdout=subprocess.PIPE, env=lsp_client.clean_env(), timeout=60)
        findings = json.loads(scan.stdout)["files"][0]["findings"]
        s = self.server()
        s.initialize()
        s.open(file_uri(path), ARTICLE)
        diagnostics = s.diagnostics(file_uri(path), 1)
        self.assertEqual([(d["code"], slice_range(ARTICLE, d["range"], "utf-16")) for d in diagnostics],
                         [(f["rule"], f["text"]) for f in findings])
        self.assertEqual([d["data"]["fingerprint"] for d in diagnostics], [f["fingerprint"] for f in findings])


if __name__ == "__main__":
    unittest.main(verbosity=2)
