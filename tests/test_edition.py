"""The edition data: loads into typed objects; a broken file names file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.edition import DEFAULT_EDITION, load_edition
from kit.errors import InputError, ValidationErrors

GOOD = DEFAULT_EDITION.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "edition.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_edition_has_the_notice_facts():
    ed = load_edition()
    assert ed.notice.number == "沪经信软〔2024〕280号"
    assert [str(d.date) for d in ed.dates] == ["2024-04-25", "2024-05-31", "2024-10-31"]
    assert (ed.limits.max_projects_per_applicant, ed.limits.max_joint_applicants) == (2, 5)
    assert (ed.limits.narrative_min_chars, ed.limits.service_plan_min_chars, ed.limits.intro_max_chars) == (3000, 5000, 400)
    assert ed.formatting.body.size_pt == 14 and ed.formatting.heading1.size_pt == 16
    assert [o.label for o in ed.form.natures] == [
        "事业单位", "国有企业", "民营企业", "合资企业", "国有控股企业", "国有参股企业", "其他（请注明）"]
    assert len(ed.annex.service_plan.points) == 4


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    broken = GOOD.replace("  max_joint_applicants: 5", "  max_joint_applicants: [5", 1)
    with pytest.raises(InputError) as err:
        load_edition(write(tmp_path, broken))
    loc = err.value.location
    assert loc.file.endswith("edition.yaml") and loc.line is not None and loc.column is not None
    assert "YAML" in str(err.value)


def test_wrong_type_names_key_and_line(tmp_path):
    lines = GOOD.splitlines()
    n = next(i for i, l in enumerate(lines) if l.strip().startswith("max_joint_applicants:"))
    lines[n] = "  max_joint_applicants: 五家"
    with pytest.raises(ValidationErrors) as err:
        load_edition(write(tmp_path, "\n".join(lines)))
    (e,) = err.value.errors
    assert e.location.key == "limits.max_joint_applicants"
    assert e.location.line == n + 1
    assert f"edition.yaml:{n + 1}" in str(err.value)


def test_missing_key_points_at_its_parent(tmp_path):
    lines = GOOD.splitlines()
    n = next(i for i, l in enumerate(lines) if l.strip().startswith("intro_max_chars:"))
    del lines[n]
    with pytest.raises(ValidationErrors) as err:
        load_edition(write(tmp_path, "\n".join(lines)))
    (e,) = err.value.errors
    assert e.location.key == "limits.intro_max_chars" and "缺少" in e.message
    assert e.location.line == next(i for i, l in enumerate(lines) if l.startswith("limits:")) + 1


def test_unknown_key_is_reported(tmp_path):
    with pytest.raises(ValidationErrors) as err:
        load_edition(write(tmp_path, GOOD.replace("limits:\n", "limits:\n  max_projets: 3\n", 1)))
    assert any(e.location.key == "limits.max_projets" for e in err.value.errors)


def test_form_row_naming_unknown_field_is_reported(tmp_path):
    with pytest.raises(ValidationErrors) as err:
        load_edition(write(tmp_path, GOOD.replace("    - [fax, email]", "    - [fax, e_mail]", 1)))
    assert "e_mail" in str(err.value)


@pytest.mark.parametrize("text,needle", [("", "空"), ("- a\n- b\n", "顶层"), ("a: &x 1\nb: *x\n", "锚点"),
                                         ("a: !!python/object:os.system x\n", "标签")])
def test_degenerate_files(tmp_path, text, needle):
    with pytest.raises(InputError) as err:
        load_edition(write(tmp_path, text))
    assert needle in str(err.value)


def test_build_stops_with_clear_message_on_broken_edition(tmp_path):
    from kit.sitebuild import build_site
    from kit.errors import BuildError

    root = Path(__file__).resolve().parent.parent
    bad = write(tmp_path, GOOD.replace("  max_joint_applicants: 5", "  max_joint_applicants: -1", 1))
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8")
        .replace("  - kit\n", f"  - kit:\n      edition: {bad}\n")
        .replace("docs_dir: docs", f"docs_dir: {root / 'docs'}")
        .replace("custom_dir: overrides", f"custom_dir: {root / 'overrides'}")
        .replace("jieba_dict_user: kit/", f"jieba_dict_user: {root}/kit/"),
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as err:
        build_site(config, tmp_path / "site")
    assert "limits.max_joint_applicants" in str(err.value) and "edition.yaml" in str(err.value)
    assert not (tmp_path / "site").exists()


def test_a_fact_in_an_official_text_is_written_once(tmp_path):
    ed = load_edition(write(tmp_path, GOOD.replace("narrative_min_chars: 3000", "narrative_min_chars: 3200")))
    assert ed.annex.narrative_note == "以下内容不少于 3200 字"
    assert "{" not in GOOD.split("narrative_note:")[1].split("\n")[0].replace("{limits.narrative_min_chars}", "")


def test_a_placeholder_that_names_nothing_is_located(tmp_path):
    text = GOOD.replace("{limits.narrative_min_chars}", "{limits.narative_min_chars}")
    with pytest.raises(ValidationErrors) as err:
        load_edition(write(tmp_path, text))
    (e,) = err.value.errors
    assert e.location.key == "annex.narrative_note" and "{limits.narative_min_chars}" in e.message
    assert e.location.line == next(i for i, l in enumerate(text.splitlines()) if "narrative_note:" in l) + 1
