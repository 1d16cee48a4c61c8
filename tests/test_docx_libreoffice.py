"""LibreOffice opens every Word template (blank and filled) and prints it as A4 with the official text."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import require_tool
from kit.docx import fill_fields, read_fields
from kit.edition import default_edition
from kit.formgrid import nature_field

pytestmark = pytest.mark.libreoffice

ED = default_edition()
A4_PT = (595.28, 841.89)
FILLED_VALUES = {"lead_name": "上海市示例第一人民医院 <&>", "it_construction": "已建成医院信息平台。\n第二段：\"数据中心\"",
                 nature_field("public_institution"): True}


@pytest.fixture(scope="module")
def pdfs(word_templates, tmp_path_factory) -> dict[str, Path]:
    """Each document converted once: annex, declaration and a filled annex, in one LibreOffice run."""
    out = tmp_path_factory.mktemp("lo")
    filled = out / "filled.docx"
    fill_fields(word_templates["annex"], FILLED_VALUES, filled)
    sources = {**word_templates, "filled": filled}
    profile = tmp_path_factory.mktemp("lo-profile")
    command = [require_tool("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *(str(p) for p in sources.values())]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pdfs = {name: out / (path.stem + ".pdf") for name, path in sources.items()}
    for name, pdf in pdfs.items():
        assert pdf.exists() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {name}: {result.stderr}"
    return pdfs


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", ["annex", "declaration", "filled"])
def test_a4_portrait_pages(pdfs, name):
    reader = PdfReader(pdfs[name])
    assert len(reader.pages) >= (5 if name != "declaration" else 1)
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - A4_PT[0]) < 1 and abs(float(box.height) - A4_PT[1]) < 1


def test_annex_prints_the_official_text(pdfs):
    text = "".join(pages_text(pdfs["annex"]))
    a = ED.annex
    for phrase in [*a.title_lines, a.instructions[0], a.instructions[-1], a.basic_info_heading, a.pledge.text,
                   a.narrative_note, *(p.heading for p in a.parts), a.service_plan.points[-1].text,
                   ED.declaration.preamble, ED.declaration.items[-1], *(o.label for o in ED.form.natures)]:
        assert squash(phrase) in text, phrase
    assert text.count("☐") == len(ED.form.natures)


def test_declaration_prints_the_official_text(pdfs):
    text = "".join(pages_text(pdfs["declaration"]))
    for phrase in [ED.declaration.title, ED.declaration.preamble, *ED.declaration.items, ED.declaration.closing]:
        assert squash(phrase) in text, phrase


def test_cover_unnumbered_then_pages_from_one(pdfs):
    pages = pages_text(pdfs["annex"])
    assert "—" not in pages[0]
    assert "—1—" in pages[1] and "—2—" in pages[2]


def test_filled_values_are_printed(pdfs):
    text = "".join(pages_text(pdfs["filled"]))
    for tag in ("lead_name", "it_construction"):
        for line in FILLED_VALUES[tag].split("\n"):
            assert squash(line) in text, line
    assert "☒" in text


def test_filled_file_still_reads_back(pdfs):
    values = read_fields(pdfs["filled"].with_suffix(".docx"))
    for tag, value in FILLED_VALUES.items():
        assert values[tag] == value


# 仿宋_GB2312 sets every ASCII character half an em wide; Noto Sans Mono CJK (installed by scripts/setup-system.sh)
# does too, so LibreOffice given it in place of the official font lays a code out as Word does with 仿宋_GB2312.
HALF_WIDTH_LATIN = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern"><test name="family"><string>仿宋_GB2312</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Noto Sans Mono CJK SC</string></edit></match>
</fontconfig>
"""


def test_an_18_character_code_stays_on_one_line(word_templates, tmp_path):
    """A 统一社会信用代码 in the form's code cells, letters and all, in the official font's widths: on one line.
    (At 24 % of the text width for each label column, the 18th character went to a line of its own.)"""
    from kit.check.codes import make_uscc
    from kit.formgrid import joint_field

    codes = {"org_code": make_uscc("91310000MA1HQ8K2T"), joint_field(1, "org_code"): make_uscc("91310115MA7BW3N6X")}
    filled = tmp_path / "codes.docx"
    fill_fields(word_templates["annex"], codes, filled)
    (tmp_path / "fonts.conf").write_text(HALF_WIDTH_LATIN, encoding="utf-8")
    environ = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    command = [require_tool("soffice"), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(filled)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=environ)
    assert result.returncode == 0, result.stderr
    words = subprocess.run([require_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(tmp_path / "codes.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    found = {m["word"]: float(m["x1"]) - float(m["x0"]) for m in re.finditer(
        r'<word xMin="(?P<x0>[\d.]+)" yMin="[\d.]+" xMax="(?P<x1>[\d.]+)" yMax="[\d.]+">(?P<word>[^<]*)</word>', words)}
    for code in codes.values():
        assert code in found, f"{code} 不在一行上：{[w for w in found if w[:4] in code]}"
        # the stand-in was used (the test measures what it means to): 18 half-width characters at 小四, 108 pt
        assert 105 < found[code] < 111, found[code]
