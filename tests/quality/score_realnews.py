#!/usr/bin/python3
"""Scores copydesk against the hand-labelled held-out realnews set.

    score_realnews.py --realnews DIR --copydesk build/host-adapters/cli/copydesk [--rules rules]
                      [--batch NAME ...]

Scans the articles of tests/quality/realnews-heldout/articles.tsv (all its labelling batches,
or those --batch names; read from DIR, the realnews folder, which is not part of the project)
with `copydesk scan --format json`, matches the findings to the hand labels and prints
precision, recall and F1 per category and language, recall per kind, precision per rule,
then every miss and false alarm as path:start-end (byte offsets; no article text is ever
printed).

Matching: a finding matches a label when both have the same category and their byte spans
overlap by at least one byte. Precision = findings matching some label / findings;
recall = labels matched by some finding / labels. Findings of other categories (furniture)
are counted apart and scored nowhere.

Exit status 0 when scored, 2 on a usage, set or scan error (a changed article, a missing
file, copydesk failing). Standard library only.
"""
import argparse
import collections
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realnews as rl  # noqa: E402

DEFAULT_SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "realnews-heldout")


def ratio(num, den):
    return f"{num / den:.3f} ({num}/{den})" if den else "—"


def score(articles, labels, findings):
    """Tallies per (category, language) and per (category, 'all'), the kinds' recall,
    the rules' precision, and the lists of misses and false alarms."""
    by_path = collections.defaultdict(list)
    for label in labels:
        by_path[label.path].append(label)
    cells = collections.defaultdict(rl.Tally)
    kinds = collections.defaultdict(rl.Tally)
    rules = collections.defaultdict(rl.Tally)
    misses, false_alarms, other = [], [], collections.Counter()
    for article in articles:
        scored = [f for f in findings[article.path] if f.category in rl.CATEGORIES]
        for f in findings[article.path]:
            if f.category not in rl.CATEGORIES:
                other[f.category] += 1
        hit_labels, true_findings = rl.match(by_path[article.path], scored)
        for label in by_path[article.path]:
            hit = label in hit_labels
            for key in ((label.category, article.language), (label.category, "all")):
                cells[key].labels += 1
                cells[key].hit_labels += hit
            for key in ((label.category, label.kind, article.language), (label.category, label.kind, "all")):
                kinds[key].labels += 1
                kinds[key].hit_labels += hit
            if not hit:
                misses.append(label)
        for finding in scored:
            true = finding in true_findings
            for key in ((finding.category, article.language), (finding.category, "all")):
                cells[key].findings += 1
                cells[key].true_findings += true
            for key in ((finding.rule, article.language), (finding.rule, "all")):
                rules[key].findings += 1
                rules[key].true_findings += true
            if not true:
                false_alarms.append(finding)
    return cells, kinds, rules, misses, false_alarms, other


def print_report(out, cells, kinds, rules, misses, false_alarms, other, lists):
    columns = (*rl.LANGUAGES, "all")
    print(f"{'category':<12} {'lang':<4}  {'precision':<18} {'recall':<18} F1", file=out)
    for category in rl.CATEGORIES:
        for language in columns:
            t = cells[(category, language)]
            f1 = t.f1()
            print(f"{category:<12} {language:<4}  {ratio(t.true_findings, t.findings):<18} "
                  f"{ratio(t.hit_labels, t.labels):<18} {'—' if f1 is None else f'{f1:.3f}'}", file=out)
    print("\nrecall by kind:", file=out)
    for (category, kind, language), t in sorted(kinds.items()):
        if language == "all":
            per = "  ".join(f"{l} {ratio(kinds[(category, kind, l)].hit_labels, kinds[(category, kind, l)].labels)}"
                            for l in rl.LANGUAGES if kinds[(category, kind, l)].labels)
            print(f"  {category + '/' + kind:<22} {ratio(t.hit_labels, t.labels):<16} {per}", file=out)
    print("\nprecision by rule:", file=out)
    for (rule, language), t in sorted(rules.items()):
        if language == "all":
            per = "  ".join(f"{l} {rules[(rule, l)].true_findings}/{rules[(rule, l)].findings}"
                            for l in rl.LANGUAGES if rules[(rule, l)].findings)
            print(f"  {rule:<36} {ratio(t.true_findings, t.findings):<16} {per}", file=out)
    if other:
        print("\nnot scored (other categories): " +
              ", ".join(f"{c} {n}" for c, n in sorted(other.items())), file=out)
    if lists:
        print(f"\nmissed labels ({len(misses)}):", file=out)
        for label in misses:
            print(f"  {label.path}:{label.byte_start}-{label.byte_end}  {label.category}/{label.kind}", file=out)
        print(f"\nfalse alarms ({len(false_alarms)}):", file=out)
        for f in false_alarms:
            print(f"  {f.path}:{f.start}-{f.end}  {f.rule} ({f.severity})", file=out)


def as_json(cells, kinds, rules, misses, false_alarms):
    def cell(t):
        return {"findings": t.findings, "true_findings": t.true_findings, "labels": t.labels,
                "hit_labels": t.hit_labels, "precision": t.precision(), "recall": t.recall(), "f1": t.f1()}
    return {
        "categories": {f"{c}/{l}": cell(t) for (c, l), t in sorted(cells.items())},
        "kinds": {f"{c}/{k}/{l}": cell(t) for (c, k, l), t in sorted(kinds.items())},
        "rules": {f"{r}/{l}": cell(t) for (r, l), t in sorted(rules.items())},
        "misses": [[m.path, m.byte_start, m.byte_end, m.category, m.kind] for m in misses],
        "false_alarms": [[f.path, f.start, f.end, f.rule, f.severity] for f in false_alarms],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realnews", required=True, help="the realnews folder (holds ar/, en/, fr/)")
    parser.add_argument("--copydesk", required=True, help="the copydesk command-line tool")
    parser.add_argument("--rules", help="rule packs to scan with (default: the tool's shipped packs)")
    parser.add_argument("--set", default=DEFAULT_SET, help="the labelled set (default: realnews-heldout/ here)")
    parser.add_argument("--batch", action="append", metavar="NAME",
                        help="score only the articles of this labelling batch (may be repeated; default: all)")
    parser.add_argument("--min-severity", default="info", choices=("info", "warning", "error"),
                        help="score only findings at or above this severity (default: all)")
    parser.add_argument("--json", metavar="FILE", help="also write the numbers and lists to FILE as JSON")
    parser.add_argument("--no-lists", action="store_true", help="leave out the misses and false alarms")
    args = parser.parse_args()

    try:
        articles, labels = rl.select_batches(*rl.read_set(args.set), args.batch)
        rl.check_articles(args.realnews, articles)
        began = time.monotonic()
        findings = rl.scan(args.copydesk, args.rules, args.realnews, [a.path for a in articles],
                           args.min_severity)
        took = time.monotonic() - began
    except rl.SetError as e:
        print(f"score_realnews.py: {e}", file=sys.stderr)
        return 2
    results = score(articles, labels, findings)
    batches = collections.Counter(a.batch for a in articles)
    print(f"held-out realnews set: {len(articles)} articles, {len(labels)} labels "
          f"(batch {', '.join(f'{b}: {n} articles' for b, n in sorted(batches.items()))}); "
          f"rules {args.rules or '(shipped)'}; findings at or above {args.min_severity}; "
          f"scan {took:.1f} s\n")
    print_report(sys.stdout, *results, lists=not args.no_lists)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(as_json(*results[:5]), f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
