"""Findings and the rule registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal

from ..errors import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    location: Location
    message: str  # what is wrong and how to fix it, in Chinese

    def as_dict(self) -> dict:
        loc = self.location
        return {"rule": self.rule, "severity": self.severity, "file": loc.file, "line": loc.line,
                "column": loc.column, "field": loc.key, "message": self.message}

    def __str__(self) -> str:
        label = "错误" if self.severity == "error" else "警告"
        return f"{self.location}：{label} [{self.rule}] {self.message}"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # the clause it rests on: Edition.basis(id) (the edition's rule_basis)
    check: Callable = field(repr=False)


RULES: list[Rule] = []


def rule(rule_id: str, title: str):
    """Register a check function `f(app, edition) -> Iterable[Finding]` under *rule_id*."""

    def register(func: Callable[..., Iterable[Finding]]):
        RULES.append(Rule(rule_id, title, func))
        return func

    return register
