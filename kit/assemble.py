"""`kit build`: an application file in, the complete 工作方案 (.docx, .pdf) and one 责任声明 per unit out.

Everything is rendered into a temporary folder next to the output folder and moved into place only when all
documents succeeded: a failure leaves no partial output behind. With *parallel* (the command line on a machine
with more than one core), the 工作方案 PDF — the longest document — is laid out in a second process while this
one writes the Word files and the declarations.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .application import Application
from .edition import Edition
from .errors import BuildError
from .figures import Figures
from .filling import filled_application, filled_declarations

ANNEX_NAME = "工作方案"
DECLARATION_NAME = "责任声明"


@dataclass(frozen=True)
class Built:
    files: list[Path]


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', "_", text).strip("._")[:60] or "单位"


def write_annex_pdf(app: Application, edition: Edition, target: Path, figures: Figures | None = None) -> None:
    """The application's 工作方案 as a PDF, with its values printed in place of the fields."""
    from .pdf.render import write_filled_annex

    write_filled_annex(edition, filled_application(app, edition, figures), target)


def build_application(app: Application, edition: Edition, outdir: Path, progress=print,
                      figures: Figures | None = None, parallel: bool = False) -> Built:
    """*figures*: the application's images, checked (kit.figures.collect); an image not among them stops the build.
    *parallel*: the 工作方案 PDF in a second process (see the module's note)."""
    from .docx import filled as word
    from .pdf import render as pdf

    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kit-build-", dir=outdir.parent))
    helper = _helper() if parallel else None
    try:
        filled = filled_application(app, edition, figures)
        progress(f"生成 {ANNEX_NAME}.pdf")
        annex_pdf = (helper.submit(pdf.write_filled_annex, edition, filled, staging / f"{ANNEX_NAME}.pdf")
                     if helper else pdf.write_filled_annex(edition, filled, staging / f"{ANNEX_NAME}.pdf"))
        progress(f"生成 {ANNEX_NAME}.docx")
        word.write_filled_annex(edition, filled, staging / f"{ANNEX_NAME}.docx")
        pdfs = []
        for number, declaration in enumerate(filled_declarations(app), 1):
            stem = f"{DECLARATION_NAME}-{number:02d}-{_safe_name(declaration.unit_name)}"
            progress(f"生成 {stem}.docx")
            word.write_filled_declaration(edition, declaration, staging / f"{stem}.docx")
            pdfs.append((declaration, staging / f"{stem}.pdf"))
        progress(f"生成 {len(pdfs)} 份{DECLARATION_NAME}.pdf")
        pdf.write_filled_declarations(edition, pdfs)  # every unit's declaration in one layout pass
        if helper:
            annex_pdf.result()  # its error, if any, is raised here
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
        if helper:
            helper.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(staging, ignore_errors=True)


def _helper():
    """A second process for the 工作方案 PDF, or None on one core. WeasyPrint is loaded first, so that a forked
    helper starts with it."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .pdf.engine import weasyprint
    from .pipeline import start_method

    if (os.cpu_count() or 1) < 2:
        return None
    weasyprint()
    return ProcessPoolExecutor(max_workers=1, mp_context=start_method())
