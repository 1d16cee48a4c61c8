"""The PDF jobs of one application (kit.pdf.output.run_jobs): the first, the 工作方案 on the critical path, keeps this
process's priority; the others run in forked processes that step aside for it (kit.processes.step_aside), once."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from kit.pdf.output import run_jobs


def record_niceness(path: str) -> None:
    Path(path).write_text(str(os.nice(0)))


@pytest.mark.skipif(not hasattr(os, "nice"), reason="os.nice: POSIX only")
def test_the_first_job_keeps_its_priority_and_the_others_step_aside(tmp_path):
    paths = [str(tmp_path / f"job{i}") for i in range(3)]
    before = os.nice(0)
    try:
        run_jobs([(record_niceness, (p,)) for p in paths])
    finally:
        gc.enable()  # run_jobs leaves it off: a PDF process of its own (kit.pdf.output)
    first, *others = (int(Path(p).read_text()) for p in paths)
    assert first == before == os.nice(0)
    assert others == [max(before, 10)] * 2 and before < 10


@pytest.mark.skipif(not hasattr(os, "nice"), reason="os.nice: POSIX only")
def test_stepping_aside_twice_lowers_the_priority_once(tmp_path):
    path = tmp_path / "level"
    try:  # the second job runs forked and has stepped aside once already; it steps aside twice more
        run_jobs([(record_niceness, (str(tmp_path / "first"),)), (record_after_two_steps, (str(path),))])
    finally:
        gc.enable()
    assert int(path.read_text()) == max(os.nice(0), 10)


def record_after_two_steps(path: str) -> None:
    from kit.processes import step_aside

    step_aside()
    step_aside()
    record_niceness(path)


# A PDF process dates its document from the document itself (kit.pdf.output.finish): working out the build's date
# without SOURCE_DATE_EPOCH loads the edition (pydantic and all), a tenth of a second on the 工作方案's critical path.
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
