"""The templates' fill-in places, each named with a stable field id (kit.formgrid).

Text blanks are legacy FORMTEXT form fields (kit.docx.formfields: they survive a fill-and-save in LibreOffice,
content controls do not); their placeholder is the field's default text. Tick boxes are Word check-box content
controls (w14:checkbox) showing ☐/☒: Word and WPS toggle them with a click, and LibreOffice keeps the glyph, which is
what the checker reads. Nothing is locked.
"""

from __future__ import annotations

import copy
import zlib

from ..formgrid import date_fields
from .formfields import form_text
from .layout import DATE_BLANKS, DATE_UNITS
from .ooxml import el, run
from .styles import fonts_element

CHECKED_CHAR, UNCHECKED_CHAR = "2612", "2610"  # ☒ ☐ (hex code points, as w14:checkedState stores them)
CHECKBOX_FONT = "Segoe UI Symbol"  # ships with every current Windows and has both glyphs


def control_id(tag: str) -> int:
    """A stable positive 32-bit w:id derived from the tag."""
    return zlib.crc32(tag.encode("utf-8")) & 0x7FFFFFFF


class ControlFactory:
    """Makes the content controls of one document and guarantees that their tags and ids are unique."""

    def __init__(self) -> None:
        self._tags: set[str] = set()
        self._ids: set[int] = set()

    def _claim(self, tag: str) -> None:
        if tag in self._tags:
            raise ValueError(f"duplicate field name: {tag}")
        self._tags.add(tag)

    def _properties(self, tag: str, alias: str, rpr=None):
        self._claim(tag)
        number = control_id(tag)
        while number in self._ids:
            number = (number + 1) & 0x7FFFFFFF
        self._ids.add(number)
        properties = el("w:sdtPr")
        if rpr is not None:
            properties.append(copy.deepcopy(rpr))
        properties.append(el("w:alias", {"w:val": alias}))
        properties.append(el("w:tag", {"w:val": tag}))
        properties.append(el("w:id", {"w:val": number}))
        return properties

    def text(self, tag: str, alias: str, placeholder: str, value: str | None = None, rpr=None) -> list:
        """An inline text blank (FORMTEXT field *tag*) showing `placeholder` unless a `value` is given."""
        self._claim(tag)
        return form_text(tag, placeholder, len(self._tags), value, copy.deepcopy(rpr) if rpr is not None else None,
                         help_text=alias)

    def checkbox(self, tag: str, alias: str, checked: bool = False):
        """An inline check box drawn as ☐ / ☒."""
        glyph_props = el("w:rPr", None, fonts_element(CHECKBOX_FONT))
        properties = self._properties(tag, alias, glyph_props)
        properties.append(el(
            "w14:checkbox", None,
            el("w14:checked", {"w14:val": int(checked)}),
            el("w14:checkedState", {"w14:val": CHECKED_CHAR, "w14:font": CHECKBOX_FONT}),
            el("w14:uncheckedState", {"w14:val": UNCHECKED_CHAR, "w14:font": CHECKBOX_FONT}),
        ))
        glyph = chr(int(CHECKED_CHAR if checked else UNCHECKED_CHAR, 16))
        return el("w:sdt", None, properties, el("w:sdtContent", None, run(glyph, copy.deepcopy(glyph_props))))

    def date(self, field_id: str, label: str, rpr=None) -> list:
        """A 年/月/日 blank as three text fields (<id>_year, <id>_month, <id>_day) and the unit words."""
        elements = []
        for tag, unit, blank in zip(date_fields(field_id), DATE_UNITS, DATE_BLANKS):
            elements += self.text(tag, f"{label}·{unit}", blank, rpr=rpr)
            elements.append(run(unit))
        return elements

    def block(self, paragraph, tag: str, alias: str, placeholder: str):
        """Put a text blank showing `placeholder` in the (empty) paragraph: the place to start writing a long
        part. The applicant types over it and adds paragraphs after it; the checker reads the part by its heading."""
        paragraph.extend(self.text(tag, alias, placeholder))
        return paragraph
