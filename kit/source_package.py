"""The kit's own source as a download (工具 group), so that IT staff can install the `kit` command line tool."""

from __future__ import annotations

from pathlib import Path

from .downloads import Artifact
from .edition import Edition
from .reproducible import write_entries

PROJECT_DIR = Path(__file__).resolve().parent.parent
SOURCE_DOWNLOAD = "kit-source.zip"
TOP = "kit-source/"
# What a user needs to run `make site` and `kit`: the package, its set-up, the examples and the site's pages.
INCLUDED = ("pyproject.toml", "README.md", "Makefile", "mkdocs.yml", "overrides", "kit", "examples", "docs", "scripts")
SKIPPED_PARTS = {"__pycache__", ".cache", "site"}


def source_files(root: Path = PROJECT_DIR) -> list[Path]:
    files = []
    for name in INCLUDED:
        path = root / name
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files += [p for p in candidates if not SKIPPED_PARTS & set(p.relative_to(root).parts) and p.suffix != ".pyc"]
    return files


def write_source_zip(edition: Edition, target: Path) -> None:
    root = PROJECT_DIR
    write_entries(Path(target), ((TOP + p.relative_to(root).as_posix(), p.read_bytes()) for p in source_files(root)))


def artifacts() -> list[Artifact]:
    return [Artifact(SOURCE_DOWNLOAD, "命令行工具 kit（源代码）", "压缩包（.zip）", "工具",
                     "供信息部门使用：解压后在其目录中运行 make site 安装（需要 Python 3.11 或更新版本），"
                     "然后用 .venv/bin/kit check 检查 .docx 或 .yaml，或用 kit build 生成整套材料。",
                     write_source_zip, tuple(PROJECT_DIR / name for name in INCLUDED if name != "kit"))]
