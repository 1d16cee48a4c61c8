"""The `kit` MkDocs plugin.

- loads the edition data once (a broken file aborts the build with file, line and key);
- renders every page's Markdown through Jinja2 (StrictUndefined) with the edition and the page macros, so that
  facts shown on the site come from the data file;
- builds the kit's downloads and adds them to the site as files, so `mkdocs serve` shows them too.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from mkdocs.structure.files import File

from ..downloads import DOWNLOADS_DIR, Artifact, registry
from ..edition import DEFAULT_EDITION, Edition, load_edition
from ..examples import find_examples, page_markdown, require_clean
from ..errors import KitError
from . import macros, search_fix
from .cjk_lines import join_cjk_lines

log = logging.getLogger("mkdocs.plugins.kit")


class KitConfig(Config):
    edition = opt.Type(str, default=str(DEFAULT_EDITION))
    examples = opt.Type(str, default="examples")  # worked examples, relative to mkdocs.yml


class KitPlugin(BasePlugin[KitConfig]):
    edition: Edition

    def on_config(self, config):
        self._anchor_jieba_dictionary(config)
        try:
            self.edition = load_edition(Path(self.config.edition))
        except KitError as exc:
            raise PluginError(f"版本数据有误：\n{exc}") from None
        # "{#id}" is Markdown attr_list syntax for anchors, so Jinja comments use another delimiter.
        self.env = jinja2.Environment(
            undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
            comment_start_string="{##", comment_end_string="##}",
        )
        self.env.globals.update(macros.context(self.edition))
        self.env.globals["downloads_table"] = lambda: macros.downloads_html(self.built)
        root = Path(config.config_file_path).parent
        self.cache_dir = root / ".cache" / DOWNLOADS_DIR
        self.examples_dir = root / self.config.examples
        self.examples = find_examples(self.examples_dir)
        self.generated_pages: set[str] = set()
        self.built: list[tuple[Artifact, Path]] = []
        return config

    @staticmethod
    def _anchor_jieba_dictionary(config) -> None:
        """Material resolves `jieba_dict_user` against the working directory; resolve it against mkdocs.yml."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        path = search.config.get("jieba_dict_user") if search else None
        if path and not Path(path).is_absolute():
            search.config["jieba_dict_user"] = str(Path(config.config_file_path).parent / path)

    def on_pre_build(self, config):
        """Render every registered download once per build, before pages are rendered (pages show sizes)."""
        self.built = []
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        try:
            for example in self.examples:
                require_clean(example, self.edition)
        except KitError as exc:
            raise PluginError(str(exc)) from None
        for artifact in registry(self.examples_dir):
            target = self.cache_dir / artifact.name
            try:
                artifact.render(self.edition, target)
            except KitError as exc:
                raise PluginError(f"生成 {artifact.name} 失败：{exc}") from None
            self.built.append((artifact, target))

    def on_post_build(self, config):
        search_fix.apply(Path(config.site_dir))

    def on_files(self, files, config):
        for artifact, path in self.built:
            files.append(File.generated(config, f"{DOWNLOADS_DIR}/{artifact.name}", abs_src_path=str(path)))
        for example in self.examples:  # one page per worked example, generated from its application file
            files.append(File.generated(config, example.page, content=page_markdown(example, self.edition)))
            self.generated_pages.add(example.page)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.generated_pages:
            return join_cjk_lines(markdown)  # applicants' text: not a template
        try:
            return join_cjk_lines(self.env.from_string(markdown).render(page=page))
        except jinja2.UndefinedError as exc:
            raise PluginError(f"{page.file.src_path}：模板变量未定义：{exc.message}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(f"{page.file.src_path}:{exc.lineno}：模板语法错误：{exc.message}") from None
        except KitError as exc:
            raise PluginError(f"{page.file.src_path}：{exc}") from None
