"""The benchmark suite: every figure beside its peer, as one table.

    bench/run [--runs N] [--long-runs N] [--texts DIR] [--only analysis,reader,...] [--write]

Each module listed in `SUITES` that exists under `bench/` defines
`rows(runs) -> list[Row]` (see `table.py`), or `section(texts) -> str` (a
Markdown section shown after the table); any other module is run as a
script and its output shown as it is. `--write` also writes the table
to bench/RESULTS.md with the date and the machine.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from .corpus import DEFAULT_TEXTS
from .measure import ROOT, python
from .table import Row, not_measured, render

#: Module name -> (figures it measures, what they are), in table order.
SUITES = {
    "reader": ("1, 5", "reader first paint vs a bare Textual app; cursor step on the 50k-word pair"),
    "analysis": ("2, 3, 4", "compare cold and cached vs plain spaCy; long articles"),
    "annotations": ("6", "annotation save latency; opening a pair with 10,000 annotations"),
    "scaling": ("4", "where the analysis time goes at 10k and 50k words"),
    "loading": ("–", "reading an article before analysis: decoding, repair, extraction"),
}
ORDER = ["1", "2", "3", "4", "5", "6"]


#: Where bench/batch.py's sections start in RESULTS.md.
BATCH_SECTION = "### bench/batch.py"


def machine() -> str:
    """Cores, CPU model and Python version of this machine."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    found = f"{cores} cores, {model}, Python {platform.python_version()}, {platform.system()}"
    if importlib.util.find_spec("torch") is not None:
        # thinc imports torch whenever it is installed: every spaCy start pays for it.
        found += " (PyTorch installed: spaCy imports it on every start, ours and the peers' alike)"
    return found


def suite_rows(name: str, args: argparse.Namespace) -> tuple[list[Row], str]:
    """The rows of one module, or its raw output when it keeps no rows."""
    items, what = SUITES[name]
    if not (ROOT / "bench" / f"{name}.py").exists():
        return [not_measured(i.strip(), what) for i in items.split(",")], ""
    try:
        module = importlib.import_module(f"bench.{name}")
        if hasattr(module, "section"):
            return [], module.section(texts=args.texts)
        if hasattr(module, "rows"):
            if name == "analysis":
                return (module.compare_rows(args.runs)
                        + module.long_rows(args.long_runs, texts=args.texts)), ""
            extra = {"texts": args.texts} if "texts" in inspect.signature(module.rows).parameters else {}
            return list(module.rows(args.runs, **extra)), ""
        done = subprocess.run([python(), "-m", f"bench.{name}"], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        return [], f"### bench/{name}.py\n\n```\n{done.stdout}{done.stderr}```\n"
    except Exception as error:  # one broken suite must not hide the others' figures
        return [not_measured(items, what, f"failed: {type(error).__name__}: {error}"[:200])], ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported)")
    parser.add_argument("--long-runs", type=int, default=3, help="runs per long-article size")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS,
                        help="folder of ECB+ texts the long articles are joined from")
    parser.add_argument("--only", default=",".join(SUITES), help="comma-separated suites to run")
    parser.add_argument("--write", action="store_true", help="also write bench/RESULTS.md")
    args = parser.parse_args(argv)
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    rows: list[Row] = []
    extra = []
    for name in [n.strip() for n in args.only.split(",") if n.strip()]:
        if name not in SUITES:
            parser.error(f"unknown suite {name!r} (known: {', '.join(SUITES)})")
        print(f"bench: {name}…", file=sys.stderr, flush=True)
        found, raw = suite_rows(name, args)
        rows += found
        if raw:
            extra.append(raw)
    rows.sort(key=lambda r: ORDER.index(r.item[:1]) if r.item[:1] in ORDER else len(ORDER))
    header = (f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}; "
              f"median of {args.runs} runs ({args.long_runs} for long articles), "
              f"{time.perf_counter() - clock:.0f} s in all.\n")
    table = render(rows)
    print(header)
    print(table)
    for raw in extra:
        print(raw)
    if args.write:
        results = ROOT / "bench" / "RESULTS.md"
        # The batch figures (bench/batch.py, a run of its own) are kept.
        previous = results.read_text(encoding="utf-8") if results.exists() else ""
        batch = previous[previous.find(BATCH_SECTION):] if BATCH_SECTION in previous else ""
        results.write_text(
            "# Benchmark results\n\n" + header + "\n" + table + "\n" + "\n".join(extra)
            + "\nRe-run with `bench/run --write`. Each ratio is the median, over the runs, of"
            " newsread's figure divided by its peer's measured right beside it in the same run;"
            " in brackets, the same over CPU time, which other work on the machine skews less.\n"
            + (f"\n{batch}" if batch else ""),
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
