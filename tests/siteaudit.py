"""What a phone and a screen reader make of a built page: axe-core findings and horizontal overflow, measured in Chromium.

Used by tests/test_site_access.py (the functions take a Playwright page already at the URL), and the page weight by
tests/test_page_weight.py and scripts/bench_pages.py.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".cache" / "testjs" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Every element that reaches past the right edge of the viewport, unless the box that bounds it on the screen (its
# nearest ancestor that clips or scrolls and itself fits the viewport) is a scroll container the keyboard can reach
# (tabindex ≥ 0) or clips it on purpose (overflow hidden: Material's off-canvas drawer and search). Fixed boxes are
# Material's overlays. Only the outermost offender of a subtree is listed.
_OVERFLOW_JS = """() => {
  const vw = window.innerWidth;
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const bound = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.position === 'fixed') return {ok: true};
      if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= vw + 1) {
        return {ok: s.overflowX === 'hidden' || s.overflowX === 'clip' || p.tabIndex >= 0, scroller: describe(p)};
      }
    }
    return {ok: false, scroller: null};
  };
  const bad = new Set();
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= vw + 1) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.position === 'fixed') continue;
    const b = bound(el);
    if (b.ok) continue;
    bad.add(el);
    if (!bad.has(el.parentElement)) {
      offenders.push({element: describe(el), right: Math.round(r.right), width: Math.round(r.width),
                      scroller: b.scroller});
    }
  }
  return {innerWidth: vw, scrollWidth: document.scrollingElement.scrollWidth, offenders: offenders.slice(0, 10)};
}"""


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the whole document: [{id, impact, nodes, targets}]."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                        targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def overflow(page) -> dict:
    """{innerWidth, scrollWidth, offenders: [{element, right, width, scroller}]} at the page's current viewport."""
    return page.evaluate(_OVERFLOW_JS)


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (new pages are picked up by themselves)."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if "downloads" not in p.relative_to(site_dir).parts)


FIRST_VIEW_LIMIT = 250_000  # a page's first view before anyone searches, bytes as sent (no compression)
FETCHED = ('//link[@rel="stylesheet" or @rel="icon"]/@href', "//script/@src", "//img/@src")  # as a page opens


def first_view_bytes(site_dir: Path, path: str) -> int:
    """Bytes a browser fetches to show the built page *path*, before anyone searches: the page, its stylesheets,
    scripts, icon and images (each file once)."""
    page = site_dir / path
    tree = lxml.html.fromstring(page.read_bytes())
    files = {page.resolve()}
    for query in FETCHED:
        for address in tree.xpath(query):
            address = address.split("#")[0].split("?")[0]
            if not address or address.startswith(("data:", "http:", "https:", "//")):
                continue
            base = site_dir if address.startswith("/") else page.parent
            files.add((base / address.lstrip("/")).resolve())
    return sum(f.stat().st_size for f in files)


def first_view_weights(site_dir: Path) -> dict[str, int]:
    """first_view_bytes() of every page of the built site but 404.html (shown only for a missing address)."""
    return {path: first_view_bytes(site_dir, path) for path in site_pages(site_dir) if path != "404.html"}
