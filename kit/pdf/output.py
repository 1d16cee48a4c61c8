"""The kit's HTML laid out by WeasyPrint, and every PDF of the kit finished with pikepdf: title, language, fixed
dates, deterministic bytes (kit.pdf.typeset finishes Typst's with the same functions). Nothing here needs the
templates or the edition."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
from pikepdf import Name, String

from ..reproducible import ISO_UTC, build_datetime
from .engine import font_config, weasyprint

AUTHOR = "网络安全保险服务试点工具包"
PDF_OPTIONS = {"pdf_tags": True}  # tagged PDF, for screen readers


def _fetcher():
    """Our HTML needs nothing from outside: data: URLs are the only URLs read."""
    return weasyprint().urls.URLFetcher(allowed_protocols={"data"})


def layout(html: str, base_url: str, forms: bool = True):
    """Lay the kit's HTML out with WeasyPrint; nothing is fetched (see _fetcher)."""
    return weasyprint().HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).render(
        pdf_forms=forms, font_config=font_config(), **PDF_OPTIONS)


def html_to_pdf(html: str, target: Path, title: str, base_url: str, forms: bool = True,
                capacity: dict[str, int] | None = None) -> None:
    """WeasyPrint → finished PDF: field font, language, title, tab order, deterministic bytes."""
    write_pdf(layout(html, base_url, forms), target, title, forms, capacity)


def write_pdf(document, target: Path, title: str, forms: bool = True, capacity: dict[str, int] | None = None
              ) -> None:
    """A laid-out document (see layout) → the finished PDF at *target*; *capacity*: see fields.setup_fields."""
    raw = document.write_pdf(pdf_forms=forms, **PDF_OPTIONS)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if forms and "/AcroForm" in pdf.Root:
            from .fields import setup_fields  # fill-in forms only: the field font is loaded when one is made

            setup_fields(pdf, capacity or {})
            for page in pdf.pages:
                page.obj.Tabs = Name.S  # tab through fields in structure (reading) order
        finish(pdf, title, document_date(document))
        save(pdf, target)


def save(pdf: pikepdf.Pdf, target: Path) -> None:
    """Write *pdf* with a content-derived ID and compressed object streams: same input, same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(target, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def document_date(document) -> dt.datetime | None:
    """The date a laid-out document carries (its HTML's dcterms.created, written as ISO_UTC), or None."""
    try:
        return dt.datetime.strptime(document.metadata.created or "", ISO_UTC)
    except ValueError:
        return None


def finish(pdf: pikepdf.Pdf, title: str, date: dt.datetime | None = None, producer: str = "WeasyPrint") -> None:
    """Title, language and fixed dates in the document information; show the title in the viewer; *producer*: the
    program that laid it out. The dates are *date* (the document's own: see document_date), else the build's
    (build_datetime). A process that lays documents out thus never works out the build's date itself: without
    SOURCE_DATE_EPOCH that loads the edition, a tenth of a second on the critical path of `kit build`."""
    stamp = (date or build_datetime()).strftime("D:%Y%m%d%H%M%SZ")
    pdf.Root.Lang = String("zh-CN")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    info = pdf.trailer.Info if "/Info" in pdf.trailer else pdf.make_indirect(pikepdf.Dictionary())
    info.Title = String(title)
    info.Author = String(AUTHOR)
    info.CreationDate = String(stamp)
    info.ModDate = String(stamp)
    info.Producer = String(f"{producer} + pikepdf")
    pdf.trailer.Info = info
