"""Each rule of the checker has a passing and a failing case; codes, 字数 and personal information in detail."""

from __future__ import annotations

import pytest

from appfactory import ED, mutated, valid_application, write
from kit.check.codes import check_code, make_uscc
from kit.check.pii import find, luhn_valid
from kit.check.run import check_paths
from kit.check.wordcount import count


def rules_hit(tmp_path, data, name="app.yaml"):
    results = check_paths([write(tmp_path, data, name)], ED)
    return [(f.rule, f.severity) for found in results.values() for f in found]


def test_the_valid_application_has_no_finding(tmp_path):
    assert rules_hit(tmp_path, valid_application()) == []


@pytest.mark.parametrize("text,words,hanzi", [("2024", 1, 0), ("Hello 世界", 3, 2), ("Hello、World。", 4, 0),
                                              (" , ", 0, 0), ("风险评估。", 5, 4), ("𠀀字", 2, 2)])
def test_word_count_like_word(text, words, hanzi):
    assert (count(text).words, count(text).hanzi) == (words, hanzi)


@pytest.mark.parametrize("code", ["91110000600037341L", "121200004013590816", "91310110666007217T",
                                  "123100000000000001", "12310115000000000X"])
def test_valid_codes(code):
    assert check_code(code).valid


def test_wrong_check_character_names_the_expected_one():
    assert check_code("91110000600037341N").expected_check == "L"
    assert check_code("12345678-9").expected_check == "8" and check_code("12345678-8").valid
    assert make_uscc("12310000000000000") == "123100000000000001"


def test_personal_information_detection():
    kinds = [h.kind for h in find("身份证11010519491231002X，手机 13812345678，卡号 4111 1111 1111 1111")]
    assert kinds == ["id_card", "mobile", "bank_card"]
    assert find("11010519491231002Y 021-23112657 4111111111111112") == []  # wrong check digits, a landline
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


FAILING = [
    ("LEN-NARRATIVE", {"parts.security_status": "很短"}),
    ("LEN-PLAN", {"service_plans.0.text": "太短的方案。保费 保额 核保 承保 理赔 风险评估 监测 溯源 保险公司 职责 分工"}),
    ("LEN-PLAN", {"service_plans": []}),
    ("LEN-INTRO", {"lead.intro": "简介" * 201}),
    ("JOINT-COUNT", {"joint": [dict(valid_application()["joint"][0]) for _ in range(6)]}),
    ("FIELD-REQUIRED", {"lead.contact": ""}),
    ("FIELD-REQUIRED", {"joint.0.org_code": ""}),
    ("FIELD-CODE", {"lead.org_code": "12310000000000000I"}),
    ("FIELD-CODE", {"lead.org_code": "12345"}),
    ("FIELD-FORMAT", {"lead.phone": "电话待定"}),
    ("FIELD-FORMAT", {"lead.fax": "12"}),
    ("FIELD-FORMAT", {"lead.email": "not-an-email"}),
    ("FIELD-FORMAT", {"lead.founded": "很久以前"}),
    ("FIELD-FORMAT", {"lead.capital": "一千万"}),
    ("FIELD-FORMAT", {"lead.region": "浙江省杭州市"}),
    ("NATURE", {"lead.nature": "公立医院"}),
    ("NATURE", {"lead.nature": "other"}),
    ("PLAN-POINTS", {"service_plans.0.text": "保费保额" * 3000}),
    ("SYSTEMS", {"parts.it_construction": valid_application()["parts"]["security_status"]}),
    ("PERSONAL-INFO", {"lead.intro": "联系人手机 13812345678"}),
    ("PERSONAL-INFO", {"parts.insurance_needs": valid_application()["parts"]["insurance_needs"] + "身份证 11010519491231002X"}),
    ("DEADLINE", {"apply_date": "2024-06-01"}),
    ("DECLARATION", {"joint.0.name": ""}),
]


@pytest.mark.parametrize("rule,changes", FAILING, ids=[f"{r}-{i}" for i, (r, _) in enumerate(FAILING)])
def test_each_rule_fails_on_its_case(tmp_path, rule, changes):
    hits = rules_hit(tmp_path, mutated(**changes))
    assert (rule, "error") in hits, hits


def test_checksum_mismatch_is_a_warning_that_names_the_expected_character(tmp_path):
    results = check_paths([write(tmp_path, mutated(**{"lead.org_code": "123100000000000002"}))], ED)
    (finding,) = [f for found in results.values() for f in found]
    assert (finding.rule, finding.severity) == ("FIELD-CODE", "warning") and "“1”" in finding.message


def test_other_nature_with_note_passes(tmp_path):
    assert rules_hit(tmp_path, mutated(**{"lead.nature": "other", "lead.nature_note": "公立医疗机构"})) == []


def test_more_than_two_projects_of_one_lead_among_files_checked_together(tmp_path):
    paths = [write(tmp_path, valid_application(), f"app{i}.yaml") for i in range(3)]
    results = check_paths(paths, ED)
    assert all(any(f.rule == "PROJECT-COUNT" for f in found) for found in results.values())
    assert not any(f.rule == "PROJECT-COUNT" for found in check_paths(paths[:2], ED).values() for f in found)


def test_finding_in_a_block_scalar_points_at_its_line_and_column(tmp_path):
    path = write(tmp_path, mutated(**{"lead.intro": "@INTRO@"}))
    text = path.read_text(encoding="utf-8").replace("'@INTRO@'", "|\n    第一行。\n    联系电话 13812345678。")
    path.write_text(text.replace("@INTRO@", "|\n    第一行。\n    联系电话 13812345678。"), encoding="utf-8")
    (finding,) = [f for found in check_paths([path], ED).values() for f in found if f.rule == "PERSONAL-INFO"]
    line = path.read_text(encoding="utf-8").splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1:].startswith("13812345678")
