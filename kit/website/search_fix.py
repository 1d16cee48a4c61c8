"""Adapt Material's built search code to Chinese queries; stop the build if that code is not the one adapted to.

- Material segments a Han query greedily against the inverted index, but its loop `for (j = i + 1; j < len; j++)`
  never tries the whole query: "等级保护" is cut into "等" + … although the index holds the token 等级保护. The fix
  makes the bound inclusive.
- kit/website/search_query.js goes in front of the worker: it prepares queries (synonyms, digits apart from
  Chinese) and ranks results, through the worker's messages.
- docs/assets/javascripts/search-start.js (in <head>) holds back the index request until search starts and reads
  the box on every input event; it relies on how Material's bundle requests the index and reads the box.

Each of these depends on Material's minified code. GUARDS lists what must be found there; if an upgrade of
mkdocs-material changes any of it, the build fails and names what is missing, so that this module and the search
tests (tests/test_search_*.py) are looked at again before the site is published.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildError

MATERIAL_VERSION = "9.8.2"  # the version this module was checked against
BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"
PRELUDE = Path(__file__).with_name("search_query.js")
MARK = "/* kit search_query.js */\n"

# (file, text that must be found, what relies on it)
GUARDS = [
    ("worker", 'addEventListener("message"', "search_query.js 通过 worker 的消息准备查询"),
    ("worker", "postMessage(", "search_query.js 在结果发出前排序"),
    ("worker", "new RegExp(e.separator)", "索引的分隔符（search_index.py 写入）"),
    ("bundle", "new Worker(", "search-start.js 推迟创建搜索 worker"),
    ("bundle", "XMLHttpRequest", "search-start.js 推迟索引请求（HTTP）"),
    ("bundle", '"search/search_index.json"', "search-start.js 推迟索引请求（HTTP）"),
    ("bundle", '"search/search_index.js"', "search-start.js 推迟索引请求（file://）"),
    ("bundle", 'h(e,"keyup")', "search-start.js 在 input 事件时让搜索框读取输入"),
]


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise BuildError(
            f"Material 的搜索代码与本工具包适配的版本（mkdocs-material {MATERIAL_VERSION}）不同："
            f"{folder} 中应有一个 {pattern}，找到 {len(found)} 个",
            hint="复核 kit/website/search_fix.py、search_query.js、docs/assets/javascripts/search-start.js 与搜索测试，"
                 f"或安装 mkdocs-material=={MATERIAL_VERSION}")
    return found[0]


def check(worker: str, bundle: str) -> None:
    """Raise BuildError naming every piece of Material's code this module relies on that is missing."""
    code = {"worker": worker, "bundle": bundle}
    missing = [f"{where}：{text}（{why}）" for where, text, why in GUARDS if text not in code[where]]
    if BUGGY not in worker and FIXED not in worker:
        missing.append(f"worker：{BUGGY}（中文查询分词的修正）")
    if missing:
        raise BuildError(
            f"Material 的搜索代码与本工具包适配的版本（mkdocs-material {MATERIAL_VERSION}）不同，找不到：\n  "
            + "\n  ".join(missing),
            hint="复核 kit/website/search_fix.py、search_query.js、docs/assets/javascripts/search-start.js 与搜索测试，"
                 f"或安装 mkdocs-material=={MATERIAL_VERSION}")


def apply(site_dir: Path) -> None:
    """Patch the built worker in place: inclusive segmentation bound, query/ranking code in front."""
    scripts = site_dir / "assets" / "javascripts"
    worker = _one(scripts / "workers", "search.*.min.js")
    bundle = _one(scripts, "bundle.*.min.js")
    code = worker.read_text(encoding="utf-8")
    check(code, bundle.read_text(encoding="utf-8"))
    if not code.startswith(MARK):
        code = MARK + PRELUDE.read_text(encoding="utf-8") + "\n" + code.replace(BUGGY, FIXED, 1)
        worker.write_text(code, encoding="utf-8")
