"""Peak memory of `newsread compare` on varied shapes of text, against the input's size.

    python -m bench.memory                        # the README's cases (see below)
    python -m bench.memory --mb 0.25 --pair-mb 0.1 --news-mb 0.5    # smaller
    python -m bench.memory --only single          # one group: single, pair or news

The cases of "Memory bounded by design" (README, "Safety"):

- single: one article of `--mb` MB (default 1) against a seed, in four
  shapes: varied news (different ECB+ articles one after another, none
  repeated), many short lines ("Line N."), one long line of varied news,
  and emoji;
- pair: two articles of `--pair-mb` MB (default 0.5) of varied news
  against each other, no article in both;
- news: `--news-mb` MB (default 5) of news against a seed, with the time
  and memory at each progress step the command prints; once every ECB+
  article is used the text starts over, which is said.

Each case runs in a fresh process with an empty database (no cache),
through the command line as a user runs it (`python -m tui`, this checkout); the kernel's peak RSS of
that process is printed beside the input's size. A case still running
after `--timeout` seconds is stopped and said to be unfinished. The goal
is a peak under 500 MB for each single and pair case, and the news case
finishing. Run one heavy case at a time on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from annotations.paths import seed_articles
from bench.measure import ROOT

#: The ECB+ articles (982 of them, 4.4 MB); the tests' copy of a few when the shared folder is absent.
SHARED_ECB = ROOT.parent / "shared" / "eval" / "ecbplus" / "texts"
TESTS_ECB = ROOT / "tests" / "data" / "ecbplus"
MB = 1024 * 1024
EMOJI = "😀🚀🔥👍🏽🇺🇳"


def news_articles() -> list[str]:
    """Every ECB+ article's text, in name order."""
    folder = SHARED_ECB if SHARED_ECB.is_dir() else TESTS_ECB
    return [p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.txt"))]


@dataclass
class News:
    """Varied news text: different articles one after another, from a given one on."""

    articles: list[str]
    used: int = 0
    """Articles taken so far (past len(articles): the text started over)."""

    def take(self, size: int) -> str:
        """About `size` bytes of articles not taken before (unless all were)."""
        parts: list[str] = []
        total = 0
        while total < size:
            text = self.articles[self.used % len(self.articles)]
            self.used += 1
            parts.append(text)
            total += len(text.encode()) + 2
        return _cut("\n\n".join(parts), size)

    @property
    def repeated(self) -> bool:
        return self.used > len(self.articles)


def _cut(text: str, size: int) -> str:
    """`text` cut to at most `size` bytes of UTF-8, on a character boundary."""
    return text.encode()[:size].decode("utf-8", "ignore")


def single_cases(megabytes: float) -> dict[str, str]:
    """name -> one article of about `megabytes` MB, in each shape."""
    size = int(megabytes * MB)
    varied = News(news_articles()).take(size)
    lines, n, total = [], 0, 0
    while total < size:
        n += 1
        line = f"Line {n}."
        lines.append(line)
        total += len(line) + 1
    return {
        f"{megabytes:g} MB varied news": varied,
        f"{megabytes:g} MB short lines ({n:,})": _cut("\n".join(lines), size),
        f"{megabytes:g} MB one long line": _cut("One line\n\n" + " ".join(varied.split()), size),
        f"{megabytes:g} MB emoji": _cut("Emoji\n\n" + EMOJI * (size // len(EMOJI.encode()) + 1), size),
    }


@dataclass
class Measured:
    """One run of the command."""

    seconds: float
    peak_mb: float
    finished: bool
    returncode: int
    steps: list[tuple[float, float, str]] = field(default_factory=list)
    """Each progress line: seconds since the start, the process's RSS (MB) then, the line."""


def measure(argv: list[str], timeout: float) -> Measured:
    """Run `argv` in a fresh process; its peak RSS (wait4) and its progress lines, timed."""
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                             text=True, errors="replace")
    watched = psutil.Process(child.pid)
    steps: list[tuple[float, float, str]] = []

    def follow() -> None:
        assert child.stderr is not None
        for line in child.stderr:
            try:
                rss = watched.memory_info().rss / MB
            except psutil.Error:
                rss = float("nan")
            steps.append((time.perf_counter() - started, rss, line.strip()))

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    finished = True
    while True:  # wait4, not poll: it gives the child's own peak RSS when it reaps it
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            child.kill()
            finished = False
            _, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    reader.join(5)
    return Measured(elapsed, usage.ru_maxrss / 1024, finished, child.returncode, steps)


def _compare(a: Path, b: Path, folder: Path, timeout: float) -> Measured:
    db = folder / f"{a.stem}-{b.stem}-{time.monotonic_ns()}.db"
    # `python -m tui` from the root: this checkout's code, whatever `newsread` script is installed.
    return measure([sys.executable, "-m", "tui", "compare", str(a), str(b), "--format", "json", "--db", str(db)],
                   timeout)


def _row(name: str, megabytes: float, run: Measured) -> str:
    how = "" if run.finished and run.returncode == 0 else (
        f"  (stopped after {run.seconds:.0f} s, at: {run.steps[-1][2] if run.steps else 'the start'})"
        if not run.finished else f"  (exit {run.returncode}: {run.steps[-1][2] if run.steps else ''})")
    return (f"{name:<40} {megabytes:>6.2f} {run.peak_mb:>12.0f} {run.peak_mb / megabytes:>8.0f} "
            f"{run.seconds:>8.1f}{how}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1.0], help="sizes of the single articles")
    parser.add_argument("--pair-mb", type=float, default=0.5, help="size of each of the two articles")
    parser.add_argument("--news-mb", type=float, default=5.0, help="size of the long news article")
    parser.add_argument("--only", choices=["single", "pair", "news"], nargs="+",
                        default=["single", "pair", "news"])
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a case is stopped")
    args = parser.parse_args(argv)
    seed = seed_articles()[1]
    print(f"{'input':<40} {'MB':>6} {'peak RSS MB':>12} {'x input':>8} {'seconds':>8}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "single" in args.only:
            for megabytes in args.mb:
                for name, text in single_cases(megabytes).items():
                    path = folder / "article.txt"
                    path.write_text(text, encoding="utf-8")
                    run = _compare(path, seed, folder, args.timeout)
                    print(_row(f"{name} vs a seed", len(text.encode()) / MB, run), flush=True)
        if "pair" in args.only:
            news = News(news_articles())
            a, b = folder / "a.txt", folder / "b.txt"
            a.write_text(news.take(int(args.pair_mb * MB)), encoding="utf-8")
            b.write_text(news.take(int(args.pair_mb * MB)), encoding="utf-8")
            note = " (articles repeated)" if news.repeated else f" ({news.used} articles)"
            run = _compare(a, b, folder, args.timeout)
            print(_row(f"two {args.pair_mb:g} MB of news{note}", 2 * args.pair_mb, run), flush=True)
        if "news" in args.only:
            news = News(news_articles())
            path = folder / "news.txt"
            path.write_text(news.take(int(args.news_mb * MB)), encoding="utf-8")
            note = (f" ({len(news.articles)} articles, then again)" if news.repeated
                    else f" ({news.used} articles)")
            run = _compare(path, seed, folder, args.timeout)
            print(_row(f"{args.news_mb:g} MB of news{note} vs a seed", args.news_mb, run), flush=True)
            for seconds, rss, line in run.steps:
                print(f"    {seconds:>7.1f} s {rss:>7.0f} MB  {line}", flush=True)


if __name__ == "__main__":
    main()
