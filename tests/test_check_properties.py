"""Property-based: random documents never crash the loader or the checker; they load or give a KitError."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appfactory import ED
from kit.application import load_application
from kit.check.codes import USCC_ALPHABET, check_code, make_uscc
from kit.check.pii import CODE_LABELS, find
from kit.check.run import check
from kit.check.wordcount import count
from kit.errors import KitError

pytestmark = pytest.mark.slow

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text)
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(text, inner, max_size=4)), max_leaves=20)
shaped = st.fixed_dictionaries({}, optional={
    "plan_name": scalars, "apply_date": st.one_of(st.dates(), scalars),
    "lead": st.dictionaries(st.sampled_from(["name", "org_code", "phone", "intro", "nature", "founded", "capital"]),
                            scalars, max_size=7),
    "joint": st.lists(st.dictionaries(st.sampled_from(["name", "nature", "org_code"]), scalars), max_size=7),
    "parts": st.dictionaries(st.sampled_from([p.id for p in ED.annex.parts]), text, max_size=3),
    "service_plans": st.lists(st.fixed_dictionaries({"title": text, "text": text}), max_size=3),
})

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _load_and_check(tmp_path, document):
    path = tmp_path / "app.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        loaded = load_application(path)
    except KitError as exc:
        assert str(exc)  # a located, printable message
        return
    for finding in check(loaded, ED):
        assert finding.rule and finding.message and finding.severity in ("error", "warning")


@SETTINGS
@given(documents)
def test_random_documents(tmp_path, document):
    _load_and_check(tmp_path, document)


@SETTINGS
@given(shaped)
def test_random_applications(tmp_path, document):
    _load_and_check(tmp_path, document)


@settings(max_examples=300, deadline=None)
@given(text)
def test_counters_and_detectors_on_any_text(value):
    c = count(value)
    assert 0 <= c.hanzi <= c.words <= len(value)
    for hit in find(value):
        assert value[hit.start:].startswith(hit.text)


hanzi = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=30)
punctuation = st.sampled_from(["", "，", "。", "：", "（", "）", " ", "“", "”", "；"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789", min_size=17, max_size=17),  # all digits: the Luhn look-alikes
                 st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)),
       hanzi, punctuation, punctuation, hanzi, st.sampled_from(("",) + CODE_LABELS))
def test_a_valid_uscc_in_chinese_prose_is_never_a_bank_card(body, before, left, right, after, label):
    code = make_uscc(body)
    assert check_code(code).valid
    hits = find(f"{before}{label}{left}{code}{right}{after}")
    assert not [h for h in hits if h.kind == "bank_card"]
    assert all(h.kind == "id_card" and h.text == code for h in hits)  # only when it also passes the ID check
    if label and left in ("", " ", "："):
        assert hits == []  # written right after a code label: a code, never personal information
