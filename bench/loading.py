"""How long reading an article takes before any analysis: decoding, encoding
detection, mojibake repair, web-page extraction and Markdown rendering.

    python -m bench.loading [--mb 19]

Prints one line per case: input size and the best of three runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from annotations.sources.reading import from_bytes

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=19.0, help="size of the large inputs, in MB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    article = (DATA / "ecbplus" / "10_6ecbplus.txt").read_text(encoding="utf-8")
    big = (article + "\n") * int(args.mb * 1e6 / len(article.encode("utf-8")))
    page = (DATA / "pages" / "herald.html").read_bytes()
    markdown = "\n\n".join(f"## Part {i}\n\n*{article}*" for i in range(int(args.mb * 1e6 / 1200)))
    cases = [
        ("UTF-8 text", big.encode("utf-8"), "text"),
        ("Windows-1252 text (detected)", big.encode("cp1252"), "text"),
        ("UTF-16 text", big.encode("utf-16"), "text"),
        ("UTF-8 read as Windows-1252 (every line repaired)",
         big.encode("utf-8").decode("cp1252", "replace").encode("utf-8"), "text"),
        ("news page (3 KB HTML, trafilatura)", page, "html"),
        ("Markdown (rendered)", markdown.encode("utf-8"), "markdown"),
    ]
    print(f"{'case':52} {'MB':>7} {'seconds':>8}")
    for name, data, kind in cases:
        seconds = best_of(args.runs, lambda data=data, kind=kind: from_bytes(data, "bench", "bench", kind))
        print(f"{name:52} {len(data) / 1e6:7.2f} {seconds:8.3f}")


if __name__ == "__main__":
    main()
