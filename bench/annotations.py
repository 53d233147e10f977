"""How fast the annotation store saves and opens, on the bundled seed pair.

    python -m bench.annotations [--saves N] [--count N]     (from the repository root)

Prints the latency of saving one annotation (each its own committed
transaction on a WAL database file: median and 95th percentile, for adding
and for changing a note), and the time to open the two seeds carrying
`--count` annotations between them: opening the database, loading the
annotations and placing them (store load plus re-anchoring). It also times
the same open after the first article was edited, when every one of its
annotations has to be re-anchored by quote and written back, and the time
to mark them in both panes and draw a screen of each (headless Textual).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its own
# name would hide the `annotations` package.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

from annotations.paths import seed_articles  # noqa: E402
from annotations.sources.articles import Article, load_article  # noqa: E402
from annotations.store.store import Store  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_saves(path: Path, pair: tuple[Article, Article], saves: int) -> None:
    store = Store(path)
    article = pair[0]
    stored = store.article(article)
    adds, notes = [], []
    for i in range(saves):
        start = (i * 13) % (len(article.text) - 60)
        began = time.perf_counter()
        made = store.add(stored.id, article.text, start, start + 40, ["claim", f"t{i % 7}"])
        adds.append(time.perf_counter() - began)
        began = time.perf_counter()
        store.set_note(made.id, f"Note {i}: check against the other outlet.")
        notes.append(time.perf_counter() - began)
    store.close()
    for name, values in (("add", adds), ("set note", notes)):
        print(f"save ({name}, {saves} times): median {_ms(statistics.median(values))}, "
              f"p95 {_ms(_percentile(values, 0.95))}")


def fill(path: Path, pair: tuple[Article, Article], count: int) -> None:
    """Put `count` annotations on the pair, in one transaction (set-up only)."""
    store = Store(path)
    ids = [store.article(article).id for article in pair]
    with store._write():
        for i in range(count):
            article = pair[i % 2]
            start = (i * 7) % (len(article.text) - 60)
            quote_end = start + 10 + i % 40
            store.db["annotations"].insert({
                "id": f"bench-{i}", "article_id": ids[i % 2], "start": start, "end": quote_end,
                "exact": article.text[start:quote_end],
                "prefix": article.text[max(0, start - 32):start],
                "suffix": article.text[quote_end:quote_end + 32],
                "tags": '["bench"]', "note": f"note {i}",
                "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
            })
    store.close()


def bench_open(path: Path, pair: tuple[Article, Article], label: str) -> None:
    began = time.perf_counter()
    store = Store(path)
    opened = [store.open_article(article) for article in pair]
    elapsed = time.perf_counter() - began
    store.close()
    placed = sum(len(o.annotations) for o in opened)
    orphans = sum(len(o.orphans) for o in opened)
    moved = sum(o.reattached for o in opened)
    print(f"open pair, {label}: {_ms(elapsed)} ({placed} placed, {moved} re-anchored, {orphans} orphans)")


def bench_paint(path: Path, pair: tuple[Article, Article], rows: int = 48) -> None:
    """Mark the stored annotations in two article views and draw `rows` lines of each."""
    import asyncio

    from textual.app import App

    from tui.widgets.article_view import ArticleView

    with Store(path) as store:
        ranges = [[(a.start, a.end) for a in store.open_article(article).annotations] for article in pair]

    class Panes(App[None]):
        def compose(self):
            for side, article in zip("AB", pair):
                yield ArticleView(article, side)

    async def run() -> float:
        app = Panes()
        async with app.run_test(size=(160, rows + 2)):
            views = list(app.query(ArticleView))
            began = time.perf_counter()
            for view, marks in zip(views, ranges):
                view.set_marks("annotation", marks)
                for y in range(rows):
                    view.render_line(y)
            return time.perf_counter() - began

    elapsed = asyncio.run(run())
    print(f"mark and draw {rows} lines of both panes, {sum(map(len, ranges))} annotations: {_ms(elapsed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    pair = tuple(load_article(str(p)) for p in seed_articles())
    with tempfile.TemporaryDirectory() as folder:
        bench_saves(Path(folder) / "saves.db", pair, args.saves)
        path = Path(folder) / "open.db"
        fill(path, pair, args.count)
        for run in (1, 2, 3):
            bench_open(path, pair, f"{args.count} annotations, unchanged text (run {run})")
        bench_paint(path, pair)
        # Paragraph offsets are not recomputed: the store needs only the text.
        edited = replace(pair[0], text="Correction: an earlier version misdated the call.\n\n" + pair[0].text)
        bench_open(path, (edited, pair[1]), f"{args.count} annotations, first article edited")
        bench_open(path, (edited, pair[1]), f"{args.count} annotations, edited, opened again")


if __name__ == "__main__":
    main()
