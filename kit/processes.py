"""How the kit starts worker processes. Kept free of other imports: the command line starts one before it has
loaded anything else (kit.assemble)."""

from __future__ import annotations

import multiprocessing
import threading


def start_method():
    """fork is fastest (workers inherit the loaded modules) but unsafe once threads run (mkdocs serve)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
