"""Words of the official template's layout that the edition data does not carry (labels of attachments, the
blank date line), and small text helpers. The official wording itself always comes from the edition data."""

from __future__ import annotations

import re
import unicodedata

DATE_LINE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # written by hand beside the seal
DATE_UNITS = ("年", "月", "日")
DATE_BLANKS = ("\u3000" * 3, "\u3000" * 2, "\u3000" * 2)  # grey placeholders: blanks the width of the number
GAP = "\u3000"  # ideographic space
SPACIOUS_JOINT_BLOCKS = 3  # more joint units: signature lines single-spaced, so the pledge still fits one page


def numbered(number: int, text: str) -> str:
    """An item of an official numbered list, numbered the way the template prints it ("1.")."""
    return f"{number}.{text}"

CHINESE_DIGITS = "零一二三四五六七八九"
PLAN_HEADING = "服务方案{number}：{title}"  # each service plan opens with this line; the checker splits plans on it
# A plan's opening line as people write it (after NFKC): 服务方案一：…, 网络安全保险服务方案（二）、…, 服务方案3:…
PLAN_HEADING_PATTERN = re.compile(r"^(?:网络安全保险)?服务方案\s*[(（]?([" + CHINESE_DIGITS[1:]
                                  + r"十\d]+)[)）]?\s*[:：、.．]\s*(.*)$")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return CHINESE_DIGITS[ones]
    return (CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (CHINESE_DIGITS[ones] if ones else "")


def plan_heading(number: int, title: str) -> str:
    """The line a plan opens with; a title that already is such a line (服务方案一：…) is kept as written."""
    if PLAN_HEADING_PATTERN.match(unicodedata.normalize("NFKC", title.strip())):
        return title
    return PLAN_HEADING.format(number=chinese_number(number), title=title)
