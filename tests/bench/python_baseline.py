#!/usr/bin/env python3
"""Baseline for tests/bench: a deny-list the way it is usually written in Python.

One `re` alternation of every term (escaped, longest first, IGNORECASE) run with
finditer over each article, one call per article. Articles are read until the time
budget is spent (at 10,000 terms Python manages well under 1 MB/s, so the bench
measures a slice and says so).

usage: python_baseline.py TERMS_FILE ARTICLES_FILE BUDGET_SECONDS
  TERMS_FILE     UTF-8, one term per line
  ARTICLES_FILE  UTF-8 articles separated by a form feed line ("\\n\\f\\n")
prints one line: bytes=<N> seconds=<S> articles=<A> matches=<M> compile_seconds=<C>
"""
import re
import sys
import time


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    terms_path, articles_path, budget = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(terms_path, encoding="utf-8") as f:
        terms = [line.rstrip("\n") for line in f if line.strip()]
    with open(articles_path, encoding="utf-8") as f:
        articles = f.read().split("\n\f\n")
    if not terms or not articles:
        print("no terms or no articles", file=sys.stderr)
        return 1

    started = time.perf_counter()
    alternation = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    pattern = re.compile(alternation, re.IGNORECASE)
    compile_seconds = time.perf_counter() - started

    scanned_bytes = scanned = matches = 0
    elapsed = 0.0
    for article in articles:
        size = len(article.encode("utf-8"))
        t0 = time.perf_counter()
        matches += sum(1 for _ in pattern.finditer(article))
        elapsed += time.perf_counter() - t0
        scanned_bytes += size
        scanned += 1
        if elapsed >= budget:
            break
    print(f"bytes={scanned_bytes} seconds={elapsed:.6f} articles={scanned} matches={matches} "
          f"compile_seconds={compile_seconds:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
