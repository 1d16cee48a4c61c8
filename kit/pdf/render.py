"""Render the PDF kit: HTML from Jinja2 templates → WeasyPrint (tagged, with AcroForm fields) → pikepdf finish."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..docx.layout import SPACIOUS_JOINT_BLOCKS, plan_heading
from ..edition import Edition
from ..filling import FilledApplication, FilledDeclaration
from ..errors import BuildError
from ..figures import Figures
from ..fonts import css_stack
from ..formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, LEAD_NAME_FIELD, NATURE_NOTE_FIELD,
                        basic_info_grid, date_fields, joint_field, nature_field)
from ..markup import TableMeasure, to_html
from ..reproducible import ISO_UTC, build_datetime
from ..templating import TEMPLATES, file_environment
from . import output
from .output import AUTHOR

BASE_URL = str(TEMPLATES)
MM_PER_PT = 25.4 / 72
PROSE_TABLE = {"font_pt": 12, "padding_mm": 1.5, "border_pt": 0.6}  # applicants' tables, as the templates draw them


_ENVIRONMENTS: dict[int, tuple[Edition, jinja2.Environment]] = {}


def _environment(edition: Edition) -> jinja2.Environment:
    """The templates' environment for *edition*, made once per process: templates compile once."""
    known = _ENVIRONMENTS.get(id(edition))
    if known is None or known[0] is not edition:
        known = _ENVIRONMENTS[id(edition)] = (edition, _new_environment(edition))
    return known[1]


def _new_environment(edition: Edition) -> jinja2.Environment:
    env = file_environment(html=True)
    f = edition.formatting
    env.filters["label_lines"] = label_lines
    env.globals.update(
        ed=edition,
        fmt=f,
        fonts={  # CSS, not text: quotes must not be HTML-escaped
            "body": Markup(css_stack(f.body.font)),
            "heading1": Markup(css_stack(f.heading1.font, "sans-serif")),
            "heading2": Markup(css_stack(f.heading2.font)),
            # Bold text needs a real bold face: WeasyPrint embeds a font asked for in a weight it lacks a second
            # time (same glyphs, not even bolder). 楷体 headings take the stack's first font with a bold face; bold
            # body text is set in 黑体 at its regular weight (no free 仿宋 has a bold; 黑体 is embedded anyway).
            "emphasis": Markup(css_stack(f.heading1.font, "sans-serif") + "; font-weight: normal"),
            "heading2_bold": Markup(css_stack(f.heading2.font, bold=True)),
        },
        author=AUTHOR,
        values=None,  # None: a fill-in template; a dict: a filled application, values printed as text
        fictional=False,
        joint_blocks=2,  # joint-unit signature blocks in the pledge, as the official template shows
        spacious_joint_blocks=SPACIOUS_JOINT_BLOCKS,  # more: the pledge's signature blocks set closer, as in Word
        created=build_datetime().strftime(ISO_UTC),
        date_fields=date_fields,
        nature_field=nature_field,
        nature_note=NATURE_NOTE_FIELD,
        decl_unit=DECLARATION_UNIT_FIELD,
        decl_date=DECLARATION_DATE_FIELD,
        intro_tip=field_tips(edition)["intro"],
        part_numbers="、".join(p.number for p in edition.annex.parts),
        prose_table=PROSE_TABLE,
        tall_field=tall_field(field_capacity(edition)),
    )
    return env


LABEL_BREAKS = re.compile(r"(?=（)|(?<=/)")  # a form label may break before its bracket and after a slash only


def label_lines(text: str) -> Markup:
    """A form label as unbreakable pieces: 注册资本 | （万元）, 组织机构代码/ | 三证合一码."""
    return Markup("").join(Markup('<span class="seg">{}</span>').format(piece)
                           for piece in LABEL_BREAKS.split(text) if piece)


def prose_table_measure(edition: Edition) -> TableMeasure:
    """The width of the page's text and of a cell's padding and borders, in em of a table's text."""
    em_mm = PROSE_TABLE["font_pt"] * MM_PER_PT
    extra_mm = 2 * PROSE_TABLE["padding_mm"] + PROSE_TABLE["border_pt"] * MM_PER_PT
    return TableMeasure(width_em=edition.formatting.text_width_mm / em_mm, cell_extra_em=extra_mm / em_mm)


def prose_html(edition: Edition, markdown_text: str, figures: Figures | None = None) -> str:
    """An applicant's Markdown as HTML for the PDF: tables carry their column widths, so WeasyPrint lays them
    out as fixed tables instead of measuring every cell's text; figures are the checked images (kit.figures),
    inline, at the text width; footnotes sit at the foot of their page."""
    fmt = edition.formatting

    def image(src: str) -> dict[str, str]:
        figure = (figures or {}).get(src)
        if figure is None:
            raise BuildError(f"无法识别图片“{src[:120]}”的写法", hint="把图片单独写成一段：![图题](相对路径)")
        width, height = figure.display_mm(fmt.text_width_mm, fmt.text_height_mm)
        data = base64.b64encode(figure.data).decode()
        return {"src": f"data:{figure.media_type};base64,{data}", "style": f"width: {width:.2f}mm; height: {height:.2f}mm"}

    return footnotes_in_place(to_html(markdown_text, prose_table_measure(edition), images=image))


def footnotes_in_place(fragment: str) -> str:
    """Python-Markdown lists footnotes after the text; WeasyPrint puts an element with `float: footnote` at the
    foot of the page where it is called. Each note replaces its reference mark."""
    import lxml.html

    if 'class="footnote"' not in fragment:
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    notes = {li.get("id"): li for li in root.xpath(".//div[@class='footnote']/ol/li")}
    for sup in root.xpath(".//sup[starts-with(@id, 'fnref')]"):
        link = sup.find("a")
        note = notes.get((link.get("href") or "").lstrip("#")) if link is not None else None
        if note is None:
            continue
        for back in note.find_class("footnote-backref"):
            back.drop_tree()
        span = lxml.html.Element("span", {"class": "fn"})
        span.text = note.text_content().strip()
        sup.addprevious(span)
        span.tail = sup.tail
        sup.getparent().remove(sup)
    for div in root.find_class("footnote"):
        div.drop_tree()
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def field_tips(edition: Edition) -> dict[str, str]:
    """Tooltip (/TU) for every value cell of the form, in Chinese."""
    tips = {f.id: f.label + (f.hint and f"{f.hint}") for f in edition.form.fields}
    for i in range(1, edition.limits.max_joint_applicants + 1):
        for c in edition.form.joint_columns:
            tips[f"joint_{i}_{c.id}"] = f"联合申报单位 {i}：{c.label}"
    return tips


PLAN_NAME_CHARS = 40  # the longest plan name the fill-in form is made for
UNIT_NAME_CHARS = 30  # the longest unit name (and address) it is made for


def field_capacity(edition: Edition) -> dict[str, int]:
    """The fill-in fields that hold long values, and how many characters each must hold: multi-line
    fields with a size that fits (kit/pdf/fields.py); every other field takes one line."""
    capacity = {f.id: UNIT_NAME_CHARS for f in edition.annex.cover if f.kind != "date"}
    capacity["plan_name"] = PLAN_NAME_CHARS
    for f in edition.form.fields:
        if f.kind == "longtext":
            capacity[f.id] = edition.limits.intro_max_chars
    capacity[LEAD_NAME_FIELD] = capacity["address"] = capacity[DECLARATION_UNIT_FIELD] = UNIT_NAME_CHARS
    longest_nature = max(len(o.label) for o in edition.form.natures if not o.needs_note)
    for i in range(1, edition.limits.max_joint_applicants + 1):
        capacity[joint_field(i, "name")] = UNIT_NAME_CHARS
        capacity[joint_field(i, "nature")] = longest_nature
    return capacity


def tall_field(capacity: dict[str, int]):
    """A narrow cell of the form whose field holds long values is three lines tall (the template's CSS)."""
    return lambda cell: cell.colspan == 1 and cell.field in capacity


def annex_html(edition: Edition) -> str:
    grid = basic_info_grid(edition.form, joint_rows=edition.limits.max_joint_applicants)
    return _environment(edition).get_template("pdf_annex.html.j2").render(
        title=edition.annex.title, grid=grid, tips=field_tips(edition))


def declaration_html(edition: Edition) -> str:
    return _environment(edition).get_template("pdf_declaration.html.j2").render(title=edition.declaration.title)


def layout(html: str, forms: bool = True):
    """Lay the kit's HTML out with WeasyPrint; nothing is fetched (kit.pdf.output)."""
    return output.layout(html, BASE_URL, forms)


def html_to_pdfs(items: list[tuple[str, Path, str]], forms: bool = True) -> None:
    """Several documents of one template, (html, target, title) each, laid out in one pass (kit.pdf.output)."""
    output.html_to_pdfs(items, BASE_URL, forms)


def html_to_pdf(html: str, target: Path, title: str, forms: bool = True, capacity: dict[str, int] | None = None
                ) -> None:
    """WeasyPrint → finished PDF: field font, language, title, tab order, deterministic bytes."""
    output.html_to_pdf(html, target, title, BASE_URL, forms, capacity)


def filled_annex_html(edition: Edition, filled: FilledApplication) -> str:
    """The 工作方案 with an application's values printed in place of the fields; the applicant's Markdown becomes
    safe HTML (kit.markup). Each plan opens with the line it opens with in the Word document (layout.plan_heading);
    the form has a joint-unit row for each unit there is, none blank."""
    grid = basic_info_grid(edition.form, joint_rows=max(filled.joint_units, 1))
    return _environment(edition).get_template("pdf_annex.html.j2").render(
        title=filled.title, grid=grid, tips=field_tips(edition),
        values=filled.values, prose={k: Markup(prose_html(edition, v, filled.figures)) for k, v in filled.prose.items()},
        plans=[{"heading": plan_heading(n, p.title or ""),
                "html": Markup(prose_html(edition, p.text, filled.figures))} for n, p in enumerate(filled.plans, 1)],
        fictional=filled.fictional, joint_blocks=filled.joint_units)


def filled_declaration_html(edition: Edition, declaration: FilledDeclaration) -> str:
    return _environment(edition).get_template("pdf_declaration.html.j2").render(
        title=edition.declaration.title, values=declaration.values, fictional=declaration.fictional)


def write_filled_annex(edition: Edition, filled: FilledApplication, target: Path) -> None:
    """An application's 工作方案 as a PDF, its values printed in place of the fields."""
    html_to_pdf(filled_annex_html(edition, filled), target, filled.title, forms=False)


def filled_annex_job(edition: Edition, filled: FilledApplication, target: Path) -> tuple:
    """write_filled_annex as (function, arguments) for another process: the HTML is made here, so the other
    process needs kit.pdf.output only (see kit.assemble)."""
    return output.html_to_pdf, (filled_annex_html(edition, filled), target, filled.title, BASE_URL, False)


def write_filled_declaration(edition: Edition, declaration: FilledDeclaration, target: Path) -> None:
    write_filled_declarations(edition, [(declaration, target)])


def write_filled_declarations(edition: Edition, declarations: list[tuple[FilledDeclaration, Path]]) -> None:
    """Every unit's 责任声明, laid out in one pass, one PDF each."""
    html_to_pdfs(_declaration_items(edition, declarations), forms=False)


def filled_declarations_job(edition: Edition, declarations: list[tuple[FilledDeclaration, Path]]) -> tuple:
    """write_filled_declarations as (function, arguments) for another process (see filled_annex_job)."""
    return output.html_to_pdfs, (_declaration_items(edition, declarations), BASE_URL, False)


def _declaration_items(edition: Edition, declarations: list[tuple[FilledDeclaration, Path]]) -> list:
    return [(filled_declaration_html(edition, d), target, f"{edition.declaration.title}（{d.unit_name}）")
            for d, target in declarations]


def render_annex_pdf(edition: Edition, target: Path) -> None:
    html_to_pdf(annex_html(edition), target, edition.annex.title, capacity=field_capacity(edition))


def render_declaration_pdf(edition: Edition, target: Path) -> None:
    html_to_pdf(declaration_html(edition), target, edition.declaration.title, capacity=field_capacity(edition))
