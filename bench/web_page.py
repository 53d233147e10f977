"""How large the seeds' web page is, and how long writing it takes once their analysis is cached.

    python -m bench.web_page [--runs N]     (from the repository root)

Prints the size of `newsread compare --format html` on the bundled seeds
(goal: under 200 KB), then the time to write it from a cached analysis
(goal: under 0.5 s): the whole command in a fresh process, as a user runs
it (Python's start-up and imports included), and inside one process the
steps it takes (the cached analysis read, the annotations and verdicts
placed, the page built), each the median of `--runs`. A long pair
(`--words` per article, joined from the ECB+ articles as `bench.corpus`
does) shows how the page grows, when those articles are there.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

from bench.measure import run  # noqa: E402

#: This checkout's command (an installed `newsread` script may be another version's).
NEWSREAD = [sys.executable, "-m", "tui"]


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--words", type=int, default=10_000, help="words per article of the long pair (0: none)")
    args = parser.parse_args()

    from annotations.analysis.analyse import analyse
    from annotations.analysis.web_page import stored_web_page
    from annotations.paths import seed_articles
    from annotations.sources.articles import load_article

    seeds = [str(p) for p in seed_articles()]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "newsread.db"
        env = {"NEWSREAD_DB": str(db)}
        run([*NEWSREAD, "compare", *seeds, "--format", "json"], env=env)  # analysed once, now cached
        # Run by turns with its peer, the JSON of the same cached analysis, so that both see the same load.
        runs, peers = [], []
        for _ in range(args.runs):
            runs.append(run([*NEWSREAD, "compare", *seeds, "--format", "html"], env=env))
            peers.append(run([*NEWSREAD, "compare", *seeds, "--format", "json"], env=env))
        size = len(runs[0].stdout.encode("utf-8"))
        print(f"seeds' page: {size / 1000:.1f} kB ({size:,} bytes; goal under 200 KB)")
        for name, done in (("html", runs), ("json", peers)):
            print(f"newsread compare --format {name}, analysis cached, fresh process: "
                  f"{_median([r.seconds for r in done]):.3f} s wall, {_median([r.cpu_seconds for r in done]):.3f} s "
                  f"CPU (median of {args.runs}{'; goal under 0.5 s' if name == 'html' else ''})")

        pair = load_article(seeds[0]), load_article(seeds[1])
        reads, builds = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            comparison = analyse(*pair, cache=db)
            read = time.perf_counter()
            stored_web_page(comparison, db)
            reads.append(read - started)
            builds.append(time.perf_counter() - read)
        print(f"in one process: cached analysis read {_median(reads) * 1000:.1f} ms, "
              f"annotations placed and page built {_median(builds) * 1000:.1f} ms (median of {args.runs})")
    if args.words:
        _long_pair(args.words, args.runs)


def _long_pair(words: int, runs: int) -> None:
    """The page of a long pair made of ECB+ articles (`bench.corpus`), when they are there: size and build time."""
    from bench import corpus

    if not corpus.DEFAULT_TEXTS.is_dir():
        print(f"{words:,}-word pair: skipped ({corpus.DEFAULT_TEXTS} is missing)")
        return
    from annotations.analysis.analyse import analyse
    from annotations.analysis.web_page import web_page
    from annotations.sources.articles import load_article

    with tempfile.TemporaryDirectory() as folder:
        paths = corpus.make_pair(words, Path(folder))
        pair = load_article(str(paths[0])), load_article(str(paths[1]))
    print(f"{words:,}-word pair: analysing it once…", flush=True)
    comparison = analyse(*pair)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        page = web_page(comparison)
        times.append(time.perf_counter() - started)
    print(f"{words:,}-word pair: page {len(page.encode('utf-8')) / 1e6:.2f} MB, built in {_median(times):.2f} s "
          f"({len(comparison.claims)} claims; median of {runs})")


if __name__ == "__main__":
    main()
