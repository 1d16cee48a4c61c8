"""The font that fill-in fields use: a predefined Adobe-GB1 CID font, referenced and not embedded.

WeasyPrint embeds the whole font a form field uses (a CJK font makes a one-page form ~28 MB, and its full
ToUnicode map turns 风 into the radical ⻛ on copy-paste). A field needs a font that can show *any* Chinese
character the applicant types, so subsetting cannot help. PDF readers ship the Adobe-GB1 character collection
for exactly this case: a Type0 font named STSong-Light with a Unicode CMap is drawn with the reader's own
Chinese font (Acrobat and Reader, Preview, PDFium in Chrome/Edge, pdf.js; Poppler with poppler-data).
The page text itself stays in subsetted, embedded fonts.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String

FIELD_FONT_KEY = Name("/STSong")
FIELD_FONT_SIZE = 12


def field_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/STSong-Light"), Flags=6,
        FontBBox=Array([-25, -254, 1000, 880]), ItalicAngle=0, Ascent=880, Descent=-120, CapHeight=880, StemV=93,
    )
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType0, BaseFont=Name("/STSong-Light"),
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("GB1"), Supplement=4),
        FontDescriptor=descriptor, DW=1000,
    )
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/STSong-Light"), Encoding=Name("/UniGB-UTF16-H"),
        DescendantFonts=Array([cid_font]),
    ))


def use_field_font(pdf: pikepdf.Pdf) -> None:
    """Point every text field at the predefined CJK font and drop the fonts WeasyPrint embedded for fields."""
    form = pdf.Root.AcroForm
    fonts = form.DR.Font
    replaced: set[str] = set()
    da = f"0 g {FIELD_FONT_KEY} {FIELD_FONT_SIZE} Tf"
    for field in form.Fields:
        if field.get("/FT") != Name.Tx:
            continue
        old = str(field.get("/DA", ""))
        for token in old.split():
            if token.startswith("/") and Name(token) in fonts:
                replaced.add(token)
        field.DA = String(da)
    drawn = fonts_drawn(pdf)
    for token in replaced - drawn:
        for resources in [form.DR, *(page.Resources for page in pdf.pages)]:
            if Name(token) in resources.get("/Font", {}):
                del resources.Font[Name(token)]
    fonts[FIELD_FONT_KEY] = field_font(pdf)
    form.DA = String(da)


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
