"""Key to frame for every key of the reader, beside a bare Textual app, idle and while the machine is busy.

    python -m bench.keys [--words N] [--repeat N]      (from the repository root)

Each key is delivered as the terminal driver delivers it, on the reader
once its analysis is done, on the seeds and on a pair of about 50,000
words (ECB+ texts joined, see `corpus.py`); the time is from the key
reaching the app to the first frame written after it (headless, the call of
`App._display` where a terminal would be written to). Keys that open
something (e, ctrl+p, ?, /, c, L, t) are closed with escape between two
measurements, and `escape` is measured out of a selection (v j first). The
busy run repeats everything with two processes spinning on the CPU. The
bare app's key updates one Static: Textual's own share. Targets: 100 ms on
the seeds, 150 ms on the long pair.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import DEFAULT_TEXTS, make_pair
from .measure import counting_app, python, run

SIZE = (160, 48)
#: (label, keys before, the key timed, keys after): escape out of a selection is set up by v j.
KEYS = [
    ("j", [], "j", []),
    ("]", [], "right_square_bracket", []),
    ("e (entity list)", [], "e", ["escape"]),
    ("ctrl+p (palette)", [], "ctrl+p", ["escape"]),
    ("? (help)", [], "question_mark", ["escape"]),
    ("escape out of a selection", ["v", "j"], "escape", []),
    ("/ (search)", [], "slash", ["escape"]),
    ("h (highlight mode)", [], "h", []),
    ("C (claims list)", [], "C", ["escape"]),
    ("L (lone sentences)", [], "L", ["escape"]),
    ("t (tag prompt)", [], "t", ["escape"]),
    ("y (copy)", [], "y", []),
    ("O (open a pair)", [], "O", ["escape"]),
]


async def _time_key(app, key: str) -> float:
    """Milliseconds from `key` reaching `app` to the first frame after it."""
    from textual import events

    frames: list[float] = []
    display = app._display

    def recorded(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = recorded
    try:
        event = events.Key(key, None)
        event.set_sender(app)
        started = time.perf_counter()
        app._driver.send_message(event)
        for _ in range(200):
            await asyncio.sleep(0.005)
            if frames:
                break
        await asyncio.sleep(0.15)  # let what the key set off settle before the next one
        return (frames[0] - started) * 1000 if frames else float("nan")
    finally:
        app._display = display


async def _press(app, keys: list[str]) -> None:
    for key in keys:
        await _time_key(app, key)


async def _reader_keys(paths: tuple[Path, Path] | None, repeat: int) -> dict[str, list[float]]:
    from textual.widgets import Input

    from annotations.sources.articles import load_article
    from tui.app import NewsreadApp
    from tui.cli import load_pair

    Input.cursor_blink = False  # a blinking cursor would be frames of its own
    pair = load_pair(()) if paths is None else (load_article(str(paths[0])), load_article(str(paths[1])))
    app = NewsreadApp(pair)
    found: dict[str, list[float]] = {label: [] for label, *_ in KEYS}
    # Toasts shown, as in a terminal: `y` answers with one and nothing else
    # (run_test hides them by default, so `y` drew no frame to time).
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        while app.screen.analysis_state not in ("done", "failed"):
            await pilot.pause(0.1)
        await pilot.pause(0.5)
        for _ in range(repeat):
            for label, before, key, after in KEYS:
                await _press(app, before)
                found[label].append(await _time_key(app, key))
                await _press(app, after)
            await _press(app, ["g"])
    return found


async def _bare_keys(repeat: int) -> list[float]:
    app = counting_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return [await _time_key(app, "j") for _ in range(repeat * 4)]


def measure(paths: tuple[Path, Path] | None, repeat: int, db: Path) -> dict:
    """Every key's times in a fresh process (the seeds when `paths` is None)."""
    args = [python(), "-m", "bench.keys", "--child", "--repeat", str(repeat)]
    if paths is not None:
        args += ["--pair", str(paths[0]), str(paths[1])]
    return run(args, env={"NEWSREAD_DB": str(db)}).json()


def busy(seconds: float) -> list[subprocess.Popen]:
    """Two processes spinning on the CPU for at most `seconds` (the machine is busy while they run)."""
    spin = f"import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass"
    return [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(2)]


def table(words: int, texts: Path, repeat: int) -> list[tuple[str, str, dict, float]]:
    """(key, setting, times by key...) for the seeds and the long pair, idle and busy."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        long_pair = make_pair(words, Path(folder), texts)
        measure(None, 1, db)          # analyses the seeds once, into the cache
        measure(long_pair, 1, db)     # and the long pair
        for setting in ("idle", "busy"):
            spinners = busy(600) if setting == "busy" else []
            try:
                for name, paths, target in (("seeds", None, 100.0), (f"{words // 1000}k words", long_pair, 150.0)):
                    times = measure(paths, repeat, db)
                    rows.append((name, setting, times, target))
            finally:
                for spinner in spinners:
                    spinner.kill()
    return rows


def markdown(rows: list[tuple[str, str, dict, float]]) -> str:
    """The figures as a Markdown table: one line per key, a column per pair and setting (median / max ms)."""
    header = "| key | " + " | ".join(f"{name}, {setting} (≤ {target:.0f} ms)" for name, setting, _, target in rows)
    lines = [header + " |", "|---" * (len(rows) + 1) + "|"]
    for label in rows[0][2]:
        cells = []
        for _, _, times, target in rows:
            values = [v for v in times[label] if v == v] or [float("nan")]  # nan: no frame came
            median, worst = statistics.median(values), max(values)
            mark = "" if label.startswith("bare") or worst <= target else " ✗"
            cells.append(f"{median:.0f} / {worst:.0f}{mark}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pair", nargs=2, type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        times = asyncio.run(_reader_keys(tuple(args.pair) if args.pair else None, args.repeat))
        times["bare app: j"] = asyncio.run(_bare_keys(args.repeat))
        print(json.dumps(times))
        return
    print(markdown(table(args.words, args.texts, args.repeat)))


if __name__ == "__main__":
    main()
