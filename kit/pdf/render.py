"""Render the PDF kit's fill-in templates: HTML from Jinja2 templates → WeasyPrint (tagged, with AcroForm fields) →
pikepdf finish. A filled application's documents are laid out by Typst (kit.pdf.filled, kit.pdf.typeset)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..edition import Edition
from ..fonts import css_stack
from ..formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, LABEL_BREAKS, LEAD_NAME_FIELD,
                        NATURE_NOTE_FIELD, SEAL_BOXES, basic_info_grid, date_fields, joint_field, nature_field)
from ..reproducible import ISO_UTC, build_datetime
from ..templating import TEMPLATES, file_environment
from . import output
from .output import AUTHOR

BASE_URL = str(TEMPLATES)


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
        joint_blocks=2,  # joint-unit signature blocks in the pledge, as the official template shows
        created=build_datetime().strftime(ISO_UTC),
        date_fields=date_fields,
        nature_field=nature_field,
        nature_note=NATURE_NOTE_FIELD,
        decl_unit=DECLARATION_UNIT_FIELD,
        decl_date=DECLARATION_DATE_FIELD,
        seals=SEAL_BOXES,
        intro_tip=field_tips(edition)["intro"],
        part_numbers="、".join(p.number for p in edition.annex.parts),
        tall_field=tall_field(field_capacity(edition)),
    )
    return env


def label_lines(text: str) -> Markup:
    """A form label as unbreakable pieces: 注册资本 | （万元）, 组织机构代码/ | 三证合一码."""
    return Markup("").join(Markup('<span class="seg">{}</span>').format(piece)
                           for piece in LABEL_BREAKS.split(text) if piece)


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


def html_to_pdf(html: str, target: Path, title: str, forms: bool = True, capacity: dict[str, int] | None = None
                ) -> None:
    """WeasyPrint → finished PDF: field font, language, title, tab order, deterministic bytes."""
    output.html_to_pdf(html, target, title, BASE_URL, forms, capacity)


def render_annex_pdf(edition: Edition, target: Path) -> None:
    html_to_pdf(annex_html(edition), target, edition.annex.title, capacity=field_capacity(edition))


def render_declaration_pdf(edition: Edition, target: Path) -> None:
    html_to_pdf(declaration_html(edition), target, edition.declaration.title, capacity=field_capacity(edition))
