"""The `kit` MkDocs plugin. Its hooks are stages 3–7 of the build; kit.sitebuild lists all stages in order.

- loads the edition data once (a broken file aborts the build with file, line and key);
- renders every page's Markdown through Jinja2 (StrictUndefined) with the edition and the page context
  (kit.pagecontext), so that facts shown on the site come from the data file;
- gives MkDocs the Markdown extensions of kit.pagemarkdown, which the print PDFs of pages use too;
- writes the browser self-check's data (kit.website.selfcheck) from the edition and the rule registry;
- builds the kit's downloads (from the content-hash cache, or in worker processes; see kit.pipeline) and adds
  them to the site as files, so `mkdocs serve` shows them too.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from mkdocs.structure.files import File

from ..cache import OutputCache
from ..catalogue import registry
from ..downloads import DOWNLOADS_DIR, Artifact, human_size
from ..edition import DEFAULT_EDITION, Edition, load_edition
from ..offline import SIZE_MARK
from ..example_pages import example_pages
from ..examples import find_examples, require_clean, word_counts
from ..errors import KitError
from ..pipeline import KIT_DIR, Rendering, RenderReport, plan
from .. import pagecontext, pagemarkdown
from ..source_package import artifacts as source_artifacts
from ..progress import Progress
from . import html_space, macros, search_fix, search_index, selfcheck, stylesheets, toc_once
from ..cjk_lines import join_cjk_lines

log = logging.getLogger("mkdocs.plugins.kit")


def source_package_inputs() -> list[Path]:
    """The project files the source download packs besides the kit package, the examples and the docs."""
    return [p for a in source_artifacts() for p in a.sources if p.exists()]


class KitConfig(Config):
    """The plugin's options (mkdocs.yml `plugins: - kit: {…}`; `kit site` sets cache_dir, workers and progress)."""
    edition = opt.Type(str, default=str(DEFAULT_EDITION))
    examples = opt.Type(str, default="examples")  # worked examples, relative to mkdocs.yml
    cache_dir = opt.Type(str, default=".cache")  # the content-hash cache, relative to mkdocs.yml
    workers = opt.Type(int, default=0)  # processes rendering the downloads; 0: one per core
    progress = opt.Type(bool, default=False)  # a line per stage and document (kit site: on a terminal, not under CI)


class KitPlugin(BasePlugin[KitConfig]):
    edition: Edition

    def __init__(self):
        super().__init__()
        self.progress = Progress.quiet()
        self.report: RenderReport | None = None
        self.rendering: Rendering | None = None

    def inputs(self) -> list[Path]:
        """What the plugin reads besides the docs: the kit package, the examples and the edition file."""
        return [KIT_DIR, self._examples_dir(), self._edition_file(), *source_package_inputs()]

    def _edition_file(self) -> Path:
        """The edition file; a relative path is relative to mkdocs.yml, like docs_dir."""
        return (Path(self.config.config_file_path).parent / self.config.edition).resolve()

    def _examples_dir(self) -> Path:
        return Path(self.config.config_file_path).parent / self.config.examples

    def cache_root(self) -> Path:
        return Path(self.config.config_file_path).parent / self.config.cache_dir

    def on_config(self, config):
        self.progress = Progress(self.config.progress)
        self._anchor_jieba_dictionary(config)
        self._quiet_jieba()
        try:
            self.edition_file = self._edition_file()
            self.edition = load_edition(self.edition_file)
        except KitError as exc:
            raise PluginError(f"版本数据有误：\n{exc}") from None
        try:
            self.search = search_index.load()
        except KitError as exc:
            raise PluginError(f"搜索设置有误：\n{exc}") from None
        self._use_page_markdown(config)
        self.env = pagecontext.environment(self.edition)
        self.env.globals["downloads_table"] = lambda: macros.downloads_html(self.built)
        self.env.globals["example_counts"] = self._example_counts
        self.env.globals["offline_size"] = SIZE_MARK  # the bundle's size, written in once it is zipped
        self.root = Path(config.config_file_path).parent
        self.examples_dir = self._examples_dir()
        self.examples = find_examples(self.examples_dir)
        self.generated_pages: set[str] = set()
        self.built: list[tuple[Artifact, Path]] = []
        self._start_rendering()
        return config

    def _start_rendering(self) -> None:
        """Start rendering the downloads now, in worker processes, while MkDocs loads the rest (on_pre_build
        waits for them): unchanged ones come from the cache."""
        try:
            self.artifacts = registry(self.examples_dir)
            cache = OutputCache(self.cache_root() / "build")
            self.rendering = Rendering(plan(self.artifacts), self.edition, self.edition_file, self.root, cache,
                                       self.config.workers or os.cpu_count(), self.progress)
        except KitError as exc:
            raise PluginError(str(exc)) from None

    def _example_counts(self, slug: str) -> dict:
        """Word counts of a worked example, for guidance pages that quote them."""
        for example in self.examples:
            if example.slug == slug:
                return word_counts(example, self.edition)
        raise KitError(f"没有名为 {slug} 的示例")

    @staticmethod
    def _use_page_markdown(config) -> None:
        """The pages' Markdown extensions are set in kit.pagemarkdown (the print PDFs use them too), not in mkdocs.yml."""
        own = [name for name in config.markdown_extensions if name not in pagemarkdown.EXTENSIONS]
        configured = sorted(name for name, settings in config.mdx_configs.items() if settings)
        if own or configured:
            raise PluginError("mkdocs.yml 的 markdown_extensions 中设置了 " + "、".join(own or configured)
                              + "：网页的 Markdown 扩展统一在 kit/pagemarkdown.py 的 EXTENSIONS 中设置（打印版 PDF 也用它），"
                              "请移到那里并从 mkdocs.yml 中删除")
        config.markdown_extensions = list(pagemarkdown.EXTENSIONS)
        config.mdx_configs = pagemarkdown.extension_configs()

    @staticmethod
    def _anchor_jieba_dictionary(config) -> None:
        """Material resolves `jieba_dict_user` against the working directory; resolve it against mkdocs.yml."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        path = search.config.get("jieba_dict_user") if search else None
        if path and not Path(path).is_absolute():
            search.config["jieba_dict_user"] = str(Path(config.config_file_path).parent / path)

    @staticmethod
    def _quiet_jieba() -> None:
        """jieba prints "Building prefix dict…" on every build; the search plugin loads it anyway."""
        try:
            import jieba
        except ImportError:
            return
        jieba.setLogLevel(logging.WARNING)

    def on_pre_build(self, config):
        """Check the examples. The downloads keep rendering while MkDocs builds the pages: they are linked where
        the cache will hold them, their sizes are filled in by on_env."""
        self.progress.stage(f"检查示例（{len(self.examples)} 个）")
        try:
            for example in self.examples:
                require_clean(example, self.edition)
        except KitError as exc:
            self.rendering.cancel()
            raise PluginError(str(exc)) from None
        self.built = [(artifact, self.rendering.planned[artifact.name]) for artifact in self.artifacts]
        self.progress.stage("生成网页（下载文件同时生成）")

    def on_env(self, env, config, files):
        """Every page's Markdown is rendered: wait for the downloads (MkDocs copies them next), then write their
        sizes into the pages."""
        try:
            self.report = self.rendering.finish()
        except KitError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.rendering.cancel()
        sizes = {macros.SIZE_MARK.format(name): human_size(path.stat().st_size)
                 for name, path in self.report.outputs.items()}
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.content and "KIT-SIZE-OF[" in page.content:
                page.content = re.sub(r"KIT-SIZE-OF\[[^\]]*\]", lambda m: sizes[m.group(0)], page.content)
        self.progress.stage("生成网页")
        return env

    def on_serve(self, server, config, builder):
        """`mkdocs serve` also rebuilds when an example, the edition or the kit's code or templates change."""
        for path in self.inputs():
            server.watch(str(path))
        return server

    def on_build_error(self, error):
        if self.rendering is not None:
            self.rendering.cancel()

    def on_shutdown(self):
        if self.rendering is not None:
            self.rendering.cancel()

    @event_priority(-50)  # after the search plugin writes the index, before the offline plugin copies it
    def on_post_build(self, config):
        try:
            search_fix.apply(Path(config.site_dir))
        except KitError as exc:
            raise PluginError(str(exc)) from None
        search_index.apply(Path(config.site_dir), self.search)
        try:
            stylesheets.purge(Path(config.site_dir))  # after every page and script is written
        except KitError as exc:
            raise PluginError(str(exc)) from None

    def on_post_page(self, output, page, config):
        return html_space.compact(toc_once.share(output))

    def on_files(self, files, config):
        for artifact, path in self.built:
            files.append(File.generated(config, f"{DOWNLOADS_DIR}/{artifact.name}", abs_src_path=str(path)))
        files.append(File.generated(config, selfcheck.SCRIPT_PATH, content=selfcheck.data_script(self.edition)))
        for example in self.examples:  # an overview and a page per part, generated from its application file
            for page in example_pages(example, self.edition):
                files.append(File.generated(config, page.path, content=page.markdown))
                self.generated_pages.add(page.path)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.generated_pages:
            return join_cjk_lines(markdown)  # applicants' text: not a template
        try:
            return pagemarkdown.expand(self.env, markdown, page=page)
        except jinja2.UndefinedError as exc:
            raise PluginError(f"{page.file.src_path}：模板变量未定义：{exc.message}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(f"{page.file.src_path}:{exc.lineno}：模板语法错误：{exc.message}") from None
        except KitError as exc:
            raise PluginError(f"{page.file.src_path}：{exc}") from None
