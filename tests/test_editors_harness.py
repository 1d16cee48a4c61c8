"""The editor harness (tests/editors.py) does what it claims: each operation checked on the resulting XML.

LibreOffice runs once for the module (one batch); the Word/WPS emulations are pure Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from editors import (CHECKED_TYPED, UNCHECKED, LibreOfficeBatch, W, application_data, application_fields,
                     fill_job, find_joint_rows, formtext_names, formtext_values, nature_label, plain_official_annex,
                     read_part, remove_content_controls, run_libreoffice, unlink_fields, w_text,
                     word_insert_row_below)
from kit.application import load_application
from kit.edition import default_edition

ROOT = Path(__file__).resolve().parent.parent
ED = default_edition()
APP = load_application(ROOT / "examples" / "zonghe-yiyuan" / "application.yaml").app
CHECKED = "\u2612"  # ☒
NEW_UNITS = [["虚构示例新增单位甲（测试）", "国有企业", "91310000000000099X"],
             ["虚构示例新增单位乙（测试）", "民营企业", "91310000000000098Y"]]
API_UNIT = ["虚构示例插入单位丙（测试）", "合资企业", "91310000000000097Z"]


def body(path):
    return read_part(path).find(f"{W}body")


def count(root, tag: str) -> int:
    return sum(1 for _ in root.iter(f"{W}{tag}"))


def plain_row(tr) -> bool:
    """A row with no field and no content control."""
    return not count(tr, "fldChar") and not count(tr, "instrText") and not count(tr, "sdt")


@pytest.fixture(scope="module")
def template(word_templates) -> Path:
    path = word_templates["annex"]
    assert formtext_names(read_part(path)), "the annex template has no FORMTEXT fields: the harness targets them"
    return path


@pytest.fixture(scope="module")
def lo(template, tmp_path_factory) -> dict[str, Path]:
    """Every LibreOffice output of this module, made in one soffice."""
    out = tmp_path_factory.mktemp("lo-editors")
    batch = LibreOfficeBatch()
    files = {
        "roundtrip": batch.roundtrip(template, out / "roundtrip.docx"),
        "filled": batch.fill(template, out / "filled.docx", fields=application_fields(APP),
                             ticks=[nature_label(APP.lead.nature)], append_rows=NEW_UNITS),
        "rows_api": batch.fill(template, out / "rows_api.docx", append_rows=[API_UNIT], how="api"),
        "removed": batch.fill(template, out / "removed.docx", remove_rows=2),
    }
    results = batch.run()
    assert [r["dst"] for r in results] == [str(p) for p in files.values()]
    return files


@pytest.mark.libreoffice
def test_roundtrip_keeps_every_field_and_the_text(template, lo):
    before, after = body(template), body(lo["roundtrip"])
    assert formtext_names(after) == formtext_names(before)
    assert formtext_values(after) == formtext_values(before)  # the defaults still show
    assert w_text(after) == w_text(before)


@pytest.mark.libreoffice
def test_fill_types_each_value_once_and_keeps_the_fields(template, lo):
    fields = application_fields(APP)
    root = body(lo["filled"])
    assert formtext_names(root) == formtext_names(body(template))
    shown = formtext_values(root)
    text = w_text(root)
    # everything the filled file may contain: the template's text, the values and the added rows
    sources = "\n".join([w_text(body(template)), *fields.values(), *("".join(u) for u in NEW_UNITS)])
    for name, value in fields.items():
        assert shown[name] == value, name
        if len(value) >= 8:  # distinctive: its every occurrence is accounted for, so it was typed once
            assert text.count(value) == sources.count(value), name
    defaults = {d.find(f"{W}name").get(f"{W}val"): d.find(f"{W}textInput/{W}default").get(f"{W}val")
                for d in body(template).iter(f"{W}ffData") if d.find(f"{W}textInput") is not None}
    assert {d.find(f"{W}name").get(f"{W}val"): d.find(f"{W}textInput/{W}default").get(f"{W}val")
            for d in root.iter(f"{W}ffData") if d.find(f"{W}textInput") is not None} == defaults
    assert "\n" in fields["it_construction"]  # typed as paragraphs: the field now spans several w:p
    assert count(root, "p") > count(body(template), "p") + fields["it_construction"].count("\n")


@pytest.mark.libreoffice
def test_fill_ticks_the_box_before_the_label(lo):
    label = nature_label(APP.lead.nature)
    text = w_text(body(lo["filled"]))
    assert CHECKED + label in text and UNCHECKED + label not in text
    assert text.count(UNCHECKED) == len(ED.form.natures) - 1 and text.count(CHECKED) == 1


@pytest.mark.libreoffice
def test_rows_below_adds_plain_rows_at_the_end(template, lo):
    _, before = find_joint_rows(body(template))
    _, rows = find_joint_rows(body(lo["filled"]))
    assert len(rows) == len(before) + len(NEW_UNITS)
    for tr, unit in zip(rows[-len(NEW_UNITS):], NEW_UNITS):
        assert plain_row(tr)
        assert [w_text(tc) for tc in tr.findall(f"{W}tc")][-3:] == unit


@pytest.mark.libreoffice
def test_table_api_inserts_above_the_last_joint_row(template, lo):
    _, before = find_joint_rows(body(template))
    _, rows = find_joint_rows(body(lo["rows_api"]))
    assert len(rows) == len(before) + 1
    new = rows[-2]
    assert plain_row(new) and [w_text(tc) for tc in new.findall(f"{W}tc")][-3:] == API_UNIT
    assert new.find(f"{W}tc/{W}tcPr/{W}vMerge") is not None  # inside the merged 联合申报单位 cell


@pytest.mark.libreoffice
def test_remove_rows_deletes_the_last_joint_rows(template, lo):
    _, before = find_joint_rows(body(template))
    root = body(lo["removed"])
    _, rows = find_joint_rows(root)
    assert len(rows) == len(before) - 2
    gone = {f"joint_{n}_{c.id}" for n in (len(before) - 1, len(before)) for c in ED.form.joint_columns}
    assert set(formtext_names(root)) == set(formtext_names(body(template))) - gone


@pytest.mark.libreoffice
def test_driver_errors_fail_the_test_with_the_driver_message(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="no such file"):
        run_libreoffice([fill_job(tmp_path / "missing.docx", tmp_path / "out.docx")])


def test_remove_content_controls_unwraps_every_sdt(template, tmp_path):
    out = tmp_path / "no-controls.docx"
    remove_content_controls(template, out)
    root = body(out)
    assert count(body(template), "sdt") and not count(root, "sdt")
    assert w_text(root) == w_text(body(template))  # the ☐ glyphs stay as text
    assert formtext_names(root) == formtext_names(body(template))


@pytest.mark.libreoffice
def test_unlink_fields_leaves_only_the_results(template, lo, tmp_path):
    for source in (template, lo["filled"]):
        out = tmp_path / f"unlinked-{Path(source).stem}.docx"
        unlink_fields(source, out)
        root = body(out)
        assert not count(root, "fldChar") and not count(root, "instrText") and not formtext_names(root)
        assert w_text(root) == w_text(body(source))


def test_word_insert_row_below_adds_plain_rows_in_the_merged_cell(template, tmp_path):
    out = tmp_path / "rows.docx"
    word_insert_row_below(template, out, NEW_UNITS)
    _, before = find_joint_rows(body(template))
    _, rows = find_joint_rows(body(out))
    assert len(rows) == len(before) + len(NEW_UNITS)
    for tr, unit in zip(rows[-len(NEW_UNITS):], NEW_UNITS):
        cells = tr.findall(f"{W}tc")
        assert plain_row(tr) and [w_text(tc) for tc in cells][-3:] == unit
        merge = cells[0].find(f"{W}tcPr/{W}vMerge")
        assert merge is not None and merge.get(f"{W}val", "continue") == "continue"
    assert formtext_names(body(out)) == formtext_names(body(template))


def test_plain_official_annex_has_the_official_words_and_no_fields(tmp_path):
    out = plain_official_annex(tmp_path / "plain.docx", application_data(APP))
    root = body(out)
    assert not count(root, "fldChar") and not count(root, "sdt") and not count(root, "instrText")
    text = w_text(root)
    lines = text.split("\n")
    for heading in [ED.annex.basic_info_heading, *(p.heading for p in ED.annex.parts), ED.declaration.title,
                    ED.annex.service_plan.title]:
        assert heading in lines, heading
    assert f"{CHECKED_TYPED}{nature_label(APP.lead.nature)}" in text
    assert text.count(UNCHECKED) == len(ED.form.natures) - 1
    assert "牵头单位（全称）" in lines
    assert f"申报日期：{APP.apply_date.year} 年 {APP.apply_date.month} 月 {APP.apply_date.day} 日" in lines
    for plan in APP.service_plans:  # the example's titles already read 服务方案一：…
        assert lines.count(plan.title) == 1
    _, rows = find_joint_rows(root)
    assert [w_text(tr.findall(f"{W}tc")[1]) for tr in rows] == [u.name for u in APP.joint]
