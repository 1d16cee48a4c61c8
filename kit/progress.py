"""Progress of long work: one line per stage and per document, with counts like [3/21].

Shown only on a terminal and never under CI (CI=… in the environment); errors are not progress and are always
reported by the caller."""

from __future__ import annotations

import os
import sys
from typing import TextIO


class Progress:
    def __init__(self, enabled: bool, stream: TextIO | None = None):
        self.enabled = enabled
        self.stream = stream or sys.stdout

    @classmethod
    def auto(cls, stream: TextIO | None = None) -> "Progress":
        """On when *stream* (default stdout) is a terminal and CI is not set."""
        stream = stream or sys.stdout
        interactive = hasattr(stream, "isatty") and stream.isatty()
        return cls(interactive and not os.environ.get("CI"), stream)

    @classmethod
    def quiet(cls) -> "Progress":
        return cls(False)

    def stage(self, text: str) -> None:
        self._write(f"▸ {text}")

    def step(self, done: int, total: int, text: str) -> None:
        width = len(str(total))
        self._write(f"  [{done:>{width}}/{total}] {text}")

    def _write(self, line: str) -> None:
        if self.enabled:
            print(line, file=self.stream, flush=True)
