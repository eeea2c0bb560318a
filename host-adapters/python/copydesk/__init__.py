"""copydesk for Python: compile rule packs, scan articles, read findings.

    import copydesk
    rules = copydesk.Ruleset.compile("rules/")
    scanner = rules.scanner()                      # one per thread
    for f in scanner.scan(text):
        print(f.rule_id, f.severity, text[f.start:f.end], f.message)

    # An article as a CMS holds it: findings carry the segment's index and id.
    article = [copydesk.Segment("headline", "title", title),
               copydesk.Segment("body", "block-1", html, format="html")]
    for f in scanner.scan_segments(article):
        print(f.segment_id, article[f.segment_index].text[f.start:f.end], f.visible_text)

A thin ctypes layer over libcopydesk's C ABI: marshalling, lifetime and error mapping only;
all matching happens in the library. Errors are the classes of :mod:`copydesk.errors`.
"""

import os
import weakref
from collections import namedtuple
from ctypes import POINTER, byref
from dataclasses import dataclass
from typing import Optional

from . import _lib
from .errors import (
    BusyError,
    CopydeskError,
    CopydeskIOError,
    Diagnostic,
    EncodingError,
    InternalError,
    InvalidArgument,
    LimitError,
    OutOfMemory,
    RuleError,
    VersionError,
    check,
    format_diagnostic,
)

__all__ = [
    "Ruleset", "Scanner", "Segment", "Finding", "Findings", "RuleInfo", "Example", "Diagnostic", "SEGMENT_KINDS",
    "CopydeskError", "RuleError", "CopydeskIOError", "LimitError", "EncodingError", "VersionError",
    "BusyError", "InvalidArgument", "OutOfMemory", "InternalError", "check", "format_diagnostic",
    "library_version", "library_path",
]

_lib_fn = _lib.lib
_SEVERITY_NAMES = {_lib.SEVERITY_INFO: "info", _lib.SEVERITY_WARNING: "warning", _lib.SEVERITY_ERROR: "error"}
_SEVERITY_CODES = {v: k for k, v in _SEVERITY_NAMES.items()}
_FORMATS = {"auto": _lib.FORMAT_AUTO, "text": _lib.FORMAT_TEXT, "markdown": _lib.FORMAT_MARKDOWN,
            "html": _lib.FORMAT_HTML}
#: segment kind names (as in rule packs and JSON) -> COPYDESK_SEGMENT_* constants
SEGMENT_KINDS = {"body": _lib.SEGMENT_BODY, "headline": _lib.SEGMENT_HEADLINE,
                 "standfirst": _lib.SEGMENT_STANDFIRST, "subheading": _lib.SEGMENT_SUBHEADING,
                 "caption": _lib.SEGMENT_CAPTION, "pullquote": _lib.SEGMENT_PULLQUOTE,
                 "aside": _lib.SEGMENT_ASIDE}
_SEGMENT_NAMES = {v: k for k, v in SEGMENT_KINDS.items()}


def library_version():
    """Version string of the loaded libcopydesk, e.g. "0.1.0"."""
    return _lib._text(_lib_fn.copydesk_version_string())


def library_path():
    """The libcopydesk file this adapter loaded."""
    return _lib.path


def _str(b):
    return _lib._text(b) if b is not None else ""


def _severity_name(code):
    return _SEVERITY_NAMES.get(code, code)


def _choice(value, table, what):
    try:
        return table[value]
    except KeyError:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(table)}") from None


def _name_list(names):
    """None, "a,b" or an iterable of names -> the comma-separated bytes the ABI takes."""
    if names is None:
        return None
    if isinstance(names, (str, bytes)):
        names = [names]
    return ",".join(n.decode() if isinstance(n, bytes) else n for n in names).encode("utf-8")


def _closed(what):
    return InvalidArgument(-3, "COPYDESK_E_INVALID", f"the {what} is closed")


RuleInfo = namedtuple("RuleInfo",
                      "id category severity title message description references source languages pack pack_version "
                      "publish")
Example = namedtuple("Example", "rule_id language text expect source line segment")


def _diagnostics(compiler):
    out = []
    for i in range(_lib_fn.copydesk_compiler_diagnostic_count(compiler)):
        d = _lib.Diagnostic()
        _lib_fn.copydesk_compiler_diagnostic_get(byref(d), compiler, i)
        out.append(Diagnostic(_str(d.file), d.line, d.column, _severity_name(d.severity), _str(d.rule_id),
                              _str(d.message)))
    return out


class _Handle:
    """Owns one library handle: freed by its ``_free`` function when the object goes
    (``weakref.finalize``) or on :meth:`close`. Free order never matters to the library."""

    _kind = "handle"
    _free = None  # the library's copydesk_<kind>_free

    @classmethod
    def _adopt(cls, handle):
        self = cls.__new__(cls)
        self._handle = handle
        self._finalizer = weakref.finalize(self, cls._free, handle)
        return self

    def _live(self):
        if self._handle is None:
            raise _closed(self._kind)
        return self._handle

    def close(self):
        """Release the library handle now; later calls raise :class:`InvalidArgument`."""
        self._finalizer()
        self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Ruleset(_Handle):
    """Compiled, immutable rules. Share one across threads; give each thread its own
    :meth:`scanner`. Build with :meth:`compile`, :meth:`compile_string` or :meth:`load`."""

    def __init__(self):
        raise TypeError("use Ruleset.compile(), Ruleset.compile_string() or Ruleset.load()")

    _kind = "ruleset"
    _free = staticmethod(_lib_fn.copydesk_ruleset_free)

    @classmethod
    def _adopt(cls, handle, warnings=()):
        self = super()._adopt(handle)
        #: warnings the compiler reported (a successful compile has no errors)
        self.warnings = list(warnings)
        return self

    @classmethod
    def compile(cls, *paths, exclude=None, regex_max_mem=0):
        """Compile rule packs from directories of packs, pack directories or rule files.
        ``exclude`` leaves rule ids, packs or categories out. Raises :class:`RuleError`
        (with ``.diagnostics``) or :class:`CopydeskIOError`."""
        if not paths:
            raise TypeError("Ruleset.compile() needs at least one path")
        return cls._build([("path", os.fsencode(p), None) for p in paths], exclude, regex_max_mem)

    @classmethod
    def compile_string(cls, toml, origin=None, *, exclude=None, regex_max_mem=0):
        """Compile one pack written as a single TOML document ([pack], then [[rule]]s).
        ``origin`` names it in diagnostics."""
        data = toml.encode("utf-8") if isinstance(toml, str) else bytes(toml)
        return cls._build([("string", data, origin)], exclude, regex_max_mem)

    @classmethod
    def _build(cls, sources, exclude, regex_max_mem):
        opts = _lib.CompileOptions()
        _lib_fn.copydesk_compile_options_init(byref(opts), _lib.COMPILE_OPTIONS_VERSION)
        opts.regex_max_mem = regex_max_mem
        exclude_bytes = _name_list(exclude)  # kept referenced until the call returns
        opts.exclude = exclude_bytes
        compiler = POINTER(_lib.Compiler)()
        _lib_fn.copydesk_compiler_new(byref(compiler), byref(opts))
        try:
            for kind, data, origin in sources:
                if kind == "path":
                    _lib_fn.copydesk_compiler_add_path(compiler, data)
                else:
                    _lib_fn.copydesk_compiler_add_string(compiler, data, len(data),
                                                         origin.encode("utf-8") if origin else None)
            ruleset = POINTER(_lib.Ruleset)()
            try:
                _lib_fn.copydesk_compiler_build(byref(ruleset), compiler)
            except RuleError as e:
                raise RuleError(e.code, e.name, e.message, _diagnostics(compiler)) from None
            return cls._adopt(ruleset, [d for d in _diagnostics(compiler)])
        finally:
            _lib_fn.copydesk_compiler_free(compiler)

    @classmethod
    def load(cls, bundle):
        """Load a bundle written by :meth:`save`, from a path or from bytes. Raises
        :class:`VersionError` for a bundle of another library version or CPU, or a corrupted
        one (recompile from the TOML sources then), :class:`CopydeskIOError` when unreadable."""
        ruleset = POINTER(_lib.Ruleset)()
        if isinstance(bundle, (bytes, bytearray, memoryview)):
            data = bytes(bundle)
            _lib_fn.copydesk_ruleset_load_memory(byref(ruleset), data, len(data))
        else:
            _lib_fn.copydesk_ruleset_load(byref(ruleset), os.fsencode(bundle))
        return cls._adopt(ruleset)

    def save(self, path):
        """Write a compiled bundle that :meth:`load` reads back without recompiling."""
        _lib_fn.copydesk_ruleset_save(self._live(), os.fsencode(path))

    def scanner(self):
        """A new :class:`Scanner` over these rules (it keeps them alive). One per thread."""
        handle = POINTER(_lib.Scanner)()
        _lib_fn.copydesk_scanner_new(byref(handle), self._live())
        return Scanner._adopt(handle)

    def __len__(self):
        return _lib_fn.copydesk_ruleset_rule_count(self._live())

    def rules(self):
        """Every rule as a :class:`RuleInfo`."""
        handle, out = self._live(), []
        for i in range(_lib_fn.copydesk_ruleset_rule_count(handle)):
            r = _lib.RuleInfo()
            _lib_fn.copydesk_ruleset_rule_get(byref(r), handle, i)
            out.append(RuleInfo(_str(r.id), _str(r.category), _severity_name(r.severity), _str(r.title),
                                _str(r.message), _str(r.description),
                                [x for x in _str(r.references).split("\n") if x], _str(r.source),
                                [x for x in _str(r.languages).split(",") if x], _str(r.pack),
                                _str(r.pack_version), _str(r.publish)))
        return out

    def examples(self):
        """Every [[example]] of every rule as an :class:`Example` (``expect``: the strings it
        must flag, empty when it must pass clean; ``segment``: the kind of segment the text is
        scanned as)."""
        handle, out = self._live(), []
        for i in range(_lib_fn.copydesk_ruleset_example_count(handle)):
            e = _lib.Example()
            _lib_fn.copydesk_ruleset_example_get(byref(e), handle, i)
            expect = [_str(_lib_fn.copydesk_ruleset_example_expect(handle, i, j)) for j in range(e.expect_count)]
            out.append(Example(_str(e.rule_id), _str(e.language), _str(e.text), expect, _str(e.source), e.line,
                               _SEGMENT_NAMES.get(e.segment_kind, e.segment_kind)))
        return out



@dataclass(frozen=True)
class Segment:
    """One part of an article: ``kind`` is "body", "headline", "standfirst", "subheading",
    "caption", "pullquote" or "aside"; ``id`` is the host's own (a block's clientId);
    ``text`` a ``str`` or UTF-8 ``bytes``; ``format`` "auto" (the scan's ``format``), "text",
    "markdown" or "html"."""
    kind: str = "body"
    id: str = ""
    text: object = ""
    format: str = "auto"


@dataclass(frozen=True)
class Finding:
    """One flagged span. ``start``/``end`` index what was scanned (for segments: the
    finding's segment): code points of a ``str`` (``text[f.start:f.end]`` is the written
    form) or bytes of a ``bytes``; ``visible_start``/``visible_end`` the same in the visible
    text (``visible_text`` is that span as shown)."""
    rule_id: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    utf16_start: int
    utf16_end: int
    cp_start: int
    cp_end: int
    line: int
    column: int
    end_line: int
    end_column: int
    term: str
    folded: str
    context_hash: int
    explain: Optional[str]
    segment_index: int = 0
    segment_id: str = ""
    segment_kind: str = "body"
    visible_start: int = 0
    visible_end: int = 0
    visible_byte_start: int = 0
    visible_byte_end: int = 0
    visible_utf16_start: int = 0
    visible_utf16_end: int = 0
    visible_cp_start: int = 0
    visible_cp_end: int = 0
    visible_text: str = ""


class Findings(list):
    """The findings of one scan, ordered by segment, then position. ``truncated``:
    ``max_findings`` cut the list; ``invalid_utf8``: invalid sequences matched as U+FFFD."""
    truncated = False
    invalid_utf8 = 0


def _utf8(text, what):
    if isinstance(text, str):
        return text.encode("utf-8"), True
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text), False
    raise TypeError(f"{what} must be str or bytes, not {type(text).__name__}")


def _as_segment(item, i):
    if isinstance(item, Segment):
        return item
    if isinstance(item, dict):
        unknown = set(item) - {"kind", "id", "text", "format"}
        if unknown:
            raise ValueError(f"segment {i}: unknown key {sorted(unknown)[0]!r} (kind, id, text, format)")
        return Segment(**item)
    raise TypeError(f"segment {i} must be a copydesk.Segment or a dict, not {type(item).__name__}")


class Scanner(_Handle):
    """Scans text against a :class:`Ruleset`. Use each scanner from one thread at a time
    (two threads at once raise :class:`BusyError`); make one per thread."""

    def __init__(self):
        raise TypeError("use Ruleset.scanner()")

    _kind = "scanner"
    _free = staticmethod(_lib_fn.copydesk_scanner_free)

    def scan(self, text, format="auto", min_severity="info", enable=None, disable=None, explain=False,
             *, strict_utf8=False, max_input_bytes=0, max_findings=0):
        """Scan ``text`` (``str``, or UTF-8 ``bytes``) and return a :class:`Findings` list.

        ``format``: "auto", "text", "markdown" or "html". ``min_severity``: "info", "warning"
        or "error". ``enable``/``disable``: rule ids, packs or categories (a comma-separated
        string or an iterable); an unknown name raises :class:`InvalidArgument`.
        ``explain``: fill ``Finding.explain``. ``strict_utf8``: invalid UTF-8 raises
        :class:`EncodingError` instead of being matched as U+FFFD. ``max_input_bytes`` and
        ``max_findings``: 0 keeps the library's defaults (64 MiB, 10000)."""
        scanner = self._live()
        data, is_str = _utf8(text, "text")
        with _Options(format, min_severity, enable, disable, explain, strict_utf8, max_input_bytes,
                      max_findings) as opts:
            handle = POINTER(_lib.Findings)()
            _lib_fn.copydesk_scanner_scan(byref(handle), scanner, data, len(data), byref(opts.record))
        return _read_findings(handle, [is_str], explain)

    def scan_segments(self, segments, format="auto", min_severity="info", enable=None, disable=None,
                      explain=False, *, strict_utf8=False, max_input_bytes=0, max_findings=0):
        """Scan an article given as segments (:class:`Segment` objects or dicts with the same
        keys), in article order, in one pass; context flows between them as
        docs/rules.md ("Article segments") says. Each finding carries ``segment_index``,
        ``segment_id`` and ``segment_kind``, and its offsets are relative to its segment's
        text. The other arguments are those of :meth:`scan` (``format`` is the default of
        segments that say "auto")."""
        scanner = self._live()
        items = [_as_segment(s, i) for i, s in enumerate(segments)]
        records = (_lib.Segment * max(len(items), 1))()
        keep, is_str = [], []  # the encoded texts stay referenced until the call returns
        for i, seg in enumerate(items):
            data, text_is_str = _utf8(seg.text, f"segment {i} text")
            ident = seg.id.encode("utf-8") if isinstance(seg.id, str) else bytes(seg.id)
            keep += [data, ident]
            is_str.append(text_is_str)
            r = records[i]
            r.version = _lib.SEGMENT_VERSION
            r.kind = _choice(seg.kind, SEGMENT_KINDS, "segment kind")
            r.format = _choice(seg.format, _FORMATS, "format")
            r.id, r.text, r.len = ident, data, len(data)
        with _Options(format, min_severity, enable, disable, explain, strict_utf8, max_input_bytes,
                      max_findings) as opts:
            handle = POINTER(_lib.Findings)()
            _lib_fn.copydesk_scanner_scan_segments(byref(handle), scanner, records, len(items), byref(opts.record))
        return _read_findings(handle, is_str, explain)


class _Options:
    """A filled copydesk_scan_options; the name lists it points to live as long as it does."""

    def __init__(self, format, min_severity, enable, disable, explain, strict_utf8, max_input_bytes,
                 max_findings):
        o = self.record = _lib.ScanOptions()
        _lib_fn.copydesk_scan_options_init(byref(o), _lib.SCAN_OPTIONS_VERSION)
        o.input_format = _choice(format, _FORMATS, "format")
        o.min_severity = _choice(min_severity, _SEVERITY_CODES, "severity")
        o.flags = (_lib.SCAN_STRICT_UTF8 if strict_utf8 else 0) | (_lib.SCAN_EXPLAIN if explain else 0)
        o.max_input_bytes = max_input_bytes
        o.max_findings = max_findings
        self._names = (_name_list(enable), _name_list(disable))
        o.enable, o.disable = self._names

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._names = None


def _read_findings(handle, is_str, explain):
    """Copies every finding out of ``handle`` and frees it. ``is_str[i]``: segment i was a
    ``str`` (offsets in code points) rather than ``bytes``."""
    try:
        out = Findings()
        out.truncated = bool(_lib_fn.copydesk_findings_truncated(handle))
        out.invalid_utf8 = _lib_fn.copydesk_findings_invalid_utf8(handle)
        for i in range(_lib_fn.copydesk_findings_count(handle)):
            x = _lib.Finding()
            _lib_fn.copydesk_findings_get(byref(x), handle, i)
            note = _str(_lib_fn.copydesk_findings_explain(handle, i)) if explain else None
            cp = is_str[x.segment_index] if x.segment_index < len(is_str) else True
            out.append(Finding(
                rule_id=_str(x.rule_id), category=_str(x.category), severity=_severity_name(x.severity),
                message=_str(x.message),
                start=x.cp_start if cp else x.byte_start, end=x.cp_end if cp else x.byte_end,
                byte_start=x.byte_start, byte_end=x.byte_end, utf16_start=x.utf16_start,
                utf16_end=x.utf16_end, cp_start=x.cp_start, cp_end=x.cp_end, line=x.line, column=x.column,
                end_line=x.end_line, end_column=x.end_column, term=_str(x.term), folded=_str(x.folded),
                context_hash=x.context_hash, explain=note or None,
                segment_index=x.segment_index, segment_id=_str(x.segment_id),
                segment_kind=_SEGMENT_NAMES.get(x.segment_kind, x.segment_kind),
                visible_start=x.visible_cp_start if cp else x.visible_byte_start,
                visible_end=x.visible_cp_end if cp else x.visible_byte_end,
                visible_byte_start=x.visible_byte_start, visible_byte_end=x.visible_byte_end,
                visible_utf16_start=x.visible_utf16_start, visible_utf16_end=x.visible_utf16_end,
                visible_cp_start=x.visible_cp_start, visible_cp_end=x.visible_cp_end,
                visible_text=_str(x.visible_text)))
        return out
    finally:
        _lib_fn.copydesk_findings_free(handle)
