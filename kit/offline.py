"""The offline bundle (downloads/offline-site.zip): the whole site, to read and search from file://.

It holds every page, the search index and every download, each file once: a worked example's 工作方案 (.docx,
.pdf) is a download of its own, so the example's zip holds only the units' 责任声明. Source maps (*.map, for
browsers' developer tools) are left out. The downloads page states the bundle's size: the pages carry SIZE_MARK
until the zip exists, then its size, and the zip is written again if that changes the size shown."""

from __future__ import annotations

from pathlib import Path

from .downloads import human_size
from .reproducible import write_zip

SIZE_MARK = "KIT-OFFLINE-SIZE"  # in a page's text until the bundle's size is known
LEFT_OUT = (".map",)  # suffixes not bundled
MARKED = (".html", ".json")  # pages and the search index: where the size can appear


def left_out(path: Path) -> bool:
    return path.suffix in LEFT_OUT


def write_bundle(site: Path, target: Path, guess: str = "") -> str:
    """Zip *site* into *target* (names under site/) and write its size into the pages; return the size shown.
    *guess* (the last build's size) usually saves the second zipping."""
    marked = {path: path.read_text(encoding="utf-8") for path in site.rglob("*")
              if path.suffix in MARKED and path.is_file() and SIZE_MARK in path.read_text(encoding="utf-8")}
    shown = guess or "?"
    for _ in range(5):  # the size shown changes the size only by a few bytes: it settles at once
        for path, text in marked.items():
            path.write_text(text.replace(SIZE_MARK, shown), encoding="utf-8")
        write_zip(site, target, prefix="site/", skip=left_out)
        size = human_size(target.stat().st_size)
        if size == shown or not marked:
            return size
        shown = size
    return shown
