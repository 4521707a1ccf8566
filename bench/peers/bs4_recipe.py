"""Peer: the classic Python recipe.

BeautifulSoup with the stdlib ``html.parser``, ``soup.get_text()``, then
``re.sub(r'\\s+', ' ', t)`` and ``re.sub(r'[^\\w\\s]', '', t)``.

Run as ``python3 bs4_recipe.py <file list> <output file>``: every document is read as
UTF-8 (invalid bytes replaced, as Node's ``readFileSync(path, 'utf8')`` does for the JS
peers); the loop, the output and the stats are ``recipe_loop.py``'s.
"""

import re
import sys

from bs4 import BeautifulSoup

from recipe_loop import run


def text_of(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        html = f.read()
    t = BeautifulSoup(html, "html.parser").get_text()
    t = re.sub(r"\s+", " ", t)
    return re.sub(r"[^\w\s]", "", t)


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: bs4_recipe.py <file list> <output file>", file=sys.stderr)
        return 2
    return run("bs4", sys.argv[1], sys.argv[2], text_of)


if __name__ == "__main__":
    sys.exit(main())
