#!/usr/bin/env python3
"""Authoring aid for conformance vectors: prints, as the JSON members of an expected finding,
every offset of the OCCURRENCE-th (0-based) FLAGGED substring of TEXT, and with --visible
the same for the substring of the visible text. It only counts; it knows nothing of copydesk.

    python3 tests/conformance/offsets.py 'TEXT' 'FLAGGED' [OCCURRENCE] [--visible 'VISIBLE' 'SHOWN' [OCC]]

Backslash escapes in the arguments (\\n, \\r, \\u0640...) are decoded first.
"""
import json
import sys


def unescape(s):
    return s.encode("utf-8", "surrogatepass").decode("unicode_escape").encode("latin-1").decode("utf-8") \
        if "\\" in s else s


def u16(s):
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def locate(text, needle, occurrence):
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    return at, at + len(needle)


def line_column(text, cp):
    line = text.count("\n", 0, cp) + 1
    return line, cp - (text.rfind("\n", 0, cp) + 1) + 1


def spans(text, needle, occurrence, prefix=""):
    a, b = locate(text, needle, occurrence)
    out = {
        prefix + "start": len(text[:a].encode("utf-8")), prefix + "end": len(text[:b].encode("utf-8")),
        prefix + "start_utf16": u16(text[:a]), prefix + "end_utf16": u16(text[:b]),
        prefix + "start_cp": a, prefix + "end_cp": b,
    }
    return out, a, b


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    visible = None
    if "--visible" in argv:
        i = argv.index("--visible")
        visible, argv = argv[i + 1:], argv[:i]
    text, needle = unescape(argv[0]), unescape(argv[1])
    occurrence = int(argv[2]) if len(argv) > 2 else 0
    out, a, b = spans(text, needle, occurrence)
    out["line"], out["column"] = line_column(text, a)
    out["end_line"], out["end_column"] = line_column(text, b)
    out["text"] = needle
    if visible is None:
        visible = [text, needle, str(occurrence)]
    vtext, vneedle = unescape(visible[0]), unescape(visible[1])
    vocc = int(visible[2]) if len(visible) > 2 else 0
    vout, _, _ = spans(vtext, vneedle, vocc, "visible_")
    out.update(vout)
    out["visible_text"] = vneedle
    print(json.dumps(out, ensure_ascii=False)[1:-1])


if __name__ == "__main__":
    main(sys.argv[1:])
