"""The kit's Jinja2 environments, made in one place.

- page_environment(): the site's Markdown pages (docs/), for the site (kit.website.plugin) and their print PDFs
  (kit.pdf.pages). "{#id}" is Markdown attr_list syntax for anchors, so Jinja comments use "{## … ##}".
- file_environment(html=…): the templates in kit/templates/ (PDF and handout HTML, autoescaped; the application
  skeleton, plain text).
Undefined names always fail (StrictUndefined): a fact missing from the edition data stops the build. Jinja2 is
imported when an environment is made: a process that only needs TEMPLATES (kit.pdf.typeset) does without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"


def page_environment() -> jinja2.Environment:
    """For the Markdown of docs/ pages: Markdown is not HTML-escaped, trailing newlines stay."""
    import jinja2

    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
                              comment_start_string="{##", comment_end_string="##}")


def file_environment(*, html: bool) -> jinja2.Environment:
    """For the templates in kit/templates/: HTML is autoescaped; plain text keeps its trailing newline."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                              autoescape=html, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=not html)
