"""A PDF process dates its document from the document itself: working out the build's date without
SOURCE_DATE_EPOCH loads the edition (pydantic and all), a tenth of a second on the critical path of `kit build`."""

from __future__ import annotations

import json
import os
from pathlib import Path

DATED_PDF = """
import sys
from pathlib import Path

import pikepdf

from kit.pdf.output import html_to_pdf

meta = '<meta name="dcterms.created" content="{created}">' if "{created}" else ""
html_to_pdf(f'<html lang="zh-CN"><head>{meta}</head><body><p>虚构示例</p></body></html>', Path(sys.argv[1]), "标题",
            "file:///", forms=False)
with pikepdf.open(sys.argv[1]) as pdf:
    print(pdf.trailer.Info.CreationDate, pdf.trailer.Info.ModDate, "kit.edition" in sys.modules)
"""


def dated_pdf(tmp_path: Path, created: str, epoch: str | None) -> list[str]:
    """The CreationDate and ModDate of a PDF made in a fresh process, and whether that process loaded the edition."""
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONPATH": str(root)}
    if epoch:
        environ["SOURCE_DATE_EPOCH"] = epoch
    done = subprocess.run([sys.executable, "-c", DATED_PDF.replace("{created}", created), str(tmp_path / "a.pdf")],
                          capture_output=True, text=True, env=environ, cwd=root)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_pdf_process_dates_the_document_by_its_own_date_without_loading_the_edition(tmp_path):
    assert dated_pdf(tmp_path, "2024-06-07T16:00:00Z", None) == ["D:20240607160000Z"] * 2 + ["False"]


def test_a_document_without_a_date_gets_the_build_date(tmp_path):
    assert dated_pdf(tmp_path, "", "1717689600") == ["D:20240606160000Z"] * 2 + ["False"]  # 2024-06-06 16:00 UTC


TYPESET_PDF = """
import json
import sys
from pathlib import Path

import pikepdf

from kit.pdf.typeset import typeset

typeset(json.loads(Path(sys.argv[2]).read_text()), {}, Path(sys.argv[1]))
with pikepdf.open(sys.argv[1]) as pdf:
    print(pdf.trailer.Info.CreationDate, pdf.trailer.Info.ModDate, "kit.edition" in sys.modules)
"""


def test_a_typeset_document_is_dated_by_its_data_without_loading_the_edition(tmp_path, monkeypatch):
    import subprocess
    import sys

    from kit.edition import default_edition
    from kit.filling import FilledDeclaration
    from kit.pdf.filled import declaration_data

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717776000")  # 2024-06-07 16:00 UTC, for the data only
    data = tmp_path / "data.json"
    data.write_text(json.dumps(declaration_data(default_edition(), FilledDeclaration("上海市示例区虚构医院"))))
    root = Path(__file__).parents[1]
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", TYPESET_PDF, str(tmp_path / "a.pdf"), str(data)],
                          capture_output=True, text=True, env=environ, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["D:20240607160000Z"] * 2 + ["False"]
