#!/usr/bin/python3
"""Scores the shipped rule packs against the labelled development corpus.

Each article NAME.{txt,md,html} under ar/, en/, fr/ or benign/<lang>/ has a NAME.expected
file: one line per expected finding, "category<TAB>exact text as written" (a line repeated
for each occurrence). The articles are scanned with

    copydesk scan --format json --rules RULES --no-config FILE...

and predicted findings are matched against the expected ones as multisets of
(category, text) per article. Prints precision, recall and F1 per category (all
languages) and per language and category.

Exits 1 when any category's F1 over all languages is below --floor, or when an article
under benign/ has any extremism finding; 2 on a usage, scan or corpus error.
Standard library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ARTICLE_EXTENSIONS = (".txt", ".md", ".html")
LANGUAGES = ("ar", "en", "fr")


def fail(message):
    print(f"score.py: {message}", file=sys.stderr)
    sys.exit(2)


def find_articles(corpus):
    """(path, language, benign) for every article, in a stable order."""
    articles = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        rel = os.path.relpath(root, corpus)
        parts = [] if rel == "." else rel.split(os.sep)
        benign = bool(parts) and parts[0] == "benign"
        lang_parts = parts[1:] if benign else parts
        if not parts:
            continue  # the corpus root holds this script and CMakeLists.txt, not articles
        for name in sorted(files):
            if not name.endswith(ARTICLE_EXTENSIONS):
                continue
            if not lang_parts or lang_parts[0] not in LANGUAGES:
                fail(f"{os.path.join(rel, name)}: articles go under ar/, en/, fr/ or benign/<lang>/")
            articles.append((os.path.join(root, name), lang_parts[0], benign))
    return articles


def read_expected(article):
    path = os.path.splitext(article)[0] + ".expected"
    if not os.path.exists(path):
        fail(f"{article}: no {os.path.basename(path)} next to it")
    expected = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            category, tab, text = line.partition("\t")
            if not tab or not category or not text:
                fail(f"{path}:{number}: expected 'category<TAB>text'")
            expected[(category, text)] += 1
    return expected


def scan(copydesk, rules, paths):
    command = [copydesk, "scan", "--format", "json", "--rules", rules, "--no-config", *paths]
    try:
        result = subprocess.run(command, capture_output=True, timeout=600)
    except OSError as e:
        fail(f"cannot run {copydesk}: {e}")
    if result.returncode not in (0, 1):
        fail(f"copydesk scan exited {result.returncode}:\n{result.stderr.decode(errors='replace')}")
    try:
        report = json.loads(result.stdout)
    except ValueError as e:
        fail(f"copydesk scan did not print JSON ({e})")
    predicted = {}
    for entry in report.get("files", []):
        found = collections.Counter()
        for finding in entry.get("findings", []):
            found[(finding["category"], finding["text"])] += 1
        predicted[os.path.normpath(entry["path"])] = found
    return predicted


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, expected, predicted):
        hits = sum((expected & predicted).values())
        self.tp += hits
        self.fp += sum(predicted.values()) - hits
        self.fn += sum(expected.values()) - hits

    def scores(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f1

    def line(self, label):
        p, r, f1 = self.scores()
        return (f"  {label:<24} P {p:6.3f}  R {r:6.3f}  F1 {f1:6.3f}"
                f"   (tp {self.tp}, fp {self.fp}, fn {self.fn})")


def only(counter, category):
    return collections.Counter({k: v for k, v in counter.items() if k[0] == category})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copydesk", required=True, help="the copydesk tool")
    parser.add_argument("--rules", required=True, help="the rule packs to score")
    parser.add_argument("--corpus", default=os.path.dirname(os.path.abspath(__file__)),
                        help="the corpus directory (default: this script's directory)")
    parser.add_argument("--floor", type=float, default=0.0,
                        help="fail when a category's F1 over all languages is below this")
    parser.add_argument("--show", action="store_true", help="list every missed and unexpected finding")
    args = parser.parse_args()

    articles = find_articles(args.corpus)
    if not articles:
        fail(f"no articles under {args.corpus}")
    expected = {path: read_expected(path) for path, _, _ in articles}
    predicted = scan(args.copydesk, args.rules, [path for path, _, _ in articles])

    categories = sorted({c for e in expected.values() for c, _ in e} |
                        {c for p in predicted.values() for c, _ in p})
    overall = {c: Tally() for c in categories}
    by_language = {(l, c): Tally() for l in LANGUAGES for c in categories}
    benign_hits = []
    for path, language, benign in articles:
        want = expected[path]
        got = predicted.get(os.path.normpath(path), collections.Counter())
        for category in categories:
            overall[category].add(only(want, category), only(got, category))
            by_language[(language, category)].add(only(want, category), only(got, category))
        if benign:
            benign_hits += [(path, text) for (category, text), n in got.items() if category == "extremism"
                            for _ in range(n)]
        if args.show:
            rel = os.path.relpath(path, args.corpus)
            for (category, text), n in sorted((want - got).items()):
                print(f"missed      {rel}: {category}\t{text}" + (f" (x{n})" if n > 1 else ""))
            for (category, text), n in sorted((got - want).items()):
                print(f"unexpected  {rel}: {category}\t{text}" + (f" (x{n})" if n > 1 else ""))

    print(f"{len(articles)} articles ({sum(1 for a in articles if a[2])} benign)")
    print("by category, all languages:")
    for category in categories:
        print(overall[category].line(category))
    print("by language:")
    for language in LANGUAGES:
        for category in categories:
            tally = by_language[(language, category)]
            if tally.tp + tally.fp + tally.fn:
                print(tally.line(f"{language} {category}"))

    status = 0
    for category in categories:
        f1 = overall[category].scores()[2]
        if f1 < args.floor:
            print(f"FAIL: {category} F1 {f1:.3f} is below the floor {args.floor:.3f}")
            status = 1
    for path, text in benign_hits:
        print(f"FAIL: benign article {os.path.relpath(path, args.corpus)} has an extremism finding: {text}")
        status = 1
    if status == 0:
        print(f"OK: every category at or above F1 {args.floor:.3f}; no extremism finding in benign articles")
    return status


if __name__ == "__main__":
    sys.exit(main())
