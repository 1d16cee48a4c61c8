"""Identification codes: 统一社会信用代码 (GB 32100-2015, 18 characters) and 组织机构代码 (GB 11714-1997, 9).

A wrong check character is reported with the expected one; it is a strong hint of a typo, not proof of
fraud (some genuine early codes fail the checksum).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@dataclass(frozen=True)
class CodeCheck:
    kind: str  # "uscc" | "org"
    normalised: str
    expected_check: str | None  # None when the code's own check character is right
    problem: str | None = None  # a format problem: the code cannot be checked

    @property
    def valid(self) -> bool:
        return self.problem is None and self.expected_check is None


def uscc_check_char(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check_char(body8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")  # whitespace, hyphens and dashes as people type them


def normalise_code(raw: str) -> str:
    """A code as written -> its canonical form: full-width to half-width (NFKC), no spaces or hyphens, upper case."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).upper()


def org_code_of(raw: str) -> str:
    """The 组织机构代码 a code stands for: characters 9-17 of a 统一社会信用代码 (GB 32100 embeds it there),
    the code itself when it is 9 characters long, and otherwise the normalised text as written."""
    code = normalise_code(raw)
    return code[8:17] if len(code) == 18 else code


def check_code(raw: str) -> CodeCheck:
    code = normalise_code(raw)
    if len(code) == 18:
        bad = [c for c in code if c not in USCC_ALPHABET]
        if bad:
            return CodeCheck("uscc", code, None, f"含有统一社会信用代码不使用的字符：{''.join(sorted(set(bad)))}（不用 I、O、S、V、Z）")
        expected = uscc_check_char(code[:17])
        return CodeCheck("uscc", code, None if expected == code[17] else expected)
    if len(code) == 9:
        if not code[:8].isalnum() or not code.isascii():
            return CodeCheck("org", code, None, "组织机构代码本体应为 8 位数字或大写字母")
        expected = org_check_char(code[:8])
        return CodeCheck("org", code, None if expected == code[8] else expected)
    return CodeCheck("unknown", code, None, f"长度为 {len(code)} 位：统一社会信用代码应为 18 位，组织机构代码应为 9 位")


def make_uscc(body17: str) -> str:
    """Complete a 17-character body with its check character (for fictional example codes)."""
    return body17 + uscc_check_char(body17)
