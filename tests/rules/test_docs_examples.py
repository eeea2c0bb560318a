#!/usr/bin/env python3
"""The example rules of docs/rules.md that name their file (a ```toml block starting with
`# rules/PACK/NAME.toml`) compile and pass their own [[example]]s, so the guide cannot show
a rule that does not work.

    test_docs_examples.py COPYDESK_BIN
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main(tool):
    with open(os.path.join(ROOT, "docs", "rules.md"), encoding="utf-8") as f:
        blocks = re.findall(r"```toml\n(# rules/([\w-]+)/([\w-]+)\.toml[^\n]*\n.*?)```", f.read(), re.S)
    if not blocks:
        print("docs/rules.md has no example rule that names its file")
        return 1
    with tempfile.TemporaryDirectory(prefix="copydesk-docs-") as tree:
        for body, pack, name in blocks:
            os.makedirs(os.path.join(tree, pack), exist_ok=True)
            header = os.path.join(tree, pack, "pack.toml")
            if not os.path.exists(header):
                with open(header, "w", encoding="utf-8") as f:
                    f.write(f'[pack]\nid = "{pack}"\ncategory = "{pack}"\n')
            with open(os.path.join(tree, pack, name + ".toml"), "w", encoding="utf-8") as f:
                f.write(body)
        proc = subprocess.run([tool, "rules", "test", tree], capture_output=True, text=True, timeout=120)
        print(proc.stdout + proc.stderr, end="")
        print(f"{len(blocks)} example rules from docs/rules.md")
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
