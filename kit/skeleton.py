"""`kit new`: a complete, commented application skeleton generated from the edition data."""

from __future__ import annotations

from pathlib import Path

from .edition import Edition, cn_date
from .errors import InputError, Location
from .templating import file_environment


def skeleton(edition: Edition) -> str:
    return file_environment(html=False).get_template("application_skeleton.yaml.j2").render(ed=edition, cn_date=cn_date)


def write_skeleton(edition: Edition, path: Path, force: bool = False) -> None:
    if path.exists() and not force:
        raise InputError("文件已存在，未覆盖", Location(str(path)), "换一个文件名，或加 --force 覆盖")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(edition), encoding="utf-8")
