"""Words of the official template's layout that the edition data does not carry (labels of attachments, the
blank date line), and small text helpers. The official wording itself always comes from the edition data."""

from __future__ import annotations

DATE_LINE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # written by hand beside the seal
DATE_UNITS = ("年", "月", "日")
DATE_BLANKS = ("\u3000" * 3, "\u3000" * 2, "\u3000" * 2)  # grey placeholders: blanks the width of the number
GAP = "\u3000"  # ideographic space


def numbered(number: int, text: str) -> str:
    """An item of an official numbered list, numbered the way the template prints it ("1.")."""
    return f"{number}.{text}"
