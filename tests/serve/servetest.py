"""Shared helpers of the `copydesk serve` tests (run by ctest with /usr/bin/python3).

Each test starts the real server on 127.0.0.1 with --listen 127.0.0.1:0 (the kernel picks a
free port, the server prints it), sends real HTTP requests with http.client, and always stops
the server (SIGTERM, then SIGKILL if it has not stopped within 10 s). Every wait is bounded.

Environment: COPYDESK_BIN (the tool), COPYDESK_SHIPPED_RULES (rules/), COPYDESK_FIXTURE_RULES
(tests/cli/rules), COPYDESK_SCHEMA_DIR (docs/schema), COPYDESK_LIBRARY and
COPYDESK_PYTHON_ADAPTER (for comparing with the Python adapter).
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

BIN = os.environ.get("COPYDESK_BIN", "copydesk")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHIPPED_RULES = os.environ.get("COPYDESK_SHIPPED_RULES", os.path.join(ROOT, "rules"))
FIXTURE_RULES = os.environ.get("COPYDESK_FIXTURE_RULES", os.path.join(ROOT, "tests", "cli", "rules"))
SCHEMA_DIR = os.environ.get("COPYDESK_SCHEMA_DIR", os.path.join(ROOT, "docs", "schema"))

# Arabic with a clitic and a diacritic, an emoji before them, a vague source, a figure, English.
ARABIC_ARTICLE = ("😀 قال مصدر مطلع إن وَداعش أعلن مسؤوليته عن الهجوم الذي قتل 37 شخصا. "
                  "👍🏽 ISIS claimed the attack, sources said.\n")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COPYDESK_RULES")}
    env.update(extra)
    return env


class Server:
    """One `copydesk serve` process on 127.0.0.1 and a free port."""

    def __init__(self, *args, rules=SHIPPED_RULES, cwd=None, env=None):
        argv = [BIN, "serve", "--no-config", "--listen", "127.0.0.1:0"] + list(args)
        if rules is not None:
            argv += ["--rules", rules]
        if "--config" in args:
            argv.remove("--no-config")
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.stderr, cwd=cwd,
                                     env=env or clean_env())
        self.port = None
        self.first_line = self._read_first_line(timeout=60)
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+) ", self.first_line)
        if not m:
            self.stop()
            raise AssertionError("server did not start: %r\n%s" % (self.first_line, self.stderr_text()))
        self.port = int(m.group(1))

    def _read_first_line(self, timeout):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        return result[0].decode() if result else ""

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None, timeout=30):
        """(status, headers dict, parsed JSON body) of one request on a new connection (or `conn`)."""
        own = conn is None
        conn = conn or self.connection(timeout)
        try:
            hdrs = dict(headers or {})
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False).encode("utf-8")
            if body is not None and "Content-Type" not in hdrs:
                hdrs["Content-Type"] = "application/json"
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, json.loads(raw.decode("utf-8"))
        finally:
            if own:
                conn.close()

    def scan(self, payload, **kw):
        return self.request("POST", "/v1/scan", payload, **kw)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=10):
        """SIGTERM and wait; SIGKILL if it is still there. Returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc.stdout.close()
        return self.proc.returncode

    def __del__(self):
        self.stderr.close()

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")


def wait_until(predicate, timeout=20, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def utf16_slice(s, start, end):
    return s.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


class ServeTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="copydesk-serve-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def start(self, *args, **kw):
        server = Server(*args, **kw)
        self.addCleanup(server.stop)
        return server

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, content):
        full = self.path(name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb" if isinstance(content, bytes) else "w", **({} if isinstance(content, bytes) else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(content)
        return full

    def cli_findings(self, content, input_format, *extra, rules=SHIPPED_RULES):
        """The findings `copydesk scan --format json --input-format FORMAT` reports for `content`."""
        name = self.write("article.txt", content)
        proc = subprocess.run([BIN, "scan", "--no-config", "--format", "json", "--rules", rules,
                               "--input-format", input_format, *extra, name],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, env=clean_env())
        self.assertIn(proc.returncode, (0, 1), proc.stderr.decode())
        doc = json.loads(proc.stdout.decode("utf-8"))
        return doc["files"][0]["findings"]

    def assertSlices(self, text, finding):
        """Every offset of `finding` slices exactly its text out of `text` (a str)."""
        data = text.encode("utf-8")
        self.assertEqual(data[finding["start"]:finding["end"]].decode("utf-8"), finding["text"])
        self.assertEqual(text[finding["start_cp"]:finding["end_cp"]], finding["text"])
        self.assertEqual(utf16_slice(text, finding["start_utf16"], finding["end_utf16"]), finding["text"])
        visible = finding["visible_text"]
        self.assertEqual(finding["visible_end"] - finding["visible_start"], len(visible.encode("utf-8")))
        self.assertEqual(finding["visible_end_cp"] - finding["visible_start_cp"], len(visible))
        self.assertEqual(finding["visible_end_utf16"] - finding["visible_start_utf16"], utf16_len(visible))
