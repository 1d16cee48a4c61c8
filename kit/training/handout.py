"""The two-page A4 handout for a training room: HTML from a Jinja2 template, rendered by WeasyPrint.

Fonts are named through kit.fonts (the official name's stack, the font this machine has first); WeasyPrint embeds
subsets only, so copied text keeps its code points (see facts.md §7 on radicals from full-font ToUnicode maps).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..edition import Edition, cn_date
from ..fonts import css_stack
from ..errors import KitError
from ..pdf.output import write_pdf
from ..pdf.render import layout
from ..reproducible import ISO_UTC, build_datetime
from ..templating import file_environment
from . import content
from .lifecycle import CAVEAT, lifecycle

TEMPLATE = "training_handout.html.j2"
TITLE = "网络安全保险服务试点申报要点（培训讲义）"
PAGES = 2


def handout_html(edition: Edition) -> str:
    env = file_environment(html=True)
    created = build_datetime().strftime(ISO_UTC)
    return env.get_template(TEMPLATE).render(
        ed=edition,
        limits=edition.limits,
        title=TITLE,
        series=content.SERIES_TITLE,
        author="网络安全保险服务试点申报指南",
        created=created,
        fonts={  # CSS values, not text: the quotes must not be HTML-escaped
            "body": Markup(css_stack(edition.formatting.body.font)),
            "sans": Markup(css_stack(edition.formatting.heading1.font, "sans-serif")),
        },
        cn_date=cn_date,
        issuers=content.issuers(edition),
        glance=content.at_a_glance(edition, with_document=False),
        dates=sorted(edition.dates, key=lambda d: d.date),
        lead_conditions=edition.eligibility,
        phases=lifecycle(edition),
        caveat=CAVEAT,
        steps=content.application_steps(edition),
        format_rules=content.format_rules(edition),
        mistakes=content.common_mistakes(edition),
        disclaimer=content.DISCLAIMER,
    )


def render_handout(edition: Edition, target: Path) -> None:
    """The handout on exactly PAGES pages, through the kit's one PDF path (tagged, zh-CN, fixed metadata)."""
    document = layout(handout_html(edition), forms=False)
    if len(document.pages) != PAGES:
        raise KitError(f"培训讲义应为 {PAGES} 页，实际排版为 {len(document.pages)} 页",
                       hint="精简 kit/templates/training_handout.html.j2 的内容或调整字号")
    write_pdf(document, target, TITLE, forms=False)
