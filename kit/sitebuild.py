"""Build the whole site and kit atomically: render into a temporary folder, then swap it into place.

A failure at any stage leaves the previous site/ untouched."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .downloads import DOWNLOADS_DIR, OFFLINE_ZIP, write_zip
from .errors import BuildError


def build_site(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, strict: bool = True) -> Path:
    """Build the site into *site_dir* (default: the config's site_dir) and return it."""
    config_file = Path(config_file).resolve()
    root = config_file.parent
    final = Path(site_dir) if site_dir else root / "site"
    final = final.resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=final.parent))
    try:
        errors = _ErrorCollector()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            config = load_config(str(config_file), site_dir=str(staging), strict=strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            detail = "\n".join(errors.messages + [str(exc)])
            raise BuildError(f"网站构建失败：\n{detail}") from None
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
        write_zip(staging, staging / DOWNLOADS_DIR / OFFLINE_ZIP, prefix="site/")
        _swap(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


class _ErrorCollector(logging.Handler):
    """Keeps the errors MkDocs logs, so that a failed build says which source failed and why.
    (Warnings are printed as they happen; strict mode then aborts with their count.)"""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _swap(staging: Path, final: Path) -> None:
    old = None
    if final.exists():
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
    staging.chmod(0o755)  # mkdtemp creates 0700
    staging.rename(final)
    if old:
        shutil.rmtree(old, ignore_errors=True)
