"""Where the analysis time goes as articles grow: a profile at two sizes.

    python -m bench.scaling [--sizes 10000,50000] [--texts DIR]

For each size, one fresh process parses the pair (timed) and then runs the
rest of the analysis (entities, claims) under cProfile. The table lists the
core's functions that take the most time at the largest size, with their
calls and time at each size, and how their time grows: an exponent near 1
is linear in the length of the articles, near 2 quadratic. cProfile slows
Python code more than spaCy's compiled code, so read the growth, not the
absolute times.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

from .corpus import DEFAULT_TEXTS, make_pair
from .measure import python, run

SIZES = (10_000, 50_000)
TOP = 10


def _child(a_path: str, b_path: str) -> dict:
    import cProfile
    import pstats
    import time

    from annotations.analysis import pipeline
    from annotations.analysis.analyse import shared_pipeline
    from annotations.analysis.comparison import compare_parsed
    from annotations.analysis.parsing import parse
    from annotations.sources.articles import load_article

    a, b = load_article(a_path), load_article(b_path)
    name = pipeline.choose_model()
    nlp = shared_pipeline(name)
    started = time.perf_counter()
    parsed = parse([a, b], nlp)
    parsed_at = time.perf_counter()
    profile = cProfile.Profile()
    profile.enable()
    compare_parsed(*parsed, pipeline.describe(name))
    profile.disable()
    done = time.perf_counter()
    functions = {}
    for (filename, _line, function), (_, calls, _, cumulative, _) in pstats.Stats(profile).stats.items():
        parts = Path(filename).parts
        if "annotations" in parts and function not in ("compare_parsed", "<module>"):
            module = Path(filename).stem
            functions[f"{module}.{function}"] = (calls, cumulative)
    return {"parse": parsed_at - started, "rest": done - parsed_at,
            "sentences": len(parsed[0].sentences) + len(parsed[1].sentences), "functions": functions}


def profiles(sizes: tuple[int, ...] = SIZES, texts: Path = DEFAULT_TEXTS) -> dict[int, dict]:
    """The child's report for each size."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for words in sizes:
            a, b = make_pair(words, Path(tmp), texts)
            out[words] = run([python(), "-m", "bench.scaling", "--child", str(a), str(b)]).json()
    return out


def render(found: dict[int, dict]) -> str:
    """The profile as Markdown: parse and the rest per size, then the top functions."""
    sizes = sorted(found)
    small, large = sizes[0], sizes[-1]
    lines = ["| words each | sentences | parsing (spaCy) | rest of the analysis (profiled) |",
             "|---|---|---|---|"]
    for w in sizes:
        f = found[w]
        lines.append(f"| {w:,} | {f['sentences']:,} | {f['parse']:.1f} s | {f['rest']:.1f} s |")
    lines += ["", "| function | " + " | ".join(f"calls, time at {w // 1000}k" for w in sizes)
              + " | growth exponent |", "|---|" + "---|" * len(sizes) + "---|"]
    big = found[large]["functions"]
    for name in sorted(big, key=lambda n: -big[n][1])[:TOP]:
        cells = []
        for w in sizes:
            calls, seconds = found[w]["functions"].get(name, (0, 0.0))
            cells.append(f"{calls:,}, {seconds:.2f} s")
        before = found[small]["functions"].get(name, (0, 0.0))[1]
        after = big[name][1]
        exponent = math.log(after / before) / math.log(large / small) if before > 0.005 and after > 0 else None
        lines.append(f"| `{name}` | " + " | ".join(cells) + " | "
                     + (f"{exponent:.1f}" if exponent is not None else "") + " |")
    return "\n".join(lines) + "\n"


def section(texts: Path = DEFAULT_TEXTS) -> str:
    """The profile as a section of the benchmark report."""
    return ("### Where the analysis time goes (one profiled run per size)\n\n"
            "The growth exponent is log(time at 50k / time at 10k) / log 5: near 1 the"
            " function grows linearly with the articles, near 2 quadratically. cProfile"
            " slows Python code more than spaCy's, so read the growth, not the times.\n\n"
            + render(profiles(SIZES, texts)))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="words per article, comma-separated")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(render(profiles(sizes, args.texts)))


if __name__ == "__main__":
    sys.exit(main())
