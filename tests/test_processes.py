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
