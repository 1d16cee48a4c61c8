"""The basic-information form (一、基本情况 /（一）基本信息) as a Word table with content controls.

The shape comes from kit.formgrid (shared with the site and the PDF): four columns, label cells, value cells
spanning three columns in one-field rows, and the 联合申报单位 label spanning its sub-table's rows.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import Cm, Twips

from ..edition import FONT_SIZES_PT, Edition, Option
from ..formgrid import CODE_LENGTH, COLUMNS, NATURE_NOTE_FIELD, Cell, basic_info_grid, joint_field, nature_field
from .controls import ControlFactory
from .ooxml import el, run
from .styles import FORM_LABEL, FORM_SIZE, FORM_TEXT

# Column widths: each value column holds a code on one line (CODE_LENGTH characters, half-width in 仿宋_GB2312, half
# an em each at the form's size, with CODE_SLACK_EM to spare and the cell's margins); at 24 % of the text width for
# each label column the 18th character went to a second line. The second label column keeps its 24 % (注册资本（万元）,
# eight characters); the first has the rest: six characters a line (联合申报单位, 申报单位简介, 组织机构代码/).
CODE_SLACK_EM = 0.5
SECOND_LABEL_SHARE = 0.24
ROW_HEIGHT = Cm(0.9)
INTRO_ROW_HEIGHT = Cm(6)
BORDER = {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "auto"}
CELL_MARGIN_TWIPS = 85  # 1.5 mm left and right

# Grey guidance for value cells whose form field has no official hint, by field kind.
KIND_PLACEHOLDERS = {
    "text": "点击此处填写",
    "code": "统一社会信用代码",
    "date": "如：2001 年 5 月",
    "money": "如：1000",
    "phone": "区号-电话号码",
    "email": "电子邮箱地址",
}
JOINT_PLACEHOLDERS = {"name": "单位全称", "nature": "如：国有企业", "org_code": "统一社会信用代码"}
NOTE_PLACEHOLDER = "请注明"
OPTION_GAP = "\u3000"  # ideographic space between tick-box options


def column_widths(text_width: int) -> list[int]:
    """[label, value, label, value] in twips (see CODE_SLACK_EM)."""
    value = round((CODE_LENGTH / 2 + CODE_SLACK_EM) * FONT_SIZES_PT[FORM_SIZE] * 20) + 2 * CELL_MARGIN_TWIPS
    second_label = round(text_width * SECOND_LABEL_SHARE)
    return [text_width - 2 * value - second_label, value, second_label, value]


def place(grid: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) for every cell of the grid, skipping grid positions covered by earlier spans."""
    occupied: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            placed.append((r, c, cell))
            occupied.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return placed


def add_basic_info_table(doc: Document, edition: Edition, controls: ControlFactory, text_width: int,
                         joint_rows: int, hints: bool = True) -> None:
    """*hints*: the form's own hints before the blanks (_official_hint); a filled application has none."""
    form = edition.form
    grid = basic_info_grid(form, joint_rows=joint_rows)
    table = doc.add_table(rows=len(grid), cols=COLUMNS)
    widths = column_widths(text_width)
    set_table_properties(table._tbl.tblPr, text_width)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(el("w:cantSplit"))
        row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
        for i, cell in enumerate(row.cells):
            cell.width = Twips(widths[i])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0]._p.get_or_add_pPr().style = FORM_TEXT
    for i, width in enumerate(widths):
        table.columns[i].width = Twips(width)
    placed = place(grid)
    for r, c, cell in placed:
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    joint_cells = {joint_field(i, col.id): (i, col) for i in range(1, joint_rows + 1)
                   for col in form.joint_columns}
    joint_label = next((f.label for f in form.fields if f.kind == "table"), "")
    for r, c, cell in placed:
        target = table.cell(r, c)
        paragraph = target.paragraphs[0]._p
        hint = cell.text if hints else ""
        if cell.role in ("label", "header"):
            paragraph.get_or_add_pPr().style = FORM_LABEL
            paragraph.append(run(cell.text))
        elif cell.kind == "choice":
            _add_nature_choices(paragraph, edition, controls, sum(widths[c:c + cell.colspan]))
        elif cell.kind == "longtext":
            table.rows[r].height = INTRO_ROW_HEIGHT
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            _official_hint(paragraph, hint, line_break=True)
            controls.block(paragraph, cell.field, form.field(cell.field).label, KIND_PLACEHOLDERS["text"])
        elif cell.field in joint_cells:
            index, column = joint_cells[cell.field]
            alias = f"{joint_label}{index}·{column.label}"
            _official_hint(paragraph, hint)
            placeholder = JOINT_PLACEHOLDERS.get(column.id, KIND_PLACEHOLDERS["text"])
            paragraph.extend(controls.text(cell.field, alias, placeholder))
        else:
            _official_hint(paragraph, hint)
            placeholder = KIND_PLACEHOLDERS.get(cell.kind, KIND_PLACEHOLDERS["text"])
            paragraph.extend(controls.text(cell.field, form.field(cell.field).label, placeholder))


def _official_hint(paragraph, hint: str, line_break: bool = False) -> None:
    """The form's own hint (（全称）, （根据联合申报单位数量自行添加行）, …) as fixed text before the blank: it is part of
    the official form and stays visible when the applicant types (kit.check.from_docx reads past it)."""
    if hint:
        paragraph.append(run(hint))
        if line_break:
            paragraph.append(el("w:r", None, el("w:br")))


def _option_width(option: Option) -> int:
    """Width of "☐label" (plus "：" and the note's placeholder) in characters."""
    return 1 + len(option.label) + (1 + len(NOTE_PLACEHOLDER) if option.needs_note else 0)


def nature_lines(options: list[Option], capacity: int) -> list[list[Option]]:
    """The tick-box options broken into lines of at most `capacity` characters, so that no line break falls
    inside an option (Word breaks Chinese text between any two characters)."""
    lines: list[list[Option]] = [[]]
    used = 0
    for option in options:
        need = _option_width(option) + (len(OPTION_GAP) if lines[-1] else 0)
        if lines[-1] and used + need > capacity:
            lines.append([])
            used, need = 0, _option_width(option)
        lines[-1].append(option)
        used += need
    return lines


def _add_nature_choices(paragraph, edition: Edition, controls: ControlFactory, width: int) -> None:
    capacity = (width - 2 * CELL_MARGIN_TWIPS) // round(FONT_SIZES_PT[FORM_SIZE] * 20)
    for n, line in enumerate(nature_lines(edition.form.natures, capacity)):
        if n:
            paragraph.append(el("w:r", None, el("w:br")))
        for i, option in enumerate(line):
            if i:
                paragraph.append(run(OPTION_GAP))
            paragraph.append(controls.checkbox(nature_field(option.id), option.label))
            paragraph.append(run(option.label))
            if option.needs_note:
                paragraph.append(run("："))
                paragraph.extend(controls.text(NATURE_NOTE_FIELD, f"{option.label}说明", NOTE_PLACEHOLDER))


def set_table_properties(tbl_pr, text_width: int, borders: bool = True) -> None:
    """Fixed layout, full text width, centred, single black borders or none (no table style needed).
    *tbl_pr* is the table's w:tblPr element (python-docx: table._tbl.tblPr)."""
    look = tbl_pr.find(qn("w:tblLook"))
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    line = BORDER if borders else {"w:val": "nil"}
    edges = el("w:tblBorders", None, *(el(f"w:{side}", line)
                                       for side in ("top", "left", "bottom", "right", "insideH", "insideV")))
    margins = el("w:tblCellMar", None, el("w:left", {"w:w": CELL_MARGIN_TWIPS, "w:type": "dxa"}),
                 el("w:right", {"w:w": CELL_MARGIN_TWIPS, "w:type": "dxa"}))
    for child in (el("w:tblW", {"w:w": text_width, "w:type": "dxa"}), el("w:jc", {"w:val": "center"}),
                  edges, el("w:tblLayout", {"w:type": "fixed"}), margins, look):
        if child is not None:
            tbl_pr.append(child)
