"""Personal information the notice forbids in a plan: 身份证号 (with check digit), mobile numbers, bank cards."""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")


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


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[range] = []
    for m in _ID.finditer(text):
        if id_card_valid(m.group()):
            hits.append(Hit("id_card", m.group(), m.start()))
            taken.append(range(m.start(), m.end()))
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_valid(digits) and not any(m.start() in r for r in taken):
            hits.append(Hit("bank_card", m.group(), m.start()))
            taken.append(range(m.start(), m.end()))
    for m in _MOBILE.finditer(text):
        if not any(m.start() in r or m.end() - 1 in r for r in taken):
            hits.append(Hit("mobile", m.group(), m.start()))
    return sorted(hits, key=lambda h: h.start)


def mask(text: str) -> str:
    """Show a hit without repeating it whole in a report."""
    return text[:3] + "*" * max(0, len(text) - 7) + text[-4:] if len(text) > 7 else "*" * len(text)
