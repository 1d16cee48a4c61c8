"""Read a filled 工作方案 (.docx) into an application by what a person sees, whoever made the file.

The annex is recognised by its structure, not by our template's tags: the cover by its labels, the
basic-information table by its labels (rows the applicant added included), parts 二–四 by their headings, the
service plans by the 附 网络安全保险服务方案 heading and each plan's opening line (服务方案一：…), the declarations by
their title. All labels and headings come from the edition data. So our template filled in Word, WPS or
LibreOffice, with its blanks removed or not, and the government's own annex typed by hand all read the same.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..application import Application, LoadedApplication, Origin
from ..docx.annex import COVER_PLACEHOLDER
from ..docx.declaration import UNIT_NAME_PLACEHOLDER
from ..docx.formtable import JOINT_PLACEHOLDERS, KIND_PLACEHOLDERS, NOTE_PLACEHOLDER
from ..docx.layout import PLAN_HEADING_PATTERN
from ..docx.structure import CHECKED, UNCHECKED, Block, Cell, Paragraph, Table, document_blocks
from ..edition import Edition
from ..errors import InputError, Location
from ..formgrid import LEAD_NAME_FIELD, lead_attribute

TICKED = CHECKED + "☑✓✔√■▣⊠✗✘×●"  # a box glyph right before an option label that means "chosen"
UNTICKED = UNCHECKED + "□○◻"
AFTER_MARKS = "√✓✔"  # a tick written right after an option label
LEADING_PUNCTUATION = ":：\u3000 \t"
# What the kit's templates show in an empty blank, besides the hints of the edition's form (an old template saved
# by LibreOffice turned such placeholders into text, sometimes repeated).
GENERIC_PLACEHOLDERS = (COVER_PLACEHOLDER, UNIT_NAME_PLACEHOLDER, NOTE_PLACEHOLDER, *KIND_PLACEHOLDERS.values(),
                        *JOINT_PLACEHOLDERS.values())
COVER_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")


NOT_APPLICATION_HINT = ("请提交按通知附件（工作方案模板）填写的 .docx；可从网站下载页下载工作方案模板（Word），"
                        "表格栏目和各部分标题保留原样")


def norm(text: str) -> str:
    """For comparing labels: NFKC (full-width → half-width), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _after_label(text: str, label: str) -> str | None:
    """The rest of *text* after *label* (compared as norm() does), or None when *text* does not start with it."""
    target = norm(label)
    matched = 0
    for i, ch in enumerate(text):
        if matched == len(target):
            return text[i:].lstrip(LEADING_PUNCTUATION).strip()
        if ch.isspace():
            continue
        piece = norm(ch)
        if not target.startswith(piece, matched):
            return None
        matched += len(piece)
    return "" if matched == len(target) else None


def _is_label(text: str, label: str, hint: str = "") -> bool:
    """The cell is this label: exactly, with the form's hint, or with any parenthetical after it."""
    n, base = norm(text).rstrip(":"), norm(label)
    return n == base or (hint and n == base + norm(hint)) or (n.startswith(base + "(") and n.endswith(")"))


def placeholder_keys(edition: Edition) -> list[str]:
    """Every placeholder a blank may show, normalised, longest first (so that any runner reads them alike)."""
    hints = {norm(p) for p in GENERIC_PLACEHOLDERS} | {norm(f.hint) for f in edition.form.fields if f.hint}
    return sorted(hints, key=lambda p: (-len(p), p))


@dataclass
class _Reading:
    """What the reader found, kept for the application model and for a clear message when nothing matches."""

    cover: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    nature_cell: str | None = None
    joint: list[dict[str, str]] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)
    plans: list[dict] = field(default_factory=list)
    declarations: int = 0
    found_table: bool = False


class AnnexReader:
    def __init__(self, edition: Edition) -> None:
        self.ed = edition
        form = edition.form
        self.inline = [f for f in form.fields if f.kind not in ("table", "choice")]
        self.nature_label = next(f for f in form.fields if f.kind == "choice")
        self.joint_label = next(f for f in form.fields if f.kind == "table")
        self.placeholders = placeholder_keys(edition)
        self.hints = [f.hint for f in form.fields if f.hint]  # fixed text before the blank in the template
        self.guidance = {norm(p.guidance) for p in edition.annex.parts} | {norm(edition.annex.narrative_note)}

    # -- values ---------------------------------------------------------------------------------------------------
    def clean(self, text: str) -> str:
        """A value as typed: stripped, without the form's official hint before it, and empty while it only shows
        placeholders (even repeated ones)."""
        text = text.strip()
        for hint in self.hints:
            after = _after_label(text, hint)
            if after is not None:
                text = after
                break
        rest = norm(text)
        while rest:
            match = next((p for p in self.placeholders if p and rest.startswith(p)), None)
            if match is None:
                return text
            rest = rest[len(match):]
        return ""

    # -- landmarks ------------------------------------------------------------------------------------------------
    def part_of(self, text: str) -> str | None:
        n = norm(text)
        for part in self.ed.annex.parts:
            for separator in "、.,:":
                if n == norm(part.number) + separator + norm(part.title):
                    return part.id
        return None

    def is_plans_heading(self, text: str) -> bool:
        return norm(text) in (norm(self.ed.annex.service_plan.title), norm(self.ed.annex.appendix_label
                                                                             + self.ed.annex.service_plan.title))

    def is_declaration_heading(self, text: str) -> bool:
        return norm(text) in (norm(self.ed.declaration.title), norm(self.ed.annex.appendix_label + self.ed.declaration.title))

    # -- reading --------------------------------------------------------------------------------------------------
    def read(self, blocks: list[Block]) -> _Reading:
        found = _Reading()
        section: str | None = None  # None (cover and form) | part id | "plans" | "declaration"
        points = {norm(p.text) for p in self.ed.annex.service_plan.points}
        plan_guidance = norm(self.ed.annex.service_plan.guidance)
        for block in blocks:
            if isinstance(block, Table):
                if section in (None, "declaration"):
                    self.read_table(block, found)
                elif section == "plans":
                    self.add_plan_text(found, block.text())
                else:
                    found.parts[section].append(block.text())
                continue
            text = block.text
            part = self.part_of(text)
            if part:
                section = part
                found.parts.setdefault(part, [])
                continue
            if self.is_plans_heading(text):
                section = "plans"
                continue
            if self.is_declaration_heading(text):
                section = "declaration"
                found.declarations += 1
                continue
            if section is None:
                self.read_cover_line(text, found)
            elif section == "plans":
                for line in text.split("\n"):  # a line break (Shift+Enter) may start a plan as a paragraph does
                    self.read_plan_line(line, found, plan_guidance, points)
            elif section != "declaration":
                if norm(text) in self.guidance or norm(text) == norm(self.ed.annex.appendix_label):
                    continue
                found.parts[section].append(text)
        return found

    def read_plan_line(self, text: str, found: _Reading, plan_guidance: str, points: set[str]) -> None:
        n = norm(text)
        if n == plan_guidance or n == norm(self.ed.annex.appendix_label):
            return
        if any(n.endswith(p) and len(n) - len(p) <= 3 for p in points):  # the official points, numbered
            return
        heading = PLAN_HEADING_PATTERN.match(unicodedata.normalize("NFKC", text.strip()))
        if heading:  # the plan's text opens with its heading line as written; its title is the rest of that line
            found.plans.append({"title": heading[2].strip(), "text": [text.strip()]})
        else:
            self.add_plan_text(found, text)

    def add_plan_text(self, found: _Reading, text: str) -> None:
        text = self.clean(text)
        if not text:
            return
        if not found.plans:
            found.plans.append({"title": "", "text": []})
        found.plans[-1]["text"].append(text)

    def read_cover_line(self, text: str, found: _Reading) -> None:
        for item in self.ed.annex.cover:
            rest = _after_label(text, item.label)
            if rest is not None and item.id not in found.cover:
                if item.suffix:
                    rest = rest.replace(item.suffix, "").replace(unicodedata.normalize("NFKC", item.suffix), "")
                found.cover[item.id] = self.clean(rest)

    def read_table(self, table: Table, found: _Reading) -> None:
        joint_columns: dict[int, str] | None = None  # grid column → joint column id, below the header row
        for row in table.rows:
            cells = [c for c in row if not c.merged]
            if not cells:
                continue
            if len(cells) <= 2 and joint_columns is None:  # a cover row: label | ：value
                combined = "".join(c.text for c in cells)
                self.read_cover_line(combined, found)
            label_row = self.read_labels(cells, found)
            header = self.joint_header(row)
            if header:
                joint_columns = header
                found.found_table = True
            elif joint_columns is not None and not label_row:
                unit = {cid: self.clean(c.text) for c in row if not c.merged
                        for col, cid in joint_columns.items() if c.column == col}
                if any(unit.values()):
                    found.joint.append({cid: unit.get(cid, "") for cid in joint_columns.values()})
            elif label_row:
                joint_columns = None

    def joint_header(self, row: list[Cell]) -> dict[int, str] | None:
        columns = {}
        for cell in row:
            for column in self.ed.form.joint_columns:
                if norm(cell.text) == norm(column.label):
                    columns[cell.column] = column.id
        return columns if len(columns) == len(self.ed.form.joint_columns) else None

    def read_labels(self, cells: list[Cell], found: _Reading) -> bool:
        """Label | value pairs of the form in one row; True when the row held a label other than the joint one."""
        any_label = False
        for i, cell in enumerate(cells):
            value = cells[i + 1].text if i + 1 < len(cells) else ""
            if _is_label(cell.text, self.nature_label.label) and not self.joint_header_cell(cells):
                found.nature_cell = value
                found.found_table = any_label = True
                continue
            for f in self.inline:
                if f.id not in found.fields and _is_label(cell.text, f.label, f.hint or ""):
                    found.fields[f.id] = self.clean(value)
                    found.found_table = any_label = True
                    break
        return any_label

    def joint_header_cell(self, cells: list[Cell]) -> bool:
        return any(_is_label(c.text, self.joint_label.label, self.joint_label.hint or "") for c in cells)

    # -- 单位性质 ---------------------------------------------------------------------------------------------------
    def natures(self, text: str | None) -> tuple[list[str], str]:
        """The option ids ticked in the 单位性质 cell, and the note written after 其他（请注明）."""
        if not text:
            return [], ""
        flat = unicodedata.normalize("NFKC", text)
        has_boxes = any(ch in TICKED or ch in UNTICKED for ch in flat)
        ticked, note = [], ""
        for option in self.ed.form.natures:
            label = unicodedata.normalize("NFKC", option.label)
            short = label.split("(")[0]
            position = flat.find(label)
            length = len(label)
            if position < 0:
                position, length = flat.find(short), len(short)
            if position < 0:
                continue
            before = flat[:position].rstrip()
            after = flat[position + length:]
            mark = (before[-1:] != "" and before[-1:] in TICKED) or (after[:1] != "" and after[:1] in AFTER_MARKS)
            if mark or not has_boxes:
                ticked.append(option.id)
            if option.needs_note:
                end = min([i for i, ch in enumerate(after) if ch in TICKED or ch in UNTICKED] + [len(after)])
                note = self.clean(after[:end].lstrip(AFTER_MARKS).strip(LEADING_PUNCTUATION + "\n"))
        return ticked, note


def _date(text: str | None) -> dt.date | None:
    match = COVER_DATE.search(unicodedata.normalize("NFKC", text or ""))
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def application_from_blocks(blocks: list[Block], edition: Edition, source: str) -> LoadedApplication:
    reader = AnnexReader(edition)
    found = reader.read(blocks)
    if not found.found_table and not found.parts and not found.plans:
        paragraphs = sum(isinstance(b, Paragraph) and bool(b.text.strip()) for b in blocks)
        tables = sum(isinstance(b, Table) for b in blocks)
        headings = "、".join(p.heading for p in edition.annex.parts)
        raise InputError(f"这份 Word 文档不是工作方案：文档有 {paragraphs} 段文字、{tables} 个表格，但没有找到"
                         f"“{edition.annex.basic_info_heading}”的基本信息表（{reader.inline[0].label}、"
                         f"{reader.nature_label.label}等栏目），也没有找到“{headings}”等标题",
                         Location(source), NOT_APPLICATION_HINT)
    ticks, note = reader.natures(found.nature_cell)
    lead = {lead_attribute(f.id): found.fields.get(f.id, "") for f in reader.inline if f.kind != "longtext"}
    lead["intro"] = found.fields.get("intro", "")
    lead["nature"] = ticks[0] if len(ticks) == 1 else ""
    lead["nature_note"] = note
    plans = [{"title": p["title"], "text": "\n".join(p["text"])} for p in found.plans if p["title"] or p["text"]]
    data = {
        "plan_name": found.cover.get("plan_name", ""),
        "apply_date": _date(found.cover.get("apply_date")),
        "lead": lead,
        "joint": found.joint,
        "parts": {p.id: reader.clean("\n".join(found.parts.get(p.id, []))) for p in edition.annex.parts},
        "service_plans": plans,
    }
    app = Application.model_validate(data)
    labels = _labels(edition)
    origins = {key: Origin(source, key=labels(key)) for key in
               [("lead", "intro"), ("plan_name",)] + [("parts", p.id) for p in edition.annex.parts]}
    for i, _ in enumerate(plans):
        origins[("service_plans", i, "text")] = Origin(source, key=labels(("service_plans", i, "text")))
    option_labels = {o.id: o.label for o in edition.form.natures}
    return LoadedApplication(app, source, origins, None, [option_labels[t] for t in ticks], found.declarations, labels)


def _labels(edition: Edition):
    """Key path → "part / field" for findings in a .docx: what the applicant sees in the document."""
    form = {f.id: f.label for f in edition.form.fields}
    columns = {c.id: c.label for c in edition.form.joint_columns}
    parts = {p.id: p.heading for p in edition.annex.parts}
    basic = f"{edition.annex.basic_info_heading} / "
    joint = next(f.label for f in edition.form.fields if f.kind == "table")
    cover = {c.id: c.label for c in edition.annex.cover}

    def describe(path: tuple) -> str:
        head = path[0]
        if head == "lead":
            field_id = LEAD_NAME_FIELD if path[1] == "name" else path[1]
            return basic + form.get(field_id, "单位性质" if path[1].startswith("nature") else path[1])
        if head == "joint":
            if len(path) > 2:
                return basic + f"{joint} {path[1] + 1} / {columns.get(path[2], path[2])}"
            return basic + joint
        if head == "parts":
            return parts.get(path[1], "第二、三、四部分") if len(path) > 1 else "第二、三、四部分"
        if head == "service_plans":
            title = edition.annex.service_plan.title
            return f"附 {title} {path[1] + 1}" if len(path) > 1 else f"附 {title}"
        if head in cover:
            return f"封面 / {cover[head]}"
        if head == "declaration":
            return f"附 {edition.declaration.title}"
        return ".".join(map(str, path))

    return describe


MACRO_MARKERS = ("macroEnabled", "vbaProject")  # in [Content_Types].xml of a macro-enabled document
MACRO_MESSAGE = "文档含有宏（VBA），出于安全考虑不予处理"
MACRO_HINT = "在 Word 中“另存为”普通的 Word 文档（.docx），不要保存为启用宏的文档"


def load_docx(path: Path, edition: Edition) -> LoadedApplication:
    from ..docx.package import DOCUMENT_PART, open_untrusted, parse_untrusted_xml

    path = Path(path)
    entries = open_untrusted(path, only="[Content_Types].xml")
    types = entries.get("[Content_Types].xml", b"")
    if any(marker.encode() in types for marker in MACRO_MARKERS):
        raise InputError(MACRO_MESSAGE, Location(str(path)), MACRO_HINT)
    root = parse_untrusted_xml(open_untrusted(path, only=DOCUMENT_PART)[DOCUMENT_PART], path, DOCUMENT_PART)
    return application_from_blocks(document_blocks(root), edition, str(path))
