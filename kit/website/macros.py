"""Page macros only the site has: the downloads table (the print PDFs have no downloads).
Everything else pages use comes from kit.pagecontext."""

from __future__ import annotations

from html import escape

from ..downloads import DOWNLOADS_DIR

SIZE_MARK = "KIT-SIZE-OF[{}]"  # a download's size until it is rendered (the pages are built meanwhile)

GROUP_ANCHORS = {"申报模板": "templates", "打印资料": "print", "培训材料": "training", "示例（虚构）": "examples",
                 "工具": "tools"}


def downloads_html(built: list) -> str:
    """A table per group: title, format, size and a link, for every built artifact. The size is SIZE_MARK: the
    plugin writes the sizes in once the downloads are rendered (kit.website.plugin.on_env)."""
    groups: dict[str, list[str]] = {}
    for artifact, _ in built:
        groups.setdefault(artifact.group, []).append(
            f'<tr><td><a href="{DOWNLOADS_DIR}/{artifact.name}" download>{escape(artifact.title)}</a>'
            f"<br><small>{escape(artifact.description)}</small></td>"
            f"<td>{escape(artifact.format)}</td><td>{SIZE_MARK.format(artifact.name)}</td></tr>"
        )
    out = []
    for number, (group, rows) in enumerate(groups.items(), 1):
        out.append(f"\n## {group} {{#{GROUP_ANCHORS.get(group, f'group-{number}')}}}\n")
        out.append('<table class="downloads"><thead><tr><th>文件</th><th>格式</th><th>大小</th></tr></thead><tbody>')
        out += rows
        out.append("</tbody></table>")
    return "\n".join(out)
