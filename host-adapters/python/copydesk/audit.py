"""Archive audits on Dask: ``python3 -m copydesk.audit [options] PATH...``

Lists the articles of PATHs (directories of article files, files, JSON Lines exports) the way
``copydesk scan`` does, cuts the list into partitions, ships the compiled rule bundle to every
worker once (workers load it, they never compile), scans each partition with one scanner per
worker thread, and writes every finding as a JSON line (``path``, ``rule``, ``start``, ...,
like ``copydesk scan --format jsonl``) plus a summary by rule, category, language and month.
Runs on a ``LocalCluster`` by default, on any scheduler given with ``--scheduler``. A
partition whose worker dies is computed again by another (Dask reschedules it); results are
kept by partition index and written in archive order, so nothing is lost or doubled.

The archive must be readable at the same paths by every worker (a shared or copied
filesystem), as for any Dask file input. See docs/archive.md.
"""
import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import time

_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_FIELDS = ("id", "title", "body", "format", "date", "language", "url")


# ---- listing (client side) ------------------------------------------------------------

def _display(path):
    return os.path.normpath(path)


def _walk(directory, out):
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as e:
        out.append({"kind": "error", "path": _display(directory), "error": f"cannot read directory: {e.strerror}"})
        return
    subdirs = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            subdirs.append(entry.path)
        elif entry.name.lower().endswith(_EXTENSIONS) and entry.is_file():
            out.append({"kind": "file", "path": _display(entry.path), "fs": entry.path})
    for sub in subdirs:
        _walk(sub, out)


def _jsonl_lines(path, display):
    """One article reference per non-blank line: its offset, length and line number."""
    refs, offset, number = [], 0, 0
    with open(path, "rb") as f:
        for raw in f:
            number += 1
            if raw.strip(b" \t\r\n"):
                length = len(raw) - (1 if raw.endswith(b"\n") else 0)
                refs.append({"kind": "jsonl", "path": f"{display}:{number}", "archive": display, "fs": path,
                             "offset": offset, "length": length, "line": number})
            offset += len(raw)
    return refs


def list_articles(paths):
    """The article references of PATHs, in ``copydesk scan``'s order: inputs sorted by
    path, each JSON Lines archive replaced by its lines in archive order."""
    inputs = []
    for p in paths:
        if not os.path.exists(p):
            inputs.append({"kind": "error", "path": _display(p), "error": "cannot read: No such file or directory"})
        elif os.path.isdir(p):
            _walk(p, inputs)
        else:
            inputs.append({"kind": "file", "path": _display(p), "fs": p})
    inputs.sort(key=lambda r: r["path"].encode("utf-8"))
    seen, out = set(), []
    for r in inputs:
        if r["path"] in seen:
            continue
        seen.add(r["path"])
        lower = r["path"].lower()
        if r["kind"] == "file" and lower.endswith((".jsonl", ".ndjson")):
            try:
                out.extend(_jsonl_lines(r["fs"], r["path"]))
            except OSError as e:
                out.append({"kind": "error", "path": r["path"], "error": f"cannot read: {e.strerror}"})
        elif r["kind"] == "file" and lower.endswith((".xml", ".wxr")):
            out.append({"kind": "error", "path": r["path"],
                        "error": "WordPress exports are read by copydesk scan, not by the audit: "
                                 "export JSON Lines (docs/archive.md)"})
        else:
            out.append(r)
    return out


# ---- scanning (worker side) -----------------------------------------------------------

_rulesets = {}              # bundle digest -> Ruleset, loaded once per worker process
_rulesets_lock = threading.Lock()
_local = threading.local()  # one scanner per worker thread
loads = 0                   # how many bundles this process loaded (tests read it)


def _scanner(bundle, digest):
    global loads
    scanners = getattr(_local, "scanners", None)
    if scanners is None:
        scanners = _local.scanners = {}
    if digest not in scanners:
        import copydesk
        with _rulesets_lock:
            if digest not in _rulesets:
                _rulesets[digest] = copydesk.Ruleset.load(bundle)
                loads += 1
            ruleset = _rulesets[digest]
        scanners[digest] = ruleset.scanner()
    return scanners[digest]


def _language(article, texts):
    if article.get("language"):
        return re.split(r"[-_]", article["language"])[0].lower()
    text = "\n".join(t.decode("utf-8", "replace") for t in texts)
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha() or "\u00c0" <= c <= "\u024f")
    if not arabic and not latin:
        return "und"
    if arabic >= latin:
        return "ar"
    lower = " " + re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text)).lower() + " "
    fr = sum(lower.count(w) for w in (" le ", " la ", " les ", " des ", " du ", " est ", " une ", " et ", " selon "))
    en = sum(lower.count(w) for w in (" the ", " and ", " of ", " to ", " is ", " was ", " said ", " in "))
    if not fr and not en:
        return "und"
    return "fr" if fr > en else "en"


def _read(ref, fields):
    """(article meta, segments) of one reference; raises ValueError with the position."""
    if ref["kind"] == "file":
        with open(ref["fs"], "rb") as f:
            data = f.read()
        nul = data.find(b"\0", 0, 8192)
        if nul >= 0:
            raise ValueError(f"binary file (NUL byte at offset {nul}), not scanned")
        fmt = _FORMATS.get(os.path.splitext(ref["path"])[1].lower(), "auto")
        return {}, None, [{"kind": "body", "id": "", "text": data, "format": fmt}]
    with open(ref["fs"], "rb") as f:
        f.seek(ref["offset"])
        line = f.read(ref["length"])
    where = f"line {ref['line']}"
    try:
        doc = json.loads(line.rstrip(b"\r"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{where}, column {e.colno}: not valid JSON: {e.msg}") from None
    if not isinstance(doc, dict):
        raise ValueError(f'{where}: not a JSON object (one article a line: {{"id": ..., "body": ...}})')
    get = lambda part: doc.get(fields[part])
    art = {"archive": ref["archive"], "line": ref["line"]}
    ident = get("id")
    art["id"] = "" if ident is None or isinstance(ident, (dict, list, bool)) else str(ident)
    body = get("body")
    if not isinstance(body, str):
        raise ValueError(f"{where}: field '{fields['body']}' is not a string" if body is not None else
                         f"{where}: no field '{fields['body']}' (the article's text; --jsonl-fields body=NAME "
                         "names another field)")
    fmt = get("format")
    fmt = {"txt": "text", "md": "markdown"}.get(fmt, fmt) if fmt is not None else "auto"
    if fmt not in ("auto", "text", "markdown", "html"):
        raise ValueError(f"{where}: field '{fields['format']}': expected auto, text, markdown or html")
    for part in ("title", "date", "language", "url"):
        v = get(part)
        if isinstance(v, str) or (part == "date" and isinstance(v, (int, float)) and not isinstance(v, bool)):
            art[part] = str(v)
    segments = []
    if art.get("title"):
        segments.append({"kind": "headline", "id": "title", "text": art["title"].encode("utf-8"), "format": "text"})
    segments.append({"kind": "body", "id": "body", "text": body.encode("utf-8"), "format": fmt})
    path = f"{ref['archive']}#{art['id']}" if art["id"] else ref["path"]
    return art, path, segments


def scan_partition(bundle, digest, refs, fields):
    """Scans one partition; returns its rows (findings and errors, in order), its per-article
    facts for the summary, and who scanned it."""
    import copydesk
    scanner = _scanner(bundle, digest)
    rows, facts = [], []
    for ref in refs:
        if ref["kind"] == "error":
            rows.append({"path": ref["path"], "error": ref["error"]})
            facts.append({"error": True})
            continue
        try:
            article, path, segments = _read(ref, fields)
        except (OSError, ValueError) as e:
            rows.append({"path": ref["path"], "error": str(e) if isinstance(e, ValueError)
                         else f"cannot read: {e.strerror}"})
            facts.append({"error": True})
            continue
        path = path or ref["path"]
        segmented = ref["kind"] != "file"
        try:
            if segmented:
                found = scanner.scan_segments([copydesk.Segment(**s) for s in segments])
            else:
                found = scanner.scan(segments[0]["text"], format=segments[0]["format"])
        except copydesk.CopydeskError as e:
            rows.append({"path": path, "error": f"scan failed: {e}"})
            facts.append({"error": True})
            continue
        month = article.get("date", "")[:7] if re.match(r"\d{4}-\d{2}", article.get("date", "")) else "undated"
        language = _language(article, [s["text"] for s in segments])
        for f in found:
            row = {"path": path}
            if article:
                row["article"] = article
            text = segments[f.segment_index if segmented else 0]["text"]
            row.update({"rule": f.rule_id, "category": f.category, "severity": f.severity, "message": f.message,
                        "start": f.byte_start, "end": f.byte_end, "line": f.line, "column": f.column,
                        "end_line": f.end_line, "end_column": f.end_column,
                        "text": text[f.byte_start:f.byte_end].decode("utf-8", "replace")})
            if segmented:
                row.update({"segment": f.segment_index, "segment_id": f.segment_id, "segment_kind": f.segment_kind})
            row.update({"term": f.term, "folded": f.folded})
            rows.append(row)
        facts.append({"language": language, "month": month,
                      "findings": [(f.rule_id, f.category) for f in found]})
    from distributed import get_worker
    try:
        worker = get_worker().address
    except ValueError:
        worker = "local"
    return {"rows": rows, "facts": facts, "worker": worker, "pid": os.getpid(), "loads": loads}


# ---- the run (client side) ------------------------------------------------------------

def _bundle_of(rules):
    """The bundle bytes of RULES: read when it is a bundle, else compiled here once."""
    import copydesk
    if os.path.isfile(rules):
        with open(rules, "rb") as f:
            data = f.read()
        try:
            copydesk.Ruleset.load(data).close()
            return data
        except copydesk.CopydeskError:
            pass  # not a bundle: a rule file
    ruleset = copydesk.Ruleset.compile(rules)
    with tempfile.TemporaryDirectory() as d:
        ruleset.save(os.path.join(d, "rules.bundle"))
        with open(os.path.join(d, "rules.bundle"), "rb") as f:
            return f.read()


def _default_rules():
    env = os.environ.get("COPYDESK_RULES")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "..", "..", "..", "rules"), "/usr/share/copydesk/rules",
                      "/usr/local/share/copydesk/rules"):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    return None


def _parse_fields(items):
    fields = {p: p for p in _FIELDS}
    for item in items:
        for pair in filter(None, (x.strip() for x in item.split(","))):
            part, _, name = pair.partition("=")
            if part not in fields or not name:
                raise SystemExit(f"copydesk.audit: --jsonl-fields: '{pair}': expected PART=FIELD, PART one of "
                                 + ", ".join(_FIELDS))
            fields[part] = name
    return fields


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m copydesk.audit",
                                 description="Audit an archive on Dask: findings as JSON Lines and a summary.")
    ap.add_argument("paths", nargs="+", metavar="PATH", help="directories, article files, .jsonl exports")
    ap.add_argument("--rules", help="packs, a pack, a rule file or a bundle (default: the shipped packs)")
    ap.add_argument("--scheduler", help="a Dask scheduler address (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=None, help="LocalCluster workers (default: Dask's)")
    ap.add_argument("--threads", type=int, default=None, help="LocalCluster threads per worker")
    ap.add_argument("--partition-size", type=int, default=200, help="articles per partition (default 200)")
    ap.add_argument("--jsonl-fields", action="append", default=[], metavar="MAP",
                    help="JSON Lines fields, PART=FIELD comma-separated (as copydesk scan)")
    ap.add_argument("-o", "--output", default="-", help="the findings, JSON Lines (default: stdout)")
    ap.add_argument("--summary", help="write the summary (JSON) to this file (default: stderr, as text)")
    ap.add_argument("--progress", action="store_true", help="a line on stderr per partition done")
    args = ap.parse_args(argv)
    if args.partition_size < 1:
        ap.error("--partition-size must be at least 1")
    fields = _parse_fields(args.jsonl_fields)
    rules = args.rules or _default_rules()
    if not rules:
        ap.error("no rules found: pass --rules PATH or set COPYDESK_RULES")

    import copydesk
    from distributed import Client, LocalCluster, as_completed
    started = time.monotonic()
    try:
        bundle = _bundle_of(rules)
    except copydesk.CopydeskError as e:
        print(f"copydesk.audit: {rules}: {e}", file=sys.stderr)
        return 2
    digest = hashlib.sha256(bundle).hexdigest()
    refs = list_articles(args.paths)
    parts = [refs[i:i + args.partition_size] for i in range(0, len(refs), args.partition_size)]

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        kw = {"processes": True, "dashboard_address": None}
        if args.workers:
            kw["n_workers"] = args.workers
        if args.threads:
            kw["threads_per_worker"] = args.threads
        cluster = LocalCluster(**kw)
        client = Client(cluster)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    summary = {"articles": len(refs), "partitions": len(parts), "articles_not_scanned": 0, "findings": 0,
               "by_rule": {}, "by_category": {}, "by_language": {}, "by_month": {}, "workers": {}}
    try:
        # The bundle goes to every worker once; each task gets it by reference.
        shipped = client.scatter(bundle, broadcast=True, hash=False)
        futures = {client.submit(scan_partition, shipped, digest, part, fields, pure=False): i
                   for i, part in enumerate(parts)}
        done, next_to_write, waiting = 0, 0, {}
        for future, result in as_completed(futures, with_results=True):
            index = futures.pop(future)
            waiting[index] = result
            done += 1
            if args.progress:
                print(f"copydesk.audit: {done} of {len(parts)} partitions", file=sys.stderr, flush=True)
            while next_to_write in waiting:  # archive order, each partition once
                r = waiting.pop(next_to_write)
                next_to_write += 1
                for row in r["rows"]:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                w = summary["workers"].setdefault(r["worker"], {"partitions": 0, "bundle_loads": 0})
                w["partitions"] += 1
                w["bundle_loads"] = max(w["bundle_loads"], r["loads"])
                for fact in r["facts"]:
                    if fact.get("error"):
                        summary["articles_not_scanned"] += 1
                        continue
                    for rule, category in fact["findings"]:
                        summary["findings"] += 1
                        for key, name in (("by_rule", rule), ("by_category", category),
                                          ("by_language", fact["language"]), ("by_month", fact["month"])):
                            summary[key][name] = summary[key].get(name, 0) + 1
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
        client.close()
        if cluster is not None:
            cluster.close()
    summary["seconds"] = round(time.monotonic() - started, 3)
    for key in ("by_rule", "by_category", "by_language", "by_month"):
        summary[key] = dict(sorted(summary[key].items()))
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
            f.write("\n")
    else:
        print(f"copydesk.audit: {summary['findings']} findings in {summary['articles']} articles "
              f"({summary['articles_not_scanned']} not scanned), {summary['partitions']} partitions on "
              f"{len(summary['workers'])} workers, {summary['seconds']} s", file=sys.stderr)
        for key in ("by_rule", "by_category", "by_language", "by_month"):
            print(f"  {key[3:]}: " + ", ".join(f"{k} {v}" for k, v in summary[key].items()), file=sys.stderr)
    return 2 if summary["articles_not_scanned"] else 0


if __name__ == "__main__":
    from copydesk.audit import main as _main  # the workers import the same module by name
    sys.exit(_main())
