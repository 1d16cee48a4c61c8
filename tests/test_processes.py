"""The PDF jobs of one application (kit.pdf.output.run_jobs): the first, the 工作方案 on the critical path, keeps this
process's priority; the others run in forked processes that step aside for it (kit.processes.step_aside)."""

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
    assert others == [min(before + 10, 19)] * 2 and before < 19
