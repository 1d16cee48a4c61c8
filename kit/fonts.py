"""The official font names of the annex and what stands in for them where they are missing.

Word documents name the official font (what the applicant's Word should use) and list fallbacks in the font
table; PDF and HTML renderers use the whole stack, real fonts first, then the free fonts that cover all of
GB2312 (see the README for where they come from). Never bundle the proprietary fonts.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

# official name → [Windows names, macOS names, free fonts covering GB2312]
FONT_STACKS: dict[str, list[str]] = {
    "仿宋_GB2312": ["FangSong_GB2312", "FangSong", "仿宋", "STFangsong", "FandolFang", "Noto Serif CJK SC"],
    "黑体": ["SimHei", "黑体", "STHeiti", "FandolHei", "Noto Sans CJK SC"],
    "楷体_GB2312": ["KaiTi_GB2312", "KaiTi", "楷体", "STKaiti", "FandolKai", "AR PL UKai CN", "LXGW WenKai"],
    "宋体": ["SimSun", "宋体", "STSong", "FandolSong", "Noto Serif CJK SC"],
}

# Word's name for the font as installed on current Windows, used as w:altName in the font table.
WORD_ALT_NAMES: dict[str, str] = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}

# The official names as Word knows them (w:eastAsia slot).
WORD_NAMES: dict[str, str] = {
    "仿宋_GB2312": "仿宋_GB2312",
    "楷体_GB2312": "楷体_GB2312",
    "黑体": "黑体",
    "宋体": "宋体",
}


def stack(official: str, bold: bool = False) -> list[str]:
    """The families to try for an official font name, the font this machine has first.

    fontconfig answers every name with *some* font, so a renderer given "FangSong_GB2312" on a machine without
    it would silently use whatever fontconfig substitutes; the resolved family goes first to prevent that.
    With *bold*, the first font of the stack that has a real bold face goes first: a font without one is
    asked for in bold is embedded a second time by WeasyPrint, and shown in its regular weight by Typst (FandolKai
    has no bold face; the 楷体 stack's bold is then LXGW WenKai Bold)."""
    names = FONT_STACKS.get(official, [official])
    found = resolve(official, bold)
    return [found] + [n for n in names if n != found] if found else list(names)


def css_stack(official: str, generic: str = "serif", bold: bool = False) -> str:
    """A CSS font-family value for an official font name (see stack)."""
    return ", ".join(f'"{n}"' for n in stack(official, bold)) + f", {generic}"


@dataclass(frozen=True)
class Face:
    """One font face as fontconfig lists it."""
    families: tuple[str, ...]
    file: str
    index: int
    weight: int  # fontconfig's: 80 regular, 200 bold (the heaviest, for a variable font)
    charset: str  # the code points it has, ranges in hex: "20-7e a0-17f 4e00-9fa5 …"

    @cached_property
    def _ranges(self) -> tuple[list[int], list[int]]:
        starts, ends = [], []
        for token in self.charset.split():
            low, _, high = token.partition("-")
            starts.append(int(low, 16))
            ends.append(int(high or low, 16))
        return starts, ends

    def has(self, char: str) -> bool:
        starts, ends = self._ranges
        n = bisect.bisect_right(starts, ord(char)) - 1
        return n >= 0 and ord(char) <= ends[n]


@cache
def faces() -> tuple[Face, ...]:
    """Every font face fontconfig knows on this machine, in the order of their files' paths (one fc-list run)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    listing = subprocess.run([fc_list, "--format", "%{family}\t%{file}\t%{index}\t%{weight}\t%{charset}\n"],
                             capture_output=True, text=True, check=False).stdout
    found = []
    for line in listing.splitlines():
        families, path, index, weight, charset = (line.split("\t") + [""] * 4)[:5]
        found.append(Face(tuple(filter(None, (f.strip() for f in families.split(",")))), path, int(index or 0),
                          max(map(int, re.findall(r"\d+", weight)), default=0), charset))
    return tuple(sorted(found, key=lambda f: (f.file, f.index)))


@lru_cache(maxsize=None)
def _installed() -> tuple[frozenset[str], frozenset[str]]:
    """(every family fontconfig has, the families with a bold face) on this machine."""
    families = {name for face in faces() for name in face.families}
    bold = {name for face in faces() if face.weight >= 200 for name in face.families}  # fontconfig's FC_WEIGHT_BOLD
    return frozenset(families), frozenset(bold)


@lru_cache(maxsize=None)
def resolve(official: str, bold: bool = False) -> str | None:
    """The first font of the stack that fontconfig has on this machine (family name), or None; with *bold*, the
    first that has a bold face, else the first installed."""
    families, bold_families = _installed()
    stack = FONT_STACKS.get(official, [official])
    if bold:
        for name in stack:
            if name in bold_families:
                return name
    for name in stack:
        if name in families:
            return name
    return None
