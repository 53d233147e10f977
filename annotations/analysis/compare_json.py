"""The JSON of `newsread compare --format json` (schema newsread.compare/1), both ways.

`to_json` writes the contract (`spec/compare-json.md`) from a `Comparison`;
`from_json` reads it back, which is also how the analysis cache stores an
analysis. Every object of the document is written and read here: documents,
entities, claims with their figures, and quotations.
"""

from __future__ import annotations

from typing import Any

from annotations.analysis.claims.claim import Candidate, Claim
from annotations.analysis.claims.figures import Conflict, Figure, FigureCheck
from annotations.analysis.claims.quotes import Quotation, QuoteMatch, WordDiff
from annotations.analysis.comparison import Comparison, Document
from annotations.analysis.entities import Entity, EntityMention
from annotations.analysis.parsing import Sentence
from annotations.analysis.pipeline import PipelineInfo
from annotations.sources.articles import Article, Paragraph

SCHEMA = "newsread.compare/1"


def quote_to_json(q: Quotation) -> dict:
    """A quote as an object of the compare JSON (offsets into its document's text)."""
    return {"parts": [list(p) for p in q.parts], "text": q.text, "sentence": q.sentence,
            "speaker": q.speaker, "speaker_entity": q.speaker_entity}


def quote_from_json(d: dict, sentence: int | None = None) -> Quotation:
    """The quote `quote_to_json` wrote; `sentence` when the object predates its field."""
    return Quotation(tuple((int(a), int(b)) for a, b in d["parts"]), d["text"],
                 int(d.get("sentence", sentence if sentence is not None else 0)),
                 d.get("speaker", ""), d.get("speaker_entity", ""))


def _figure_json(f: Figure) -> dict[str, Any]:
    return {"start": f.start, "end": f.end, "text": f.text, "kind": f.kind, "value": f.value,
            "unit": f.unit, "conversion": f.conversion}


def claim_to_json(c: Claim) -> dict[str, Any]:
    """A claim as its object in the `claims` list of the compare JSON.

    Beyond the contract's fields (`a`, `b`, `score`: the calibrated
    probability, `tier`): `figures` (each figure of A against the
    figure of B for the same thing, `agree` false for a conflict) and
    `quotes` (the same quote in both, with its word differences); for a
    judged pair `verdict`, and `scored` false for a pair the person made
    that the matcher does not (its `score` measures nothing).
    """
    found: dict[str, Any] = {
        "a": c.a,
        "b": c.b,
        "score": c.score,
        "tier": c.tier,
        "shared_entities": list(c.shared_entities),
        "shared_figures": list(c.shared_figures),
        "shared_words": list(c.shared_words),
        "reasons": list(c.reasons),
        "figures": [{"a": _figure_json(f.a), "b": _figure_json(f.b), "agree": f.agree} for f in c.figures],
        "quotes": [
            {"a": quote_to_json(q.a), "b": quote_to_json(q.b), "similarity": q.similarity,
             "differences": list(q.differences),
             "diff": [{"op": d.op, "a": d.a, "b": d.b} for d in q.diff]}
            for q in c.quotes
        ],
    }
    if c.verdict:
        found["verdict"] = c.verdict
    if not c.scored:
        # A pair the person made that the matcher does not: `score` is a stand-in the contract asks for.
        found["scored"] = False
    return found


def _figure_from(d: dict[str, Any]) -> Figure:
    return Figure(int(d["start"]), int(d["end"]), d["text"], d["kind"], float(d["value"]),
                  d.get("unit", ""), bool(d.get("conversion", False)))


def claim_from_json(d: dict[str, Any]) -> Claim:
    """The claim `claim_to_json` wrote (older objects without figures or quotes too)."""
    a, b = d["a"], d["b"]
    return Claim(
        a, b, float(d["score"]),
        tuple(d.get("shared_entities", ())), tuple(d.get("shared_figures", ())),
        tuple(d.get("shared_words", ())), tuple(d.get("reasons", ())),
        figures=tuple(FigureCheck(_figure_from(f["a"]), _figure_from(f["b"]), bool(f["agree"]))
                      for f in d.get("figures", ())),
        quotes=tuple(
            QuoteMatch(quote_from_json(q["a"], a), quote_from_json(q["b"], b), float(q["similarity"]),
                       tuple(WordDiff(x["op"], x["a"], x["b"]) for x in q.get("diff", ())))
            for q in d.get("quotes", ())
        ),
        tier=d.get("tier", "same"),
        verdict=d.get("verdict", ""),
        scored=bool(d.get("scored", True)),
    )


def conflict_to_json(c: Conflict) -> dict[str, Any]:
    """A figure the two articles give differently, as an object of the top-level `conflicts` list.

    The list is derived from the claims' own figures, so reading a
    comparison back rebuilds it from them.
    """
    return {"about": c.about, "kind": c.kind, "a": c.a, "b": c.b, "sentence_a": c.sentence_a,
            "sentence_b": c.sentence_b, "value_a": c.value_a, "value_b": c.value_b,
            "start_a": c.start_a, "end_a": c.end_a, "start_b": c.start_b, "end_b": c.end_b}


def _document_json(doc: Document) -> dict[str, Any]:
    art = doc.article
    return {
        "id": doc.id,
        "source": art.source,
        "title": art.title,
        "sha256": art.sha256,
        "text": art.text,
        "encoding": art.encoding,
        "format": art.format,
        "byline": art.byline,
        "date": art.date,
        "warnings": list(art.warnings),
        "paragraphs": [{"start": p.start, "end": p.end, "kind": p.kind} for p in art.paragraphs],
        "sentences": [
            {"start": s.start, "end": s.end, "kind": s.kind, "paragraph": s.paragraph,
             "candidates": [{"index": c.index, "score": c.score} for c in doc.candidates[n]]
             if n < len(doc.candidates) else []}
            for n, s in enumerate(doc.sentences)
        ],
        "entities": [
            {"start": m.start, "end": m.end, "label": m.label, "entity": m.entity}
            for m in doc.mentions
        ],
        "quotes": [quote_to_json(q) for q in doc.quotes],
    }


def to_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as the `newsread.compare/1` JSON object."""
    return {
        "schema": SCHEMA,
        "pipeline": {
            "spacy_model": comparison.pipeline.name,
            "spacy_model_version": comparison.pipeline.version,
            "matcher": comparison.matcher,
            "encoder": comparison.encoder,
        },
        "documents": [_document_json(comparison.a), _document_json(comparison.b)],
        "entities": [{"id": e.id, "name": e.name, "label": e.label} for e in comparison.entities],
        "claims": [claim_to_json(c) for c in comparison.claims],
        "conflicts": [conflict_to_json(c) for c in comparison.conflicts],
        # The pairs the reader rejected: out of `claims`, so that no script counts them.
        "rejected": [claim_to_json(c) for c in comparison.rejected],
    }


def _article_from_json(d: dict[str, Any]) -> Article:
    return Article(
        source=d["source"], text=d["text"], title=d.get("title", ""),
        paragraphs=tuple(Paragraph(p["start"], p["end"], p["kind"]) for p in d.get("paragraphs", ())),
        encoding=d.get("encoding", "utf-8"), format=d.get("format", "text"),
        byline=d.get("byline", ""), date=d.get("date", ""), warnings=tuple(d.get("warnings", ())),
    )


def _document_from_json(data: dict[str, Any], article: Article) -> Document:
    return Document(
        id=data["id"],
        article=article,
        sentences=tuple(
            Sentence(s["start"], s["end"], s.get("kind", "body"), s.get("paragraph", 0))
            for s in data["sentences"]
        ),
        mentions=tuple(
            EntityMention(m["start"], m["end"], m["label"], m["entity"]) for m in data["entities"]
        ),
        quotes=tuple(quote_from_json(q) for q in data.get("quotes", ())),
        candidates=tuple(tuple(Candidate(int(c["index"]), float(c["score"])) for c in s.get("candidates", ()))
                         for s in data["sentences"]),
    )


def from_json(data: dict[str, Any], articles: tuple[Article, Article] | None = None) -> Comparison:
    """Read a comparison back from its JSON object.

    Args:
        data: the object `to_json` wrote.
        articles: the two articles, when the caller already has them; else
            they are rebuilt from the JSON.

    Raises:
        KeyError, TypeError, ValueError: when the object is not a comparison.
    """
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} object")
    docs = data["documents"]
    if articles is None:
        articles = (_article_from_json(docs[0]), _article_from_json(docs[1]))
    pipeline = data["pipeline"]
    return Comparison(
        a=_document_from_json(docs[0], articles[0]),
        b=_document_from_json(docs[1], articles[1]),
        entities=tuple(Entity(e["id"], e["name"], e["label"]) for e in data["entities"]),
        claims=tuple(claim_from_json(c) for c in data["claims"]),
        pipeline=PipelineInfo(pipeline["spacy_model"], pipeline["spacy_model_version"]),
        matcher=pipeline.get("matcher", ""),
        encoder=pipeline.get("encoder", ""),
        rejected=tuple(claim_from_json(c) for c in data.get("rejected", ())),
    )
