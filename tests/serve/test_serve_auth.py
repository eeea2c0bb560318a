"""--token-file: every endpoint but /v1/health needs `Authorization: Bearer TOKEN`; an address
other than loopback is refused without a token; bad token files are refused at start."""
import subprocess
import unittest

from servetest import BIN, FIXTURE_RULES, ServeTest, clean_env

TOKEN = "s3cret-token-0123456789abcdef"


class Auth(ServeTest):
    def test_token_required_everywhere_but_health(self):
        token_file = self.write("token", TOKEN + "\n")
        server = self.start("--token-file", token_file, rules=FIXTURE_RULES)
        good = {"Authorization": "Bearer " + TOKEN}
        for method, path, body in (("POST", "/v1/scan", {"text": "ISIS"}), ("GET", "/v1/rules", None),
                                   ("POST", "/v1/reload", b"")):
            with self.subTest(path=path):
                status, headers, doc = server.request(method, path, body)
                self.assertEqual(status, 401, doc)
                self.assertEqual(doc["error"]["code"], "unauthorized")
                self.assertEqual(headers["www-authenticate"], "Bearer")
                for wrong in ("Bearer " + TOKEN[:-1] + "X", "Bearer " + TOKEN + "X", "Basic " + TOKEN, TOKEN):
                    status, _, doc = server.request(method, path, body, {"Authorization": wrong})
                    self.assertEqual(status, 401, wrong)
                    self.assertIn("not the service's", doc["error"]["message"])
                status, _, doc = server.request(method, path, body, good)
                self.assertEqual(status, 200, doc)
        self.assertEqual(server.request("GET", "/v1/health")[0], 200)
        status, _, doc = server.scan({"text": "ISIS claimed it."}, headers=good)
        self.assertEqual([f["rule"] for f in doc["findings"]], ["testext.isis"])

    def run_serve(self, *args):
        config = [] if "--config" in args else ["--no-config"]
        proc = subprocess.run([BIN, "serve", *config, "--rules", FIXTURE_RULES, *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60, env=clean_env())
        return proc.returncode, proc.stdout.decode(), proc.stderr.decode()

    def test_other_addresses_need_a_token(self):
        # Refused before anything is bound: no server ever listens beyond loopback here.
        for address in ("0.0.0.0:0", "192.0.2.1:0", "[::]:0"):
            code, out, err = self.run_serve("--listen", address)
            self.assertEqual(code, 2, err)
            self.assertIn("is not a loopback address, needs --token-file", err)
            self.assertEqual(out, "")

    def test_bad_token_files(self):
        for content, message in (("short\n", "at least 16 characters"), ("", "cannot read the token file"),
                                 ("has a space inside it\n", "printable ASCII with no spaces")):
            path = self.write("t", content)
            code, _, err = self.run_serve("--listen", "127.0.0.1:0", "--token-file", path)
            self.assertEqual(code, 2)
            self.assertIn(message, err)
        code, _, err = self.run_serve("--listen", "127.0.0.1:0", "--token-file", self.path("missing"))
        self.assertEqual(code, 2)
        self.assertIn("cannot read the token file", err)

    def test_bad_options(self):
        for args, message in ((["--listen", "127.0.0.1"], "expected ADDR:PORT"),
                              (["--listen", "127.0.0.1:99999"], "expected ADDR:PORT"),
                              (["--max-body", "12Q"], "expected a size"),
                              (["--threads", "0"], "expected a number from 1 to 1024"),
                              (["extra"], "unexpected argument 'extra'")):
            code, _, err = self.run_serve(*args)
            self.assertEqual(code, 2, args)
            self.assertIn(message, err)

    def test_settings_from_copydesk_toml(self):
        token_file = self.write("conf/token", TOKEN)
        self.write("conf/copydesk.toml", '[serve]\nlisten = "127.0.0.1:0"\ntoken_file = "token"\nthreads = 2\n'
                                         'rules = "%s"\n' % FIXTURE_RULES)
        # `rules` belongs at the top level: inside [serve] it is an unknown key with its position.
        code, _, err = self.run_serve("--config", self.path("conf/copydesk.toml"))
        self.assertEqual(code, 2)
        self.assertIn("copydesk.toml:5:1: error: unknown key 'rules' in [serve] (expected listen, token_file, "
                      "threads or max_body)", err)
        self.write("conf/copydesk.toml", 'rules = "%s"\n[serve]\nlisten = "127.0.0.1:0"\ntoken_file = "token"\n'
                                         'threads = 2\n' % FIXTURE_RULES)
        server = self.start("--config", self.path("conf/copydesk.toml"), rules=None, cwd=self.dir)
        self.assertIn("2 threads", server.first_line)
        self.assertEqual(server.scan({"text": "ISIS"})[0], 401)
        status, _, doc = server.scan({"text": "ISIS"}, headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200)
        self.assertEqual(doc["findings"][0]["rule"], "testext.isis")
        del token_file


if __name__ == "__main__":
    unittest.main(verbosity=2)
