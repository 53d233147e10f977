"""Hostile text through `newsread export`: every format is inert in a terminal,
says what it showed as stand-ins, and keeps what the person annotated.

An article holds terminal attacks (OSC 52 clipboard, CSI, DCS, C1, bidi
overrides, HTML); a passage of it is tagged and noted with more of them;
each export format is then scanned for raw control characters.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt
from support import newsread

from annotations.sources.articles import load_article
from annotations.store.exports import render_export
from annotations.store.records import CHANGED, MOVED, ORPHAN
from annotations.store.store import Store
from annotations.text import display_text

# Everything a terminal acts on or that hides text: C0 (but newline), DEL, C1,
# bidi marks, overrides and isolates, zero-width characters, BOM.
RAW_DANGER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
ATTACK = f"Kremlin {OSC52} said \x1b[2J\x1bP1$qm\x1b\\ \x9b31m \u202etxt.exe\u202c <img src=x onerror=alert(1)>"
NOTE = f"Check this.\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\n# not a heading\n{OSC52}"
TAG = f"tag\x1b[31m{OSC52}"


@pytest.fixture
def hostile_db(tmp_path, seeds):
    """A database with one annotation on a passage holding every attack, and hostile tag and note."""
    text = seeds[0].text
    cut = text.index("\n\n") + 2
    hostile = text[:cut] + ATTACK + " " + text[cut:]
    path = tmp_path / "hostile.txt"
    path.write_bytes(hostile.encode("utf-8"))
    article = load_article(str(path))
    assert article.text == hostile
    db = tmp_path / "newsread.db"
    with Store(db) as store:
        stored = store.article(article)
        store.add(stored.id, hostile, cut, cut + len(ATTACK), [TAG], NOTE)
    return db


@pytest.mark.parametrize("fmt", ["w3c", "csv", "markdown"])
def test_no_export_format_writes_raw_control_characters(hostile_db, fmt):
    result = newsread("export", "--db", str(hostile_db), "--format", fmt)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert not RAW_DANGER.search(out.replace("\n", "")), fmt
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_csv_and_markdown_show_the_readers_stand_ins_and_say_so(hostile_db, fmt):
    result = newsread("export", "--db", str(hostile_db), "--format", fmt)
    out = result.stdout.decode("utf-8")
    # The very stand-ins the reader and compare show: one function for all
    # (Markdown escapes the bracket as well).
    shown = display_text(OSC52)
    assert (shown if fmt == "csv" else shown.replace("]", "\\]")) in out
    assert ("\u241b[2J" if fmt == "csv" else "\u241b\\[2J") in out
    err = result.stderr.decode()
    assert err == ("newsread: 1 annotations hold control or invisible characters, written as "
                   "visible stand-ins (the W3C export keeps them exactly).\n")


def test_w3c_keeps_the_data_exactly_and_escaped(hostile_db):
    result = newsread("export", "--db", str(hostile_db))
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")
    assert "\\u001b]52;c;" in out and "\\u009b31m" in out and "\\u202e" in out
    item = json.loads(out)["first"]["items"][0]
    assert item["target"]["selector"][0]["exact"] == ATTACK
    assert {b["value"] for b in item["body"]} == {TAG, NOTE}


def test_csv_holds_the_stand_ins_in_the_right_cells(hostile_db):
    out = newsread("export", "--db", str(hostile_db), "--format", "csv", text=True).stdout
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["exact"] == display_text(ATTACK)
    assert row["tags"] == display_text(TAG)
    assert row["note"] == display_text(NOTE)


def test_markdown_escapes_html_and_its_own_markup(hostile_db):
    out = newsread("export", "--db", str(hostile_db), "--format", "markdown", text=True).stdout
    # Inert: a Markdown renderer shows the tag as text, and no raw tag starts in the file.
    assert "\\<img src=x onerror=alert(1)>" in out and "<img" not in out.replace("\\<img", "")
    assert "<img" not in MarkdownIt("commonmark").render(out)
    assert "\n# not a heading" not in out and "\\# not a heading" in out
    source = next(line for line in out.splitlines() if line.startswith("Source: "))
    assert "`" not in source and source.endswith("hostile.txt")


def test_markdown_shows_a_notes_ampersand_and_tags_as_typed_and_inert(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    with Store(db) as store:
        store.add(store.article(seeds[0]).id, seeds[0].text, 0, 10, note="Q&A with <b>Putin</b> &amp; Xi")
    out = newsread("export", "--db", str(db), "--format", "markdown", text=True).stdout
    assert "Q&A with \\<b>Putin\\</b> \\&amp; Xi" in out
    assert "&lt;" not in out and "&amp;A" not in out
    html = MarkdownIt("commonmark").render(out)
    assert "Q&amp;A with &lt;b&gt;Putin&lt;/b&gt; &amp;amp; Xi" in html and "<b>" not in html


def test_markdown_source_in_backticks_cannot_break_out(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    article = replace(seeds[0], source="/tmp/a` <script>alert(1)</script> `b.txt")
    with Store(db) as store:
        store.add(store.article(article).id, article.text, 0, 10)
    out = newsread("export", "--db", str(db), "--format", "markdown", text=True).stdout
    assert "\\<script>" in out and "\\`" in out
    assert "<script>" not in MarkdownIt("commonmark").render(out)


# -- formulas in any CSV cell ---------------------------------------------------

def test_every_csv_cell_is_guarded_against_formulas(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    article = replace(seeds[0], source="=cmd|' /C calc'!A0")
    with Store(db) as store:
        made = store.add(store.article(article).id, article.text, 0, 10, ["+tag"], "-note")
        store.db.execute("update annotations set created = ?, modified = ? where id = ?",
                         ["=cmd|' /C calc'!A0", "@SUM(1+1)", made.id])
        store.db.conn.commit()
    out = newsread("export", "--db", str(db), "--format", "csv", text=True).stdout
    (row,) = csv.DictReader(io.StringIO(out))
    for column, value in row.items():
        assert value[:1] not in ("=", "+", "-", "@"), (column, value)
    assert row["created"] == "'=cmd|' /C calc'!A0" and row["modified"] == "'@SUM(1+1)"


# -- re-anchored annotations keep what was annotated -----------------------------

def _reanchored_db(tmp_path, seeds):
    """Three annotations, then the article edited: one moved, one reworded, one deleted."""
    text = seeds[0].text
    db = tmp_path / "newsread.db"
    spans = {name: (text.index(words), text.index(words) + len(words)) for name, words in (
        ("moved", "Vladimir Putin"),
        ("changed", "The two leaders spoke during an hour-long phone call on Thursday"),
        ("orphan", "The US has sanctions against both Beijing and Moscow right now."),
    )}
    with Store(db) as store:
        stored = store.article(seeds[0])
        made = {name: store.add(stored.id, text, *span, [name]) for name, span in spans.items()}
    o = spans["orphan"]
    edited = ("Update: a word was inserted.\n\n" + text[:o[0]] + text[o[1]:]).replace(
        "hour-long phone call", "hour-long telephone call")
    with Store(db) as store:
        opened = store.open_article(replace(seeds[0], text=edited))
    return db, made, opened, edited


def test_reanchoring_keeps_the_original_quote_and_says_where_it_sits(tmp_path, seeds):
    db, made, opened, edited = _reanchored_db(tmp_path, seeds)
    placed = {a.tags[0]: a for a in opened.annotations}
    moved, changed = placed["moved"], placed["changed"]
    assert moved.placement == MOVED and moved.exact == "Vladimir Putin" and not moved.changed
    assert changed.placement == CHANGED and changed.changed
    assert changed.original == "The two leaders spoke during an hour-long phone call on Thursday"
    assert "telephone" in changed.exact and edited[changed.start:changed.end] == changed.exact
    assert changed.modified > made["changed"].modified      # the change is dated
    (orphan,) = opened.orphans
    assert orphan.placement == ORPHAN and orphan.exact == made["orphan"].exact
    with Store(db) as store:                                 # and all of it was written
        again = {a.tags[0]: a for a in store.search()}
    assert again["changed"].original == changed.original and again["orphan"].placement == ORPHAN


def test_every_export_carries_both_quotes_and_marks_orphans(tmp_path, seeds):
    db, _, opened, _ = _reanchored_db(tmp_path, seeds)
    with Store(db) as store:
        from annotations.store.exports import exported

        pairs = exported(store)
    w3c = {i["body"][0]["value"]: i for i in json.loads(render_export(pairs, "w3c"))["first"]["items"]}
    assert w3c["changed"]["newsread:placement"] == "changed"
    assert w3c["changed"]["newsread:originalQuote"].endswith("phone call on Thursday")
    assert "telephone" in w3c["changed"]["target"]["selector"][0]["exact"]
    assert w3c["orphan"]["newsread:placement"] == "orphan"
    # An orphan's offsets are not offsets into the source as it is now.
    assert [s["type"] for s in w3c["orphan"]["target"]["selector"]] == ["TextQuoteSelector"]
    rows = {r["tags"]: r for r in csv.DictReader(io.StringIO(render_export(pairs, "csv")))}
    assert rows["changed"]["placement"] == "changed" and rows["changed"]["original"].endswith("on Thursday")
    assert rows["orphan"]["placement"] == "orphan" and rows["orphan"]["start"] == ""
    assert rows["moved"]["placement"] == "moved"
    report = render_export(pairs, "markdown")
    assert "Tags: orphan · orphan: not found in the article's latest text" in report
    assert "Changed since it was annotated, which was: “The two leaders spoke during an hour" in report


def test_reimporting_the_export_keeps_both_quotes(tmp_path, seeds):
    db, _, _, _ = _reanchored_db(tmp_path, seeds)
    export = tmp_path / "export.json"
    export.write_bytes(newsread("export", "--db", str(db)).stdout)
    other = tmp_path / "other.db"
    assert newsread("import", str(export), "--db", str(other)).returncode == 0
    def items(document: bytes) -> dict[str, dict]:
        return {item["id"]: item for item in json.loads(document)["first"]["items"]}

    assert items(newsread("export", "--db", str(other)).stdout) == items(export.read_bytes())
