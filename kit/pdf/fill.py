"""Fill a fill-in PDF of the kit with values, drawing each value's appearance so every reader shows it.

Each text value is drawn in the form's own field font (kit/pdf/fields.py): wrapped to the field's width and
shrunk, down to a legible minimum, until it fits; a value that still does not fit, or has characters the font
lacks, is reported (warnings of class FitWarning, and the returned list) instead of being clipped silently.
Check boxes switch to their "on" state.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Name

from ..errors import InputError, Location
from .fieldfont import FIELD_FONT_KEY
from .fields import set_text
from .output import finish, save


def _open(path: Path) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise InputError(f"无法打开 PDF：{exc}", Location(str(path)), "确认文件是本工具包生成的 PDF 模板") from None
    if "/AcroForm" not in pdf.Root or FIELD_FONT_KEY not in pdf.Root.AcroForm.get("/DR", {}).get("/Font", {}):
        raise InputError("PDF 中没有本工具包的表单域", Location(str(path)), "使用本工具包下载页上的可填写 PDF 模板")
    return pdf


def fields(path: Path) -> dict[str, str]:
    """Field name → type (/Tx or /Btn) of a kit PDF, in document order."""
    with _open(Path(path)) as pdf:
        return {str(f.T): str(f.FT) for f in pdf.Root.AcroForm.Fields}


def fill_pdf(template: Path, values: dict[str, str | bool], target: Path, title: str | None = None) -> list[str]:
    """Write *target*: *template* with *values* set and drawn. Unknown field names are an error.
    Returns the warnings about values that do not fit or cannot be shown (also issued as FitWarning)."""
    problems: list[str] = []
    with _open(Path(template)) as pdf:
        by_name = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        unknown = sorted(set(values) - set(by_name))
        if unknown:
            raise InputError(f"PDF 模板中没有这些表单域：{'、'.join(unknown)}", Location(str(template)),
                             "字段名见 README 的“表单域名称”一节")
        font_ref = pdf.Root.AcroForm.DR.Font[FIELD_FONT_KEY]
        for name, value in values.items():
            field = by_name[name]
            if field.FT == Name.Tx:
                problems += set_text(pdf, field, str(value), font_ref)
                continue
            states = [k for k in field.AP.N.keys() if k != "/Off"] if "/AP" in field else ["/Yes"]
            state = Name(states[0]) if value else Name.Off
            field.V = state
            field.AS = state
        pdf.Root.AcroForm.NeedAppearances = False
        finish(pdf, title or str(pdf.trailer.Info.get("/Title", "")))
        save(pdf, target)
    return problems
