#!/usr/bin/python3
"""Precision of copydesk on the whole realnews folder, from a random sample judged by hand.

    sample_precision.py draw   --realnews DIR --copydesk PATH [--rules DIR] [--per-cell 40]
                               [--seed 1] [--reuse OLD.tsv] --out SAMPLE.tsv
    sample_precision.py show   --realnews DIR SAMPLE.tsv [--only N-M] [--todo]
    sample_precision.py judge  SAMPLE.tsv N-M=correct K,L=wrong ...
    sample_precision.py report SAMPLE.tsv [--heldout SETDIR]

`draw` scans ar/, en/ and fr/ of the realnews folder (leaving out the articles of the
held-out set, which measure recall), and draws, with a fixed seed, PER-CELL findings of each
category (extremism, attribution, figures) in each language — every finding of a cell that
has fewer. It writes SAMPLE.tsv: one finding a line as path, sha256, language, category,
rule, byte_start, byte_end, verdict — offsets only, no text, so the file can be committed.
`--reuse` carries over the verdicts of an earlier sample for findings with the same path,
file hash, category and span.

`show` prints the numbered findings with the sentence they sit in and the one before (to the
terminal; never redirect it into the project). `judge` records verdicts (correct / wrong;
`-` clears) by item number. `report` prints precision per category and language with a
Wilson 95 % interval, and per rule, from the judged items — leaving out, and counting,
items in articles of the held-out set, which a sample drawn before a batch of articles was
held out may hold (what remains is still a uniform sample of the rest of the folder).

A verdict follows the flag specification and the held-out set's labelling guide
(realnews-heldout/README.md): "correct" when the finding's span is something the guide says
to flag in its category, "wrong" otherwise. Standard library only.
"""
import argparse
import collections
import math
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realnews as rl  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HELDOUT = os.path.join(HERE, "realnews-heldout")
HEADER = ("path", "sha256", "language", "category", "rule", "byte_start", "byte_end", "verdict")
VERDICTS = ("correct", "wrong")
Item = collections.namedtuple("Item", HEADER)


def fail(message):
    print(f"sample_precision.py: {message}", file=sys.stderr)
    sys.exit(2)


def read_sample(path):
    try:
        rows = list(rl.read_rows(path, HEADER))
    except (OSError, rl.SetError) as e:
        fail(str(e))
    items = []
    for n, fields in rows:
        item = Item(*fields)
        if item.verdict not in VERDICTS + ("",):
            fail(f"{path}:{n}: verdict {item.verdict!r} is not correct, wrong or empty")
        items.append(item._replace(byte_start=int(item.byte_start), byte_end=int(item.byte_end)))
    return items


def write_sample(path, items, comment):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {comment}\n")
        f.write("\t".join(HEADER) + "\n")
        for item in items:
            f.write("\t".join(map(str, item)) + "\n")


def article_paths(realnews):
    paths = []
    for language in rl.LANGUAGES:
        folder = os.path.join(realnews, language)
        if not os.path.isdir(folder):
            fail(f"{folder}: not a directory (is --realnews the realnews folder?)")
        paths += [f"{language}/{name}" for name in sorted(os.listdir(folder)) if name.endswith(".txt")]
    return paths


def heldout_paths(directory):
    """Paths of the held-out set's articles, every batch of it."""
    articles, _ = rl.read_set(directory)
    return {a.path for a in articles}


def draw(args):
    excluded = heldout_paths(args.heldout)
    paths = [p for p in article_paths(args.realnews) if p not in excluded]
    began = time.monotonic()
    try:
        findings = rl.scan(args.copydesk, args.rules, args.realnews, paths)
    except rl.SetError as e:
        fail(str(e))
    took = time.monotonic() - began
    cells = collections.defaultdict(list)
    for path in sorted(findings):
        for f in findings[path]:
            if f.category in rl.CATEGORIES:
                cells[(f.category, rl.language_of(path))].append(f)
    old = {}
    if args.reuse:
        for item in read_sample(args.reuse):
            if item.verdict:
                old[(item.path, item.sha256, item.category, item.byte_start, item.byte_end)] = item.verdict
    hashes, items = {}, []
    for category in rl.CATEGORIES:
        for language in rl.LANGUAGES:
            pool = sorted(cells[(category, language)], key=lambda f: (f.path, f.start, f.end, f.rule))
            rng = random.Random(f"{args.seed}/{category}/{language}")
            chosen = rng.sample(pool, min(args.per_cell, len(pool)))
            for f in sorted(chosen, key=lambda f: (f.path, f.start, f.rule)):
                if f.path not in hashes:
                    hashes[f.path] = rl.sha256(rl.read_article(args.realnews, f.path))
                key = (f.path, hashes[f.path], f.category, f.start, f.end)
                items.append(Item(f.path, hashes[f.path], language, category, f.rule, f.start, f.end,
                                  old.get(key, "")))
            print(f"{category:<12} {language}: {len(pool):5} findings, {len(chosen)} drawn", file=sys.stderr)
    write_sample(args.out, items, f"drawn {time.strftime('%Y-%m-%d')} seed {args.seed}, {args.per_cell} per "
                 f"category and language, rules {args.rules or '(shipped)'}, {len(paths)} articles "
                 f"(held-out set left out)")
    carried = sum(1 for i in items if i.verdict)
    print(f"{len(items)} findings written to {args.out} ({carried} verdicts carried over); "
          f"scan of {len(paths)} articles took {took:.1f} s", file=sys.stderr)
    return 0


SENTENCE_END = re.compile(r"[.!?؟\n]")


def sentences_around(text, start, end):
    """(previous sentence, sentence with the span marked) around [start, end) of TEXT (str)."""
    left = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    begin = left[-1] if left else 0
    before = left[-2] if len(left) > 1 else 0
    m = SENTENCE_END.search(text, end)
    finish = m.end() if m else len(text)
    previous = text[before:begin].strip()
    current = f"{text[begin:start]}⟦{text[start:end]}⟧{text[end:finish]}".strip()
    return previous, current


def parse_numbers(spec, count):
    numbers = set()
    for part in spec.split(","):
        a, dash, b = part.partition("-")
        try:
            lo, hi = int(a), int(b) if dash else int(a)
        except ValueError:
            fail(f"{spec!r}: expected item numbers such as 3, 5-9 or 1,4")
        if not 1 <= lo <= hi <= count:
            fail(f"{spec!r}: items run from 1 to {count}")
        numbers.update(range(lo, hi + 1))
    return numbers


def show(args):
    items = read_sample(args.sample)
    wanted = parse_numbers(args.only, len(items)) if args.only else set(range(1, len(items) + 1))
    texts = {}
    for n, item in enumerate(items, 1):
        if n not in wanted or (args.todo and item.verdict):
            continue
        if item.path not in texts:
            data = rl.read_article(args.realnews, item.path)
            texts[item.path] = (data, rl.sha256(data) == item.sha256)
        data, same = texts[item.path]
        # Offsets are bytes; sentences are found in the decoded text around the span.
        head = data[:item.byte_start].decode("utf-8", "replace")
        span = data[item.byte_start:item.byte_end].decode("utf-8", "replace")
        text = data.decode("utf-8", "replace")
        previous, current = sentences_around(text, len(head), len(head) + len(span))
        flag = "" if same else "  [FILE CHANGED: offsets may be wrong]"
        print(f"[{n}] {item.category}/{item.language} {item.rule}  {item.path}:{item.byte_start}-{item.byte_end}"
              f"  verdict: {item.verdict or '?'}{flag}")
        if previous:
            print(f"     before: {previous[-400:]}")
        print(f"     {current[:800]}\n")
    return 0


def judge(args):
    items = read_sample(args.sample)
    for assignment in args.assignments:
        spec, eq, verdict = assignment.partition("=")
        if not eq or verdict not in VERDICTS + ("-",):
            fail(f"{assignment!r}: expected N-M=correct, N=wrong or N=- (to clear)")
        for n in parse_numbers(spec, len(items)):
            items[n - 1] = items[n - 1]._replace(verdict="" if verdict == "-" else verdict)
    with open(args.sample, encoding="utf-8") as f:
        comment = f.readline().lstrip("# ").rstrip("\n")
    write_sample(args.sample, items, comment)
    judged = sum(1 for i in items if i.verdict)
    print(f"{judged} of {len(items)} judged", file=sys.stderr)
    return 0


def wilson(k, n, z=1.96):
    """The Wilson score interval of k successes out of n, as (low, high)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def precision_table(items):
    """{(category, language): (correct, judged)}, with 'all' languages, and the same per rule."""
    cells, rules = collections.Counter(), collections.Counter()
    for item in items:
        if not item.verdict:
            continue
        good = item.verdict == "correct"
        for key in ((item.category, item.language), (item.category, "all")):
            cells[key + ("judged",)] += 1
            cells[key + ("correct",)] += good
        for key in ((item.rule, item.language), (item.rule, "all")):
            rules[key + ("judged",)] += 1
            rules[key + ("correct",)] += good
    return cells, rules


def report(args):
    items = read_sample(args.sample)
    heldout = heldout_paths(args.heldout)
    left_out = [i for i in items if i.path in heldout]
    items = [i for i in items if i.path not in heldout]
    cells, rules = precision_table(items)
    todo = sum(1 for i in items if not i.verdict)
    print(f"{args.sample}: {len(items)} findings, {len(items) - todo} judged, {todo} not yet")
    if left_out:
        per_cell = collections.Counter((i.category, i.language) for i in left_out)
        print(f"left out: {len(left_out)} findings in {len({i.path for i in left_out})} articles of the "
              f"held-out set ({', '.join(f'{c} {l} {n}' for (c, l), n in sorted(per_cell.items()))})")
    print()
    print(f"{'category':<12} {'lang':<4}  {'precision':<16} 95 % interval")
    for category in rl.CATEGORIES:
        for language in (*rl.LANGUAGES, "all"):
            n, k = cells[(category, language, "judged")], cells[(category, language, "correct")]
            if n:
                low, high = wilson(k, n)
                print(f"{category:<12} {language:<4}  {f'{k / n:.3f} ({k}/{n})':<16} {low:.2f}–{high:.2f}")
            else:
                print(f"{category:<12} {language:<4}  —")
    print("\nby rule:")
    for rule in sorted({r for (r, l, _) in rules}):
        n, k = rules[(rule, "all", "judged")], rules[(rule, "all", "correct")]
        per = "  ".join(f"{l} {rules[(rule, l, 'correct')]}/{rules[(rule, l, 'judged')]}"
                        for l in rl.LANGUAGES if rules[(rule, l, "judged")])
        print(f"  {rule:<36} {f'{k / n:.3f} ({k}/{n})':<16} {per}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="scan the folder and draw a sample")
    d.add_argument("--realnews", required=True)
    d.add_argument("--copydesk", required=True)
    d.add_argument("--rules", help="rule packs (default: the tool's shipped packs)")
    d.add_argument("--per-cell", type=int, default=40, help="findings per category and language (default 40)")
    d.add_argument("--seed", default="1", help="the random seed (default 1)")
    d.add_argument("--heldout", default=HELDOUT, help="the held-out set whose articles are left out")
    d.add_argument("--reuse", metavar="OLD.tsv", help="carry over verdicts from an earlier sample")
    d.add_argument("--out", required=True)
    s = sub.add_parser("show", help="print findings with their sentences (terminal only)")
    s.add_argument("--realnews", required=True)
    s.add_argument("sample")
    s.add_argument("--only", metavar="N-M", help="only these item numbers")
    s.add_argument("--todo", action="store_true", help="only items not judged yet")
    j = sub.add_parser("judge", help="record verdicts by item number")
    j.add_argument("sample")
    j.add_argument("assignments", nargs="+", metavar="N-M=correct|wrong|-")
    r = sub.add_parser("report", help="precision from the judged items")
    r.add_argument("sample")
    r.add_argument("--heldout", default=HELDOUT, help="the held-out set whose articles are left out")
    args = parser.parse_args()
    if args.command == "draw" and args.per_cell < 1:
        fail("--per-cell must be at least 1")
    try:
        return {"draw": draw, "show": show, "judge": judge, "report": report}[args.command](args)
    except rl.SetError as e:
        fail(str(e))


if __name__ == "__main__":
    sys.exit(main())
