"""The read–process–write loop the Python peers share (as ``common.ts`` is the JS peers').

``run(name, list_file, out_file, text_of)`` reads the file list (one absolute path per
line), writes ``text_of(path)`` of each document to the output file followed by a
newline, counts a document whose ``text_of`` raises as an error without ending the run,
and at exit prints ``BENCH_STATS {json}`` on stderr with its peak RSS (``ru_maxrss`` is
in KiB on Linux) and CPU time, which the bench reads.
"""

import json
import os
import resource
import sys
from typing import Callable


def run(name: str, list_file: str, out_file: str, text_of: Callable[[str], str]) -> int:
    with open(list_file, encoding="utf-8") as f:
        paths = [p for p in f.read().split("\n") if p]
    docs = errors = 0
    first_error = None
    with open(out_file, "w", encoding="utf-8") as out:
        for path in paths:
            try:
                text = text_of(path)
            except Exception as e:  # one bad page must not end the run
                errors += 1
                if first_error is None:
                    first_error = f"{path}: {e}"
                continue
            out.write(text)
            out.write("\n")
            docs += 1
    if first_error is not None:
        print(f"{name}: {errors} document(s) failed, first: {first_error}", file=sys.stderr)
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
