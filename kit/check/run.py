"""Run every rule over one or more applications; report findings as text or JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..application import LoadedApplication, load_application
from ..edition import Edition
from ..errors import InputError, Location
from . import rules  # noqa: F401  (registers the rules)
from .codes import check_code
from .findings import RULES, Finding

PROJECT_RULE = "PROJECT-COUNT"


def load_any(path: Path, edition: Edition) -> LoadedApplication:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_application(path)
    if suffix == ".docx":
        from .from_docx import load_docx

        return load_docx(path, edition)
    if suffix in (".docm", ".dotm"):
        raise InputError("含宏的文档（.docm）不予处理", Location(str(path)), "用本工具包的 .docx 模板填写，另存为 .docx（不含宏）")
    raise InputError("只能检查申报文件（.yaml）或用模板填写的 Word 文档（.docx）", Location(str(path)),
                     "用 kit new 生成申报文件，或从网站下载 Word 模板填写")


def check(la: LoadedApplication, edition: Edition) -> list[Finding]:
    found = [f for r in RULES for f in r.check(la, edition)]
    return sorted(found, key=lambda f: (f.location.line or 0, f.location.column or 0, f.rule))


def _lead_identity(la: LoadedApplication) -> str:
    code = la.app.lead.org_code
    return check_code(code).normalised if code else la.app.lead.name


def check_paths(paths: list[Path], edition: Edition) -> dict[str, list[Finding]]:
    """Findings per file; files checked together are also checked for the per-applicant project limit."""
    loaded = [load_any(Path(p), edition) for p in paths]
    results = {la.source: check(la, edition) for la in loaded}
    leads: dict[str, list[LoadedApplication]] = defaultdict(list)
    for la in loaded:
        if _lead_identity(la):
            leads[_lead_identity(la)].append(la)
    limit = edition.limits.max_projects_per_applicant
    for same in leads.values():
        if len(same) > limit:
            names = "、".join(Path(la.source).name for la in same)
            for la in same:
                results[la.source].append(Finding(PROJECT_RULE, "error", la.where(("lead", "org_code")),
                    f"牵头单位“{la.app.lead.name}”在一同检查的 {len(same)} 份方案中都是申报主体（{names}），"
                    f"超过每个申报主体 {limit} 个试点项目的上限；请减少方案数量"))
    return results


def has_errors(results: dict[str, list[Finding]]) -> bool:
    return any(f.severity == "error" for found in results.values() for f in found)


def as_text(results: dict[str, list[Finding]]) -> str:
    lines = []
    for source, found in results.items():
        errors = sum(f.severity == "error" for f in found)
        lines += [str(f) for f in found]
        lines.append(f"{source}：{errors} 个错误，{len(found) - errors} 个警告" if found else f"{source}：未发现问题")
    return "\n".join(lines)


def as_json(results: dict[str, list[Finding]]) -> str:
    return json.dumps({"files": [{"file": s, "findings": [f.as_dict() for f in found]} for s, found in results.items()]},
                      ensure_ascii=False, indent=2)
