"""The repository carries everything its build and tests read: no file names a folder outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\.\./" + "shared")  # the folder next to the repository that the notice's text once came from


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / n for n in names if (ROOT / n).suffix in {".py", ".md", ".yml", ".yaml", ".toml", ".sh", ".js",
                                                             ".j2", ".txt", ""} and (ROOT / n).is_file()]


def test_no_file_reads_outside_the_repository():
    found = [f"{p.relative_to(ROOT)}:{n}" for p in tracked_text_files()
             for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if OUTSIDE.search(line)]
    assert found == []


def test_the_pattern_finds_a_read_outside():
    assert OUTSIDE.search('open("../' + 'shared/source/notice.txt")')
    assert not OUTSIDE.search("tests/source/notice-2024-280.txt")
