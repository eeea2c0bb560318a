"""python3 -m copydesk.audit on a real Dask cluster: a dask-scheduler and two dask-worker
processes on 127.0.0.1, a few thousand generated articles, one worker killed mid-run. The
findings must be those of `copydesk scan` on the same inputs, each once, in the same order.

Environment (set by ctest): COPYDESK_BIN, COPYDESK_CLI_RULES, COPYDESK_LIBRARY, PYTHONPATH.
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

BIN = os.environ.get("COPYDESK_BIN", "copydesk")
RULES = os.environ["COPYDESK_CLI_RULES"]
KEY = ("path", "rule", "severity", "start", "end", "line", "column", "text", "segment_id")

SENTENCES = [
    "ISIS claimed the attack, sources said.",
    "The ministry said 40 people were hurt.",
    "Daech a revendiqué l'attaque selon des sources.",
    "وأعلن تنظيم داعش مسؤوليته، حسب مصادر مطلعة.",
    "Nothing here is flagged at all.",
    "Fighters of ISIS and ISIS again.",
]


def generate(root, files, lines, seed=15):
    rnd = random.Random(seed)
    body = lambda: " ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(1, 8)))
    for i in range(files):
        ext = rnd.choice([".txt", ".md", ".html"])
        text = body() if ext != ".html" else f"<p>{body()}</p>"
        sub = os.path.join(root, "articles", f"{i % 17:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"a{i:05d}{ext}"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    with open(os.path.join(root, "export.jsonl"), "w", encoding="utf-8") as f:
        for i in range(lines):
            row = {"id": f"n{i}", "title": rnd.choice(["", "ISIS report", "Quiet day"]), "body": body(),
                   "format": rnd.choice(["text", "markdown"]), "date": f"20{rnd.randint(15, 24)}-{rnd.randint(1, 12):02d}-01"}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_rows(root, inputs):
    proc = subprocess.run([BIN, "scan", "--no-config", "--rules", RULES, "--format", "jsonl", *inputs],
                          cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return [tuple(json.loads(l).get(k) for k in KEY) for l in proc.stdout.decode().splitlines()]


def audit_rows(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(json.loads(l).get(k) for k in KEY) for l in f]


class DaskAudit(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="copydesk-audit-")
        self.addCleanup(shutil.rmtree, self.root, True)
        self.procs = []
        self.addCleanup(self.stop_all)
        self.env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", DASK_DISTRIBUTED__WORKER__DAEMON="False")

    def stop_all(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for p in self.procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def start(self, *argv):
        # Logs to a file: a pipe nobody reads could fill and stall the server.
        log = open(os.path.join(self.root, f"server-{len(self.procs)}.log"), "w")
        self.addCleanup(log.close)
        p = subprocess.Popen(list(argv), cwd=self.root, env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        self.procs.append(p)
        return p

    def wait_for_workers(self, address, n, timeout=40):
        from distributed import Client
        with Client(address, timeout=timeout) as c:
            c.wait_for_workers(n, timeout=timeout)
            return sorted(c.scheduler_info()["workers"])

    def test_scheduler_two_workers_one_killed_mid_run(self):
        generate(self.root, files=1500, lines=1500)
        inputs = ["articles", "export.jsonl"]
        expected = cli_rows(self.root, inputs)
        self.assertGreater(len(expected), 3000)

        port = free_port()
        address = f"tcp://127.0.0.1:{port}"
        self.start("dask-scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        workers = [self.start("dask-worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
                              "--no-dashboard", "--name", name) for name in ("w1", "w2")]
        self.assertEqual(len(self.wait_for_workers(address, 2)), 2)

        audit = subprocess.Popen(
            [sys.executable, "-m", "copydesk.audit", "--rules", RULES, "--scheduler", address,
             "--partition-size", "25", "--progress", "-o", "found.jsonl", "--summary", "summary.json", *inputs],
            cwd=self.root, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(audit)
        total = None
        done_at_kill = None
        for line in audit.stderr:
            if line.startswith("copydesk.audit: ") and " partitions" in line:
                done, _, total = line.split()[1:4]
                done, total = int(done), int(total)
                if done_at_kill is None and done >= 2:
                    workers[0].send_signal(signal.SIGKILL)  # mid-run: partitions remain
                    workers[0].wait(10)
                    done_at_kill = done
        audit.stderr.close()
        self.assertEqual(audit.wait(120), 0)
        self.assertIsNotNone(done_at_kill)
        self.assertLess(done_at_kill, total - 10)
        self.assertEqual(total, (3000 + 24) // 25)

        got = audit_rows(os.path.join(self.root, "found.jsonl"))
        self.assertEqual(len(got), len(expected))
        self.assertEqual(got, expected)  # nothing lost, nothing doubled, same order
        with open(os.path.join(self.root, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        self.assertEqual(summary["findings"], len(expected))
        self.assertEqual(summary["articles"], 3000)
        self.assertEqual(sum(w["partitions"] for w in summary["workers"].values()), total)
        # The surviving worker loaded the bundle once, whatever it scanned.
        self.assertTrue(all(w["bundle_loads"] == 1 for w in summary["workers"].values()), summary["workers"])
        self.assertEqual(sum(summary["by_rule"].values()), len(expected))
        self.assertEqual(sum(summary["by_month"].values()), len(expected))
        self.assertIn("undated", summary["by_month"])  # the files have no date
        self.assertEqual(set(summary["by_language"]) - {"und"}, {"ar", "en", "fr"} & set(summary["by_language"]))

    def test_local_cluster_by_default(self):
        generate(self.root, files=60, lines=60, seed=3)
        inputs = ["articles", "export.jsonl"]
        proc = subprocess.run([sys.executable, "-m", "copydesk.audit", "--rules", RULES, "--workers", "1",
                               "--threads", "2", "--partition-size", "7", "-o", "found.jsonl", *inputs],
                              cwd=self.root, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(audit_rows(os.path.join(self.root, "found.jsonl")), cli_rows(self.root, inputs))
        self.assertIn("partitions on 1 workers", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
