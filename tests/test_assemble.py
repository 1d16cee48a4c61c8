"""kit build: a complete application from one file; the round trip through the .docx gives the same findings."""

from __future__ import annotations

import re
import subprocess
import sys

import docx
import pytest

from appfactory import ED, mutated, valid_application, write
from conftest import require_tool
from pdffonts import twice_embedded
from kit.check.run import check_paths
from kit.docx.readback import read_fields

KIT = [sys.executable, "-m", "kit.cli"]
SPECIAL = "<b>&amp;\"引号\"'单引号' ]]> 𠀀𪚥"  # XML/HTML specials and characters outside the BMP


def kit(*args, timeout=120):
    return subprocess.run([*KIT, *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("app")
    data = mutated(**{"fictional": True, "plan_name": "示例方案" + SPECIAL,
                      "lead.address": "上海市虚构区" + SPECIAL})
    data["joint"].append({"name": "虚构示例网络安全科技有限公司", "nature": "private",
                          "org_code": "91310000000000001Y"})
    data["service_plans"].append({"title": "第二个方案", "text": data["service_plans"][0]["text"]
                                  + "\n\n| 项目 | 金额 |\n|---|---|\n| 保费 | 10 万元 |\n"})
    src = write(root, data)
    result = kit("build", src, "-o", root / "out")
    assert result.returncode == 0, result.stderr
    return src, root / "out"


def test_outputs_one_declaration_per_unit(built):
    _, out = built
    names = sorted(p.name for p in out.iterdir())
    assert "工作方案.docx" in names and "工作方案.pdf" in names
    assert len([n for n in names if n.startswith("责任声明-") and n.endswith(".docx")]) == 3
    assert len([n for n in names if n.startswith("责任声明-") and n.endswith(".pdf")]) == 3


def test_declarations_laid_out_together_come_out_one_per_unit(built):
    """One layout pass for every unit's 责任声明, cut into one PDF per unit: each names its own unit only, its
    pages are numbered from 1, and it has the fields of no other unit."""
    _, out = built
    pdfs = sorted(out.glob("责任声明-*.pdf"))
    units = [p.stem.split("-", 2)[2] for p in pdfs]
    for path, unit in zip(pdfs, units):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.split("\f")[:-1]
        assert [re.search(r"—\s*(\d+)\s*—", page).group(1) for page in pages] == [str(i) for i in range(1, len(pages) + 1)]
        assert unit.replace("_", "") in re.sub(r"\s+", "", text)
        assert not any(other in re.sub(r"\s+", "", text) for other in units if other != unit and other not in unit)
        assert twice_embedded(path) == []
    assert twice_embedded(out / "工作方案.pdf") == []


def test_docx_values_are_literal_and_complete(built):
    _, out = built
    values = read_fields(out / "工作方案.docx")
    assert values["plan_name"] == "示例方案" + SPECIAL
    assert values["address"] == "上海市虚构区" + SPECIAL
    assert values["nature_public_institution"] is True and values["nature_private"] is False
    assert values["joint_2_name"] == "虚构示例网络安全科技有限公司"
    from kit.check.from_docx import load_docx
    from kit.edition import default_edition

    plans = load_docx(out / "工作方案.docx", default_edition()).app.service_plans  # split on 服务方案二：…
    assert len(plans) == 2 and "第二个方案" in plans[1].text
    document = docx.Document(out / "工作方案.docx")
    assert document.paragraphs[0].text.startswith("【虚构示例】")
    from docx.oxml.ns import qn
    from docx.table import Table

    tables = [Table(t, document) for t in document.element.body.iter(qn("w:tbl"))]  # inside content controls too
    assert any("10 万元" in c.text for t in tables for row in t.rows for c in row.cells)


HINTS = [f.hint for f in ED.form.fields if f.hint]  # （全称）, （根据联合申报单位数量自行添加行）, （…不超过 400 字）


def test_a_filled_form_has_values_where_the_template_has_hints(built):
    """The template's value cells keep the form's own hints before the blank (tests/test_docx_fields.py); a filled
    application has its values there instead, as its PDF has."""
    src, out = built
    document = docx.Document(out / "工作方案.docx")
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert HINTS and not [h for h in HINTS if any(h in c for c in cells)]
    assert valid_application()["lead"]["name"] in cells


@pytest.mark.libreoffice
def test_a_filled_form_has_no_hints_in_libreoffice(built, tmp_path):
    _, out = built
    command = [require_tool("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "工作方案.docx")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    text = "".join(subprocess.run([require_tool("pdftotext"), str(tmp_path / "工作方案.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout.split())
    assert not ["".join(h.split()) for h in HINTS if "".join(h.split()) in text]
    assert valid_application()["lead"]["name"] in text


def test_pdf_shows_the_values_literally(built):
    _, out = built
    text = subprocess.run([require_tool("pdftotext"), str(out / "工作方案.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    assert "".join(("示例方案" + SPECIAL).split()) in flat
    assert "虚构示例：" in flat


def test_round_trip_gives_the_same_findings(built):
    src, out = built
    results = check_paths([src, out / "工作方案.docx"], ED)
    from_yaml, from_docx = ([(f.rule, f.severity, f.message) for f in found if f.rule != "DECLARATION"]
                            for found in results.values())
    assert sorted(from_yaml) == sorted(from_docx)


@pytest.mark.slow
def test_the_command_line_writes_the_same_bytes_as_one_process(built, tmp_path):
    """The command line lays the PDFs out in other processes, from HTML made in its own (kit.assemble); a build
    of the same file in this process alone gives the same files, byte for byte."""
    from kit.application import load_application
    from kit.assemble import build_application
    from kit.figures import collect

    src, out = built
    loaded = load_application(src)
    alone = build_application(loaded.app, ED, tmp_path / "alone", progress=lambda m: None, figures=collect(loaded))
    assert [p.name for p in alone.files] == sorted(p.name for p in out.iterdir())
    assert [p.name for p in alone.files if p.read_bytes() != (out / p.name).read_bytes()] == []


@pytest.mark.slow
def test_round_trip_of_a_failing_application(tmp_path):
    src = write(tmp_path, mutated(**{"lead.phone": "电话待定", "parts.security_status": "很短",
                                     "lead.nature": "other"}))
    assert kit("build", src, "-o", tmp_path / "out").returncode == 0
    results = check_paths([src, tmp_path / "out" / "工作方案.docx"], ED)
    from_yaml, from_docx = ([(f.rule, f.severity, f.message) for f in found if f.rule != "DECLARATION"]
                            for found in results.values())
    assert from_yaml and sorted(from_yaml) == sorted(from_docx)


def test_check_exit_codes_and_json(tmp_path):
    good = write(tmp_path, valid_application(), "good.yaml")
    bad = write(tmp_path, mutated(**{"lead.email": "x"}), "bad.yaml")
    assert kit("check", good).returncode == 0
    result = kit("check", bad, "--format", "json")
    assert result.returncode == 1
    import json

    (entry,) = json.loads(result.stdout)["files"]
    (finding,) = entry["findings"]
    assert finding["rule"] == "FIELD-FORMAT" and finding["line"] and finding["column"] and finding["severity"] == "error"


def test_failed_build_leaves_no_partial_output(tmp_path, monkeypatch):
    from kit import assemble
    from kit.application import load_application
    from kit.errors import BuildError

    def broken(*args, **kwargs):
        raise BuildError("模拟的渲染失败")

    monkeypatch.setattr("kit.pdf.typeset.typeset", broken)
    app = load_application(write(tmp_path, valid_application())).app
    with pytest.raises(BuildError):
        assemble.build_application(app, ED, tmp_path / "out", progress=lambda m: None)
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kit-build-")]


def test_new_writes_a_skeleton_that_loads_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "申报.yaml"
    assert kit("new", target).returncode == 0
    from kit.application import load_application

    loaded = load_application(target)
    assert set(loaded.app.parts) == {p.id for p in ED.annex.parts}
    again = kit("new", target)
    assert again.returncode == 2 and "已存在" in again.stderr
