"""The registry of downloadable files: every renderer that contributes a file to the site is listed here."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .edition import Edition
from .errors import InputError

DOWNLOADS_DIR = "downloads"
OFFLINE_ZIP = "offline-site.zip"
DEFAULT_SOURCE_DATE_EPOCH = 1713974400  # 2024-04-25 00:00 UTC+8, the notice's date


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


def source_date_epoch() -> int:
    """Build timestamp for reproducible output: SOURCE_DATE_EPOCH, else DEFAULT_SOURCE_DATE_EPOCH."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return DEFAULT_SOURCE_DATE_EPOCH
    try:
        return int(value)
    except ValueError:
        raise InputError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒数，而不是“{value[:40]}”",
                         hint="例如 SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)，或不设置") from None


ZIP_LEVEL = 6  # zlib's default: level 9 takes twice as long for 0.2 % less (most downloads are compressed already)


def write_zip(source_dir: Path, target: Path, prefix: str = "") -> None:
    """Zip *source_dir* deterministically: sorted entries, fixed timestamps and permissions."""
    import time

    stamp = time.gmtime(max(source_date_epoch(), 315532800))[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
        for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
            if path.resolve() == target.resolve():
                continue
            info = zipfile.ZipInfo(prefix + path.relative_to(source_dir).as_posix(), date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the building machine
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=ZIP_LEVEL)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
