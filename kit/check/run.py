"""Run every rule over one or more applications; report findings as text or JSON."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from ..application import LoadedApplication, load_application
from ..edition import Edition
from ..errors import InputError, KitError, Location
from . import rules  # noqa: F401  (registers the rules)
from .codes import org_code_of
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


def _lead_keys(la: LoadedApplication) -> list[tuple[str, str]]:
    """What identifies the lead applicant: its 组织机构代码 (a 统一社会信用代码 names the same unit through the
    organisation code it embeds, characters 9-17) and its name without any whitespace, full-width letters folded
    (NFKC). A code of any other length is no key: it cannot be matched reliably."""
    keys = []
    org = org_code_of(la.app.lead.org_code or "")
    if len(org) == 9 and org.isascii() and org.isalnum():  # not a placeholder such as “无” or “待定” shared by many
        keys.append(("org", org))
    if name := re.sub(r"\s+", "", unicodedata.normalize("NFKC", la.app.lead.name or "")):
        keys.append(("name", name))
    return keys


def same_applicant_groups(loaded: list[LoadedApplication]) -> list[list[LoadedApplication]]:
    """Files whose leads share an organisation code or a name, transitively (union-find over both keys)."""
    parent = list(range(len(loaded)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, la in enumerate(loaded):
        for key in _lead_keys(la):
            j = first.setdefault(key, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[LoadedApplication]] = defaultdict(list)
    for i, la in enumerate(loaded):
        if _lead_keys(la):
            groups[root(i)].append(la)
    return list(groups.values())


def check_paths(paths: list[Path], edition: Edition) -> dict[str, list[Finding]]:
    """Findings per file; files checked together are also checked for the per-applicant project limit. The first
    file that cannot be read raises its error."""
    return check_loaded([load_any(Path(p), edition) for p in paths], edition)


def check_each(paths: list[Path], edition: Edition) -> tuple[dict[str, list[Finding]], list[KitError]]:
    """Like check_paths, but a file that cannot be read does not stop the others: the findings of every file that
    can be read (checked together), and the error of every one that cannot, in the order given."""
    loaded, failed = [], []
    for path in paths:
        try:
            loaded.append(load_any(Path(path), edition))
        except KitError as exc:
            failed.append(exc)
    return check_loaded(loaded, edition), failed


def check_loaded(loaded: list[LoadedApplication], edition: Edition) -> dict[str, list[Finding]]:
    results = {la.source: check(la, edition) for la in loaded}
    limit = edition.limits.max_projects_per_applicant
    for same in same_applicant_groups(loaded):
        if len(same) > limit:
            names = "、".join(Path(la.source).name for la in same)
            for la in same:
                results[la.source].append(Finding(PROJECT_RULE, "error", la.where(("lead", "org_code")),
                    f"牵头单位“{la.app.lead.name}”在一同检查的 {len(same)} 份方案（{names}）中都是申报主体"
                    f"（按统一社会信用代码、其中的组织机构代码或单位名称认定为同一单位），"
                    f"超过每个申报主体 {limit} 个试点项目的上限；请减少方案数量，或核对这些方案的牵头单位名称和代码"))
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


def error_as_json(exc: KitError, others: list[KitError] = ()) -> str:
    """An input that cannot be used, as the JSON object `kit check --format json` prints for exit code 2: "error"
    is the first such file's problem; when several files cannot be used, "unusable" lists every one's problem."""

    def one(error: KitError) -> dict:
        loc = error.location
        return {"message": error.message, "file": loc.file if loc else None, "line": loc.line if loc else None,
                "column": loc.column if loc else None, "field": loc.key if loc else None, "hint": error.hint}

    def summed(exc: KitError) -> dict:
        problems = [one(e) for e in getattr(exc, "errors", [])] or [one(exc)]
        error = dict(problems[0])  # located at the first problem; several problems are summed up in the message
        if len(problems) > 1:
            error["message"] = f"{exc.message}：" + "；".join(p["message"] for p in problems)
            error["hint"] = "；".join(dict.fromkeys(p["hint"] for p in problems if p["hint"])) or None
        return {**error, "problems": problems}

    out = {"error": summed(exc), "files": []}
    if others:
        out["unusable"] = [summed(e) for e in [exc, *others]]
    return json.dumps(out, ensure_ascii=False, indent=2)


def as_json(results: dict[str, list[Finding]]) -> str:
    return json.dumps({"files": [{"file": s, "findings": [f.as_dict() for f in found]} for s, found in results.items()]},
                      ensure_ascii=False, indent=2)
