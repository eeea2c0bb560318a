"""The held-out realnews test set on disk: articles.tsv and labels.tsv (no article text).

articles.tsv: path (relative to the realnews folder), sha256 of the file, language.
labels.tsv:   path, sha256, language, category, kind, byte_start, byte_end — one hand label
              a line, byte offsets into the file's bytes, end exclusive.
Both are tab-separated with a header line; lines starting with '#' are comments.
Standard library only; shared by label_spans.py, score_realnews.py and sample_precision.py.
"""
import collections
import hashlib
import os

KINDS = {
    "extremism": ("org", "media", "leader", "slogan"),
    "attribution": ("vague", "quote"),
    "figures": ("count", "money", "percent", "range"),
}
CATEGORIES = tuple(KINDS)
LANGUAGES = ("ar", "en", "fr")

Article = collections.namedtuple("Article", "path sha256 language")
Label = collections.namedtuple("Label", "path sha256 language category kind byte_start byte_end")

ARTICLE_HEADER = ("path", "sha256", "language")
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


def _rows(path, header):
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
    for n, fields in _rows(articles_path, ARTICLE_HEADER):
        article = Article(*fields)
        if article.language not in LANGUAGES:
            raise SetError(f"{articles_path}:{n}: language {article.language!r}")
        articles[article.path] = article
    labels = []
    for n, fields in _rows(labels_path, LABEL_HEADER):
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
