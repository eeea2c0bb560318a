"""What the realnews evaluations share: the held-out test set on disk, scanning with copydesk,
and matching findings to labels.

The test set is articles.tsv and labels.tsv (no article text):

articles.tsv: path (relative to the realnews folder), sha256 of the file, language, batch (the
              labelling batch the article came in, so scores can be given with and without a
              batch added later).
labels.tsv:   path, sha256, language, category, kind, byte_start, byte_end — one hand label
              a line, byte offsets into the file's bytes, end exclusive.
Both are tab-separated with a header line; lines starting with '#' are comments.
Standard library only; shared by label_spans.py, score_realnews.py and sample_precision.py.
"""
import collections
import hashlib
import json
import os
import subprocess

KINDS = {
    "extremism": ("org", "media", "leader", "slogan"),
    "attribution": ("vague", "quote"),
    "figures": ("count", "money", "percent", "range"),
}
CATEGORIES = tuple(KINDS)
LANGUAGES = ("ar", "en", "fr")

Article = collections.namedtuple("Article", "path sha256 language batch")
Label = collections.namedtuple("Label", "path sha256 language category kind byte_start byte_end")

ARTICLE_HEADER = Article._fields
LABEL_HEADER = Label._fields


class SetError(Exception):
    pass


def read_article(realnews, path):
    with open(os.path.join(realnews, path), "rb") as f:
        return f.read()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def language_of(path):
    language = path.split("/", 1)[0]
    if language not in LANGUAGES:
        raise SetError(f"{path}: not under ar/, en/ or fr/")
    return language


def read_rows(path, header):
    with open(path, encoding="utf-8") as f:
        lines = [(n, line.rstrip("\n")) for n, line in enumerate(f, 1)]
    lines = [(n, line) for n, line in lines if line and not line.startswith("#")]
    if not lines or tuple(lines[0][1].split("\t")) != tuple(header):
        raise SetError(f"{path}:1: expected the header line {'<TAB>'.join(header)}")
    for n, line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != len(header):
            raise SetError(f"{path}:{n}: expected {len(header)} tab-separated fields, got {len(fields)}")
        yield n, fields


def read_set(directory):
    """(articles, labels) of a test set directory; raises SetError on a malformed file."""
    articles_path = os.path.join(directory, "articles.tsv")
    labels_path = os.path.join(directory, "labels.tsv")
    articles = {}
    for n, fields in read_rows(articles_path, ARTICLE_HEADER):
        article = Article(*fields)
        if article.language not in LANGUAGES:
            raise SetError(f"{articles_path}:{n}: language {article.language!r}")
        if not article.batch:
            raise SetError(f"{articles_path}:{n}: empty batch")
        if article.path in articles:
            raise SetError(f"{articles_path}:{n}: {article.path} is listed twice")
        articles[article.path] = article
    labels = []
    for n, fields in read_rows(labels_path, LABEL_HEADER):
        try:
            label = Label(*fields[:5], int(fields[5]), int(fields[6]))
        except ValueError:
            raise SetError(f"{labels_path}:{n}: byte offsets must be integers")
        if label.category not in KINDS or label.kind not in KINDS[label.category]:
            raise SetError(f"{labels_path}:{n}: unknown category/kind {label.category}/{label.kind}")
        if not 0 <= label.byte_start < label.byte_end:
            raise SetError(f"{labels_path}:{n}: empty or negative span")
        article = articles.get(label.path)
        if article is None or article.sha256 != label.sha256:
            raise SetError(f"{labels_path}:{n}: {label.path} is not in articles.tsv with this sha256")
        labels.append(label)
    return list(articles.values()), labels


def select_batches(articles, labels, batches):
    """The articles of BATCHES (all when BATCHES is empty) and their labels; raises SetError
    for a batch the set does not have."""
    if not batches:
        return articles, labels
    unknown = set(batches) - {a.batch for a in articles}
    if unknown:
        raise SetError(f"no batch {', '.join(sorted(unknown))} in the set "
                       f"(it has {', '.join(sorted({a.batch for a in articles}))})")
    chosen = [a for a in articles if a.batch in batches]
    paths = {a.path for a in chosen}
    return chosen, [label for label in labels if label.path in paths]


def write_set(directory, articles, labels):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "articles.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(ARTICLE_HEADER) + "\n")
        for a in sorted(articles):
            f.write("\t".join(a) + "\n")
    with open(os.path.join(directory, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(LABEL_HEADER) + "\n")
        for label in sorted(labels, key=lambda l: (l.path, l.byte_start, l.byte_end, l.category)):
            f.write("\t".join(map(str, label)) + "\n")


Finding = collections.namedtuple("Finding", "path rule category severity start end")


def check_articles(realnews, articles):
    """Raises SetError unless every article is in REALNEWS with the sha256 it was labelled with."""
    for article in articles:
        try:
            data = read_article(realnews, article.path)
        except OSError as e:
            raise SetError(f"{article.path}: cannot read it under {realnews}: {e.strerror}")
        if sha256(data) != article.sha256:
            raise SetError(f"{article.path}: the file changed since it was labelled (sha256 differs)")


def scan(copydesk, rules, realnews, paths, min_severity="info"):
    """Findings of `copydesk scan --format json` on PATHS (relative to REALNEWS), keyed by path.

    Only offsets, rule, category and severity are kept: no article text leaves this function.
    Raises SetError when copydesk cannot be run, fails, or leaves a file unscanned."""
    command = [copydesk, "scan", "--format", "json", "--no-config", "--no-progress",
               "--fail-on", "none", "--min-severity", min_severity]
    if rules:
        command += ["--rules", rules]
    command += ["--", *(os.path.join(realnews, p) for p in paths)]
    try:
        result = subprocess.run(command, capture_output=True)
    except OSError as e:
        raise SetError(f"cannot run {copydesk}: {e.strerror}")
    if result.returncode != 0:
        raise SetError(f"copydesk scan exited {result.returncode}: "
                       f"{result.stderr.decode('utf-8', 'replace').strip()[:2000]}")
    try:
        report = json.loads(result.stdout)
    except ValueError as e:
        raise SetError(f"copydesk scan did not print JSON ({e})")
    findings = {}
    root = os.path.abspath(realnews)
    for entry in report.get("files", []):
        path = os.path.relpath(os.path.abspath(entry["path"]), root).replace(os.sep, "/")
        if "error" in entry:
            raise SetError(f"{path}: copydesk did not scan it: {entry['error']}")
        findings[path] = [Finding(path, f["rule"], f["category"], f["severity"], f["start"], f["end"])
                          for f in entry.get("findings", [])]
    missing = set(paths) - set(findings)
    if missing:
        raise SetError(f"copydesk reported nothing for {len(missing)} file(s), e.g. {sorted(missing)[0]}")
    return findings


def overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def match(labels, findings):
    """Matches the findings of one article to its labels, per category, by span overlap.

    A finding and a label match when they have the same category and their byte spans
    share at least one byte. Returns (hit_labels, true_findings): the labels some finding
    matches (recall's numerator) and the findings that match some label (precision's).
    A label met by several findings counts once; each of those findings is correct."""
    hit_labels, true_findings = set(), set()
    for label in labels:
        for finding in findings:
            if finding.category == label.category and overlaps(
                    label.byte_start, label.byte_end, finding.start, finding.end):
                hit_labels.add(label)
                true_findings.add(finding)
    return hit_labels, true_findings


class Tally:
    """Counts for precision (findings) and recall (labels) of one cell of a table."""

    def __init__(self):
        self.findings = self.true_findings = self.labels = self.hit_labels = 0

    def precision(self):
        return self.true_findings / self.findings if self.findings else None

    def recall(self):
        return self.hit_labels / self.labels if self.labels else None

    def f1(self):
        p, r = self.precision(), self.recall()
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0
