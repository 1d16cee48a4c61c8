"""The coverage diagram: what the insurance and its services do before, during and after an incident, as SVG.

A vertical layout with a viewBox, so that it scales to the width of a phone screen and of a printed page; all
labels are real <text> in a CJK font stack (no script, no web font, nothing fetched from another host).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..edition import Edition
from ..fonts import css_stack
from ..textwidth import text_em
from .lifecycle import CAVEAT, Phase, lifecycle

ACCENT = "#1f4e79"
INK = "#222222"
MUTED = "#595959"
PANEL = "#f3f6fa"
FONT_STACK = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", ' + css_stack("黑体", "sans-serif")

WIDTH = 520
RAIL_X = 30
PANEL_X = 56
PANEL_PAD = 16
CHIP_H = 38
CHIP_FONT = 19
CHIP_GAP = 10


def text_width(text: str, size: float) -> float:
    return size * text_em(text)


def wrap(text: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and text_width(current + ch, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current else lines


@dataclass
class _Canvas:
    parts: list[str]
    y: float = 0

    def text(self, x: float, y: float, value: str, size: float, fill: str = INK, weight: str = "normal",
             anchor: str = "start") -> None:
        self.parts.append(
            f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" fill="{fill}" font-weight="{weight}" '
            f'text-anchor="{anchor}">{escape(value)}</text>'
        )

    def chip(self, x: float, y: float, label: str, solid: bool) -> float:
        w = text_width(label, CHIP_FONT) + 28
        if solid:
            self.parts.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{CHIP_H}" rx="6" fill="{ACCENT}"/>')
        else:
            self.parts.append(
                f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{CHIP_H}" rx="6" fill="#ffffff" '
                f'stroke="{ACCENT}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            )
        self.text(x + w / 2, y + CHIP_H / 2 + CHIP_FONT * 0.36, label, CHIP_FONT,
                  fill="#ffffff" if solid else ACCENT, anchor="middle")
        return w


def _chips(canvas: _Canvas, labels: list[tuple[str, bool]], left: float, right: float) -> None:
    x = left
    for label, solid in labels:
        w = text_width(label, CHIP_FONT) + 28
        if x > left and x + w > right:
            x = left
            canvas.y += CHIP_H + CHIP_GAP
        canvas.chip(x, canvas.y, label, solid)
        x += w + CHIP_GAP
    canvas.y += CHIP_H


def _phase(canvas: _Canvas, phase: Phase, index: int) -> None:
    top = canvas.y
    inner_left, inner_right = PANEL_X + PANEL_PAD, WIDTH - 8 - PANEL_PAD
    body: list[str] = []
    outer = canvas.parts
    canvas.parts = body
    canvas.y = top + 36
    canvas.text(inner_left, canvas.y, phase.title, 24, fill=ACCENT, weight="bold")
    canvas.y += 26
    for line in wrap(phase.subtitle, 16, inner_right - inner_left):
        canvas.text(inner_left, canvas.y, line, 16, fill=MUTED)
        canvas.y += 22
    canvas.y += 6
    labels = [(item.label, True) for item in phase.coverage] + [(s, False) for s in phase.services]
    _chips(canvas, labels, inner_left, inner_right)
    canvas.y += PANEL_PAD
    canvas.parts = outer
    canvas.parts.append(f'<g id="phase-{phase.id}">')
    canvas.parts.append(
        f'<rect x="{PANEL_X}" y="{top:g}" width="{WIDTH - 8 - PANEL_X}" height="{canvas.y - top:g}" rx="8" '
        f'fill="{PANEL}" stroke="#d0d9e4"/>'
    )
    canvas.parts.append(f'<circle cx="{RAIL_X}" cy="{top + 28:g}" r="11" fill="{ACCENT}"/>')
    canvas.text(RAIL_X, top + 34, str(index), 15, fill="#ffffff", weight="bold", anchor="middle")
    canvas.parts += body
    canvas.parts.append("</g>")


def _incident_marker(canvas: _Canvas) -> None:
    y = canvas.y + 22
    canvas.parts.append(
        f'<line x1="{PANEL_X}" y1="{y:g}" x2="{WIDTH - 8}" y2="{y:g}" stroke="{INK}" stroke-width="1.5" '
        'stroke-dasharray="6 4"/>'
    )
    canvas.parts.append(f'<polygon points="{RAIL_X - 9},{y - 8:g} {RAIL_X + 9},{y - 8:g} {RAIL_X},{y + 6:g}" fill="{INK}"/>')
    label = "网络安全事件发生"
    w = text_width(label, 16) + 16
    x = (PANEL_X + WIDTH - 8) / 2 - w / 2
    canvas.parts.append(f'<rect x="{x:g}" y="{y - 13:g}" width="{w:g}" height="26" fill="#ffffff"/>')
    canvas.text(x + w / 2, y + 6, label, 16, fill=INK, weight="bold", anchor="middle")
    canvas.y = y + 22


def _legend(canvas: _Canvas) -> None:
    canvas.y += 18
    for label, solid, meaning in [("保障项目", True, "通知第二部分列明的保障项目"),
                                  ("安全服务", False, "附件服务方案中的保险和安全服务")]:
        w = canvas.chip(PANEL_X, canvas.y, label, solid)
        canvas.text(PANEL_X + w + 10, canvas.y + CHIP_H / 2 + 6, meaning, 15, fill=MUTED)
        canvas.y += CHIP_H + 8
    canvas.y += 18
    for line in wrap(CAVEAT, 14, WIDTH - 8 - PANEL_X):
        canvas.text(PANEL_X, canvas.y, line, 14, fill=MUTED)
        canvas.y += 20


def coverage_svg(edition: Edition) -> str:
    """The diagram as a standalone SVG document."""
    phases = lifecycle(edition)
    canvas = _Canvas(parts=[])
    canvas.text(8, 34, "网络安全保险：事前、事中、事后", 26, weight="bold")
    canvas.text(8, 62, f"依据 {edition.notice.number} 第一、二部分；阶段归类为本站解读", 14, fill=MUTED)
    canvas.y = 84
    rail_top = canvas.y + 28
    for index, phase in enumerate(phases, start=1):
        if phase.id == "during":
            _incident_marker(canvas)
        _phase(canvas, phase, index)
        canvas.y += 12
    rail = f'<line x1="{RAIL_X}" y1="{rail_top:g}" x2="{RAIL_X}" y2="{canvas.y - 20:g}" stroke="{ACCENT}" stroke-width="3"/>'
    _legend(canvas)
    height = canvas.y + 4
    items = "、".join(item.label for item in edition.coverage)
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" '
        f'height="{height:g}" role="img" aria-labelledby="diagram-title diagram-desc" lang="zh-CN">',
        '<title id="diagram-title">网络安全保险在事前预防、事中防护、事后补偿中的保障示意图</title>',
        f'<desc id="diagram-desc">通知列明的保障项目：{escape(items)}。{escape(CAVEAT)}</desc>',
        f'<rect width="{WIDTH}" height="{height:g}" fill="#ffffff"/>',
        f'<g font-family="{escape(FONT_STACK, quote=True)}">',
        rail,
        *canvas.parts,
        "</g>",
        "</svg>",
        "",
    ])


def render_coverage_svg(edition: Edition, target: Path) -> None:
    target.write_text(coverage_svg(edition), encoding="utf-8")
