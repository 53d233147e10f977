"""The peer of `newsread compare`: a plain script that parses the same two texts with spaCy.

It imports spaCy, loads the same pipeline and runs `nlp.pipe` over the
paragraphs (the non-empty lines) of both texts, keeping the parsed Docs as
a script that goes on to use them would. It imports nothing of newsread.
Prints one JSON line: the seconds spent loading and parsing.

    python bench/plain_spacy.py MODEL A B
"""

import json
import sys
import time

start = time.perf_counter()
import spacy  # noqa: E402  (the import is part of what is measured)

model, *paths = sys.argv[1:]
nlp = spacy.load(model)
loaded, loaded_cpu = time.perf_counter(), time.process_time()
paragraphs = [
    line.strip()
    for path in paths
    for line in open(path, encoding="utf-8").read().splitlines()
    if line.strip()
]
docs = list(nlp.pipe(paragraphs))
parsed, parsed_cpu = time.perf_counter(), time.process_time()
print(json.dumps({"load": loaded - start, "parse": parsed - loaded, "parse_cpu": parsed_cpu - loaded_cpu,
                  "tokens": sum(len(d) for d in docs)}))
