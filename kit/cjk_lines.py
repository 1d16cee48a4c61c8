"""Join hard-wrapped lines inside Chinese paragraphs.

Markdown turns a line break inside a paragraph into a space, which is right between English words and wrong
between Chinese characters (a stray gap mid-sentence). A break between two CJK characters, on lines with the
same indentation and outside fenced code, is removed before the page is rendered.
"""

from __future__ import annotations

import re

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_ENDS_CJK = re.compile(f"[{_CJK}]$")
_STARTS_CJK = re.compile(f"^([ \\t]*)[{_CJK}]")
_FENCE = re.compile(r"^\s*(```|~~~)")


def join_cjk_lines(markdown: str) -> str:
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if not fenced and out and _ENDS_CJK.search(out[-1]) and not out[-1].lstrip().startswith("#"):
            start = _STARTS_CJK.match(line)
            previous_indent = len(out[-1]) - len(out[-1].lstrip(" \t"))
            if start and len(start.group(1)) == previous_indent:
                out[-1] += line.lstrip(" \t")
                continue
        out.append(line)
    return "\n".join(out)
