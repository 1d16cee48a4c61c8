"""The font that fill-in fields use: a subset of a Chinese font covering all of GB 2312, embedded once.

A field must show whatever the applicant types, in every viewer, and every viewer that writes a field's
appearance (Chrome/Edge's PDFium, pdf.js, pypdf) must be able to encode the typed text in the field's font.
Measured (tests/test_pdf_viewers.py, README "PDF 模板"): the reader-supplied Adobe-GB1 font STSong-Light (not
embedded, no glyphs, no ToUnicode) is drawn with wrong glyphs or not at all by Poppler and MuPDF once another
program has written the appearance, pdf.js and pypdf cannot encode Chinese in it, and pdf.js prints every Latin
character a full em wide. An embedded subset with real widths and a ToUnicode map works in all of them.

The subset holds GB 2312 (its 6,763 hanzi and 682 symbols), ASCII and the full-width forms; WeasyPrint would embed
the whole font (~28 MB a page) and its ToUnicode map would turn 风 into the radical ⻛, so the font object is
built here with fontTools and pikepdf. Glyphs are addressed by CID (Identity-H), widths come from the font.

The full-width glyphs (hanzi, Chinese punctuation, full-width forms) are drawn at 0.9 of their size about the
centre of their em box, their advances unchanged (shrink_full_width()): Poppler redraws a multi-line field itself
when NeedAppearances is true (pypdf's default) and sets its lines one font size apart, and full-size hanzi lines
touched (measured: OCR read the 400-字 introduction 0.94 alike; at 0.9, 1.00).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

# The subset's family, in order of preference. GB 2312 subsets measured (CFF program; Flate-compressed as
# embedded, before shrink_full_width(), which brings Noto Sans CJK SC's to 1.25 MB): Noto Sans CJK SC 1.49 MB
# (1.31 MB), Noto Serif CJK SC 2.08 MB (1.74 MB), FandolSong 3.68 MB (3.05 MB), FandolFang, the 仿宋 stand-in,
# 4.99 MB (3.86 MB: with the page fonts over the 4 MB limit).
# Every one of them works in every viewer alike (same font format); the smallest wins.
FIELD_FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Serif CJK SC"]
FIELD_FONT_KEY = Name("/KitField")
# Full-width glyphs (hanzi, Chinese punctuation, full-width forms) are drawn at this share of their size, about
# the centre of their em box; advances stay as they are. See shrink_full_width() for what was measured.
GLYPH_SCALE = 0.9


def coverage() -> str:
    """GB 2312 (all of it), printable ASCII and the full-width forms. GB 2312's 破折号 and 间隔号 are read both
    ways they are mapped: ― U+2015 and ・ U+30FB (the standard's mapping), — U+2014 and · U+00B7 (what Windows'
    input methods and Word type)."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xFF01, 0xFF5F)} | {"\u3000"}
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            for codec in ("gb2312", "gbk"):
                try:
                    chars.add(bytes([b1, b2]).decode(codec))
                except UnicodeDecodeError:
                    pass
    return "".join(sorted(chars))


@dataclass(frozen=True)
class FieldFont:
    """A font subset ready to embed: CFF program, Unicode → CID, CID → width (1/1000 em), metrics."""

    name: str
    cff: bytes
    cids: dict[str, int]
    widths: dict[int, int]
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cid_keyed: bool

    def width(self, text: str, size: float) -> float:
        """Advance of *text* at *size* pt; characters the font lacks count as one em."""
        return sum(self.widths.get(self.cids.get(ch, -1), 1000) for ch in text) * size / 1000

    def encode(self, text: str) -> bytes:
        """Identity-H codes of *text*; characters the font lacks are left out (see missing())."""
        return b"".join(self.cids[ch].to_bytes(2, "big") for ch in text if ch in self.cids)

    def missing(self, text: str) -> str:
        return "".join(dict.fromkeys(ch for ch in text if ch not in self.cids and ch not in "\r\n"))


def font_path(family: str) -> tuple[str, int] | None:
    """(file, index in a collection) of the regular face of *family*, or None when it is not installed."""
    try:
        out = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{family}\\n", f"{family}:style=Regular"],
                             capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    for line in sorted(out.splitlines()):
        path, index, families = line.split("|", 2)
        if family in families.split(","):
            return path, int(index or 0)
    return None


@lru_cache(maxsize=None)
def field_font_data() -> FieldFont:
    for family in FIELD_FONT_FAMILIES:
        found = font_path(family)
        if found:
            return cached_subset(*found)
    raise RuntimeError("找不到表单域字体：请安装 fonts-noto-cjk（scripts/setup-system.sh 会安装）")


SUBSET_VERSION = "3"  # change when subset_font() changes what it makes


def cached_subset(path: str, index: int) -> FieldFont:
    """subset_font(), kept on disk: subsetting a 65,000-glyph CJK font takes fontTools half a minute or more.
    The entry's name is a hash of the font file, the face, the coverage, GLYPH_SCALE and SUBSET_VERSION; it is
    written atomically, and an unreadable entry is made again."""
    stat = os.stat(path)
    key = hashlib.sha256(f"{SUBSET_VERSION}|{GLYPH_SCALE}|{path}|{stat.st_size}|{stat.st_mtime_ns}|{index}|"
                         f"{coverage()}".encode()).hexdigest()[:24]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kit-fieldfont"
    entry = folder / f"{key}.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        return FieldFont(**{**data, "cff": base64.b64decode(data["cff"]), "bbox": tuple(data["bbox"]),
                            "widths": {int(k): v for k, v in data["widths"].items()}})
    except (OSError, ValueError, KeyError, TypeError):
        pass
    font = subset_font(path, index)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".tmp") as tmp:
            json.dump({**dataclasses.asdict(font), "cff": base64.b64encode(font.cff).decode("ascii")}, tmp)
        os.replace(tmp.name, entry)
    except OSError:
        pass  # no cache: the next build subsets again
    return font


def subset_font(path: str, index: int = 0, chars: str | None = None) -> FieldFont:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = [1, 2, 4, 6]
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in (chars or coverage())])
    subsetter.subset(font)
    shrink_full_width(font, GLYPH_SCALE)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    cid_keyed = hasattr(top, "ROS")
    order = font.getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}

    def cid_of(glyph: str) -> int:
        return int(glyph[3:]) if cid_keyed and glyph.startswith("cid") else gid[glyph]

    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    cids = {chr(u): cid_of(g) for u, g in cmap.items()}
    widths = {cid_of(g): round(font["hmtx"][g][0] * scale) for g in order}
    buf = io.BytesIO()
    cff.compile(buf, font)
    hhea = font["hhea"]
    ps_name = font["name"].getDebugName(6) or "KitFieldFont"
    return FieldFont(
        name=ps_name, cff=buf.getvalue(), cids=cids, widths=widths,
        bbox=tuple(round(v * scale) for v in glyph_bounds(font, order)),
        ascent=round(hhea.ascent * scale), descent=round(hhea.descent * scale), cid_keyed=cid_keyed,
    )


def shrink_full_width(font, factor: float) -> None:
    """Draw every glyph one em wide *factor* times its size about the centre of its em box (half the advance;
    halfway between the OS/2 typographic ascender and descender, 0.38 em above the baseline in Noto Sans CJK);
    the advances, and so every viewer's line breaks, stay as they are.

    Why: with NeedAppearances true (pypdf's default) Poppler redraws a multi-line field itself and sets its lines
    one font size apart (22.12: drawText, Td by -fontSize). Noto Sans CJK's hanzi reach from -0.097 to 0.860 em,
    so such lines touched, and tesseract read the 400-字 introduction 0.94 alike even at 300 dpi. At 0.9 they
    reach from -0.049 to 0.812 em, and it reads 1.00 alike at 150 dpi (tests/test_pdf_viewers.py; 0.95 read
    0.986, 0.85 read 0.999, with a looser look). Scaling the advances too (fontTools' scale_upem with the
    FontMatrix put back; 0.85) was measured and rejected: pdf.js shows a saved multi-line field with the line
    breaks of its appearance, which then held 41 characters a line where its text area (browser font, full-em
    hanzi) holds 35, so every line broke in two and the last lines fell out of the box; and the code, drawn
    smaller, read 1 as L at 150 dpi. Latin letters and digits keep their size.

    The CFF is desubroutinized first (each charstring is redrawn on its own): measured on the GB 2312 subset the
    program stays 1.49 MB and compresses better (1.25 MB, 1.31 MB subroutinized)."""
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen

    cff = font["CFF "].cff
    cff.desubroutinize()
    charstrings = cff.topDictIndex[0].CharStrings
    upem = font["head"].unitsPerEm
    os2 = font["OS/2"]
    centre_x, centre_y = upem / 2, (os2.sTypoAscender + os2.sTypoDescender) / 2
    transform = (factor, 0, 0, factor, centre_x * (1 - factor), centre_y * (1 - factor))
    glyph_set = font.getGlyphSet()
    hmtx = font["hmtx"]
    for name in font.getGlyphOrder():
        advance = hmtx[name][0]
        if advance != upem:
            continue
        charstring = charstrings[name]
        pen = T2CharStringPen(advance, glyph_set)
        glyph_set[name].draw(TransformPen(pen, transform))
        charstring.program = pen.getCharString(private=charstring.private, globalSubrs=cff.GlobalSubrs).program


def glyph_bounds(font, glyphs: list[str]) -> tuple[float, float, float, float]:
    """The union of the outlines of *glyphs* (font units): the subset's /FontBBox. The head table still holds
    the whole font's box (Noto Sans CJK: -1002 -1048 2928 1808, 2.9 em tall; the GB 2312 subset's glyphs span
    1.2 em), and pypdf spaces the lines of the appearances it writes by the /FontBBox's height."""
    from fontTools.pens.boundsPen import BoundsPen

    glyph_set = font.getGlyphSet()
    boxes = []
    for name in glyphs:
        pen = BoundsPen(glyph_set)
        glyph_set[name].draw(pen)
        if pen.bounds:
            boxes.append(pen.bounds)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _w_array(widths: dict[int, int]) -> Array:
    """/W runs of consecutive CIDs; the many 1000-wide CJK glyphs are left to /DW."""
    out: list = []
    run_start, run = None, []
    for cid in sorted(widths):
        if widths[cid] == 1000:
            continue
        if run and cid == run_start + len(run):
            run.append(widths[cid])
            continue
        if run:
            out += [run_start, Array(run)]
        run_start, run = cid, [widths[cid]]
    if run:
        out += [run_start, Array(run)]
    return Array(out)


def _to_unicode(cids: dict[str, int]) -> bytes:
    pairs = sorted((cid, ch) for ch, cid in cids.items())
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    seen: set[int] = set()
    unique = [(cid, ch) for cid, ch in pairs if not (cid in seen or seen.add(cid))]
    for i in range(0, len(unique), 100):
        chunk = unique[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for cid, ch in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def field_font(pdf: pikepdf.Pdf, data: FieldFont | None = None) -> pikepdf.Object:
    """The field font as an indirect Type0 font of *pdf*."""
    data = data or field_font_data()
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(data.cff).digest()[:6])
    base = Name(f"/{tag}+{data.name}")
    program = pikepdf.Stream(pdf, data.cff)
    program.Subtype = Name.CIDFontType0C
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=base, Flags=6, FontBBox=Array(list(data.bbox)), ItalicAngle=0,
        Ascent=data.ascent, Descent=data.descent, CapHeight=data.ascent, StemV=80, FontFile3=program,
    )
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType0, BaseFont=base,
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
        FontDescriptor=descriptor, DW=1000, W=_w_array(data.widths),
    )
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=base, Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cid_font]), ToUnicode=pikepdf.Stream(pdf, _to_unicode(data.cids)),
    ))


def fonts_drawn(pdf: pikepdf.Pdf) -> set[str]:
    """Resource names of the fonts that page content (and the form XObjects it draws) actually selects."""
    names: set[str] = set()

    def walk(content, resources, seen: set) -> None:
        for op in pikepdf.parse_content_stream(content):
            if str(op.operator) == "Tf":
                names.add(str(op.operands[0]))
            elif str(op.operator) == "Do" and resources is not None:
                xobj = resources.get("/XObject", {}).get(op.operands[0])
                if xobj is not None and xobj.get("/Subtype") == Name.Form and xobj.objgen not in seen:
                    seen.add(xobj.objgen)
                    walk(xobj, xobj.get("/Resources", resources), seen)

    for page in pdf.pages:
        walk(page, page.Resources, set())
    return names
