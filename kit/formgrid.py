"""The basic-information form (一、基本情况 /（一）基本信息) as a grid of cells.

One layout, read from the edition data, drives every output that shows the form: the site's HTML table,
the Word table with content controls, the fill-in PDF and the checker's field names. The grid has four
columns (label, value, label, value); a row with one field spans its value over three columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .edition import Form

COLUMNS = 4
CODE_LENGTH = 18  # 统一社会信用代码 (GB 32100-2015): the most a code field takes; 组织机构代码 has 9


@dataclass(frozen=True)
class Cell:
    role: Literal["label", "value", "header"]
    text: str = ""
    field: str | None = None  # stable ASCII id of the value, shared by Word tags and PDF field names
    kind: str = "text"
    colspan: int = 1
    rowspan: int = 1


LABEL_BREAKS = re.compile(r"(?=（)|(?<=/)")  # a form label may break before its bracket and after a slash only

LEAD_NAME_FIELD = "lead_name"  # the form's 牵头单位; everywhere else the lead applicant's name is just "name"


def lead_attribute(field_id: str) -> str:
    """The attribute of the application's lead (kit.application.Lead) that a form field holds."""
    return "name" if field_id == LEAD_NAME_FIELD else field_id


def joint_field(index: int, column: str) -> str:
    """Field id of a joint applicant's cell, 1-based: joint_1_name, joint_1_nature, joint_1_org_code."""
    return f"joint_{index}_{column}"


def nature_field(option_id: str) -> str:
    return f"nature_{option_id}"


NATURE_NOTE_FIELD = "nature_other_note"


def basic_info_grid(form: Form, joint_rows: int = 1) -> list[list[Cell]]:
    """The form as rows of cells; *joint_rows* is how many joint-applicant rows to lay out (at least one)."""
    joint_rows = max(1, joint_rows)
    grid: list[list[Cell]] = []
    for row in form.rows:
        fields = [form.field(name) for name in row]
        if fields[0].kind == "table":
            f = fields[0]
            header = [Cell("header", c.label) for c in form.joint_columns]
            grid.append([Cell("label", f.label, rowspan=1 + joint_rows), *header])
            for i in range(1, joint_rows + 1):
                grid.append([
                    Cell("value", f.hint if (i == 1 and n == 0) else "", joint_field(i, c.id), "text")
                    for n, c in enumerate(form.joint_columns)
                ])
            continue
        cells: list[Cell] = []
        span = COLUMNS - 1 if len(fields) == 1 else 1
        for f in fields:
            cells.append(Cell("label", f.label))
            cells.append(Cell("value", f.hint, f.id, f.kind, colspan=span))
        grid.append(cells)
    return grid


def all_field_ids(form: Form, joint_rows: int) -> list[str]:
    """Every fillable field id in tab order, check boxes included."""
    ids: list[str] = []
    for row in basic_info_grid(form, joint_rows):
        for cell in row:
            if cell.role != "value" or not cell.field:
                continue
            if cell.kind == "choice":
                ids += [nature_field(o.id) for o in form.natures]
                ids.append(NATURE_NOTE_FIELD)
            else:
                ids.append(cell.field)
    return ids


def date_fields(field_id: str) -> list[str]:
    """A 年/月/日 blank is three fields: <id>_year, <id>_month, <id>_day."""
    return [f"{field_id}_year", f"{field_id}_month", f"{field_id}_day"]


# Blanks of the responsibility declaration (责任声明): the unit's name and the date.
DECLARATION_UNIT_FIELD = "decl_unit"
DECLARATION_DATE_FIELD = "decl_date"

# The dashed boxes where the seals go, their labels by line: the pledge's lead and joint units, the declaration.
SEAL_BOXES = {"lead": ["牵头单位", "公章处"], "joint": ["联合单位", "公章处"], "declaration": ["公章处"]}
