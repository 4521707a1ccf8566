#!/usr/bin/python3
"""Times datatrove's own quality filters, one process, on a JSONL file of texts: the peer of
bench/filters.ts. datatrove and its dependencies are set up exactly as
../shared/tools/datatrove-oracle.py sets them up (read its header: Debian's python3 packages
and fetched copies of datatrove, huggingface_hub, filesystem_spec and NLTK's punkt model);
this script imports the oracle to reuse that setup and times each filter class's `filter()`
over every text (a fresh copy of each document, not timed), best of N runs.

Usage: /usr/bin/python3 bench/peers/datatrove_filters.py ORACLE DATATROVE TEXTS.jsonl [--runs N]
Prints one JSON object: {"version", "texts", "mb", "filters": {"GopherRepetitionFilter": MB/s, …}}.
"""
import contextlib
import copy
import importlib.util
import io
import json
import os
import sys
import time


def main():
    oracle_path, datatrove, texts_path = sys.argv[1:4]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    spec = importlib.util.spec_from_file_location("oracle", oracle_path)
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    mirrors = os.path.dirname(os.path.dirname(os.path.abspath(datatrove)))
    sys.path[:0] = [
        oracle.materialize(datatrove, "datatrove", "HEAD"),
        oracle.materialize(os.path.join(mirrors, "huggingface+huggingface_hub", "repo"), "huggingface_hub", "HEAD"),
        oracle.materialize(os.path.join(mirrors, "fsspec+filesystem_spec", "repo"), "fsspec", "HEAD"),
    ]
    import nltk

    punkt = os.path.join(mirrors, "Debarshi-Chaudhuri+news-api", "repo") + ":nltk_data/tokenizers/punkt/PY3/english.pickle"
    nltk.data.path.insert(0, oracle.install_punkt(punkt))
    from datatrove.data import Document
    from datatrove.pipeline import filters as F
    from datatrove.utils.word_tokenizers import NLTKTokenizer
    from loguru import logger

    logger.disable("datatrove")
    language = NLTKTokenizer("english")
    # datatrove's GopherRepetitionFilter divides by the text's length: empty texts are left out for every tool.
    texts = [t for t in (json.loads(line)["text"] for line in open(texts_path, encoding="utf-8")) if t]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    classes = (F.GopherRepetitionFilter, F.GopherQualityFilter, F.C4QualityFilter, F.FineWebQualityFilter)
    for cls in classes:  # warm-up: punkt loaded, regexes compiled
        oracle.build(cls, language).filter(copy.deepcopy(docs[0]))
    speeds = {}
    for cls in classes:
        flt = oracle.build(cls, language)
        best = None
        for _ in range(runs):
            fresh = [copy.deepcopy(d) for d in docs]
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                for d in fresh:
                    flt.filter(d)
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
        speeds[cls.__name__] = mb / best
    import datatrove

    print(json.dumps({"version": getattr(datatrove, "__version__", "unknown"), "texts": len(texts), "mb": mb, "filters": speeds}))


if __name__ == "__main__":
    main()
