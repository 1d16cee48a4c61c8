"""The kit's HTML laid out by WeasyPrint and finished with pikepdf: title, language, fixed dates, deterministic
bytes. Nothing here needs the templates or the edition, so a second process can load this module alone
(kit.assemble: it starts loading WeasyPrint while the first process is still reading the application)."""

from __future__ import annotations

import datetime as dt
import gc
import io
from pathlib import Path

import pikepdf
from pikepdf import Name, String

from ..reproducible import ISO_UTC, build_datetime
from .engine import font_config, weasyprint

AUTHOR = "网络安全保险服务试点工具包"
PDF_OPTIONS = {"pdf_tags": True}  # tagged PDF, for screen readers


def load() -> None:
    """Everything a PDF needs that each process sets up once: WeasyPrint and its font configuration. In a process
    of its own (kit.assemble), without the cyclic garbage collector: see run_jobs."""
    gc.disable()
    weasyprint()
    font_config()


_RAN = []  # run_jobs has run in this process


def run_jobs(jobs: list[tuple]) -> None:
    """PDF jobs, (function, arguments) each: the first in this process, every other one in a process forked from
    it now — with WeasyPrint already loaded (kit.assemble sends the jobs to a process that has loaded it). The
    first is the longest (the 工作方案): the others step aside for it (kit.processes.step_aside).

    The cyclic garbage collector stays off: a layout's objects live until its PDF is written, so the collections
    during one (a tenth of its time for the 39-page 工作方案) free next to nothing. What an earlier call left is
    collected before the next one starts (several applications in one call)."""
    from concurrent.futures import ProcessPoolExecutor

    from ..processes import start_method

    if _RAN:
        gc.collect()
    _RAN.append(True)
    gc.disable()
    others = ProcessPoolExecutor(max_workers=len(jobs) - 1, mp_context=start_method()) if len(jobs) > 1 else None
    try:
        started = [others.submit(_aside, function, arguments) for function, arguments in jobs[1:]] if others else []
        function, arguments = jobs[0]
        function(*arguments)
        for future in started:
            future.result()  # its error, if any, is raised here
    finally:
        if others:
            others.shutdown(wait=True, cancel_futures=True)


def _aside(function, arguments: tuple):
    from ..processes import step_aside

    step_aside()
    return function(*arguments)


def _fetcher():
    """Our HTML needs nothing from outside; an applicant's text must not make the renderer fetch anything.
    Figures come inline: data: URLs made from checked bytes (kit.figures) are the only URLs read."""
    return weasyprint().urls.URLFetcher(allowed_protocols={"data"})


def layout(html: str, base_url: str, forms: bool = True):
    """Lay the kit's HTML out with WeasyPrint; nothing is fetched (see _fetcher)."""
    return weasyprint().HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).render(
        pdf_forms=forms, font_config=font_config(), **PDF_OPTIONS)


def html_to_pdf(html: str, target: Path, title: str, base_url: str, forms: bool = True,
                capacity: dict[str, int] | None = None) -> None:
    """WeasyPrint → finished PDF: field font, language, title, tab order, deterministic bytes."""
    write_pdf(layout(html, base_url, forms), target, title, forms, capacity)


UNIT_ANCHOR = "kit-unit-{}"


def combined_html(htmls: list[str]) -> str:
    """Documents made from the same template (same head and stylesheet) as one HTML document: each starts on a
    new page, in its own named page group whose numbering restarts at 1, so each keeps its own page rules."""
    head = htmls[0].split("<body>", 1)[0]
    restarts = "".join(f"@page kit-unit-{i}:nth(1 of kit-unit-{i}) {{ counter-reset: page 1; }}\n"
                       for i in range(1, len(htmls) + 1))
    bodies = []
    for i, html in enumerate(htmls, 1):
        body = html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        bodies.append(f'<div id="{UNIT_ANCHOR.format(i)}" style="page: kit-unit-{i}; break-before: page">{body}</div>')
    return head.replace("</style>", restarts + "</style>", 1) + "<body>\n" + "\n".join(bodies) + "\n</body>\n</html>\n"


def split_documents(document, count: int) -> list:
    """The laid-out combined document (see combined_html) cut back into its *count* documents."""
    starts = []
    for i in range(1, count + 1):
        anchor = UNIT_ANCHOR.format(i)
        starts.append(next(n for n, page in enumerate(document.pages) if anchor in page.anchors))
    ends = starts[1:] + [len(document.pages)]
    return [document.copy(document.pages[start:end]) for start, end in zip(starts, ends)]


def html_to_pdfs(items: list[tuple[str, Path, str]], base_url: str, forms: bool = True) -> None:
    """Several documents of one template, (html, target, title) each, laid out in one WeasyPrint pass (the
    stylesheet and the fonts are set up once) and written as one PDF each."""
    if len(items) == 1:
        html_to_pdf(*items[0], base_url, forms=forms)
        return
    combined = layout(combined_html([html for html, _, _ in items]), base_url, forms)
    for part, (_, target, title) in zip(split_documents(combined, len(items)), items):
        write_pdf(part, target, title, forms)


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


def finish(pdf: pikepdf.Pdf, title: str, date: dt.datetime | None = None) -> None:
    """Title, language and fixed dates in the document information; show the title in the viewer. The dates are
    *date* (the document's own: see document_date), else the build's (build_datetime). A process that lays out the
    kit's HTML thus never works out the build's date itself: without SOURCE_DATE_EPOCH that loads the edition, a
    tenth of a second on the 工作方案's critical path and again in the declarations' process (kit.assemble)."""
    stamp = (date or build_datetime()).strftime("D:%Y%m%d%H%M%SZ")
    pdf.Root.Lang = String("zh-CN")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    info = pdf.trailer.Info if "/Info" in pdf.trailer else pdf.make_indirect(pikepdf.Dictionary())
    info.Title = String(title)
    info.Author = String(AUTHOR)
    info.CreationDate = String(stamp)
    info.ModDate = String(stamp)
    info.Producer = String("WeasyPrint + pikepdf")
    pdf.trailer.Info = info
