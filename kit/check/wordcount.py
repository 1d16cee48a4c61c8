"""Count 字数 the way Word's 字数统计 does, and the plain hanzi count beside it.

Word counts each East Asian character (full-width punctuation included) as one, and each run of other
non-space characters as one word ("2024" = 1, "Hello 世界" = 3, "Hello、World。" = 4). Half-width
punctuation on its own is not a word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

EAST_ASIAN = re.compile(
    "["
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # kana
    "\u3100-\u312f\u3190-\u31ff"
    "\u3200-\u4dbf"  # enclosed, compatibility, Ext A
    "\u4e00-\u9fff"  # CJK unified
    "\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # full-width forms
    "\U00020000-\U0003134f"  # Ext B–G
    "]"
)
HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@dataclass(frozen=True)
class Count:
    words: int  # Word's 字数
    hanzi: int  # Chinese characters only


def _is_word_char(ch: str) -> bool:
    """A non-CJK character that makes a run count as a word: letters, digits, symbols — not punctuation alone."""
    return unicodedata.category(ch)[0] in "LNS"


def count(text: str) -> Count:
    words = 0
    run_has_word = False
    for ch in text:
        if EAST_ASIAN.match(ch):
            if run_has_word:
                words += 1
            run_has_word = False
            words += 1
        elif ch.isspace():
            if run_has_word:
                words += 1
            run_has_word = False
        elif _is_word_char(ch):
            run_has_word = True
    if run_has_word:
        words += 1
    return Count(words, len(HANZI.findall(text)))
