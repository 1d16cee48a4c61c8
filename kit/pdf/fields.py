"""Fill-in fields: how each is set up for real values, and how a value is drawn into it.

Every text field gets the embedded field font (kit/pdf/fieldfont.py) at automatic size (``0 Tf``: the viewer
shrinks the text to fit), long values wrap (multi-line), codes stay on one line (comb cells were measured: the
form's code cells give 18 comb cells 7.3 pt each, so a code would print at 7.5 pt instead of 11 pt on one line),
and every field carries its own
appearance, blank or filled, so that no viewer has to make one up: ``NeedAppearances`` is false. With it true,
Poppler redraws the fields of copies saved by Chrome, pdf.js or pypdf itself, with wrong glyphs (measured:
tests/test_pdf_viewers.py).

pypdf's form filling sets ``NeedAppearances`` true anyway, and Poppler then redraws every field from its /DA,
check boxes included: the caption (/MK /CA) in the font named /ZaDb in /DR at the /DA size. Without a /ZaDb the
ticked box came out empty; with the standard ZapfDingbats (not embedded) at automatic size, a speck. So each
check box names /ZaDb at its own height, and /ZaDb is a Type 3 font whose one glyph is the box's own tick
(check_font()): the redrawn box looks exactly like the kit's.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..formgrid import CODE_LENGTH
from .fieldfont import FIELD_FONT_KEY, FieldFont, field_font, field_font_data, fonts_drawn

MAX_SIZE = 12.0  # pt: the body text's size, never larger
MIN_SIZE = 6.0  # pt: below this a printed value is no longer legible
LEADING = 1.25
VIEWER_LEADING = 1.6  # the line height a viewer's text area may give each line, with its border
EM_DESCENT = 0.12  # a Chinese glyph's em box sits 0.88 em above and 0.12 em below the baseline
PAD = 2.0  # pt between the field's edge and its text
# Why multi-line fields have a fixed size in /DA and single-line ones the automatic size: pdf.js sizes an
# automatic multi-line field as if a line were one em high, draws it 1.35 em high and loses the last lines
# (measured: the 400-字 introduction saved by pdf.js lost its last three lines in every renderer).
MULTILINE = 1 << 12
CODE_SUFFIX = "org_code"


class FitWarning(UserWarning):
    """A value does not fit its field even at the smallest legible size."""


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[str]
    fits: bool


def field_flags(name: str, capacity: dict[str, int]) -> int:
    """Multi-line for the fields that hold long values (those with a capacity), one line for the others."""
    return MULTILINE if name in capacity else 0


# Chinese line breaking (GB/T 15834's practice, as Word and WPS apply it): closing punctuation never starts a line,
# opening punctuation never ends one. Such a mark goes with its neighbour: a line breaks one character earlier.
NO_LINE_START = set("、。，．,.：:；;！!？?）)」』》〉】〕”’…％%")
NO_LINE_END = set("（(「『《〈【〔“‘")


def wrap(font: FieldFont, text: str, width: float, size: float) -> list[str]:
    """Lines of *text* no wider than *width* at *size*: Chinese breaks between any two characters except before
    closing and after opening punctuation, a run of Latin letters and digits stays together unless it is wider
    than a line."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if font.width(line + token, size) <= width or not line:
                line += token
            else:
                lines.append(line)
                line = token.lstrip(" ")
            while font.width(line, size) > width and len(line) > 1:  # a token wider than the line
                cut = max(1, max(i for i in range(1, len(line) + 1) if font.width(line[:i], size) <= width)
                          if font.width(line[:1], size) <= width else 1)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _tokens(text: str) -> list[str]:
    tokens, word = [], ""
    for ch in text:
        if ch.isascii() and ch.isalnum():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    joined: list[str] = []
    for token in tokens:
        if joined and (token[0] in NO_LINE_START or joined[-1][-1] in NO_LINE_END):
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def fit(font: FieldFont, text: str, width: float, height: float, flags: int) -> Fitted:
    """The largest size from MAX_SIZE down to MIN_SIZE (in 0.5 pt steps) at which *text* fits the field."""
    inner_w, inner_h = width - 2 * PAD, height - 2 * PAD
    size = MAX_SIZE
    while True:
        if flags & MULTILINE:
            lines = wrap(font, text, inner_w, size)
            fits = size * (1 + LEADING * (len(lines) - 1)) <= inner_h
        else:
            lines = [text]
            fits = font.width(text, size) <= inner_w and size <= inner_h
        if fits or size <= MIN_SIZE:
            return Fitted(size, lines, fits)
        size = max(MIN_SIZE, size - 0.5)


def appearance(pdf: pikepdf.Pdf, font_ref, field, text: str, font: FieldFont | None = None) -> tuple[pikepdf.Stream, Fitted | None]:
    """The normal appearance of text field *field* showing *text* (blank when empty)."""
    font = font or field_font_data()
    x0, y0, x1, y1 = (float(v) for v in field.Rect)
    width, height = abs(x1 - x0), abs(y1 - y0)
    flags = int(field.get("/Ff", 0))
    ops = [b"/Tx BMC"]
    fitted = None
    if text:
        fitted = fit(font, text, width, height, flags)
        size, lines = fitted.size, fitted.lines
        ops += [b"q", f"0 0 {width:.2f} {height:.2f} re W n".encode(), b"BT", b"0 g",
                f"{FIELD_FONT_KEY} {size:g} Tf".encode()]
        if flags & MULTILINE:
            top = height - PAD - size * (1 - EM_DESCENT)
        else:
            top = (height - size) / 2 + size * EM_DESCENT
        for i, line in enumerate(lines):
            y = top - i * size * LEADING
            ops.append(f"1 0 0 1 {PAD:.2f} {y:.2f} Tm <{font.encode(line).hex()}> Tj".encode())
        ops += [b"ET", b"Q"]
    ops.append(b"EMC")
    stream = pikepdf.Stream(pdf, b"\n".join(ops))
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array([0, 0, round(width, 2), round(height, 2)])
    stream.Resources = Dictionary(Font=Dictionary({str(FIELD_FONT_KEY): font_ref}))
    return stream, fitted


def set_text(pdf: pikepdf.Pdf, field, text: str, font_ref) -> list[str]:
    """Set *field*'s value and draw it; the warnings (value too long, characters the font lacks), in Chinese."""
    font = field_font_data()
    field.V = String(text)
    stream, fitted = appearance(pdf, font_ref, field, text, font)
    field.AP = Dictionary(N=stream)
    problems = []
    name = str(field.T)
    missing = font.missing(text)
    if missing:
        problems.append(f"表单域 {name}：字符“{missing}”不在表单字体（GB 2312）中，显示时会缺失；请改用常用字")
    if fitted and not fitted.fits:
        problems.append(f"表单域 {name}：内容过长，缩小到 {MIN_SIZE:g} 磅仍放不下，打印时会被截断；请缩短内容")
    for problem in problems:
        warnings.warn(problem, FitWarning, stacklevel=3)
    return problems


def viewer_size(field, capacity: int) -> float:
    """The fixed size for a multi-line field's /DA: *capacity* Chinese characters fit with every line a full
    VIEWER_LEADING high, as pdf.js's form layer shows a text area (CSS line-height "normal", 1.45 em for the
    Noto CJK fonts, and a border)."""
    x0, y0, x1, y1 = (float(v) for v in field.Rect)
    width, height = abs(x1 - x0) - 2 * PAD, abs(y1 - y0) - 2 * PAD
    font, size = field_font_data(), MAX_SIZE
    while size > MIN_SIZE and len(wrap(font, "国" * capacity, width, size)) * size * VIEWER_LEADING > height:
        size -= 0.5
    return size


def code_size(field) -> float:
    """A code field's fixed size: 18 characters fit with a tenth to spare. pdf.js's automatic size for a
    single line overestimates what fits and cuts the code's last characters (measured on a 110 pt field)."""
    x0, y0, x1, y1 = (float(v) for v in field.Rect)
    width, height = abs(x1 - x0) - 2 * PAD, abs(y1 - y0) - 2 * PAD
    size = fit(field_font_data(), "M" * 4 + "0" * (CODE_LENGTH - 4), width * 0.9, height, 0).size
    return size


def setup_fields(pdf: pikepdf.Pdf, capacity: dict[str, int]) -> None:
    """Configure every field of a freshly rendered form: font, size, lines, blank appearance. *capacity*:
    the fields that hold long values and how many characters each must hold (multi-line, fixed size);
    the others take one line at the automatic size."""
    form = pdf.Root.AcroForm
    fonts = form.DR.Font
    replaced: set[str] = set()
    font_ref = field_font(pdf)
    da = f"0 g {FIELD_FONT_KEY} 0 Tf"
    for field in form.Fields:
        if field.get("/FT") != Name.Tx:
            continue
        for token in str(field.get("/DA", "")).split():
            if token.startswith("/") and Name(token) in fonts:
                replaced.add(token)
        flags = field_flags(str(field.T), capacity)
        field.Ff = flags
        if flags & MULTILINE:
            size = viewer_size(field, capacity[str(field.T)])
        elif str(field.T).endswith(CODE_SUFFIX):
            size = code_size(field)
        else:
            size = 0
        field.DA = String(f"0 g {FIELD_FONT_KEY} {size:g} Tf")
        if str(field.T).endswith(CODE_SUFFIX):
            field.MaxLen = CODE_LENGTH
        field.AP = Dictionary(N=appearance(pdf, font_ref, field, "")[0])
    drawn = fonts_drawn(pdf)
    for token in replaced - drawn:
        for resources in [form.DR, *(page.Resources for page in pdf.pages)]:
            if Name(token) in resources.get("/Font", {}):
                del resources.Font[Name(token)]
    fonts[FIELD_FONT_KEY] = font_ref
    setup_check_boxes(pdf)
    form.DA = String(da)
    form.NeedAppearances = False


CHECK_FONT_KEY = Name("/ZaDb")  # the name Poppler (and Acrobat) look up to redraw a check box's caption
CHECK_CAPTION = "4"  # ZapfDingbats' ✔, the caption Acrobat writes for a check box in the "check" style
# Poppler draws a check box's caption centred, its baseline 0.4 em below the middle of the box (Annot.cc,
# AnnotAppearanceBuilder::drawText): at a size equal to the box's height the em square is the box, and the
# baseline sits a tenth of it above the box's foot.
CHECK_BASELINE = 0.1
PATH_OPERATORS = {"m", "l", "c", "v", "y", "h", "re"}
PAINT_OPERATORS = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}


def _is_check_box(field) -> bool:
    flags = int(field.get("/Ff", 0))
    return field.get("/FT") == Name.Btn and not flags & ((1 << 15) | (1 << 16))  # neither radio nor push button


def check_font(pdf: pikepdf.Pdf, on, width: float, height: float) -> pikepdf.Object:
    """A Type 3 font whose glyph for CHECK_CAPTION is the path of appearance *on* (a *width* × *height* box),
    scaled to the em square and raised by CHECK_BASELINE; only path and fill operators are kept (a glyph that
    sets no colour takes the /DA colour)."""
    ops = []
    for operands, operator in pikepdf.parse_content_stream(on):
        name = str(operator)
        if name not in PATH_OPERATORS | PAINT_OPERATORS:
            continue
        values = [float(v) for v in operands]
        if name == "re":
            x, y, w, h = values
            values = [x * 1000 / width, (y / height - CHECK_BASELINE) * 1000, w * 1000 / width, h * 1000 / height]
        else:
            values = [v * 1000 / width if i % 2 == 0 else (v / height - CHECK_BASELINE) * 1000
                      for i, v in enumerate(values)]
        ops.append(" ".join([*(f"{v:.1f}" for v in values), name]))
    bottom, top = -CHECK_BASELINE * 1000, (1 - CHECK_BASELINE) * 1000
    glyph = pikepdf.Stream(pdf, "\n".join([f"1000 0 0 {bottom:g} 1000 {top:g} d1", *ops]).encode("ascii"))
    code = ord(CHECK_CAPTION)
    to_unicode = pikepdf.Stream(pdf, "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange <00> <FF> endcodespacerange",
        f"1 beginbfchar <{code:02X}> <2714> endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]).encode("ascii"))
    bbox = Array([0, bottom, 1000, top])
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/KitCheck"), Flags=4, ItalicAngle=0,
                            FontBBox=bbox)  # a Type 3 font of a tagged PDF has a descriptor
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=bbox, FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]),
        CharProcs=Dictionary(check=glyph), Encoding=Dictionary(Type=Name.Encoding, Differences=Array([code, Name.check])),
        FirstChar=code, LastChar=code, Widths=Array([1000]), Resources=Dictionary(),
        FontDescriptor=pdf.make_indirect(descriptor), ToUnicode=to_unicode,
    ))


def setup_check_boxes(pdf: pikepdf.Pdf) -> None:
    """Give every check box what a viewer that redraws it needs: the caption, a /DA naming /ZaDb at the box's
    height, and /ZaDb in /DR (check_font(), made from the first box's own tick)."""
    form = pdf.Root.AcroForm
    font = None
    for field in form.Fields:
        if not _is_check_box(field) or "/AP" not in field:
            continue
        x0, y0, x1, y1 = (float(v) for v in field.Rect)
        width, height = abs(x1 - x0), abs(y1 - y0)
        if font is None:
            on = next((field.AP.N[k] for k in field.AP.N.keys() if k != "/Off"), None)
            if on is None:
                continue
            font = check_font(pdf, on, width, height)
        mk = field.get("/MK", Dictionary())
        mk.CA = String(CHECK_CAPTION)
        field.MK = mk
        field.DA = String(f"0 g {CHECK_FONT_KEY} {height:.2f} Tf")
    if font is not None:
        form.DR.Font[CHECK_FONT_KEY] = font
