"""A complete, valid, obviously fictional application, built in code so that each test can break one rule."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from kit.edition import default_edition

ED = default_edition()

FILLER = "本部分为虚构示例文字，用于说明写法与篇幅。"  # 20 字 by Word's count


def long_text(min_words: int, *extra: str) -> str:
    body = "".join(extra) + "\n\n"
    repeats = min_words // 20 + 2
    return body + "\n\n".join(FILLER * 5 for _ in range(repeats // 5 + 1))


def plan_text() -> str:
    points = "".join(" ".join(p.keywords) + "。" for p in ED.annex.service_plan.points)
    return long_text(ED.limits.service_plan_min_chars, "本服务方案说明", points)


def valid_application() -> dict:
    return {
        "edition": ED.edition,
        "plan_name": "虚构示例医院网络安全保险服务试点方案",
        "apply_date": "2024-05-20",
        "lead": {
            "name": "上海市虚构示例第一医院（虚构示例）",
            "region": "上海市虚构区",
            "org_code": "123100000000000001",
            "founded": "1950-03-01",
            "address": "上海市虚构区示例路 1 号",
            "capital": "12000",
            "contact": "示例联系人",
            "phone": "021-00000000",
            "fax": "021-00000001",
            "email": "contact@example.org",
            "nature": "public_institution",
            "intro": "本院为虚构示例，用于演示申报材料的写法。",
        },
        "joint": [{"name": "虚构示例保险股份有限公司", "nature": "state_controlled", "org_code": "12310115000000000X",
                   "role": "保险公司"}],
        "parts": {
            "it_construction": long_text(1100, "本院关键信息基础设施包括医院信息系统；网络安全等级保护第三级信息系统 4 个。"),
            "security_status": long_text(1000),
            "insurance_needs": long_text(1000),
        },
        "service_plans": [{"title": "虚构示例服务方案", "text": plan_text()}],
    }


def write(tmp_path: Path, data: dict, name: str = "app.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def mutated(**changes) -> dict:
    """valid_application() with dotted-path changes, e.g. mutated(**{"lead.phone": "abc"})."""
    data = copy.deepcopy(valid_application())
    for dotted, value in changes.items():
        target = data
        keys = [int(k) if k.isdigit() else k for k in dotted.split(".")]
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value
    return data
