"""Each fact of the notice lives in one place: build the whole site from a copy of the edition whose limits and
deadline changed, and find the new values — and none of the old ones — in what users read: the pages, the Word
templates (as python-docx reads them), the PDFs (as pdftotext extracts them), the slides (python-pptx), the
calendar and the checker's messages."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from appfactory import mutated, write
from conftest import pdftotext
from pptxtext import deck_texts
from kit.check.run import check_paths
from kit.edition import DEFAULT_EDITION, cn_date, default_edition, load_edition
from kit.sitebuild import build

ROOT = Path(__file__).resolve().parent.parent
OLD = default_edition()
CHANGES = {  # key in the edition file → (old value, new value)
    "narrative_min_chars": (OLD.limits.narrative_min_chars, 3200),
    "service_plan_min_chars": (OLD.limits.service_plan_min_chars, 5500),
    "intro_max_chars": (OLD.limits.intro_max_chars, 390),
}
OLD_DEADLINE = OLD.date("application_deadline").date
NEW_DEADLINE = OLD_DEADLINE + dt.timedelta(days=28)


def changed_edition(folder: Path) -> Path:
    text = DEFAULT_EDITION.read_text(encoding="utf-8")
    for key, (old, new) in CHANGES.items():
        text, n = re.subn(rf"^(\s*{key}:\s*){old}\s*$", rf"\g<1>{new}", text, flags=re.M)
        assert n == 1, key
    text, n = re.subn(rf"date: {OLD_DEADLINE.isoformat()}", f"date: {NEW_DEADLINE.isoformat()}", text)
    assert n == 1
    path = folder / "changed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def stale_patterns() -> dict[str, str]:
    """What an old value looks like once whitespace is removed, and what it was."""
    patterns = {}
    for old, _ in CHANGES.values():
        patterns[f"(?<![0-9,.]){old}字"] = f"{old} 字"
    d = OLD_DEADLINE
    for form in (cn_date(d), f"{d.month}月{d.day}日", d.isoformat(), d.strftime("%Y%m%d")):
        patterns[re.escape(form)] = form
    return patterns


def find_stale(text: str) -> list[str]:
    flat = re.sub(r"\s+", "", text)
    return [what for pattern, what in stale_patterns().items() if re.search(pattern, flat)]


def test_the_search_for_old_values_finds_them():
    assert find_stale("以下内容不少于 3000\n字") == ["3000 字"] and find_stale(cn_date(OLD_DEADLINE)) != []
    assert find_stale("保额 3000 万元，13000 字") == []


def readable_text(path: Path) -> str | None:
    """The text a user's tool shows for a built file, or None for files no user reads as text."""
    suffix = path.suffix
    code = {"search", "workers", "vendor"}  # search machinery and third-party code: comments, not text users read
    if suffix in (".html", ".ics", ".svg", ".js") and not code & set(path.parts):
        return path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".docx":
        doc = Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if suffix == ".pdf":
        return pdftotext(path)
    if suffix == ".pptx":
        return "\n".join(deck_texts(Presentation(str(path)), notes=True))
    return None


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("changed-edition")
    edition_file = changed_edition(folder)
    config_text = ((ROOT / "mkdocs.yml").read_text(encoding="utf-8")
                   .replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
                   .replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
                   .replace("jieba_dict_user: kit/", f"jieba_dict_user: {ROOT}/kit/")
                   .replace("  - kit\n", f"  - kit:\n      edition: {edition_file}\n      examples: {ROOT / 'examples'}\n"))
    config = folder / "mkdocs.yml"
    config.write_text(config_text, encoding="utf-8")
    build(config, folder / "site", cache_dir=folder / "cache")
    return load_edition(edition_file), folder / "site"


@pytest.mark.site
def test_the_changed_edition_loads_with_the_new_values(changed):
    edition, _ = changed
    assert edition.limits.narrative_min_chars == 3200 and edition.date("application_deadline").date == NEW_DEADLINE
    assert "3200" in edition.annex.narrative_note and "5500" in edition.annex.service_plan.guidance
    assert "390" in edition.form.field("intro").hint and cn_date(NEW_DEADLINE) in edition.date("application_deadline").detail


@pytest.mark.site
def test_no_built_file_shows_an_old_value(changed):
    _, site = changed
    stale = {}
    read = 0
    for path in sorted(site.rglob("*")):
        text = readable_text(path) if path.is_file() else None
        if text is None:
            continue
        read += 1
        found = find_stale(text)
        if found:
            stale[path.relative_to(site).as_posix()] = found
    assert read > 30
    assert not stale, "旧值仍出现在：\n" + "\n".join(f"{k}: {v}" for k, v in stale.items())


@pytest.mark.site
def test_the_new_values_are_shown_where_the_old_ones_were(changed):
    _, site = changed
    annex = re.sub(r"\s+", "", (site / "annex.html").read_text(encoding="utf-8"))
    for _, new in CHANGES.values():
        assert f"{new}字" in annex, new
    notice = (site / "notice.html").read_text(encoding="utf-8")
    assert f"于{cn_date(NEW_DEADLINE)}之前上报" in notice
    template = readable_text(site / "downloads" / "gongzuo-fangan-muban.docx")
    for _, new in CHANGES.values():
        assert f"{new}字" in re.sub(r"\s+", "", template), new
    slides = re.sub(r"\s+", "", readable_text(site / "downloads" / "training-slides.pptx"))
    assert "3200字" in slides and cn_date(NEW_DEADLINE) in slides


@pytest.mark.site
def test_checker_messages_use_the_changed_edition(changed, tmp_path):
    edition, _ = changed
    app = mutated(**{"parts.security_status": "很短", "lead.intro": "简介" * 197,
                     "apply_date": (NEW_DEADLINE + dt.timedelta(days=1)).isoformat()})
    findings = [f for found in check_paths([write(tmp_path, app)], edition).values() for f in found]
    text = "\n".join(f.message for f in findings)
    assert "3200 字" in text and "390 字" in text and cn_date(NEW_DEADLINE) in text
    assert not find_stale(text), text


@pytest.mark.site
def test_offline_bundle_carries_the_same_pages(changed):
    _, site = changed
    with zipfile.ZipFile(site / "downloads" / "offline-site.zip") as bundle:
        notice = next(n for n in bundle.namelist() if n.endswith("/notice.html") or n == "notice.html")
        assert not find_stale(bundle.read(notice).decode("utf-8"))
