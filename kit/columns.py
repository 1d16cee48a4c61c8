"""Column widths for an applicant's table, estimated from its text the way a browser's automatic table layout
distributes them (CSS 2.1 §17.5.2.2), without measuring a single glyph, and short columns are kept unwrapped.

The PDF gives these widths to a fixed-layout table: laying out an automatic table means measuring the narrowest
width of every cell, which for Chinese text (a line may break after any character) costs one text layout per
character. The Word document uses the same widths, so both show the same columns."""

from __future__ import annotations

from .textwidth import longest_unbreakable_em, text_em

SLACK_EM = 0.3  # estimates are rounded up by this much: a cell a hair too narrow wraps its last character
KEEP_WHOLE_EM = 6.0  # a column whose text is at most this wide (序号, 类别, 边界防护) is not wrapped if there is room


def column_shares(rows: list[list[str]], width_em: float, cell_extra_em: float) -> list[float]:
    """The share of the table's width (fractions summing to 1) for each column of *rows* (cell texts; short rows
    are padded), for a table *width_em* wide whose cells add *cell_extra_em* of padding and borders."""
    columns = max((len(r) for r in rows), default=0)
    if columns == 0:
        return []
    extra = cell_extra_em + SLACK_EM
    least = [extra] * columns  # min-content width of each column
    most = [extra] * columns  # max-content width
    for row in rows:
        for i, text in enumerate(row):
            least[i] = max(least[i], longest_unbreakable_em(text) + extra)
            most[i] = max(most[i], text_em(text) + extra)
    whole = [max(n, min(m, KEEP_WHOLE_EM + extra)) for n, m in zip(least, most)]
    if sum(whole) < width_em:  # unlike a browser, keep short columns on one line while the others can wrap
        least = whole
    if sum(most) <= width_em:  # everything fits on one line: widen in proportion to content
        widths = most
    elif sum(least) >= width_em:  # not even the narrowest fits: shrink in proportion
        widths = least
    else:  # the room beyond the minimum goes to the columns that would use it
        room, wants = width_em - sum(least), [m - n for m, n in zip(most, least)]
        widths = [n + room * w / sum(wants) for n, w in zip(least, wants)]
    total = sum(widths)
    return [w / total for w in widths]
