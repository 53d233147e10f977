"""What the reader keeps and shows about where it is: the resumable state, the status line, the analysis.

Plain functions of the `Reader`'s panes: `reading_state` is what is
kept in the database when a pair closes (text offsets, so it survives the
switch from paragraphs to sentences and any width), `restore_reading` puts
the reader back there, `place_of` is the status line's content and
`analysis_extras` the per-entity kinds and conflicting figures the panes
draw; `run_analysis` is the body of the screen's analysis worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotations.sides import SIDES, Side

from ..widgets.article_navigation import reveal_top
from ..widgets.article_view import ArticleView
from ..widgets.status_line import Place
from .reader_protocol import Reader

if TYPE_CHECKING:
    from annotations.analysis.comparison import Comparison



def reading_state(screen: Reader) -> dict[str, Any]:
    """Where the reader is: each pane's cursor and top line as text offsets, the pane read, the mode."""
    state: dict[str, Any] = {"active": screen.active_view.side, "mode": screen.mode}
    for side in SIDES:
        view = screen.view(side)
        layout = view.article_layout
        span = view.cursor_span
        top = layout.lines[min(max(0, view.top_line), len(layout) - 1)][0] if len(layout) else 0
        state[side] = {"cursor": span[0] if span else 0, "top": top}
    return state


def restore_reading(screen: Reader) -> None:
    """Put the reader back where `screen.annotator.reading` says it was (nothing for a new pair)."""
    state = screen.annotator.reading
    if not state or not screen.is_attached:
        return
    screen.set_mode(str(state.get("mode", screen.mode)))
    active: Side = "B" if state.get("active") == "B" else "A"
    for side in ("B", "A") if active == "A" else ("A", "B"):
        place = state.get(side)
        if not isinstance(place, dict):
            continue
        view = screen.view(side)
        layout = view.article_layout
        unit = layout.unit_at(int(place.get("cursor", 0)))
        if unit is not None:
            view.move_cursor(unit, reveal=False)
    for side in SIDES:
        place = state.get(side)
        if isinstance(place, dict):
            view = screen.view(side)
            layout = view.article_layout
            view.follow(layout.line_of(int(place.get("top", 0))))
            # A top kept in a taller terminal may leave the cursor below the pane: brought on screen at once.
            if view.unit_count:
                first, last = layout.unit_lines[view.cursor_sentence]
                height = view.scrollable_content_region.height
                if (top := reveal_top(first, last, view.top_line, height)) is not None:
                    view.follow(top)
    screen.view(active).focus()


def place_of(screen: Reader) -> Place:
    """The status line's values for the reader now."""
    view = screen.active_view
    highlights = view.highlights
    index = view.cursor_sentence
    comparison = screen.comparison
    entity = ""
    if view.focus_entity is not None and screen.comparison is not None:
        found = screen.comparison.entity_by_id.get(view.focus_entity)
        entity = found.name if found is not None else ""
    linking = screen.verdicts.linking
    return Place(
        side=view.side, sentence=index, sentences=view.unit_count,
        # Claims are counted as the title and the C list count them: pairs of sentences.
        claim=comparison.claim_number(view.side, index) if comparison is not None else None,
        claims=len(comparison.claims) if comparison is not None else 0,
        only_here=len(highlights.only_here), to_review=screen.to_review, linked=screen.linked,
        conflicts=len(comparison.conflicts) if comparison is not None else 0,
        mode=screen.mode, entity=entity, search=screen.finder.position(view),
        analysed=view.analysed, linking=f"{linking[0]}{linking[1] + 1}" if linking else "",
    )


def analysis_extras(comparison: Comparison) -> tuple[dict[str, str], dict[Side, dict[int, list[tuple[int, int]]]]]:
    """Each entity's kind by its mentions' majority, and each side's sentences with conflicting figures.

    One entity has one colour in both articles, whatever spaCy labelled one
    mention of it ("Putin" as a place in a headline).
    """
    from annotations.analysis.entity_kinds import entity_kinds

    kinds = entity_kinds((*comparison.a.mentions, *comparison.b.mentions))
    conflicts: dict[Side, dict[int, list[tuple[int, int]]]] = {"A": {}, "B": {}}
    for c in comparison.conflicts:
        conflicts["A"].setdefault(c.sentence_a, []).append((c.start_a, c.end_a))
        conflicts["B"].setdefault(c.sentence_b, []).append((c.start_b, c.end_b))
    return kinds, conflicts


def run_analysis(screen: Reader, view_a: ArticleView, view_b: ArticleView) -> None:
    """Analyse the pair (on the worker's thread) and post the result, or why there is none, to `screen`."""
    # Imported here, off the main thread: the analysis modules pull in the
    # claim matcher, and analyse() imports spaCy.
    from annotations.analysis.analyse import analyse
    from annotations.errors import InputError

    from ..messages import AnalysisFailed, AnalysisFinished, AnalysisProgressed

    def progress(step: str) -> None:
        screen.post_message(AnalysisProgressed(step))

    try:
        # A pair analysed before comes from the cache in the database,
        # without importing spaCy.
        result = analyse(*screen.pair, model=screen.model, progress=progress,
                         cache=getattr(screen.app, "db_path", None))
    except InputError as error:
        screen.post_message(AnalysisFailed(str(error)))
        return
    # The panes' new layouts are built here too, so that the highlights
    # arrive without a pause on the main thread (a long article's maps
    # take tens of milliseconds).
    layouts = {view.side: view.prepare_layout([(s.start, s.end) for s in doc.sentences])
               for view, doc in ((view_a, result.a), (view_b, result.b))}
    screen.post_message(AnalysisFinished(result, layouts))
