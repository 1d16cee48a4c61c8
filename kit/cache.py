"""Content-hash cache under .cache/: a rendered document is reused while every input it was made from is
unchanged, and rendered again as soon as one changes.

An entry is a folder .cache/build/<task>/<key>/ holding the task's output files and manifest.json (the key and a
SHA-256 of every output). Entries are rendered into a temporary folder and renamed into place, so an interrupted
build never leaves a half-written entry; an entry whose manifest is missing, unreadable or disagrees with its
files is discarded and the document rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .errors import BuildError

SCHEMA = "kit-cache-1"  # change to invalidate every entry written by older code
MANIFEST = "manifest.json"
KEEP_PER_TASK = 3  # entries kept per task: `make site` and `make test` may use different SOURCE_DATE_EPOCHs
STALE_STAGING_SECONDS = 24 * 3600
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def label(path: Path, root: Path) -> str:
    """The path as hashed: relative to *root* when inside it, so a copy of the project hashes the same."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).resolve().as_posix()


def walk_files(path: Path) -> list[Path]:
    """Every file under *path* (or *path* itself), in sorted order, without Python byte-code."""
    path = Path(path)
    if path.is_file():
        return [path]
    found = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        found += [Path(folder) / f for f in sorted(files) if not f.endswith(_SKIPPED_SUFFIXES)]
    return found


def tree_digest(path: Path, root: Path) -> str:
    """SHA-256 over the names (relative to *root*) and contents of a file, or of every file under a folder."""
    path = Path(path)
    h = hashlib.sha256()
    if not path.exists():
        h.update(f"missing:{label(path, root)}".encode())
        return h.hexdigest()
    for file in walk_files(path):
        h.update(label(file, root).encode() + b"\0" + file_digest(file).encode() + b"\0")
    return h.hexdigest()


def digest(*parts) -> str:
    """SHA-256 of JSON-serialisable parts (dicts with sorted keys)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=None)
def toolchain() -> str:
    """What shapes the output besides our sources: the Python version, every installed distribution and its
    version (from the names of the *.dist-info folders in site-packages), and the fonts fontconfig can find."""
    dists = set()
    for entry in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        if os.path.isdir(entry):
            dists.update(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":", "family", "style", "file"], capture_output=True, text=True,
                               check=False).stdout
    return digest(sys.version, sorted(dists), sorted(fonts.splitlines()))


class OutputCache:
    """Rendered outputs by task and key, under *folder* (normally .cache/build)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def entry(self, task_id: str, key: str) -> Path:
        return self.folder / re.sub(r"[^\w.-]", "_", task_id) / key[:32]

    def lookup(self, task_id: str, key: str, outputs: tuple[str, ...]) -> Path | None:
        """The entry's folder if it holds exactly what *key* promises; a bad entry is removed."""
        entry = self.entry(task_id, key)
        if not entry.is_dir():
            return None
        manifest = _read_manifest(entry)
        files = manifest.get("files") if manifest else None
        good = (manifest is not None and manifest.get("key") == key and isinstance(files, dict)
                and sorted(files) == sorted(outputs)
                and all((entry / name).is_file() and file_digest(entry / name) == files[name] for name in outputs))
        if not good:
            shutil.rmtree(entry, ignore_errors=True)
            return None
        os.utime(entry)  # recently used: kept when older entries are pruned
        return entry

    def staging(self) -> Path:
        """An empty folder to render into, on the cache's file system so that commit is a rename."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=self.folder))

    def commit(self, task_id: str, key: str, staging: Path, outputs: tuple[str, ...], seconds: float) -> Path:
        """Move a finished rendering into place as the entry for *key*; return the entry's folder."""
        missing = [name for name in outputs if not (staging / name).is_file()]
        if missing:
            raise BuildError(f"生成 {task_id} 后缺少文件：{'、'.join(missing)}")
        manifest = {"key": key, "seconds": round(seconds, 3),
                    "files": {name: file_digest(staging / name) for name in outputs}}
        write_atomic(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        target = self.entry(task_id, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)  # a bad entry lookup did not remove, or a concurrent build's
        try:
            staging.rename(target)
        except OSError:  # another build committed the same key meanwhile: its entry is as good as ours
            shutil.rmtree(staging, ignore_errors=True)
        self._prune(target.parent)
        return target

    def last_seconds(self, task_id: str) -> float | None:
        """How long the task took the last time it was rendered (to start the longest tasks first)."""
        folder = self.entry(task_id, "x").parent
        if not folder.is_dir():
            return None
        for entry in sorted(folder.iterdir(), key=_mtime, reverse=True):
            manifest = _read_manifest(entry)
            if manifest and isinstance(manifest.get("seconds"), (int, float)):
                return float(manifest["seconds"])
        return None

    def clean_staging(self) -> None:
        """Remove staging folders left by builds that were killed (older than a day: others may be in use)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob(".staging-*"):
            if time.time() - _mtime(path) > STALE_STAGING_SECONDS:
                shutil.rmtree(path, ignore_errors=True)

    def _prune(self, task_folder: Path) -> None:
        entries = sorted((p for p in task_folder.iterdir() if p.is_dir()), key=_mtime, reverse=True)
        for old in entries[KEEP_PER_TASK:]:
            shutil.rmtree(old, ignore_errors=True)


def write_atomic(path: Path, text: str) -> None:
    """Write a small text file so that readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict | None:
    """A JSON object from *path*, or None when it is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _read_manifest(entry: Path) -> dict | None:
    return read_json(entry / MANIFEST)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
