"""Concurrent clients, each on its own connection (kept alive) or a new one per request, get
the answer for their own text: worker threads with one scanner each share one ruleset."""
import threading
import unittest

from servetest import ARABIC_ARTICLE, ServeTest


class Concurrency(ServeTest):
    def test_concurrent_clients_get_their_own_answers(self):
        server = self.start("--threads", "4")
        texts = [ARABIC_ARTICLE * (1 + i % 3) + ("ISIS " * i) for i in range(8)]
        expected = []
        for t in texts:
            status, _, doc = server.scan({"text": t, "format": "text"})
            self.assertEqual(status, 200)
            expected.append(doc["findings"])
        failures = []

        def client(i):
            conn = server.connection() if i % 2 == 0 else None  # half keep their connection
            try:
                for j in range(25):
                    k = (i + j) % len(texts)
                    status, _, doc = server.scan({"text": texts[k], "format": "text"}, conn=conn)
                    if status != 200 or doc["findings"] != expected[k]:
                        failures.append((i, j, status))
            except Exception as e:
                failures.append((i, repr(e)))
            finally:
                if conn:
                    conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertFalse(any(t.is_alive() for t in threads))
        self.assertEqual(failures, [])
        for f, t in zip(expected, texts):
            for finding in f:
                self.assertSlices(t, finding)


if __name__ == "__main__":
    unittest.main(verbosity=2)
