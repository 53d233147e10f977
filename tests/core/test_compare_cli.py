"""`newsread compare` as a user or a script runs it: a real process, real seeds."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from support import newsread

from annotations.analysis.claims import matcher
from annotations.text import normalise_newlines


@pytest.fixture(scope="module")
def seed_json(seed_paths) -> dict:
    result = newsread("compare", str(seed_paths[0]), str(seed_paths[1]), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_json_follows_the_contract(seed_json, seed_paths):
    data = seed_json
    assert data["schema"] == "newsread.compare/1"
    assert data["pipeline"]["spacy_model"].startswith("en_core_web_sm")
    assert data["pipeline"]["spacy_model_version"] == "3.8.0"
    assert data["pipeline"]["matcher"]
    assert [d["id"] for d in data["documents"]] == ["A", "B"]
    ids = {e["id"] for e in data["entities"]}
    assert len(ids) == len(data["entities"])
    for doc, path in zip(data["documents"], seed_paths):
        file_text = normalise_newlines(Path(path).read_bytes().decode("utf-8"))
        assert doc["text"] == file_text
        assert doc["sha256"] == hashlib.sha256(file_text.encode("utf-8")).hexdigest()
        assert doc["source"] == str(Path(path).resolve())
        previous_end = 0
        for s in doc["sentences"]:
            assert previous_end <= s["start"] < s["end"] <= len(file_text)
            chunk = file_text[s["start"]:s["end"]]
            assert chunk == chunk.strip()
            previous_end = s["end"]
        for m in doc["entities"]:
            assert 0 <= m["start"] < m["end"] <= len(file_text)
            assert m["entity"] in ids
    n_a, n_b = (len(d["sentences"]) for d in data["documents"])
    assert data["claims"]
    for c in data["claims"]:
        assert 0 <= c["a"] < n_a and 0 <= c["b"] < n_b
        assert 0.0 <= c["score"] <= 1.0


def test_every_sentence_carries_its_nearest_unpaired_sentences(seed_json):
    docs = seed_json["documents"]
    claimed = {(c["a"], c["b"]) for c in seed_json["claims"]}
    model = matcher.shipped_model()
    bar = round(float(matcher.calibrated(model.threshold, model)), 3)
    for side, (own, other) in enumerate(((docs[0], docs[1]), (docs[1], docs[0]))):
        for n, s in enumerate(own["sentences"]):
            found = s["candidates"]
            assert len(found) <= 3
            assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
            for c in found:
                assert 0 <= c["index"] < len(other["sentences"]) and 0.0 <= c["score"] <= 1.0
                assert ((n, c["index"]) if side == 0 else (c["index"], n)) not in claimed
                # Below the bar of the claims, on their scale.
                assert c["score"] <= bar
            if s["kind"] in ("headline", "body"):
                assert len(found) == 3
            else:
                assert found == []


def _entity_of(data: dict, doc_index: int, surface: str) -> set[str]:
    doc = data["documents"][doc_index]
    return {m["entity"] for m in doc["entities"] if doc["text"][m["start"]:m["end"]] == surface}


@pytest.mark.parametrize("names", [
    [(0, "Xi Jinping"), (0, "Xi"), (0, "Xi Jiinping"), (1, "Xi Jinping"), (1, "Xi")],
    [(0, "Putin"), (0, "Vladimir Putin"), (1, "Putin"), (1, "Vladimir Putin")],
    [(0, "Yuri Ushakov"), (1, "Yuri Ushakov"), (1, "Ushakov")],
    [(0, "US"), (1, "US"), (1, "United States")],
])
def test_names_of_one_thing_share_one_entity_id(seed_json, names):
    ids = set()
    for doc_index, surface in names:
        found = _entity_of(seed_json, doc_index, surface)
        assert found, f"{surface!r} not found in document {doc_index}"
        ids |= found
    assert len(ids) == 1, f"{names} are split over {ids}"


def test_display_names_are_the_full_names(seed_json):
    names = {e["name"] for e in seed_json["entities"]}
    assert {"Xi Jinping", "Vladimir Putin", "Yuri Ushakov"} <= names
    assert "Xi Say They Need" not in names


def _claim_texts(data: dict) -> list[tuple[str, str]]:
    a, b = data["documents"]
    out = []
    for c in data["claims"]:
        sa, sb = a["sentences"][c["a"]], b["sentences"][c["b"]]
        out.append((a["text"][sa["start"]:sa["end"]], b["text"][sb["start"]:sb["end"]]))
    return out


@pytest.mark.parametrize("in_a, in_b", [
    ("$218.2 billion", "$218.2 billion"),
    # Known misses of matcher 3.0 (paired by 2.4): a shared rare phrase inside
    # sentences that otherwise differ weighs too little against the encoder.
    pytest.param("double containment", "dual containment",
                 marks=pytest.mark.xfail(strict=True, reason="matcher 3.0 misses it")),
    pytest.param("close personal interaction", "close personal interaction",
                 marks=pytest.mark.xfail(strict=True, reason="matcher 3.0 misses it")),
])
def test_the_seed_claims_are_paired(seed_json, in_a, in_b):
    assert any(in_a in ta and in_b in tb for ta, tb in _claim_texts(seed_json))


@pytest.mark.parametrize("in_a, in_b", [
    ("interfering in the internal affairs of other states", "meddle in the domestic matters of sovereign states"),
    ("an hour-long phone call on Thursday", "a telephone conversation lasting an hour on Thursday"),
    ("double containment", "dual containment"),
    ("do not have any more visits scheduled", "no plans for reciprocal visits"),
    ("close personal interaction", "close personal interaction"),
])
def test_the_seed_parallels_are_claims_or_among_the_first_three_candidates(seed_json, in_a, in_b):
    # Parallels a reader sees at once that the matcher does not pair: suggested instead.
    doc_a, doc_b = seed_json["documents"]
    xs = [n for n, s in enumerate(doc_a["sentences"]) if in_a in doc_a["text"][s["start"]:s["end"]]]
    ys = [n for n, s in enumerate(doc_b["sentences"]) if in_b in doc_b["text"][s["start"]:s["end"]]]
    assert len(xs) == 1 and len(ys) == 1
    x, y = xs[0], ys[0]
    claimed = (x, y) in {(c["a"], c["b"]) for c in seed_json["claims"]}
    assert claimed or y in [c["index"] for c in doc_a["sentences"][x]["candidates"]] or x in [
        c["index"] for c in doc_b["sentences"][y]["candidates"]]


def test_the_seeds_claims_are_the_nine_right_ones(seed_json):
    # No wrong claim: each pair below reports one fact (checked by hand).
    doc_a, doc_b = seed_json["documents"]
    start = {(0, n): doc_a["text"][s["start"]:s["start"] + 20] for n, s in enumerate(doc_a["sentences"])}
    start |= {(1, n): doc_b["text"][s["start"]:s["start"] + 20] for n, s in enumerate(doc_b["sentences"])}
    assert sorted((start[0, c["a"]], start[1, c["b"]]) for c in seed_json["claims"]) == [
        ("A readout from the C", "Xi stressed the impo"), ("According to a Kreml", "Russian President Vl"),
        ("China-Russia trade r", "Trade between the tw"), ("China’s president Xi", "Russian President Vl"),
        ("China’s president Xi", "Russia’s Putin and C"), ("In exchange, China h", "China, in turn, has "),
        ("Putin And Xi Say The", "Russia’s Putin and C"), ("Russia has been able", "Facing unprecedented"),
        ("The two leaders spok", "The leaders highligh"),
    ]


def test_no_caption_or_credit_is_matched(seed_json):
    a, b = seed_json["documents"]
    for c in seed_json["claims"]:
        assert a["sentences"][c["a"]].get("kind") in ("headline", "body")
        assert b["sentences"][c["b"]].get("kind") in ("headline", "body")
    for ta, _ in _claim_texts(seed_json):
        assert "Getty Images" not in ta and "(L)" not in ta


@pytest.mark.fresh_database  # the first look at the pair says its progress
def test_text_report_lists_entities_claims_and_lone_sentences(seed_paths):
    result = newsread("compare", str(seed_paths[0]), str(seed_paths[1]))
    assert result.returncode == 0, result.stderr.decode()
    report = result.stdout.decode()
    assert "Entities in both articles" in report
    assert "Xi Jinping [PERSON]" in report
    assert "Matching claims" in report and "probability" in report
    assert "$218.2 billion" in report
    assert "Figures given differently" in report
    lone_a, lone_b = "Only in A: no matching sentence found in B", "Only in B: no matching sentence found in A"
    assert lone_a in report and lone_b in report
    # A sentence with no partner in B is listed under it; nothing says B lacks it.
    only_a = report.split(lone_a)[1].split("Possibly in B")[0]
    assert "The UK and its allies actually called out Russia" in only_a
    # Progress goes to stderr, never into the report.
    assert "parsing" in result.stderr.decode()
    assert "parsing" not in report


def test_no_arguments_compares_the_seeds(seed_json):
    result = newsread("compare", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [d["sha256"] for d in data["documents"]] == [d["sha256"] for d in seed_json["documents"]]


def test_an_unknown_model_is_one_clear_sentence(seed_paths):
    result = newsread("compare", str(seed_paths[0]), str(seed_paths[1]), "--model", "xx_no_such_model")
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode().strip().splitlines()
    assert "xx_no_such_model" in err[-1] and "Traceback" not in result.stderr.decode()


def test_model_can_be_named_by_environment(seed_paths, monkeypatch):
    monkeypatch.setenv("NEWSREAD_SPACY_MODEL", "xx_no_such_model")
    result = newsread("compare", str(seed_paths[0]), str(seed_paths[1]))
    assert result.returncode == 2 and b"xx_no_such_model" in result.stderr


def test_json_carries_byline_date_and_warnings(seed_json):
    for doc in seed_json["documents"]:
        assert doc["byline"] == "" and doc["date"] == "" and doc["warnings"] == []


def test_the_text_report_says_only_in_of_the_sentences_alone_and_lists_those_possibly_in_the_other(
        seed_comparison):
    """The report listed every sentence without a claim as found nowhere in the other article, as the reader
    does only for those alone."""
    from annotations.analysis.report import render_report

    c = seed_comparison
    report = render_report(c)
    heads = {"alone": "Only in {side}: no matching sentence found in {facing} ({n})",
             "possibly": "Possibly in {facing}, for these of {side}: a close sentence there, not paired ({n})"}
    for side, facing in (("A", "B"), ("B", "A")):
        for kind, listed in (("alone", c.alone_in(side)), ("possibly", c.possibly_in(side))):
            assert listed, "the seeds must have sentences of both kinds"
            head = heads[kind].format(side=side, facing=facing, n=len(listed))
            section = report.split(head + "\n", 1)[1].split("\n\n", 1)[0]
            assert sorted({int(n) - 1 for n in re.findall(rf"^  {side}(\d+) ", section, re.M)}) == listed
            nearest = re.findall(rf"^       ≈ nearest in {facing}: {facing}(\d+), (\d\.\d\d)$", section, re.M)
            firsts = [c.candidates_of(side, i)[0] for i in listed]
            expected = [(str(x.index + 1), f"{x.score:.2f}") for x in firsts] if kind == "possibly" else []
            assert nearest == expected
