"""What a page of docs/ can use in its {{ … }}: the edition's facts and a few functions that render them as HTML.

Both the site (kit.website.plugin) and the print PDFs of pages (kit.pdf.pages) fill pages from here, so a fact reads
the same on screen and on paper. Site-only helpers (the downloads table) live in kit.website.macros."""

from __future__ import annotations

from html import escape
from typing import Any

import jinja2

from .edition import Edition, cn_date
from .formgrid import NATURE_NOTE_FIELD, basic_info_grid
from .templating import page_environment

CHECKBOX = "☐"


def date_status_html(day, label: str = "") -> str:
    """An empty place that assets/javascripts/dates.js fills with the date's status on the visitor's own day
    (未截止 / 即将截止 / 已截止); without JavaScript nothing shows and the plain date beside it stays."""
    return (f'<span class="date-status" data-deadline="{day.isoformat()}" data-label="{escape(label)}" '
            'role="status" hidden></span>')


def timeline_html(edition: Edition) -> str:
    """The key dates, each with the notice's own words (a quotation; “……” marks what is left out)."""
    items = []
    for d in sorted(edition.dates, key=lambda d: d.date):
        status = date_status_html(d.date) if d.date > edition.issued else ""
        items.append(
            f'<li><time datetime="{d.date.isoformat()}">{cn_date(d.date)}</time>'
            f'<strong>{escape(d.label)}</strong>{status}'
            f'<span>通知原文：“{escape(d.detail)}” <a href="notice.html#{d.anchor}">见通知原文</a></span></li>'
        )
    return '<ol class="timeline">\n' + "\n".join(items) + "\n</ol>"


def phone_html(edition: Edition, phone: str, *, area_code: bool = True) -> str:
    """A contact's phone as a tap-to-call link; shown with the area code unless the page quotes the notice."""
    shown = f"{edition.phone_area_code}-{phone}" if area_code else phone
    return f'<a class="tel" href="{escape(edition.tel_uri(phone))}">{escape(shown)}</a>'


def round_status_html(edition: Edition, root: str = "") -> str:
    """One line for the top of a page: this round's application deadline against the visitor's day. *root* leads
    from the page to the site's top folder ("../" for a page in guide/)."""
    deadline = edition.date("application_deadline")
    return (f'<p class="round-status">{edition.edition} 年度试点申报：工作方案于{cn_date(deadline.date)}之前上报'
            f'（<a href="{root}notice.html#{deadline.anchor}">见通知原文</a>）。'
            f'{date_status_html(deadline.date, "本轮申报")}</p>')


def contacts_html(edition: Edition) -> str:
    """The notice's 联系方式 as the notice writes them (local numbers), each number a tel: link with the area code."""
    rows = "\n".join(
        f"<tr><td>{escape(c.body)}</td><td>{escape(c.person)}</td>"
        f"<td>{phone_html(edition, c.phone, area_code=False)}</td></tr>"
        for c in edition.contacts
    )
    return f'<table class="contacts">\n<tbody>\n{rows}\n</tbody>\n</table>'


def _choice_html(edition: Edition) -> str:
    boxes = []
    for option in edition.form.natures:
        label = option.label
        if option.needs_note:
            label = f'{escape(label)}：<span class="blank" data-field="{NATURE_NOTE_FIELD}"></span>'
        else:
            label = escape(label)
        boxes.append(f'<span class="tick">{CHECKBOX} {label}</span>')
    return " ".join(boxes)


def form_table_html(edition: Edition) -> str:
    """The basic-information form as an HTML table, shaped like the official form."""
    out = ['<table class="form-table">', "<colgroup><col class=\"lab\"><col><col class=\"lab\"><col></colgroup>", "<tbody>"]
    for row in basic_info_grid(edition.form, joint_rows=1):
        cells = []
        for cell in row:
            span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            if cell.role == "label":
                cells.append(f'<th scope="row"{span}>{escape(cell.text)}</th>')
            elif cell.role == "header":
                cells.append(f'<th scope="col" class="sub"{span}>{escape(cell.text)}</th>')
            elif cell.kind == "choice":
                cells.append(f'<td{span} data-field="{cell.field}">{_choice_html(edition)}</td>')
            else:
                cells.append(f'<td{span} data-field="{cell.field}"><span class="hint">{escape(cell.text)}</span></td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def signature_html(lines: list[str], date_line: bool = True) -> str:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if date_line:
        body += '<p class="date-line">年　　月　　日</p>'
    return f'<div class="signature">{body}</div>'


def rules_html(edition: Edition) -> str:
    """Every rule of the checker with its id and the clause it rests on (read from the registry)."""
    from .check.findings import RULES
    from .check import rules  # noqa: F401  (registers the rules)

    rows = "\n".join(
        f'<tr><td id="rule-{r.id.lower()}"><code>{escape(r.id)}</code></td><td>{escape(r.title)}</td>'
        f'<td><a href="{escape(edition.basis(r.id).anchor)}">{escape(edition.basis(r.id).source)}</a></td></tr>'
        for r in RULES
    )
    return ('<table class="rules"><thead><tr><th>规则</th><th>检查什么</th><th>依据</th></tr></thead>'
            f"<tbody>\n{rows}\n</tbody></table>")


def skeleton_text(edition: Edition) -> str:
    from .skeleton import skeleton

    return skeleton(edition)


def context(edition: Edition) -> dict[str, Any]:
    """Globals for page templates."""
    return {
        "ed": edition,
        "limits": edition.limits,
        "cn_date": cn_date,
        "timeline": lambda: timeline_html(edition),
        "round_status": lambda root="": round_status_html(edition, root),
        "date_status": lambda date_id, label="": date_status_html(edition.date(date_id).date, label),
        "contacts_table": lambda: contacts_html(edition),
        "phone": lambda number: phone_html(edition, number),
        "form_table": lambda: form_table_html(edition),
        "signature": signature_html,
        "rules_table": lambda: rules_html(edition),
        "skeleton": lambda: skeleton_text(edition),
        "joint_limit": lambda: _joint_limit(edition),
    }


def _joint_limit(edition: Edition) -> str:
    """The one explanation of “联合申报主体不得超过N家” (ambiguous about the lead), shared with the checker."""
    from .check.rules import joint_limit_guidance

    return joint_limit_guidance(edition)


def environment(edition: Edition) -> jinja2.Environment:
    """The Jinja environment for pages, with this edition's context as globals."""
    env = page_environment()
    env.globals.update(context(edition))
    return env
