"""Pairs per minute: a shell loop of `newsread compare` against `newsread batch`.

    python -m bench.batch [--pairs 50] [--texts DIR] [--write]

The same pairs of ECB+ articles (same topic, from `../shared/eval/ecbplus/texts`)
go through, in one run and each on an empty database (no analysis cached):
a loop of `newsread compare A B --format json`, one process per pair as a
shell loop would; `newsread batch --workers 1`; and `newsread batch --workers 2`.
While each batch runs, the memory (RSS) of its worker processes is sampled
every 0.1 s: the peak per worker is printed. Then, in this process, where a
pair's time goes: parsing (spaCy), the rest of the analysis (entities,
claims), writing the cache entry and the batch tables. `--write` adds the
figures to bench/RESULTS.md as a new section.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from .corpus import DEFAULT_TEXTS

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"


def choose_pairs(texts: Path, count: int) -> list[tuple[Path, Path]]:
    """`count` same-topic pairs, topic by topic, between articles of 300 to 6,000 bytes."""
    by_topic: dict[int, list[Path]] = {}
    for path in sorted(texts.glob("*.txt")):
        topic = re.match(r"(\d+)_", path.name)
        if topic and 300 <= path.stat().st_size <= 6000:
            by_topic.setdefault(int(topic.group(1)), []).append(path)
    pairs: list[tuple[Path, Path]] = []
    for topic in sorted(by_topic):
        for a, b in itertools.islice(itertools.combinations(by_topic[topic], 2), 4):
            pairs.append((a, b))
            if len(pairs) == count:
                return pairs
    return pairs


def newsread(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def compare_loop(pairs: list[tuple[Path, Path]], folder: Path) -> float:
    db = folder / "loop.db"
    started = time.perf_counter()
    for a, b in pairs:
        subprocess.run(newsread("compare", str(a), str(b), "--format", "json", "--db", str(db)),
                       check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def run_batch(pairs_file: Path, workers: int, folder: Path) -> tuple[float, dict[int, int], int]:
    """Seconds for the whole command, the peak RSS of each worker process, and of the command itself."""
    import psutil

    db = folder / f"batch{workers}.db"
    started = time.perf_counter()
    process = subprocess.Popen(newsread("batch", str(pairs_file), "--workers", str(workers), "--db", str(db),
                                        "--allow-outside"),  # the articles stay in the ECB+ folder
                               cwd=ROOT, stderr=subprocess.PIPE, text=True)
    main = psutil.Process(process.pid)
    peaks: dict[int, int] = {}
    own = 0
    while process.poll() is None:
        try:
            own = max(own, main.memory_info().rss)
            for child in main.children(recursive=True):
                if "spawn_main" in " ".join(child.cmdline()) and "resource_tracker" not in " ".join(child.cmdline()):
                    peaks[child.pid] = max(peaks.get(child.pid, 0), child.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"newsread batch failed: {process.stderr.read() if process.stderr else ''}")
    return elapsed, peaks, own


def where_the_time_goes(pairs: list[tuple[Path, Path]], folder: Path) -> dict[str, float]:
    """Seconds per pair, in this process, once the pipeline is loaded."""
    from annotations.analysis import cache as analysis_cache
    from annotations.analysis import pipeline
    from annotations.analysis.analyse import analysis_key, shared_pipeline
    from annotations.analysis.compare_json import to_json
    from annotations.analysis.comparison import compare_parsed
    from annotations.analysis.parsing import parse
    from annotations.batch import tables
    from annotations.batch.pairs import PairRow
    from annotations.sources.articles import load_article
    from annotations.store.store import Store

    name = pipeline.choose_model()
    nlp = shared_pipeline(name)
    info = pipeline.describe(name)
    db = folder / "split.db"
    store = Store(db)
    spent = dict.fromkeys(("reading", "parsing", "matching", "writing"), 0.0)
    for number, (a_path, b_path) in enumerate(pairs):
        t0 = time.perf_counter()
        a, b = load_article(str(a_path), None, db), load_article(str(b_path), None, db)
        t1 = time.perf_counter()
        parsed = parse([a, b], nlp)
        t2 = time.perf_counter()
        comparison = compare_parsed(*parsed, info)
        t3 = time.perf_counter()
        analysis_cache.put(db, analysis_key(a, b), comparison)
        row = PairRow(str(number), number + 2, str(a_path), str(b_path))
        tables.write(store.db, row.id, tables.pair_rows(row, comparison, to_json(comparison), t3 - t1, False))
        t4 = time.perf_counter()
        for step, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            spent[step] += seconds
    store.close()
    return {step: seconds / len(pairs) for step, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--write", action="store_true", help="add the figures to bench/RESULTS.md")
    args = parser.parse_args()
    pairs = choose_pairs(args.texts, args.pairs)
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pairs_file = folder / "pairs.csv"
        with pairs_file.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["a", "b"])
            writer.writerows([str(a), str(b)] for a, b in pairs)
        words = sum(len(p.read_text(encoding="utf-8").split()) for pair in pairs for p in pair) / (2 * len(pairs))
        say(f"{len(pairs)} same-topic ECB+ pairs, {words:.0f} words per article on average; "
            f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}")
        loop = compare_loop(pairs, folder)
        rate = {"loop": len(pairs) * 60 / loop}
        say(f"| a loop of `newsread compare` | {loop:.1f} s | {rate['loop']:.1f} pairs/min | 1.00x | |")
        for workers in (1, 2):
            elapsed, peaks, own = run_batch(pairs_file, workers, folder)
            rate[workers] = len(pairs) * 60 / elapsed
            memory = ", ".join(f"{peak / 2**20:.0f} MB" for peak in sorted(peaks.values()))
            say(f"| `newsread batch --workers {workers}` | {elapsed:.1f} s | {rate[workers]:.1f} pairs/min | "
                f"{rate[workers] / rate['loop']:.2f}x | workers' peak RSS {memory}; the command {own / 2**20:.0f} MB |")
        split = where_the_time_goes(pairs, folder)
        total = sum(split.values())
        say("per pair, in one process once spaCy is loaded: " + ", ".join(
            f"{step} {seconds * 1000:.0f} ms ({seconds / total:.0%})" for step, seconds in split.items()))
    if args.write:
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        head = ["", f"### bench/batch.py: pairs per minute ({when})", "",
                "| run | time | pairs per minute | against the loop | memory |", "|---|---|---|---|---|"]
        table = [line for line in lines if line.startswith("|")]
        rest = [line for line in lines if not line.startswith("|")]
        text = "\n".join([*head, *table, "", *rest]) + "\n"
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
