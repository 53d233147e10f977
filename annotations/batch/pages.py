"""`newsread batch --html DIR`: the web page of every pair, and an index page listing them.

Each pair's page is `compare --format html`'s (`analysis.web_page`), with the
annotations and verdicts the database holds for the pair, written as the
pair's result is written. Pairs finished by an earlier run are made from
the analysis cache (their articles read again, as the batch reads them).
The index is one self-contained page too, made from the batch's `pairs`
table: each pair's headlines, claims and conflicts, a link to its page, or
the sentence saying why it has none. Untrusted strings (ids, labels,
headlines, errors) are escaped as on every page, and file names are made of
the row number and a-z, 0-9 and dashes only.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotations.analysis import cache as analysis_cache
from annotations.analysis.analyse import analysis_key
from annotations.analysis.comparison import Comparison
from annotations.analysis.web_page import csp_source, escaped, slug, stored_web_page
from annotations.batch.pairs import PairRow
from annotations.batch.tables import DONE
from annotations.errors import InputError
from annotations.sources.articles import load_article
from annotations.store.store import Store

INDEX = "index.html"
_STYLE = (
    "body{margin:0 auto;max-width:80rem;padding:1rem 1.5rem;font:15px/1.45 system-ui,sans-serif;color:#1d1d1f;"
    "background:#fdfcf9}h1{font-size:1.3rem}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d8d4cc}"
    "th{font-size:.8rem;color:#5f6368}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".failed{color:#b32d00}.none{color:#5f6368}"
    "@media (prefers-color-scheme:dark){body{background:#16181b;color:#e8e6e3}th,.none{color:#a0a4a8}"
    "th,td{border-color:#3a3d42}.failed{color:#ff8a50}a{color:#56b4e9}}"
    "@media (max-width:760px){.wide{display:none}}"
)
_WIDE = ' class="wide"'

#: The index's counts: the `pairs` column, its heading, whether a narrow screen hides it, what it counts.
COUNTS = (
    ("claims", "claims", False, "matching claims"),
    ("conflicts", "conflicts", False, "figures the two articles give differently"),
    ("only_in_a", "only in A", True, "sentences of A with no matching sentence found in B"),
    ("only_in_b", "only in B", True, "sentences of B with no matching sentence found in A"),
    ("possibly_in_a", "≈ of A possibly in B", True,
     "sentences of A without a claim, possibly in B: a close sentence there, not paired"),
    ("possibly_in_b", "≈ of B possibly in A", True,
     "sentences of B without a claim, possibly in A: a close sentence there, not paired"),
)


def page_file(row: PairRow) -> str:
    """The file name of a pair's page: its row in the pairs file, then its id made safe."""
    return f"{row.row}-{slug(row.id) or 'pair'}.html"


class PageFolder:
    """The folder of pages: one per pair as results arrive, the rest from the cache, then the index.

    Args:
        folder: where the pages go (created if missing).
        db_path: the batch's database (annotations, verdicts, the cache, the pairs table).

    Raises:
        InputError: when the folder cannot be made.
    """

    def __init__(self, folder: Path, db_path: Path) -> None:
        self.folder = folder
        self.db_path = db_path
        self.pages: dict[str, str] = {}
        """The page written for each pair, by pair id."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"the folder {folder} for the web pages cannot be made ({error.strerror or error}).") \
                from None

    def write(self, row: PairRow, comparison: Comparison) -> None:
        """Write the page of one analysed pair (the batch calls it as it writes the pair's result)."""
        try:
            page = stored_web_page(comparison, self.db_path)
        except sqlite3.Error as error:
            raise InputError(f"the annotations and verdicts in {self.db_path} cannot be read ({error}).") from None
        self._write(page_file(row), page)
        self.pages[row.id] = page_file(row)

    def _write(self, name: str, page: str) -> None:
        try:
            (self.folder / name).write_text(page, encoding="utf-8")
        except OSError as error:
            raise InputError(f"the web page {self.folder / name} cannot be written ({error.strerror or error}).") \
                from None

    def finish(self, rows: Sequence[PairRow], model: str | None = None, max_bytes: int | None = None) -> Path:
        """Make the pages of pairs finished by earlier runs (from the cache), then write the index.

        Returns:
            The index page's path.
        """
        done = self._table(rows)
        for row in rows:
            if row.id in self.pages or done.get(row.id, {}).get("status") != DONE:
                continue
            try:
                pair = (load_article(row.source("a"), max_bytes, self.db_path),
                        load_article(row.source("b"), max_bytes, self.db_path))
                found = analysis_cache.get(self.db_path, analysis_key(*pair, model=model), pair)
            except InputError:
                found = None
            if found is not None:
                self.write(row, found)
        self._write(INDEX, index_page(rows, done, self.pages))
        return (self.folder / INDEX).resolve()

    def _table(self, rows: Sequence[PairRow]) -> dict[str, dict[str, Any]]:
        """The rows of the `pairs` table for these pairs, by id."""
        with Store(self.db_path) as store:
            if not store.db["pairs"].exists():
                return {}
            wanted = {row.id for row in rows}
            return {r["id"]: r for r in store.db["pairs"].rows if r["id"] in wanted}


def index_page(rows: Sequence[PairRow], table: dict[str, dict[str, Any]], pages: dict[str, str]) -> str:
    """The index of a batch's pages: one line per row of the pairs file, in its order."""
    lines = []
    for row in rows:
        found = table.get(row.id, {})
        name = pages.get(row.id)
        headlines = (f"{escaped(found.get('title_a') or row.a)}<br>{escaped(found.get('title_b') or row.b)}")
        if name:
            what = f'<a href="{html.escape(name)}">{headlines}</a>'
        else:
            why = (row.problem or found.get("error") or
                   ("its analysis is no longer in the cache: run the batch again with --redo --html"
                    if found.get("status") == DONE else "not analysed yet"))
            what = f'{headlines}<br><span class="{"failed" if found.get("error") or row.problem else "none"}">' \
                   f"no page: {escaped(why)}</span>"
        # A count the row lacks (a failed pair) is an empty cell.
        counts = "".join(f'<td class="n{" wide" if wide else ""}">'
                         f'{"" if found.get(key) is None else escaped(str(found[key]))}</td>'
                         for key, _, wide, _ in COUNTS)
        lines.append(f"<tr><td class=\"n\">{row.row}</td><td>{escaped(row.id)}</td><td>{escaped(row.label)}</td>"
                     f"<td>{what}</td>{counts}</tr>")
    policy = f"default-src 'none'; style-src {csp_source(_STYLE)}; img-src 'none'; base-uri 'none'; form-action 'none'"
    written = sum(1 for row in rows if row.id in pages)
    heads = "".join(f'<th{_WIDE if wide else ""} title="{meaning}">{head}</th>' for _, head, wide, meaning in COUNTS)
    return ("<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>newsread batch: {len(rows)} pairs</title><style>{_STYLE}</style></head><body>"
            f"<h1>newsread batch: {len(rows)} pairs, {written} pages</h1>"
            "<table><thead><tr><th>row</th><th>id</th><th>label</th><th>headlines (A, then B)</th>"
            f"{heads}</tr></thead><tbody>{''.join(lines)}</tbody></table></body></html>\n")
