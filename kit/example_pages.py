"""The site pages of a worked example, generated from its application file (the .docx and PDF come from the same
files, so the pages and the downloads can never disagree).

An example is not one long page: every page of the site carries the same theme, so a page's own HTML must stay
small whatever the number of examples or the length of their parts. Each example has

- an overview at examples/<slug>.md (the URL the catalogue and the guides link): banner, downloads, length figures,
  the form, a list of the parts and the 责任声明 section;
- one page per part of the annex (edition.annex.parts) and per service plan, examples/<slug>/<part>.md, in the
  order of the 工作方案, chained by 上一部分/下一部分 links. A part whose Markdown is longer than PART_BUDGET bytes
  is split at its own headings (the highest level it uses, deeper when a section alone is still too long) into
  consecutive pages; short neighbouring sections share a page.

Every page is marked 虚构示例. The individual pages are not in the site's navigation: the catalogue
(docs/examples/index.md) links every overview, the overview links every part page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .application import nature_option
from .docx.layout import plan_heading
from .edition import Edition
from .examples import PDF_SUFFIX, WORD_SUFFIX, ZIP_SUFFIX, Example, word_counts
from .formgrid import lead_attribute

FICTIONAL_BANNER = ("本页是**虚构示例**：文中所有单位名称、代码、电话、地址、人员和金额均为虚构，仅用于说明工作方案的写法，"
                    "不得照抄申报，也不代表任何真实机构。")
SHORT_BANNER = "本页是**虚构示例**的一部分：单位、代码、人员和金额均为虚构，不得照抄申报。"
# Bytes of a part's Markdown on one page. Measured: the theme around a part page is about 16 KB of HTML and the
# part's HTML about 1.3 times its Markdown, so a page stays under 26 KB (tests/test_examples.py checks the built
# pages); the service plans' sections (（一）…（四）, the annex's required points) are each a page of their own.
PART_BUDGET = 6_500
# attr_list on the paragraph before: Material's search leaves it out (the same line on every part page would
# add some 250 B each to the index; the title, the 虚构示例 banner and the part's text are indexed)
NOT_INDEXED = "{ data-search-exclude }"
_HEADING = re.compile(r"^(#{1,6})(\s+\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class ExamplePage:
    """One generated page: *path* relative to docs/, *body* the Markdown after the front matter."""
    path: str
    title: str
    description: str
    body: str

    @property
    def markdown(self) -> str:
        return "\n".join(["---", f"description: {self.description}", "---", "", self.body])


@dataclass(frozen=True)
class ExamplePart:
    """A part of the 工作方案 as the site shows it: an annex part or a service plan, and its pages' texts."""
    name: str  # file name without .md: it-construction, service-plan-1
    heading: str
    counts: tuple[int, int]
    chunks: tuple[str, ...]  # the text on each of the part's pages, headings as written


def example_pages(example: Example, edition: Edition) -> list[ExamplePage]:
    """Every page of the example: the overview first, then the part pages in the order of the 工作方案."""
    counts = word_counts(example, edition)
    parts = example_parts(example, edition, counts)
    return [overview_page(example, edition, parts, counts), *part_pages(example, parts)]


def example_parts(example: Example, edition: Edition, counts: dict | None = None) -> list[ExamplePart]:
    """The annex's parts (edition.annex.parts) in its order, then the application's service plans, each titled by
    the line it opens with in the Word document (服务方案一：…, kit.docx.layout.plan_heading)."""
    app = example.loaded.app
    counts = counts or word_counts(example, edition)
    parts = [ExamplePart(p.id.replace("_", "-"), p.heading, counts[p.id], tuple(split_text(app.parts.get(p.id, ""))))
             for p in edition.annex.parts]
    parts += [ExamplePart(f"service-plan-{i}", plan_heading(i, plan.title), pair, tuple(split_text(plan.text)))
              for i, (plan, pair) in enumerate(zip(app.service_plans, counts["plans"]), 1)]
    return parts


def page_name(part: ExamplePart, chunk: int) -> str:
    """The file name (without .md) of the part's *chunk*-th page, counting from 0."""
    return part.name if chunk == 0 else f"{part.name}-{chunk + 1}"


def _headings(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, level) of every ATX heading outside fenced code."""
    found, fenced = [], False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            found.append((i, len(m.group(1))))
    return found


def split_text(text: str, budget: int = PART_BUDGET) -> list[str]:
    """*text* in pieces of at most *budget* bytes where its headings allow: cut before each heading of the highest
    level it uses (what comes before the first one stays with it), a piece still too long cut again at its next
    level; neighbouring pieces are joined again while they fit together."""
    text = text.strip()
    if len(text.encode()) <= budget:
        return [text]
    lines = text.split("\n")
    heads = _headings(lines)
    top = min((level for _, level in heads), default=None)
    cuts = [i for i, level in heads if level == top and i > 0]
    if top is None or not cuts:
        body_heads = [level for i, level in heads if i > 0]
        if not body_heads:
            return [text]  # no heading to cut at: one page, however long
        cuts = [i for i, level in heads if level == min(body_heads) and i > 0]
    bounds = [0, *cuts, len(lines)]
    pieces = [p for a, b in zip(bounds, bounds[1:]) for p in split_text("\n".join(lines[a:b]), budget)]
    return _pack(pieces, budget)


def _pack(pieces: list[str], budget: int) -> list[str]:
    packed: list[str] = []
    for piece in pieces:
        if packed and len((packed[-1] + "\n\n" + piece).encode()) <= budget:
            packed[-1] += "\n\n" + piece
        else:
            packed.append(piece)
    return packed


def shift_headings(text: str, top: int = 2) -> str:
    """*text* with its headings moved so that the highest one is level *top* (the page's title is the h1)."""
    lines = text.split("\n")
    heads = _headings(lines)
    if not heads:
        return text
    shift = top - min(level for _, level in heads)
    for i, level in heads:
        lines[i] = "#" * min(6, max(1, level + shift)) + _HEADING.match(lines[i]).group(2)
    return "\n".join(lines)


def first_heading(text: str) -> str | None:
    lines = text.split("\n")
    heads = _headings(lines)
    return _HEADING.match(lines[heads[0][0]]).group(2).strip() if heads else None


def part_pages(example: Example, parts: list[ExamplePart]) -> list[ExamplePage]:
    """A page per chunk of every part, in order: title, where it belongs, banner, text, previous/next links."""
    plan = example.loaded.app.plan_name
    chain = [(k, part, j) for k, part in enumerate(parts, 1) for j in range(len(part.chunks))]
    names = [f"{page_name(part, j)}.md" for _, part, j in chain]
    pages = []
    for n, (k, part, j) in enumerate(chain):
        title = part.heading if len(part.chunks) == 1 else f"{part.heading}（{j + 1}/{len(part.chunks)}）"
        where = f"第 {k} 部分（共 {len(parts)} 部分）"
        if len(part.chunks) > 1:
            where += f"的第 {j + 1} 页（共 {len(part.chunks)} 页）"
        overview = f"../{example.slug}.md"
        links = [f"[← 上一部分]({names[n - 1]})" if n else None, f"[返回概览]({overview})",
                 f"[下一部分 →]({names[n + 1]})" if n + 1 < len(chain) else None]
        body = [
            f"# {title}", "",
            f"[虚构示例《{plan}》]({overview})的{where}。", NOT_INDEXED, "",
            '!!! warning "虚构示例"', f"    {SHORT_BANNER}", "",
            shift_headings(part.chunks[j]), "",
            "---", "",
            " · ".join(link for link in links if link), NOT_INDEXED, "",
        ]
        pages.append(ExamplePage(f"examples/{example.slug}/{names[n]}", title, f"虚构示例《{plan}》：{title}",
                                 "\n".join(body)))
    return pages


def _count_row(name: str, pair: tuple[int, int]) -> str:
    return f"| {name} | {pair[0]} | {pair[1]} |"


def overview_page(example: Example, edition: Edition, parts: list[ExamplePart], counts: dict) -> ExamplePage:
    """Banner, downloads, length figures (*counts*: kit.examples.word_counts), the form, the list of part pages and
    the 责任声明 section."""
    app = example.loaded.app
    annex_parts = edition.annex.parts
    lines = [
        f"# {app.plan_name}", "",
        "[← 全部示例](index.md)", "",
        '!!! warning "虚构示例"', f"    {FICTIONAL_BANNER}", "",
        f"下载：[Word（.docx）](../downloads/{example.file_name(WORD_SUFFIX)}) · "
        f"[PDF](../downloads/{example.file_name(PDF_SUFFIX)}) · "
        f"[每个单位的责任声明（.zip）](../downloads/{example.file_name(ZIP_SUFFIX)})", "",
        "## 篇幅 {#length}", "",
        "按 Word“字数统计”口径计算；本示例通过 `kit check`，没有错误。", "",
        "| 部分 | 字数 | 其中汉字 |", "|---|---:|---:|",
        _count_row("申报单位简介", counts["intro"]),
        *(_count_row(part.heading, part.counts) for part in parts[:len(annex_parts)]),
        _count_row(f"第{'、'.join(p.number for p in annex_parts)}部分合计", counts["narrative"]),
        *(_count_row(plan_heading(i, plan.title), pair)
          for i, (plan, pair) in enumerate(zip(app.service_plans, counts["plans"]), 1)),
        "", *_form_lines(example, edition), "",
        "## 方案各部分 {#parts}", "",
        *_part_list(example, parts), "",
        "## 责任声明 {#declarations}", "",
        f"本示例共 {len(app.units())} 个申报单位，`kit build` 为每个单位各生成一份《{edition.declaration.title}》"
        "（见上方的责任声明下载）。", "",
    ]
    return ExamplePage(example.page, app.plan_name, f"虚构示例：{app.plan_name}", "\n".join(lines))


def _part_list(example: Example, parts: list[ExamplePart]) -> list[str]:
    """One item per part (its 字数), a sub-item per page of a part that has several."""
    lines = []
    for part in parts:
        lines.append(f"- [{part.heading}]({example.slug}/{part.name}.md)（{part.counts[0]} 字）")
        if len(part.chunks) > 1:
            lines += [f"    - [{first_heading(chunk) or part.heading}]({example.slug}/{page_name(part, j)}.md)"
                      for j, chunk in enumerate(part.chunks)]
    return lines


def _form_lines(example: Example, edition: Edition) -> list[str]:
    """The 基本信息表: the lead unit's fields, the joint units and the 申报单位简介."""
    app = example.loaded.app
    lead = app.lead
    form = {f.id: f.label for f in edition.form.fields}
    lines = [
        f"## {edition.annex.basic_info_heading} {{#basic-info}}", "",
        "| 项目 | 内容 |", "|---|---|",
        *(f"| {f.label} | {getattr(lead, lead_attribute(f.id))} |"
          for f in edition.form.lead_text_fields() if f.kind != "longtext"),
        f"| {form['nature']} | {_nature(edition, lead.nature, lead.nature_note)} |",
    ]
    if app.joint:
        lines += ["", "**联合申报单位**", "", "| 单位名称 | 单位性质 | 组织机构代码/三证合一码 | 角色 |", "|---|---|---|---|"]
        lines += [f"| {u.name} | {_nature(edition, u.nature, u.nature_note)} | {u.org_code} | {u.role} |" for u in app.joint]
    return lines + ["", f"### {form['intro']} {{#intro}}", "", lead.intro.strip()]


def _nature(edition: Edition, value: str, note: str) -> str:
    option = nature_option(edition, value)
    if option is None:
        return value
    label = option.name
    return f"{label}（{note}）" if option.needs_note and note else label
