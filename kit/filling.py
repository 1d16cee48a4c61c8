"""An application as the Word and PDF writers fill it into the kit's templates: every field by its id, the long
parts and the service plans as the applicant's Markdown, and the declaration of each unit.

kit.assemble (`kit build`) makes these from an Application and hands the same objects to kit.docx.filled and
kit.pdf.render, so the two formats cannot read an application differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .application import Application, nature_option
from .edition import Edition
from .figures import Figures
from .formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, NATURE_NOTE_FIELD, date_fields, joint_field,
                       lead_attribute, nature_field)


@dataclass(frozen=True)
class FilledPlan:
    title: str
    text: str  # the applicant's Markdown


@dataclass(frozen=True)
class FilledApplication:
    title: str  # the plan's name, or the annex's title when the application has none
    values: dict[str, str | bool]  # every plain field and check box of the template by its id; empty ones left out
    prose: dict[str, str]  # every long part's Markdown by the part's id ("" when not written)
    plans: tuple[FilledPlan, ...] = ()
    joint_units: int = 0  # the filled documents get a table row and a signature block for each
    fictional: bool = False  # a worked example: the documents say so
    figures: Figures = field(default_factory=dict)  # the images the Markdown references, checked (kit.figures)


@dataclass(frozen=True)
class FilledDeclaration:
    unit_name: str
    dates: dict[str, str] = field(default_factory=dict)  # the date's year, month and day fields, when known
    fictional: bool = False

    @property
    def values(self) -> dict[str, str]:
        """The declaration's fields by id: the unit's name and the date."""
        return {DECLARATION_UNIT_FIELD: self.unit_name, **self.dates}


def date_values(field_id: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {}
    return dict(zip(date_fields(field_id), (str(day.year), str(day.month), str(day.day))))


def form_values(app: Application, edition: Edition) -> dict[str, str | bool]:
    """Every plain field and check box of the template, by its id."""
    lead = app.lead
    values: dict[str, str | bool] = {"plan_name": app.plan_name, "lead_unit": lead.name}
    values.update(date_values("apply_date", app.apply_date))
    for field_ in edition.form.lead_text_fields():
        values[field_.id] = getattr(lead, lead_attribute(field_.id))
    chosen = nature_option(edition, lead.nature)
    for option in edition.form.natures:
        values[nature_field(option.id)] = chosen is not None and option.id == chosen.id
    values[NATURE_NOTE_FIELD] = lead.nature_note
    for i, unit in enumerate(app.joint, 1):  # every unit: the filled documents get a row for each
        option = nature_option(edition, unit.nature)
        values[joint_field(i, "name")] = unit.name
        values[joint_field(i, "nature")] = option.name if option else unit.nature
        values[joint_field(i, "org_code")] = unit.org_code
    values[DECLARATION_UNIT_FIELD] = lead.name
    values.update(date_values(DECLARATION_DATE_FIELD, app.apply_date))
    return {k: v for k, v in values.items() if v != ""}


def filled_application(app: Application, edition: Edition, figures: Figures | None = None) -> FilledApplication:
    return FilledApplication(
        title=app.plan_name or edition.annex.title,
        values=form_values(app, edition),
        prose={p.id: app.parts.get(p.id, "") for p in edition.annex.parts},
        plans=tuple(FilledPlan(p.title, p.text) for p in app.service_plans),
        joint_units=len(app.joint),
        fictional=app.fictional,
        figures=figures or {},
    )


def filled_declarations(app: Application) -> list[FilledDeclaration]:
    """One declaration per applying unit, the lead first, all dated as the application."""
    dates = date_values(DECLARATION_DATE_FIELD, app.apply_date)
    return [FilledDeclaration(unit.name, dates, app.fictional) for unit in app.units()]
