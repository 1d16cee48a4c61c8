"""The site's stylesheets made smaller (kit/website/stylesheets.py) and its pages' indentation (html_space.py):
a rule goes only when nothing can match it; a page's text and attributes stay as they were."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import lxml.html
import pytest

from kit.errors import BuildError
from kit.website import html_space
from kit.website.stylesheets import Names, drop_unread_properties, minify_css, purge, purge_css, site_names


def kept(css: str, *texts: str) -> str:
    return purge_css(css, Names(texts))


def test_a_rule_whose_class_is_nowhere_goes_and_one_whose_class_is_somewhere_stays():
    css = ".md-banner{color:red}.md-header{color:blue}"
    assert kept(css, '<header class="md-header">') == ".md-header{color:blue}"


def test_a_selector_list_keeps_the_selectors_that_can_match():
    assert kept(".a,.b .c,#d,.e{x:1}", '<p class="a c e">') == ".a,.e{x:1}"


def test_every_part_of_a_selector_must_be_possible():
    html = '<div class="md-nav md-nav__link">'
    assert kept(".md-nav--lifted .md-nav__link{x:1}", html) == ""
    assert kept(".md-nav .md-nav__link{x:1}", html) == ".md-nav .md-nav__link{x:1}"


def test_names_from_scripts_count_and_so_do_pieces_a_script_joins():
    bundle = 'x("div",{class:"md-search-result__meta"});t=`md-tag md-tag--${e}`'
    assert kept(".md-search-result__meta{x:1}", bundle) == ".md-search-result__meta{x:1}"
    assert kept(".md-tag--pinned{x:1}", bundle) == ".md-tag--pinned{x:1}"
    assert kept(".md-tags{x:1}", bundle) == ""


CONFIG = '<script id="__config" type="application/json">{"features": [%s], "tags": null, "version": null}</script>'


def test_materials_bundle_counts_for_its_own_components_and_the_features_this_site_has():
    bundle = ('h("div",{class:"md-search-result__meta"});h("nav",{class:"md-code__nav"});h("div",{class:"md-version"});'
              'c=["success","failure"];h("button",{class:"tabbed-button"});e.classList.add("focus-visible");var k,il')
    css = (".md-search-result__meta{a:1}.md-code__nav{a:2}.md-version{a:3}.md-typeset .success{a:4}"
           ".tabbed-button{a:5}.focus-visible{a:6}.highlight .k{a:7}.highlight .il{a:8}")

    def kept_with(page: str) -> str:
        return purge_css(css, Names([page], [bundle]))

    # its components (md-…) count, and the focus-visible polyfill; admonition types and minified variable names
    # count only when a page has them; code buttons, versions and tab controls only with their feature
    assert kept_with(CONFIG % "") == ".md-search-result__meta{a:1}.focus-visible{a:6}"
    assert kept_with(CONFIG % '"content.code.copy"') == ".md-search-result__meta{a:1}.md-code__nav{a:2}.focus-visible{a:6}"
    with_content = CONFIG % "" + ('<article class="md-typeset"><div class="admonition success"><div class="tabbed-set">'
                                  '<div class="highlight"><span class="k">')
    assert kept_with(with_content) == (".md-search-result__meta{a:1}.md-typeset .success{a:4}.tabbed-button{a:5}"
                                       ".focus-visible{a:6}.highlight .k{a:7}")
    versioned = CONFIG.replace('"version": null', '"version": {"provider": "mike"}') % ""
    assert ".md-version{a:3}" in kept_with(versioned)


def test_every_name_in_our_own_scripts_counts_and_materials_only_as_said(tmp_path):
    scripts = tmp_path / "assets" / "javascripts"
    (scripts / "workers").mkdir(parents=True)
    (tmp_path / "index.html").write_text('<article class="md-typeset">' + CONFIG % "")
    (scripts / "selfcheck-page.js").write_text('el("div", { class: "admonition failure" }, el("p", '
                                               '{ class: "admonition-title" }))')  # the self-check's error box
    (scripts / "bundle.0000.min.js").write_text('c=["success","bug"];h("div",{class:"md-tooltip2"});'
                                                'b.setAttribute("data-md-scrolllock","")')
    (scripts / "workers" / "search.1111.min.js").write_text('t="note"')
    names = site_names(tmp_path)
    assert {"failure", "admonition-title", "md-tooltip2"} <= names.names
    assert not {"success", "bug", "note"} & names.names
    assert names.has_attribute("data-md-scrolllock")  # attribute names: any word of theirs
    # an attribute's value counts from any of their words, but not a palette colour
    (scripts / "bundle.0000.min.js").write_text('e.setAttribute("role","tooltip");p=["red","indigo"]')
    css = "[role=tooltip]>.md-typeset{a:1}[data-md-color-primary=red]{b:2}[data-md-color-primary=indigo]{b:3}"
    (tmp_path / "index.html").write_text('<body data-md-color-primary="indigo"><div class="md-typeset">')
    assert purge_css(css, site_names(tmp_path)) == "[role=tooltip]>.md-typeset{a:1}[data-md-color-primary=indigo]{b:3}"


def test_a_custom_property_goes_when_nothing_reads_it_even_through_another():
    sheets = [":root{--a:1;--b:var(--c);--c:2;--d:3;--e:4}.x{color:var(--a)}",
              "@media print{:root{--f:5}.y{margin:var(--g)}}[data-x]{--g:6}"]
    # --b is unread, so --c becomes unread; --d is read by our stylesheet, --e named by a script; --f by nothing
    assert drop_unread_properties(sheets, ".z{width:var(--d)}", {"--e"}) == [
        ":root{--a:1;--d:3;--e:4}.x{color:var(--a)}", "@media print{.y{margin:var(--g)}}[data-x]{--g:6}"]
    assert drop_unread_properties([":root{--only:1}"], "", set()) == [""]


def test_attribute_names_and_values():
    html = '<body data-md-color-primary="indigo" dir="ltr"><input type="checkbox">'
    assert kept("[xlink|href]{a:0}") == "[xlink|href]{a:0}"  # a namespace: kept
    css = "[data-md-color-primary=indigo]{a:1}[data-md-color-primary=red]{a:2}[dir=rtl] p{a:3}[dir=ltr] p{a:4}" \
          '[data-md-state]{a:5}[href^="#"]{a:6}[type="checkbox"]{a:7}'
    assert kept(css, html) == "[data-md-color-primary=indigo]{a:1}[dir=ltr] p{a:4}[type=\"checkbox\"]{a:7}"


def test_not_never_drops_a_rule_and_is_needs_one_possible_argument():
    html = '<div class="md-typeset admonition">'
    assert kept(".md-typeset a:not(.md-button){x:1}", html) == ".md-typeset a:not(.md-button){x:1}"
    assert kept(".md-typeset :is(.admonition,.nowhere){x:1}", html) == ".md-typeset :is(.admonition,.nowhere){x:1}"
    assert kept(".md-typeset :is(.nowhere,.neither){x:1}", html) == ""
    assert kept(".md-typeset:has(.nowhere){x:1}", html) == ""


def test_elements_pseudo_classes_and_root_always_stay():
    css = ":root{--md-x:1}html{a:1}*,:after,:before{b:2}kbd{c:3}a:hover::before{d:4}"
    assert kept(css) == css


def test_media_blocks_keep_what_can_match_and_go_when_empty():
    css = "@media screen and (max-width:76em){.a{x:1}.b{x:2}}@media print{.b{x:3}}"
    assert kept(css, 'class="a"') == "@media screen and (max-width:76em){.a{x:1}}"


def test_font_faces_keyframes_and_other_at_rules_stay_whole():
    css = '@charset "UTF-8";@font-face{font-family:x;src:url(x.woff)}@keyframes spin{0%{a:1}to{a:2}}@page{margin:0}'
    assert kept(css) == css


def test_a_stylesheet_that_cannot_be_read_stops_the_build():
    with pytest.raises(BuildError):
        kept(".a{x:1} .b")


def test_materials_real_stylesheet_comes_back_whole_when_every_name_is_known():
    from material import templates

    folder = Path(templates.__file__).parent / "assets" / "stylesheets"
    original = next(folder.glob("main.*.min.css")).read_text(encoding="utf-8")

    class Everything(Names):
        def has(self, name):
            return True

        has_attribute = has

    text = purge_css(original, Everything([]))
    # the same rules in the same order; the source map's comment is gone, and tinycss2 writes two tokens in its own
    # (equivalent) way: 1n+2 as 1n/**/+2, an escaped "<" in a string as "<"
    expected = original.split("/*# sourceMappingURL")[0].replace("1n+2", "1n/**/+2").replace("\\3c ", "<")
    assert text == expected


def test_our_stylesheet_loses_comments_and_spacing_but_no_declaration():
    css = """/* comment */
:root {
  --font: a, b,
    "c d";
}
.x  .y ,
.z { color: red ; margin: 0 auto !important; }
@media (max-width: 40em) { .x { display: none } }
"""
    assert minify_css(css) == (':root{--font:a, b, "c d"}.x .y,.z{color:red;margin:0 auto!important}'
                               "@media (max-width: 40em){.x{display:none}}")


def test_purge_renames_by_content_relinks_pages_and_drops_the_maps(tmp_path):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "main.0000.min.css").write_text(".used{a:1}.unused{a:2}\n/*# sourceMappingURL=main.0000.min.css.map*/")
    (folder / "main.0000.min.css.map").write_text("{}")
    (folder / "palette.1111.min.css").write_text("[data-md-color-primary=indigo]{b:1}")
    (folder / "site.css").write_text("/* ours */\n.used {  c : 1 }\n")
    page = tmp_path / "index.html"
    page.write_text('<link href="assets/stylesheets/main.0000.min.css"><link href="assets/stylesheets/palette.1111.'
                    'min.css"><body data-md-color-primary="indigo"><p class="used">')
    sizes = purge(tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    main = next(n for n in names if n.startswith("main."))
    assert "main.0000.min.css" not in names and "main.0000.min.css.map" not in names
    assert (folder / main).read_text() == ".used{a:1}"
    assert re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", main)
    assert f"assets/stylesheets/{main}" in page.read_text() and "main.0000" not in page.read_text()
    assert (folder / "site.css").read_text() == ".used{c:1}"
    assert sizes[main] == (len(".used{a:1}.unused{a:2}\n/*# sourceMappingURL=main.0000.min.css.map*/"), 10)
    assert main == "main." + hashlib.sha256(b".used{a:1}").hexdigest()[:8] + ".min.css"  # named after its content


def test_a_site_without_materials_stylesheet_is_reported(tmp_path):
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    with pytest.raises(BuildError, match="main"):
        purge(tmp_path)


PAGE = """<!doctype html>
<html lang="zh-CN">
  <head>
    <script>var a = 1;
        var b = 2;</script>
    <style>p {
        color: red }</style>
  </head>
  <body>
    <div class="md-container">
      <p title="第一行
          第二行">本站整理
        通知全文 <code>a
    b</code>\u00a0\u3000<kbd>x
  y</kbd></p>
      <pre><code>line 1
    indented
</code></pre>
      <textarea>
   kept</textarea>
      <!-- a
           comment -->
    </div>
  </body>
</html>
"""


def _dom(html: str) -> list:
    """Every element with its attributes, and its texts with runs of HTML whitespace as one space, except where
    they are shown as written."""
    out = []

    def walk(el, outer: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else "#comment"
        inside = outer or tag in ("pre", "code", "kbd", "textarea", "script", "style", "#comment")

        def norm(text, exact):
            return (text or "") if exact else re.sub(r"[ \t\r\n\f]+", " ", text or "")

        out.append((tag, sorted(el.attrib.items()) if tag != "#comment" else [], norm(el.text, inside)))
        for child in el:
            walk(child, inside)
        out.append(("/" + tag, norm(el.tail, outer)))

    walk(lxml.html.document_fromstring(html), False)
    return out


def test_indentation_goes_and_the_page_reads_the_same():
    compact = html_space.compact(PAGE)
    assert len(compact) < len(PAGE)
    assert _dom(compact) == _dom(PAGE)
    assert "\n    <div" not in compact
    for kept_as_written in ("var a = 1;\n        var b = 2;", "line 1\n    indented\n", "<code>a\n    b</code>",
                            "第一行\n          第二行", "\u00a0\u3000", "<textarea>\n   kept</textarea>",
                            "<!-- a\n           comment -->", "x\n  y"):
        assert kept_as_written in compact
