"""An application (申报材料) as structured data: YAML for the fields, Markdown for the long parts.

A long text may be written inline or as `{file: parts/xxx.md}`, relative to the YAML file. Every text keeps its
origin, so a finding inside it points at file, line and column. Loading refuses what cannot be used (bad YAML,
wrong types, unsafe file references) with exit-code-2 errors; whether the content obeys the notice is the
checker's business.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .edition import Edition, errors_from_validation
from .errors import InputError, Location
from .yamlsource import MAX_BYTES, SourceMap, load_file

MAX_TEXT_CHARS = 500_000  # one part; a 100-page plan is ~60,000 characters


@dataclass(frozen=True)
class Origin:
    """Where a text came from: its file and the line/column its first character sits at (None: a .docx)."""

    file: str
    line: int | None = None
    column: int | None = None
    key: str | None = None
    block: bool = False  # a YAML block scalar: text line i is file line line+i, at the block's indentation

    def locate(self, text: str, offset: int) -> Location:
        if self.line is None:
            return Location(self.file, key=self.key)
        before = text[:offset]
        row = before.count("\n")
        col = offset - (before.rfind("\n") + 1)
        if not self.block:  # a plain or quoted scalar: escapes and folding make offsets unreliable past line 1
            return Location(self.file, self.line, (self.column or 1) + (col if row == 0 else 0), self.key)
        return Location(self.file, self.line + row, (self.column or 1) + col, self.key)


def _no_controls(value: str) -> str:
    bad = [c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t\r"]
    if bad:
        raise ValueError(f"含有不可见的控制字符（U+{ord(bad[0]):04X}），请删除")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    @field_validator("*", mode="after")
    @classmethod
    def no_control_characters(cls, value: Any) -> Any:
        """Text that XML (and so Word and PDF) cannot hold is refused at load time, with its key."""
        if isinstance(value, str):
            return _no_controls(value)
        if isinstance(value, dict):
            return {k: _no_controls(v) if isinstance(v, str) else v for k, v in value.items()}
        return value


class Unit(_Model):
    """A joint applicant (联合申报单位)."""

    name: str = ""
    nature: str = ""
    nature_note: str = ""
    org_code: str = ""
    role: str = ""
    legal_representative: str = ""


class Lead(Unit):
    """The lead applicant (牵头单位) with every field of the basic-information form."""

    region: str = ""
    founded: str = ""
    address: str = ""
    capital: str = ""
    contact: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    intro: str = ""

    @field_validator("founded", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class ServicePlan(_Model):
    title: str = ""
    text: str = ""


class Application(_Model):
    edition: int | None = None
    fictional: bool = False  # a worked example: every output carries a 虚构示例 notice
    plan_name: str = ""
    apply_date: dt.date | None = None
    lead: Lead = Field(default_factory=Lead)
    joint: list[Unit] = Field(default_factory=list)
    parts: dict[str, str] = Field(default_factory=dict)
    service_plans: list[ServicePlan] = Field(default_factory=list)

    def units(self) -> list[Unit]:
        return [self.lead, *self.joint]


@dataclass
class LoadedApplication:
    """An application and where each of its values came from (a YAML file, or a filled .docx)."""

    app: Application
    source: str
    origins: dict[tuple, Origin]  # key path → origin of that text
    sourcemap: SourceMap | None = None  # YAML only
    nature_ticks: list[str] | None = None  # .docx only: the ticked 单位性质 boxes
    declarations: int | None = None  # .docx only: how many 责任声明 the file carries
    describe: Any = None  # .docx only: key path → "part / field" label

    @property
    def from_yaml(self) -> bool:
        """True: texts are the applicant's Markdown sources, with line/column origins. False: a .docx, whose
        texts are already rendered and located by part and field."""
        return self.sourcemap is not None

    def origin(self, path: tuple) -> Origin:
        return self.origins.get(path) or Origin(self.source, key=".".join(map(str, path)))

    def where(self, path: tuple) -> Location:
        """The location of a field: file:line:column in YAML, part and field in a .docx."""
        if self.from_yaml:
            return self.sourcemap.locate(path)
        key = self.describe(path) if self.describe else ".".join(map(str, path))
        return Location(self.source, key=key)


def _text_paths(data: dict) -> list[tuple]:
    paths: list[tuple] = [("plan_name",), ("lead", "intro")]
    parts = data.get("parts")
    if isinstance(parts, dict):
        paths += [("parts", k) for k in parts]
    plans = data.get("service_plans")
    if isinstance(plans, list):
        paths += [("service_plans", i, "text") for i, p in enumerate(plans) if isinstance(p, dict)]
    return paths


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        if isinstance(data, dict) and p in data:
            data = data[p]
        elif isinstance(data, list) and isinstance(p, int) and p < len(data):
            data = data[p]
        else:
            return None
    return data


def _set(data: Any, path: tuple, value: Any) -> None:
    for p in path[:-1]:
        data = data[p]
    data[path[-1]] = value


def _read_referenced(base: Path, ref: Any, where: Location) -> str:
    name = ref.get("file") if isinstance(ref, dict) and set(ref) == {"file"} else None
    if not isinstance(name, str) or not name:
        raise InputError("长文本应写成文字，或写成 {file: 文件名.md}", where, "例如 it_construction: {file: parts/信息化.md}")
    target = (base / name).resolve()
    if Path(name).is_absolute() or base.resolve() not in target.parents:
        raise InputError(f"引用的文件“{name}”不在申报文件所在目录内", where, "把 Markdown 文件放在申报文件旁边或其子目录中，用相对路径引用")
    if not target.is_file():
        raise InputError(f"找不到引用的文件“{name}”", where, "检查文件名和相对路径")
    if target.stat().st_size > MAX_BYTES:
        raise InputError(f"引用的文件“{name}”过大", where, "每个部分的内容应在数十万字以内")
    try:
        return target.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"引用的文件“{name}”不是 UTF-8 编码", where, "用编辑器另存为 UTF-8") from None


def load_application(path: Path) -> LoadedApplication:
    """Load and validate an application YAML file (and the Markdown files it references)."""
    path = Path(path)
    data, source = load_file(path)
    if not isinstance(data, dict):
        raise InputError("申报文件的顶层应是键值映射（如 plan_name: …）", source.locate(()), "用 kit new 生成一份骨架再填写")
    origins: dict[tuple, Origin] = {}
    for key_path in _text_paths(data):
        value = _get(data, key_path)
        where = source.locate(key_path)
        if isinstance(value, dict):
            text = _read_referenced(path.parent, value, where)
            _set(data, key_path, text)
            origins[key_path] = Origin(str(path.parent / value["file"]), 1, 1, ".".join(map(str, key_path)))
        elif isinstance(value, str):
            if len(value) > MAX_TEXT_CHARS:
                raise InputError(f"内容过长（{len(value)} 字符）", where, "检查是否误粘贴了大量内容")
            line, col = source.value_marks.get(key_path, (where.line, where.column))
            block = key_path in source.block_scalars
            if block:
                line, col = _block_start(path, line)
            origins[key_path] = Origin(str(path), line, col, ".".join(map(str, key_path)), block)
    try:
        app = Application.model_validate(data)
    except ValidationError as exc:
        raise errors_from_validation(exc, source, "对照 kit new 生成的骨架修改该项") from None
    return LoadedApplication(app, str(path), origins, source)


def _block_start(path: Path, indicator_line: int) -> tuple[int, int]:
    """First content line of a block scalar whose indicator (|) is on *indicator_line*, and its indentation."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for number in range(indicator_line, len(lines)):
        text = lines[number]
        if text.strip():
            return number + 1, len(text) - len(text.lstrip(" ")) + 1
    return indicator_line + 1, 1


def nature_option(edition: Edition, value: str):
    """The 单位性质 option named by id or by label, or None."""
    for option in edition.form.natures:
        if value in (option.id, option.label, option.name):
            return option
    return None
