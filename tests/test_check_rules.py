"""Each rule of the checker has a passing and a failing case; codes, 字数 and personal information in detail."""

from __future__ import annotations

import datetime as dt

import pytest

from appfactory import ED, mutated, valid_application, write
from kit.check.codes import check_code, make_uscc
from kit.check.pii import find, luhn_valid
from kit.check.run import check_paths
from kit.check.wordcount import count
from kit.edition import cn_date


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
    ("JOINT-COUNT", {"joint": [dict(valid_application()["joint"][0]) for _ in range(ED.limits.max_joint_applicants + 1)]}),
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
    ("PERSONAL-INFO", {"lead.intro": "联系人手机 13812345678"}),
    ("PERSONAL-INFO", {"parts.insurance_needs": valid_application()["parts"]["insurance_needs"] + "身份证 11010519491231002X"}),
    ("DECLARATION", {"joint.0.name": ""}),
]


@pytest.mark.parametrize("rule,changes", FAILING, ids=[f"{r}-{i}" for i, (r, _) in enumerate(FAILING)])
def test_each_rule_fails_on_its_case(tmp_path, rule, changes):
    hits = rules_hit(tmp_path, mutated(**changes))
    assert (rule, "error") in hits, hits


# What the notice leaves open is advice, not an error: 四（二） says these systems are 纳入 the plan, not how, and
# 三（一） sets when the plan is submitted, not the date on its cover.
WARNING = [
    ("SYSTEMS", {"parts.it_construction": valid_application()["parts"]["security_status"]}),
    ("DEADLINE", {"apply_date": (ED.date("application_deadline").date + dt.timedelta(days=1)).isoformat()}),
]


@pytest.mark.parametrize("rule,changes", WARNING, ids=[r for r, _ in WARNING])
def test_what_the_notice_leaves_open_is_a_warning(tmp_path, rule, changes):
    hits = rules_hit(tmp_path, mutated(**changes))
    assert (rule, "warning") in hits and (rule, "error") not in hits, hits


def test_deadline_warning_quotes_the_notice():
    from kit.check.rules import deadline_message

    due = cn_date(ED.date("application_deadline").date)
    text = deadline_message("2024-06-01", ED)
    assert f"“于{due}之前上报”" in text and "未对封面日期作要求" in text and "不得晚于" not in text


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


# --- personal information: organisation codes are not bank cards ---------------------------------------------------

VALID_DIGIT_USCC = "123101150000002460"  # a valid 统一社会信用代码 whose 18 digits also pass the Luhn check
ID_AND_USCC = "310101198001010499"  # passes both the 身份证号 and the 统一社会信用代码 checks


def test_the_fixtures_are_what_they_claim():
    from kit.check.pii import id_card_valid

    assert check_code(VALID_DIGIT_USCC).valid and luhn_valid(VALID_DIGIT_USCC)
    assert check_code(ID_AND_USCC).valid and id_card_valid(ID_AND_USCC)
    assert check_code("123456788").valid and luhn_valid("4111111111111111")


@pytest.mark.parametrize("text", [
    f"本院统一社会信用代码为{VALID_DIGIT_USCC}，注册于上海市。",
    f"代码 {VALID_DIGIT_USCC} 见营业执照。",
    f"（{VALID_DIGIT_USCC}）",
    "本院组织机构代码 12345678-8，另见证书。",
    "机构代码123456788。",
    "统一社会信用代码：4111111111111111",  # a label in front: a code, even though it passes Luhn
    "信用代码 4111 1111 1111 1111",
    "组织机构代码：41111111-11111111",
    "三证合一码4111111111111111",
    "税号：  4111111111111111",
    "注册号 4111111111111111",
    f"统一社会信用代码：{ID_AND_USCC}",  # a label says it is a code, not an ID number
    f"统一社会信用代码是{'１２３１０１１５００００００２４６０'}",
])
def test_codes_in_prose_are_not_personal_information(text):
    assert find(text) == []


def test_personal_information_is_still_found_beside_codes():
    text = (f"统一社会信用代码 {VALID_DIGIT_USCC} 卡号 6222 0212 3456 7894 手机 13912345678 "
            f"身份证 11010519491231002X 组织机构代码 12345678-8 4111111111111111")
    assert [(h.kind, h.text) for h in find(text)] == [
        ("bank_card", "6222 0212 3456 7894"), ("mobile", "13912345678"), ("id_card", "11010519491231002X"),
        ("bank_card", "4111111111111111")]
    assert luhn_valid("6222021234567894")


def test_a_label_covers_the_code_only_not_a_number_written_after_it():
    assert [h.kind for h in find("税号 91310110666007217T 13812345678")] == ["mobile"]
    assert [h.kind for h in find("注册号：123456789012345 4111111111111111")] == ["bank_card"]


def test_an_unlabelled_number_that_passes_the_id_check_stays_an_id_card():
    assert [h.kind for h in find(f"编号 {ID_AND_USCC}。")] == ["id_card"]


def test_a_code_in_the_plan_is_not_reported(tmp_path):
    text = valid_application()["parts"]["insurance_needs"] + f"本院统一社会信用代码 {VALID_DIGIT_USCC}；{VALID_DIGIT_USCC}。"
    assert rules_hit(tmp_path, mutated(**{"parts.insurance_needs": text})) == []


# --- one applicant, however it is written --------------------------------------------------------------------------

def _same_lead_three_ways(tmp_path):
    uscc = make_uscc("12310115MB2A3C4D5")
    org = uscc[8:17]
    leads = [
        {"lead.org_code": uscc, "lead.name": "上海市虚构示例第二医院"},
        {"lead.org_code": uscc.lower()[:6] + " " + uscc[6:], "lead.name": "上海市虚构示例 第二医院"},
        {"lead.org_code": org[:8] + "-" + org[8], "lead.name": "虚构示例第二医院"},  # another name, same org code
    ]
    return [write(tmp_path, mutated(**changes), f"app{i}.yaml") for i, changes in enumerate(leads)]


def test_uscc_and_its_org_code_name_one_applicant(tmp_path):
    paths = _same_lead_three_ways(tmp_path)
    assert ED.limits.max_projects_per_applicant < len(paths)
    results = check_paths(paths, ED)
    for found in results.values():
        (finding,) = [f for f in found if f.rule == "PROJECT-COUNT"]
        assert finding.severity == "error" and f"{len(paths)} 份方案" in finding.message
        assert all(p.name in finding.message for p in paths)


def test_the_same_name_in_full_width_and_with_spaces_is_one_applicant(tmp_path):
    names = ["上海市虚构示例第三医院", "上海市 虚构示例第三医院", "上海市虚构示例第三医院\u3000"]
    paths = [write(tmp_path, mutated(**{"lead.name": n, "lead.org_code": make_uscc(f"1231011500000{i:03d}0")}),
                   f"app{i}.yaml") for i, n in enumerate(names)]
    results = check_paths(paths, ED)
    assert all(any(f.rule == "PROJECT-COUNT" for f in found) for found in results.values())


def test_different_applicants_are_not_joined(tmp_path):
    paths = [write(tmp_path, mutated(**{"lead.name": f"上海市虚构示例第{n}医院", "lead.org_code": code}), f"app{i}.yaml")
             for i, (n, code) in enumerate([("四", make_uscc("12310115000000041")), ("五", "无"), ("六", "无")])]
    assert not any(f.rule == "PROJECT-COUNT" for found in check_paths(paths, ED).values() for f in found)


# --- field formats --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("founded", ["2001 年 5 月", "２００１年５月", "2001年5月", "2001-05", "2001.5", "2001/05/03",
                                     "2001年5月3日", " 2001 - 05 - 03 ", "2001"])
def test_founding_dates_as_people_write_them(tmp_path, founded):
    assert rules_hit(tmp_path, mutated(**{"lead.founded": founded})) == []


@pytest.mark.parametrize("founded", ["很久以前", "2001-13", "2001-05/03", "2001年5/3", "5月2001年", "20015", "2001年2月30日"])
def test_founding_date_garbage_still_fails(tmp_path, founded):
    assert ("FIELD-FORMAT", "error") in rules_hit(tmp_path, mutated(**{"lead.founded": founded}))


@pytest.mark.parametrize("phone", ["021 - 1234 5678", "０２１－１２３４５６７８", "(021)12345678", "138 1234 5678",
                                   "021-12345678转123"])
def test_phone_numbers_with_spaces_and_full_width_digits(tmp_path, phone):
    assert rules_hit(tmp_path, mutated(**{"lead.phone": phone})) == []


# --- the limit on joint applicants ----------------------------------------------------------------------------------

def _joint(n: int) -> list[dict]:
    unit = valid_application()["joint"][0]
    return [dict(unit, name=f"虚构示例服务机构{i}") for i in range(n)]


def test_joint_units_below_the_limit_with_the_lead_pass(tmp_path):
    assert rules_hit(tmp_path, mutated(joint=_joint(ED.limits.max_joint_applicants - 1))) == []


def test_exactly_the_limit_of_joint_units_warns_about_the_ambiguity(tmp_path):
    limit = ED.limits.max_joint_applicants
    found = [f for fs in check_paths([write(tmp_path, mutated(joint=_joint(limit)))], ED).values() for f in fs]
    (finding,) = [f for f in found if f.rule == "JOINT-COUNT"]
    assert finding.severity == "warning"
    assert f"通知未明确“联合申报主体不得超过{limit}家”是否包含牵头单位" in finding.message
    assert "通知所列联系部门" in finding.message and f"共 {limit + 1} 家" in finding.message


def test_more_joint_units_than_the_limit_is_an_error(tmp_path):
    limit = ED.limits.max_joint_applicants
    found = [f for fs in check_paths([write(tmp_path, mutated(joint=_joint(limit + 1)))], ED).values() for f in fs]
    assert [(f.rule, f.severity) for f in found if f.rule == "JOINT-COUNT"] == [("JOINT-COUNT", "error")]


def test_every_page_and_handout_says_the_same_about_the_joint_limit():
    from pathlib import Path

    from kit.check.rules import joint_limit_brief, joint_limit_guidance, joint_limit_words
    from kit.training import content

    words = joint_limit_words(ED)
    notice = (Path(__file__).parent.parent / "docs" / "notice.md").read_text(encoding="utf-8")
    assert "联合申报主体不得超过{{ limits.max_joint_applicants }}家" in notice  # the official words, the number from data
    for text in (joint_limit_guidance(ED), joint_limit_brief(ED)):
        assert words in text and ("未明确" in text or "没有写明" in text)
        assert "错误" in text and "警告" in text and "通知所列联系部门" in text
    docs = Path(__file__).parent.parent / "docs"
    stating = [p for p in docs.rglob("*.md")
               if any(k in p.read_text(encoding="utf-8") for k in ("max_joint_applicants", "联合申报主体", "joint_limit()"))]
    assert {"faq.md", "notice.md", "checker.md", "walkthrough.md", "eligibility.md", "index.md"} <= {p.name for p in stating}
    for page in stating:
        assert "{{ joint_limit() }}" in page.read_text(encoding="utf-8"), f"{page.name} 应使用 joint_limit() 说明歧义"
    training = [a for _, a in content.common_mistakes(ED) + content.faq_highlights(ED)]
    training += [s.detail for s in content.application_steps(ED)]
    for text in training:
        if words in text:
            assert ("未明确" in text or "没有明说" in text) and "通知所列联系部门" in text, text


def test_several_ticked_natures_are_a_warning_since_the_form_does_not_say(tmp_path):
    from kit.application import load_application
    from kit.check.run import check

    la = load_application(write(tmp_path, valid_application()))
    la.nature_ticks = ["事业单位", "国有企业"]
    hits = [f for f in check(la, ED) if f.rule == "NATURE"]
    assert [(f.rule, f.severity) for f in hits] == [("NATURE", "warning")]
    assert "没有写明可否多选" in hits[0].message
