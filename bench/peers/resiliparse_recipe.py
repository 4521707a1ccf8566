"""Peer: Resiliparse, the HTML-to-text extractor of the ChatNoir web archive tools.

Each page's bytes are decoded with Resiliparse's own charset detection
(``detect_encoding``, then ``bytes_to_str``), parsed with its Lexbor-based
``HTMLTree`` and turned into text with ``extract_plain_text``; white space is then
collapsed to single spaces (``str.split``/``join``), as clean-corpus's default
pipeline does. ``--main-content`` asks Resiliparse for main content only
(``main_content=True``), as ``--extract main`` does for clean-corpus.

Run as ``python3 resiliparse_recipe.py [--main-content] <file list> <output file>``;
the loop, the output and the stats are ``recipe_loop.py``'s.

Resiliparse is installed with ``pip install resiliparse`` (the bench looks for it in
the Python that ``BENCH_RESILIPARSE_PYTHON`` names, else in ``python3``).
"""

import sys

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from resiliparse.parse.html import HTMLTree

from recipe_loop import run


def main() -> int:
    args = sys.argv[1:]
    main_content = args[:1] == ["--main-content"]
    if main_content:
        args = args[1:]
    if len(args) != 2:
        print("usage: resiliparse_recipe.py [--main-content] <file list> <output file>", file=sys.stderr)
        return 2

    def text_of(path: str) -> str:
        with open(path, "rb") as f:
            raw = f.read()
        html = bytes_to_str(raw, detect_encoding(raw))
        return " ".join(extract_plain_text(HTMLTree.parse(html), main_content=main_content).split())

    return run("resiliparse", args[0], args[1], text_of)


if __name__ == "__main__":
    sys.exit(main())
