"""The fill-in PDF as other programs fill and show it: five fillers, five renderers, OCR of each field.

Fillers write a saved copy of the template with the same values: PDFium (pypdfium2's form-fill API, clicks and
keystrokes as Chrome/Edge pass them on), pdf.js in headless Chromium (typed into the form layer, then
saveDocument()), kit.pdf.fill, pypdf with its defaults, and pypdf as the fill-in PDF's guide tells (long values
broken into lines by the caller). Renderers show a page of a saved copy as pixels: Poppler (pdftoppm), MuPDF
(mutool draw), PDFium (with its form layer, as Chrome shows it), pdf.js on screen (the viewer's canvas and form
layer, as Firefox shows it) and pdf.js's print path (intent "print", as Firefox prints). Each field's rectangle is
cropped from the pixels and read by tesseract (chi_sim).
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont

DPI = 150  # the pdf.js viewer screenshot (1400 x 1900 px) holds a whole A4 page at this resolution
SCALE = DPI / 72
CLOSE_DPI = 300  # a second, closer reading of a field the first did not read right (see CLOSE_RENDERERS)


@dataclass(frozen=True)
class Field:
    name: str
    value: str | bool


def field_boxes(path: Path) -> dict[str, tuple[int, list[float]]]:
    """Field name → (0-based page index, [x0, y0, x1, y1] in points)."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        return {str(f.T): (pages[f.P.objgen], sorted_rect(f.Rect)) for f in pdf.Root.AcroForm.Fields}


def sorted_rect(rect) -> list[float]:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def page_height(path: Path, index: int) -> float:
    with pikepdf.open(path) as pdf:
        box = [float(v) for v in pdf.pages[index].MediaBox]
        return box[3] - box[1]


# ---------------------------------------------------------------- fillers


def fill_kit(template: Path, fields: list[Field], target: Path, page=None) -> None:
    from kit.pdf.fill import fill_pdf

    fill_pdf(template, {f.name: f.value for f in fields}, target)


def fill_pypdf(template: Path, fields: list[Field], target: Path, page=None) -> None:
    """pypdf as its documentation shows: update_page_form_field_values() with its defaults."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(template))
    boxes = field_boxes(template)
    for f in fields:
        index = boxes[f.name][0]
        value = f.value
        if isinstance(value, bool):
            annot = next(a.get_object() for a in writer.pages[index]["/Annots"] if a.get_object().get("/T") == f.name)
            value = next(k for k in annot["/AP"]["/N"] if k != "/Off") if value else "/Off"
        writer.update_page_form_field_values(writer.pages[index], {f.name: value})
    writer.write(str(target))


def fill_pypdf_lines(template: Path, fields: list[Field], target: Path, page=None) -> None:
    """pypdf as the fill-in PDF's guide tells its users (docs/annex.md): each long value broken into lines by the
    caller (pypdf breaks lines only at spaces), and auto_regenerate=False, which keeps the template's
    NeedAppearances false, so that every viewer draws pypdf's appearances. A multi-line field takes as many
    characters a line as fit its width less pypdf's 4 pt of margins at the /DA size; the values of the matrix are
    all full-width characters (one em each), apart from the code, which is on one line."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(template))
    boxes = field_boxes(template)
    with pikepdf.open(template) as pdf:
        layout = {str(f.T): (int(f.get("/Ff", 0)), str(f.get("/DA", ""))) for f in pdf.Root.AcroForm.Fields}
    for f in fields:
        index, (x0, _, x1, _) = boxes[f.name]
        value = f.value
        if isinstance(value, bool):
            annot = next(a.get_object() for a in writer.pages[index]["/Annots"] if a.get_object().get("/T") == f.name)
            value = next(k for k in annot["/AP"]["/N"] if k != "/Off") if value else "/Off"
        else:
            flags, da = layout[f.name]
            size = float(da.split()[da.split().index("Tf") - 1])
            if flags & (1 << 12) and size:
                per_line = int((x1 - x0 - 4) // size)
                value = "\n".join(value[i:i + per_line] for i in range(0, len(value), per_line))
        writer.update_page_form_field_values(writer.pages[index], {f.name: value}, auto_regenerate=False)
    writer.write(str(target))


def fill_pdfium(template: Path, fields: list[Field], target: Path, page=None) -> None:
    """Click into each field and type its value, one UTF-16 unit per FORM_OnChar, as Chrome forwards keys; then
    click on the page's margin, which commits the field. One session (open, type, save) per field: in one
    session this PDFium build writes a new appearance only for the first field typed on each page."""
    import shutil

    shutil.copy(template, target)
    for f in fields:
        _type_in_pdfium(target, f)


def _type_in_pdfium(path: Path, f: Field) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    index, (x0, y0, x1, y1) = field_boxes(path)[f.name]
    doc = pdfium.PdfDocument(path.read_bytes())
    doc.init_forms()
    form = doc.formenv.raw
    pg = doc[index]
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    raw.FORM_OnMouseMove(form, pg.raw, 0, x, y)
    raw.FORM_OnLButtonDown(form, pg.raw, 0, x, y)
    raw.FORM_OnLButtonUp(form, pg.raw, 0, x, y)
    if not isinstance(f.value, bool):
        units = f.value.encode("utf-16-le")
        for i in range(0, len(units), 2):
            raw.FORM_OnChar(form, pg.raw, int.from_bytes(units[i:i + 2], "little"), 0)
    raw.FORM_OnLButtonDown(form, pg.raw, 0, 5.0, 5.0)
    raw.FORM_OnLButtonUp(form, pg.raw, 0, 5.0, 5.0)
    raw.FORM_ForceToKillFocus(form)
    doc.save(str(path))
    doc.close()


def fill_pdfjs(template: Path, fields: list[Field], target: Path, page=None) -> None:
    """Type each value into pdf.js's form layer in Chromium (the viewer of Firefox), then saveDocument()."""
    view(page, template)
    boxes = field_boxes(template)
    for f in fields:
        show_page(page, boxes[f.name][0] + 1)
        element = page.locator(f'.annotationLayer [name="{f.name}"]')
        element.scroll_into_view_if_needed()
        if isinstance(f.value, bool):
            if f.value:
                element.check()
            continue
        element.click()
        if len(f.value) > 60:
            element.fill(f.value)  # pasted, as one would a long text
        else:
            element.press_sequentially(f.value)
        element.press("Tab")
    saved = page.evaluate("""async () => { const bytes = await window.pdfDoc.saveDocument();
        let s = ''; for (const c of bytes) s += String.fromCharCode(c); return btoa(s); }""")
    target.write_bytes(base64.b64decode(saved))


PYPDF_LINES = "pypdf（自行换行，auto_regenerate=False）"
FILLERS = {"PDFium": fill_pdfium, "pdf.js": fill_pdfjs, "kit": fill_kit, "pypdf": fill_pypdf, PYPDF_LINES: fill_pypdf_lines}


# ---------------------------------------------------------------- pdf.js in the browser

SERVED: dict[str, Path] = {}


def view(page, path: Path, scale: float | None = None) -> None:
    """Open *path* in the test viewer (tests/browser/pdfjs_viewer.html), forms layer on."""
    page.set_viewport_size({"width": 1400, "height": 1900} if scale else {"width": 1000, "height": 1400})
    page.goto(f"{SERVED['url']}/viewer.html?file={serve(path)}" + (f"&scale={scale}" if scale else ""))
    page.wait_for_function("window.formLayers >= 1", timeout=30000)


def serve(path: Path) -> str:
    root = SERVED["root"]
    name = f"doc-{len(list(root.glob('doc-*')))}.pdf"
    (root / name).write_bytes(Path(path).read_bytes())
    return name


def show_page(page, number: int) -> None:
    page.evaluate("n => { window.pdfViewer.currentPageNumber = n; }", number)
    page.wait_for_function(f"window.renderedLayers && window.renderedLayers.has({number})", timeout=30000)


# ---------------------------------------------------------------- renderers: page → PIL image at DPI


def per_page(render):
    def pages(path: Path, indexes: list[int], page=None) -> dict[int, Image.Image]:
        return {i: render(path, i) for i in indexes}
    return pages


def render_poppler(path: Path, index: int, dpi: int = DPI) -> Image.Image:
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(index + 1), "-l", str(index + 1), "-png", str(path)],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def render_mupdf(path: Path, index: int, dpi: int = DPI) -> Image.Image:
    out = subprocess.run(["mutool", "draw", "-q", "-r", str(dpi), "-F", "png", "-o", "-", str(path), str(index + 1)],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def render_pdfium(path: Path, indexes: list[int], page=None) -> dict[int, Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    doc.init_forms()  # as Chrome: the form layer draws the fields
    images = {i: doc[i].render(scale=SCALE, may_draw_forms=True).to_pil().convert("RGB") for i in indexes}
    doc.close()
    return images


def render_pdfjs_print(path: Path, indexes: list[int], page=None) -> dict[int, Image.Image]:
    """pdf.js's print path: pages drawn with intent "print" and the annotation storage, as PDFPrintService does."""
    numbers = ",".join(str(i + 1) for i in indexes)
    page.goto(f"{SERVED['url']}/print.html?file={serve(path)}&pages={numbers}&scale={SCALE}")
    page.wait_for_function("window.rendered !== undefined", timeout=60000)
    data = page.evaluate("window.rendered")
    return {i: Image.open(io.BytesIO(base64.b64decode(data[str(i + 1)].split(",", 1)[1]))).convert("RGB")
            for i in indexes}


def render_pdfjs(path: Path, indexes: list[int], page=None) -> dict[int, Image.Image]:
    """pdf.js on screen: the viewer's page (canvas and form layer) as a screenshot, at DPI."""
    view(page, path, SCALE)
    images = {}
    for i in indexes:
        show_page(page, i + 1)
        box = page.locator(f'.page[data-page-number="{i + 1}"] .canvasWrapper').bounding_box()
        shot = page.screenshot(clip=box)
        images[i] = Image.open(io.BytesIO(shot)).convert("RGB")
    return images


RENDERERS = {"Poppler": per_page(render_poppler), "MuPDF": per_page(render_mupdf), "PDFium": render_pdfium,
             "pdf.js": render_pdfjs, "pdf.js 打印": render_pdfjs_print}
# The same renderers at CLOSE_DPI, for the second reading: at 150 dpi tesseract misreads lines of 9 pt Chinese set
# one font size apart (Poppler's own multi-line fields) although every glyph is there; twice the pixels read them.
# A value cut at the field's edge or drawn in wrong glyphs stays wrong at any resolution.
CLOSE_RENDERERS = {"Poppler": lambda path, index: render_poppler(path, index, CLOSE_DPI),
                   "MuPDF": lambda path, index: render_mupdf(path, index, CLOSE_DPI)}


# ---------------------------------------------------------------- OCR


def crop(image: Image.Image, rect: list[float], height_pt: float, pad: float = 1.5) -> Image.Image:
    scale = image.height / height_pt
    x0, y0, x1, y1 = rect
    box = (int((x0 - pad) * scale), int((height_pt - y1 - pad) * scale), int((x1 + pad) * scale),
           int((height_pt - y0 + pad) * scale))
    return image.crop(box)


def ocr(images: list[Image.Image], folder: Path, lang: str = "chi_sim") -> list[str]:
    """The texts tesseract (*lang*: chi_sim, or eng for codes; one block of text each) reads in *images*, whitespace removed, full-width
    forms folded; one tesseract run for all, so that the model loads once."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, image in enumerate(images):
        grey = image.convert("L")
        # tesseract reads dark text on white best; the field background (light blue) goes to white
        grey = grey.point(lambda v: 255 if v > 170 else v)
        bordered = Image.new("L", (grey.width + 40, grey.height + 40), 255)
        bordered.paste(grey, (20, 20))
        names.append(str(folder / f"{i}.png"))
        bordered.save(names[-1])
    (folder / "list.txt").write_text("\n".join(names) + "\n")
    out = subprocess.run(["tesseract", str(folder / "list.txt"), "stdout", "-l", lang, "--psm", "6"],
                         capture_output=True, check=True, env=OCR_ENV).stdout.decode("utf-8")
    texts = out.split("\f")
    assert len(texts) >= len(images), out
    return [normalise(t) for t in texts[:len(images)]]


OCR_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread per run: the tests run two at a time


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def ink(image: Image.Image, margin: float = 0.25) -> float:
    """Share of dark pixels inside the box less *margin* of each side: a ticked box has ink inside, an empty
    one only its border; an empty text field has none."""
    grey = image.convert("L")
    w, h = grey.size
    dx, dy = int(w * margin), int(h * margin)
    inner = grey.crop((dx, dy, w - dx, h - dy))
    dark = sum(inner.histogram()[:128])
    return dark / max(1, inner.width * inner.height)


def plain(text: str, width_pt: float, size_pt: float, family: str = "Noto Sans CJK SC", dpi: int = DPI
          ) -> Image.Image:
    """*text* drawn plainly in black on white, wrapped at *width_pt*, at *dpi*: what the OCR must read right."""
    scale = dpi / 72
    px = int(size_pt * scale)
    path, index = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", family], capture_output=True, text=True,
                                 check=True).stdout.split("\n")
    font = ImageFont.truetype(path, px, index=int(index))
    lines, line = [], ""
    for ch in text:
        if font.getlength(line + ch) > width_pt * scale:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    image = Image.new("RGB", (int(width_pt * scale) + 20, int(len(lines) * px * 1.4) + 20), "white")
    draw = ImageDraw.Draw(image)
    for i, ln in enumerate(lines):
        draw.text((10, 10 + i * px * 1.4), ln, font=font, fill="black")
    return image
