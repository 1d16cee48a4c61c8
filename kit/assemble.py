"""`kit build`: an application file in, the complete 工作方案 (.docx, .pdf) and one 责任声明 per unit out.

Everything is rendered into a temporary folder next to the output folder and moved into place only when all
documents succeeded: a failure leaves no partial output behind. With a second process (pdf_helper: the command
line on a machine with more than one core), the PDFs are laid out there (Typst: kit.pdf.typeset) while this one
checks the application and writes the Word files. The command line starts that process first thing: it loads
Typst and the fonts while this one is still loading the kit and reading the application, and gets the documents
as data (kit.pdf.filled). This module imports the rest of the kit only when it builds, so that the start comes
early.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .application import Application
    from .edition import Edition
    from .figures import Figures

ANNEX_NAME = "工作方案"
DECLARATION_NAME = "责任声明"


@dataclass(frozen=True)
class Built:
    files: list[Path]


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', "_", text).strip("._")[:60] or "单位"


def build_application(app: Application, edition: Edition, outdir: Path, progress=print,
                      figures: Figures | None = None, helper: ProcessPoolExecutor | None = None,
                      meanwhile: Callable[[], None] | None = None) -> Built:
    """*figures*: the application's images, checked (kit.figures.collect); an image not among them stops the build.
    *helper*: the process for the PDFs (pdf_helper), left running for the next application; without one, everything
    is done in this process.
    *meanwhile*: the caller's own work, done while the helper lays out."""
    from .errors import BuildError
    from .filling import filled_application, filled_declarations
    from .pdf.filled import filled_jobs
    from .pdf.typeset import typeset_all

    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kit-build-", dir=outdir.parent))
    try:
        filled = filled_application(app, edition, figures)
        declarations = [(d, f"{DECLARATION_NAME}-{n:02d}-{_safe_name(d.unit_name)}")
                        for n, d in enumerate(filled_declarations(app), 1)]
        progress(f"生成 {ANNEX_NAME}.pdf 和 {len(declarations)} 份{DECLARATION_NAME}.pdf")
        jobs = filled_jobs(edition, filled, staging / f"{ANNEX_NAME}.pdf",
                           [(d, staging / f"{stem}.pdf") for d, stem in declarations])
        if helper:  # laid out there while this process writes the Word files
            rendering = helper.submit(typeset_all, jobs)
        else:
            typeset_all(jobs)
        if meanwhile:
            meanwhile()
        from .docx import filled as word  # loaded once the PDFs are under way

        progress(f"生成 {ANNEX_NAME}.docx")
        word.write_filled_annex(edition, filled, staging / f"{ANNEX_NAME}.docx")
        for declaration, stem in declarations:
            progress(f"生成 {stem}.docx")
            word.write_filled_declaration(edition, declaration, staging / f"{stem}.docx")
        if helper:
            rendering.result()  # its error, if any, is raised here
        outdir.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in sorted(staging.iterdir()):
            target = outdir / path.name
            path.replace(target)
            moved.append(target)
        return Built(moved)
    except ValueError as exc:  # lxml refuses characters XML cannot hold
        raise BuildError(f"无法写入文档：{exc}", hint="删除文本中的不可见控制字符后重试") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def pdf_helper() -> ProcessPoolExecutor | None:
    """A second process for the PDFs, or None on one core. It starts loading Typst and the fonts at once (see the
    module's note); shut it down when done (shutdown)."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .pdf.typeset import load
    from .processes import start_method

    if (os.cpu_count() or 1) < 2:
        return None
    helper = ProcessPoolExecutor(max_workers=1, mp_context=start_method())
    helper.submit(load)
    return helper
