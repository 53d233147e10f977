"""The reader's colours, worked out for the current theme.

Entity kinds, claim tints, the cursor, its partner and the gutter marks.
They are computed here from the theme's colours rather than declared as
component classes: Textual matches each component class against the whole
stylesheet every time a widget is restyled, and thirty of them made one
restyle of an article pane cost ~25 ms, most of the reader's first paint.

Entity colours come from `annotations.analysis.entity_kinds`, which the web
page shares.
"""

from __future__ import annotations

from textual.color import Color
from textual.style import Style

# The entity colours are the core's, shared with the web page.
from annotations.analysis.entity_kinds import ENTITY_COLOURS, ENTITY_KINDS

__all__ = ["ENTITY_COLOURS", "ENTITY_KINDS", "TINTS", "build"]

#: Tint -> (theme colour, strength) laid over the pane's background.
TINTS = {
    "cursor": ("accent", 0.45),
    "partner": ("accent", 0.28),
    "claim-1": ("success", 0.10),
    "claim-2": ("success", 0.20),
    "claim-3": ("success", 0.32),
    "lone": ("primary", 0.22),
    "possible": ("primary", 0.09),
    "conflict": ("error", 0.26),
}


def build(variables: dict[str, str], dark: bool, background: Color, foreground: Color) -> dict[str, Style]:
    """Every named style of the reader for one theme.

    Args:
        variables: the theme's CSS variables (`App.get_css_variables()`).
        dark: whether the theme is dark.
        background: the article pane's background.
        foreground: the article pane's text colour.
    """
    def colour(name: str) -> Color:
        return Color.parse(variables[name])

    styles: dict[str, Style] = {}
    for kind, (on_dark, on_light, bold, underline) in ENTITY_COLOURS.items():
        hex_colour = on_dark if dark else on_light
        styles[kind] = Style(
            foreground=Color.parse(hex_colour) if hex_colour else None,
            bold=bold or None, underline=underline or None,
        )
    for name, (base, strength) in TINTS.items():
        styles[name] = Style(background=background.blend(colour(base), strength))
    styles["pointer"] = Style(foreground=colour("text-accent"), bold=True)
    styles["mark-claim"] = Style(foreground=colour("text-success"))
    styles["mark-only"] = Style(foreground=colour("text-warning"), bold=True)
    styles["mark-possible"] = Style(foreground=background.blend(colour("text-warning"), 0.6))
    styles["mark-conflict"] = Style(foreground=colour("text-error"), bold=True)
    # A match in the "differences" mode: a thin mark, the text left alone.
    styles["mark-faint"] = Style(foreground=background.blend(colour("text-success"), 0.45))
    styles["figure-conflict"] = Style(foreground=colour("text-error"), bold=True, underline=True)
    styles["dim"] = Style(foreground=background.blend(foreground, 0.6), italic=True)
    styles["headline"] = Style(bold=True)
    styles["entity-focus"] = Style(reverse=True, bold=True)
    # The selection: solid, in the pane's own background colour on the accent's text colour, so it
    # stands out on every tint (a lone sentence, a claim, the cursor) in every theme.
    # An ANSI theme leaves the colours to the terminal, and its tints are all one colour: reversed there.
    accent = colour("text-accent")
    styles["selection"] = Style(reverse=True, bold=True, underline=True) if accent.ansi is not None else \
        Style(background=accent, foreground=background, bold=True)
    return styles
