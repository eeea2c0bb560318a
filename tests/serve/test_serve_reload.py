"""Hot reload: POST /v1/reload and SIGHUP compile the packs off to the side and swap them in;
a broken pack keeps the old rules (and says every problem); a reload under load fails no
request; a bundle is served with its SHA-256; SIGTERM finishes the request in flight."""
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import unittest

from servetest import BIN, FIXTURE_RULES, ServeTest, clean_env, wait_until

EXTRA_TERM_RULE = '''id = "testext.daesh"
title = "Daesh by name"
severity = "error"
message = "Names Daesh ({match})"
languages = ["en"]

[match]
terms = ["Daesh"]

[[example]]
text = "Daesh fighters"
expect = ["Daesh"]

[[example]]
text = "nothing here"
expect = []
'''


class Reload(ServeTest):
    def setUp(self):
        super().setUp()
        self.rules = self.path("rules")
        shutil.copytree(FIXTURE_RULES, self.rules)

    def rule_ids(self, doc):
        return sorted({f["rule"] for f in doc["findings"]})

    def test_reload_broken_then_fixed(self):
        server = self.start(rules=self.rules)
        text = {"text": "ISIS and Daesh claimed it.", "format": "text"}
        self.assertEqual(self.rule_ids(server.scan(text)[2]), ["testext.isis"])

        # A pack with a TOML syntax error and a rule with a bad key: both reported, old rules kept.
        with open(os.path.join(self.rules, "testext", "pack.toml"), "a", encoding="utf-8") as f:
            f.write("\n[oops\n")
        with open(os.path.join(self.rules, "teststyle", "bad.toml"), "w", encoding="utf-8") as f:
            f.write('id = "teststyle.bad"\ntitle = "t"\nmessage = "m"\nseverity = "fatal"\n[match]\nterms = ["x"]\n')
        status, _, doc = server.request("POST", "/v1/reload", b"")
        self.assertEqual(status, 422, doc)
        error = doc["error"]
        self.assertEqual(error["code"], "COPYDESK_E_RULES")
        self.assertIn("still serving generation 1", error["message"])
        files = {(os.path.basename(d["file"]), d["severity"]) for d in error["diagnostics"]}
        self.assertIn(("pack.toml", "error"), files)
        self.assertIn(("bad.toml", "error"), files)
        for d in error["diagnostics"]:
            self.assertGreater(d["line"], 0, d)
            self.assertTrue(d["text"].startswith(d["file"] + ":%d:%d: " % (d["line"], d["column"])), d)
        status, _, doc = server.scan(text)
        self.assertEqual((status, self.rule_ids(doc), doc["rules_generation"]), (200, ["testext.isis"], 1))

        # SIGHUP with the same broken packs: still the old rules, the problems in the log.
        server.signal(signal.SIGHUP)
        self.assertTrue(wait_until(lambda: "reload failed" in server.stderr_text()))
        self.assertIn("bad.toml:", server.stderr_text())
        self.assertEqual(self.rule_ids(server.scan(text)[2]), ["testext.isis"])

        # Fixed, and a new rule added: the next reload serves it.
        shutil.copy(os.path.join(FIXTURE_RULES, "testext", "pack.toml"), os.path.join(self.rules, "testext"))
        os.remove(os.path.join(self.rules, "teststyle", "bad.toml"))
        with open(os.path.join(self.rules, "testext", "daesh.toml"), "w", encoding="utf-8") as f:
            f.write(EXTRA_TERM_RULE)
        status, _, doc = server.request("POST", "/v1/reload", b"")
        self.assertEqual(status, 200, doc)
        self.assertEqual((doc["reloaded"], doc["generation"]), (True, 2))
        doc = server.scan(text)[2]
        self.assertEqual((self.rule_ids(doc), doc["rules_generation"]), (["testext.daesh", "testext.isis"], 2))

        # And by SIGHUP.
        os.remove(os.path.join(self.rules, "testext", "daesh.toml"))
        server.signal(signal.SIGHUP)
        self.assertTrue(wait_until(lambda: server.request("GET", "/v1/health")[2]["rules_generation"] == 3))
        self.assertEqual(self.rule_ids(server.scan(text)[2]), ["testext.isis"])

    def test_reload_under_load_fails_no_request(self):
        server = self.start("--threads", "4", rules=self.rules)
        text = {"text": "ISIS and Daesh claimed it, sources said.", "format": "text"}
        failures, answers = [], []
        stop = threading.Event()

        def client():
            conn = server.connection()
            try:
                for i in range(200):  # bounded; at least 30, then stops once the reloads are done
                    if stop.is_set() and i >= 30:
                        break
                    status, _, doc = server.request("POST", "/v1/scan", text, conn=conn)
                    if status != 200:
                        failures.append((status, doc))
                    else:
                        answers.append((doc["rules_generation"], tuple(self.rule_ids(doc))))
            except Exception as e:  # a dropped connection is a failed request too
                failures.append(repr(e))
            finally:
                conn.close()

        threads = [threading.Thread(target=client) for _ in range(3)]
        for t in threads:
            t.start()
        daesh = os.path.join(self.rules, "testext", "daesh.toml")
        generations = []
        for i in range(6):
            if i % 2 == 0:
                with open(daesh, "w", encoding="utf-8") as f:
                    f.write(EXTRA_TERM_RULE)
            else:
                os.remove(daesh)
            status, _, doc = server.request("POST", "/v1/reload", b"")
            self.assertEqual(status, 200, doc)
            generations.append(doc["generation"])
            time.sleep(0.05)
        stop.set()
        for t in threads:
            t.join(120)
        self.assertEqual(failures, [])
        self.assertEqual(generations, [2, 3, 4, 5, 6, 7])
        self.assertGreaterEqual(len(answers), 90)
        # Each answer is consistent with the generation it was scanned with.
        for generation, rules in answers:
            with_daesh = generation % 2 == 0  # generations 2, 4, 6 have the Daesh rule
            expected = ("testattr.sources", "testext.daesh", "testext.isis") if with_daesh else (
                "testattr.sources", "testext.isis")
            self.assertEqual(rules, expected, generation)

    def test_bundle_with_its_hash(self):
        bundle = self.path("rules.bundle")
        proc = subprocess.run([BIN, "compile", self.rules, "-o", bundle], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120, env=clean_env())
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        server = self.start(rules=bundle)
        status, _, rules = server.request("GET", "/v1/rules")
        self.assertEqual(status, 200)
        self.assertEqual(rules["kind"], "bundle")
        with open(bundle, "rb") as f:
            self.assertEqual(rules["bundle_sha256"], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual({p["id"]: p["version"] for p in rules["packs"]},
                         {"testext": "0.1.0", "testattr": "0.1.0", "teststyle": "0.1.0"})
        self.assertEqual(self.rule_ids(server.scan({"text": "ISIS"})[2]), ["testext.isis"])
        # A damaged bundle does not replace the loaded one.
        with open(bundle, "r+b") as f:
            f.seek(40)
            f.write(b"\x00garbage\x00")
        status, _, doc = server.request("POST", "/v1/reload", b"")
        self.assertEqual(status, 422, doc)
        self.assertTrue(doc["error"]["code"].startswith("COPYDESK_E_"), doc)
        self.assertEqual(self.rule_ids(server.scan({"text": "ISIS"})[2]), ["testext.isis"])

    def test_sigterm_finishes_the_request_in_flight(self):
        server = self.start(rules=self.rules)
        body = ('{"text": "' + "ISIS claimed it. " * 2000 + '"}').encode()
        head = (b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
            # A first request answered on this connection: a worker serves it from now on.
            s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            first = b""
            while b'"status":"ok"' not in first:
                chunk = s.recv(65536)
                self.assertTrue(chunk, first)
                first += chunk
            s.sendall(head + body[:1000])
            time.sleep(0.3)  # the worker is reading this request's body now
            server.signal(signal.SIGTERM)
            time.sleep(0.3)
            s.sendall(body[1000:])
            reply = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"), reply[:200])
        self.assertIn(b'"rule":"testext.isis"', reply)
        self.assertEqual(server.proc.wait(30), 0)
        self.assertIn("stopping (SIGTERM)", server.stderr_text())
        self.assertIn("stopped", server.stderr_text())

    def test_rules_that_do_not_load_at_start(self):
        with open(os.path.join(self.rules, "testext", "isis.toml"), "a", encoding="utf-8") as f:
            f.write("\nseverity = 3\n")
        proc = subprocess.run([BIN, "serve", "--no-config", "--listen", "127.0.0.1:0", "--rules", self.rules],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, env=clean_env())
        self.assertEqual(proc.returncode, 2)
        err = proc.stderr.decode()
        self.assertIn("isis.toml:", err)
        self.assertIn("did not load", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
