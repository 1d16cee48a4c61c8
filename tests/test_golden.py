"""Golden output: the checker's JSON for a committed sample equals the committed expectation.
After an intended change run `python scripts/update_goldens.py` and review the diff."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "tests" / "golden").glob("*.yaml"))


def _updater():
    spec = importlib.util.spec_from_file_location("update_goldens", ROOT / "scripts" / "update_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_findings_match_golden(sample, monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = sample.with_suffix(".findings.json").read_text(encoding="utf-8")
    assert _updater().findings_json(sample.name) == expected


def test_the_sample_breaks_many_rules():
    import json

    data = json.loads(SAMPLES[0].with_suffix(".findings.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert {"LEN-NARRATIVE", "LEN-PLAN", "FIELD-CODE", "FIELD-FORMAT", "NATURE", "PERSONAL-INFO", "DEADLINE",
            "PLAN-POINTS", "SYSTEMS"} <= rules
