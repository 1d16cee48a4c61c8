"""A built page without the indentation of Material's templates (7–16 KB a page), shown exactly as before.

Between tags and text a browser turns a run of spaces and line breaks into one space (or none, at the start of a
line box); the run keeps its first line break here, so what it collapses to is the same. Where spaces are shown
as written (<pre>, <code> and <kbd>, which Material sets to pre-wrap, <textarea>) and in <script> and <style>,
nothing is touched. Text lines (Chinese text, tables) keep every character: only a line break followed by more
whitespace is shortened, to that line break. Tags, attribute values and comments are left as written, and so are
no-break and ideographic spaces, which are text.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>"  # shown as written, or not text
                  r"|<!--.*?-->"  # a comment
                  r"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S | re.I)  # a tag, its attribute values quoted or not
RUN = re.compile(r"\n[ \t\r\n\f]+")  # a line break and the spaces, tabs and blank lines after it (HTML's whitespace)


def compact(html: str) -> str:
    """*html* with every run of whitespace that starts with a line break, in text, shortened to the line break."""
    out, at = [], 0
    for match in KEPT.finditer(html):
        out.append(RUN.sub("\n", html[at:match.start()]))
        out.append(match.group(0))
        at = match.end()
    out.append(RUN.sub("\n", html[at:]))
    return "".join(out)
