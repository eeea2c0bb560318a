"""Loads libcopydesk.so and declares every function of copydesk.h for ctypes.

Marshalling only: the structs below mirror the header field for field, every function gets
its ``argtypes``/``restype``, and every status-returning function routes its result through
:func:`copydesk.errors.check` (ctypes' ``errcheck`` hook). ctypes.CDLL releases the GIL for
the duration of each foreign call.
"""

import ctypes
import ctypes.util
import glob
import os
import sysconfig
from ctypes import POINTER, Structure, c_char_p, c_int, c_int32, c_size_t, c_uint32, c_uint64, c_void_p

from .errors import check

#: COPYDESK_ABI_VERSION of the header this adapter was written against.
ABI_VERSION = 3

# Constants of copydesk.h (checked against the header by the adapter tests).
SEVERITY_INFO = 1
SEVERITY_WARNING = 2
SEVERITY_ERROR = 3
FORMAT_AUTO = 0
FORMAT_TEXT = 1
FORMAT_MARKDOWN = 2
FORMAT_HTML = 3
SEGMENT_BODY = 0
SEGMENT_HEADLINE = 1
SEGMENT_STANDFIRST = 2
SEGMENT_SUBHEADING = 3
SEGMENT_CAPTION = 4
SEGMENT_PULLQUOTE = 5
SEGMENT_ASIDE = 6
SCAN_STRICT_UTF8 = 1
SCAN_EXPLAIN = 2
COMPILE_OPTIONS_VERSION = 2
DIAGNOSTIC_VERSION = 1
RULE_INFO_VERSION = 2
EXAMPLE_VERSION = 2
SCAN_OPTIONS_VERSION = 1
SEGMENT_VERSION = 1
FINDING_VERSION = 2


# ------------------------------------------------------------------ handles (opaque)

class Compiler(Structure):
    pass


class Ruleset(Structure):
    pass


class Scanner(Structure):
    pass


class Findings(Structure):
    pass


# ------------------------------------------------------------------ records

class _Versioned(Structure):
    """A record whose first field is ``uint32_t version``, set on construction."""

    VERSION = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = self.VERSION


class CompileOptions(_Versioned):
    VERSION = COMPILE_OPTIONS_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("flags", c_uint32),
        ("regex_max_mem", c_uint64),
        ("exclude", c_char_p),
        ("max_compile_ms", c_uint64),
        ("max_compile_bytes", c_uint64),
    ]


class Diagnostic(_Versioned):
    VERSION = DIAGNOSTIC_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("severity", c_int32),
        ("line", c_uint32),
        ("column", c_uint32),
        ("file", c_char_p),
        ("rule_id", c_char_p),
        ("message", c_char_p),
    ]


class RuleInfo(_Versioned):
    VERSION = RULE_INFO_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("severity", c_int32),
        ("id", c_char_p),
        ("category", c_char_p),
        ("title", c_char_p),
        ("message", c_char_p),
        ("description", c_char_p),
        ("references", c_char_p),
        ("source", c_char_p),
        ("languages", c_char_p),
        ("pack", c_char_p),  # version 2
        ("pack_version", c_char_p),
    ]


class Example(_Versioned):
    VERSION = EXAMPLE_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("expect_count", c_uint32),
        ("line", c_uint32),
        ("reserved", c_uint32),
        ("rule_id", c_char_p),
        ("language", c_char_p),
        ("text", c_char_p),
        ("source", c_char_p),
        ("segment_kind", c_int32),
    ]


class ScanOptions(_Versioned):
    VERSION = SCAN_OPTIONS_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("input_format", c_int32),
        ("min_severity", c_int32),
        ("flags", c_uint32),
        ("max_input_bytes", c_uint64),
        ("max_findings", c_uint64),
        ("enable", c_char_p),
        ("disable", c_char_p),
    ]


class Segment(_Versioned):
    VERSION = SEGMENT_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("kind", c_int32),
        ("format", c_int32),
        ("reserved", c_uint32),
        ("id", c_char_p),
        ("text", c_char_p),
        ("len", c_size_t),
    ]


class Finding(_Versioned):
    VERSION = FINDING_VERSION
    _fields_ = [
        ("version", c_uint32),
        ("severity", c_int32),
        ("line", c_uint32),
        ("column", c_uint32),
        ("end_line", c_uint32),
        ("end_column", c_uint32),
        ("byte_start", c_uint64),
        ("byte_end", c_uint64),
        ("utf16_start", c_uint64),
        ("utf16_end", c_uint64),
        ("cp_start", c_uint64),
        ("cp_end", c_uint64),
        ("context_hash", c_uint64),
        ("rule_id", c_char_p),
        ("category", c_char_p),
        ("message", c_char_p),
        ("term", c_char_p),
        ("folded", c_char_p),
        ("segment_index", c_uint32),
        ("segment_kind", c_int32),
        ("visible_byte_start", c_uint64),
        ("visible_byte_end", c_uint64),
        ("visible_utf16_start", c_uint64),
        ("visible_utf16_end", c_uint64),
        ("visible_cp_start", c_uint64),
        ("visible_cp_end", c_uint64),
        ("segment_id", c_char_p),
        ("visible_text", c_char_p),
    ]


# ------------------------------------------------------------------ functions

STATUS = "status"  # an int status routed through check()

#: name -> (restype, argtypes), in header order. Every function of copydesk.h is here.
FUNCTIONS = {
    "copydesk_version_number": (c_int, []),
    "copydesk_version_string": (c_char_p, []),
    "copydesk_abi_version": (c_int, []),
    "copydesk_status_name": (c_char_p, [c_int]),
    "copydesk_status_str": (c_char_p, [c_int]),
    "copydesk_last_error": (c_char_p, []),
    "copydesk_compile_options_init": (STATUS, [POINTER(CompileOptions), c_uint32]),
    "copydesk_scan_options_init": (STATUS, [POINTER(ScanOptions), c_uint32]),
    "copydesk_compiler_new": (STATUS, [POINTER(POINTER(Compiler)), POINTER(CompileOptions)]),
    "copydesk_compiler_add_path": (STATUS, [POINTER(Compiler), c_char_p]),
    "copydesk_compiler_add_string": (STATUS, [POINTER(Compiler), c_char_p, c_size_t, c_char_p]),
    "copydesk_compiler_build": (STATUS, [POINTER(POINTER(Ruleset)), POINTER(Compiler)]),
    "copydesk_compiler_diagnostic_count": (c_size_t, [POINTER(Compiler)]),
    "copydesk_compiler_diagnostic_get": (STATUS, [POINTER(Diagnostic), POINTER(Compiler), c_size_t]),
    "copydesk_compiler_free": (None, [POINTER(Compiler)]),
    "copydesk_ruleset_rule_count": (c_size_t, [POINTER(Ruleset)]),
    "copydesk_ruleset_rule_get": (STATUS, [POINTER(RuleInfo), POINTER(Ruleset), c_size_t]),
    "copydesk_ruleset_example_count": (c_size_t, [POINTER(Ruleset)]),
    "copydesk_ruleset_example_get": (STATUS, [POINTER(Example), POINTER(Ruleset), c_size_t]),
    "copydesk_ruleset_example_expect": (c_char_p, [POINTER(Ruleset), c_size_t, c_size_t]),
    "copydesk_ruleset_save": (STATUS, [POINTER(Ruleset), c_char_p]),
    "copydesk_ruleset_load": (STATUS, [POINTER(POINTER(Ruleset)), c_char_p]),
    "copydesk_ruleset_load_memory": (STATUS, [POINTER(POINTER(Ruleset)), c_void_p, c_size_t]),
    "copydesk_ruleset_save_keyed": (STATUS, [POINTER(Ruleset), c_char_p, c_void_p, c_size_t]),
    "copydesk_ruleset_load_keyed": (STATUS, [POINTER(POINTER(Ruleset)), c_char_p, c_void_p, c_size_t]),
    "copydesk_ruleset_load_memory_keyed": (STATUS, [POINTER(POINTER(Ruleset)), c_void_p, c_size_t, c_void_p, c_size_t]),
    "copydesk_ruleset_free": (None, [POINTER(Ruleset)]),
    "copydesk_scanner_new": (STATUS, [POINTER(POINTER(Scanner)), POINTER(Ruleset)]),
    "copydesk_scanner_scan": (STATUS, [POINTER(POINTER(Findings)), POINTER(Scanner), c_char_p, c_size_t,
                                       POINTER(ScanOptions)]),
    "copydesk_scanner_scan_segments": (STATUS, [POINTER(POINTER(Findings)), POINTER(Scanner), POINTER(Segment),
                                                c_size_t, POINTER(ScanOptions)]),
    "copydesk_scanner_free": (None, [POINTER(Scanner)]),
    "copydesk_findings_count": (c_size_t, [POINTER(Findings)]),
    "copydesk_findings_get": (STATUS, [POINTER(Finding), POINTER(Findings), c_size_t]),
    "copydesk_findings_truncated": (c_int, [POINTER(Findings)]),
    "copydesk_findings_invalid_utf8": (c_size_t, [POINTER(Findings)]),
    "copydesk_findings_explain": (c_char_p, [POINTER(Findings), c_size_t]),
    "copydesk_findings_free": (None, [POINTER(Findings)]),
}


def _errcheck(result, func, args):
    check(result)
    return result


def _library_dirs(prefix):
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    return [os.path.join(prefix, d) for d in ("lib", f"lib/{multiarch}" if multiarch else None, "lib64") if d]


def _own_prefix():
    """The install prefix this package sits in (<prefix>/share/copydesk/python/copydesk), or None."""
    here = os.path.dirname(os.path.realpath(__file__))
    python_dir = os.path.dirname(here)
    share_copydesk = os.path.dirname(python_dir)
    if (os.path.basename(python_dir), os.path.basename(share_copydesk),
            os.path.basename(os.path.dirname(share_copydesk))) == ("python", "copydesk", "share"):
        return os.path.dirname(os.path.dirname(share_copydesk))
    return None


def candidate_paths():
    """Where the library is looked for, in order: $COPYDESK_LIBRARY, the install prefix this
    package sits in (a `cmake --install` tree), the system's search (ldconfig), then the usual
    install prefixes."""
    env = os.environ.get("COPYDESK_LIBRARY")
    if env:
        return [env]  # an explicit choice is never second-guessed
    found = []
    prefix = _own_prefix()
    if prefix:
        for libdir in _library_dirs(prefix):
            found += sorted(glob.glob(os.path.join(libdir, "libcopydesk.so*")))
    name = ctypes.util.find_library("copydesk")
    if name:
        found.append(name)
    for prefix in ("/usr/local", "/usr", "/opt/copydesk"):
        for libdir in _library_dirs(prefix):
            found += sorted(glob.glob(os.path.join(libdir, "libcopydesk.so*")))
    return found


def verify_abi(found, path):
    """Refuse a library built for another ABI version than this adapter's."""
    if found != ABI_VERSION:
        raise ImportError(
            f"copydesk: {path} has ABI version {found}, but this Python adapter was written for "
            f"ABI version {ABI_VERSION}; install the adapter that ships with that library "
            f"(or point COPYDESK_LIBRARY at a matching libcopydesk.so)")


def declare(lib, path):
    for name, (restype, argtypes) in FUNCTIONS.items():
        try:
            func = getattr(lib, name)
        except AttributeError:
            raise ImportError(f"copydesk: {path} has no function {name}; it is not a matching libcopydesk") from None
        func.argtypes = argtypes
        if restype is STATUS:
            func.restype = c_int
            func.errcheck = _errcheck
        else:
            func.restype = restype
    return lib


def load():
    tried = []
    for path in candidate_paths():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
            continue
        try:
            abi = lib.copydesk_abi_version
        except AttributeError:
            raise ImportError(f"copydesk: {path} is not libcopydesk (no copydesk_abi_version)") from None
        abi.restype, abi.argtypes = c_int, []
        verify_abi(abi(), path)
        return declare(lib, path), path
    raise ImportError("copydesk: libcopydesk.so not found; set COPYDESK_LIBRARY to its path"
                      + ("; tried " + ", ".join(tried) if tried else ""))


lib, path = load()


def _text(b):
    return b.decode("utf-8", "replace") if b is not None else None


def status_name(status):
    return _text(lib.copydesk_status_name(status))


def status_str(status):
    return _text(lib.copydesk_status_str(status))


def last_error():
    return _text(lib.copydesk_last_error())
