"""Word content controls (w:sdt): plain text, check box and rich text, each tagged with a stable field id.

Placeholder guidance is grey (Word's "Placeholder Text" style) and marked w:showingPlcHdr, so Word selects it
as a whole and replaces it when the user types. Controls are never locked.
"""

from __future__ import annotations

import copy
import zlib

from ..formgrid import date_fields
from .layout import DATE_BLANKS, DATE_UNITS
from .ooxml import el, run
from .styles import PLACEHOLDER, fonts_element

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

    def _properties(self, tag: str, alias: str, rpr=None):
        if tag in self._tags:
            raise ValueError(f"duplicate content-control tag: {tag}")
        self._tags.add(tag)
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

    def text(self, tag: str, alias: str, placeholder: str, value: str | None = None, rpr=None):
        """An inline plain-text control; shows grey `placeholder` unless a `value` is given."""
        properties = self._properties(tag, alias, rpr)
        if value is None:
            properties.append(el("w:showingPlcHdr"))
            content = run(placeholder, placeholder_properties(rpr))
        else:
            content = run(value, copy.deepcopy(rpr) if rpr is not None else None)
        properties.append(el("w:text"))
        return el("w:sdt", None, properties, el("w:sdtContent", None, content))

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
        """A 年/月/日 blank as three plain-text controls (<id>_year, <id>_month, <id>_day) and the unit words."""
        elements = []
        for tag, unit, blank in zip(date_fields(field_id), DATE_UNITS, DATE_BLANKS):
            elements.append(self.text(tag, f"{label}·{unit}", blank, rpr=rpr))
            elements.append(run(unit))
        return elements

    def rich_block(self, paragraph, tag: str, alias: str, placeholder: str):
        """Wrap the (empty) paragraph element in a block-level rich-text control holding grey `placeholder`;
        the user can write any number of paragraphs in it."""
        properties = self._properties(tag, alias)
        properties.append(el("w:showingPlcHdr"))
        sdt = el("w:sdt", None, properties, el("w:sdtContent"))
        paragraph.addprevious(sdt)
        sdt[1].append(paragraph)
        paragraph.append(run(placeholder, placeholder_properties(None)))
        return sdt


def placeholder_properties(rpr=None):
    """Run properties of placeholder text: the control's own formatting plus the grey placeholder style."""
    props = copy.deepcopy(rpr) if rpr is not None else el("w:rPr")
    props.insert(0, el("w:rStyle", {"w:val": PLACEHOLDER}))
    return props

