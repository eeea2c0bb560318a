"""Tests of `copydesk lexicon import-un`.

Usage: test_import_un.py --copydesk PATH --source REPO_ROOT [unittest arguments, e.g. Regenerate]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import unittest

COPYDESK = None
SOURCE = None
UN_XML_NAME = "un-sc-consolidated-list-2022-09-15.xml"
# Removed from the list after the committed snapshot: resolution 2799 (2025).
DELISTED = "QDi.317,QDi.336"
LISTS = ("un-1267-names.txt", "un-1267-weak-aliases.txt", "un-1267-leaders.txt")


def un_xml():
    return os.path.join(SOURCE, "tests", "data", "un", UN_XML_NAME)


def shipped(name):
    return os.path.join(SOURCE, "rules", "extremism", "lists", name)


def run(*args):
    return subprocess.run([COPYDESK, *args], capture_output=True, timeout=120)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def entries(path):
    """(term, {field: value}) for every non-comment line."""
    out = []
    for line in read_lines(path):
        if not line or line.startswith("#"):
            continue
        term, *fields = line.split("\t")
        meta = {}
        for field in fields:
            key, _, value = field.partition("=")
            meta[key] = value
        out.append((term, meta))
    return out


def find(path, term, ref):
    return [meta for t, meta in entries(path) if t == term and meta.get("ref") == ref]


class ImportedList(unittest.TestCase):
    """Imports the committed copy of the 2022-09-15 list once per test class."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.result = run("lexicon", "import-un", un_xml(), "-o", cls.tmp.name, "--delisted", DELISTED)
        cls.names = os.path.join(cls.tmp.name, "un-1267-names.txt")
        cls.weak = os.path.join(cls.tmp.name, "un-1267-weak-aliases.txt")
        cls.leaders = os.path.join(cls.tmp.name, "un-1267-leaders.txt")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr.decode(errors="replace"))


class Regenerate(ImportedList):
    def test_reproduces_the_committed_lists_byte_for_byte(self):
        for name in LISTS:
            with open(os.path.join(self.tmp.name, name), "rb") as got, open(shipped(name), "rb") as want:
                self.assertEqual(got.read(), want.read(),
                                 f"{name} differs from rules/extremism/lists/{name}: regenerate it")

    def test_a_second_run_is_identical(self):
        with tempfile.TemporaryDirectory() as other:
            self.assertEqual(run("lexicon", "import-un", un_xml(), "-o", other, "--delisted", DELISTED).returncode, 0)
            for name in LISTS:
                with open(os.path.join(other, name), "rb") as a, open(os.path.join(self.tmp.name, name), "rb") as b:
                    self.assertEqual(a.read(), b.read())

    def test_header_says_generated_from_which_file(self):
        for path in (self.names, self.weak):
            header = [l for l in read_lines(path) if l.startswith("#")]
            text = "\n".join(header)
            self.assertIn("copydesk lexicon import-un", text)
            self.assertIn(UN_XML_NAME, text)
            self.assertIn("2022-09-15T18:59:59.485-04:00", text)
            self.assertIn("Do not edit by hand", text)
            self.assertIn("weak", text)  # the split heuristic is written down

    def test_delisted_left_out_and_said(self):
        for path in (self.names, self.leaders):
            text = "\n".join(read_lines(path))
            self.assertIn("--delisted", text)
            self.assertIn("QDi.317", text)
        self.assertEqual([t for t, m in entries(self.leaders) if m["ref"] in ("QDi.317", "QDi.336")], [])

    def test_sorted_by_reference_number(self):
        refs = [meta["ref"] for _, meta in entries(self.names)]
        numbers = [int(r.split(".")[1]) for r in refs]
        self.assertEqual(numbers, sorted(numbers))
        self.assertTrue(all(r.startswith("QDe.") for r in refs))


class Entries(ImportedList):
    def test_al_qaida_in_iraq_original_script_with_provenance(self):
        hits = find(self.names, "القاعده في العراق", "QDe.115")
        self.assertEqual(len(hits), 1)
        meta = hits[0]
        self.assertEqual(meta["listed"], "2004-10-18")
        self.assertEqual(meta["name"], "AL-QAIDA IN IRAQ")
        self.assertEqual(meta["list"], "UN-1267")
        self.assertEqual(meta["quality"], "original-script")

    def test_ansaru_persian_yeh_cleaned(self):
        hits = find(self.names, "أنصار المسلمين في بلاد السودان", "QDe.142")
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits[0]["listed"], "2014-06-26")
        self.assertEqual(len(find(self.names, "Ansaru", "QDe.142")), 1)
        for path in (self.names, self.weak):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for letter in ("\u06CC", "\u06A9", "\u06BE", "\u06C1"):
                self.assertNotIn(letter, text)

    def test_al_qaida_the_base_is_weak_al_qaida_is_a_name(self):
        self.assertEqual(len(find(self.weak, "The Base", "QDe.004")), 1)
        self.assertEqual(find(self.names, "The Base", "QDe.004"), [])
        self.assertEqual(find(self.names, '"The Base"', "QDe.004"), [])
        primary = find(self.names, "AL-QAIDA", "QDe.004")
        self.assertEqual(len(primary), 1)
        self.assertEqual(primary[0]["quality"], "primary")
        self.assertEqual(len(find(self.names, "Al Qaeda", "QDe.004")), 1)

    def test_ordinary_phrases_are_weak(self):
        for term, ref in (("New Jihad", "QDe.003"), ("Al-Jihad", "QDe.003"),
                          ("The Veiled", "QDe.140"), ("The Sentinels", "QDe.141"),
                          ("LET", "QDe.118")):
            self.assertEqual(len(find(self.weak, term, ref)), 1, term)
            self.assertEqual(find(self.names, term, ref), [], term)

    def test_abbreviations_are_names_matched_in_capitals(self):
        for term, ref in (("AQAP", "QDe.129"), ("JNIM", "QDe.159"), ("ISIL-K", "QDe.161")):
            hits = find(self.names, term, ref)
            self.assertEqual(len(hits), 1, term)
            self.assertEqual(hits[0].get("case"), "exact", term)

    def test_bracketed_names_are_split_out(self):
        # "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); ...)"
        self.assertEqual(find(self.names, "هيئة تحرير الشام", "QDe.137")[0]["quality"], "original-script")
        self.assertEqual(len(find(self.names, "Hay’at Tahrir al-Sham", "QDe.137")), 1)
        self.assertEqual(len(find(self.names, "Jabhat al-Nusrah", "QDe.137")), 1)
        # "(PAKISTAN)" qualifies AL-HARAMAIN FOUNDATION; it is not a name of its own.
        self.assertEqual(find(self.names, "PAKISTAN", "QDe.104") + find(self.weak, "PAKISTAN", "QDe.104"), [])
        self.assertEqual(len(find(self.names, "AL-HARAMAIN FOUNDATION", "QDe.104")), 1)

    def test_fka_quality_kept(self):
        self.assertEqual(find(self.names, "Salafist Group For Call and Combat", "QDe.014")[0]["quality"], "f.k.a.")

    def test_leaders_with_role_and_organization(self):
        zawahiri = find(self.leaders, "أيمن محمد ربيع الظواهري", "QDi.006")
        self.assertEqual(len(zawahiri), 1)
        self.assertEqual(zawahiri[0]["person"], "QDi.006")
        self.assertEqual(zawahiri[0]["org"], "QDe.004")
        self.assertEqual(zawahiri[0]["role"], "Leader of Al-Qaida (QDe.004)")
        self.assertEqual(zawahiri[0]["quality"], "original-script")
        # A low-quality alias of three words is kept: the name everyone knows.
        baghdadi = find(self.leaders, "Abu Bakr al-Baghdadi", "QDi.299")
        self.assertEqual(baghdadi[0]["quality"], "alias-low")
        self.assertEqual(baghdadi[0]["org"], "QDe.115")

    def test_leaders_names_that_name_no_one_are_left_out(self):
        names = {t for t, m in entries(self.leaders)}
        for vague in ("Abu Mohammed", "Abu Fatma", "Dr. Ibrahim", "Mohammed Hassan Ibrahim", "Abdul Haq",
                      "أبو دعاء"):
            self.assertNotIn(vague, names)

    def test_individuals_without_a_leading_role_are_left_out(self):
        refs = {m["ref"] for t, m in entries(self.leaders)}
        self.assertIn("QDi.400", refs)  # "Leader of Al-Nusrah Front ... for coastal area"
        self.assertTrue(all(r.startswith("QDi.") for r in refs))
        self.assertLess(len(refs), 120)  # of the 260 or so QDi individuals

    def test_every_line_has_provenance(self):
        for path in (self.names, self.weak):
            for term, meta in entries(path):
                self.assertTrue(term and term == term.strip() and "  " not in term, repr(term))
                for key in ("ref", "listed", "name", "list", "quality"):
                    self.assertTrue(meta.get(key), f"{term}: no {key}")
                self.assertIn(meta["quality"], ("primary", "original-script", "a.k.a.", "f.k.a."))

    def test_stray_space_in_arabic_word_is_reported(self):
        stderr = self.result.stderr.decode()
        self.assertIn(f"{un_xml()}: warning: QDe.014: ", stderr)
        self.assertIn("القا", stderr)
        # ... and the name is still written as published.
        self.assertEqual(len(find(self.names, "تنظيم القا عدة ببلاد المغرب الاسلامي", "QDe.014")), 1)


SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2030-01-02T03:04:05">
  <INDIVIDUALS><INDIVIDUAL><FIRST_NAME>SOMEONE</FIRST_NAME><REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>
  <ENTITIES>
    <ENTITY><FIRST_NAME>ZEBRA   WATCHERS
        OF KALAMBO (ZWK)</FIRST_NAME><REFERENCE_NUMBER>QDe.900 </REFERENCE_NUMBER><LISTED_ON>2030-01-01</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>تنظیم کالامبو ھذا</NAME_ORIGINAL_SCRIPT>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>"The Youth"</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Kalambo Zebra Brigade</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Kalambo  Zebra Brigade </ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>جبهة كالامبو (Jabhat Kalambo; Kalambo
          Front)</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Islamic Group</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY/><ALIAS_NAME/></ENTITY_ALIAS>
    </ENTITY>
    <ENTITY><FIRST_NAME>ZANU TRUST (KENYA)</FIRST_NAME><REFERENCE_NUMBER>QDe.010</REFERENCE_NUMBER><LISTED_ON>2001-02-03</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>جمعية القا نو</NAME_ORIGINAL_SCRIPT>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Zanu \\xff Trust</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
    <ENTITY><FIRST_NAME>OTHER REGIME GROUP</FIRST_NAME><REFERENCE_NUMBER>TAe.001</REFERENCE_NUMBER><LISTED_ON>2011-01-01</LISTED_ON><UN_LIST_TYPE>Taliban</UN_LIST_TYPE></ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


class Cleaning(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.xml = os.path.join(self.tmp.name, "synthetic.xml")
        with open(self.xml, "wb") as f:
            f.write(SYNTHETIC.encode("utf-8").replace(b"\\xff", b"\xff"))
        self.out = os.path.join(self.tmp.name, "out")
        self.result = run("lexicon", "import-un", self.xml, "-o", self.out)
        self.assertEqual(self.result.returncode, 0, self.result.stderr.decode(errors="replace"))
        self.names = os.path.join(self.out, "un-1267-names.txt")
        self.weak = os.path.join(self.out, "un-1267-weak-aliases.txt")

    def tearDown(self):
        self.tmp.cleanup()

    def test_whitespace_collapsed_and_abbreviation_split(self):
        meta = find(self.names, "ZEBRA WATCHERS OF KALAMBO", "QDe.900")
        self.assertEqual(len(meta), 1)
        self.assertEqual(meta[0]["name"], "ZEBRA WATCHERS OF KALAMBO (ZWK)")
        self.assertEqual(meta[0]["listed"], "2030-01-01")
        self.assertEqual(find(self.names, "ZWK", "QDe.900")[0].get("case"), "exact")

    def test_persian_letters_cleaned(self):
        self.assertEqual(len(find(self.names, "تنظيم كالامبو هذا", "QDe.900")), 1)

    def test_quotes_stripped_and_common_phrases_weak(self):
        self.assertEqual(find(self.weak, "The Youth", "QDe.900")[0]["weak"], "common-word")
        self.assertEqual(find(self.weak, "Islamic Group", "QDe.900")[0]["weak"], "common-phrase")

    def test_duplicates_after_cleaning_keep_the_first(self):
        hits = find(self.names, "Kalambo Zebra Brigade", "QDe.900")
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits[0]["quality"], "a.k.a.")

    def test_bracketed_renderings_are_names(self):
        for term in ("جبهة كالامبو", "Jabhat Kalambo", "Kalambo Front"):
            self.assertEqual(len(find(self.names, term, "QDe.900")), 1, term)

    def test_qualifier_in_brackets_is_not_a_name(self):
        self.assertEqual(len(find(self.names, "ZANU TRUST", "QDe.010")), 1)
        all_terms = [t for t, _ in entries(self.names) + entries(self.weak)]
        self.assertNotIn("KENYA", all_terms)

    def test_sorted_by_ref_individuals_and_other_regimes_left_out(self):
        refs = [meta["ref"] for _, meta in entries(self.names)]
        self.assertEqual(refs[0], "QDe.010")
        self.assertEqual(set(refs), {"QDe.010", "QDe.900"})

    def test_invalid_utf8_replaced(self):
        with open(self.names, "rb") as f:
            f.read().decode("utf-8")  # strict: raises on invalid UTF-8
        self.assertEqual(len(find(self.names, "Zanu \ufffd Trust", "QDe.010")), 1)

    def test_stray_space_warning(self):
        self.assertIn(f"{self.xml}: warning: QDe.010: ", self.result.stderr.decode())

    def test_other_regime_on_request(self):
        out = os.path.join(self.tmp.name, "taliban")
        r = run("lexicon", "import-un", self.xml, "-o", out, "--regimes", "TAe")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        hits = find(os.path.join(out, "un-tae-names.txt"), "OTHER REGIME GROUP", "TAe.001")
        self.assertEqual(hits[0]["list"], "UN-Taliban")


class Errors(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def import_un(self, path):
        return run("lexicon", "import-un", path, "-o", os.path.join(self.tmp.name, "out"))

    def test_malformed_xml_gives_line_and_column(self):
        path = self.write("bad.xml", b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST>\n'
                                     b'  <ENTITIES><ENTITY>\n    <FIRST_NAME>x</FIRST_NAMX>\n'
                                     b'</ENTITIES></CONSOLIDATED_LIST>\n')
        r = self.import_un(path)
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr.decode(), rf"^{path}:4:\d+: error: ")
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "out")))

    def test_column_counts_code_points(self):
        # The mismatched end tag starts after 5 Arabic letters (10 bytes) on line 2.
        path = self.write("arabic.xml", "<CONSOLIDATED_LIST>\n<A>داعشش</B></CONSOLIDATED_LIST>".encode())
        r = self.import_un(path)
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr.decode(), rf"^{path}:2:1[01]: error: ")

    def test_not_a_un_list(self):
        path = self.write("other.xml", b'<?xml version="1.0"?>\n<rss><channel/></rss>\n')
        r = self.import_un(path)
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr.decode(), rf"^{path}:2:\d+: error: not a UN")

    def test_empty_and_binary_files(self):
        for name, data in (("empty.xml", b""), ("junk.xml", bytes(range(256)) * 8)):
            path = self.write(name, data)
            r = self.import_un(path)
            self.assertEqual(r.returncode, 2, name)
            self.assertRegex(r.stderr.decode(), rf"^{path}:\d+:\d+: error: ")

    def test_missing_file(self):
        path = os.path.join(self.tmp.name, "missing.xml")
        r = self.import_un(path)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"{path}: error: ", r.stderr.decode())

    def test_no_entity_of_the_regime(self):
        path = self.write("none.xml", b"<CONSOLIDATED_LIST><ENTITIES/></CONSOLIDATED_LIST>")
        r = self.import_un(path)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no entity of regime QDe", r.stderr.decode())

    def test_usage(self):
        self.assertEqual(run("lexicon").returncode, 2)
        self.assertEqual(run("lexicon", "import-un").returncode, 2)
        self.assertEqual(run("lexicon", "import-un", un_xml(), "--bogus").returncode, 2)
        r = run("lexicon", "import-un", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"--regimes", r.stdout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--copydesk", required=True)
    parser.add_argument("--source", required=True)
    args, rest = parser.parse_known_args()
    COPYDESK = os.path.abspath(args.copydesk)
    SOURCE = os.path.abspath(args.source)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
