"""The browser self-check's data, written at build time as assets/javascripts/selfcheck-data.js.

The JavaScript reader and rules (docs/assets/javascripts/selfcheck-*.js) hold no fact of their own: the edition's
labels, limits and keywords, the rule registry, and the Python reader's and rules' constants and regular
expressions all come from here, taken from the modules that use them. tests/test_selfcheck.py holds the two
runners to identical findings.
"""

from __future__ import annotations

import json
import re

from ..check import codes, from_docx, pii, rules, wordcount
from ..check.findings import RULES
from ..docx import package, structure
from ..docx.layout import PLAN_HEADING_PATTERN
from ..edition import Edition
from ..formgrid import LEAD_NAME_FIELD

SCRIPT_PATH = "assets/javascripts/selfcheck-data.js"


def _form(edition: Edition) -> dict:
    form = edition.form
    return {
        "fields": [{"id": f.id, "label": f.label, "hint": f.hint or "", "kind": f.kind, "optional": f.optional}
                   for f in form.fields],
        "natures": [{"id": o.id, "label": o.label, "name": o.name, "needs_note": o.needs_note} for o in form.natures],
        "joint_columns": [{"id": c.id, "label": c.label} for c in form.joint_columns],
    }


def _annex(edition: Edition) -> dict:
    annex = edition.annex
    return {
        "basic_info_heading": annex.basic_info_heading,
        "appendix_label": annex.appendix_label,
        "narrative_note": annex.narrative_note,
        "cover": [{"id": c.id, "label": c.label, "suffix": c.suffix, "kind": c.kind} for c in annex.cover],
        "parts": [{"id": p.id, "number": p.number, "title": p.title, "heading": p.heading, "guidance": p.guidance}
                  for p in annex.parts],
        "service_plan": {
            "title": annex.service_plan.title, "guidance": annex.service_plan.guidance,
            "points": [{"id": p.id, "text": p.text, "keywords": list(p.keywords), "min_hits": p.min_hits}
                       for p in annex.service_plan.points],
        },
    }


def _reader(edition: Edition) -> dict:
    reader = from_docx
    return {
        "document_part": package.DOCUMENT_PART,
        "max_entries": package.MAX_ENTRIES,
        "max_part_bytes": package.MAX_PART_BYTES,
        "max_total_bytes": package.MAX_TOTAL_BYTES,
        "not_docx_hint": package.NOT_DOCX_HINT,
        "corrupt": package.CORRUPT,
        "macro_markers": list(reader.MACRO_MARKERS),
        "macro_message": reader.MACRO_MESSAGE,
        "macro_hint": reader.MACRO_HINT,
        "not_application_hint": reader.NOT_APPLICATION_HINT,
        "checked": structure.CHECKED,
        "unchecked": structure.UNCHECKED,
        "ticked": reader.TICKED,
        "unticked": reader.UNTICKED,
        "after_marks": reader.AFTER_MARKS,
        "leading_punctuation": reader.LEADING_PUNCTUATION,
        "placeholders": reader.placeholder_keys(edition),
        "plan_heading": _pattern(PLAN_HEADING_PATTERN),
        "cover_date": _pattern(reader.COVER_DATE),
    }


def selfcheck_data(edition: Edition) -> dict:
    return {
        "edition": edition.edition,
        "limits": edition.limits.model_dump(mode="json"),
        "deadline": edition.date("application_deadline").date.isoformat(),
        "notice": {"region": edition.notice.region, "region_code": edition.notice.region_code,
                   "eligibility": edition.eligibility},
        "form": _form(edition),
        "annex": _annex(edition),
        "declaration": {"title": edition.declaration.title},
        "lead_name_field": LEAD_NAME_FIELD,
        "rules": [{"id": r.id, "title": r.title, "source": edition.basis(r.id).source,
                   "anchor": edition.basis(r.id).anchor} for r in RULES],
        "reader": _reader(edition),
        "patterns": _patterns(),
        "constants": {
            "critical_infrastructure": rules.CRITICAL_INFRASTRUCTURE,
            "no_critical_infrastructure": rules.NO_CRITICAL_INFRASTRUCTURE, "no_level_three": rules.NO_LEVEL_THREE,
            "optional_blank": rules.OPTIONAL_BLANK, "pii_advice": rules.PII_ADVICE,
            "deadline_message": rules.deadline_message("{date}", edition),
            "id_weights": pii.ID_WEIGHTS, "id_check": pii.ID_CHECK, "labelled_max": pii.LABELLED_MAX,
            "blank": pii.BLANK, "uscc_alphabet": codes.USCC_ALPHABET, "uscc_weights": codes.USCC_WEIGHTS,
            "org_weights": codes.ORG_WEIGHTS,
        },
    }


def _pattern(regex: re.Pattern) -> dict:
    """A Python regular expression for JavaScript's RegExp (flag u). Python's \\d matches every Unicode decimal
    digit unless the pattern is ASCII-only; JavaScript's only 0-9, so it becomes \\p{Nd} there."""
    source = regex.pattern
    if not regex.flags & re.ASCII:
        source = source.replace("\\d", "\\p{Nd}")
    return {"source": source, "ignore_case": bool(regex.flags & re.IGNORECASE)}


def _patterns() -> dict:
    return {name: _pattern(regex) for name, regex in {
        "phone": rules.PHONE, "email": rules.EMAIL, "founded": rules.FOUNDED_DATE,
        "level_three": rules.LEVEL_THREE_SYSTEMS, "id_number": pii.ID_NUMBER, "mobile": pii.MOBILE, "card": pii.CARD,
        "code_label": pii.CODE_LABEL, "labelled_group": pii.LABELLED_GROUP, "uscc_token": pii.USCC_TOKEN,
        "org_token": pii.ORG_TOKEN, "code_separators": codes.SEPARATORS, "east_asian": wordcount.EAST_ASIAN,
        "hanzi": wordcount.HANZI,
    }.items()}


def data_script(edition: Edition) -> str:
    data = json.dumps(selfcheck_data(edition), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"/* 由版本数据和检查规则生成，请勿手工修改 */\nwindow.KIT_SELFCHECK_DATA = {data};\n"
