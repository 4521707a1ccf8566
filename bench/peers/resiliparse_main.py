"""Peer for ``npm run eval:main``: Resiliparse's main-content extraction.

Reads a JSONL file of ``{"html": ...}`` pages (already decoded, the same strings
clean-corpus's extractor is given), and writes ``{"texts": [...], "seconds": s}``:
the text of each page from ``extract_plain_text(HTMLTree.parse(html),
main_content=True)``, and the best time of ``runs`` passes over all pages
(parsing and extraction only, one core).

Run as ``python3 resiliparse_main.py <pages.jsonl> <result.json> [runs]``.
"""

import json
import sys
import time

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree


def extract(html: str) -> str:
    try:
        return extract_plain_text(HTMLTree.parse(html), main_content=True)
    except Exception:  # a page it cannot take (lone surrogates) counts as extracting nothing
        return ""


def main() -> int:
    if len(sys.argv) not in (3, 4):
        print("usage: resiliparse_main.py <pages.jsonl> <result.json> [runs]", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        pages = [json.loads(line)["html"] for line in f if line.strip()]
    runs = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    best = float("inf")
    texts = []
    for _ in range(runs):
        start = time.perf_counter()
        texts = [extract(html) for html in pages]
        best = min(best, time.perf_counter() - start)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"texts": texts, "seconds": best}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
