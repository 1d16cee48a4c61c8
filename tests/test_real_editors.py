"""What the checker reads from the files applicants actually produce: our template filled in Word and in
LibreOffice, re-saved, stripped of its blanks, rows added or removed, and the official annex typed by hand.

Every file kind of an application gives the same findings (rule and severity, with their counts) as the same
content written as YAML. DECLARATION is the one rule whose basis differs: a .docx is checked for the declarations
it carries, a YAML file for what `kit build` can generate.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kit.application import load_application
from kit.check.from_docx import load_docx
from kit.check.run import check, check_paths
from kit.docx.layout import PLAN_HEADING_PATTERN
from kit.edition import default_edition

ED = default_edition()
BY_DESIGN = {"DECLARATION"}


def findings(path: Path) -> Counter:
    results = check_paths([path], ED)
    return Counter((f.rule, f.severity) for f in next(iter(results.values())) if f.rule not in BY_DESIGN)


def title(text: str) -> str:
    """A plan's title without the 服务方案一： its heading line may open with."""
    heading = PLAN_HEADING_PATTERN.match(text)
    return heading[2] if heading else text


def ids(file) -> str:
    return f"{file.application}-{file.kind}"


def test_corpus_covers_every_route(editor_corpus):
    kinds = {f.kind for f in editor_corpus}
    assert kinds >= {"word", "kit-build", "libreoffice-fill", "libreoffice-resave", "libreoffice-resave-kit-build",
                     "no-blanks", "plain-annex", "libreoffice-rows-removed"}


def test_every_file_gives_the_findings_of_its_yaml(editor_corpus):
    mismatches = []
    for file in editor_corpus:
        if file.application == "blank-template":
            continue
        expected, got = findings(file.yaml), findings(file.path)
        if expected != got:
            mismatches.append(f"{ids(file)}: YAML {sorted(expected.items())} ≠ .docx {sorted(got.items())}")
    assert not mismatches, "\n".join(mismatches)


def test_every_file_reads_the_same_application(editor_corpus):
    """Beyond the findings: the fields, joint units, ticks and plan titles read back are those of the YAML."""
    for file in editor_corpus:
        if file.application == "blank-template":
            continue
        want = load_application(file.yaml).app
        got = load_docx(file.path, ED)
        app = got.app
        assert app.plan_name == want.plan_name and app.apply_date == want.apply_date, ids(file)
        for key in ("name", "region", "org_code", "address", "capital", "contact", "email"):
            assert getattr(app.lead, key) == getattr(want.lead, key), (ids(file), key)
        assert [u.name for u in app.joint] == [u.name for u in want.joint], ids(file)
        assert [u.org_code for u in app.joint] == [u.org_code for u in want.joint], ids(file)
        assert len(got.nature_ticks) == 1, (ids(file), got.nature_ticks)
        assert [p.title for p in app.service_plans] == [title(p.title) for p in want.service_plans], ids(file)


def test_libreoffice_resave_of_the_blank_template_reads_empty(editor_corpus):
    """Placeholders stay placeholders: nothing reads as typed text after LibreOffice saved the blank template."""
    blank = next(f for f in editor_corpus if f.application == "blank-template")
    resaved, original = load_docx(blank.path, ED), load_docx(blank.yaml, ED)
    assert resaved.app == original.app
    assert resaved.app.lead.name == "" and resaved.app.parts == {p.id: "" for p in ED.annex.parts}
    assert check(resaved, ED) == [f.__class__(f.rule, f.severity, f.location.__class__(str(blank.path), key=f.location.key),
                                              f.message) for f in check(original, ED)]


@pytest.mark.parametrize("kind", ["libreoffice-fill", "libreoffice-resave"])
def test_libreoffice_does_not_grow_the_document(editor_corpus, kind):
    """Typed text appears once: the text read back is no longer than the YAML's text and placeholders."""
    for file in (f for f in editor_corpus if f.kind == kind and f.application != "blank-template"):
        want = load_application(file.yaml).app
        got = load_docx(file.path, ED).app
        typed = sum(len(p.text) for p in want.service_plans)
        read = sum(len(p.text) for p in got.service_plans)
        assert read <= typed * 1.2 + 200, (ids(file), typed, read)
        for plan in want.service_plans:
            assert sum(p.text.count(title(plan.title)) for p in got.service_plans) == 1, ids(file)


def test_six_joint_units_are_counted_and_checked(editor_corpus):
    """A row the applicant added is read: six joint units is one too many, and the sixth unit's code is checked."""
    for file in (f for f in editor_corpus if f.application == "six-joint"):
        got = load_docx(file.path, ED)
        assert len(got.app.joint) == 6, ids(file)
        assert got.app.joint[5].org_code == "91310000MA1K000068", ids(file)
        assert ("JOINT-COUNT", "error") in findings(file.path), ids(file)
