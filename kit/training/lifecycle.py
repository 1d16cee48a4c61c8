"""Where each of the notice's coverage items sits in the incident lifecycle (事前预防、事中防护、事后补偿).

The three phase names are the notice's own (一、工作目标: "事前预防、事中防护、事后补偿的全周期网络安全保险服务保障
模式"). Placing the coverage items in a phase is this kit's reading (解读), not the notice's: every diagram and
slide that shows it says so. The services named beside the items are quoted from the annex's service-plan points
and checked against the edition data, so a new edition that drops one fails loudly instead of drifting.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..edition import CoverageItem, Edition
from ..errors import KitError

# coverage item id → phase id. Every item of the edition must be placed (checked in lifecycle()).
COVERAGE_PHASE: dict[str, str] = {
    "incident_response": "during",
    "public_relations": "during",
    "ransom": "after",
    "business_interruption": "after",
    "fraud": "after",
    "data_restoration": "after",
    "hardware": "after",
    "third_party": "after",
    "legal": "after",
}

# phase id → [(service named in the annex, id of the service-plan point that names it)]
PHASE_SERVICES: dict[str, list[tuple[str, str]]] = {
    "before": [("风险评估", "security_services"), ("风险监测", "security_services"),
               ("核保", "insurance_process"), ("防灾减损", "insurance_process")],
    "during": [("溯源取证", "security_services")],
    "after": [("定责定损", "security_services"), ("理赔", "insurance_process")],
}

PHASE_TEXT: list[tuple[str, str, str]] = [
    ("before", "事前预防", "事件发生前：保险配套的安全服务，帮助少出事"),
    ("during", "事中防护", "事件发生时：应急处置和对外沟通的费用"),
    ("after", "事后补偿", "事件发生后：按合同补偿损失和赔偿责任"),
]

CAVEAT = "示意图为本站解读：具体保障范围、限额、免赔额和除外责任以保险合同为准。"


@dataclass(frozen=True)
class Phase:
    id: str
    title: str  # the notice's phase name
    subtitle: str  # what the phase means for a hospital (解读)
    coverage: list[CoverageItem]
    services: list[str]


def lifecycle(edition: Edition) -> list[Phase]:
    """The three phases with the edition's coverage items and the annex's services placed in them."""
    unplaced = [item.label for item in edition.coverage if item.id not in COVERAGE_PHASE]
    if unplaced:
        raise KitError(
            f"保障项目尚未归入事前、事中、事后阶段：{'、'.join(unplaced)}",
            hint="在 kit/training/lifecycle.py 的 COVERAGE_PHASE 中为这些项目指定阶段",
        )
    points = {p.id: p.text for p in edition.annex.service_plan.points}
    for phase_services in PHASE_SERVICES.values():
        for service, point_id in phase_services:
            if service not in points.get(point_id, ""):
                raise KitError(
                    f"附件服务方案要点“{point_id}”中没有“{service}”",
                    hint="核对版本数据 annex.service_plan.points，或修改 kit/training/lifecycle.py 的 PHASE_SERVICES",
                )
    return [
        Phase(
            id=phase_id,
            title=title,
            subtitle=subtitle,
            coverage=[item for item in edition.coverage if COVERAGE_PHASE[item.id] == phase_id],
            services=[service for service, _ in PHASE_SERVICES[phase_id]],
        )
        for phase_id, title, subtitle in PHASE_TEXT
    ]
