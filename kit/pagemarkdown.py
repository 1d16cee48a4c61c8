"""How a page of docs/ becomes HTML, the same way on the site and in its print PDF.

EXTENSIONS is the one list of Markdown extensions and their settings: the kit plugin hands it to MkDocs
(mkdocs.yml lists none of its own) and kit.pdf.pages renders print pages with it. MkDocs' built-ins (toc, tables,
fenced_code) come first, in MkDocs' own order.
"""

from __future__ import annotations

from typing import Any

import jinja2
import markdown
from pymdownx.slugs import slugify

from .cjk_lines import join_cjk_lines

EXTENSIONS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": "¶", "slugify": slugify(case="lower")},
    "tables": {},
    "fenced_code": {},
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "md_in_html": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
}


def extension_configs() -> dict[str, dict[str, Any]]:
    """The settings of the extensions that have any, as MkDocs' mdx_configs and Python-Markdown expect them."""
    return {name: dict(config) for name, config in EXTENSIONS.items() if config}


def expand(env: jinja2.Environment, text: str, **variables: Any) -> str:
    """A page's Markdown with its {{ … }} filled in and hard-wrapped Chinese lines joined."""
    return join_cjk_lines(env.from_string(text).render(**variables))


def to_html(text: str) -> str:
    """Expanded page Markdown → HTML, with the site's extensions and settings."""
    return markdown.markdown(text, extensions=list(EXTENSIONS), extension_configs=extension_configs())
