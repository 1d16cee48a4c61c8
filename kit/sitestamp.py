"""The stamp of the last successful build of a site folder. When no input changed (the MkDocs config, the docs,
the kit package, the examples, the edition, SOURCE_DATE_EPOCH, the toolchain) and the folder is still as that
build left it, a build has nothing to do: no document is rendered and MkDocs does not run."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .cache import SCHEMA, digest, label, read_json, toolchain, tree_digest, walk_files, write_atomic

STAMPS_DIR = "sites"
KEEP_STAMPS = 20  # one per site folder built (tests build into temporary folders)


def inputs_key(root: Path, inputs: list[Path], settings: dict) -> str:
    return digest(SCHEMA, settings, toolchain(), {label(p, root): tree_digest(p, root) for p in inputs})


def site_fingerprint(site_dir: Path) -> str:
    """Names and sizes of every file in the built site: a deleted or truncated file means "build again"."""
    return digest([(f.relative_to(site_dir).as_posix(), f.stat().st_size) for f in walk_files(site_dir)])


def _stamp_file(cache_root: Path, site_dir: Path) -> Path:
    name = hashlib.sha256(str(Path(site_dir).resolve()).encode()).hexdigest()[:16]
    return cache_root / STAMPS_DIR / f"{name}.json"


def is_up_to_date(cache_root: Path, site_dir: Path, root: Path, settings: dict) -> bool:
    """True when *site_dir* exists and was built from exactly the current inputs."""
    stamp = read_json(_stamp_file(cache_root, site_dir))
    if stamp is None or not Path(site_dir).is_dir() or not isinstance(stamp.get("inputs"), list):
        return False
    inputs = [Path(p) for p in stamp["inputs"]]
    return (bool(inputs) and stamp.get("key") == inputs_key(root, inputs, settings)
            and stamp.get("site") == site_fingerprint(Path(site_dir)))


def record(cache_root: Path, site_dir: Path, inputs: list[Path], key: str) -> None:
    """Remember that *site_dir* was built from the inputs hashed as *key* (computed before the build began)."""
    stamp = _stamp_file(cache_root, site_dir)
    text = json.dumps({"inputs": [os.fspath(p) for p in inputs], "key": key,
                       "site": site_fingerprint(Path(site_dir))}, ensure_ascii=False, indent=1)
    write_atomic(stamp, text)
    stamps = sorted(stamp.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stamps[KEEP_STAMPS:]:
        old.unlink(missing_ok=True)
