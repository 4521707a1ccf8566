"""Peer: Resiliparse, the HTML-to-text extractor of the ChatNoir web archive tools.

Each page's bytes are decoded with Resiliparse's own charset detection
(``detect_encoding``, then ``bytes_to_str``), parsed with its Lexbor-based
``HTMLTree`` and turned into text with ``extract_plain_text``; white space is then
collapsed to single spaces (``str.split``/``join``), as clean-corpus's default
pipeline does. ``--main-content`` asks Resiliparse for main content only
(``main_content=True``), as ``--extract main`` does for clean-corpus.

Run as ``python3 resiliparse_recipe.py [--main-content] <file list> <output file>``:
the file list holds one absolute path per line; each document's text is written to
the output file followed by a newline. At exit it prints ``BENCH_STATS {json}`` on
stderr with its peak RSS (``ru_maxrss`` is in KiB on Linux).

Resiliparse is installed with ``pip install resiliparse`` (the bench looks for it in
the Python that ``BENCH_RESILIPARSE_PYTHON`` names, else in ``python3``).
"""

import json
import os
import resource
import sys

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from resiliparse.parse.html import HTMLTree


def main() -> int:
    args = sys.argv[1:]
    main_content = args[:1] == ["--main-content"]
    if main_content:
        args = args[1:]
    if len(args) != 2:
        print("usage: resiliparse_recipe.py [--main-content] <file list> <output file>", file=sys.stderr)
        return 2
    list_file, out_file = args
    with open(list_file, encoding="utf-8") as f:
        paths = [p for p in f.read().split("\n") if p]
    docs = errors = 0
    first_error = None
    with open(out_file, "w", encoding="utf-8") as out:
        for path in paths:
            with open(path, "rb") as f:
                raw = f.read()
            try:
                html = bytes_to_str(raw, detect_encoding(raw))
                text = extract_plain_text(HTMLTree.parse(html), main_content=main_content)
                text = " ".join(text.split())
            except Exception as e:  # one bad page must not end the run
                errors += 1
                if first_error is None:
                    first_error = f"{path}: {e}"
                continue
            out.write(text)
            out.write("\n")
            docs += 1
    if first_error is not None:
        print(f"resiliparse: {errors} document(s) failed, first: {first_error}", file=sys.stderr)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    stats = {
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "maxRssKB": usage.ru_maxrss,
        "cpuSec": usage.ru_utime + usage.ru_stime,
        "docs": docs,
        "errors": errors,
    }
    print("BENCH_STATS " + json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
