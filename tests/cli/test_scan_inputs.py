"""copydesk scan inputs: files, directory walks, standard input, formats, bad files, order, scale."""
import json
import os

from clitest import CliTest, clean_env, main, RULES


class Inputs(CliTest):
    def test_directory_walk_picks_article_extensions_only(self):
        for name in ["a.txt", "b.md", "c.markdown", "d.html", "e.HTM", "sub/deeper/f.txt",
                     "skip.json", "skip.rst", ".hidden.txt", ".git/g.txt", "sub/noext"]:
            self.write(name, "ISIS\n")
        code, doc, err = self.scan_json("--no-config", ".", expect_code=1)
        self.assertEqual([f["path"] for f in doc["files"]],
                         ["a.txt", "b.md", "c.markdown", "d.html", "e.HTM", "sub/deeper/f.txt"])
        self.assertEqual([f["format"] for f in doc["files"]],
                         ["text", "markdown", "markdown", "html", "html", "text"])

    def test_explicit_file_with_any_extension(self):
        self.write("notes.rst", "ISIS\n")
        code, doc, err = self.scan_json("--no-config", "notes.rst", expect_code=1)
        self.assertEqual(doc["files"][0]["format"], "auto")
        self.assertEqual(len(doc["files"][0]["findings"]), 1)

    def test_standard_input(self):
        code, doc, err = self.scan_json("--no-config", "-", stdin="Daech a revendiqué.\n", expect_code=1)
        self.assertEqual(doc["files"][0]["path"], "<stdin>")
        self.assertEqual([f["text"] for f in doc["files"][0]["findings"]], ["Daech"])
        code, doc, err = self.scan_json("--no-config", "--stdin-name", "web/x.md", "-", stdin="ISIS\n")
        self.assertEqual((doc["files"][0]["path"], doc["files"][0]["format"]), ("web/x.md", "markdown"))

    def test_input_format_overrides_extension(self):
        # In a text file a comment is text, so the suppression comment does not apply.
        content = "<!-- copydesk-disable-next-line -->\nISIS\n"
        self.write("a.txt", content)
        code, doc, err = self.scan_json("--no-config", "a.txt", expect_code=1)
        self.assertEqual(len(doc["files"][0]["findings"]), 1)
        code, doc, err = self.scan_json("--no-config", "--input-format", "markdown", "a.txt", expect_code=0)
        self.assertEqual((doc["files"][0]["format"], doc["files"][0]["findings"]), ("markdown", []))

    def test_missing_unreadable_binary_and_invalid_utf8(self):
        self.write("ok.txt", "ISIS\n")
        self.write("locked.txt", "ISIS\n")
        os.chmod(self.path("locked.txt"), 0)
        self.write("bin.md", b"\x89PNG\r\n\x1a\n\x00\x00ISIS")
        self.write("latin1.txt", "ISIS à Raqqa\n".encode("latin-1"))
        code, doc, err = self.scan_json("--no-config", ".", "gone.txt", expect_code=2)
        files = {f["path"]: f for f in doc["files"]}
        self.assertEqual(files["gone.txt"]["error"], "cannot read: No such file or directory")
        self.assertEqual(files["bin.md"]["error"], "binary file (NUL byte at offset 8), not scanned")
        if os.geteuid() != 0:  # root reads anything
            self.assertEqual(files["locked.txt"]["error"], "cannot read: Permission denied")
        self.assertEqual(files["latin1.txt"]["warnings"],
                         ["not valid UTF-8: 1 invalid byte sequence read as U+FFFD"])
        self.assertEqual([f["text"] for f in files["latin1.txt"]["findings"]], ["ISIS"])
        self.assertEqual(doc["summary"]["files_not_scanned"], 3 if os.geteuid() != 0 else 2)
        # The text format says so too.
        code, out, err = self.run_tool("scan", "--no-config", "bin.md", "latin1.txt")
        self.assertEqual(code, 2)
        self.assertIn("bin.md: error: binary file (NUL byte at offset 8), not scanned\n", out)
        self.assertIn("latin1.txt: warning: not valid UTF-8: 1 invalid byte sequence read as U+FFFD\n", out)
        self.assertIn("; 1 file not scanned\n", out)

    def test_no_input_is_a_usage_error(self):
        code, out, err = self.run_tool("scan", "--no-config")
        self.assertEqual(code, 2)
        self.assertIn("no input", err)

    def test_empty_directory_warns(self):
        os.makedirs(self.path("empty"))
        code, out, err = self.run_tool("scan", "--no-config", "empty")
        self.assertEqual(code, 0)
        self.assertIn("no articles to scan", err)
        self.assertEqual(out, "no findings in 0 files\n")

    def test_empty_file(self):
        self.write("empty.md", "")
        code, doc, err = self.scan_json("--no-config", "empty.md", expect_code=0)
        self.assertEqual(doc["files"], [{"path": "empty.md", "format": "markdown", "findings": [],
                                         "warnings": []}])

    def test_shipped_rules_used_without_rules_flag(self):
        # With no --rules, default_rules_path() is used; COPYDESK_RULES is its first choice.
        self.write("a.txt", "ISIS\n")
        code, out, err = self.run_tool("scan", "--no-config", "a.txt", rules=False,
                                       env=clean_env(COPYDESK_RULES=RULES))
        self.assertEqual(code, 1, err)
        self.assertIn("a.txt:1:1: error: Names a designated terrorist organization (ISIS) [testext.isis]", out)


class Scale(CliTest):
    def test_parallel_output_is_sorted_and_identical_to_serial(self):
        for i in range(300):
            body = "ISIS %d.\n" % i if i % 3 == 0 else "sources said %d.\n" % i if i % 3 == 1 else "calm\n"
            self.write("d%d/f%03d.md" % (i % 7, i), body * (1 + i % 5))
        code1, serial, _ = self.run_tool("scan", "--no-config", "--format", "json", "-j", "1", ".")
        code4, parallel, _ = self.run_tool("scan", "--no-config", "--format", "json", "--jobs=4", ".")
        self.assertEqual((code1, code4), (1, 1))
        self.assertEqual(serial, parallel)
        paths = [f["path"] for f in json.loads(parallel)["files"]]
        self.assertEqual(len(paths), 300)
        self.assertEqual(paths, sorted(paths))

    def test_many_files_in_one_run(self):
        # Ten thousand small articles stream through without holding every finding.
        root = self.path("many")
        for i in range(10000):
            d = os.path.join(root, "%02d" % (i % 50))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "%05d.txt" % i), "w") as f:
                f.write("ISIS and sources said.\n")
        code, out, err = self.run_tool("scan", "--no-config", "--format", "jsonl", "many")
        self.assertEqual(code, 1, err[-500:])
        self.assertEqual(out.count("\n"), 20000)
        last = json.loads(out.splitlines()[-1])
        self.assertEqual(last["path"], "many/49/09999.txt")

    # issue 8: a FIFO with no writer blocked the scan forever; in a walk, FIFOs, dangling
    # links and links to directories were skipped silently.
    def test_fifos_devices_and_links_are_reported_never_waited_on(self):
        self.write("ok.txt", "ISIS\n")
        os.mkfifo(self.path("pipe.txt"))
        os.symlink("nowhere.txt", self.path("dangling.md"))
        os.makedirs(self.path("sub"))
        self.write("sub/inner.txt", "ISIS\n")
        os.symlink("..", self.path("sub/loop"))  # a loop, were links to directories followed
        code, doc, err = self.scan_json("--no-config", ".", expect_code=1)
        files = {f["path"]: f for f in doc["files"]}
        self.assertEqual(files["pipe.txt"]["warnings"], ["skipped: a FIFO (named pipe), not a regular file"])
        self.assertEqual(files["dangling.md"]["warnings"], ["skipped: a dangling symbolic link, not a regular file"])
        self.assertEqual(files["sub/loop"]["warnings"],
                         ["skipped: a symbolic link to a directory (links to directories are not followed)"])
        self.assertEqual(len(files["ok.txt"]["findings"]), 1)
        self.assertEqual(len(files["sub/inner.txt"]["findings"]), 1)
        # Named on the command line, a FIFO is refused at once (run_tool's timeout would fire on a wait).
        code, out, err = self.run_tool("scan", "--no-config", "pipe.txt", "/dev/zero")
        self.assertEqual(code, 2)
        self.assertIn("pipe.txt: error: not scanned: a FIFO (named pipe), not a regular file\n", out)
        self.assertIn("/dev/zero: error: not scanned: a character device, not a regular file\n", out)

    def test_a_cut_findings_list_is_announced_in_every_format(self):
        self.write("many.txt", "ISIS " * 10050 + "\n")
        code, doc, err = self.scan_json("--no-config", "many.txt", expect_code=1)
        self.assertEqual(len(doc["files"][0]["findings"]), 10000)
        self.assertEqual(doc["files"][0]["warnings"],
                         ["too many findings: only the first 10000 are reported (the max-findings limit)"])
        self.assertEqual(doc["summary"]["files_truncated"], 1)
        code, out, err = self.run_tool("scan", "--no-config", "many.txt")
        self.assertIn("findings cut at --max-findings in 1 file (more were found)", out.splitlines()[-1])
        for fmt in ("jsonl", "sarif", "github", "html"):
            code, out, err = self.run_tool("scan", "--no-config", "--format", fmt, "many.txt")
            self.assertIn("only the first 10000 are reported", out, fmt)


if __name__ == "__main__":
    main()
