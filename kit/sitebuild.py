"""Build the whole site and kit: incremental, reproducible and atomic. Start here: this is the whole build, in order.

`kit site` (kit.cli) calls build(), which runs these stages; stages 3–7 run inside MkDocs, in the hooks of the
kit plugin (kit.website.plugin), which MkDocs calls in this order:

1. up to date?   kit.sitestamp: if no input changed since the last build of this site folder and the folder is
                 intact, stop here;
2. config        load mkdocs.yml into a temporary site folder, give the kit plugin this build's options
                 (cache_dir, workers, progress) (errors: one clean abort naming the file);
3. on_config     load and validate the edition data (kit.edition); set the pages' Markdown extensions
                 (kit.pagemarkdown); start rendering the downloads in worker processes: the catalogue
                 (kit.catalogue) lists every renderer's artifacts, kit.pipeline takes unchanged ones from the
                 content-hash cache (kit.cache) and renders the rest (kit.docx, kit.pdf, kit.training,
                 kit.examples, kit.source_package) while MkDocs loads;
4. on_pre_build  check the worked examples (kit.examples); the downloads keep rendering;
5. on_files      add the downloads, the browser self-check's data (kit.website.selfcheck) and one page per
                 worked example;
6. on_page_markdown  fill every page's {{ … }} from the edition (kit.pagecontext) and join hard-wrapped
                 Chinese lines; MkDocs renders the Markdown of every page meanwhile; on_env waits for the
                 downloads and writes their sizes into the pages; MkDocs renders the theme; on_post_page drops
                 the templates' indentation (kit.website.html_space);
7. on_post_build the search code patch and the compact, ranked index (kit.website.search_fix, search_index);
                 Material's stylesheets without the rules nothing on the site can match, renamed after their
                 content, and ours without comments (kit.website.stylesheets);
8. offline zip   the whole site as a deterministic zip, each file once, without source maps, its size written
                 into the downloads page (kit.offline);
9. swap          move the temporary folder into place, then stamp it (kit.sitestamp).

A failure at any stage leaves the previous site untouched and says which source failed and why. Every stage
uses the same SOURCE_DATE_EPOCH (the fixed default when unset), so two builds of the same sources are
byte-identical.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import sitestamp
from .downloads import DOWNLOADS_DIR, OFFLINE_ZIP, human_size
from .offline import write_bundle
from .reproducible import source_date_epoch
from .errors import BuildError
from .progress import Progress

CACHE_DIR = ".cache"  # next to mkdocs.yml


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    skipped: bool = False  # no input changed since the last build of this folder: nothing was done
    rendered: tuple[str, ...] = ()  # downloads rendered by this build (file names)
    reused: tuple[str, ...] = ()  # downloads taken unchanged from the cache
    seconds: float = 0.0


def build_site(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, strict: bool = True) -> Path:
    """Build the site into *site_dir* (default: site/ next to the config) and return it."""
    return build(config_file, site_dir, strict).site_dir


def build(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, strict: bool = True, *,
          cache_dir: Path | None = None, workers: int | None = None, progress: Progress | None = None
          ) -> BuildResult:
    """Build (or find up to date) the site; *cache_dir* defaults to .cache/ next to the config, *workers* to
    the number of cores."""
    started = time.perf_counter()
    progress = progress or Progress.quiet()
    config_file = Path(config_file).resolve()
    root = config_file.parent
    final = (Path(site_dir) if site_dir else root / "site").resolve()
    cache_root = Path(cache_dir).resolve() if cache_dir else root / CACHE_DIR
    with _fixed_build_time():
        settings = {"strict": strict, "epoch": source_date_epoch(), "cwd": os.getcwd(), "config": str(config_file)}
        if sitestamp.is_up_to_date(cache_root, final, root, settings):  # 1
            return BuildResult(final, skipped=True, seconds=time.perf_counter() - started)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=final.parent))
        try:
            config = _load_config(config_file, staging, strict)  # 2
            plugin = config.plugins.get("kit")
            if plugin is not None:
                _set_options(plugin, cache_dir=str(cache_root), workers=workers or 0, progress=progress.enabled)
            inputs = [config_file, Path(config.docs_dir), *(plugin.inputs() if plugin is not None else [])]
            if config.theme.custom_dir:
                inputs.append(Path(config.theme.custom_dir))
            key = sitestamp.inputs_key(root, inputs, settings)  # before the build reads them: edits win
            _run_mkdocs(config)  # 3–7: MkDocs and the kit plugin's hooks
            progress.stage("打包离线网站")  # 8
            previous = final / DOWNLOADS_DIR / OFFLINE_ZIP
            write_bundle(staging, staging / DOWNLOADS_DIR / OFFLINE_ZIP,
                         human_size(previous.stat().st_size) if previous.exists() else "")
            _swap(staging, final)  # 9
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        sitestamp.record(cache_root, final, inputs, key)
    report = getattr(plugin, "report", None)
    return BuildResult(final, rendered=tuple(report.rendered) if report else (),
                       reused=tuple(report.reused) if report else (), seconds=time.perf_counter() - started)


def _set_options(plugin, **options) -> None:
    """Give the kit plugin this build's options, validated as if mkdocs.yml had set them."""
    errors, _ = plugin.load_config({**plugin.config, **options}, plugin.config.config_file_path)
    if errors:
        raise BuildError("插件选项有误：" + "；".join(f"{name}：{error}" for name, error in errors))


@contextmanager
def _fixed_build_time():
    """MkDocs (sitemap dates, gzip headers) and the renderers read SOURCE_DATE_EPOCH: give them all one value."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch())
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _load_config(config_file: Path, staging: Path, strict: bool):
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _collected_errors() as errors:
        try:
            return load_config(str(config_file), site_dir=str(staging), strict=strict)
        except MkDocsException as exc:
            raise BuildError(f"网站配置有误（{config_file.name}）：\n" + "\n".join(errors.messages + [str(exc)])) from None


def _run_mkdocs(config) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    with _collected_errors() as errors:
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            raise BuildError("网站构建失败：\n" + "\n".join(errors.messages + [str(exc)])) from None


@contextmanager
def _collected_errors():
    errors = _ErrorCollector()
    logging.getLogger("mkdocs").addHandler(errors)
    try:
        yield errors
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)


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
