"""What a downloadable file is (Artifact, Batch) and how its size is shown; the catalogue of them is kit.catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .edition import Edition

DOWNLOADS_DIR = "downloads"
OFFLINE_ZIP = "offline-site.zip"


@dataclass(frozen=True)
class Batch:
    """Several downloads made by one rendering (a worked example: its Word file, its PDF and the zip of all its
    documents). ``render(edition, folder)`` writes every file of the artifacts that name this batch."""

    id: str
    render: Callable[[Edition, Path], None]
    sources: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Artifact:
    """A downloadable file. Renderers run in worker processes, so ``render`` must be picklable: a module-level
    function or a functools.partial of one, never a lambda or a closure."""

    name: str  # file name under downloads/
    title: str
    format: str  # shown to users, e.g. "Word（.docx）"
    group: str  # 申报模板 / 培训材料 …
    description: str
    render: Callable[[Edition, Path], None]  # writes the file at the given path
    sources: tuple[Path, ...] = ()  # inputs besides the edition, the kit package and SOURCE_DATE_EPOCH
    batch: Batch | None = None  # rendered together with other artifacts (then render is for standalone use)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
