#!/usr/bin/python3
"""Turns spans picked out by hand into byte offsets, and prints labels back for checking.

The hand labeller keeps a working file OUTSIDE the project (it holds article text, which
never enters the project), one span a line:

    PATH<TAB>CATEGORY<TAB>KIND<TAB>NEEDLE[<TAB>OCCURRENCE]

PATH is relative to the realnews folder. NEEDLE is an exact substring of the article; the
span is the whole needle, or the part between [[ and ]] when the needle carries context
("said [[$2 million]] on"). A needle HEAD<<...>>TAIL spans from HEAD to the end of the
first TAIL after it (for long quotations). OCCURRENCE (1-based, default 1) picks among repeated matches of
the needle. Lines starting with '#' and blank lines are skipped; a line "PATH<TAB>-" records
an article that was read and has no label at all.

    label_spans.py build --realnews DIR --spans WORKFILE --out SETDIR --batch NAME
        resolves every span, checks it, writes the articles of WORKFILE as batch NAME into
        SETDIR/articles.tsv and SETDIR/labels.tsv (paths, hashes and offsets only, no text)
        and prints each span with its context to the terminal for the labeller to verify.
        Other batches already in SETDIR are kept as they are; batch NAME is replaced; an
        article already in another batch is refused (an article is labelled once).
    label_spans.py show --realnews DIR --set SETDIR [--path P] [--batch NAME]
        prints the labelled spans of SETDIR/labels.tsv back with context (terminal only).
    label_spans.py find --realnews DIR PATH NEEDLE
        lists every occurrence of NEEDLE in PATH with offsets and context.

Standard library only.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realnews as rl  # noqa: E402


def context(data, start, end, width=40):
    """The span [start, end) of DATA (bytes) marked ⟦…⟧ with WIDTH characters either side,
    for the terminal only."""
    before = data[max(0, start - width * 3):start].decode("utf-8", "replace")[-width:]
    after = data[end:end + width * 3].decode("utf-8", "replace")[:width]
    span = data[start:end].decode("utf-8", "replace")
    return f"…{before}⟦{span}⟧{after}…".replace("\n", "⏎")


# A space in a needle also matches the no-break spaces French copy puts before « » : ; ? !
SPACES = rb"(?: |\xc2\xa0|\xe2\x80\xaf)"


def _pattern(needle):
    return re.compile(SPACES.join(re.escape(part) for part in needle.split(b" ")))


def occurrences(data, needle):
    """(start, end) of every match of NEEDLE (bytes) in DATA, overlapping ones included."""
    pattern, hits, at = _pattern(needle), [], 0
    while True:
        match = pattern.search(data, at)
        if not match:
            return hits
        hits.append((match.start(), match.end()))
        at = match.start() + 1


def _head_length(data, start, head):
    """Bytes the HEAD part of a needle takes in DATA from START (spaces may be wider)."""
    return _pattern(head).match(data, start).end() - start if head else 0


def resolve(data, needle_text, occurrence):
    """(byte_start, byte_end) of the span NEEDLE names, or raises ValueError."""
    if "<<...>>" in needle_text:
        head, tail = (part.encode("utf-8") for part in needle_text.split("<<...>>", 1))
        hits = occurrences(data, head)
        if len(hits) < occurrence:
            raise ValueError(f"head found {len(hits)} time(s), occurrence {occurrence} asked")
        start, head_end = hits[occurrence - 1]
        match = _pattern(tail).search(data, head_end) if tail else None
        if not match:
            raise ValueError("tail not found after head")
        return start, match.end()
    if needle_text.count("[[") > 1 or needle_text.count("[[") != needle_text.count("]]"):
        raise ValueError("needle must hold at most one [[...]]")
    if "[[" in needle_text:
        head, rest = needle_text.split("[[", 1)
        inner, tail = rest.split("]]", 1)
    else:
        head, inner, tail = "", needle_text, ""
    if not inner:
        raise ValueError("empty span")
    head, inner, tail = (part.encode("utf-8") for part in (head, inner, tail))
    hits = occurrences(data, head + inner + tail)
    if len(hits) < occurrence:
        raise ValueError(f"needle found {len(hits)} time(s), occurrence {occurrence} asked")
    start = hits[occurrence - 1][0] + _head_length(data, hits[occurrence - 1][0], head)
    return start, start + _head_length(data, start, inner)


def read_spans(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield number, line.split("\t")


def build(args):
    labels, read_articles, errors = [], set(), 0
    cache = {}
    for number, fields in read_spans(args.spans):
        where = f"{args.spans}:{number}"
        path = fields[0]
        if path not in cache:
            try:
                cache[path] = rl.read_article(args.realnews, path)
            except OSError as e:
                print(f"{where}: {e}", file=sys.stderr)
                errors += 1
                continue
        data = cache[path]
        read_articles.add(path)
        if fields[1:] == ["-"]:
            continue
        if len(fields) not in (4, 5):
            print(f"{where}: expected PATH, CATEGORY, KIND, NEEDLE[, OCCURRENCE]", file=sys.stderr)
            errors += 1
            continue
        category, kind, needle = fields[1], fields[2], fields[3]
        occurrence = int(fields[4]) if len(fields) == 5 else 1
        if kind not in rl.KINDS.get(category, ()):
            print(f"{where}: kind {kind!r} is not one of category {category!r}", file=sys.stderr)
            errors += 1
            continue
        try:
            start, end = resolve(data, needle, occurrence)
        except ValueError as e:
            print(f"{where}: {e}", file=sys.stderr)
            errors += 1
            continue
        labels.append(rl.Label(path, rl.sha256(data), rl.language_of(path), category, kind, start, end))
        if not args.quiet:
            print(f"{path}:{start}-{end} {category}/{kind}  {context(data, start, end)}")
    ordered = sorted(labels, key=lambda l: (l.path, l.category, l.byte_start))
    for a, b in zip(ordered, ordered[1:]):
        if (a.path, a.category) == (b.path, b.category) and b.byte_start < a.byte_end:
            print(f"overlapping {a.category} labels {a.path}:{a.byte_start}-{a.byte_end} and "
                  f"{b.byte_start}-{b.byte_end} (one thing labelled twice?)", file=sys.stderr)
            errors += 1
    kept_articles, kept_labels = [], []
    if os.path.exists(os.path.join(args.out, "articles.tsv")):
        try:
            old_articles, old_labels = rl.read_set(args.out)
        except rl.SetError as e:
            print(f"{args.out}: {e}", file=sys.stderr)
            return 1
        kept_articles = [a for a in old_articles if a.batch != args.batch]
        kept_paths = {a.path for a in kept_articles}
        kept_labels = [l for l in old_labels if l.path in kept_paths]
        for a in kept_articles:
            if a.path in read_articles:
                print(f"{a.path} is already in batch {a.batch} of {args.out}", file=sys.stderr)
                errors += 1
    if errors:
        print(f"{errors} error(s); {args.out} not written", file=sys.stderr)
        return 1
    articles = [rl.Article(p, rl.sha256(cache[p]), rl.language_of(p), args.batch) for p in sorted(read_articles)]
    rl.write_set(args.out, kept_articles + articles, kept_labels + labels)
    print(f"{len(labels)} labels over {len(articles)} articles written to {args.out} as batch {args.batch}"
          + (f" ({len(kept_labels)} labels over {len(kept_articles)} articles of other batches kept)"
             if kept_articles else ""), file=sys.stderr)
    return 0


def show(args):
    _, labels = rl.select_batches(*rl.read_set(args.set), args.batch)
    for label in labels:
        if args.path and label.path != args.path:
            continue
        data = rl.read_article(args.realnews, label.path)
        stale = "" if rl.sha256(data) == label.sha256 else "  [FILE CHANGED]"
        print(f"{label.path}:{label.byte_start}-{label.byte_end} {label.category}/{label.kind}"
              f"  {context(data, label.byte_start, label.byte_end)}{stale}")
    return 0


def find(args):
    data = rl.read_article(args.realnews, args.path)
    for i, (at, end) in enumerate(occurrences(data, args.needle.encode("utf-8")), 1):
        print(f"{i}: {at}-{end}  {context(data, at, end)}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--realnews", required=True)
    b.add_argument("--spans", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--batch", required=True, help="the labelling batch these articles make up")
    b.add_argument("--quiet", action="store_true")
    s = sub.add_parser("show")
    s.add_argument("--realnews", required=True)
    s.add_argument("--set", required=True)
    s.add_argument("--path")
    s.add_argument("--batch", action="append", help="only this batch (may be repeated)")
    f = sub.add_parser("find")
    f.add_argument("--realnews", required=True)
    f.add_argument("path")
    f.add_argument("needle")
    args = parser.parse_args()
    try:
        return {"build": build, "show": show, "find": find}[args.command](args)
    except rl.SetError as e:
        print(f"label_spans.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
