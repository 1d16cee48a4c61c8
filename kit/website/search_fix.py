"""Fix Material's Chinese query segmentation so that a whole indexed word is found.

Material segments a Han query greedily against the inverted index, but its loop `for (j = i + 1; j < len; j++)`
never tries the whole query: "等级保护" is cut into "等" + … although the index holds the token 等级保护
(from jieba and our user dictionary), and the results are wrong. The fix makes the bound inclusive. The patch is
applied to the built worker; if Material changes that code, the build warns (strict mode fails) so that the
search tests are looked at again.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.kit")

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def apply(site_dir: Path) -> None:
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        log.warning("未找到 Material 搜索 worker，无法修正中文分词")
        return
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if BUGGY in code:
            worker.write_text(code.replace(BUGGY, FIXED, 1), encoding="utf-8")
        elif FIXED not in code:
            log.warning(f"{worker.name}：Material 的中文查询分词代码已变化，请复核 kit/website/search_fix.py 与搜索测试")
