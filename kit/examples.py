"""Worked examples: each folder under examples/ is an application (application.yaml + Markdown parts).

The build checks every example (an error fails the build) and renders it with the assembler into downloads;
kit.example_pages generates its site pages from the same files, so the pages, the .docx and the PDF can never
disagree.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

from .application import LoadedApplication, load_application
from .check.run import check
from .check.wordcount import count
from .downloads import Artifact, Batch
from .reproducible import write_zip
from .edition import Edition
from .errors import BuildError
from .markup import plain_text

APPLICATION_FILE = "application.yaml"
WORD_SUFFIX = "-gongzuo-fangan.docx"
PDF_SUFFIX = "-gongzuo-fangan.pdf"
ZIP_SUFFIX = "-zeren-shengming.zip"  # every unit's 责任声明; the 工作方案 files are downloads of their own


@dataclass
class Example:
    slug: str
    folder: Path

    @cached_property
    def loaded(self) -> LoadedApplication:
        return load_application(self.folder / APPLICATION_FILE)

    @property
    def page(self) -> str:
        return f"examples/{self.slug}.md"

    def file_name(self, suffix: str) -> str:
        return f"shili-{self.slug}{suffix}"


def find_examples(examples_dir: Path) -> list[Example]:
    if not examples_dir.is_dir():
        return []
    return [Example(d.name, d) for d in sorted(examples_dir.iterdir()) if (d / APPLICATION_FILE).is_file()]


def require_clean(example: Example, edition: Edition) -> None:
    errors = [f for f in check(example.loaded, edition) if f.severity == "error"]
    if errors:
        raise BuildError(f"示例 {example.slug} 未通过检查：\n" + "\n".join(str(f) for f in errors))


def render_example(folder: Path, edition: Edition, target: Path) -> None:
    """Render one worked example into *target*: its 工作方案 (.docx, .pdf) and the zip of every unit's 责任声明
    (no file twice). One task per example: the assembler runs once and every file comes from that run."""
    from .assemble import ANNEX_NAME, build_application
    from .figures import collect

    example = Example(folder.name, folder)
    with tempfile.TemporaryDirectory(prefix="kit-example-") as tmp:
        out = Path(tmp) / example.slug
        build_application(example.loaded.app, edition, out, progress=_silent, figures=collect(example.loaded))
        for suffix, kind in ((WORD_SUFFIX, "docx"), (PDF_SUFFIX, "pdf")):
            shutil.move(out / f"{ANNEX_NAME}.{kind}", target / example.file_name(suffix))
        write_zip(out, target / example.file_name(ZIP_SUFFIX), prefix=f"{example.slug}/")


def render_example_file(folder: Path, name: str, edition: Edition, path: Path) -> None:
    """One file of an example on its own (the build renders the whole example once, see render_example)."""
    with tempfile.TemporaryDirectory(prefix="kit-example-") as tmp:
        render_example(folder, edition, Path(tmp))
        shutil.copyfile(Path(tmp) / name, path)


def _silent(message: str) -> None:
    pass


def artifacts(examples_dir: Path) -> list[Artifact]:
    found = []
    for example in find_examples(examples_dir):
        batch = Batch(f"example-{example.slug}", partial(render_example, example.folder), sources=(example.folder,))
        title = example.loaded.app.plan_name
        for suffix, heading, fmt, description in (
            (WORD_SUFFIX, f"{title}（Word）", "Word（.docx）", "由示例申报文件自动生成"),
            (PDF_SUFFIX, f"{title}（PDF）", "PDF", "由示例申报文件自动生成"),
            (ZIP_SUFFIX, f"{title}：责任声明", "ZIP", "每个申报单位的责任声明（.docx 和 .pdf）"),
        ):
            name = example.file_name(suffix)
            found.append(Artifact(name, heading, fmt, "示例（虚构）", description,
                                  partial(render_example_file, example.folder, name), batch=batch))
    return found


def word_counts(example: Example, edition: Edition) -> dict:
    """Word's 字数 of each part as the finished document shows it (one source for the page and the guides):
    {"intro": (words, hanzi), <part id>: …, "narrative": …, "plans": [(words, hanzi), …]}."""
    app = example.loaded.app

    def pair(text: str) -> tuple[int, int]:
        c = count(text)
        return c.words, c.hanzi

    counts = {"intro": pair(app.lead.intro)}
    counts.update({p.id: pair(plain_text(app.parts.get(p.id, ""))) for p in edition.annex.parts})
    counts["narrative"] = pair("\n".join(plain_text(app.parts.get(p.id, "")) for p in edition.annex.parts))
    counts["plans"] = [pair("\n".join([s.title, plain_text(s.text)])) for s in app.service_plans]
    return counts
