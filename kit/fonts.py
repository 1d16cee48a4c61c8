"""The official font names of the annex and what stands in for them where they are missing.

Word documents name the official font (what the applicant's Word should use) and list fallbacks in the font
table; PDF and HTML renderers use the whole stack, real fonts first, then the free fonts that cover all of
GB2312 (see the README for where they come from). Never bundle the proprietary fonts.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

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


def css_stack(official: str, generic: str = "serif") -> str:
    """A CSS font-family value for an official font name, the font this machine has first.

    fontconfig answers every name with *some* font, so a renderer given "FangSong_GB2312" on a machine without
    it would silently use whatever fontconfig substitutes; the resolved family goes first to prevent that."""
    names = FONT_STACKS.get(official, [official])
    found = resolve(official)
    if found:
        names = [found] + [n for n in names if n != found]
    return ", ".join(f'"{n}"' for n in names) + f", {generic}"


@lru_cache(maxsize=None)
def resolve(official: str) -> str | None:
    """The first font of the stack that fontconfig has on this machine (family name), or None."""
    if not shutil.which("fc-list"):
        return None
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    families = {f.strip() for line in installed.splitlines() for f in line.split(",")}
    for name in FONT_STACKS.get(official, [official]):
        if name in families:
            return name
    return None
