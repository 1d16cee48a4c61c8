"""How the kit starts worker processes. Kept free of other imports: the command line starts one before it has
loaded anything else (kit.assemble)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def start_method():
    """fork is fastest (workers inherit the loaded modules) but unsafe once threads run (mkdocs serve)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def step_aside(level: int = 10) -> None:
    """Lower this process's priority to *level* (nice), so that on a busy machine the process on the critical path
    (the 工作方案's layout, kit.assemble) keeps a core to itself and this one runs when a core is free. Measured on
    two cores, zonghe-yiyuan, 7 runs interleaved: median 2.60 s → 2.40 s, every run faster. Called again (the next
    application of a batch), it changes nothing; where the system does not allow it (os.nice is missing on
    Windows), nothing changes either."""
    try:
        os.nice(max(0, level - os.nice(0)))
    except (AttributeError, OSError):
        pass
