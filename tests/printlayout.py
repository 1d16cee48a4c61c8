"""Print-layout faults found in what a printer would get: the per-page text Poppler extracts from every PDF
download, and from every .docx download as LibreOffice prints it.

A document is judged by its rendered pages only; its source (the .docx itself, or the site page a print PDF
is made from) says which table rows and titles it holds, never where they fall. Faults:

- SIGNATURE_ONLY: a page holding nothing but signature lines (法定代表人、公章、盖章处、年 月 日);
- DETACHED_SIGNATURE: a page opening with a signature line while the page before ends with text, not a signature;
- LONE_LINE: a page holding a single line (a date, a character);
- STRANDED_LABEL: an attachment's label (附件, 附) as the last line of a page, its attachment on the next;
- SPLIT_ROW: a table row whose cells are not all whole on one page;
- TITLE_BREAK: a title broken so that one of its lines holds fewer than MIN_TITLE_LINE characters.

`python tests/printlayout.py SITE_DIR` prints every download's page count and faults.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

WRAPPED_NAME_LINES, WRAPPED_NAME_CHARS = 2, 30
MIN_TITLE_LINE = 4  # characters on the shortest line of a broken title
PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")
RUNNING_HEADER = re.compile(r"^虚构示例：")  # the examples' running header (PDF) repeats on every page
DATE_LINE = re.compile(r"^(\d{4}|[_\s]*)\s*年\s*(\d{1,2})?\s*月\s*(\d{1,2})?\s*日$")
HEADING_STYLES = {"Title", "Heading1", "Heading2", "CentredHeading"}
TITLE_CLASSES = ("doc-title", "title")


@dataclass
class Structure:
    """What the source says a document holds: table rows (cell texts) and titles."""
    rows: list[list[str]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


@dataclass
class Download:
    name: str  # as the site lists it; files inside a zip as "archive.zip/member"
    pdf: Path  # the file itself, or LibreOffice's print of a .docx
    structure: Structure
    layout_pages: list[str] = field(default_factory=list)  # pdftotext -layout, per page
    raw_pages: list[str] = field(default_factory=list)  # pdftotext -raw (content order), per page


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- collecting the downloads

def signature_vocabulary(edition) -> tuple[str, ...]:
    """The line openings of every signature block the kit prints (from the edition data)."""
    d, p = edition.declaration, edition.annex.pledge
    lines = [*d.signature, *p.lead_signature, *p.joint_signature, *edition.notice.issuers]
    return tuple(dict.fromkeys(squash(line).rstrip("：:") for line in lines)) + ("公章处", "牵头单位公章处", "联合单位公章处")


def docx_structure(path: Path) -> Structure:
    import docx

    document = docx.Document(str(path))
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text not in cells:  # merged cells repeat
                    cells.append(cell.text)
            rows.append(cells)
    titles = [p.text for p in document.paragraphs if p.style is not None and p.style.style_id in HEADING_STYLES
              and p.text.strip()]
    return Structure(rows, titles)


def html_structure(path: Path) -> Structure:
    """Rows and titles of a site page's article (the text a print PDF is made from)."""
    tree = lxml_html.parse(str(path))
    article = tree.find(".//article") if tree.find(".//article") is not None else tree.getroot()
    rows = [[cell.text_content() for cell in tr.findall("./th") + tr.findall("./td")]
            for tr in article.iter("tr")]
    titles = [h.text_content().replace("¶", "") for h in article.iter("h1", "h2", "h3")]
    titles += [p.text_content() for p in article.iter("p") if set(p.get("class", "").split()) & set(TITLE_CLASSES)]
    return Structure(rows, titles)


def collect(site: Path, work: Path, print_sources: dict[str, Path]) -> list[Download]:
    """Every PDF and .docx download of *site* (also those inside zip downloads, each distinct file once), the
    .docx printed to PDF by LibreOffice in one run. *print_sources*: print PDF name → the site page it prints."""
    files: dict[str, tuple[str, Path]] = {}  # content hash → (name, path)
    downloads = site / "downloads"
    for path in sorted(downloads.iterdir()):
        if path.suffix in (".pdf", ".docx"):
            files.setdefault(_digest(path), (path.name, path))
        elif path.suffix == ".zip" and path.name != "offline-site.zip":
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if member.endswith((".pdf", ".docx")):
                        target = work / "unzipped" / path.stem / member
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(archive.read(member))
                        files.setdefault(_digest(target), (f"{path.name}/{member}", target))
    word = [path for _, path in files.values() if path.suffix == ".docx"]
    printed = print_with_libreoffice(word, work / "lo")
    found = []
    for name, path in files.values():
        if path.suffix == ".docx":
            found.append(Download(name, printed[path], docx_structure(path)))
            continue
        sibling = path.with_suffix(".docx")
        if sibling.exists():
            structure = docx_structure(sibling)
        elif path.name in print_sources:
            structure = html_structure(print_sources[path.name])
        else:
            structure = Structure()
        found.append(Download(name, path, structure))
    for download in found:
        download.layout_pages = pdf_pages(download.pdf, "-layout")
        download.raw_pages = pdf_pages(download.pdf, "-raw")
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def print_with_libreoffice(paths: list[Path], out: Path) -> dict[Path, Path]:
    """Each .docx as LibreOffice prints it (headless --convert-to pdf), all in one soffice run."""
    out.mkdir(parents=True, exist_ok=True)
    staged = {}
    for i, path in enumerate(paths):  # distinct names: zips hold files of the same name
        copy = out / f"{i:02d}-{path.name}"
        shutil.copyfile(path, copy)
        staged[path] = copy
    if not paths:
        return {}
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(out), *map(str, staged.values())]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    printed = {path: copy.with_suffix(".pdf") for path, copy in staged.items()}
    missing = [str(p) for p in printed.values() if not p.exists()]
    if result.returncode or missing:
        raise RuntimeError(f"LibreOffice 未能转换 {missing}：{result.stderr}")
    return printed


def pdf_pages(pdf: Path, mode: str) -> list[str]:
    text = subprocess.run(["pdftotext", mode, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# ---------------------------------------------------------------- the faults

def content_lines(page: str) -> list[str]:
    """A page's text lines, without blank lines, the page number and the running header."""
    lines = [line.strip() for line in page.splitlines()]
    return [line for line in lines if line and not PAGE_NUMBER.match(line) and not RUNNING_HEADER.match(line)]


def is_signature_line(line: str, vocabulary: tuple[str, ...]) -> bool:
    s = squash(line)
    return bool(DATE_LINE.match(s)) or any(s.startswith(word) for word in vocabulary)


def signature_marks(lines: list[str], vocabulary: tuple[str, ...]) -> list[bool]:
    """Which lines belong to a signature block: signature and date lines, and up to WRAPPED_NAME_LINES short
    lines after a signature line (a unit's name wrapped onto a line of its own)."""
    marks, slack = [], 0
    for line in lines:
        if is_signature_line(line, vocabulary):
            marks.append(True)
            slack = 0 if DATE_LINE.match(squash(line)) else WRAPPED_NAME_LINES
        elif slack and len(squash(line)) <= WRAPPED_NAME_CHARS:
            marks.append(True)
            slack -= 1
        else:
            marks.append(False)
            slack = 0
    return marks


def attachment_labels(edition) -> tuple[str, ...]:
    """The labels that open an attachment (附件, 附): they belong on the page of what they label."""
    return (edition.annex.attachment_label, edition.annex.appendix_label)


def page_faults(download: Download, vocabulary: tuple[str, ...], labels: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    faults = []
    pages = [content_lines(p) for p in download.layout_pages]
    for number, lines in enumerate(pages, 1):
        if len(lines) > 1 and number < len(pages) and squash(lines[-1]) in labels:
            faults.append((number, f"STRANDED_LABEL: 附件标识留在页末：{lines[-1]}"))
        signature = signature_marks(lines, vocabulary)
        if lines and all(signature):
            faults.append((number, "SIGNATURE_ONLY: 整页只有签章栏：" + " / ".join(lines)))
        elif len(lines) == 1:
            faults.append((number, f"LONE_LINE: 整页只有一行：{lines[0]}"))
        if lines and signature[0] and number > 1 and pages[number - 2] \
                and not is_signature_line(pages[number - 2][-1], vocabulary) and not all(signature):
            faults.append((number, f"DETACHED_SIGNATURE: 签章栏与所签文字分在两页：{lines[0]}"))
    return faults


def row_faults(download: Download) -> list[tuple[int, str]]:
    """Rows whose cells (those the document shows at all) are not all whole on a single page."""
    pages = [squash("".join(content_lines(p))) for p in download.raw_pages]  # a cell may run on over the break
    whole = "".join(pages)
    faults = []
    for row in download.structure.rows:
        cells = [c for c in (squash(cell) for cell in row) if len(c) >= 2]
        shown = [c for c in cells if c in whole]
        if not shown or any(all(c in page for c in shown) for page in pages):
            continue
        where = [n for n, page in enumerate(pages, 1) if any(c[:6] in page for c in shown)]
        faults.append((where[0] if where else 0, f"SPLIT_ROW: 表格行跨页断开：{shown[0][:30]}"))
    return faults


def title_faults(download: Download) -> list[tuple[int, str]]:
    """Titles printed over several lines where one line holds fewer than MIN_TITLE_LINE characters."""
    faults = []
    titles = {squash(t) for t in download.structure.titles if len(squash(t)) >= 2 * MIN_TITLE_LINE}
    for number, page in enumerate(download.layout_pages, 1):
        lines = [squash(line) for line in content_lines(page)]
        for title in titles:
            for start in range(len(lines)):
                run, joined = [], ""
                for line in lines[start:]:
                    if not line or not title.startswith(joined + line):
                        break
                    run.append(line)
                    joined += line
                    if joined == title:
                        break
                if joined == title and len(run) > 1 and min(map(len, run)) < MIN_TITLE_LINE:
                    faults.append((number, "TITLE_BREAK: 标题断行不当：" + " / ".join(run)))
    return faults


def faults(download: Download, vocabulary: tuple[str, ...], labels: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    return sorted(page_faults(download, vocabulary, labels) + row_faults(download) + title_faults(download))


def print_sources(site: Path) -> dict[str, Path]:
    """Print PDF → the site page it prints (the page's built HTML)."""
    from kit.pdf import artifacts as pdf

    def built(page: Path) -> Path:
        stem = page.relative_to(pdf.DOCS).with_suffix("")
        return site / stem / "index.html" if (site / stem / "index.html").exists() else site / f"{stem}.html"

    return {pdf.NOTICE_PDF: built(pdf.NOTICE_PAGE), pdf.ANNEX_GUIDE_PDF: built(pdf.ANNEX_PAGE)}


def report(site: Path) -> list[tuple[Download, list[tuple[int, str]]]]:
    from kit.edition import default_edition

    edition = default_edition()
    vocabulary, labels = signature_vocabulary(edition), attachment_labels(edition)
    work = Path(tempfile.mkdtemp(prefix="printlayout-"))
    try:
        return [(d, faults(d, vocabulary, labels)) for d in collect(site, work, print_sources(site))]
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    for download, found in report(Path(sys.argv[1])):
        print(f"{download.name}\t{len(download.layout_pages)} 页\t"
              + ("; ".join(f"第{n}页 {f}" for n, f in found) or "无"))
