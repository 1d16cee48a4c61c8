"""Facts inside the edition's texts: each number, date or name of the notice is written once in the edition file.

An official text that contains a fact names it instead of repeating it: ``以下内容不少于 {limits.narrative_min_chars} 字``,
``于{dates.application_deadline}之前上报``, ``在{notice.region}内注册``. On loading, every such placeholder is replaced
by the value it names (a date of ``dates`` as Chinese documents write it, 2024年5月31日), so that every reader of the
edition — pages, Word, PDF, slides, checker — sees the same words, and changing a limit changes them all.
A placeholder that names nothing stops the load with the file, line and key.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import InputError
from .yamlsource import SourceMap

PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+)\}")


def cn_date(day: dt.date) -> str:
    """A date as Chinese documents write it: 2024年5月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _value(data: dict, dotted: str) -> str | None:
    head, *rest = dotted.split(".")
    if head == "dates" and len(rest) == 1:
        for entry in data.get("dates") or []:
            if isinstance(entry, dict) and entry.get("id") == rest[0] and isinstance(entry.get("date"), dt.date):
                return cn_date(entry["date"])
        return None
    node: Any = data.get(head)
    for key in rest:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return str(node) if isinstance(node, (str, int, float)) and not isinstance(node, bool) else None


def fill(data: Any, source: SourceMap) -> tuple[Any, list[InputError]]:
    """*data* with every placeholder in its strings replaced by the value it names, and an error for each
    placeholder that names nothing (left as written, so that a missing key is reported where it is missing)."""
    problems: list[InputError] = []

    def walk(node: Any, path: tuple) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, path + (k,)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, path + (i,)) for i, v in enumerate(node)]
        if not isinstance(node, str) or "{" not in node:
            return node

        def replace(match: re.Match) -> str:
            value = _value(data, match[1])
            if value is None:
                problems.append(InputError(
                    f"文字中的“{match[0]}”没有对应的数据", source.locate(path),
                    "占位符写成 {limits.键名}、{notice.键名} 或 {dates.日期编号}，且所指的项须存在"))
                return match[0]
            return value

        return PLACEHOLDER.sub(replace, node)

    return walk(data, ()), problems
