"""`kit build`: an application file in, the complete 工作方案 (.docx, .pdf) and one 责任声明 per unit out.

Everything is rendered into a temporary folder next to the output folder and moved into place only when all
documents succeeded: a failure leaves no partial output behind.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .application import Application, nature_option
from .edition import Edition
from .errors import BuildError
from .formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, NATURE_NOTE_FIELD, date_fields, joint_field,
                       lead_attribute, nature_field)

ANNEX_NAME = "工作方案"
DECLARATION_NAME = "责任声明"


@dataclass(frozen=True)
class Built:
    files: list[Path]


def _date_values(field_id: str, day) -> dict[str, str]:
    if day is None:
        return {}
    return dict(zip(date_fields(field_id), (str(day.year), str(day.month), str(day.day))))


def form_values(app: Application, edition: Edition) -> dict[str, str | bool]:
    """Every plain field and check box of the template, by its id."""
    lead = app.lead
    values: dict[str, str | bool] = {"plan_name": app.plan_name, "lead_unit": lead.name}
    values.update(_date_values("apply_date", app.apply_date))
    for field in edition.form.lead_text_fields():
        values[field.id] = getattr(lead, lead_attribute(field.id))
    chosen = nature_option(edition, lead.nature)
    for option in edition.form.natures:
        values[nature_field(option.id)] = chosen is not None and option.id == chosen.id
    values[NATURE_NOTE_FIELD] = lead.nature_note
    for i, unit in enumerate(app.joint, 1):  # every unit: the filled documents get a row for each
        option = nature_option(edition, unit.nature)
        values[joint_field(i, "name")] = unit.name
        values[joint_field(i, "nature")] = option.label.removesuffix("（请注明）") if option else unit.nature
        values[joint_field(i, "org_code")] = unit.org_code
    values[DECLARATION_UNIT_FIELD] = lead.name
    values.update(_date_values(DECLARATION_DATE_FIELD, app.apply_date))
    return {k: v for k, v in values.items() if v != ""}


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', "_", text).strip("._")[:60] or "单位"


def write_annex_pdf(app: Application, edition: Edition, target: Path) -> None:
    """The application's 工作方案 as a PDF, with its values printed in place of the fields."""
    from .pdf.render import filled_annex_html, html_to_pdf, prose_html

    html = filled_annex_html(edition, form_values(app, edition),
                             {p.id: prose_html(edition, app.parts.get(p.id, "")) for p in edition.annex.parts},
                             [{"title": p.title, "html": prose_html(edition, p.text)} for p in app.service_plans],
                             app.fictional, len(app.joint))
    html_to_pdf(html, target, app.plan_name or edition.annex.title, forms=False)


def build_application(app: Application, edition: Edition, outdir: Path, progress=print) -> Built:
    from .docx.assemble import write_filled_annex, write_filled_declaration
    from .pdf.render import filled_declaration_html, html_to_pdf

    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kit-build-", dir=outdir.parent))
    try:
        values = form_values(app, edition)
        prose_md = {p.id: app.parts.get(p.id, "") for p in edition.annex.parts}
        plans = [{"title": p.title, "text": p.text} for p in app.service_plans]
        joint_blocks = len(app.joint)
        progress(f"生成 {ANNEX_NAME}.docx")
        write_filled_annex(edition, values, {k: v for k, v in prose_md.items() if v}, plans, joint_blocks,
                           app.fictional, staging / f"{ANNEX_NAME}.docx")
        progress(f"生成 {ANNEX_NAME}.pdf")
        write_annex_pdf(app, edition, staging / f"{ANNEX_NAME}.pdf")
        date_values = _date_values(DECLARATION_DATE_FIELD, app.apply_date)
        for number, unit in enumerate(app.units(), 1):
            stem = f"{DECLARATION_NAME}-{number:02d}-{_safe_name(unit.name)}"
            progress(f"生成 {stem}.docx / .pdf")
            write_filled_declaration(edition, unit.name, date_values, app.fictional, staging / f"{stem}.docx")
            html_to_pdf(filled_declaration_html(edition, {DECLARATION_UNIT_FIELD: unit.name, **date_values},
                                                app.fictional),
                        staging / f"{stem}.pdf", f"{edition.declaration.title}（{unit.name}）", forms=False)
        outdir.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in sorted(staging.iterdir()):
            target = outdir / path.name
            path.replace(target)
            moved.append(target)
        return Built(moved)
    except ValueError as exc:  # lxml refuses characters XML cannot hold
        raise BuildError(f"无法写入文档：{exc}", hint="删除文本中的不可见控制字符后重试") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
