"""Worked examples: each folder under examples/ is an application (application.yaml + Markdown parts).

The build checks every example (an error fails the build), renders it with the assembler into downloads, and
generates its site page from the same files, so the page, the .docx and the PDF can never disagree.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .application import LoadedApplication, load_application, nature_option
from .check.run import check
from .check.wordcount import count
from .downloads import Artifact, write_zip
from .edition import Edition
from .errors import BuildError
from .markup import plain_text

APPLICATION_FILE = "application.yaml"
FICTIONAL_BANNER = ("本页是**虚构示例**：文中所有单位名称、代码、电话、地址、人员和金额均为虚构，仅用于说明工作方案的写法，"
                    "不得照抄申报，也不代表任何真实机构。")


@dataclass
class Example:
    slug: str
    folder: Path

    @cached_property
    def loaded(self) -> LoadedApplication:
        return load_application(self.folder / APPLICATION_FILE)

    @property
    def page(self) -> str:
        return f"examples/{self.slug}.md"

    def file_name(self, suffix: str) -> str:
        return f"shili-{self.slug}{suffix}"


def find_examples(examples_dir: Path) -> list[Example]:
    if not examples_dir.is_dir():
        return []
    return [Example(d.name, d) for d in sorted(examples_dir.iterdir()) if (d / APPLICATION_FILE).is_file()]


def require_clean(example: Example, edition: Edition) -> None:
    errors = [f for f in check(example.loaded, edition) if f.severity == "error"]
    if errors:
        raise BuildError(f"示例 {example.slug} 未通过检查：\n" + "\n".join(str(f) for f in errors))


def _outputs(example: Example, edition: Edition, cache: dict) -> Path:
    """Build the example once per build (all its documents), in a temporary folder reused by its artifacts."""
    from .assemble import build_application

    if example.slug not in cache:
        folder = Path(tempfile.mkdtemp(prefix=f"kit-example-{example.slug}-"))
        build_application(example.loaded.app, edition, folder / "out", progress=lambda m: None)
        cache[example.slug] = folder / "out"
    return cache[example.slug]


def artifacts(examples_dir: Path) -> list[Artifact]:
    cache: dict[str, Path] = {}
    found = []
    for example in find_examples(examples_dir):
        def copier(name, ex=example):
            return lambda ed, path: shutil.copyfile(_outputs(ex, ed, cache) / name, path)

        def bundle(ex=example):
            return lambda ed, path: write_zip(_outputs(ex, ed, cache), path, prefix=f"{ex.slug}/")

        title = example.loaded.app.plan_name
        found += [
            Artifact(example.file_name("-gongzuo-fangan.docx"), f"{title}（Word）", "Word（.docx）", "示例（虚构）",
                     "由示例申报文件自动生成", copier("工作方案.docx")),
            Artifact(example.file_name("-gongzuo-fangan.pdf"), f"{title}（PDF）", "PDF", "示例（虚构）",
                     "由示例申报文件自动生成", copier("工作方案.pdf")),
            Artifact(example.file_name("-quanbu.zip"), f"{title}：全部文件", "ZIP", "示例（虚构）",
                     "工作方案与每个申报单位的责任声明（.docx 和 .pdf）", bundle()),
        ]
    return found


def _count_row(name: str, text: str) -> str:
    c = count(text)
    return f"| {name} | {c.words} | {c.hanzi} |"


def page_markdown(example: Example, edition: Edition) -> str:
    """The example's site page: banner, downloads, length figures, the form and every part."""
    app = example.loaded.app
    lead = app.lead
    form = {f.id: f.label for f in edition.form.fields}
    parts = {p.id: p for p in edition.annex.parts}
    narrative = "\n".join(plain_text(app.parts.get(p, "")) for p in parts)
    lines = [
        "---", f"description: 虚构示例：{app.plan_name}", "---", "",
        f"# {app.plan_name}", "",
        '!!! warning "虚构示例"', f"    {FICTIONAL_BANNER}", "",
        f"下载：[Word（.docx）](../downloads/{example.file_name('-gongzuo-fangan.docx')}) · "
        f"[PDF](../downloads/{example.file_name('-gongzuo-fangan.pdf')}) · "
        f"[全部文件与责任声明（.zip）](../downloads/{example.file_name('-quanbu.zip')})", "",
        "## 篇幅 {#length}", "",
        "按 Word“字数统计”口径计算；本示例通过 `kit check`，没有错误。", "",
        "| 部分 | 字数 | 其中汉字 |", "|---|---:|---:|",
        _count_row("申报单位简介", lead.intro),
        *(_count_row(parts[p].heading, plain_text(app.parts.get(p, ""))) for p in parts),
        _count_row(f"第{'、'.join(p.number for p in parts.values())}部分合计", narrative),
        *(_count_row(f"服务方案 {i}：{s.title}", "\n".join([s.title, plain_text(s.text)]))
          for i, s in enumerate(app.service_plans, 1)),
        "", f"## {edition.annex.basic_info_heading} {{#basic-info}}", "",
        "| 项目 | 内容 |", "|---|---|",
        f"| {form['lead_name']} | {lead.name} |",
        *(f"| {form[k]} | {getattr(lead, k)} |" for k in
          ("region", "org_code", "founded", "address", "capital", "contact", "phone", "fax", "email")),
        f"| {form['nature']} | {_nature(edition, lead.nature, lead.nature_note)} |",
    ]
    if app.joint:
        lines += ["", "**联合申报单位**", "", "| 单位名称 | 单位性质 | 组织机构代码/三证合一码 | 角色 |", "|---|---|---|---|"]
        lines += [f"| {u.name} | {_nature(edition, u.nature, u.nature_note)} | {u.org_code} | {u.role} |" for u in app.joint]
    lines += ["", f"### {form['intro']} {{#intro}}", "", lead.intro.strip(), ""]
    for part_id, part in parts.items():
        lines += [f"## {part.heading} {{#{part_id.replace('_', '-')}}}", "", app.parts.get(part_id, "").strip(), ""]
    for i, plan in enumerate(app.service_plans, 1):
        lines += [f"## 附 {edition.annex.service_plan.title} {i}：{plan.title} {{#service-plan-{i}}}", "",
                  plan.text.strip(), ""]
    units = len(app.units())
    lines += [f"## 责任声明 {{#declarations}}", "",
              f"本示例共 {units} 个申报单位，`kit build` 为每个单位各生成一份《{edition.declaration.title}》（见上方的全部文件下载）。", ""]
    return "\n".join(lines)


def _nature(edition: Edition, value: str, note: str) -> str:
    option = nature_option(edition, value)
    if option is None:
        return value
    label = option.label.removesuffix("（请注明）")
    return f"{label}（{note}）" if option.needs_note and note else label
