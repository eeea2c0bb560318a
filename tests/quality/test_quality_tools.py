#!/usr/bin/python3
"""Tests of the realnews evaluation tools on synthetic articles, labels and findings written
here (the real news is not part of the project): span matching, the score tables, the set
files' checks, label_spans.py's offsets, the sampler's draw and judgments, and the scorer
end to end with a stand-in for copydesk. Standard library only."""
import io
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import realnews as rl  # noqa: E402
import score_realnews  # noqa: E402
import label_spans  # noqa: E402
import sample_precision  # noqa: E402

ARTICLE_EN = "Port strike\n\nSources said 400 dockers walked out. The union wants 5% more.\n"
ARTICLE_AR = "إضراب\n\nوقالت مصادر مطلعة إن 300 عامل أضربوا.\n"


def label(path, category, kind, start, end, sha="x", language=None):
    return rl.Label(path, sha, language or path.split("/")[0], category, kind, start, end)


def finding(path, category, start, end, rule=None, severity="warning"):
    return rl.Finding(path, rule or f"{category}.rule", category, severity, start, end)


class MatchTest(unittest.TestCase):
    def test_overlap_of_one_byte_matches(self):
        l = label("en/a.txt", "figures", "count", 10, 20)
        hits, true = rl.match([l], [finding("en/a.txt", "figures", 19, 30)])
        self.assertEqual(hits, {l})
        self.assertEqual(len(true), 1)

    def test_touching_spans_do_not_match(self):
        l = label("en/a.txt", "figures", "count", 10, 20)
        hits, true = rl.match([l], [finding("en/a.txt", "figures", 20, 25), finding("en/a.txt", "figures", 5, 10)])
        self.assertEqual(hits, set())
        self.assertEqual(true, set())

    def test_category_must_agree(self):
        l = label("en/a.txt", "figures", "count", 10, 20)
        hits, true = rl.match([l], [finding("en/a.txt", "attribution", 10, 20)])
        self.assertEqual((hits, true), (set(), set()))

    def test_one_finding_over_two_labels_and_two_findings_on_one_label(self):
        a = label("en/a.txt", "figures", "money", 0, 5)
        b = label("en/a.txt", "figures", "money", 8, 12)
        wide = finding("en/a.txt", "figures", 0, 12)
        hits, true = rl.match([a, b], [wide])
        self.assertEqual(hits, {a, b})
        self.assertEqual(true, {wide})
        f1, f2 = finding("en/a.txt", "figures", 0, 2), finding("en/a.txt", "figures", 3, 5, rule="figures.other")
        hits, true = rl.match([a], [f1, f2])
        self.assertEqual(hits, {a})
        self.assertEqual(true, {f1, f2})

    def test_containment_matches_both_ways(self):
        l = label("ar/a.txt", "extremism", "org", 100, 140)
        hits, _ = rl.match([l], [finding("ar/a.txt", "extremism", 110, 120)])
        self.assertEqual(hits, {l})


class ScoreTest(unittest.TestCase):
    def test_cells_kinds_rules_and_lists(self):
        articles = [rl.Article("en/a.txt", "x", "en", "1"), rl.Article("ar/b.txt", "x", "ar", "1"),
                    rl.Article("fr/c.txt", "x", "fr", "2")]
        labels = [label("en/a.txt", "figures", "count", 0, 5), label("en/a.txt", "figures", "percent", 10, 13),
                  label("en/a.txt", "attribution", "vague", 20, 30), label("ar/b.txt", "extremism", "org", 0, 8)]
        findings = {
            "en/a.txt": [finding("en/a.txt", "figures", 0, 5, rule="figures.count"),
                         finding("en/a.txt", "figures", 40, 45, rule="figures.count"),
                         finding("en/a.txt", "attribution", 22, 25, rule="attribution.vague-source"),
                         finding("en/a.txt", "furniture", 50, 60, rule="furniture.read-more")],
            "ar/b.txt": [finding("ar/b.txt", "extremism", 0, 8, rule="extremism.isis", severity="error")],
            "fr/c.txt": [finding("fr/c.txt", "attribution", 0, 9, rule="attribution.unattributed-quote",
                                 severity="info")],
        }
        cells, kinds, rules, misses, false_alarms, other = score_realnews.score(articles, labels, findings)
        en_fig = cells[("figures", "en")]
        self.assertEqual((en_fig.true_findings, en_fig.findings, en_fig.hit_labels, en_fig.labels), (1, 2, 1, 2))
        self.assertAlmostEqual(en_fig.f1(), 0.5)
        self.assertEqual(cells[("attribution", "all")].findings, 2)
        self.assertEqual(cells[("attribution", "all")].true_findings, 1)
        self.assertEqual(cells[("attribution", "fr")].recall(), None)  # no labels: no recall
        self.assertEqual(cells[("attribution", "fr")].precision(), 0.0)
        self.assertEqual(cells[("extremism", "ar")].f1(), 1.0)
        self.assertEqual(kinds[("figures", "percent", "all")].hit_labels, 0)
        self.assertEqual(rules[("figures.count", "en")].findings, 2)
        self.assertEqual([(m.path, m.byte_start) for m in misses], [("en/a.txt", 10)])
        self.assertEqual(sorted((f.path, f.start) for f in false_alarms), [("en/a.txt", 40), ("fr/c.txt", 0)])
        self.assertEqual(other, {"furniture": 1})
        out = io.StringIO()
        score_realnews.print_report(out, cells, kinds, rules, misses, false_alarms, other, lists=True)
        self.assertIn("en/a.txt:10-13  figures/percent", out.getvalue())
        self.assertIn("fr/c.txt:0-9  attribution.unattributed-quote (info)", out.getvalue())
        self.assertIn("0.500 (1/2)", out.getvalue())


class SetFilesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.realnews = os.path.join(self.dir.name, "realnews")
        os.makedirs(os.path.join(self.realnews, "en"))
        os.makedirs(os.path.join(self.realnews, "ar"))
        with open(os.path.join(self.realnews, "en", "strike.txt"), "w", encoding="utf-8") as f:
            f.write(ARTICLE_EN)
        with open(os.path.join(self.realnews, "ar", "idrab.txt"), "w", encoding="utf-8") as f:
            f.write(ARTICLE_AR)
        self.set = os.path.join(self.dir.name, "set")

    def tearDown(self):
        self.dir.cleanup()

    def write_spans(self, text):
        path = os.path.join(self.dir.name, "spans.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text).replace("|", "\t"))
        return path

    def build(self, spans, batch="1"):
        return subprocess.run([sys.executable, os.path.join(HERE, "label_spans.py"), "build", "--realnews",
                               self.realnews, "--spans", spans, "--out", self.set, "--batch", batch],
                              capture_output=True, text=True)

    def score(self, fake, *extra):
        return subprocess.run([sys.executable, os.path.join(HERE, "score_realnews.py"), "--realnews",
                               self.realnews, "--copydesk", fake, "--set", self.set, *extra],
                              capture_output=True, text=True)

    def test_build_resolves_needles_to_byte_offsets(self):
        spans = self.write_spans("""\
            en/strike.txt|attribution|vague|Sources said
            en/strike.txt|figures|count|said [[400 dockers]] walked
            en/strike.txt|figures|percent|5%
            ar/idrab.txt|attribution|vague|مصادر<<...>>مطلعة
            ar/idrab.txt|figures|count|300 عامل
            """)
        result = self.build(spans)
        self.assertEqual(result.returncode, 0, result.stderr)
        articles, labels = rl.read_set(self.set)
        self.assertEqual(sorted(a.path for a in articles), ["ar/idrab.txt", "en/strike.txt"])
        data = ARTICLE_EN.encode()
        got = {(l.path, data[l.byte_start:l.byte_end] if l.path.startswith("en") else None) for l in labels}
        self.assertIn(("en/strike.txt", b"400 dockers"), got)
        self.assertIn(("en/strike.txt", b"Sources said"), got)
        ar = ARTICLE_AR.encode()
        ar_spans = sorted(ar[l.byte_start:l.byte_end].decode() for l in labels if l.path.startswith("ar"))
        self.assertEqual(ar_spans, ["300 عامل", "مصادر مطلعة"])
        # the set files hold offsets and hashes, never the text
        for name in ("articles.tsv", "labels.tsv"):
            with open(os.path.join(self.set, name), encoding="utf-8") as f:
                content = f.read()
            self.assertNotIn("dockers", content)
            self.assertNotIn("مصادر", content)

    def test_space_in_a_needle_matches_a_no_break_space(self):
        with open(os.path.join(self.realnews, "en", "strike.txt"), "w", encoding="utf-8") as f:
            f.write("Grève\n\nEnviron 45\u00a0000 manifestants.\n")
        result = self.build(self.write_spans("en/strike.txt|figures|count|45 000 manifestants\n"))
        self.assertEqual(result.returncode, 0, result.stderr)
        _, labels = rl.read_set(self.set)
        self.assertEqual(labels[0].byte_end - labels[0].byte_start, len("45\u00a0000 manifestants".encode()))

    def test_build_refuses_missing_needles_overlaps_and_wrong_kinds(self):
        for spans, message in (
                ("en/strike.txt|figures|count|4000 dockers\n", "found 0 time"),
                ("en/strike.txt|figures|count|400 dockers\nen/strike.txt|figures|count|dockers walked\n",
                 "overlapping"),
                ("en/strike.txt|figures|vague|400 dockers\n", "is not one of"),
                ("en/strike.txt|figures|count|400 dockers|2\n", "occurrence 2"),
        ):
            result = self.build(self.write_spans(spans))
            self.assertEqual(result.returncode, 1)
            self.assertIn(message, result.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.set, "labels.tsv")))

    def test_a_changed_article_and_a_broken_labels_file_are_refused(self):
        self.assertEqual(self.build(self.write_spans("en/strike.txt|figures|percent|5%\nar/idrab.txt|-\n"))
                         .returncode, 0)
        articles, _ = rl.read_set(self.set)
        rl.check_articles(self.realnews, articles)
        with open(os.path.join(self.realnews, "en", "strike.txt"), "a", encoding="utf-8") as f:
            f.write("Corrected.\n")
        with self.assertRaisesRegex(rl.SetError, "changed since it was labelled"):
            rl.check_articles(self.realnews, articles)
        with open(os.path.join(self.set, "labels.tsv"), "a", encoding="utf-8") as f:
            f.write("en/strike.txt\tbadsha\ten\tfigures\tcount\t1\t2\n")
        with self.assertRaisesRegex(rl.SetError, "not in articles.tsv with this sha256"):
            rl.read_set(self.set)

    def test_scorer_end_to_end_with_a_stand_in_copydesk(self):
        self.assertEqual(self.build(self.write_spans("""\
            en/strike.txt|attribution|vague|Sources said
            en/strike.txt|figures|count|400 dockers
            en/strike.txt|figures|percent|5%
            ar/idrab.txt|figures|count|300 عامل
            """)).returncode, 0)
        # The stand-in prints the report `copydesk scan --format json` would: one true
        # figure, one false alarm, a vague-source hit, nothing in the Arabic article.
        fake = os.path.join(self.dir.name, "fake-copydesk")
        en = os.path.join(self.realnews, "en", "strike.txt")
        ar = os.path.join(self.realnews, "ar", "idrab.txt")
        report = {"files": [
            {"path": en, "findings": [
                {"rule": "attribution.vague-source", "category": "attribution", "severity": "warning",
                 "start": 13, "end": 20, "text": "Sources"},
                {"rule": "figures.count", "category": "figures", "severity": "warning", "start": 26, "end": 37},
                {"rule": "figures.count", "category": "figures", "severity": "warning", "start": 52, "end": 58},
            ]},
            {"path": ar, "findings": []}]}
        with open(fake, "w", encoding="utf-8") as f:
            f.write("#!/usr/bin/python3\nimport sys\nassert sys.argv[1:3] == ['scan', '--format']\n"
                    f"print({json.dumps(json.dumps(report))})\n")
        os.chmod(fake, 0o755)
        out_json = os.path.join(self.dir.name, "scores.json")
        result = self.score(fake, "--json", out_json)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"figures\s+en\s+0\.500 \(1/2\)\s+0\.500 \(1/2\)")
        self.assertRegex(result.stdout, r"attribution\s+en\s+1\.000 \(1/1\)\s+1\.000 \(1/1\)")
        self.assertIn("ar/idrab.txt:", result.stdout)
        self.assertIn("en/strike.txt:52-58  figures.count (warning)", result.stdout)
        for text in ("dockers", "Sources", "عامل"):
            self.assertNotIn(text, result.stdout)
        with open(out_json, encoding="utf-8") as f:
            scores = json.load(f)
        self.assertEqual(scores["categories"]["figures/all"]["labels"], 3)
        self.assertEqual(scores["categories"]["figures/all"]["hit_labels"], 1)
        # a changed article stops the run before scanning
        with open(en, "a", encoding="utf-8") as f:
            f.write("x")
        result = self.score(fake)
        self.assertEqual(result.returncode, 2)
        self.assertIn("changed since it was labelled", result.stderr)

    def test_a_second_batch_is_added_beside_the_first_and_scored_with_or_without_it(self):
        self.assertEqual(self.build(self.write_spans("en/strike.txt|figures|count|400 dockers\n")).returncode, 0)
        result = self.build(self.write_spans("ar/idrab.txt|figures|count|300 عامل\n"), batch="2")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 labels over 1 articles of other batches kept", result.stderr)
        articles, labels = rl.read_set(self.set)
        self.assertEqual(sorted((a.path, a.batch) for a in articles), [("ar/idrab.txt", "2"), ("en/strike.txt", "1")])
        self.assertEqual(len(labels), 2)
        # rebuilding a batch replaces it and leaves the other alone
        result = self.build(self.write_spans("ar/idrab.txt|figures|count|300 عامل\nar/idrab.txt|attribution|vague|"
                                             "مصادر مطلعة\n"), batch="2")
        self.assertEqual(result.returncode, 0, result.stderr)
        articles, labels = rl.read_set(self.set)
        self.assertEqual(len(articles), 2)
        self.assertEqual(sorted((l.path, l.category) for l in labels),
                         [("ar/idrab.txt", "attribution"), ("ar/idrab.txt", "figures"), ("en/strike.txt", "figures")])
        # an article is labelled once: putting it in a second batch is refused, nothing written
        def articles_file():
            with open(os.path.join(self.set, "articles.tsv"), encoding="utf-8") as f:
                return f.read()
        before = articles_file()
        result = self.build(self.write_spans("en/strike.txt|figures|percent|5%\n"), batch="2")
        self.assertEqual(result.returncode, 1)
        self.assertIn("en/strike.txt is already in batch 1", result.stderr)
        self.assertEqual(articles_file(), before)
        fake = os.path.join(self.dir.name, "fake-copydesk")
        write_fake_copydesk(fake, {})
        both, first, second = self.score(fake), self.score(fake, "--batch", "1"), self.score(fake, "--batch", "2")
        for result in (both, first, second):
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 articles, 3 labels (batch 1: 1 articles, 2: 1 articles)", both.stdout)
        self.assertIn("1 articles, 1 labels (batch 1: 1 articles)", first.stdout)
        self.assertRegex(first.stdout, r"figures\s+en\s+—\s+0\.000 \(0/1\)")
        self.assertRegex(first.stdout, r"figures\s+ar\s+—\s+—")
        self.assertRegex(second.stdout, r"figures\s+ar\s+—\s+0\.000 \(0/1\)")
        self.assertNotIn("en/strike.txt", second.stdout)
        unknown = self.score(fake, "--batch", "3")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("no batch 3 in the set (it has 1, 2)", unknown.stderr)


def write_fake_copydesk(path, findings_by_file):
    """A stand-in for `copydesk scan --format json` that reports the given findings
    (path -> [(category, rule, start, end)]) for whichever of those files it is given."""
    files = {p: [{"rule": r, "category": c, "severity": "warning", "start": s, "end": e}
                 for c, r, s, e in fs] for p, fs in findings_by_file.items()}
    with open(path, "w", encoding="utf-8") as f:
        f.write("#!/usr/bin/python3\nimport json, sys\n"
                f"files = {json.dumps(files)}\n"
                "paths = sys.argv[sys.argv.index('--') + 1:]\n"
                "print(json.dumps({'files': [{'path': p, 'findings': files.get(p, [])} for p in paths]}))\n")
    os.chmod(path, 0o755)


class SamplerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.realnews = os.path.join(self.dir.name, "realnews")
        self.findings = {}
        for language in ("ar", "en", "fr"):
            os.makedirs(os.path.join(self.realnews, language))
            for i in range(3):
                path = os.path.join(self.realnews, language, f"a{i}.txt")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"Title {i}\n\nSources said 12 people came. Then 30 more came.\n")
                self.findings[path] = [("figures", "figures.count", 22, 31), ("figures", "figures.count", 43, 50),
                                       ("attribution", "attribution.vague-source", 9, 21),
                                       ("furniture", "furniture.x", 0, 5)]
        with open(os.path.join(self.realnews, "README.md"), "w") as f:
            f.write("not an article\n")
        # the held-out set holds en/a0.txt (batch 1) and fr/a2.txt (batch 2): the sampler
        # must leave out both
        self.heldout = os.path.join(self.dir.name, "heldout")
        os.makedirs(self.heldout)
        with open(os.path.join(self.heldout, "articles.tsv"), "w") as f:
            f.write("path\tsha256\tlanguage\tbatch\n")
            for path, batch in (("en/a0.txt", "1"), ("fr/a2.txt", "2")):
                with open(os.path.join(self.realnews, path), "rb") as article:
                    f.write(f"{path}\t{rl.sha256(article.read())}\t{path[:2]}\t{batch}\n")
        with open(os.path.join(self.heldout, "labels.tsv"), "w") as f:
            f.write("path\tsha256\tlanguage\tcategory\tkind\tbyte_start\tbyte_end\n")
        self.fake = os.path.join(self.dir.name, "fake-copydesk")
        write_fake_copydesk(self.fake, self.findings)

    def tearDown(self):
        self.dir.cleanup()

    def run_tool(self, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, "sample_precision.py"), *args],
                              capture_output=True, text=True)

    def draw(self, out, *extra):
        return self.run_tool("draw", "--realnews", self.realnews, "--copydesk", self.fake,
                             "--heldout", self.heldout, "--out", out, *extra)

    def test_draw_is_seeded_capped_per_cell_and_leaves_the_held_out_set_out(self):
        a, b = os.path.join(self.dir.name, "a.tsv"), os.path.join(self.dir.name, "b.tsv")
        result = self.draw(a, "--per-cell", "4")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.draw(b, "--per-cell", "4").returncode, 0)
        items = sample_precision.read_sample(a)
        self.assertEqual(items, sample_precision.read_sample(b))
        cells = {}
        for item in items:
            cells.setdefault((item.category, item.language), []).append(item)
        self.assertEqual(len(cells[("figures", "ar")]), 4)       # 6 findings, 4 drawn
        self.assertEqual(len(cells[("attribution", "ar")]), 3)   # fewer than 4: all of them
        self.assertEqual(len(cells[("attribution", "en")]), 2)   # en/a0.txt is held out
        self.assertEqual(len(cells[("attribution", "fr")]), 2)   # fr/a2.txt too, in batch 2
        self.assertFalse({"en/a0.txt", "fr/a2.txt"} & {i.path for i in items})
        self.assertNotIn("furniture", {i.category for i in items})
        self.assertEqual({i.verdict for i in items}, {""})
        with open(a, encoding="utf-8") as f:
            self.assertNotIn("Sources", f.read())
        other_seed = os.path.join(self.dir.name, "c.tsv")
        self.assertEqual(self.draw(other_seed, "--per-cell", "1", "--seed", "7").returncode, 0)
        self.assertEqual(len(sample_precision.read_sample(other_seed)), 6)

    def test_report_leaves_out_findings_in_articles_held_out_after_the_draw(self):
        sample = os.path.join(self.dir.name, "s.tsv")
        self.assertEqual(self.draw(sample, "--per-cell", "2").returncode, 0)
        self.assertEqual(self.run_tool("judge", sample, "1-12=correct").returncode, 0)
        # hold out an article the sample drew from, as if labelled after the draw
        drawn = sample_precision.read_sample(sample)
        late = next(i for i in drawn if i.language == "ar")
        with open(os.path.join(self.heldout, "articles.tsv"), "a") as f:
            f.write(f"{late.path}\t{late.sha256}\tar\t3\n")
        in_late = [i for i in drawn if i.path == late.path]
        report = self.run_tool("report", sample, "--heldout", self.heldout)
        self.assertEqual(report.returncode, 0, report.stderr)
        self.assertIn(f"{12 - len(in_late)} findings, {12 - len(in_late)} judged", report.stdout)
        self.assertIn(f"left out: {len(in_late)} findings in 1 articles of the held-out set", report.stdout)
        ar_judged = sum(1 for i in drawn if i.language == "ar" and i.path != late.path and i.category == "figures")
        self.assertRegex(report.stdout, rf"figures\s+ar\s+1\.000 \({ar_judged}/{ar_judged}\)")

    def test_judge_report_and_reuse(self):
        sample = os.path.join(self.dir.name, "s.tsv")
        self.assertEqual(self.draw(sample, "--per-cell", "2").returncode, 0)
        items = sample_precision.read_sample(sample)
        self.assertEqual(len(items), 12)
        result = self.run_tool("judge", sample, "1-12=correct", "2,3=wrong", "12=-")
        self.assertEqual(result.returncode, 0, result.stderr)
        verdicts = [i.verdict for i in sample_precision.read_sample(sample)]
        self.assertEqual(verdicts, ["correct", "wrong", "wrong"] + ["correct"] * 8 + [""])
        self.assertEqual(self.run_tool("judge", sample, "13=correct").returncode, 2)
        self.assertEqual(self.run_tool("judge", sample, "1=maybe").returncode, 2)
        report = self.run_tool("report", sample, "--heldout", self.heldout)
        self.assertEqual(report.returncode, 0, report.stderr)
        self.assertIn("11 judged, 1 not yet", report.stdout)
        self.assertNotIn("left out", report.stdout)
        cells, _ = sample_precision.precision_table(sample_precision.read_sample(sample))
        judged = sum(cells[(c, "all", "judged")] for c in rl.CATEGORIES)
        self.assertEqual(judged, 11)
        self.assertEqual(sum(cells[(c, "all", "correct")] for c in rl.CATEGORIES), 9)
        # a new draw carries the verdicts of identical findings over
        again = os.path.join(self.dir.name, "again.tsv")
        result = self.draw(again, "--per-cell", "2", "--reuse", sample)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("11 verdicts carried over", result.stderr)
        self.assertEqual([i.verdict for i in sample_precision.read_sample(again)], verdicts)

    def test_show_prints_the_sentence_and_the_one_before(self):
        sample = os.path.join(self.dir.name, "s.tsv")
        self.assertEqual(self.draw(sample, "--per-cell", "1").returncode, 0)
        shown = self.run_tool("show", "--realnews", self.realnews, sample, "--only", "1")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn("[1] ", shown.stdout)
        self.assertRegex(shown.stdout, r"⟦(12 people|30 more|Sources said)⟧")

    def test_sentences_around_and_wilson(self):
        text = "One. Two has a 12 in it. Three."
        previous, current = sample_precision.sentences_around(text, 15, 17)
        self.assertEqual(previous, "One.")
        self.assertEqual(current, "Two has a ⟦12⟧ in it.")
        low, high = sample_precision.wilson(40, 40)
        self.assertAlmostEqual(low, 0.912, places=3)
        self.assertEqual(high, 1.0)
        low, high = sample_precision.wilson(20, 40)
        self.assertLess(low, 0.5)
        self.assertGreater(high, 0.5)


if __name__ == "__main__":
    unittest.main()
