"""Peer: the classic Python recipe.

BeautifulSoup with the stdlib ``html.parser``, ``soup.get_text()``, then
``re.sub(r'\\s+', ' ', t)`` and ``re.sub(r'[^\\w\\s]', '', t)``.

Run as ``python3 bs4_recipe.py <file list> <output file>``: the file list holds one
absolute path per line; every document is read as UTF-8 (invalid bytes replaced, as
Node's ``readFileSync(path, 'utf8')`` does for the JS peers) and its text is written
to the output file followed by a newline. At exit it prints ``BENCH_STATS {json}`` on
stderr with its peak RSS (``ru_maxrss`` is in KiB on Linux).
"""

import json
import os
import re
import resource
import sys

from bs4 import BeautifulSoup


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: bs4_recipe.py <file list> <output file>", file=sys.stderr)
        return 2
    list_file, out_file = sys.argv[1], sys.argv[2]
    with open(list_file, encoding="utf-8") as f:
        paths = [p for p in f.read().split("\n") if p]
    docs = errors = 0
    first_error = None
    with open(out_file, "w", encoding="utf-8") as out:
        for path in paths:
            with open(path, encoding="utf-8", errors="replace") as f:
                html = f.read()
            try:
                t = BeautifulSoup(html, "html.parser").get_text()
                t = re.sub(r"\s+", " ", t)
                t = re.sub(r"[^\w\s]", "", t)
            except Exception as e:  # one bad page must not end the run
                errors += 1
                if first_error is None:
                    first_error = f"{path}: {e}"
                continue
            out.write(t)
            out.write("\n")
            docs += 1
    if first_error is not None:
        print(f"bs4: {errors} document(s) failed, first: {first_error}", file=sys.stderr)
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
