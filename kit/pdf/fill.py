"""Fill a fill-in PDF of the kit with values, drawing each value's appearance so every reader shows it.

The appearance of a text value is rendered by WeasyPrint (one small page per field, all in one run, so the
typed characters are embedded once, as a subset with a correct ToUnicode map) and attached to the field as its
normal appearance (/AP /N). Check boxes switch to their "on" state.
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name, String

from ..errors import InputError, Location
from ..fonts import css_stack
from .render import finish, layout, save


def _open(path: Path) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise InputError(f"无法打开 PDF：{exc}", Location(str(path)), "确认文件是本工具包生成的 PDF 模板") from None
    if "/AcroForm" not in pdf.Root:
        raise InputError("PDF 中没有可填写的表单域", Location(str(path)), "使用本工具包下载页上的可填写 PDF 模板")
    return pdf


def fields(path: Path) -> dict[str, str]:
    """Field name → type (/Tx or /Btn) of a kit PDF, in document order."""
    with _open(Path(path)) as pdf:
        return {str(f.T): str(f.FT) for f in pdf.Root.AcroForm.Fields}


def _appearance_html(items: list[tuple[str, float, float, bool]]) -> str:
    pages, styles = [], []
    for i, (text, width, height, multiline) in enumerate(items):
        styles.append(f"@page f{i} {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }} .f{i} {{ page: f{i} }}")
        css = "white-space: pre-wrap;" if multiline else "white-space: nowrap; display: flex; align-items: center;"
        pages.append(f'<div class="f{i}" style="{css}">{escape(text)}</div>')
    return (
        '<html lang="zh-CN"><head><meta charset="utf-8"><style>'
        f"html {{ font-family: {css_stack('仿宋_GB2312')}; font-size: 12pt; }}"
        "div { break-after: page; padding: 0 2pt; overflow: hidden; height: 100%; box-sizing: border-box; }"
        + "".join(styles) + "</style></head><body>" + "".join(pages) + "</body></html>"
    )


def fill_pdf(template: Path, values: dict[str, str | bool], target: Path, title: str | None = None) -> None:
    """Write *target*: *template* with *values* set and drawn. Unknown field names are an error."""
    with _open(Path(template)) as pdf:
        by_name = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        unknown = sorted(set(values) - set(by_name))
        if unknown:
            raise InputError(f"PDF 模板中没有这些表单域：{'、'.join(unknown)}", Location(str(template)),
                             "字段名见 README 的“表单域名称”一节")
        texts = [(name, str(v)) for name, v in values.items() if by_name[name].FT == Name.Tx and str(v)]
        boxes = [(name, bool(v)) for name, v in values.items() if by_name[name].FT == Name.Btn]
        items = []
        for name, text in texts:
            x0, y0, x1, y1 = (float(c) for c in by_name[name].Rect)
            multiline = int(by_name[name].get("/Ff", 0)) & 4096
            items.append((text, abs(x1 - x0), abs(y1 - y0), bool(multiline)))
        if items:
            rendered = pikepdf.open(io.BytesIO(layout(_appearance_html(items), forms=False).write_pdf()))
            for (name, text), page in zip(texts, rendered.pages):
                xobject = pdf.copy_foreign(page.as_form_xobject())
                field = by_name[name]
                field.V = String(text)
                field.AP = Dictionary(N=xobject)
        for name, on in boxes:
            field = by_name[name]
            states = [k for k in field.AP.N.keys() if k != "/Off"] if "/AP" in field else ["/Yes"]
            state = Name(states[0]) if on else Name.Off
            field.V = state
            field.AS = state
        pdf.Root.AcroForm.NeedAppearances = False
        finish(pdf, title or str(pdf.trailer.Info.get("/Title", "")))
        save(pdf, target)
