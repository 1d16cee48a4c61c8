"""The repository carries everything its build and tests read: no tracked file refers to a folder beside it
(`../NAME/…` where NAME is a folder next to the clone). A user's clone has nothing beside it to read."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folders_beside(root: Path) -> set[str]:
    try:
        return {p.name for p in root.parent.iterdir() if p.is_dir() and p.resolve() != root.resolve()}
    except OSError:
        return set()


def climbs_out(root: Path, text: str, beside: set[str] | None = None) -> list[str]:
    """The folders beside *root* (*beside*, when known) that *text* names as ../NAME/."""
    beside = folders_beside(root) if beside is None else beside
    return [name for name in re.findall(r"\.\./([^/\"'\s]+)/", text) if name in beside]


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / n for n in names if (ROOT / n).suffix in {".py", ".md", ".yml", ".yaml", ".toml", ".sh", ".js",
                                                             ".j2", ".txt", ""} and (ROOT / n).is_file()]


def test_no_file_reads_outside_the_repository():
    beside = folders_beside(ROOT)  # once: the clone may stand in a folder of thousands (/tmp)
    found = [f"{p.relative_to(ROOT)}:{n}: ../{name}/" for p in tracked_text_files()
             for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             for name in climbs_out(ROOT, line, beside)]
    assert found == []


def test_a_read_of_a_folder_beside_the_clone_is_found(tmp_path):
    (tmp_path / "repo").mkdir()
    (tmp_path / "notes").mkdir()
    assert climbs_out(tmp_path / "repo", 'open("../notes/source/notice.txt")') == ["notes"]
    assert climbs_out(tmp_path / "repo", 'open("tests/source/notice.txt"); "../downloads/x.pdf"') == []
