"""Reproducible Office Open XML packages (.docx, .pptx, .xlsx).

python-pptx and python-docx stamp every zip entry with the current time and write entries in the order they
walk the package. normalise_zip rewrites a saved package so that the same input and SOURCE_DATE_EPOCH give the
same bytes: [Content_Types].xml first (Office expects it there), every other entry sorted by name, one fixed
timestamp and fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

CONTENT_TYPES = "[Content_Types].xml"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """The date_time of every entry: SOURCE_DATE_EPOCH in UTC (never before 1980)."""
    from .downloads import source_date_epoch

    return time.gmtime(max(source_date_epoch(), ZIP_EPOCH))[:6]


def build_datetime() -> dt.datetime:
    """SOURCE_DATE_EPOCH as a naive UTC datetime, for document core properties (dcterms:created/modified)."""
    from .downloads import source_date_epoch

    return dt.datetime.fromtimestamp(source_date_epoch(), dt.timezone.utc).replace(tzinfo=None)


def _entry_order(name: str) -> tuple[int, str]:
    return (0 if name == CONTENT_TYPES else 1, name)


def normalise_zip(path: Path) -> None:
    """Rewrite the package at *path* in place with sorted entries, fixed timestamps and fixed permissions."""
    path = Path(path)
    stamp = zip_timestamp()
    with zipfile.ZipFile(path) as source:
        entries = {info.filename: source.read(info) for info in source.infolist() if not info.is_dir()}
    fd, tmp_name = tempfile.mkstemp(prefix=".normalise-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target:
            for name in sorted(entries, key=_entry_order):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3  # Unix, whatever the building platform
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, entries[name], compresslevel=9)
        shutil.copymode(path, tmp_name)  # mkstemp creates 0600; keep the saved file's mode
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
