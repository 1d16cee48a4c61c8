"""The edition data: every fact of the notice, loaded once from YAML into typed, validated objects."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .edition_text import cn_date, fill
from .errors import InputError, KitError, ValidationErrors
from .yamlsource import SourceMap, load_file

EDITIONS_DIR = Path(__file__).parent / "editions"
DEFAULT_EDITION = EDITIONS_DIR / "2024.yaml"

# Chinese type sizes (字号) in points.
FONT_SIZES_PT: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5,
}
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210, 297)}  # width, height (portrait)


__all__ = ["cn_date", "Edition", "load_edition", "default_edition"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Policy(_Model):
    title: str
    about: str = ""  # who issued it and when: the kit's addition, not in the notice


class Notice(_Model):
    number: str
    title: str
    short_title: str
    issuers: list[str] = Field(min_length=1)
    region: str
    region_code: str = Field(pattern=r"^\d{2}$")
    laws: list[str]
    policies: list[Policy]


class KeyDate(_Model):
    id: str
    date: dt.date
    label: str
    detail: str
    anchor: str


class Limits(_Model):
    max_projects_per_applicant: int = Field(gt=0)
    max_joint_applicants: int = Field(ge=0)
    narrative_min_chars: int = Field(gt=0)
    service_plan_min_chars: int = Field(gt=0)
    intro_max_chars: int = Field(gt=0)
    region_markers: list[str] = Field(min_length=1)


class TextStyle(_Model):
    font: str
    size: Literal[tuple(FONT_SIZES_PT)]  # type: ignore[valid-type]
    bold: bool = False

    @property
    def size_pt(self) -> float:
        return FONT_SIZES_PT[self.size]


class Margins(_Model):
    top: float = Field(gt=0)
    bottom: float = Field(gt=0)
    left: float = Field(gt=0)
    right: float = Field(gt=0)


class Formatting(_Model):
    paper: Literal["A4"]
    orientation: Literal["portrait"]
    body: TextStyle
    line_spacing: float = Field(gt=0)
    alignment: Literal["justify", "left"]
    heading1: TextStyle
    heading2: TextStyle
    margins_mm: Margins
    page_numbers: bool

    @property
    def page_mm(self) -> tuple[float, float]:
        return PAPER_MM[self.paper]

    @property
    def line_height_em(self) -> float:
        """Baseline to baseline in em of the body's size, as Word sets *line_spacing* lines of a CJK font (a single
        line of 仿宋 or 黑体 is about 1.3 em): for the PDFs, which set it directly."""
        return self.line_spacing * 1.3

    @property
    def text_width_mm(self) -> float:
        return self.page_mm[0] - self.margins_mm.left - self.margins_mm.right

    @property
    def text_height_mm(self) -> float:
        return self.page_mm[1] - self.margins_mm.top - self.margins_mm.bottom


class CoverageItem(_Model):
    id: str
    label: str
    kind: Literal["first_party", "third_party", "costs"]


class Contact(_Model):
    body: str
    person: str
    phone: str = Field(pattern=r"^\d{8}$")


class CoverField(_Model):
    id: str
    label: str
    suffix: str = ""
    kind: Literal["text", "date"] = "text"


class Pledge(_Model):
    title: str
    text: str
    lead_signature: list[str]
    joint_signature: list[str]
    note: str


class Part(_Model):
    id: str
    number: str
    title: str
    guidance: str

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


class PlanPoint(_Model):
    id: str
    text: str
    keywords: list[str] = Field(min_length=1)
    min_hits: int = Field(ge=1)


class ServicePlanTemplate(_Model):
    title: str
    guidance: str
    points: list[PlanPoint] = Field(min_length=1)


class Annex(_Model):
    title: str
    attachment_label: str
    appendix_label: str
    instructions_title: str
    title_lines: list[str]
    cover: list[CoverField]
    instructions: list[str]
    basic_info_heading: str
    basic_info_subheading: str
    pledge: Pledge
    narrative_note: str
    parts: list[Part] = Field(min_length=1)
    service_plan: ServicePlanTemplate


class FormField(_Model):
    id: str
    label: str
    hint: str = ""
    kind: Literal["text", "code", "date", "money", "phone", "email", "choice", "table", "longtext"]
    optional: bool = False


class Option(_Model):
    id: str
    label: str
    needs_note: bool = False

    @property
    def name(self) -> str:
        """The option without the form's request for a note: 其他（请注明） → 其他."""
        return re.sub(r"（[^（）]*）$", "", self.label) if self.needs_note else self.label


class Column(_Model):
    id: str
    label: str


class Form(_Model):
    fields: list[FormField]
    rows: list[list[str]]
    natures: list[Option] = Field(min_length=1)
    joint_columns: list[Column]

    @model_validator(mode="after")
    def _rows_name_fields(self) -> "Form":
        known = {f.id for f in self.fields}
        for i, row in enumerate(self.rows):
            if not 1 <= len(row) <= 2:
                raise ValueError(f"rows[{i}] 每行应有 1 或 2 个字段")
            for name in row:
                if name not in known:
                    raise ValueError(f"rows[{i}] 引用了未定义的字段“{name}”")
        return self

    def lead_text_fields(self) -> list[FormField]:
        """The fields the lead applicant fills with text: all but the 单位性质 boxes and the joint table."""
        return [f for f in self.fields if f.kind not in ("choice", "table")]

    def field(self, field_id: str) -> FormField:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


class Declaration(_Model):
    title: str
    preamble: str
    lead_in: str
    items: list[str] = Field(min_length=1)
    closing: str
    signature: list[str]


class RuleBasis(_Model):
    source: str  # where the notice or the annex says it
    anchor: str  # page#anchor on the site


class Edition(_Model):
    edition: int
    notice: Notice
    eligibility: list[str] = Field(min_length=1)
    dates: list[KeyDate] = Field(min_length=1)
    limits: Limits
    formatting: Formatting
    coverage: list[CoverageItem] = Field(min_length=1)
    applicant_types: list[str]
    contacts: list[Contact]
    phone_area_code: str = Field(pattern=r"^0\d{2,3}$")
    annex: Annex
    form: Form
    declaration: Declaration
    rule_basis: dict[str, RuleBasis]

    def tel_uri(self, phone: str) -> str:
        """A tel: link (RFC 3966) that dials a contact's local *phone* from anywhere: +86, area code without its 0."""
        return f"tel:+86-{self.phone_area_code.removeprefix('0')}-{phone}"

    def date(self, date_id: str) -> KeyDate:
        for d in self.dates:
            if d.id == date_id:
                return d
        raise KeyError(date_id)

    @model_validator(mode="after")
    def _has_issue_date(self) -> "Edition":
        if not any(d.id == "issued" for d in self.dates):
            raise ValueError("dates 中缺少 id 为 issued 的通知印发日期")
        return self

    @property
    def issued(self) -> dt.date:
        """The notice's date (the key date ``issued``)."""
        return self.date("issued").date

    def basis(self, rule_id: str) -> RuleBasis:
        """Where the notice says what the checker's rule *rule_id* checks."""
        try:
            return self.rule_basis[rule_id]
        except KeyError:
            raise KitError(f"版本数据 rule_basis 中缺少规则 {rule_id} 的依据",
                           hint="在 rule_basis 下为该规则写出 source（条款）和 anchor（网站上的位置）") from None


def _describe(error: dict) -> str:
    kind = error["type"]
    if kind == "missing":
        return "缺少必填项"
    if kind == "extra_forbidden":
        return "不认识的键（拼写错误？）"
    return f"取值无效：{error['msg']}"


def errors_from_validation(exc: ValidationError, source: SourceMap, hint: str) -> ValidationErrors:
    """Turn a pydantic ValidationError into located, Chinese-worded errors."""
    found = []
    for err in exc.errors():
        location = source.locate(tuple(p for p in err["loc"] if not str(p).startswith("function-")))
        found.append(InputError(_describe(err), location, hint))
    return ValidationErrors(found)


def load_edition(path: Path = DEFAULT_EDITION) -> Edition:
    """Load and validate an edition file; raise InputError naming file, line and key on any problem."""
    data, source = load_file(Path(path))
    if not isinstance(data, dict):
        raise InputError("版本数据文件的顶层应是键值映射", source.locate(()), "参照 kit/editions/2024.yaml 的结构")
    data, unresolved = fill(data, source)
    try:
        edition = Edition.model_validate(data)
    except ValidationError as exc:
        raise errors_from_validation(exc, source, "对照 kit/editions/2024.yaml 修改该项") from None
    if unresolved:
        raise ValidationErrors(unresolved)
    return edition


@lru_cache(maxsize=4)
def default_edition() -> Edition:
    return load_edition(DEFAULT_EDITION)
