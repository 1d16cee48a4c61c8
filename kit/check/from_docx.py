"""Read a .docx filled in from the kit's Word template back into an application, field by field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..application import Application, LoadedApplication, Origin
from ..edition import Edition
from ..errors import InputError, Location
from ..formgrid import LEAD_NAME_FIELD, NATURE_NOTE_FIELD, date_fields, joint_field, lead_attribute, nature_field



def _date(values: dict, field_id: str) -> dt.date | None:
    year, month, day = (str(values.get(k, "")).strip() for k in date_fields(field_id))
    if not (year or month or day):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def application_from_fields(values: dict[str, str | bool], edition: Edition, source: str) -> LoadedApplication:
    """Map content-control values (by tag) onto the application model."""
    if LEAD_NAME_FIELD not in values or not any(k.startswith("nature_") for k in values):
        raise InputError("这份 Word 文档不是用本工具包的工作方案模板填写的（找不到基本信息表的内容控件）",
                         Location(source), "请从网站下载页下载“工作方案模板（Word）”，在其中填写后再检查")
    text = {k: v for k, v in values.items() if isinstance(v, str)}
    ticks = [o for o in edition.form.natures if values.get(nature_field(o.id)) is True]
    lead = {lead_attribute(f.id): text.get(f.id, "") for f in edition.form.lead_text_fields()}
    lead["nature"] = ticks[0].id if len(ticks) == 1 else ""
    lead["nature_note"] = text.get(NATURE_NOTE_FIELD, "")
    joint = []
    for i in range(1, 100):
        row = {c.id: text.get(joint_field(i, c.id), "") for c in edition.form.joint_columns}
        if joint_field(i, "name") not in values:
            break
        if any(row.values()):
            joint.append(row)
    plan_keys = sorted((k for k in text if re.fullmatch(r"service_plan_\d+(#\d+)?", k)), key=_plan_order)
    plans = [{"title": text[k].strip().splitlines()[0][:60] if text[k].strip() else "", "text": text[k]}
             for k in plan_keys if text[k].strip()]
    data = {
        "plan_name": text.get("plan_name", ""),
        "apply_date": _date(values, "apply_date"),
        "lead": lead,
        "joint": joint,
        "parts": {p.id: text.get(p.id, "") for p in edition.annex.parts},
        "service_plans": plans,
    }
    app = Application.model_validate(data)
    labels = _labels(edition)
    origins = {}
    for key, tag in [(("lead", "intro"), "intro"), (("plan_name",), "plan_name")] + [
            (("parts", p.id), p.id) for p in edition.annex.parts]:
        origins[key] = Origin(source, key=labels(key))
    for i, _ in enumerate(plans):
        origins[("service_plans", i, "text")] = Origin(source, key=labels(("service_plans", i, "text")))
    declarations = sum(1 for k in values if k.split("#")[0] == "decl_unit")
    return LoadedApplication(app, source, origins, None, [o.label for o in ticks], declarations, labels)


def _plan_order(key: str) -> tuple[int, int]:
    base, _, copy = key.partition("#")
    return int(base.rsplit("_", 1)[1]), int(copy or 1)


def _labels(edition: Edition):
    """Key path → "part / field（tag）" for findings in a .docx."""
    form = {f.id: f.label for f in edition.form.fields}
    parts = {p.id: p.heading for p in edition.annex.parts}
    basic = f"{edition.annex.basic_info_heading} / "

    def describe(path: tuple) -> str:
        head = path[0]
        if head == "lead":
            tag = "lead_name" if path[1] == "name" else path[1]
            return basic + f"{form.get(tag, path[1])}（{tag}）"
        if head == "joint":
            if len(path) > 2:
                return basic + f"联合申报单位 {path[1] + 1}（{joint_field(path[1] + 1, path[2])}）"
            return basic + "联合申报单位"
        if head == "parts":
            return parts.get(path[1], "第二、三、四部分") if len(path) > 1 else "第二、三、四部分"
        if head == "service_plans":
            return f"附 {edition.annex.service_plan.title} {path[1] + 1}" if len(path) > 1 else f"附 {edition.annex.service_plan.title}"
        if head in ("plan_name", "apply_date"):
            return f"封面（{head}）"
        if head == "declaration":
            return f"附 {edition.declaration.title}"
        return ".".join(map(str, path))

    return describe


MACRO_MARKERS = (b"macroEnabled", b"vbaProject")


def load_docx(path: Path, edition: Edition) -> LoadedApplication:
    from ..docx.package import open_untrusted
    from ..docx.readback import read_fields

    types = open_untrusted(Path(path), only="[Content_Types].xml").get("[Content_Types].xml", b"")
    if any(marker in types for marker in MACRO_MARKERS):
        raise InputError("文档含有宏（VBA），出于安全考虑不予处理", Location(str(path)),
                         "在 Word 中“另存为”普通的 Word 文档（.docx），不要保存为启用宏的文档")
    return application_from_fields(read_fields(Path(path)), edition, str(path))
