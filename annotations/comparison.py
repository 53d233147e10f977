"""The analysis of a pair of articles, as plain data, and its JSON form.

`compare` runs the whole analysis; `to_json` writes the contract of
`newsread compare --format json` (schema newsread.compare/1), and
`from_json` reads it back, which is also how the analysis cache stores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from . import claims as claim_matching
from .articles import CLAIM_KINDS, Article, Paragraph
from .claims import Claim
from .entities import Entity, EntityMention, complete_mentions, link
from .parsing import ParsedArticle, Sentence, parse
from .pipeline import PipelineInfo
from .quotes import Quote, find_quotes, quote_from_json, quote_to_json

SCHEMA = "newsread.compare/1"


@dataclass(frozen=True)
class Document:
    """One analysed article: its sentences and linked entity mentions."""

    id: str
    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[EntityMention, ...]
    quotes: tuple[Quote, ...] = ()
    """Quoted passages, with their speakers where the text names them."""

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.article.text[s.start:s.end]


@dataclass(frozen=True)
class Comparison:
    """Everything the reader and `compare` show about a pair of articles."""

    a: Document
    b: Document
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    pipeline: PipelineInfo
    matcher: str = claim_matching.MATCHER

    @cached_property
    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def claims_of(self, side: str, index: int) -> list[Claim]:
        """The claims a sentence of side "A" or "B" takes part in, best first."""
        key = "a" if side == "A" else "b"
        found = [c for c in self.claims if getattr(c, key) == index]
        return sorted(found, key=lambda c: -c.score)

    def only_in(self, side: str) -> list[int]:
        """Sentences of one side that could be claims but match nothing."""
        doc = self.a if side == "A" else self.b
        key = "a" if side == "A" else "b"
        matched = {getattr(c, key) for c in self.claims}
        return [i for i, s in enumerate(doc.sentences) if s.kind in CLAIM_KINDS and i not in matched]


def compare(
    article_a: Article,
    article_b: Article,
    nlp: Any,
    pipeline: PipelineInfo,
    progress: Callable[[str], None] | None = None,
) -> Comparison:
    """Analyse two articles: sentences, linked entities and matching claims.

    Args:
        article_a, article_b: the two articles.
        nlp: a loaded spaCy pipeline.
        pipeline: its name and version, recorded with the result.
        progress: called with a short description of each step.
    """
    say = progress or (lambda message: None)
    say("parsing both articles")
    parsed_a, parsed_b = parse(
        [article_a, article_b], nlp,
        progress=lambda done, total: say(f"parsing both articles ({done}/{total} paragraphs)"),
    )
    return compare_parsed(parsed_a, parsed_b, pipeline, say)


def compare_parsed(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    pipeline: PipelineInfo,
    progress: Callable[[str], None] | None = None,
) -> Comparison:
    """The comparison of two articles already parsed: entities and claims."""
    say = progress or (lambda message: None)
    article_a, article_b = parsed_a.article, parsed_b.article
    say("linking entities")
    entities, (mentions_a, mentions_b) = link(complete_mentions([parsed_a, parsed_b]))
    say("matching claims")
    names = {e.id: e.name for e in entities}
    quotes_a = tuple(find_quotes(parsed_a, mentions_a, names))
    quotes_b = tuple(find_quotes(parsed_b, mentions_b, names))
    found = claim_matching.match(parsed_a, parsed_b, mentions_a, mentions_b, names, entities=entities,
                                 quotes=(quotes_a, quotes_b))
    return Comparison(
        a=Document("A", article_a, parsed_a.sentences, tuple(mentions_a), quotes_a),
        b=Document("B", article_b, parsed_b.sentences, tuple(mentions_b), quotes_b),
        entities=tuple(entities),
        claims=tuple(found),
        pipeline=pipeline,
    )


# -- the JSON contract ------------------------------------------------------

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
            {"start": s.start, "end": s.end, "kind": s.kind, "paragraph": s.paragraph}
            for s in doc.sentences
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
        },
        "documents": [_document_json(comparison.a), _document_json(comparison.b)],
        "entities": [{"id": e.id, "name": e.name, "label": e.label} for e in comparison.entities],
        "claims": [claim_matching.claim_to_json(c) for c in comparison.claims],
    }


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
        articles = tuple(
            Article(
                source=d["source"], text=d["text"], title=d.get("title", ""),
                paragraphs=tuple(Paragraph(p["start"], p["end"], p["kind"]) for p in d.get("paragraphs", ())),
                encoding=d.get("encoding", "utf-8"), format=d.get("format", "text"),
                byline=d.get("byline", ""), date=d.get("date", ""), warnings=tuple(d.get("warnings", ())),
            )
            for d in docs
        )
    pipeline = data["pipeline"]
    return Comparison(
        a=_document_from_json(docs[0], articles[0]),
        b=_document_from_json(docs[1], articles[1]),
        entities=tuple(Entity(e["id"], e["name"], e["label"]) for e in data["entities"]),
        claims=tuple(claim_matching.claim_from_json(c) for c in data["claims"]),
        pipeline=PipelineInfo(pipeline["spacy_model"], pipeline["spacy_model_version"]),
        matcher=pipeline.get("matcher", ""),
    )
