"""The progress bar of copydesk scan and rules diff on a terminal: drawn on standard error when
a run lasts more than a second, and cleared before a finding is printed (on a terminal both
streams share the screen: a finding must not run into the bar)."""
import os
import pty
import select
import subprocess
import time

from clitest import CliTest, clean_env, main, BIN, RULES


class Progress(CliTest):
    def run_on_terminal(self, argv, stdin_text, delay):
        master, slave = pty.openpty()
        self.addCleanup(os.close, master)
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=slave, stderr=slave, cwd=self.dir,
                                env=clean_env(NO_COLOR="1"))
        os.close(slave)
        time.sleep(delay)  # standard input (scanned first: "<stdin>" sorts first) is still open
        proc.stdin.write(stdin_text.encode())
        proc.stdin.close()
        screen = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                screen += chunk
            elif proc.poll() is not None:
                break
        proc.wait(30)
        return proc.returncode, screen.decode("utf-8", "replace")

    def test_bar_is_cleared_before_a_finding(self):
        self.write("a.txt", "ISIS\n")
        code, screen = self.run_on_terminal([BIN, "scan", "--no-config", "--rules", RULES, "-", "a.txt"],
                                            "ISIS again\n", delay=1.8)
        self.assertEqual(code, 1, screen)
        bar = screen.find("copydesk: [")
        self.assertGreaterEqual(bar, 0, screen)
        self.assertIn("] 0 of 2 files", screen)
        finding = screen.find("<stdin>:1:1: error:")
        self.assertGreater(finding, bar, screen)
        # Between the bar and the finding: the line is cleared.
        self.assertIn("\r\x1b[K", screen[bar:finding])
        self.assertNotIn("files<stdin>", screen)

    def test_rules_diff_draws_the_bar_too(self):
        self.write("a.txt", "ISIS\n")
        code, screen = self.run_on_terminal([BIN, "rules", "diff", "--base", RULES, "--candidate", RULES, "-", "a.txt"],
                                            "ISIS again\n", delay=1.8)
        self.assertEqual(code, 0, screen)
        self.assertIn("] 0 of 2 files", screen)
        self.assertLess(screen.rfind("\r\x1b[K"), screen.find("rules diff:"), screen)


if __name__ == "__main__":
    main()
