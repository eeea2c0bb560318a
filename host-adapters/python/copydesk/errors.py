"""Status codes of the C ABI mapped to Python exceptions.

Every fallible call goes through :func:`check`; a negative status becomes the subclass of
:class:`CopydeskError` registered for it, carrying the status code, its ``COPYDESK_E_*`` name
and the library's thread-local message (``copydesk_last_error``).
"""

from collections import namedtuple

# Pinned in copydesk.h ("new codes are only appended").
OK = 0
E_ERROR = -1
E_NOMEM = -2
E_INVALID = -3
E_RULES = -4
E_IO = -5
E_LIMIT = -6
E_ENCODING = -7
E_VERSION = -8
E_BUSY = -9


class CopydeskError(Exception):
    """A copydesk call failed. ``code`` is the negative status, ``name`` its
    ``COPYDESK_E_*`` name and ``message`` the library's explanation."""

    def __init__(self, code, name, message):
        super().__init__(code, name, message)
        self.code = code
        self.name = name
        self.message = message

    def __str__(self):
        return f"{self.message} ({self.name})" if self.message else self.name


class InternalError(CopydeskError):
    """COPYDESK_E_ERROR: an internal or unexpected error in the library."""


class OutOfMemory(CopydeskError):
    """COPYDESK_E_NOMEM: an allocation failed."""


class InvalidArgument(CopydeskError):
    """COPYDESK_E_INVALID: a bad argument or misuse (unknown rule name, closed handle...)."""


Diagnostic = namedtuple("Diagnostic", "file line column severity rule_id message")
Diagnostic.__doc__ = """One compiler diagnostic. ``severity`` is "error" or "warning"; ``line`` and
``column`` are 1-based (column in code points) and 0 when unknown; ``rule_id`` is "" when the
problem is not inside a rule."""


def format_diagnostic(d):
    """``file:line:col: message``, leaving out the parts that are unknown."""
    where = d.file or "<string>"
    if d.line:
        where += f":{d.line}"
        if d.column:
            where += f":{d.column}"
    return f"{where}: {d.message}"


class RuleError(CopydeskError):
    """COPYDESK_E_RULES: rule sources failed to compile. ``diagnostics`` lists every problem
    (errors and warnings) as :class:`Diagnostic` tuples."""

    def __init__(self, code, name, message, diagnostics=()):
        super().__init__(code, name, message)
        self.diagnostics = list(diagnostics)

    def __str__(self):
        lines = [super().__str__()]
        lines += [format_diagnostic(d) for d in self.diagnostics]
        return "\n".join(lines)


class CopydeskIOError(CopydeskError):
    """COPYDESK_E_IO: a file or directory could not be read or written."""


class LimitError(CopydeskError):
    """COPYDESK_E_LIMIT: the input or the result is beyond a configured limit."""


class EncodingError(CopydeskError):
    """COPYDESK_E_ENCODING: strict UTF-8 was asked for and the input is not valid UTF-8."""


class VersionError(CopydeskError):
    """COPYDESK_E_VERSION: a compiled bundle from another library version or CPU, or a
    corrupted one. Hosts recompile from the TOML sources."""


class BusyError(CopydeskError):
    """COPYDESK_E_BUSY: one scanner was used by two threads at once."""


_CLASS_BY_STATUS = {
    E_ERROR: InternalError,
    E_NOMEM: OutOfMemory,
    E_INVALID: InvalidArgument,
    E_RULES: RuleError,
    E_IO: CopydeskIOError,
    E_LIMIT: LimitError,
    E_ENCODING: EncodingError,
    E_VERSION: VersionError,
    E_BUSY: BusyError,
}


def error_for(status, message=None):
    """The exception for a negative ``status``; unknown codes give the base class.
    ``message`` defaults to the library's last error on this thread."""
    from . import _lib  # imported late: _lib imports this module

    if message is None:
        # Read first: the message is only valid until the next copydesk call on this thread.
        message = _lib.last_error() or _lib.status_str(status)
    name = _lib.status_name(status)
    return _CLASS_BY_STATUS.get(status, CopydeskError)(status, name, message)


def check(status):
    """Return ``status`` when it is not negative, else raise the matching exception."""
    if status < 0:
        raise error_for(status)
    return status
