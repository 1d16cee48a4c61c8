"""Make .docx files the way real editors do, so tests can check what the kit reads from them.

LibreOffice (real): tests/lo_driver.py runs under Debian's /usr/bin/python3 (python3-uno) and edits a batch of
files in one soffice; start-up takes seconds, so collect every file of a module and run them together:

    batch = LibreOfficeBatch()
    saved = batch.roundtrip(template, tmp / "rt.docx")
    filled = batch.fill(template, tmp / "filled.docx", fields={"plan_name": "…"}, ticks=["事业单位"],
                        append_rows=[["单位", "国有企业", "9131…"]])
    batch.run()            # one soffice; a driver error is a pytest failure showing the driver's stderr

Word and WPS (emulated): they do not run here, so the functions below reproduce what their commands do to the
file (the .docx XML), as documented for Word: remove_content_controls (删除内容控件), unlink_fields
(Ctrl+Shift+F9 / WPS 转换为文本), word_insert_row_below (表格 ▸ 在下方插入行, then typing), and
plain_official_annex (a person typing the annex into a blank document from the government's own template,
without any field or control). They change word/document.xml only (Word's commands act on the body) and write
deterministic zips (kit.reproducible).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kit.docx.layout import plan_heading
from kit.reproducible import normalise_zip, write_entries

DRIVER = Path(__file__).with_name("lo_driver.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-uno; the venv's Python cannot import uno
SOFFICE = "/usr/bin/soffice"
BATCH_SECONDS = 120  # the driver's own deadline: start-up plus a few seconds a job
JOB_SECONDS = 15
MAKE_TEST = "请运行 make test（会通过 scripts/setup-system.sh 安装 libreoffice-writer-nogui 和 python3-uno）"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
DOCUMENT_XML = "word/document.xml"
UNCHECKED, CHECKED_TYPED = "\u2610", "\u2611"  # ☐, ☑ (what a person types from the symbol table)


# --- LibreOffice --------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def libreoffice_python() -> str:
    """/usr/bin/python3 when it can import uno and soffice exists; otherwise a pytest failure saying what to run."""
    if not os.path.exists(SOFFICE):
        pytest.fail(f"缺少 LibreOffice（{SOFFICE}）：{MAKE_TEST}", pytrace=False)
    if not os.path.exists(SYSTEM_PYTHON):
        pytest.fail(f"缺少 {SYSTEM_PYTHON}：{MAKE_TEST}", pytrace=False)
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, text=True, timeout=30)
    if probe.returncode:
        pytest.fail(f"{SYSTEM_PYTHON} 无法导入 uno（python3-uno）：{MAKE_TEST}\n{probe.stderr}", pytrace=False)
    return SYSTEM_PYTHON


def run_libreoffice(jobs: list[dict], timeout: float | None = None) -> list[dict]:
    """Run *jobs* (see tests/lo_driver.py) in one soffice; the driver's result per job, in order.

    Any failure (soffice missing or silent, a job naming a field the file lacks, a timeout) is a pytest failure
    with the driver's stderr. The driver ends its soffice itself; should the driver be killed on timeout, its
    soffice process group (named on its stderr) is killed here."""
    if not jobs:
        return []
    python = libreoffice_python()
    deadline = timeout or BATCH_SECONDS + JOB_SECONDS * len(jobs)
    jobs = [{k: (str(v) if isinstance(v, Path) else v) for k, v in job.items()} for job in jobs]
    with tempfile.TemporaryDirectory(prefix="lo-driver-") as tmp:
        jobs_file, out_file, err_file = (Path(tmp) / name for name in ("jobs.json", "result.json", "stderr.txt"))
        jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
        command = [python, str(DRIVER), str(jobs_file), "--out", str(out_file), "--timeout", str(deadline)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        with open(err_file, "wb") as err:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=err, stderr=err, env=env)
            try:
                status = proc.wait(deadline + 30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                _kill_soffice_named_in(err_file)
                pytest.fail(f"tests/lo_driver.py hung for {deadline + 30} s:\n{_tail(err_file)}", pytrace=False)
        if status != 0 or not out_file.exists():
            _kill_soffice_named_in(err_file)
            pytest.fail(f"tests/lo_driver.py failed (exit status {status}):\n{_tail(err_file)}", pytrace=False)
        results = json.loads(out_file.read_text(encoding="utf-8"))["results"]
    for job in jobs:
        if not Path(job["dst"]).is_file():
            pytest.fail(f"LibreOffice did not write {job['dst']}", pytrace=False)
    return results


def _tail(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-6000:]


def _kill_soffice_named_in(err_file: Path) -> None:
    """The driver names its soffice's process group on stderr ("soffice pgid=N"); end it if still there."""
    for line in _tail(err_file).splitlines():
        if line.startswith("lo_driver: soffice pgid="):
            try:
                os.killpg(int(line.rsplit("=", 1)[1]), signal.SIGKILL)
            except (ProcessLookupError, PermissionError, ValueError):
                pass


def roundtrip_job(src, dst) -> dict:
    """Open in LibreOffice and save as Word 2007 XML, untouched."""
    return {"kind": "roundtrip", "src": str(src), "dst": str(dst)}


def fill_job(src, dst, fields: dict[str, str] | None = None, ticks: list[str] | None = None,
             append_rows: list[list[str]] | None = None, remove_rows: int = 0,
             rows_label: str | None = None, how: str = "rows_below") -> dict:
    """Fill in LibreOffice as an applicant does: type *fields* (FORMTEXT name → text, "\\n" = Enter), tick the
    boxes before the *ticks* labels, delete the last *remove_rows* joint-unit rows, add rows below the joint-unit
    rows (*how* "rows_below": Table ▸ Insert ▸ Rows Below; "api": XTableRows.insertByIndex, above the last row)
    and type *append_rows* into them; save as Word 2007 XML."""
    rows_label = rows_label or _joint_labels()[0]
    job = {"kind": "fill", "src": str(src), "dst": str(dst), "fields": dict(fields or {}),
           "ticks": list(ticks or []), "remove_rows": remove_rows, "rows_label": rows_label}
    if append_rows:
        job["append_rows"] = {"after_label": rows_label, "rows": [list(map(str, r)) for r in append_rows], "how": how}
    return job


class LibreOfficeBatch:
    """Collects LibreOffice jobs; run() does them all in one soffice. Each method returns the output path."""

    def __init__(self) -> None:
        self.jobs: list[dict] = []
        self.results: list[dict] = []

    def roundtrip(self, src, dst) -> Path:
        self.jobs.append(roundtrip_job(src, dst))
        return Path(dst)

    def fill(self, src, dst, **kwargs) -> Path:
        self.jobs.append(fill_job(src, dst, **kwargs))
        return Path(dst)

    def run(self, timeout: float | None = None) -> list[dict]:
        self.results = run_libreoffice(self.jobs, timeout)
        return self.results


# --- .docx XML helpers ------------------------------------------------------------------------------------------

def read_part(path, name: str = DOCUMENT_XML):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def _rewrite_document(src, dst, change) -> None:
    """Copy the package *src* to *dst* with change(root) applied to word/document.xml (deterministic zip)."""
    with zipfile.ZipFile(src) as package:
        entries = [(info.filename, package.read(info)) for info in package.infolist() if not info.is_dir()]
    out = []
    for name, data in entries:
        if name == DOCUMENT_XML:
            root = etree.fromstring(data)
            change(root)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((name, data))
    write_entries(Path(dst), out)


def w_text(element) -> str:
    """The visible text under *element*: w:t, tabs, line breaks, "\n" between paragraphs (not field
    instructions, not page breaks: LibreOffice saves a page-break-before as a w:br of type page)."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}p"):
        if node.tag == f"{W}br" and node.get(f"{W}type") in ("page", "column"):
            continue
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag == f"{W}p":
            if parts:
                parts.append("\n")
        else:
            parts.append("\n")
    return "".join(parts)


def formtext_names(root) -> list[str]:
    """The ffData names of every FORMTEXT field (begin fldChar with w:textInput), in document order."""
    return [data.find(f"{W}name").get(f"{W}val") for data in root.iter(f"{W}ffData")
            if data.find(f"{W}textInput") is not None]


def formtext_values(root) -> dict[str, str]:
    """{name: shown text} of every FORMTEXT field, paragraphs joined by "\n" (a field LibreOffice filled with
    several paragraphs ends in a later paragraph); the first field of a name wins."""
    values: dict[str, str] = {}
    name, state, shown = None, None, []
    for node in root.iter(f"{W}p", f"{W}fldChar", f"{W}t", f"{W}tab", f"{W}br"):
        tag = etree.QName(node).localname
        if tag == "fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                data = node.find(f"{W}ffData")
                is_text = data is not None and data.find(f"{W}textInput") is not None
                name, state, shown = (data.find(f"{W}name").get(f"{W}val") if is_text else None), "instr", []
            elif kind == "separate":
                state = "result"
            elif kind == "end":
                if name is not None:
                    values.setdefault(name, "".join(shown))
                name, state = None, None
        elif name is None or state != "result":
            continue
        elif tag == "p":
            shown.append("\n")
        elif tag == "t":
            shown.append(node.text or "")
        else:
            shown.append("\t" if tag == "tab" else "\n")
    return values


def _unwrap(element) -> None:
    """Replace *element* by its children (w:sdt: by the children of its w:sdtContent)."""
    content = element.find(f"{W}sdtContent") if element.tag == f"{W}sdt" else element
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(content) if content is not None else []):
        parent.insert(index + offset, child)
    parent.remove(element)


def _strip_sdts(root) -> None:
    for sdt in reversed(list(root.iter(f"{W}sdt"))):  # innermost first
        _unwrap(sdt)


def _strip_fields(root) -> None:
    """Fields → their result runs: drop begin…separate (instruction) and end; simple fields → their runs."""
    for simple in reversed(list(root.iter(f"{W}fldSimple"))):
        _unwrap(simple)
    stack: list[str] = []  # per open field: "instruction" until its separate, then "result"
    for r in list(root.iter(f"{W}r")):
        char = r.find(f"{W}fldChar")
        if char is not None:
            kind = char.get(f"{W}fldCharType")
            if kind == "begin":
                stack.append("instruction")
            elif kind == "separate" and stack:
                stack[-1] = "result"
            elif kind == "end" and stack:
                stack.pop()
            r.getparent().remove(r)
        elif "instruction" in stack or r.find(f"{W}instrText") is not None:
            r.getparent().remove(r)


# --- Word / WPS emulations -------------------------------------------------------------------------------------

def remove_content_controls(src, dst) -> None:
    """Word / WPS 删除内容控件 on the whole body: every w:sdt unwrapped, its w:sdtContent children kept in place
    (a check box leaves its ☐/☒ glyph as plain text)."""
    _rewrite_document(src, dst, _strip_sdts)


def unlink_fields(src, dst) -> None:
    """Word's Ctrl+A, Ctrl+Shift+F9 (WPS 转换为文本): every field replaced by its result runs — a FORMTEXT field
    becomes its shown text; bookmarks stay."""
    _rewrite_document(src, dst, _strip_fields)


def _edition():
    from kit.edition import default_edition

    return default_edition()


def _joint_labels() -> tuple[str, str]:
    """The 联合申报单位 label and the label of the form row after it (申报单位简介), from the edition."""
    form = _edition().form
    names = [row[0] for row in form.rows]
    table_row = next(i for i, name in enumerate(names) if form.field(name).kind == "table")
    return form.field(names[table_row]).label, form.field(names[table_row + 1]).label


def _is_continuation(tc) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val", "continue") == "continue"


def _cells(tr) -> list:
    """The w:tc of a row, also those inside a cell-level w:sdt."""
    cells = []
    for child in tr:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag == f"{W}sdt":
            cells += [tc for tc in child.iterfind(f"{W}sdtContent/{W}tc")]
    return cells


def find_joint_rows(root, label: str | None = None) -> tuple:
    """(table, [w:tr of the joint-unit rows]): in the table holding a cell *label* (联合申报单位), the rows
    after that cell's row up to the next row whose first cell carries text (申报单位简介)."""
    label = label or _joint_labels()[0]
    for table in root.iter(f"{W}tbl"):
        rows = [tr for tr in table if tr.tag == f"{W}tr"]
        header = next((i for i, tr in enumerate(rows)
                       if any(w_text(tc).strip() == label for tc in _cells(tr))), None)
        if header is None:
            continue
        found = []
        for tr in rows[header + 1:]:
            first = _cells(tr)[0]
            if not _is_continuation(first) and w_text(first).strip():
                break
            found.append(tr)
        if found:
            return table, found
    raise AssertionError(f"no table with rows below a cell “{label}”")


def _plain_cell(tc, text: str | None) -> None:
    """Empty *tc* to one paragraph (keeping cell and first-paragraph formatting) and type *text* into it."""
    paragraph = tc.find(f"{W}p")
    ppr = copy.deepcopy(paragraph.find(f"{W}pPr")) if paragraph is not None else None
    for child in list(tc):
        if child.tag != f"{W}tcPr":
            tc.remove(child)
    p = etree.SubElement(tc, f"{W}p")
    if ppr is not None:
        p.append(ppr)
    for i, line in enumerate((text or "").split("\n") if text else []):
        if i:
            p = etree.SubElement(tc, f"{W}p")
            if ppr is not None:
                p.append(copy.deepcopy(ppr))
        mark = ppr.find(f"{W}rPr") if ppr is not None else None
        r = etree.SubElement(p, f"{W}r")
        if mark is not None and len(mark):
            r.append(copy.deepcopy(mark))  # the paragraph mark's character formatting
        t = etree.SubElement(r, f"{W}t")
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def word_insert_row_below(src, dst, rows: list[list[str]], label: str | None = None) -> None:
    """Word's 表格 ▸ 在下方插入行 with the cursor in the last joint-unit row, once per entry of *rows*, then the
    user types each entry's texts into the new row's last cells. The new row is a copy of the last joint row with
    no content controls or fields — plain runs only — and its first cell still continues the merged
    联合申报单位 cell (w:vMerge)."""
    def change(root):
        _, joint = find_joint_rows(root, label)
        anchor = joint[-1]
        for texts in rows:
            new = copy.deepcopy(anchor)
            _strip_sdts(new)
            for element in new.iter():  # Word gives new paragraphs and rows new ids
                for attribute in (f"{{{W14_NS}}}paraId", f"{{{W14_NS}}}textId"):
                    element.attrib.pop(attribute, None)
            cells = [tc for tc in _cells(new) if not _is_continuation(tc)]
            if len(texts) > len(cells):
                raise ValueError(f"the joint-unit row has {len(cells)} cells to type into, not {len(texts)}")
            typed = dict(zip(range(len(cells) - len(texts), len(cells)), texts))
            for i, tc in enumerate(cells):
                _plain_cell(tc, typed.get(i))
            for tc in _cells(new):
                if _is_continuation(tc):
                    _plain_cell(tc, None)
            anchor.addnext(new)
            anchor = new
    _rewrite_document(src, dst, change)


# --- a plain annex typed by hand ------------------------------------------------------------------------------

def plain_official_annex(dst, data: dict) -> Path:
    """The annex as a person types it into a blank Word document from the government's template: plain
    paragraphs and one table, bold direct formatting for headings, no fields, no content controls.

    *data*: {plan_name, lead_unit, apply_date (date), lead: {name, region, org_code, founded, address, capital,
    contact, phone, fax, email, nature (option id), nature_note, intro}, joint: [{name, nature, org_code}],
    parts: {part id: text}, service_plans: [{title, text}]}; texts are plain, "\\n" between paragraphs. Every
    official word (labels, headings, guidance, declaration) comes from the edition data."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ed = _edition()
    annex, form = ed.annex, ed.form
    lead = data.get("lead", {})
    doc = Document()

    def para(text: str = "", bold: bool = False, centre: bool = False):
        paragraph = doc.add_paragraph()
        if text:
            paragraph.add_run(text).bold = bold or None
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def paras(text: str) -> None:
        for line in (text or "").split("\n"):
            para(line)

    para(annex.attachment_label)
    for line in annex.title_lines:
        para(line, bold=True, centre=True)
    cover_values = {"plan_name": data.get("plan_name", ""), "lead_unit": data.get("lead_unit", "")}
    for field in annex.cover:
        if field.kind == "date":
            day = data.get("apply_date") or dt.date(2024, 5, 20)
            para(f"{field.label}：{day.year} 年 {day.month} 月 {day.day} 日")
        else:
            para(f"{field.label}：{cover_values.get(field.id, '')}{field.suffix}")
    para(annex.instructions_title, bold=True, centre=True)
    for number, item in enumerate(annex.instructions, 1):
        para(f"{number}.{item}")

    para(annex.basic_info_heading, bold=True)
    para(annex.basic_info_subheading, bold=True)
    joint = list(data.get("joint", []))
    table_rows = sum(1 + max(1, len(joint)) if form.field(row[0]).kind == "table" else 1 for row in form.rows)
    table = doc.add_table(rows=table_rows, cols=4)
    table.style = "Table Grid"
    r = 0
    for row in form.rows:
        fields = [form.field(name) for name in row]
        first = fields[0]
        if first.kind == "table":
            count = max(1, len(joint))
            label = table.cell(r, 0).merge(table.cell(r + count, 0))
            label.text = first.label
            for c, column in enumerate(form.joint_columns, 1):
                table.cell(r, c).text = column.label
            for i in range(count):
                unit = joint[i] if i < len(joint) else {}
                for c, column in enumerate(form.joint_columns, 1):
                    value = unit.get(column.id, "")
                    if column.id == "nature":
                        value = _nature_label(value)
                    table.cell(r + 1 + i, c).text = value
            r += 1 + count
            continue
        if len(fields) == 1:
            table.cell(r, 0).text = first.label + (first.hint if first.id == "lead_name" else "")
            value = table.cell(r, 1).merge(table.cell(r, 3))
            if first.kind == "choice":
                value.text = _nature_line(lead.get("nature", ""), lead.get("nature_note", ""))
            else:
                value.text = ""
                key = "name" if first.id == "lead_name" else first.id
                lines = (lead.get(key) or "").split("\n")
                value.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    value.add_paragraph(line)
        else:
            for c, field in enumerate(fields):
                table.cell(r, 2 * c).text = field.label
                table.cell(r, 2 * c + 1).text = str(lead.get(field.id, ""))
        r += 1

    pledge = annex.pledge
    para(pledge.title, bold=True, centre=True)
    para(pledge.text)
    for line in pledge.lead_signature:
        para(line)
    para(annex.narrative_note)
    parts = data.get("parts", {})
    for part in annex.parts:
        para(part.heading, bold=True)
        paras(parts.get(part.id, ""))

    para(annex.appendix_label)
    para(annex.service_plan.title, bold=True, centre=True)
    for number, plan in enumerate(data.get("service_plans", []), 1):
        para(plan_heading(number, plan.get("title", "")), bold=True)
        paras(plan.get("text", ""))

    d = ed.declaration
    para(annex.appendix_label)
    para(d.title, bold=True, centre=True)
    para(d.preamble)
    para(d.lead_in)
    for number, item in enumerate(d.items, 1):
        para(f"{number}.{item}")
    para(d.closing)
    for line in d.signature[:-1]:
        para(line)
    para(d.signature[-1] + "\u3000" + data.get("lead_unit", ""))
    day = data.get("apply_date") or dt.date(2024, 5, 20)
    para(f"{day.year} 年 {day.month} 月 {day.day} 日")
    dst = Path(dst)
    doc.save(dst)
    normalise_zip(dst)
    return dst


def _nature_label(value: str) -> str:
    for option in _edition().form.natures:
        if value == option.id:
            return option.name
    return value


def _nature_line(chosen: str, note: str) -> str:
    pieces = []
    for option in _edition().form.natures:
        box = CHECKED_TYPED if option.id == chosen else UNCHECKED
        piece = f"{box}{option.label}"
        if option.needs_note and option.id == chosen and note:
            piece += f"：{note}"
        pieces.append(piece)
    return "\u3000".join(pieces)


def application_data(app) -> dict:
    """plain_official_annex's *data* from a kit.application.Application (texts as plain text)."""
    from kit.markup import plain_text as rendered

    def plain_text(text: str) -> str:  # one line per paragraph, no blank ones (nobody types those)
        return "\n".join(line for line in rendered(text).split("\n") if line.strip())

    lead = app.lead
    return {
        "plan_name": app.plan_name, "lead_unit": lead.name, "apply_date": app.apply_date,
        "lead": {**{k: getattr(lead, k) for k in ("name", "region", "org_code", "founded", "address", "capital",
                                                   "contact", "phone", "fax", "email", "nature", "nature_note")},
                 "intro": plain_text(lead.intro)},
        "joint": [{"name": u.name, "nature": u.nature, "org_code": u.org_code} for u in app.joint],
        "parts": {k: plain_text(v) for k, v in app.parts.items()},
        "service_plans": [{"title": p.title, "text": plain_text(p.text)} for p in app.service_plans],
    }


def application_fields(app) -> dict[str, str]:
    """What an applicant types into the template's FORMTEXT fields for a kit.application.Application: every
    field id (README “Word 模板的内容控件”) that the application has a value for. All service plans go into
    service_plan_1, each opening with its 服务方案一：… line, as one long text."""
    ed = _edition()
    data = application_data(app)
    lead = data["lead"]
    values: dict[str, str] = {"plan_name": data["plan_name"], "lead_unit": data["lead_unit"],
                              "decl_unit": data["lead_unit"]}
    day = data["apply_date"]
    if day:
        for prefix in ("apply_date", "decl_date"):
            values.update({f"{prefix}_year": str(day.year), f"{prefix}_month": str(day.month),
                           f"{prefix}_day": str(day.day)})
    for field in ed.form.lead_text_fields():
        value = lead.get("name" if field.id == "lead_name" else field.id)
        if value:
            values[field.id] = str(value)
    if lead.get("nature_note"):
        values["nature_other_note"] = lead["nature_note"]
    for i, unit in enumerate(data["joint"], 1):
        for column in ed.form.joint_columns:
            value = unit.get(column.id, "")
            if value:
                values[f"joint_{i}_{column.id}"] = _nature_label(value) if column.id == "nature" else value
    for part in ed.annex.parts:
        if data["parts"].get(part.id):
            values[part.id] = data["parts"][part.id]
    plans = []
    for number, plan in enumerate(data["service_plans"], 1):
        plans.append(f"{plan_heading(number, plan['title'])}\n{plan['text']}")
    if plans:
        values["service_plan_1"] = "\n".join(plans)
    return values


def nature_label(option_id: str) -> str:
    """The label printed after the 单位性质 tick box of an option id (for fill_job's *ticks*)."""
    return next(o.label for o in _edition().form.natures if o.id == option_id)

