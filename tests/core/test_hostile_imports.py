"""Hostile W3C files through `newsread import`: checked whole before anything is
written, then written at once; every refusal one sentence naming the annotation.

Each malformed value comes after 300 good annotations, so a partial import
would show. A full disk is a small tmpfs mounted for the test (root only).
"""

from __future__ import annotations

import copy
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from support import newsread

from annotations.store.records import MAX_NOTE, MAX_TAG, UNPLACED
from annotations.store.store import Store

MARK = "urn:uuid:00000000-0000-4000-8000-{:012d}"


def _annotation(n: int, source: str, exact: str, start: int | None, **extra) -> dict:
    selectors: list[dict] = [{"type": "TextQuoteSelector", "exact": exact}]
    if start is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": start + len(exact)})
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": MARK.format(n), "type": "Annotation",
        "created": "2024-03-01T10:00:00.000Z", "modified": "2024-03-01T10:00:00.000Z",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": f"t{n}"}],
        "target": {"source": source, "selector": selectors},
    }
    item.update(extra)
    return item


def _document(items: list[dict]) -> str:
    return json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                       "first": {"type": "AnnotationPage", "items": items}})


@pytest.fixture
def good(seeds) -> list[dict]:
    """300 good annotations of the first seed, at its real offsets."""
    article = seeds[0]
    words = article.text.split()[:300]
    out, at = [], 0
    for n, word in enumerate(words):
        at = article.text.index(word, at)
        out.append(_annotation(n, Path(article.source).as_uri(), word, at))
    return out


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select count(*) from annotations").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def _import(path: Path, db: Path, *options: str) -> subprocess.CompletedProcess:
    return newsread("import", str(path), "--db", str(db), *options, text=True, timeout=120)


def _one_sentence(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _bad(item: dict, change: str) -> dict:
    item = copy.deepcopy(item)
    selectors = item["target"]["selector"]
    if change == "start past 2**63":
        selectors[1]["start"], selectors[1]["end"] = 2**63, 2**63 + 5
    elif change == "lone surrogate in exact":
        selectors[0]["exact"] = "\udcff"
    elif change == "lone surrogate in note":
        item["body"].append({"type": "TextualBody", "purpose": "commenting", "value": "a\ud800b"})
    elif change == "lone surrogate in tag":
        item["body"][0]["value"] = "\udfff"
    elif change == "lone surrogate in source":
        item["target"]["source"] = "file:///tmp/\udcff.txt"
    elif change == "a file on another computer":
        item["target"]["source"] = "file://otherhost/etc/passwd"  # was read as this computer's /etc/passwd
    elif change == "created is a formula":
        item["created"] = "=cmd|' /C calc'!A0"
    elif change == "modified is a formula":
        item["modified"] = "@SUM(1+1)"
    elif change == "note over the limit":
        item["body"].append({"type": "TextualBody", "purpose": "commenting", "value": "x" * (MAX_NOTE + 1)})
    elif change == "tag over the limit":
        item["body"][0]["value"] = "t" * (MAX_TAG + 1)
    return item


@pytest.mark.parametrize("change, why", [
    ("lone surrogate in exact", "its quote holds a lone surrogate"),
    ("lone surrogate in note", "its note holds a lone surrogate"),
    ("lone surrogate in tag", "its tag holds a lone surrogate"),
    ("lone surrogate in source", "its source holds a lone surrogate"),
    ("a file on another computer", "its source is a file on another computer (otherhost), which newsread "
                                   "cannot open"),
    ("created is a formula", "its created time is not an ISO 8601 date and time"),
    ("modified is a formula", "its modified time is not an ISO 8601 date and time"),
    ("note over the limit", "its note is over the limit of 100,000 characters"),
    ("tag over the limit", "its tag is over the limit of 200 characters"),
])
def test_a_bad_value_after_300_good_ones_imports_nothing(tmp_path, good, change, why):
    path, db = tmp_path / "bad.json", tmp_path / "newsread.db"
    path.write_text(_document([*good, _bad(good[0] | {"id": MARK.format(999)}, change)]), encoding="utf-8")
    line = _one_sentence(_import(path, db), "annotation 301", MARK.format(999), why, "nothing was imported")
    assert line.startswith(f"newsread: {path}: annotation 301 (")
    assert _count(db) == 0


@pytest.mark.parametrize("body, why", [
    ('{"a": ' * 5000 + "1" + "}" * 5000, "nested too deeply"),
    ('{"type": "Annotation", "x": ' + "9" * 5000 + "}", "a number of 5,000 digits"),
])
def test_unreadable_json_is_one_sentence(tmp_path, body, why):
    path = tmp_path / "bad.json"
    path.write_text(body)
    _one_sentence(_import(path, tmp_path / "newsread.db"), why)


def test_offsets_past_2_63_are_never_stored(tmp_path, good, seeds):
    # Stored as unplaced, placed by quote when the article is opened.
    path, db = tmp_path / "big.json", tmp_path / "newsread.db"
    path.write_text(_document([_bad(good[5], "start past 2**63")]))
    result = _import(path, db)
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        (stored,) = store.search()
        assert stored.placement == UNPLACED and (stored.start, stored.end) == (0, 0)
        (placed,) = store.open_article(seeds[0]).annotations
    assert seeds[0].text[placed.start:placed.end] == placed.exact == good[5]["target"]["selector"][0]["exact"]
    assert placed.start == good[5]["target"]["selector"][1]["start"]


@pytest.mark.parametrize("start", [-1000, 999_999])
def test_offsets_outside_a_known_article_are_placed_by_quote(tmp_path, seeds, start):
    db = tmp_path / "newsread.db"
    article = seeds[0]
    with Store(db) as store:
        store.open_article(article)
    quote = "Vladimir Putin"
    path = tmp_path / "outside.json"
    path.write_text(_document([_annotation(1, Path(article.source).as_uri(), quote, start)]))
    assert _import(path, db).returncode == 0
    with Store(db) as store:
        assert store.search()[0].start != start
        (placed,) = store.open_article(article).annotations
    assert article.text[placed.start:placed.end] == quote
    assert placed.start == article.text.index(quote)


def test_a_file_uri_of_this_computer_names_its_file():
    from annotations.store.exports import source_from_iri
    from annotations.store.imports import parse_w3c

    for iri in ("file:///tmp/a.txt", "file://localhost/tmp/a.txt", "FILE://LocalHost/tmp/a.txt"):
        (found,) = parse_w3c(json.loads(_document([_annotation(1, iri, "a", None)])))
        assert found.source == source_from_iri(iri) == "/tmp/a.txt"


@pytest.mark.parametrize("shift", [0, 7])
def test_offsets_of_an_article_never_read_are_not_stored_as_placed(tmp_path, seeds, shift):
    """They were stored as 'annotated' at offsets that need not hold the quote, until the article opened."""
    article = seeds[0]
    quote = "Vladimir Putin"
    at = article.text.index(quote)
    path, db = tmp_path / "unread.json", tmp_path / "newsread.db"
    path.write_text(_document([_annotation(1, Path(article.source).as_uri(), quote, at + shift)]))
    assert _import(path, db).returncode == 0
    with Store(db) as store:
        (stored,) = store.search()
        assert stored.placement == UNPLACED  # kept as given, but not said to hold the quote
        (placed,) = store.open_article(article).annotations
    assert (placed.start, placed.placement) == (at, "annotated")


def test_a_quote_only_annotation_is_placed_by_its_quote_not_at_zero(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    article = seeds[0]
    quote = "Kremlin"
    assert quote in article.text and not article.text.startswith(quote)
    with Store(db) as store:
        store.open_article(article)  # the article is known
    path = tmp_path / "quote-only.json"
    prefix_at = article.text.index(quote)
    item = _annotation(1, Path(article.source).as_uri(), quote, None)
    item["target"]["selector"][0]["prefix"] = article.text[prefix_at - 20:prefix_at]
    path.write_text(_document([item]))
    assert _import(path, db).returncode == 0
    with Store(db) as store:
        opened = store.open_article(article)
    (placed,) = opened.annotations
    assert (placed.start, placed.end) == (prefix_at, prefix_at + len(quote))


def test_an_export_without_positions_reimports_in_place(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    article = seeds[0]
    with Store(db) as store:
        stored = store.open_article(article).article
        for words in ("Vladimir Putin", "Xi Jinping", "Beijing", "Moscow", "Thursday"):
            at = article.text.index(words, 200)
            store.add(stored.id, article.text, at, at + len(words))
        before = sorted((a.id, a.start, a.end) for a in store.search())
    document = json.loads(newsread("export", "--db", str(db)).stdout)
    for item in document["first"]["items"]:
        item["target"]["selector"] = item["target"]["selector"][:1]
        item["modified"] = "2099-01-01T00:00:00.000Z"  # newer, so it replaces what is there
    path = tmp_path / "quotes.json"
    path.write_text(json.dumps(document))
    assert _import(path, db).returncode == 0
    with Store(db) as store:
        after = sorted((a.id, a.start, a.end) for a in store.open_article(article).annotations)
    assert after == before


def test_an_annotation_whose_quote_is_gone_stays_an_orphan_not_moved(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    with Store(db) as store:
        store.open_article(seeds[0])
    path = tmp_path / "gone.json"
    path.write_text(_document([_annotation(1, Path(seeds[0].source).as_uri(),
                                           "words that appear nowhere in the article", None)]))
    assert _import(path, db).returncode == 0
    with Store(db) as store:
        opened = store.open_article(seeds[0])
    assert opened.annotations == () and len(opened.orphans) == 1


def test_the_same_id_twice_says_what_was_stored(tmp_path, good):
    older = good[1] | {"modified": "2024-01-01T00:00:00.000Z"}
    newer = copy.deepcopy(good[1]) | {"modified": "2024-06-01T00:00:00.000Z"}
    newer["body"] = [{"type": "TextualBody", "purpose": "tagging", "value": "newest"}]
    path, db = tmp_path / "twice.json", tmp_path / "newsread.db"
    path.write_text(_document([newer, older]))
    result = _import(path, db)
    assert result.returncode == 0
    assert result.stderr == ("newsread: imported 1 annotations (0 already there; 1 repeated an id already "
                             "in the file, and only the newest version of each was kept).\n")
    with Store(db) as store:
        assert store.search()[0].tags == ("newest",)


# Each pair: (older, newer) as instants, though the older sorts last as a string.
LATER_AS_INSTANTS = [
    ("2025-06-01T10:00:00+09:00", "2025-06-01T05:00:00Z"),
    ("2025-06-01T05:00:00Z", "2025-06-01T05:00:00.5Z"),
    ("2025-06-01T05:00:00.900Z", "2025-06-01T01:00:01-0400"),
]


@pytest.mark.parametrize(("older", "newer"), LATER_AS_INSTANTS)
@pytest.mark.parametrize("where", ["in one file", "already stored"])
def test_timestamps_are_compared_as_instants(tmp_path, good, older, newer, where):
    """As strings, 10:00+09:00 beat 05:00Z, and the newer annotation was dropped as 'already there'."""
    from annotations.store.imports import import_document

    old = good[1] | {"modified": older}
    new = copy.deepcopy(good[1]) | {"modified": newer}
    new["body"] = [{"type": "TextualBody", "purpose": "tagging", "value": "newest"}]
    with Store(tmp_path / "newsread.db") as store:
        if where == "in one file":
            import_document(store, _document([new, old]))
        else:
            import_document(store, _document([old]))
            assert import_document(store, _document([new])).changed == 1
            import_document(store, _document([old]))
        assert store.search()[0].tags == ("newest",)


# -- size -------------------------------------------------------------------------

def test_import_obeys_a_size_limit(tmp_path):
    db = tmp_path / "newsread.db"
    _one_sentence(newsread("import", "/dev/zero", "--db", str(db), "--max-size", "1", text=True, timeout=60),
                  "/dev/zero is over the 1 MB limit", "--max-size")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (21 * 1024 * 1024))
    _one_sentence(_import(big, db), "is over the 20 MB limit")
    assert _count(db) == 0


def test_a_note_too_long_is_refused_by_the_store(seeds):
    from annotations.errors import InputError

    with Store() as store:
        made = store.add(store.article(seeds[0]).id, seeds[0].text, 0, 10)
        with pytest.raises(InputError, match="limited to 100,000 characters"):
            store.set_note(made.id, "x" * (MAX_NOTE + 1))
        with pytest.raises(InputError, match="limited to 200 characters"):
            store.set_tags(made.id, ["t" * (MAX_TAG + 1)])
        assert store.get(made.id).note == ""


# -- a full disk --------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB tmpfs, unmounted afterwards (needs root)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(where: Path, leave: int) -> None:
    """Fill the disk under `where` but for about `leave` bytes."""
    import shutil

    free = shutil.disk_usage(where).free
    with open(where / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def test_an_import_on_a_full_disk_writes_nothing_and_says_so(tmp_path, tiny_disk, good):
    db = tiny_disk / "newsread.db"
    Store(db).close()
    items = [g | {"body": [{"type": "TextualBody", "purpose": "commenting", "value": f"{n} " + "x" * 20_000}]}
             for n, g in enumerate(good[:60])]
    path = tmp_path / "many.json"
    path.write_text(_document(items))
    _fill(tiny_disk, 200_000)
    line = _one_sentence(_import(path, db), "the disk holding the database", "is full",
                         "the database is intact and nothing was changed")
    assert "damaged" not in line
    (tiny_disk / "filler").unlink()
    assert _count(db) == 0


def test_a_healthy_database_on_a_full_disk_is_not_called_damaged(tiny_disk, seeds):
    db = tiny_disk / "newsread.db"
    with Store(db) as store:
        store.add(store.article(seeds[0]).id, seeds[0].text, 0, 10, ["kept"])
    _fill(tiny_disk, 0)
    result = newsread("export", "--db", str(db), text=True)
    if result.returncode == 0:  # reading needed no new space: fine too
        assert "kept" in result.stdout
    else:
        _one_sentence(result, "is full", "intact")
        assert "damaged" not in result.stderr
    (tiny_disk / "filler").unlink()
    with Store(db) as store:
        assert store.search()[0].tags == ("kept",)
