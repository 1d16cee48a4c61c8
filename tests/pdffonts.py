"""The fonts a PDF embeds, by the PostScript name inside each embedded font program (not the name the PDF gives
it): a font embedded twice under two names — WeasyPrint's copy for a weight the font does not have — shows."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pikepdf
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont


def embedded_programs(path: Path) -> list[str]:
    names = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
                continue
            for key in ("/FontFile3", "/FontFile2", "/FontFile"):
                if key not in obj:
                    continue
                data = obj[key].read_bytes()
                if key == "/FontFile3" and obj[key].get("/Subtype") != "/OpenType":
                    cff = CFFFontSet()
                    cff.decompile(io.BytesIO(data), None)
                    names.append(cff.fontNames[0])
                elif key == "/FontFile":
                    names.append(str(obj.get("/FontName")))
                else:
                    names.append(TTFont(io.BytesIO(data))["name"].getDebugName(6))
    return names


def twice_embedded(path: Path) -> list[str]:
    return [name for name, n in Counter(embedded_programs(path)).items() if n > 1]
