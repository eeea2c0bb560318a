"""Bad requests get a 4xx with a structured JSON error naming what is wrong, and never take the
server down: bad JSON, wrong types, invalid UTF-8, unknown members and options, other methods
and paths, browser pages, the body limit."""
import json
import socket
import unittest

from servetest import FIXTURE_RULES, ServeTest, Server


class Errors(ServeTest):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--max-body", "64K", rules=FIXTURE_RULES)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assertError(self, response, status, code, message_part):
        got_status, headers, doc = response
        self.assertEqual(got_status, status, doc)
        self.assertEqual(headers["content-type"], "application/json")
        error = doc["error"]
        self.assertEqual((error["status"], error["code"]), (status, code), error)
        self.assertIn(message_part, error["message"])
        self.assertTrue(error["reason"])
        return error

    def raw_scan(self, body, content_type="application/json"):
        return self.server.request("POST", "/v1/scan", body, {"Content-Type": content_type})

    def test_bad_json(self):
        for body in (b"", b"{", b"{\"text\": }", b"[1,2", b"nul", b"\x00\x01\x02binary junk\xff\xfe",
                     b"{\"text\": \"a\"} trailing", b"{\"text\": 1e999999}"):
            with self.subTest(body=body):
                if body == b"":
                    self.assertError(self.raw_scan(body), 400, "bad_request", "the body is empty")
                else:
                    self.assertError(self.raw_scan(body), 400, "bad_json", "not valid JSON")

    def test_invalid_utf8_and_lone_surrogates_in_a_string(self):
        error = self.assertError(self.raw_scan(b'{"text": "ISIS \xff\xfe claimed"}'), 400, "bad_json",
                                 "ill-formed UTF-8")
        self.assertNotIn("\xff", error["message"])  # the answer itself is valid JSON and UTF-8
        self.assertError(self.raw_scan(b'{"text": "\\ud800 ISIS"}'), 400, "bad_json", "surrogate")
        self.assertError(self.raw_scan(b'{"text": "\xc0\xaf"}'), 400, "bad_json", "ill-formed UTF-8")

    def test_wrong_types_and_members(self):
        cases = [
            ([1, 2], "request: must be a JSON object, not an array"),
            (b'"ISIS"', "request: must be a JSON object, not a string"),
            ({"text": 5}, "text: must be a string, not a number"),
            ({"text": None}, "text: must be a string, not null"),
            ({"text": ["ISIS"]}, "text: must be a string, not an array"),
            ({}, "has no \"text\" and no \"segments\""),
            ({"text": "a", "segments": []}, "not both"),
            ({"text": "a", "txet": "b"}, "txet: unknown member"),
            ({"text": "a", "format": "pdf"}, "format: unknown format 'pdf'"),
            ({"text": "a", "format": 3}, "format: must be a string"),
            ({"segments": {"text": "a"}}, "segments: expected an array"),
            ({"segments": ["a"]}, "segments[0]: expected an object"),
            ({"segments": [{"text": "a"}, {"kind": "body"}]}, "segments[1]: no text"),
            ({"segments": [{"text": "a", "kind": "footer"}]}, "segments[0].kind: unknown kind 'footer'"),
            ({"segments": [{"text": "a", "id": 7}]}, "segments[0].id: expected a string"),
            ({"segments": [{"text": "a", "colour": "red"}]}, "segments[0]: unknown key 'colour'"),
            ({"text": "a", "options": []}, "options: must be an object, not an array"),
            ({"text": "a", "options": {"enabled": ["x"]}}, "options.enabled: unknown option"),
            ({"text": "a", "options": {"enable": [1]}}, "options.enable[0]: must be a string"),
            ({"text": "a", "options": {"enable": ["nosuchpack"]}},
             "options.enable: unknown rule, pack or category 'nosuchpack'"),
            ({"text": "a", "options": {"disable": "testext, nope"}},
             "options.disable: unknown rule, pack or category 'nope'"),
            ({"text": "a", "options": {"min_severity": "fatal"}}, "options.min_severity: unknown severity 'fatal'"),
            ({"text": "a", "options": {"explain": "yes"}}, "options.explain: must be true or false"),
            ({"text": "a", "options": {"max_findings": 0}}, "options.max_findings: must be a whole number"),
            ({"text": "a", "options": {"max_findings": 2.5}}, "options.max_findings: must be a whole number"),
            ({"text": "a", "options": {"max_findings": -3}}, "options.max_findings: must be a whole number"),
            ({"text": "a", "options": {"max_findings": 10 ** 30}}, "options.max_findings: must be a whole number"),
        ]
        for payload, message in cases:
            with self.subTest(payload=payload):
                self.assertError(self.server.scan(payload), 400, "bad_request", message)

    def test_deep_nesting_is_refused_while_parsing(self):
        body = b'{"text": "a", "options": ' + b"[" * 5000 + b"]" * 5000 + b"}"
        self.assertError(self.raw_scan(body), 400, "bad_json", "nests deeper than")

    def test_too_many_segments_and_values(self):
        server = Server("--max-body", "8M", rules=FIXTURE_RULES)
        self.addCleanup(server.stop)
        body = json.dumps({"segments": [{"text": ""}] * 65537}).encode()
        self.assertError(server.request("POST", "/v1/scan", body), 400, "bad_request", "at most 65536 segments")
        body = b'{"text": "a", "options": {"enable": [' + b",".join([b"0"] * 1000001) + b"]}}"
        self.assertError(server.request("POST", "/v1/scan", body), 400, "bad_json", "more than 1000000 JSON values")
        self.assertEqual(server.request("GET", "/v1/health")[0], 200)

    def test_body_limit(self):
        big = {"text": "ISIS claimed the attack. " * 4000}  # ~100 KB, over 64K
        error = self.assertError(self.server.scan(big), 413, "payload_too_large", "65536 bytes")
        self.assertEqual(error["reason"], "Payload Too Large")
        just_under = {"text": "ISIS " * 12000}  # ~60 KB
        status, _, doc = self.server.scan(just_under)
        self.assertEqual(status, 200)
        self.assertEqual(len(doc["findings"]), 10000)
        self.assertTrue(doc["truncated"])

    def test_methods_paths_and_media_types(self):
        self.assertError(self.server.request("GET", "/v1/scan"), 405, "method_not_allowed", "takes POST")
        self.assertEqual(self.server.request("GET", "/v1/scan")[1]["allow"], "POST")
        self.assertError(self.server.request("DELETE", "/v1/rules"), 405, "method_not_allowed", "takes GET")
        self.assertError(self.server.request("GET", "/v2/scan"), 404, "not_found", "no endpoint /v2/scan")
        self.assertError(self.raw_scan(b'{"text": "a"}', "text/plain"), 415, "unsupported_media_type",
                         "application/json")
        self.assertEqual(self.raw_scan(b'{"text": "ISIS"}', "application/json; charset=utf-8")[0], 200)

    def test_browser_pages_and_foreign_host_names_are_refused(self):
        self.assertError(self.server.request("POST", "/v1/scan", {"text": "a"}, {"Origin": "https://evil.example"}),
                         403, "forbidden", "Origin")
        self.assertError(self.server.request("GET", "/v1/rules", headers={"Host": "evil.example:80"}),
                         403, "forbidden", "Host")
        for host in ("localhost:%d" % self.server.port, "127.0.0.1", "[::1]:%d" % self.server.port):
            self.assertEqual(self.server.request("GET", "/v1/health", headers={"Host": host})[0], 200, host)

    def test_a_refused_request_does_not_poison_its_connection(self):
        conn = self.server.connection()
        try:
            self.assertEqual(self.server.request("POST", "/v1/scan", b'{"text": "' + b"x" * 1000 + b'"}',
                                                 {"Content-Type": "text/plain"}, conn=conn)[0], 415)
            status, _, doc = self.server.request("POST", "/v1/scan", {"text": "ISIS"}, conn=conn)
            self.assertEqual(status, 200)
            self.assertEqual([f["text"] for f in doc["findings"]], ["ISIS"])
        finally:
            conn.close()

    def test_garbage_on_the_socket(self):
        for junk in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 200,  # a TLS hello
                     b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Long: " + b"a" * 20000 + b"\r\n\r\n",
                     b"POST /v1/scan HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                     b"\r\n\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
                s.sendall(junk)
                s.shutdown(socket.SHUT_WR)
                try:
                    while s.recv(65536):
                        pass
                except (ConnectionResetError, socket.timeout):
                    pass
        self.assertEqual(self.server.request("GET", "/v1/health")[0], 200)

    def tearDown(self):
        # Whatever a test sent, the server is still up and answering.
        self.assertIsNone(self.server.proc.poll(), self.server.stderr_text())
        self.assertEqual(self.server.request("GET", "/v1/health")[0], 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
