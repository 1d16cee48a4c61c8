"""LibreOffice opens every Word template (blank and filled) and prints it as A4 with the official text."""

from __future__ import annotations

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
