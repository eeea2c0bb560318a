'use strict';
// Status codes of the C ABI mapped to JavaScript errors. Every fallible call goes through
// check(): a negative status becomes the CopydeskError subclass registered for it, carrying
// the code, its COPYDESK_E_* name and the library's message (copydesk_last_error(), read
// first: it is only valid until the next copydesk call on this thread).

const { fn, constants: C } = require('./native');

class CopydeskError extends Error {
  /** Node's convention: `code` is the status name ("COPYDESK_E_RULES"), `status` the negative
   *  number, `detail` the library's own message (`message` is "detail (code)").
   *  @param {number} status  @param {string} code  @param {string} detail */
  constructor(status, code, detail) {
    super(detail ? `${detail} (${code})` : code);
    this.name = this.constructor.name;
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
}
/** COPYDESK_E_ERROR: an internal or unexpected error in the library. */
class InternalError extends CopydeskError {}
/** COPYDESK_E_NOMEM: an allocation failed. */
class OutOfMemoryError extends CopydeskError {}
/** COPYDESK_E_INVALID: a bad argument or misuse (unknown rule name, closed handle...). */
class InvalidArgumentError extends CopydeskError {}
/** COPYDESK_E_IO: a file or directory could not be read or written. */
class CopydeskIOError extends CopydeskError {}
/** COPYDESK_E_LIMIT: the input or the result is beyond a configured limit. */
class LimitError extends CopydeskError {}
/** COPYDESK_E_ENCODING: strict UTF-8 was asked for and the input is not valid UTF-8. */
class EncodingError extends CopydeskError {}
/** COPYDESK_E_VERSION: a bundle from another library version or CPU, or a corrupted one. */
class VersionError extends CopydeskError {}
/** COPYDESK_E_BUSY: the scanner is already scanning (make one scanner per concurrent scan). */
class BusyError extends CopydeskError {}

/** `file:line:col: message`, leaving out the parts that are unknown. */
function formatDiagnostic(d) {
  let where = d.file || '<string>';
  if (d.line) {
    where += `:${d.line}`;
    if (d.column) where += `:${d.column}`;
  }
  return `${where}: ${d.message}`;
}

/** COPYDESK_E_RULES: rule sources failed to compile; `diagnostics` lists every problem. */
class RuleError extends CopydeskError {
  constructor(status, code, detail, diagnostics = []) {
    super(status, code, detail);
    this.diagnostics = diagnostics;
    this.message = [this.message, ...diagnostics.map(formatDiagnostic)].join('\n');
  }
}

const CLASS_BY_STATUS = new Map([
  [C.E_ERROR, InternalError],
  [C.E_NOMEM, OutOfMemoryError],
  [C.E_INVALID, InvalidArgumentError],
  [C.E_RULES, RuleError],
  [C.E_IO, CopydeskIOError],
  [C.E_LIMIT, LimitError],
  [C.E_ENCODING, EncodingError],
  [C.E_VERSION, VersionError],
  [C.E_BUSY, BusyError],
]);

/** The error for a negative `status`; unknown codes give CopydeskError itself. `message`
 *  defaults to the library's last error on this thread. */
function errorFor(status, message) {
  if (message === undefined) message = fn.copydesk_last_error() || fn.copydesk_status_str(status);
  const Class = CLASS_BY_STATUS.get(status) || CopydeskError;
  return new Class(status, fn.copydesk_status_name(status), message);
}

/** Return `status` when it is not negative, else throw the matching error. */
function check(status) {
  if (status < 0) throw errorFor(status);
  return status;
}

/** The error for using a handle after close(). */
function closedError(what) {
  return new InvalidArgumentError(C.E_INVALID, 'COPYDESK_E_INVALID', `the ${what} is closed`);
}

module.exports = {
  CopydeskError, InternalError, OutOfMemoryError, InvalidArgumentError, RuleError, CopydeskIOError,
  LimitError, EncodingError, VersionError, BusyError, check, errorFor, closedError, formatDiagnostic,
};
