"""Peak memory of `newsread compare` on hostile shapes of text, against the input's size.

    python -m bench.memory              # 0.5 MB and 1 MB of emoji, a 1 MB single line, ordinary text
    python -m bench.memory --mb 0.25    # other sizes (one or more)

Each case is one article compared with a seed, in a fresh process with an
empty database (no cache), run through the `newsread` command as a user
runs it; the kernel's peak RSS of that process is printed beside the
input's size. The goal is a peak under 500 MB for a 1 MB article, whatever
its text (README, "Safety").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from annotations.paths import seed_articles
from bench.measure import run

ECB = Path(__file__).resolve().parent.parent / "tests" / "data" / "ecbplus"


def _ordinary(size: int) -> str:
    """Real news paragraphs (ECB+), repeated to `size` bytes."""
    body = "\n\n".join((ECB / name).read_text(encoding="utf-8")
                       for name in sorted(p.name for p in ECB.glob("*.txt")))
    return (body + "\n\n") * (size // len(body.encode()) + 1)


def cases(megabytes: float) -> dict[str, bytes]:
    """name -> the article's bytes, each about `megabytes` MB."""
    size = int(megabytes * 1024 * 1024)
    emoji = "😀🚀🔥👍🏽🇺🇳"
    line = " ".join(_ordinary(size).split())
    return {
        f"{megabytes:g} MB of emoji": ("Emoji\n\n" + emoji * (size // len(emoji.encode()))).encode()[:size],
        f"{megabytes:g} MB single line": ("One line\n\n" + line).encode()[:size],
        f"{megabytes:g} MB ordinary text": _ordinary(size).encode()[:size],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[0.5, 1.0])
    args = parser.parse_args(argv)
    other = str(seed_articles()[1])
    print(f"{'input':<28} {'MB':>6} {'peak RSS MB':>12} {'x input':>8} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.mb:
            for name, data in cases(megabytes).items():
                if megabytes != 1.0 and "single line" in name and 1.0 in args.mb:
                    continue  # the single line is 1 MB
                path = Path(tmp) / "article.txt"
                path.write_bytes(data.decode("utf-8", "ignore").encode())
                db = Path(tmp) / f"{len(name)}-{megabytes}.db"
                done = run([sys.executable, "-m", "tui", "compare", str(path), other, "--format", "json",
                            "--db", str(db)], check=False)
                mb = len(data) / 1048576
                peak = done.max_rss_kb / 1024
                print(f"{name:<28} {mb:>6.2f} {peak:>12.0f} {peak / mb:>8.0f} {done.seconds:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
