"""Reproducible output: one build timestamp (SOURCE_DATE_EPOCH) and deterministic zip files.

Office packages (.docx, .pptx) are saved by python-docx / python-pptx with the current time on every entry and in
the order they walk the package; normalise_zip rewrites them. write_zip packs a folder (the offline site, a worked
example's documents). Both write [Content_Types].xml first (Office expects it there), every other entry sorted by
name, one fixed timestamp and fixed permissions, so the same input and SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
CONTENT_TYPES = "[Content_Types].xml"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry
ZIP_LEVEL = 6  # zlib's default: level 9 takes twice as long for 0.2 % less (most downloads are compressed already)


def source_date_epoch() -> int:
    """Build timestamp for reproducible output: SOURCE_DATE_EPOCH, else default_epoch()."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return default_epoch()
    try:
        return int(value)
    except ValueError:
        raise InputError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒数，而不是“{value[:40]}”",
                         hint="例如 SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)，或不设置") from None


def default_epoch() -> int:
    """The fixed timestamp outside a git checkout: midnight in Shanghai on the notice's date (edition data)."""
    from .edition import default_edition

    day = default_edition().issued
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI).timestamp())


ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"  # strftime format of build_datetime() in HTML meta dcterms.created


def build_datetime() -> dt.datetime:
    """SOURCE_DATE_EPOCH as a naive UTC datetime, for document properties (dcterms:created/modified)."""
    return dt.datetime.fromtimestamp(source_date_epoch(), dt.timezone.utc).replace(tzinfo=None)


def _entry_order(name: str) -> tuple[int, str]:
    return (0 if name.endswith(CONTENT_TYPES) else 1, name)


STORED = {".zip", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".gz", ".woff", ".woff2"}  # compressed already:
# deflating them again saves under 1 % and costs half the zipping time


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime(max(source_date_epoch(), ZIP_EPOCH))[:6])
    info.create_system = 3  # Unix, whatever the building platform
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_STORED if Path(name).suffix.lower() in STORED else zipfile.ZIP_DEFLATED
    return info


def _archive(target: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)


def write_entries(target: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    """Write (name, bytes) entries as a deterministic zip at *target*."""
    with _archive(target) as archive:
        for name, data in sorted(entries, key=lambda entry: _entry_order(entry[0])):
            archive.writestr(_info(name), data, compresslevel=ZIP_LEVEL)


def normalise_zip(path: Path) -> None:
    """Rewrite the package at *path* in place with sorted entries, fixed timestamps and fixed permissions."""
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist() if not info.is_dir()]
    fd, tmp_name = tempfile.mkstemp(prefix=".normalise-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write_entries(Path(tmp_name), entries)
        shutil.copymode(path, tmp_name)  # mkstemp creates 0600; keep the saved file's mode
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_zip(source_dir: Path, target: Path, prefix: str = "", skip: Callable[[Path], bool] = lambda path: False
              ) -> None:
    """Zip every file under *source_dir* (except *target* itself and those *skip* names) deterministically, names
    under *prefix*. Files are streamed into the zip in blocks: memory stays flat whatever their number and size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    files = {prefix + p.relative_to(source_dir).as_posix(): p for p in source_dir.rglob("*")
             if p.is_file() and p.resolve() != target.resolve() and not skip(p)}
    with _archive(target) as archive:
        for name in sorted(files, key=_entry_order):
            info = _info(name)
            info.file_size = files[name].stat().st_size  # known size: a plain local header, as writestr writes
            info._compresslevel = ZIP_LEVEL  # what writestr(compresslevel=) sets
            with files[name].open("rb") as source, archive.open(info, "w") as entry:
                shutil.copyfileobj(source, entry, 1 << 20)
