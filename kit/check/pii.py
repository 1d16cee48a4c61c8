"""Personal information the notice forbids in a plan: 身份证号 (with check digit), mobile numbers, bank cards.

Organisation codes are not personal information, yet an all-digit 统一社会信用代码 often passes the Luhn check a
bank card number is recognised by. So before looking for cards and mobiles, the spans that are codes are blanked
out: a valid 统一社会信用代码 (GB 32100 check character), a valid 组织机构代码 (GB 11714), and any number written
right after a code label such as 统一社会信用代码 or 税号, whether or not its check character is right.

An 18-character number that passes the 身份证号 check is still reported as one, even when it is also a valid
统一社会信用代码 (both checks pass for a few numbers): missing a real ID number costs more than asking the author
to look twice at a code. Only a code label in front of it ("统一社会信用代码：…") says that it is a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .codes import check_code

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")

# Longer labels first, so that 统一社会信用代码 is taken whole rather than as 信用代码.
CODE_LABELS = ("统一社会信用代码", "组织机构代码", "三证合一码", "信用代码", "机构代码", "税号", "注册号")
CODE_LABEL = re.compile(f"(?:{'|'.join(CODE_LABELS)})[\\s:：]*(?:为|是)?[\\s:：]*")
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"  # codes may be typed in full-width characters
LABELLED_GROUP = re.compile(f"[{_ALNUM}]+")
LABELLED_MAX = 20  # the longest code a label introduces (a 20-character 税号); groups beyond it are not the code
USCC_TOKEN = re.compile(f"(?<![{_ALNUM}])[{_ALNUM}]{{18}}(?![{_ALNUM}])")
ORG_TOKEN = re.compile(f"(?<![{_ALNUM}])[{_ALNUM}]{{8}}[-－]?[{_ALNUM}](?![{_ALNUM}])")
BLANK = "#"


@dataclass(frozen=True)
class Hit:
    kind: str  # id_card | mobile | bank_card
    text: str
    start: int


def id_card_valid(number: str) -> bool:
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS))
    return ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def labelled_spans(text: str) -> list[tuple[int, int]]:
    """The numbers written right after a code label: groups of letters and digits joined by single spaces or
    hyphens, up to the length of the longest code (so a number written after the code is not swallowed)."""
    spans = []
    for label in CODE_LABEL.finditer(text):
        end, size = label.end(), 0
        at = end
        while group := LABELLED_GROUP.match(text, at):
            size += len(group.group())
            if end > label.end() and size > LABELLED_MAX:
                break
            end = group.end()
            if end + 1 >= len(text) or text[end] not in " -":
                break
            at = end + 1
        if end > label.end():
            spans.append((label.end(), end))
    return spans


def code_spans(text: str) -> list[tuple[int, int]]:
    """Valid 统一社会信用代码 and 组织机构代码 standing on their own in the text."""
    spans = []
    for pattern, kind in ((USCC_TOKEN, "uscc"), (ORG_TOKEN, "org")):
        for m in pattern.finditer(text):
            result = check_code(m.group())
            if result.kind == kind and result.valid:
                spans.append(m.span())
    return spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span overwritten by a non-digit of the same length (positions stay the same)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = BLANK * (end - start)
    return "".join(chars)


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[range] = []
    labelled = labelled_spans(text)
    id_text = _blank(text, labelled)
    for m in ID_NUMBER.finditer(id_text):
        if id_card_valid(m.group()):
            hits.append(Hit("id_card", m.group(), m.start()))
            taken.append(range(m.start(), m.end()))
    # Blanking a code that is also a valid ID number loses nothing: it was reported above and is in `taken`.
    rest = _blank(id_text, code_spans(text))
    for m in CARD.finditer(rest):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_valid(digits) and not any(m.start() in r for r in taken):
            hits.append(Hit("bank_card", m.group(), m.start()))
            taken.append(range(m.start(), m.end()))
    for m in MOBILE.finditer(rest):
        if not any(m.start() in r or m.end() - 1 in r for r in taken):
            hits.append(Hit("mobile", m.group(), m.start()))
    return sorted(hits, key=lambda h: h.start)


def mask(text: str) -> str:
    """Show a hit without repeating it whole in a report."""
    return text[:3] + "*" * max(0, len(text) - 7) + text[-4:] if len(text) > 7 else "*" * len(text)
