#!/usr/bin/python3
"""Writes the parameters of NLTK's English Punkt model as JSON, for src/text/punkt-english.ts.

Usage: /usr/bin/python3 scripts/punkt-params.py PATH/TO/punkt/PY3/english.pickle OUT.json
(python3-nltk from Debian; the pickle is NLTK's official punkt model, nltk_data).
Then: node -e to wrap OUT.json as src/text/punkt-english.ts (see the commit that added it).
"""
import json
import pickle
import sys

import nltk  # noqa: F401  (the pickle names nltk's classes)

params = pickle.load(open(sys.argv[1], "rb"))._params
out = {
    "abbrevTypes": sorted(params.abbrev_types),
    "collocations": sorted([list(c) for c in params.collocations]),
    "sentStarters": sorted(params.sent_starters),
    "orthoContext": dict(sorted(params.ortho_context.items())),
}
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False, separators=(",", ":"))
