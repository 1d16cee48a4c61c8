"""The smaller stylesheets style every element exactly as Material's whole ones do, in Chromium.

The build keeps of Material's stylesheets only the rules that can match (kit/website/stylesheets.py) and compacts
ours. Here each page is brought into a state that Material's and our scripts build (search results, the phone
menu, a tooltip, the back-to-top button, the self-check page), every element's computed style (and that of its
::before and ::after where they are shown) is read, then the built stylesheets are replaced in place by the
originals (Material's files as installed, docs/assets/stylesheets/site.css and selfcheck.css as written) and
everything is read again: any difference is a rule the build should have kept. Custom properties the build dropped
because nothing reads them are not compared themselves: every property that would read one is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Every element's computed style; a pseudo-element's only where it is shown (its content is not none/normal).
# A custom property's value is its tokens as written: runs of whitespace count as one space, and an escaped
# character as the character (the build writes \\3c in a string as "<", the same string).
SNAPSHOT = """() => {
  const out = [];
  const elements = [document.documentElement, ...document.querySelectorAll("body, body *")];
  const read = (el, pseudo) => {
    const style = getComputedStyle(el, pseudo), values = {};
    for (let i = 0; i < style.length; i++) {
      const value = style.getPropertyValue(style[i]);
      values[style[i]] = !style[i].startsWith("--") ? value : value.trim().replace(/\\s+/g, " ")
        .replace(/\\\\([0-9a-fA-F]{1,6}) ?/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)));
    }
    return values;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  for (const el of elements) {
    out.push([name(el), "", read(el, null)]);
    for (const pseudo of ["::before", "::after"]) {
      const content = getComputedStyle(el, pseudo).content;
      out.push([name(el), pseudo, content === "none" || content === "normal" ? null : read(el, pseudo)]);
    }
  }
  return out;
}"""

# The differences between the snapshot kept in window.kitBefore and one taken now.
COMPARE = """() => {
  const before = window.kitBefore, after = (%s)(), found = [];
  if (before.length !== after.length) return ["元素数变了：" + before.length + " → " + after.length];
  for (let i = 0; i < before.length; i++) {
    const [name, pseudo, a] = before[i], b = after[i][2];
    if ((a === null) !== (b === null)) {
      found.push(name + pseudo + "：替换后" + (b === null ? "不再显示" : "才显示"));
      continue;
    }
    if (a === null) continue;
    // a custom property the build dropped (nothing reads it) has no value here: only what reads one can differ
    const props = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter(k => a[k] !== b[k] && !(k.startsWith("--") && !(k in a)));
    const shown = v => JSON.stringify(v).slice(0, 100);
    if (props.length) found.push(name + pseudo + "："
      + props.slice(0, 4).map(k => k + " " + shown(a[k]) + "（原样式表 " + shown(b[k]) + "）").join("，"));
  }
  return found;
}""" % SNAPSHOT

SWAP = """(sheets) => {
  for (const [marker, text, everywhere] of sheets) {
    const link = [...document.querySelectorAll("link[rel=stylesheet]")].find(l => l.href.includes(marker));
    if (!link && !everywhere) continue;
    if (!link) throw new Error("no stylesheet " + marker);
    const style = document.createElement("style");
    style.textContent = text;
    link.replaceWith(style);
  }
  document.body.offsetHeight;  // apply now
}"""


def originals() -> list[tuple[str, str, bool]]:
    """(what the built link's address contains, the original stylesheet's text, whether every page links it)."""
    from material import templates

    folder = Path(templates.__file__).parent / "assets" / "stylesheets"
    found = [(f"/{name}.", next(folder.glob(f"{name}.*.min.css")).read_text(encoding="utf-8"), True)
             for name in ("main", "palette")]
    ours = ROOT / "docs" / "assets" / "stylesheets"
    return found + [("/site.css", (ours / "site.css").read_text(encoding="utf-8"), True),
                    ("/selfcheck.css", (ours / "selfcheck.css").read_text(encoding="utf-8"), False)]


def settled(page) -> None:
    """No transition or animation running (the header's title slides in when the page scrolls)."""
    page.wait_for_timeout(200)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10000)


# Lay the whole page out afresh just before each reading. After a partial re-layout Chromium can report a box's auto
# margins as 0px while the box is still drawn centred (the header at 1366 px with the search open, one run in three;
# its width stayed 1220 px of 1366): with this, 15 runs in a row agreed.
RELAYOUT = """() => {
  const root = document.documentElement, display = root.style.display;
  root.style.display = "none";
  root.offsetHeight;
  root.style.display = display;
  root.offsetHeight;
}"""


def differences(page) -> list[str]:
    """What changes in the page's computed styles when the built stylesheets are replaced by the originals."""
    settled(page)
    page.evaluate(RELAYOUT)
    page.evaluate(f"() => {{ window.kitBefore = ({SNAPSHOT})(); }}")
    page.evaluate(SWAP, originals())
    settled(page)
    page.evaluate(RELAYOUT)
    return page.evaluate(COMPARE)


def _search(page, query: str) -> None:
    magnifier = page.locator("label.md-header__button[for=__search]")
    if magnifier.is_visible():
        magnifier.click()
    else:
        page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)


def _drawer(page) -> None:
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_timeout(400)


def _back_to_top_and_tooltip(page) -> None:
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)  # scrolling up shows the back-to-top button
    page.wait_for_selector(".md-top:not([hidden])", timeout=5000)
    page.locator("article h2 .headerlink").first.hover()  # content.tooltips: Material's tooltip for the title
    page.wait_for_selector(".md-tooltip2--active", timeout=5000)
    page.wait_for_timeout(300)


STATES = [  # (page, viewport width, what is done first)
    ("index.html", 1366, None),
    ("index.html", 1366, lambda p: _search(p, "保险")),
    ("notice.html", 390, _drawer),
    ("guide/checklist.html", 390, lambda p: _search(p, "等级保护")),
    ("glossary.html", 1366, _back_to_top_and_tooltip),
    ("checker.html", 1366, None),
    ("examples/zonghe-yiyuan.html", 1000, None),
    ("examples/shequ-zhongxin/service-plan-1-3.html", 390, None),  # the largest page of an example's part
    ("downloads.html", 1366, None),
]


@pytest.mark.parametrize("path,width,action", STATES, ids=[f"{p}@{w}" + ("+" if a else "") for p, w, a in STATES])
def test_built_stylesheets_style_every_element_as_the_originals(browser, site_url, path, width, action):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{path}", wait_until="networkidle")
        if action:
            action(page)
        found = differences(page)
        assert not found, (f"{path}（{width}px）有 {len(found)} 处样式与 Material 的完整样式表不同：\n"
                           + "\n".join(found[:20]))
    finally:
        context.close()


def test_the_built_stylesheets_are_smaller(site_dir):
    built = site_dir / "assets" / "stylesheets"
    for marker, text, _ in originals():
        (path,) = [p for p in built.iterdir() if f"/{p.name}".startswith(marker) and p.suffix == ".css"]
        assert path.stat().st_size < len(text.encode("utf-8")), path.name
