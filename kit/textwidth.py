"""How wide a text is, estimated without a font: Chinese and other wide characters 1 em, Latin letters and digits
about 0.55 em. Used where laying the text out for real would cost more than it tells (table columns, diagram
labels)."""

from __future__ import annotations

import unicodedata

NARROW_EM = 0.55  # average advance of Latin letters and digits, in em
SPACE_EM = 0.25


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def text_em(text: str) -> float:
    """The width of *text* on one line, in em."""
    return sum(1.0 if _wide(c) else SPACE_EM if c.isspace() else NARROW_EM for c in text)


def longest_unbreakable_em(text: str) -> float:
    """The widest piece a line cannot be broken inside: a Latin word or number, or a single Chinese character."""
    widest, run = 0.0, 0.0
    for c in text:
        if c.isspace() or _wide(c):
            widest, run = max(widest, run), 0.0
            if not c.isspace():
                widest = max(widest, 1.0)
        else:
            run += NARROW_EM
    return max(widest, run)
