"""One small exception hierarchy. Every user-facing error carries a Chinese message that says what is wrong,
where, and how to fix it; the CLI prints it and exits non-zero, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in a source file: 1-based line and column, or a named part/field of a document."""

    file: str
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.key:
            text += f"（{self.key}）"
        return text


class KitError(Exception):
    """Base of every error the user can cause and fix."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        parts = [f"{self.location}：" if self.location else "", self.message]
        if self.hint:
            parts.append(f"\n  修改建议：{self.hint}")
        return "".join(parts)


class InputError(KitError):
    """A source file (edition data, application, filled document) cannot be used."""


class ValidationErrors(InputError):
    """Several problems in one file, collected and reported together."""

    def __init__(self, errors: list[KitError]):
        self.errors = errors
        super().__init__(f"发现 {len(errors)} 处问题")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class BuildError(KitError):
    """A build stage failed; the previous output is left untouched."""

    exit_code = 1
