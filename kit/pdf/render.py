"""Render the PDF kit: HTML from Jinja2 templates → WeasyPrint (tagged, with AcroForm fields) → pikepdf finish."""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
import pikepdf
from markupsafe import Markup
from pikepdf import Name, String

from ..edition import Edition
from ..filling import FilledApplication, FilledDeclaration
from ..fonts import css_stack
from ..formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, NATURE_NOTE_FIELD, basic_info_grid,
                        date_fields, nature_field)
from ..markup import TableMeasure, to_html
from ..reproducible import ISO_UTC, build_datetime
from ..templating import TEMPLATES, file_environment
from .fieldfont import use_field_font

AUTHOR = "网络安全保险服务试点工具包"
MM_PER_PT = 25.4 / 72
PROSE_TABLE = {"font_pt": 12, "padding_mm": 1.5, "border_pt": 0.6}  # applicants' tables, as the templates draw them


def _environment(edition: Edition) -> jinja2.Environment:
    env = file_environment(html=True)
    f = edition.formatting
    env.globals.update(
        ed=edition,
        fmt=f,
        fonts={  # CSS, not text: quotes must not be HTML-escaped
            "body": Markup(css_stack(f.body.font)),
            "heading1": Markup(css_stack(f.heading1.font, "sans-serif")),
            "heading2": Markup(css_stack(f.heading2.font)),
        },
        author=AUTHOR,
        seam=False,  # 骑缝章 marks in the page margin: application templates only
        values=None,  # None: a fill-in template; a dict: a filled application, values printed as text
        fictional=False,
        joint_blocks=2,  # joint-unit signature blocks in the pledge, as the official template shows
        created=build_datetime().strftime(ISO_UTC),
        date_fields=date_fields,
        nature_field=nature_field,
        nature_note=NATURE_NOTE_FIELD,
        decl_unit=DECLARATION_UNIT_FIELD,
        decl_date=DECLARATION_DATE_FIELD,
        intro_tip=field_tips(edition)["intro"],
        part_numbers="、".join(p.number for p in edition.annex.parts),
        prose_table=PROSE_TABLE,
    )
    return env


def prose_table_measure(edition: Edition) -> TableMeasure:
    """The width of the page's text and of a cell's padding and borders, in em of a table's text."""
    em_mm = PROSE_TABLE["font_pt"] * MM_PER_PT
    extra_mm = 2 * PROSE_TABLE["padding_mm"] + PROSE_TABLE["border_pt"] * MM_PER_PT
    return TableMeasure(width_em=edition.formatting.text_width_mm / em_mm, cell_extra_em=extra_mm / em_mm)


def prose_html(edition: Edition, markdown_text: str) -> str:
    """An applicant's Markdown as HTML for the PDF: tables carry their column widths, so WeasyPrint lays them
    out as fixed tables instead of measuring every cell's text."""
    return to_html(markdown_text, prose_table_measure(edition))


def field_tips(edition: Edition) -> dict[str, str]:
    """Tooltip (/TU) for every value cell of the form, in Chinese."""
    tips = {f.id: f.label + (f.hint and f"{f.hint}") for f in edition.form.fields}
    for i in range(1, edition.limits.max_joint_applicants + 1):
        for c in edition.form.joint_columns:
            tips[f"joint_{i}_{c.id}"] = f"联合申报单位 {i}：{c.label}"
    return tips


def annex_html(edition: Edition) -> str:
    grid = basic_info_grid(edition.form, joint_rows=edition.limits.max_joint_applicants)
    return _environment(edition).get_template("pdf_annex.html.j2").render(
        title=edition.annex.title, grid=grid, tips=field_tips(edition), seam=True)


def declaration_html(edition: Edition) -> str:
    return _environment(edition).get_template("pdf_declaration.html.j2").render(title=edition.declaration.title, seam=True)


def _refuse_fetch(url: str, *args, **kwargs):
    """Our HTML needs nothing from outside; an applicant's text must not make the renderer fetch anything."""
    raise ValueError(f"外部资源已禁止：{url[:80]}")


PDF_OPTIONS = {"pdf_tags": True}  # tagged PDF, for screen readers


def layout(html: str, forms: bool = True):
    """Lay the kit's HTML out with WeasyPrint; nothing outside the templates folder is fetched."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES), url_fetcher=_refuse_fetch).render(
        pdf_forms=forms, **PDF_OPTIONS)


def html_to_pdf(html: str, target: Path, title: str, forms: bool = True) -> None:
    """WeasyPrint → finished PDF: field font, language, title, tab order, deterministic bytes."""
    write_pdf(layout(html, forms), target, title, forms)


def write_pdf(document, target: Path, title: str, forms: bool = True) -> None:
    """A laid-out document (see layout) → the finished PDF at *target*."""
    raw = document.write_pdf(pdf_forms=forms, **PDF_OPTIONS)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if forms and "/AcroForm" in pdf.Root:
            use_field_font(pdf)
            for page in pdf.pages:
                page.obj.Tabs = Name.S  # tab through fields in structure (reading) order
        finish(pdf, title)
        save(pdf, target)


def save(pdf: pikepdf.Pdf, target: Path) -> None:
    """Write *pdf* with a content-derived ID and compressed object streams: same input, same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(target, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def finish(pdf: pikepdf.Pdf, title: str) -> None:
    """Title, language and fixed dates in the document information; show the title in the viewer."""
    stamp = build_datetime().strftime("D:%Y%m%d%H%M%SZ")
    pdf.Root.Lang = String("zh-CN")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    info = pdf.trailer.Info if "/Info" in pdf.trailer else pdf.make_indirect(pikepdf.Dictionary())
    info.Title = String(title)
    info.Author = String(AUTHOR)
    info.CreationDate = String(stamp)
    info.ModDate = String(stamp)
    info.Producer = String("WeasyPrint + pikepdf")
    pdf.trailer.Info = info


def filled_annex_html(edition: Edition, filled: FilledApplication) -> str:
    """The 工作方案 with an application's values printed in place of the fields; the applicant's Markdown becomes
    safe HTML (kit.markup)."""
    grid = basic_info_grid(edition.form, joint_rows=max(edition.limits.max_joint_applicants, filled.joint_units))
    return _environment(edition).get_template("pdf_annex.html.j2").render(
        title=filled.title, grid=grid, tips=field_tips(edition), seam=True,
        values=filled.values, prose={k: Markup(prose_html(edition, v)) for k, v in filled.prose.items()},
        plans=[{"title": p.title, "html": Markup(prose_html(edition, p.text))} for p in filled.plans],
        fictional=filled.fictional, joint_blocks=filled.joint_units)


def filled_declaration_html(edition: Edition, declaration: FilledDeclaration) -> str:
    return _environment(edition).get_template("pdf_declaration.html.j2").render(
        title=edition.declaration.title, seam=True, values=declaration.values, fictional=declaration.fictional)


def write_filled_annex(edition: Edition, filled: FilledApplication, target: Path) -> None:
    """An application's 工作方案 as a PDF, its values printed in place of the fields."""
    html_to_pdf(filled_annex_html(edition, filled), target, filled.title, forms=False)


def write_filled_declaration(edition: Edition, declaration: FilledDeclaration, target: Path) -> None:
    html_to_pdf(filled_declaration_html(edition, declaration), target,
                f"{edition.declaration.title}（{declaration.unit_name}）", forms=False)


def render_annex_pdf(edition: Edition, target: Path) -> None:
    html_to_pdf(annex_html(edition), target, edition.annex.title)


def render_declaration_pdf(edition: Edition, target: Path) -> None:
    html_to_pdf(declaration_html(edition), target, edition.declaration.title)
