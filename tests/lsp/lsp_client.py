"""A small LSP client for the `copydesk lsp` tests: spawns the server, frames and reads
JSON-RPC messages over its pipes, with a deadline on every wait (no test can hang).

Environment: COPYDESK_BIN (the tool), COPYDESK_CLI_RULES (the fixture packs in tests/cli/rules).
"""
import json
import os
import queue
import subprocess
import threading
import time

BIN = os.environ.get("COPYDESK_BIN", "copydesk")
RULES = os.environ.get("COPYDESK_CLI_RULES", os.path.join(os.path.dirname(__file__), "..", "cli", "rules"))
WAIT = 20.0  # seconds: the longest any single answer may take


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "COPYDESK_RULES"}
    env.update(extra)
    return env


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, *args, cwd=None, rules=True):
        argv = [BIN, "lsp"] + (["--rules", RULES] if rules else []) + list(args)
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=clean_env())
        self.inbox = queue.Queue()
        self.kept = []        # read but not yet asked for
        self.stderr = []
        self.bad_frames = []  # anything the server wrote that is not a well-formed message
        self.next_id = 0
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # --------------------------------------------------------------- reading

    def _read_stdout(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.inbox.put(None)
                    return
                header += c
            # The server writes exactly one header, Content-Length.
            if not header.startswith(b"Content-Length: ") or header.count(b"\r\n") != 2:
                self.bad_frames.append(header)
            length = int(header[len(b"Content-Length: "):-4])
            body = out.read(length)
            try:
                self.inbox.put(json.loads(body.decode("utf-8")))
            except (UnicodeDecodeError, json.JSONDecodeError):
                self.bad_frames.append(body)

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def wait(self, match, timeout=WAIT, what="a message"):
        """The first message for which match(message) is true; others are kept for later."""
        for i, m in enumerate(self.kept):
            if match(m):
                return self.kept.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no %s within %.0f s; stderr: %s" % (what, timeout, "".join(self.stderr)))
            try:
                m = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                self.inbox.put(None)
                raise AssertionError("the server closed its output before %s; stderr: %s" % (what, "".join(self.stderr)))
            if match(m):
                return m
            self.kept.append(m)

    def logged(self, text, timeout=WAIT):
        """Waits until the server's standard error holds `text`."""
        deadline = time.monotonic() + timeout
        while text not in "".join(self.stderr):
            if time.monotonic() > deadline:
                raise AssertionError("%r not logged within %.0f s; stderr: %s" % (text, timeout, "".join(self.stderr)))
            time.sleep(0.01)

    def quiet(self, match, seconds):
        """Asserts nothing matching arrives for `seconds`."""
        try:
            m = self.wait(match, timeout=seconds)
        except AssertionError:
            return
        raise AssertionError("unexpected message: %r" % m)

    def response(self, id, timeout=WAIT):
        return self.wait(lambda m: "method" not in m and m.get("id") == id, timeout, "a response to %r" % id)

    def error(self, timeout=WAIT):
        """The next error response whose id is null (framing and parse errors)."""
        return self.wait(lambda m: "error" in m and m.get("id") is None, timeout, "an error response")["error"]

    def diagnostics(self, uri, version=None, timeout=WAIT):
        def match(m):
            return (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                    and (version is None or m["params"].get("version") == version))
        return self.wait(match, timeout, "diagnostics for %s version %s" % (uri, version))["params"]["diagnostics"]

    # --------------------------------------------------------------- writing

    def send_raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        self.send_raw(frame(json.dumps(message, ensure_ascii=False).encode("utf-8")))

    def request(self, method, params=None):
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return self.next_id

    def call(self, method, params=None, timeout=WAIT):
        return self.response(self.request(method, params), timeout)

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    def initialize(self, capabilities=None, **params):
        params = dict(params, processId=os.getpid(), capabilities=capabilities or {})
        reply = self.call("initialize", params)
        self.notify("initialized", {})
        return reply["result"]

    def open(self, uri, text, language="markdown", version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                              "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close_document(self, uri):
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def stop(self, timeout=WAIT):
        """shutdown then exit; returns the exit status."""
        self.call("shutdown")
        self.notify("exit")
        return self.wait_exit(timeout)

    def wait_exit(self, timeout=WAIT):
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.kill()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


# ------------------------------------------------------------------- text positions

def units(s, encoding):
    return len(s.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(s.encode("utf-8"))


def split_lines(text):
    """Lines as LSP counts them: \\n, \\r\\n and \\r each end one; each line keeps its break."""
    lines, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1:i + 2] == "\n":
            i += 1
        if text[i] in "\r\n":
            lines.append(text[start:i + 1])
            start = i + 1
        i += 1
    lines.append(text[start:])
    return lines


def position(text, index, encoding):
    """The LSP position of code point `index` of `text`."""
    line, start = 0, 0
    for l in split_lines(text)[:-1]:
        if index < start + len(l):
            break
        start += len(l)
        line += 1
    return {"line": line, "character": units(text[start:index], encoding)}


def offset(text, pos, encoding):
    """The code-point index of an LSP position (it must point at a character boundary)."""
    lines = split_lines(text)
    start = sum(len(l) for l in lines[:pos["line"]])
    line = lines[pos["line"]]
    count = 0
    for i, ch in enumerate(line):
        if count == pos["character"]:
            return start + i
        count += units(ch, encoding)
        if count > pos["character"]:
            raise AssertionError("position %r is inside a character" % pos)
    if count == pos["character"]:
        return start + len(line)
    raise AssertionError("position %r is past its line" % pos)


def slice_range(text, rng, encoding):
    return text[offset(text, rng["start"], encoding):offset(text, rng["end"], encoding)]


def apply_edits(text, edits, encoding):
    """Applies TextEdits (non-overlapping), last first."""
    spans = [(offset(text, e["range"]["start"], encoding), offset(text, e["range"]["end"], encoding), e["newText"])
             for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def file_uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))
