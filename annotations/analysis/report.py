"""The plain-text report of `newsread compare --format text`.

Article text is untrusted: everything quoted from it goes through
`display_text`, so the report can be printed to a terminal safely.
"""

from __future__ import annotations

import textwrap
from collections import Counter

from annotations.analysis.comparison import Comparison, Document
from annotations.analysis.entities import VALUE_LABELS
from annotations.analysis.verdicts import standing
from annotations.sides import SIDES, other
from annotations.text import display_text


def _wrap(text: str, indent: str, width: int) -> list[str]:
    return textwrap.wrap(display_text(text), width=width, initial_indent=indent,
                         subsequent_indent=indent) or [indent]


def _entity_counts(doc: Document) -> Counter:
    return Counter(m.entity for m in doc.mentions)


def render_report(comparison: Comparison, width: int = 100) -> str:
    """The comparison as a report a person can read."""
    c = comparison
    lines: list[str] = []
    for doc in (c.a, c.b):
        art = doc.article
        lines.append(f"{doc.id}: {display_text(art.title) or '(no headline)'}")
        lines.append(f"   {display_text(art.source)}")
        lines.append(f"   {len(doc.sentences)} sentences, {len(doc.mentions)} entity mentions")
    lines.append("")

    counts_a, counts_b = _entity_counts(c.a), _entity_counts(c.b)
    # Names (people, organisations, places, groups, events, works, laws) are the entities; dates,
    # times, numbers and sums are listed apart, never as entities one article names alone.
    names = [e for e in c.entities if e.label not in VALUE_LABELS]
    shared = [e for e in names if counts_a[e.id] and counts_b[e.id]]
    only_a = [e for e in names if counts_a[e.id] and not counts_b[e.id]]
    only_b = [e for e in names if counts_b[e.id] and not counts_a[e.id]]
    lines.append(f"Entities in both articles ({len(shared)})")
    for e in sorted(shared, key=lambda e: -(counts_a[e.id] + counts_b[e.id])):
        lines.append(f"   {display_text(e.name)} [{e.label}]  A×{counts_a[e.id]}  B×{counts_b[e.id]}")
    for side, only in (("A", only_a), ("B", only_b)):
        listed = ", ".join(display_text(e.name) for e in only) or "none"
        lines.append(f"Entities only in {side} ({len(only)})")
        lines.extend(_wrap(listed, "   ", width))
    values = [e for e in c.entities if e.label in VALUE_LABELS and (counts_a[e.id] or counts_b[e.id])]
    lines.append(f"Dates, times, numbers and money ({len(values)})")
    for side, where in (("both", lambda e: counts_a[e.id] and counts_b[e.id]),
                        ("A only", lambda e: counts_a[e.id] and not counts_b[e.id]),
                        ("B only", lambda e: counts_b[e.id] and not counts_a[e.id])):
        listed = ", ".join(display_text(e.name) for e in values if where(e))
        if listed:
            lines.extend(_wrap(f"{side}: {listed}", "   ", width))
    lines.append("")

    lines.append(f"Matching claims ({len(c.claims)})")
    if not c.claims:
        why = ("the two articles share no sentence close enough; they may report different events"
               if len(shared) >= 2 else
               "the two articles share no sentence close enough and almost no names; they may report "
               "different events")
        lines.extend(_wrap(f"No matching claims: {why}.", "   ", width))
        lines.append("")
    for claim in c.claims:
        # The tier, the matcher's probability when it made the pair, and the reader's verdict.
        lines.append(f"  {standing(claim, 'probability ', 'same claim')}  A{claim.a + 1} ~ B{claim.b + 1}")
        lines.extend(_wrap(c.a.sentence_text(claim.a), "   A │ ", width))
        lines.extend(_wrap(c.b.sentence_text(claim.b), "   B │ ", width))
        if claim.reasons:
            lines.extend(_wrap("why: " + "; ".join(claim.reasons), "     ", width))
        lines.append("")

    if c.rejected:
        lines.append(f"Pairs you rejected ({len(c.rejected)})")
        for claim in c.rejected:
            lines.append(f"  {standing(claim, 'probability ', 'same claim')}  A{claim.a + 1} ~ B{claim.b + 1}")
            lines.extend(_wrap(c.a.sentence_text(claim.a), "   A │ ", width))
            lines.extend(_wrap(c.b.sentence_text(claim.b), "   B │ ", width))
        lines.append("")

    lines.append(f"Figures given differently ({len(c.conflicts)})")
    if not c.conflicts:
        lines.append("   none found")
    for conflict in c.conflicts:
        lines.extend(_wrap(f"{conflict.about}: “{conflict.a}” (A{conflict.sentence_a + 1}) / “{conflict.b}” "
                           f"(B{conflict.sentence_b + 1})", "   ", width))
    lines.append("")

    # The reader's split of the sentences without a claim: alone, or possibly in the other article.
    for side in SIDES:
        doc = c.document(side)
        alone, possible = c.alone_in(side), c.possibly_in(side)
        facing = other(side)
        lines.append(f"Only in {side}: no matching sentence found in {facing} ({len(alone)})")
        for i in alone:
            lines.extend(_wrap(doc.sentence_text(i), f"  {side}{i + 1:<3} ", width))
        lines.append("")
        lines.append(f"Possibly in {facing}, for these of {side}: a close sentence there, not paired ({len(possible)})")
        for i in possible:
            lines.extend(_wrap(doc.sentence_text(i), f"  {side}{i + 1:<3} ", width))
            nearest = c.candidates_of(side, i)[0]
            lines.append(f"       ≈ nearest in {facing}: {facing}{nearest.index + 1}, {nearest.score:.2f}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
