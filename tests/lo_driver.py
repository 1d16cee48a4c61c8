"""Edit .docx files in LibreOffice the way an applicant does, in one batch: one soffice for all jobs.

Runs under Debian's /usr/bin/python3 (python3-uno), not the project's venv, which cannot import `uno`; only the
standard library and uno are used. tests/editors.py starts it; by hand:

    /usr/bin/python3 tests/lo_driver.py JOBS.json [--out RESULT.json] [--timeout SECONDS]
    /usr/bin/python3 tests/lo_driver.py - < JOBS.json

JOBS.json is a list of jobs (or {"jobs": [...]}); each loads `src` hidden, edits it, saves `dst` with the
filter "MS Word 2007 XML" and closes it:

    {"kind": "roundtrip", "src": "a.docx", "dst": "b.docx"}            open and save, untouched
    {"kind": "fill", "src": …, "dst": …,
     "fields": {"plan_name": "…", "it_construction": "段一\\n段二"},    typed into the FORMTEXT fields by name
     "ticks": ["事业单位"],                                              the ☐ just before each label becomes ☒
     "remove_rows": 2,                                                   delete the last 2 joint-unit rows
     "append_rows": {"after_label": "联合申报单位", "rows": [["名称", "性质", "代码"]],
                     "how": "rows_below"}}                               add joint-unit rows and type their cells

Fields: a FORMTEXT field imports as a fieldmark (portions TextFieldStart · TextFieldSeparator · Text… ·
TextFieldEnd); its shown text is replaced as a user's typing replaces it, "\\n" pressed as Enter (a paragraph
break at the typing position, so the field then spans paragraphs). Every named field must exist.

Joint-unit rows: in the table holding a cell `after_label`, the rows after that cell's row up to the next row
whose first cell carries text (申报单位简介). how = "rows_below" (default): Table ▸ Insert ▸ Rows Below with the
cursor in the last joint row (.uno:InsertRowsAfter, once per row), new rows at the end; "api": the table's
XTableRows.insertByIndex, which can only insert above a row, so the rows go above the last joint row (inside
the 联合申报单位 merged cell). Each row's texts go into its last len(texts) cells.

Output (stdout or --out): {"results": [{"dst": …, "filled": [...], "ticked": [...], "rows_added": n,
"rows_removed": n}, …], "soffice_seconds": start-up time}. Exit status 0; 1 when a job failed (traceback on
stderr, later jobs not run); 2 bad arguments or jobs; 3 soffice did not start or did not answer; 4 timed out.
soffice runs with a throw-away profile in its own process group, which is always ended (UNO terminate, then
SIGTERM, then SIGKILL) and its profile removed; a watchdog kills it when --timeout passes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

import uno  # Debian: python3-uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

SOFFICE = os.environ.get("LO_DRIVER_SOFFICE", "/usr/bin/soffice")
WORD_FILTER = "MS Word 2007 XML"
CONNECT_SECONDS = 20
DEFAULT_TIMEOUT = 300
UNCHECKED, CHECKED = "\u2610", "\u2612"  # ☐ ☒


class JobError(Exception):
    """A job asked for something the document does not have."""


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def log(message: str) -> None:
    print(f"lo_driver: {message}", file=sys.stderr, flush=True)


# --- soffice ---------------------------------------------------------------------------------------------------

class Office:
    """One soffice process, started in its own process group with a throw-away profile."""

    def __init__(self, timeout: float):
        self.profile = tempfile.mkdtemp(prefix="lo-driver-profile-")
        self.pipe = f"lo_driver_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.log_file = tempfile.TemporaryFile(prefix="lo-driver-soffice-")
        self.proc = None
        self.desktop = None
        self.timed_out = False
        self._watchdog = threading.Timer(timeout, self._expire)
        self._watchdog.daemon = True
        self.timeout = timeout

    def start(self) -> float:
        started = time.monotonic()
        self._watchdog.start()
        command = [SOFFICE, f"-env:UserInstallation=file://{self.profile}", "--headless", "--norestore",
                   "--invisible", "--nologo", "--nodefault", f"--accept=pipe,name={self.pipe};urp;"]
        self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=self.log_file,
                                     start_new_session=True)
        log(f"soffice pgid={self.proc.pid}")  # tests/editors.py ends this group if the driver itself is killed
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = started + CONNECT_SECONDS
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception as exc:  # NoConnectException until soffice listens
                if self.proc.poll() is not None:
                    raise OfficeError(f"soffice exited with status {self.proc.returncode} before answering") from exc
                if time.monotonic() > deadline:
                    raise OfficeError(f"soffice did not answer on pipe {self.pipe} within {CONNECT_SECONDS} s") from exc
                time.sleep(0.2)
        self.ctx = ctx
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        return time.monotonic() - started

    def _expire(self) -> None:
        self.timed_out = True
        log(f"timed out after {self.timeout} s: killing soffice")
        self._signal(signal.SIGKILL)

    def _signal(self, sig) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def soffice_log(self) -> str:
        self.log_file.seek(0)
        return self.log_file.read().decode("utf-8", "replace")[-4000:]

    def close(self) -> None:
        """End soffice: UNO terminate, then SIGTERM to its process group, then SIGKILL; remove the profile."""
        self._watchdog.cancel()
        if self.proc is not None:
            if self.desktop is not None and self.proc.poll() is None:
                try:
                    self.desktop.terminate()
                except Exception:  # the bridge goes down while soffice exits
                    pass
            for sig, wait in ((None, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                if sig is not None:
                    self._signal(sig)
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
            self._signal(signal.SIGKILL)  # oosplash's child soffice.bin, should it outlive its parent
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log_file.close()


class OfficeError(Exception):
    """soffice could not be started or reached."""


# --- documents -------------------------------------------------------------------------------------------------

def url(path: str) -> str:
    return uno.systemPathToFileUrl(os.path.abspath(path))


def paragraphs(text):
    """Every paragraph of *text* (a document body or a cell), table cells included, in order, with its text."""
    items = text.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.TextTable"):
            for name in item.getCellNames():
                yield from paragraphs(item.getCellByName(name))
        elif item.supportsService("com.sun.star.text.Paragraph"):
            yield text, item


def formtext_fields(doc) -> dict:
    """{name: (text, separator portion, [shown Text portions], end portion)} of every FORMTEXT fieldmark whose
    start and separator are in one paragraph; the first field of a name wins."""
    found: dict = {}
    open_field = None
    for text, paragraph in paragraphs(doc.getText()):
        portions = paragraph.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            kind = portion.TextPortionType
            if kind == "TextFieldStart":
                mark = portion.Bookmark
                is_text = mark.getFieldType() == "vnd.oasis.opendocument.field.FORMTEXT"
                open_field = [mark.getName(), text, None, [], None] if is_text else None
            elif open_field is None:
                continue
            elif kind == "TextFieldSeparator":
                open_field[2] = portion
            elif kind == "Text" and open_field[2] is not None:
                open_field[3].append(portion)
            elif kind == "TextFieldEnd":
                name, owner, separator, shown, _ = open_field
                if separator is not None:
                    found.setdefault(name, (owner, separator, shown, portion))
                open_field = None
    return found


def type_into(text, cursor, value: str) -> None:
    """Type *value* at *cursor* (collapsed), Enter for each "\\n"."""
    for i, line in enumerate(value.split("\n")):
        if i:
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        if line:
            text.insertString(cursor, line, False)


def fill_fields(doc, values: dict) -> list:
    """Type each value into its field. The portions found up front stay valid while earlier fields grow: they
    are cursors that LibreOffice moves with the text."""
    fields = formtext_fields(doc)
    missing = [name for name in values if name not in fields]
    if missing:
        raise JobError(f"no FORMTEXT field named {missing}; the document has {sorted(fields)}")
    for name, value in values.items():
        text, separator, shown, _ = fields[name]
        if shown:  # select the shown text (the placeholder) and type over it
            cursor = text.createTextCursorByRange(shown[0].getStart())
            cursor.gotoRange(shown[-1].getEnd(), True)
            cursor.setString("")
        else:  # nothing shown: type just after the separator
            cursor = text.createTextCursorByRange(separator.getEnd())
        cursor.collapseToEnd()
        type_into(text, cursor, str(value))
    return list(values)


def tick(doc, labels: list) -> list:
    for label in labels:
        search = doc.createSearchDescriptor()
        search.SearchString = UNCHECKED
        hits = doc.findAll(search)
        for i in range(hits.getCount()):
            box = hits.getByIndex(i)
            after = box.getText().createTextCursorByRange(box.getEnd())
            for _ in range(len(label) + 8):  # leaving the check box's content control costs a step or two
                if len(after.getString()) >= len(label) or not after.goRight(1, True):
                    break
            if after.getString() == label:
                box.setString(CHECKED)
                break
        else:
            raise JobError(f"no {UNCHECKED} just before “{label}”")
    return list(labels)


def _cell_key(name: str) -> tuple[int, int]:
    """("B12") → (row 12, column 2)."""
    letters = name.rstrip("0123456789")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(name[len(letters):]), column


def _cells_by_row(table) -> dict:
    rows: dict = {}
    for name in table.getCellNames():
        row, column = _cell_key(name)
        rows.setdefault(row, []).append((column, name))
    return {row: [name for _, name in sorted(cells)] for row, cells in rows.items()}


def joint_rows(doc, label: str):
    """(table, [1-based row numbers of the joint-unit rows]): the rows after the row holding the cell *label*,
    up to the next row whose first cell carries text."""
    tables = doc.getTextTables()
    for i in range(tables.getCount()):
        table = tables.getByIndex(i)
        rows = _cells_by_row(table)
        header = next((r for r, names in sorted(rows.items())
                       if any(table.getCellByName(n).getString().strip() == label for n in names)), None)
        if header is None:
            continue
        found = []
        for r in range(header + 1, table.getRows().getCount() + 1):
            first = table.getCellByName(f"A{r}")  # None where 联合申报单位's merged cell covers column A
            if first is not None and first.getString().strip():
                break
            found.append(r)
        if not found:
            raise JobError(f"no rows below “{label}”")
        return table, found
    raise JobError(f"no table cell “{label}”")


def remove_rows(doc, label: str, count: int) -> int:
    table, rows = joint_rows(doc, label)
    if not 0 < count < len(rows) + 1:
        raise JobError(f"cannot remove {count} of the {len(rows)} rows below “{label}”")
    table.getRows().removeByIndex(rows[-1] - count, count)  # 0-based index of the first removed row
    return count


def append_rows(doc, ctx, label: str, values: list, how: str = "rows_below") -> int:
    table, rows = joint_rows(doc, label)
    last = rows[-1]
    if how == "rows_below":
        controller = doc.getCurrentController()
        anchor = table.getCellByName(_cells_by_row(table)[last][-1])
        controller.getViewCursor().gotoRange(anchor.getStart(), False)
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        before = table.getRows().getCount()
        for _ in values:
            dispatcher.executeDispatch(controller.getFrame(), ".uno:InsertRowsAfter", "", 0, ())
        if table.getRows().getCount() != before + len(values):
            raise JobError(".uno:InsertRowsAfter did not add the rows")
        new = list(range(last + 1, last + 1 + len(values)))
    elif how == "api":
        table.getRows().insertByIndex(last - 1, len(values))  # above the last joint row
        new = list(range(last, last + len(values)))
    else:
        raise JobError(f"append_rows.how must be rows_below or api, not {how!r}")
    cells = _cells_by_row(table)
    for row, texts in zip(new, values):
        names = cells[row]
        if len(texts) > len(names):
            raise JobError(f"row {row} has {len(names)} cells, not {len(texts)}")
        for name, value in zip(names[len(names) - len(texts):], texts):
            cell = table.getCellByName(name)
            cursor = cell.getText().createTextCursor()
            cursor.gotoEnd(False)
            type_into(cell.getText(), cursor, str(value))
    return len(values)


def run_job(office: Office, job: dict) -> dict:
    kind = job.get("kind")
    if kind not in ("roundtrip", "fill"):
        raise JobError(f"kind must be roundtrip or fill, not {kind!r}")
    src, dst = job["src"], job["dst"]
    if not os.path.isfile(src):
        raise JobError(f"no such file: {src}")
    doc = office.desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise JobError(f"LibreOffice could not open {src}")
    result = {"dst": dst, "filled": [], "ticked": [], "rows_added": 0, "rows_removed": 0}
    try:
        if kind == "fill":
            rows = job.get("append_rows") or {}
            label = rows.get("after_label") or job.get("rows_label") or "联合申报单位"
            if job.get("remove_rows"):
                result["rows_removed"] = remove_rows(doc, label, int(job["remove_rows"]))
            if rows.get("rows"):
                result["rows_added"] = append_rows(doc, office.ctx, label, rows["rows"], rows.get("how", "rows_below"))
            result["filled"] = fill_fields(doc, job.get("fields") or {})
            result["ticked"] = tick(doc, job.get("ticks") or [])
        os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
        doc.storeToURL(url(dst), (prop("FilterName", WORD_FILTER), prop("Overwrite", True)))
    finally:
        doc.close(True)
    return result


# --- main ------------------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs", help="JSON file of jobs, or - for stdin")
    parser.add_argument("--out", help="write the result JSON here (default: stdout)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds for the whole batch")
    args = parser.parse_args(argv)
    try:
        data = json.load(sys.stdin if args.jobs == "-" else open(args.jobs, encoding="utf-8"))
        jobs = data["jobs"] if isinstance(data, dict) else data
        if not isinstance(jobs, list) or not all(isinstance(j, dict) and "src" in j and "dst" in j for j in jobs):
            raise ValueError("expected a list of jobs, each with src and dst")
    except (OSError, ValueError, KeyError) as exc:
        log(f"bad jobs: {exc}")
        return 2
    for number, job in enumerate(jobs, 1):  # before soffice starts
        if job.get("kind") not in ("roundtrip", "fill"):
            log(f"bad job {number}: kind must be roundtrip or fill, not {job.get('kind')!r}")
            return 2
        if not os.path.isfile(job["src"]):
            log(f"bad job {number}: no such file: {job['src']}")
            return 2

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally below: never leave soffice behind
    office = Office(args.timeout)
    results = []
    try:
        try:
            startup = office.start()
        except OfficeError as exc:
            log(f"{exc}\n--- soffice output ---\n{office.soffice_log()}")
            return 4 if office.timed_out else 3
        for number, job in enumerate(jobs, 1):
            try:
                results.append(run_job(office, job))
            except Exception as exc:
                what = f"job {number} ({job['kind']} {job['src']})"
                if office.timed_out:
                    log(f"{what} interrupted: timed out after {args.timeout} s")
                    return 4
                log(f"{what} failed: {exc}" if isinstance(exc, JobError)
                    else f"{what} failed:\n{traceback.format_exc()}")
                return 1
    finally:
        office.close()
    report = json.dumps({"results": results, "soffice_seconds": round(startup, 2)}, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(report)
    else:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
