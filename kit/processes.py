"""How the kit starts worker processes. Kept free of other imports: the command line starts one before it has
loaded anything else (kit.assemble)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def threads() -> int:
    """The threads this process runs, native ones included (Typst lays out with a pool of its own that Python's
    threading module does not see); where the system does not tell (no /proc), the threads Python knows."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def start_method():
    """fork is fastest (workers inherit the loaded modules) but unsafe once threads run (mkdocs serve; a process
    that has laid out a document with Typst: its forked child would wait forever for a thread pool it lacks)."""
    if "fork" in multiprocessing.get_all_start_methods() and threads() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
