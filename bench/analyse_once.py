"""One analysis of a pair, without the cache, timed inside the process.

    python -m bench.analyse_once A B

Prints one JSON line: seconds to load the pipeline and to analyse (parse,
link, match) once it is loaded: the figure set beside spaCy's own parsing
time in `plain_spacy.py`.
"""

import json
import sys
import time

start = time.perf_counter()
from annotations.analysis import pipeline  # noqa: E402
from annotations.analysis.analyse import analyse, shared_pipeline  # noqa: E402
from annotations.sources.articles import load_article  # noqa: E402

a, b = (load_article(path) for path in sys.argv[1:3])
shared_pipeline(pipeline.choose_model())
loaded, loaded_cpu = time.perf_counter(), time.process_time()
result = analyse(a, b)
done, done_cpu = time.perf_counter(), time.process_time()
print(json.dumps({"load": loaded - start, "analyse": done - loaded, "analyse_cpu": done_cpu - loaded_cpu,
                  "claims": len(result.claims)}))
