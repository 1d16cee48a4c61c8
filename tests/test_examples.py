"""The worked examples: complete, fictional beyond doubt, clean under the checker, on the site and downloadable."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from appfactory import ED
from kit.check.codes import check_code
from kit.check.pii import find
from kit.check.run import check
from kit.check.wordcount import count
from kit.examples import find_examples
from kit.markup import plain_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = find_examples(ROOT / "examples")
IDS = [e.slug for e in EXAMPLES]


def test_three_examples():
    assert IDS == ["jijiu-zhongxin", "shequ-zhongxin", "zonghe-yiyuan"]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_passes_the_checker_with_no_error(example):
    assert [str(f) for f in check(example.loaded, ED) if f.severity == "error"] == []


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_is_fictional_beyond_doubt(example):
    app = example.loaded.app
    assert app.fictional
    for unit in app.units():
        assert "虚构" in unit.name or "示例" in unit.name, unit.name
        assert check_code(unit.org_code).valid and re.fullmatch(r"(12|91)3100000000000\w{3}", unit.org_code)
    assert app.lead.email.endswith("@example.org")
    texts = [app.lead.intro, *app.parts.values(), *(p.text for p in app.service_plans)]
    assert not [h for t in texts for h in find(t)]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_lengths_clear_the_limits_with_a_margin(example):
    app = example.loaded.app
    narrative = count("\n".join(plain_text(t) for t in app.parts.values())).words
    assert narrative >= ED.limits.narrative_min_chars * 1.1
    for plan in app.service_plans:
        assert count(plain_text(plan.text)).words >= ED.limits.service_plan_min_chars * 1.05
    assert count(app.lead.intro).words <= ED.limits.intro_max_chars


def test_example_shapes():
    by_slug = {e.slug: e.loaded.app for e in EXAMPLES}
    assert len(by_slug["zonghe-yiyuan"].joint) == 4 and len(by_slug["zonghe-yiyuan"].service_plans) == 2
    assert by_slug["shequ-zhongxin"].joint == [] and len(by_slug["shequ-zhongxin"].service_plans) == 1
    assert len(by_slug["jijiu-zhongxin"].joint) == 2 and len(by_slug["jijiu-zhongxin"].service_plans) == 1


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_page_in_navigation_search_and_downloads(site_dir, example):
    page = site_dir / "examples" / f"{example.slug}.html"
    html = page.read_text(encoding="utf-8")
    assert "虚构示例" in html and example.loaded.app.plan_name in html
    index = site_dir / "index.html"
    assert f'href="examples/{example.slug}.html"' in index.read_text(encoding="utf-8")
    search = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"].startswith(f"examples/{example.slug}.html") for d in search["docs"])
    bundle = site_dir / "downloads" / example.file_name("-zeren-shengming.zip")
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
    for suffix in (".docx", ".pdf"):  # every unit's declaration, and nothing else (the 工作方案 is its own download)
        assert len([n for n in names if "责任声明" in n and n.endswith(suffix)]) == len(example.loaded.app.units())
    assert len(names) == 2 * len(example.loaded.app.units())
    for suffix in ("-gongzuo-fangan.docx", "-gongzuo-fangan.pdf"):
        assert (site_dir / "downloads" / example.file_name(suffix)).stat().st_size > 10_000


def test_walkthrough_page_links_the_example(site_dir):
    html = (site_dir / "examples" / "walkthrough.html").read_text(encoding="utf-8")
    assert 'href="zonghe-yiyuan.html"' in html and "虚构示例" in html
