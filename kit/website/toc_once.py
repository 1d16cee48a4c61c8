"""A page's table of contents sent once (1–7 KB a page), and copied where Material shows it a second time.

Material writes the same table of contents twice into a page that is in the navigation: in the right-hand sidebar,
and inside the active item of the left-hand navigation, where the phone's menu and mid-width screens show it. Here
the second copy is left empty, and a one-line script placed before Material's bundle copies the first into it as
the page loads, so the bundle (toc.follow, the phone menu) finds the page exactly as Material wrote it. Without
scripts the right-hand table of contents is still there; only the phone's menu goes without one.
"""

from __future__ import annotations

import re

TOC = '<nav class="md-nav md-nav--secondary" aria-label="'
EMPTY = ' data-kit-toc-copy></nav>'
COPY = ('<script>document.querySelector("[data-kit-toc-copy]").outerHTML='
        'document.querySelector(".md-sidebar--secondary .md-nav--secondary").outerHTML</script>')
BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
SIDEBAR = 'class="md-sidebar md-sidebar--secondary"'
NAV = re.compile(r"<nav\b|</nav>")


def _block(html: str, start: int) -> str:
    """The <nav> element that starts at *start*, with the <nav> elements inside it."""
    depth = 0
    for match in NAV.finditer(html, start):
        depth += 1 if match.group() == "<nav" else -1
        if depth == 0:
            return html[start:match.end()]
    return html[start:]


def share(html: str) -> str:
    """*html* with its table of contents once, when Material wrote it twice (the same both times) and the page
    loads Material's bundle; any other page as it is."""
    starts = [m.start() for m in re.finditer(re.escape(TOC), html)]
    bundle = BUNDLE.search(html)
    if len(starts) != 2 or not bundle:
        return html
    first, second = (_block(html, s) for s in starts)
    sidebar = html.find(SIDEBAR)
    if first != second or not first.endswith("</nav>") or not starts[0] < sidebar < starts[1]:
        return html  # not the two copies in the places Material puts them
    opening = first[:first.index(">")]
    at = starts[0]
    html = html[:at] + opening + EMPTY + html[at + len(first):]
    bundle = BUNDLE.search(html)
    return html[:bundle.start()] + COPY + html[bundle.start():]
