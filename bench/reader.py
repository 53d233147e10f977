"""How fast the reader paints and how fast its cursor moves.

    python -m bench.reader [--runs N] [--words N] [--texts DIR]     (from the repository root)

1. First paint: time from process start to the first frame, for the reader
   on the seeds (the app alone, and the whole `newsread` command, `python -m
   tui`, with its command line, article loading and database check) and for
   a bare Textual app showing the same two articles as plain text (Header,
   two scrollable Statics, Footer) started the same way (`python -c`),
   each in a fresh process, interleaved, run headless. The
   frame is the first call of `App._display` with something to draw, the
   point where a terminal would be written to; the reader reports it itself
   when $NEWSREAD_EXIT_AFTER_FIRST_PAINT is set, and exits. Target: at most
   1.15x the bare app (median of the paired ratios).
6. Every key to its frame (`keys.py`): j, ], e, the palette, ?, escape out
   of a selection and the reader's new keys, on the seeds and the long pair,
   idle and with the machine busy, beside a bare app's key in the same run.
   Targets: 100 ms on the seeds, 150 ms on the long pair.
5. Cursor step: one `j` on an article of about 50,000 words (ECB+ texts
   joined, see `corpus.py`) once the analysis is done (and, before it, how
   long the main thread is busy when the highlights arrive): the reader's own work
   (move, level the other pane, fill the detail bar, draw every visible row
   of both panes) and the whole keypress through Pilot. Target: < 30 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from annotations.paths import seed_articles

from .corpus import DEFAULT_TEXTS, make_pair
from .measure import counting_app, python, run
from .table import Row, ratio_row

SIZE = (160, 48)
"""The terminal size of every run; the reader's first-paint hook uses the same."""

# The probe of the bare app: the same two articles as plain text, each in a
# scrollable pane, between a header and a footer; it stamps the wall clock at
# its first frame and exits. The reader has the same probe built in
# (tui.app.FIRST_PAINT_ENV): the first call of `App._display` with something
# to draw, where a terminal would be written to.
BARE = f"""
import json, time
from pathlib import Path
from rich.text import Text
from textual.app import App
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        with Horizontal():
            for path in {[str(p) for p in seed_articles()]!r}:
                with VerticalScroll():
                    yield Static(Text(Path(path).read_text(encoding="utf-8")))
        yield Footer()
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and not getattr(self, "_stamped", False):
            self._stamped = True
            print(json.dumps({{"painted": time.time(), "cpu": time.process_time()}}), flush=True)
            self.exit()
Bare().run(headless=True, size={SIZE!r})
"""
# The reader app alone, on articles already loaded (no command line, no database check).
READER = f"""
from tui.cli import load_pair
from tui.app import NewsreadApp
NewsreadApp(load_pair(())).run(headless=True, size={SIZE!r})
"""
# The `newsread` command as a user starts it, on the seeds: `python -m tui`.
COMMAND = ["-m", "tui"]


def first_paint(args: list[str], pycache: Path) -> tuple[float, float, list[str]]:
    """Seconds from starting a fresh interpreter with `args` to its app's first frame.

    Returns:
        The wall seconds, the CPU seconds the process had used by then
        (steadier on a busy machine), and the heavy modules (numpy,
        sqlite-utils, spaCy) already loaded then (the bare app reports none).
    """
    from tui.app import FIRST_PAINT_ENV

    with tempfile.TemporaryDirectory() as folder:
        # A database of its own, so the reader never touches the user's notes.
        env = {"NEWSREAD_DB": str(Path(folder) / "bench.db"), FIRST_PAINT_ENV: "1",
               # Bytecode cached as on a user's machine (pip compiles it on
               # install), even where $PYTHONDONTWRITEBYTECODE is set: else
               # newsread's own modules would be compiled from source on every
               # start, and the bare app's (Textual's, already compiled) not.
               "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(pycache)}
        started = time.time()
        done = run([python(), *args], env=env)
    report = done.json()
    return report["painted"] - started, report["cpu"], report.get("loaded", [])


Times = tuple[list[float], list[float]]
"""Wall and CPU seconds of each run."""


def first_paint_runs(runs: int) -> tuple[Times, Times, Times]:
    """(reader, bare, command) first-paint times, interleaved so all see the same load.

    Raises:
        RuntimeError: if a heavy module was loaded before the reader's first frame.
    """
    kinds = (["-c", BARE], ["-c", READER], COMMAND)
    with tempfile.TemporaryDirectory() as pycache:
        return _first_paint_runs(runs, kinds, Path(pycache))


def _first_paint_runs(runs: int, kinds: tuple[list[str], ...], pycache: Path) -> tuple[Times, Times, Times]:
    for args in kinds:  # warm the file cache and the bytecode cache
        first_paint(args, pycache)
    found: list[Times] = [([], []), ([], []), ([], [])]
    for _ in range(runs):
        for args, (wall, cpu) in zip(kinds, found):
            seconds, cpu_seconds, loaded = first_paint(args, pycache)
            if loaded:
                raise RuntimeError(f"loaded before the first frame: {', '.join(loaded)}")
            wall.append(seconds)
            cpu.append(cpu_seconds)
    bare, reader, command = found
    return reader, bare, command


async def _cursor_steps(paths: tuple[Path, Path], steps: int, db: Path) -> dict:
    from annotations.sources.articles import load_article
    from tui.app import NewsreadApp
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_layout import ArticleLayout

    # The main thread's pause when the analysis arrives: its handler restyles
    # both panes with the layouts the worker prepared.
    handled: list[float] = []
    finished = ReaderScreen.on_analysis_finished

    def timed(screen, message) -> None:
        t = time.perf_counter()
        finished(screen, message)
        handled.append(time.perf_counter() - t)

    ReaderScreen.on_analysis_finished = timed
    pair = (load_article(str(paths[0])), load_article(str(paths[1])))
    app = NewsreadApp(pair, db_path=db)  # the analysis cache lives in the database
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        while screen.analysis_state not in ("done", "failed"):
            await pilot.pause(0.1)
        analysed = time.perf_counter() - started
        if screen.analysis_state == "failed":
            raise RuntimeError("the analysis failed")
        view, other = screen.view("A"), screen.view("B")
        t = time.perf_counter()
        ArticleLayout(view._text, view.article.paragraphs, view._units, view.article_layout.width)
        wrap = time.perf_counter() - t
        t = time.perf_counter()
        view.article_layout.with_units(view._units)
        maps = time.perf_counter() - t
        to_frame = await _key_to_frame(app, steps)
        work, keypress = [], []
        for _ in range(steps):
            t = time.perf_counter()
            # move_cursor levels the other pane itself (through cursor_hook).
            view.move_cursor(view.cursor_sentence + 1)
            for pane in (view, other):
                for y in range(pane.scrollable_content_region.height):
                    pane.render_line(y)
            work.append(time.perf_counter() - t)
            await pilot.pause()
        for _ in range(steps):
            t = time.perf_counter()
            await pilot.press("j")
            keypress.append(time.perf_counter() - t)
        return {
            "words": len(pair[0].text.split()), "sentences": view.unit_count,
            "lines": len(view.article_layout), "claims": len(screen.comparison.claims),
            "analysis_s": analysed, "wrap_s": wrap, "maps_s": maps,
            "highlights_ms": [h * 1000 for h in handled],
            "work_ms": [w * 1000 for w in work], "frame_ms": to_frame,
            "keypress_ms": [k * 1000 for k in keypress],
            **await _bare_keypresses(steps),
        }


async def _key_to_frame(app, steps: int) -> list[float]:
    """Milliseconds from a `j` reaching the app to the last frame it causes, per step."""
    from textual import events

    frames: list[float] = []
    display = app._display

    def recorded(screen, renderable) -> None:
        # Headless, this is where a frame would be written to the terminal.
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = recorded
    times = []
    for _ in range(steps):
        # A key as the terminal driver delivers it; the pause outlasts every
        # handler and screen update the key sets off.
        frames.clear()
        event = events.Key("j", "j")
        event.set_sender(app)
        t = time.perf_counter()
        app._driver.send_message(event)
        await asyncio.sleep(0.25)
        times.append((frames[-1] - t) * 1000 if frames else float("nan"))
    app._display = display
    return times


async def _bare_keypresses(steps: int) -> dict[str, list[float]]:
    """The same keys on a bare app whose key updates one Static: Textual's and Pilot's own share."""
    times = []
    async with counting_app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(steps):
            t = time.perf_counter()
            await pilot.press("j")
            times.append((time.perf_counter() - t) * 1000)
        frames = await _key_to_frame(pilot.app, steps)
    return {"bare_keypress_ms": times, "bare_frame_ms": frames}


def cursor_step(words: int, texts: Path, steps: int = 60, db: Path | None = None) -> dict:
    """Cursor-step figures on a long pair, measured in a fresh process.

    Args:
        db: a database to keep the long pair's analysis in between runs
            (default: a fresh one, so the analysis runs and is timed).
    """
    with tempfile.TemporaryDirectory() as folder:
        paths = make_pair(words, Path(folder), texts)
        db = db or Path(folder) / "bench.db"
        done = run([python(), "-m", "bench.reader", "--child", str(paths[0]), str(paths[1]),
                    "--steps", str(steps), "--db", str(db)], env={"NEWSREAD_DB": str(db)})
        return done.json()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def rows(runs: int, words: int = 50_000, texts: Path = DEFAULT_TEXTS) -> list[Row]:
    """The benchmark table's rows for figures 1 and 5."""
    reader, bare, command = first_paint_runs(runs)
    found = [
        ratio_row("1", "reader app first paint (seeds)", reader[0], "bare Textual app, same text", bare[0], 1.15,
                  cpu=(reader[1], bare[1])),
        ratio_row("1b", "`newsread` command first paint (command line, loading, database check)", command[0],
                  "bare Textual app, same text", bare[0], 1.15, cpu=(command[1], bare[1])),
    ]
    step = cursor_step(words, texts)
    frame = statistics.median(step["frame_ms"])
    found.append(Row(
        "5", f"cursor step (j) to its last frame, {step['words']:,}-word article",
        f"{frame:.1f} ms (p95 {_p95(step['frame_ms']):.1f}; reader's own work "
        f"{statistics.median(step['work_ms']):.1f})",
        f"bare app, key to frame {statistics.median(step['bare_frame_ms']):.1f} ms", None,
        "< 30 ms", frame < 30,
    ))
    from .keys import table

    for name, setting, times, target in table(words, texts, repeat=3):
        slowest = max((k for k in times if not k.startswith("bare")), key=lambda k: max(times[k]))
        worst = max(times[slowest])
        found.append(Row(
            "6", f"slowest key to its frame, {name}, {setting} ({slowest})", f"{worst:.0f} ms",
            f"bare app, key to frame {statistics.median(times['bare app: j']):.0f} ms", None,
            f"≤ {target:.0f} ms", worst <= target,
        ))
    pause = max(step["highlights_ms"])
    found.append(Row(
        "5b", f"main thread busy when the highlights arrive, {step['words']:,}-word pair",
        f"{pause:.1f} ms (the worker builds the sentence maps)",
        f"whole wrap of one article {step['wrap_s'] * 1000:.1f} ms", None, "< 30 ms", pause < 30,
    ))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="first-paint runs of each app (median)")
    parser.add_argument("--words", type=int, default=50_000, help="length of the long article")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="folder of ECB+ .txt files")
    parser.add_argument("--steps", type=int, default=60, help="cursor steps to time")
    parser.add_argument("--db", type=Path, default=None,
                        help="database keeping the long pair's analysis between runs (default: a fresh one)")
    parser.add_argument("--first-paint-only", action="store_true", help="skip the cursor-step figures")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("A", "B"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(_cursor_steps(tuple(args.child), args.steps, args.db))))
        return
    reader, bare, command = first_paint_runs(args.runs)
    print(f"first paint, median of {args.runs} fresh processes each (wall; CPU used by then):")
    print(f"  bare Textual app, same text{statistics.median(bare[0]) * 1000:7.1f} ms; "
          f"{statistics.median(bare[1]) * 1000:6.1f} ms CPU")
    for name, (wall, cpu) in (("reader app (seeds)", reader), ("`newsread` command", command)):
        ratio = statistics.median([t / b for t, b in zip(wall, bare[0])])
        cpu_ratio = statistics.median([t / b for t, b in zip(cpu, bare[1])])
        print(f"  {name:<24}  {statistics.median(wall) * 1000:7.1f} ms; "
              f"{statistics.median(cpu) * 1000:6.1f} ms CPU   ratio {ratio:.2f}x (CPU {cpu_ratio:.2f}x), "
              "median of paired runs; target <= 1.15x")
    if args.first_paint_only:
        return
    step = cursor_step(args.words, args.texts, args.steps, args.db)
    print(f"cursor step on article A: {step['words']:,} words, {step['sentences']:,} sentences, "
          f"{step['lines']:,} lines at {SIZE[0]} columns, {step['claims']:,} claims")
    print(f"  analysis (worker, till highlights)  {step['analysis_s']:.1f} s")
    print(f"  wrap of the whole article           {step['wrap_s'] * 1000:.1f} ms "
          f"(its maps to sentences alone {step['maps_s'] * 1000:.1f} ms: built in the worker)")
    print(f"  highlights arrive: main thread busy {max(step['highlights_ms']):.1f} ms "
          "(restyle both panes; the layouts come ready from the worker)")
    print(f"  key to its last frame   median {statistics.median(step['frame_ms']):.2f} ms, "
          f"p95 {_p95(step['frame_ms']):.2f} ms   (target < 30 ms)")
    print(f"  reader's own work       median {statistics.median(step['work_ms']):.2f} ms, "
          f"p95 {_p95(step['work_ms']):.2f} ms   (move, level the other pane, detail bar, "
          "draw both panes)")
    print(f"  bare app, key to frame  median {statistics.median(step['bare_frame_ms']):.2f} ms "
          "(Textual's own share: the screen updates on a 60 Hz timer)")
    print(f"  Pilot keypress          median {statistics.median(step['keypress_ms']):.2f} ms; "
          f"on a bare app {statistics.median(step['bare_keypress_ms']):.2f} ms (Pilot's own waits)")


if __name__ == "__main__":
    main()
