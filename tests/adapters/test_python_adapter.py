"""The Python adapter (host-adapters/python) end to end, standard library only.

Run by ctest with COPYDESK_LIBRARY pointing at the built libcopydesk.so, PYTHONPATH at
host-adapters/python and COPYDESK_FFI_HEADER at the generated macro-free header.
"""

import gc
import os
import re
import tempfile
import threading
import unittest
from ctypes import POINTER, c_char_p, c_int, c_size_t, c_uint32, c_uint64, c_int32, c_void_p

import copydesk
from copydesk import _lib, errors

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RULES_DIR = os.path.join(SOURCE_DIR, "rules")
ARTICLE = os.path.join(SOURCE_DIR, "examples", "articles", "isis-financing-ar.txt")
HEADER = os.path.join(SOURCE_DIR, "plugin", "include", "copydesk.h")

# The pack the C ABI tests use too.
with open(os.path.join(SOURCE_DIR, "tests", "data", "packs", "test-pack.toml"), encoding="utf-8") as _f:
    TEST_PACK = _f.read()

ARABIC_VARIANTS = ("قال المتحدث إن وداعش تبنّى الهجوم. "
                   "وذكر أن دَاعِش خسر مواقعه. "
                   "ثم عاد داعـــش إلى المنطقة. "
                   "وأضاف أن دا\u200Cعش ما زال نشطا.")


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def summary(findings):
    return [(f.rule_id, f.byte_start, f.byte_end, f.severity, f.message) for f in findings]


class ScanTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = copydesk.Ruleset.compile_string(TEST_PACK, origin="test-pack.toml")
        cls.scanner = cls.rules.scanner()

    def test_arabic_variants_slice_out_the_written_form(self):
        found = self.scanner.scan(ARABIC_VARIANTS)
        self.assertEqual([ARABIC_VARIANTS[f.start:f.end] for f in found],
                         ["وداعش", "دَاعِش", "داعـــش", "دا\u200Cعش"])
        self.assertEqual({f.rule_id for f in found}, {"test.isis"})
        self.assertEqual({f.category for f in found}, {"extremism"})
        self.assertEqual({f.severity for f in found}, {"error"})
        self.assertEqual([f.folded for f in found][1:], ["داعش"] * 3)
        encoded = ARABIC_VARIANTS.encode("utf-8")
        for f in found:
            self.assertEqual(encoded[f.byte_start:f.byte_end].decode("utf-8"), ARABIC_VARIANTS[f.start:f.end])

    def test_offsets_after_emoji_are_code_points_bytes_and_utf16(self):
        text = "🙂🙂 تقرير 𝕏 عن داعش 👍🏽 و ISIS militants"
        found = self.scanner.scan(text)
        self.assertEqual([text[f.start:f.end] for f in found], ["داعش", "ISIS"])
        for f in found:
            prefix = text[:f.start]
            self.assertEqual(f.byte_start, len(prefix.encode("utf-8")))
            self.assertEqual(f.byte_end, len(text[:f.end].encode("utf-8")))
            self.assertEqual(f.utf16_start, utf16_len(prefix))
            self.assertEqual(f.utf16_end, utf16_len(text[:f.end]))
            self.assertEqual((f.line, f.column), (1, f.start + 1))
        # Astral characters: UTF-16 counts two units each, code points one.
        self.assertGreater(found[0].utf16_start, found[0].start)

        # bytes in, byte offsets out.
        data = text.encode("utf-8")
        by_bytes = self.scanner.scan(data)
        self.assertEqual([data[f.start:f.end].decode() for f in by_bytes], ["داعش", "ISIS"])
        self.assertEqual([f.start for f in by_bytes], [f.byte_start for f in found])

    def test_options_are_passed_through(self):
        text = "داعش والقاعدة"
        self.assertEqual([f.rule_id for f in self.scanner.scan(text)], ["test.isis", "test.qaeda"])
        self.assertEqual([f.rule_id for f in self.scanner.scan(text, disable="test.isis")], ["test.qaeda"])
        self.assertEqual([f.rule_id for f in self.scanner.scan(text, enable=["test.qaeda"])], ["test.qaeda"])
        self.assertEqual([f.rule_id for f in self.scanner.scan(text, min_severity="error")], ["test.isis"])
        explained = self.scanner.scan(text, explain=True)
        self.assertTrue(all(f.explain and "داعش" in explained[0].explain for f in explained))
        self.assertTrue(all(f.explain is None for f in self.scanner.scan(text)))
        html = "<p>أعلن <b>دا</b>عش</p>"
        self.assertEqual([html[f.start:f.end] for f in self.scanner.scan(html, format="html")], ["دا</b>عش"])
        with self.assertRaises(ValueError):
            self.scanner.scan(text, format="pdf")
        capped = self.scanner.scan(text, max_findings=1)
        self.assertEqual((len(capped), capped.truncated), (1, True))

    def test_unknown_enable_name_raises_invalid_argument(self):
        with self.assertRaises(copydesk.InvalidArgument) as cm:
            self.scanner.scan("داعش", enable="no-such-rule")
        self.assertEqual(cm.exception.code, -3)
        self.assertEqual(cm.exception.name, "COPYDESK_E_INVALID")
        self.assertIn("no-such-rule", str(cm.exception))

    def test_invalid_utf8(self):
        data = b"bad \xff\xfe bytes then \xd8\xaf\xd8\xa7\xd8\xb9\xd8\xb4"
        found = self.scanner.scan(data)
        self.assertEqual([data[f.start:f.end] for f in found], ["داعش".encode()])
        self.assertEqual(found.invalid_utf8, 2)
        with self.assertRaises(copydesk.EncodingError) as cm:
            self.scanner.scan(data, strict_utf8=True)
        self.assertEqual(cm.exception.name, "COPYDESK_E_ENCODING")
        self.assertIn("byte 4", cm.exception.message)

    def test_input_limit_raises_limit_error(self):
        with self.assertRaises(copydesk.LimitError):
            self.scanner.scan("داعش " * 10, max_input_bytes=16)

    def test_ruleset_metadata(self):
        self.assertEqual(len(self.rules), 3)  # test.isis, test.qaeda, test.is-abbrev
        info = {r.id: r for r in self.rules.rules()}
        self.assertEqual(sorted(info), ["test.is-abbrev", "test.isis", "test.qaeda"])
        self.assertEqual(info["test.qaeda"].severity, "warning")
        self.assertEqual(info["test.isis"].category, "extremism")
        self.assertEqual((info["test.isis"].pack, info["test.isis"].pack_version), ("test", ""))


class CompileErrorTest(unittest.TestCase):
    def test_bad_pack_raises_rule_error_with_positions(self):
        bad = TEST_PACK.replace('title = "ISIS named"', 'title = "ISIS named"\ncolour = "red"')
        line = bad.splitlines().index('colour = "red"') + 1
        with self.assertRaises(copydesk.RuleError) as cm:
            copydesk.Ruleset.compile_string(bad, origin="editor.toml")
        e = cm.exception
        self.assertEqual((e.code, e.name), (-4, "COPYDESK_E_RULES"))
        hits = [d for d in e.diagnostics if "colour" in d.message]
        self.assertEqual(len(hits), 1, e.diagnostics)
        d = hits[0]
        self.assertEqual((d.file, d.line, d.column, d.severity), ("editor.toml", line, 1, "error"))
        file, line_, column, severity, rule_id, message = d  # a plain tuple too
        self.assertIn(f"editor.toml:{line}:1: unknown key 'colour'", str(e))

    def test_every_problem_is_listed(self):
        bad = TEST_PACK.replace('severity = "warning"', 'severity = "fatal"').replace(
            'title = "ISIS named"', 'title = "ISIS named"\ncolour = "red"')
        with self.assertRaises(copydesk.RuleError) as cm:
            copydesk.Ruleset.compile_string(bad, origin="editor.toml")
        self.assertGreaterEqual(len([d for d in cm.exception.diagnostics if d.severity == "error"]), 2)

    def test_missing_path_raises_io_error(self):
        with self.assertRaises(copydesk.CopydeskIOError) as cm:
            copydesk.Ruleset.compile(os.path.join(SOURCE_DIR, "no-such-rules-dir"))
        self.assertIn("no-such-rules-dir", str(cm.exception))


class ShippedPacksTest(unittest.TestCase):
    def test_isis_financing_article(self):
        rules = copydesk.Ruleset.compile(RULES_DIR)
        with open(ARTICLE, encoding="utf-8") as f:
            text = f.read()
        found = rules.scanner().scan(text)
        spans = {(f.rule_id, text[f.start:f.end]) for f in found}
        self.assertIn(("extremism.isis", "داعش"), spans)
        self.assertIn(("extremism.isis", "الدواعش"), spans)
        self.assertIn(("attribution.vague-source", "وبحسب مصادر مطلعة"), spans)
        self.assertTrue(any(r.startswith("figures.") for r, _ in spans), spans)
        first = found[0]
        self.assertEqual((first.rule_id, first.line), ("extremism.isis", 1))
        self.assertEqual(first.column, text.splitlines()[0].index("داعش") + 1)


class BundleTest(unittest.TestCase):
    def test_save_load_round_trip_and_corruption(self):
        rules = copydesk.Ruleset.compile_string(TEST_PACK, origin="test-pack.toml")
        expected = summary(rules.scanner().scan(ARABIC_VARIANTS))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rules.cdb")
            rules.save(path)
            self.assertEqual(summary(copydesk.Ruleset.load(path).scanner().scan(ARABIC_VARIANTS)), expected)
            with open(path, "rb") as f:
                data = f.read()
            self.assertEqual(summary(copydesk.Ruleset.load(data).scanner().scan(ARABIC_VARIANTS)), expected)

            corrupted = bytearray(data)
            corrupted[len(corrupted) // 2] ^= 0xFF
            broken = os.path.join(tmp, "broken.cdb")
            with open(broken, "wb") as f:
                f.write(corrupted)
            with self.assertRaises(copydesk.VersionError):
                copydesk.Ruleset.load(broken)
            with self.assertRaises(copydesk.VersionError):
                copydesk.Ruleset.load(data[: len(data) // 3])
            with self.assertRaises(copydesk.CopydeskIOError):
                copydesk.Ruleset.load(os.path.join(tmp, "missing.cdb"))


class LifetimeAndThreadsTest(unittest.TestCase):
    def test_ruleset_freed_before_scanner(self):
        rules = copydesk.Ruleset.compile_string(TEST_PACK)
        scanner = rules.scanner()
        finalizer = rules._finalizer
        del rules
        gc.collect()
        self.assertFalse(finalizer.alive)  # copydesk_ruleset_free has run
        self.assertEqual([f.rule_id for f in scanner.scan("أعلن داعش")], ["test.isis"])
        scanner.close()
        with self.assertRaises(copydesk.InvalidArgument):
            scanner.scan("داعش")

    def test_scanner_per_thread_gives_identical_results(self):
        rules = copydesk.Ruleset.compile(RULES_DIR)
        with open(ARTICLE, encoding="utf-8") as f:
            texts = [f.read(), ARABIC_VARIANTS, "🙂 ISIS militants and al-Qaeda, sources said 40 people died."]
        expected = [summary(rules.scanner().scan(t)) for t in texts]
        self.assertTrue(all(expected[:2]))
        results, failures = {}, []

        def work(n):
            try:
                scanner = rules.scanner()
                results[n] = [[summary(scanner.scan(t)) for t in texts] for _ in range(25)]
            except Exception as e:  # reported below, on the main thread
                failures.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertEqual(len(results), 4)
        for runs in results.values():
            for run in runs:
                self.assertEqual(run, expected)


class ErrorMappingTest(unittest.TestCase):
    def test_each_status_has_its_class(self):
        classes = {-1: copydesk.InternalError, -2: copydesk.OutOfMemory, -3: copydesk.InvalidArgument,
                   -4: copydesk.RuleError, -5: copydesk.CopydeskIOError, -6: copydesk.LimitError,
                   -7: copydesk.EncodingError, -8: copydesk.VersionError, -9: copydesk.BusyError}
        for code, cls in classes.items():
            with self.assertRaises(cls) as cm:
                errors.check(code)
            self.assertIsInstance(cm.exception, copydesk.CopydeskError)
            self.assertEqual(cm.exception.code, code)
            self.assertEqual(cm.exception.name, _lib.status_name(code))
        self.assertEqual(errors.check(0), 0)

    def test_unknown_code_gives_the_base_class(self):
        with self.assertRaises(copydesk.CopydeskError) as cm:
            errors.check(-42)
        self.assertIs(type(cm.exception), copydesk.CopydeskError)
        self.assertEqual(cm.exception.name, "COPYDESK_E_UNKNOWN")

    def test_abi_mismatch_is_refused(self):
        _lib.verify_abi(_lib.ABI_VERSION, "libcopydesk.so")
        with self.assertRaises(ImportError) as cm:
            _lib.verify_abi(_lib.ABI_VERSION + 1, "/x/libcopydesk.so")
        self.assertIn("ABI version", str(cm.exception))
        self.assertEqual(_lib.lib.copydesk_abi_version(), _lib.ABI_VERSION)


# ---------------------------------------------------------------- segments and visible offsets

CONFORMANCE_PACK = os.path.join(SOURCE_DIR, "tests", "data", "packs", "conformance")


class SegmentsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = copydesk.Ruleset.compile(CONFORMANCE_PACK)
        cls.scanner = cls.rules.scanner()

    def test_findings_carry_their_segment_and_slice_its_text(self):
        article = [copydesk.Segment("headline", "title", "😀 Daesh claims the attack"),
                   {"kind": "body", "id": "block-1", "format": "html",
                    "text": "<p>🙂 قال <b>دا</b>عش إن 3000 شخص نزحوا, sources said.</p>"},
                   copydesk.Segment("caption", "fig-1", b"Some of the 3,000 fighters at the camp, he said.")]
        found = self.scanner.scan_segments(article)
        self.assertEqual([(f.rule_id, f.segment_index, f.segment_id, f.segment_kind) for f in found], [
            ("conformance.group", 0, "title", "headline"),
            ("conformance.group", 1, "block-1", "body"),
            ("conformance.vague", 1, "block-1", "body"),
            ("conformance.caption-figure", 2, "fig-1", "caption"),
        ])
        texts = [s.text if isinstance(s, copydesk.Segment) else s["text"] for s in article]
        self.assertEqual([texts[f.segment_index][f.start:f.end] for f in found],
                         ["Daesh", "دا</b>عش", "sources said", b"3,000 fighters"])
        # str segments: code points; the bytes segment: bytes.
        self.assertEqual(found[0].start, 2)
        self.assertEqual(found[0].utf16_start, 3)
        self.assertEqual(found[3].start, found[3].byte_start)
        # The visible text of the HTML segment, in every unit.
        visible = "🙂 قال داعش إن 3000 شخص نزحوا, sources said."
        f = found[1]
        self.assertEqual(f.visible_text, "داعش")
        self.assertEqual(visible[f.visible_start:f.visible_end], "داعش")
        self.assertEqual((f.visible_cp_start, f.visible_cp_end), (f.visible_start, f.visible_end))
        self.assertEqual(f.visible_utf16_start, utf16_len(visible[:f.visible_start]))
        self.assertEqual(f.visible_byte_start, len(visible[:f.visible_start].encode("utf-8")))
        # Plain text: visible offsets are the offsets.
        self.assertEqual((found[0].visible_start, found[0].visible_text), (found[0].start, "Daesh"))

    def test_a_headline_reads_the_lede_and_a_caption_does_not(self):
        headline = "12,000 displaced as fighting spreads"
        lede = "Fighting has displaced 12,000 people, the UN said."
        found = self.scanner.scan_segments([copydesk.Segment("headline", "h", headline),
                                            copydesk.Segment("caption", "c", "12,000 people at a camp."),
                                            copydesk.Segment("body", "p", lede)],
                                           disable="conformance.caption-figure")
        self.assertEqual([(f.segment_id, f.rule_id) for f in found], [("c", "conformance.figure")])
        plain = self.scanner.scan(headline + "\n\n" + lede)
        self.assertEqual([f.rule_id for f in plain], ["conformance.figure"])

    def test_plain_scans_are_segment_zero(self):
        f, = self.scanner.scan("<i>ISIS</i>", format="html")
        self.assertEqual((f.segment_index, f.segment_id, f.segment_kind), (0, "", "body"))
        self.assertEqual((f.start, f.visible_start, f.visible_text), (3, 0, "ISIS"))

    def test_bad_segments(self):
        with self.assertRaises(ValueError):
            self.scanner.scan_segments([copydesk.Segment("footer", "x", "ISIS")])
        with self.assertRaises(ValueError):
            self.scanner.scan_segments([{"kind": "body", "txt": "ISIS"}])
        with self.assertRaises(TypeError):
            self.scanner.scan_segments(["ISIS"])
        with self.assertRaises(TypeError):
            self.scanner.scan_segments([copydesk.Segment("body", "x", 42)])
        with self.assertRaises(copydesk.InvalidArgument):
            self.scanner.scan_segments([], enable="no.such.rule")
        self.assertEqual(list(self.scanner.scan_segments([])), [])
        with self.assertRaises(copydesk.LimitError):
            self.scanner.scan_segments([copydesk.Segment(text="x")] * 65537)

    def test_examples_name_their_segment_kind(self):
        kinds = {(e.rule_id, e.segment) for e in self.rules.examples()}
        self.assertIn(("conformance.caption-figure", "caption"), kinds)
        self.assertIn(("conformance.caption-figure", "body"), kinds)
        self.assertIn(("conformance.group", "body"), kinds)


# ---------------------------------------------------------------- the declarations match the header

_SCALARS = {("int", 0): c_int, ("size_t", 0): c_size_t, ("uint32_t", 0): c_uint32, ("int32_t", 0): c_int32,
            ("uint64_t", 0): c_uint64, ("char", 1): c_char_p, ("void", 1): c_void_p}
_RECORDS = {"copydesk_compiler": _lib.Compiler, "copydesk_ruleset": _lib.Ruleset, "copydesk_scanner": _lib.Scanner,
            "copydesk_findings": _lib.Findings, "copydesk_compile_options": _lib.CompileOptions,
            "copydesk_diagnostic": _lib.Diagnostic, "copydesk_rule_info": _lib.RuleInfo,
            "copydesk_example": _lib.Example, "copydesk_scan_options": _lib.ScanOptions,
            "copydesk_finding": _lib.Finding, "copydesk_segment": _lib.Segment}


def ctype_of(decl, has_name):
    """"const copydesk_findings **out" -> POINTER(POINTER(Findings))."""
    stars = decl.count("*")
    words = decl.replace("*", " ").replace("const", " ").split()
    base = words[0]
    if has_name:
        assert len(words) == 2, decl
    if (base, stars) in _SCALARS:
        return _SCALARS[(base, stars)]
    if base == "void" and stars == 0:
        return None
    t = _RECORDS[base]
    for _ in range(stars):
        t = POINTER(t)
    return t


class HeaderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.environ["COPYDESK_FFI_HEADER"], encoding="utf-8") as f:
            cls.ffi = f.read()

    def test_every_function_is_declared_with_the_header_types(self):
        body = re.sub(r"typedef struct \w+ \{.*?\} \w+;", "", self.ffi, flags=re.S)
        prototypes = re.findall(r"([\w\s\*]+?)\s*\b(copydesk_\w+)\s*\(([^)]*)\)\s*;", body)
        self.assertGreater(len(prototypes), 30)
        self.assertEqual([name for _, name, _ in prototypes], list(_lib.FUNCTIONS))
        for ret, name, params in prototypes:
            restype, argtypes = _lib.FUNCTIONS[name]
            want_ret = ctype_of(ret, False)
            if restype is _lib.STATUS:
                self.assertIs(want_ret, c_int, name)
                self.assertIsNotNone(getattr(_lib.lib, name).errcheck, name)
            else:
                self.assertIs(restype, want_ret, name)
            params = [p.strip() for p in params.split(",")] if params.strip() != "void" else []
            self.assertEqual(argtypes, [ctype_of(p, True) for p in params], name)
            self.assertEqual(getattr(_lib.lib, name).argtypes, argtypes, name)

    def test_structs_mirror_the_header(self):
        structs = re.findall(r"typedef struct (\w+) \{(.*?)\} \w+;", self.ffi, flags=re.S)
        self.assertEqual({name for name, _ in structs}, {n for n, t in _RECORDS.items() if hasattr(t, "_fields_")})
        for name, body in structs:
            fields = [f.strip() for f in body.split(";") if f.strip()]
            want = [(re.findall(r"\w+", f)[-1], ctype_of(f, True)) for f in fields]
            self.assertEqual(_RECORDS[name]._fields_, want, name)
            self.assertEqual(_RECORDS[name]().version, _RECORDS[name].VERSION)

    def test_constants_match_the_header(self):
        with open(HEADER, encoding="utf-8") as f:
            defines = dict(re.findall(r"#define COPYDESK_(\w+) (-?\d+)u?\b", f.read()))
        checked = 0
        for name, value in defines.items():
            if name.startswith("VERSION_"):
                continue
            owner = errors if (name == "OK" or name.startswith("E_")) else _lib
            self.assertEqual(getattr(owner, name), int(value), name)
            checked += 1
        self.assertGreater(checked, 20)


if __name__ == "__main__":
    unittest.main()
