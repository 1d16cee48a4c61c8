"""A filled application's documents laid out by Typst (kit/templates/filled.typ) and finished with pikepdf like
every other PDF of the kit (kit.pdf.output): title, language, fixed dates, deterministic bytes.

Typst is given only the fonts the documents name, from fontconfig: looking through every font of the system
takes it half a second. Nothing here needs the edition, so the process that lays out the 工作方案 loads this
module alone (kit.assemble)."""

from __future__ import annotations

import atexit
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from ..errors import BuildError
from ..fonts import FONT_STACKS, Face, faces
from ..templating import TEMPLATES

TEMPLATE = TEMPLATES / "filled.typ"


def load() -> None:
    """What each process sets up once: Typst and the fonts it may use."""
    _fonts()


def _stack_faces() -> tuple[Face, ...]:
    """The faces of every family the kit's font stacks name (kit.fonts)."""
    wanted = {name for stack in FONT_STACKS.values() for name in stack}
    return tuple(f for f in faces() if wanted & set(f.families))


def fallback_files(text: str) -> tuple[str, ...]:
    """Font files that hold the characters of *text* no font of the stacks has (a rare 汉字 in a unit's name):
    for each, the first face fontconfig knows that has it — what Pango would fall back to."""
    stacks = _stack_faces()
    missing = sorted(c for c in set(text) if ord(c) > 0x7F and not any(f.has(c) for f in stacks))
    files: list[str] = []
    for char in missing:
        face = next((f for f in faces() if f.has(char)), None)
        if face is not None and face.file not in files:
            files.append(face.file)
    return tuple(files)


@cache
def _fonts(extra: tuple[str, ...] = ()):
    """Typst's font book over a folder of links to the stacks' font files (and the *extra* ones), and
    {fontconfig family: Typst's name for it}; Typst's own search through every font of the system takes half a
    second."""
    import typst

    folder = Path(tempfile.mkdtemp(prefix="kit-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    links: dict[str, str] = {}  # link → the file it stands for
    for path in dict.fromkeys([f.file for f in _stack_faces()] + list(extra)):
        link = folder / f"{len(links):03d}-{os.path.basename(path)}"
        link.symlink_to(path)
        links[str(link)] = path
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(folder)])
    typst_family = {(links.get(info.path, info.path), info.index): info.family for info in fonts.fonts()}
    names = {}
    for face in _stack_faces():
        for family in face.families:
            names.setdefault(family, typst_family.get((face.file, face.index)))
    return fonts, {k: v for k, v in names.items() if v}


def typst_stack(stack: list[str]) -> list[str]:
    """A stack of fontconfig family names as Typst names them (FandolFang → FandolFang R), missing ones left out."""
    names = _fonts()[1]
    return list(dict.fromkeys(names[n] for n in stack if n in names))


def typeset(data: dict, files: dict[str, bytes], target: Path) -> None:
    """The document described by *data* (kit.pdf.filled), its figures in *files*, as a finished PDF at *target*;
    its title (data["title"]) is the same in the document information and in Typst's XMP metadata."""
    import pikepdf
    import typst

    from .output import AUTHOR, finish, save

    fonts = {role: typst_stack(stack) for role, stack in data["fmt"]["fonts"].items()}
    data = {**data, "author": AUTHOR, "fmt": {**data["fmt"], "fonts": fonts}}
    source = json.dumps(data, ensure_ascii=False)
    book, _ = _fonts(fallback_files(source))
    with tempfile.TemporaryDirectory(prefix="kit-typst-") as tmp:
        root = Path(tmp)
        shutil.copyfile(TEMPLATE, root / "main.typ")
        for name, content in files.items():
            (root / name).write_bytes(content)
        compiler = typst.Compiler(str(root / "main.typ"), root=str(root), font_paths=book,
                                  sys_inputs={"data": source})
        try:
            raw = compiler.compile()
        except typst.TypstError as exc:
            raise BuildError(f"排版 {target.name} 失败（Typst：{exc.message}）",
                             hint="检查申请文件中最近改动的文字、表格和图片") from None
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if pdf.Root.get("/MarkInfo", {}).get("/Suspects") is False:  # the default; Poppler warns on every open
            del pdf.Root.MarkInfo.Suspects
        # dated as the data says: this process need not load the edition to work the build's date out
        finish(pdf, data["title"], dt.datetime(*data["date"]), producer="Typst")
        save(pdf, target)


def typeset_all(jobs: list[tuple[dict, dict[str, bytes], Path]]) -> None:
    """Every document of an application, (data, files, target) each (kit.pdf.filled.filled_jobs)."""
    for job in jobs:
        typeset(*job)
