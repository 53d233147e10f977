"""Entity kinds: the colour of each and what the legend says of it, and the kind of each entity.

One table for the reader and the web page, so that both colour a person,
a place or a sum of money alike and explain it in the same words. The
colours are a colour-blind-safe set (after Okabe and Ito), lighter for dark
backgrounds and darker for light ones, so that each stays readable on both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reader imports the colours before its first paint; entity linking comes later
    from annotations.analysis.entities import EntityMention

#: Entity kinds with a colour of their own, in legend order.
ENTITY_KINDS = ("person", "org", "place", "date", "money", "number", "group", "event", "thing")
#: Entity kind -> (colour on dark backgrounds, colour on light ones, bold, underline).
ENTITY_COLOURS: dict[str, tuple[str, str, bool, bool]] = {
    "person": ("#56b4e9", "#0060a0", True, False),
    "org": ("#d98cc0", "#8e3d78", True, False),
    "group": ("#d98cc0", "#8e3d78", False, False),
    "place": ("#2fc48f", "#00734f", True, False),
    "date": ("#e69f00", "#935f00", False, False),
    "money": ("#f0e442", "#6b6200", True, False),
    "number": ("#ff8a50", "#b03c00", False, False),
    "event": ("", "", False, True),
    "thing": ("", "", False, True),
}
#: Legend rows: (kind of entity, what the colour stands for).
ENTITY_LEGEND = (
    ("person", "people"),
    ("org", "organisations"),
    ("group", "nationalities, religious and political groups"),
    ("place", "places"),
    ("date", "dates and times"),
    ("money", "money"),
    ("number", "numbers, percentages, quantities"),
    ("event", "events"),
    ("thing", "products, laws, works"),
)


def entity_kinds(mentions: Iterable[EntityMention]) -> dict[str, str]:
    """Each entity's kind, by the majority of its mentions' labels.

    One entity has one colour in both articles, whatever spaCy labelled one
    mention of it ("Putin" as a place in a headline).
    """
    from annotations.analysis.parsing import KIND_OF_LABEL

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        votes[mention.entity][KIND_OF_LABEL.get(mention.label, "thing")] += 1
    return {entity: counted.most_common(1)[0][0] for entity, counted in votes.items()}
