"""The real-editor corpus: the same applications as .yaml and as .docx files made the ways applicants make them.

Each application is written as YAML, then as .docx files by every route an applicant takes:

- ``word``: our template with its blanks filled as Word stores typed form fields (kit.docx.fill_fields), joint
  units beyond the template's rows in rows added with Word's "Insert Row Below" (no blanks in them);
- ``kit-build``: the filled 工作方案 that `kit build` writes;
- ``libreoffice-fill``: our template filled in LibreOffice itself (headless, driven through Python-UNO as a user
  types: form fields, ☐ → ☒, Table ▸ Insert ▸ Rows Below) and saved as Word 2007 XML;
- ``libreoffice-resave``: the ``word`` file opened in LibreOffice and saved again, untouched;
- ``libreoffice-resave-kit-build``: the ``kit-build`` file (a worked example) re-saved in LibreOffice;
- ``no-blanks``: the ``word`` file with its content controls removed and its fields converted to text (what Word's
  and WPS's "remove content control" and "convert field to text" leave);
- ``plain-annex``: the government's annex typed into a plain .docx (headings and table as in the notice, no
  fields or controls at all);
- ``libreoffice-rows-removed`` (applications with fewer joint units than the template's rows): the spare joint
  rows deleted in LibreOffice.

Nothing is committed: every file is made from the YAML during the test run.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import yaml

import appfactory
import editors
from kit.application import load_application
from kit.docx import fill_fields, write_annex
from kit.docx.filled import write_filled_annex
from kit.filling import filled_application
from kit.edition import default_edition

ROOT = Path(__file__).resolve().parent.parent
ED = default_edition()
ROWS = ED.limits.max_joint_applicants  # joint-unit rows in the template


@dataclass(frozen=True)
class CorpusFile:
    application: str  # name of the application (its YAML is corpus_dir/<application>.yaml or an example's)
    kind: str
    path: Path
    yaml: Path


def _six_joint_units() -> dict:
    """A valid application with one joint unit more than the template's rows; its prose quotes the lead's own
    统一社会信用代码 (digits that pass Luhn) and its founding date is written as the template's hint shows it."""
    data = copy.deepcopy(appfactory.valid_application())
    data["lead"]["founded"] = "1950 年 3 月"
    data["lead"]["intro"] += "统一社会信用代码 123101150000002460。"
    data["joint"] = [{"name": f"虚构示例第{n}保险股份有限公司", "nature": "state_owned", "org_code": code}
                     for n, code in zip("一二三四五六", ["91310000MA1K000017", "91310000MA1K000025", "91310000MA1K000033",
                                                        "91310000MA1K000041", "91310000MA1K00005X", "91310000MA1K000068"])]
    return data


def _one_joint_unit() -> dict:
    data = copy.deepcopy(appfactory.valid_application())
    data["lead"]["phone"] = "０２１－１２３４５６７８"  # typed with full-width digits
    return data


def applications(folder: Path) -> dict[str, Path]:
    """name → YAML file: the golden sample (many findings), a worked example (none), and two made here."""
    made = {"six-joint": _six_joint_units(), "one-joint": _one_joint_unit()}
    paths = {"golden-sample": ROOT / "tests" / "golden" / "sample.yaml",
             "example-zonghe": ROOT / "examples" / "zonghe-yiyuan" / "application.yaml"}
    for name, data in made.items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return paths


def _ticks(app) -> list[str]:
    chosen = [o for o in ED.form.natures if app.lead.nature in (o.id, o.label)]
    return [o.label for o in chosen]


def _word_fill(template: Path, app, out: Path) -> None:
    """Fill as Word stores typed values; units beyond the template's rows go into rows added below."""
    values: dict[str, str | bool] = dict(editors.application_fields(app))
    values = {k: v for k, v in values.items() if not k.startswith("joint_") or int(k.split("_")[1]) <= ROWS}
    for option in ED.form.natures:
        values[f"nature_{option.id}"] = option.label in _ticks(app)
    filled = out.with_suffix(".fields.docx")
    fill_fields(template, values, filled)
    extra = [[u.name, u.nature, u.org_code] for u in app.joint[ROWS:]]
    if extra:
        editors.word_insert_row_below(filled, out, extra)
    else:
        filled.replace(out)


def _kit_build(app, out: Path) -> None:
    write_filled_annex(ED, filled_application(app, ED), out)


def build(folder: Path) -> list[CorpusFile]:
    """Every file of the corpus, made in *folder* (LibreOffice runs once for all of them)."""
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "template.docx"
    write_annex(ED, template)
    batch = editors.LibreOfficeBatch()
    files: list[CorpusFile] = []

    def add(name: str, kind: str, path: Path, source: Path) -> None:
        files.append(CorpusFile(name, kind, path, source))

    add("blank-template", "libreoffice-resave", batch.roundtrip(template, folder / "blank-template.lo.docx"), template)
    for name, source in applications(folder).items():
        app = load_application(source).app
        word = folder / f"{name}.word.docx"
        _word_fill(template, app, word)
        add(name, "word", word, source)
        built = folder / f"{name}.kit-build.docx"
        _kit_build(app, built)
        add(name, "kit-build", built, source)
        fields = {k: v for k, v in editors.application_fields(app).items()
                  if not (k.startswith("joint_") and int(k.split("_")[1]) > ROWS)}
        extra = [[u.name, u.nature, u.org_code] for u in app.joint[ROWS:]]
        add(name, "libreoffice-fill", batch.fill(template, folder / f"{name}.lo-fill.docx", fields=fields,
                                                 ticks=_ticks(app), append_rows=extra or None), source)
        add(name, "libreoffice-resave", batch.roundtrip(word, folder / f"{name}.lo-resave.docx"), source)
        add(name, "libreoffice-resave-kit-build", batch.roundtrip(built, folder / f"{name}.lo-resave-build.docx"), source)
        if len(app.joint) < ROWS:
            add(name, "libreoffice-rows-removed",
                batch.fill(template, folder / f"{name}.lo-rows-removed.docx", fields=fields, ticks=_ticks(app),
                           remove_rows=ROWS - max(len(app.joint), 1)), source)
        bare = folder / f"{name}.no-blanks.docx"
        editors.remove_content_controls(word, folder / f"{name}.no-controls.docx")
        editors.unlink_fields(folder / f"{name}.no-controls.docx", bare)
        add(name, "no-blanks", bare, source)
        plain = folder / f"{name}.plain-annex.docx"
        editors.plain_official_annex(plain, editors.application_data(app))
        add(name, "plain-annex", plain, source)
    batch.run()
    missing = [f.path for f in files if not f.path.exists()]
    assert not missing, f"editors did not write {missing}"
    return files
