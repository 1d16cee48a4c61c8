"""Page weight and search index of a built site, measured in Chromium.

    python scripts/bench_pages.py SITE_DIR [--queries]

- page_weight(): every byte the first view of a page transfers (response bodies as sent, from Playwright's
  request events, in a fresh browser context), before anyone searches; and the same after the search box is
  focused (the search index is fetched then);
- index_bytes(): the search index files as written;
- search_hits(): top-1 and top-3 hit rates of the query set in tests/search_queries.yaml.
scripts/bench.py calls measure() for the report.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = ["index.html", "notice.html", "guide/checklist.html", "examples/zonghe-yiyuan.html"]


def pages(site: Path, heaviest: str | None) -> list[str]:
    """PAGES, the largest page of a worked example's part (examples/<slug>/<part>.html) and *heaviest*, the page
    whose first view is heaviest (all_pages), that *site* has."""
    parts = sorted(site.glob("examples/*/*.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
    found = [*PAGES, *(p.relative_to(site).as_posix() for p in parts[:1])]
    return found + ([heaviest] if heaviest and heaviest not in found else [])


def all_pages(site: Path) -> dict:
    """Every page's first view counted from the files it loads (tests/siteaudit.py; tests/test_page_weight.py checks
    the count against Chromium's): how many pages, the heaviest, and how many are over the limit."""
    audit = tests_module("siteaudit")
    weights = audit.first_view_weights(site)
    heaviest = max(weights, key=weights.get) if weights else None
    return {"count": len(weights), "heaviest": heaviest, "heaviest_bytes": weights.get(heaviest, 0),
            "over": sum(1 for size in weights.values() if size > audit.FIRST_VIEW_LIMIT)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Served:
    """*directory* on a local HTTP server (a context manager)."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def page_weight(browser, url: str, site: Path, width: int = 1366) -> dict:
    """Bytes and requests of a first view of *url* (empty cache), then what focusing the search box adds;
    gzip: the same files compressed, as a server that compresses would send them."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    done: list = []
    page.on("requestfinished", lambda r: done.append(r))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)

    def size(request) -> int:  # a worker's script reports no body size: its Content-Length then
        response = request.response()
        length = int(response.headers.get("content-length", 0)) if response else 0
        return max(request.sizes()["responseBodySize"], length)

    def total(requests) -> int:
        return sum(size(r) for r in requests)

    first = list(done)
    gzipped = 0
    assets: dict[str, dict] = {}  # each request of the first view: its bytes raw and gzip
    for request in first:
        name = request.url.split("?")[0].split("#")[0].removeprefix(served_root(url) + "/")
        path = site / name
        packed = len(gzip.compress(path.read_bytes(), 9, mtime=0)) if path.is_file() else size(request)
        gzipped += packed
        assets[name] = {"bytes": size(request), "gzip": packed}
    searchbox().open_box(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    result = {
        "bytes": total(first),
        "gzip": gzipped,
        "requests": len(first),
        "index_in_first_view": any("search_index" in r.url for r in first),
        "after_search_focus": total(done),
        "assets": assets,
    }
    context.close()
    return result


def served_root(url: str) -> str:
    """http://host:port of *url*."""
    return "/".join(url.split("/")[:3])


def index_bytes(site: Path) -> dict:
    """Sizes of the search index as written (JSON for HTTP, script for file://) and its entry count."""
    folder = site / "search"
    data = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    sizes = {p.name: p.stat().st_size for p in sorted(folder.glob("search_index.*"))}
    return {**sizes, "docs": len(data["docs"])}


def tests_module(name: str):
    """A helper module of the tests (tests/<name>.py)."""
    import importlib

    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    return importlib.import_module(name)


def searchbox():
    """The tests' search-box driver (tests/searchbox.py)."""
    return tests_module("searchbox")


def search_hits(browser, url: str, width: int = 1366) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    try:
        driver = searchbox()
        return driver.hit_rates(context.new_page(), url, driver.queries())
    finally:
        context.close()


def measure(site: Path, queries: bool = False) -> dict:
    """Page weight of pages(), index bytes and (optionally) search hit rates of a built site."""
    from playwright.sync_api import sync_playwright

    with Served(site) as served, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            every = all_pages(site)
            result = {
                "pages": {p: page_weight(browser, f"{served.url}/{p}", site)
                          for p in pages(site, every["heaviest"]) if (site / p).exists()},
                "index": index_bytes(site),
                "all_pages": every,
            }
            if queries:
                result["search"] = search_hits(browser, served.url)
        finally:
            browser.close()
    return result


def _kb(n: int) -> str:
    return f"{n / 1000:,.0f} KB"


def _label(asset: str, page: str) -> str:
    """A request of a page's first view, named the same on every page and in every revision."""
    return "（页面本身）" if asset == page else re.sub(r"\.[0-9a-f]{8}\.min\.", ".*.min.", asset)


def _files(m: dict, page: str) -> dict[str, dict]:
    return {_label(asset, page): size for asset, size in m.get("assets", {}).items()}


def report_lines(after: dict, before: dict | None = None) -> list[str]:
    """The benchmark report's section on page weight and the search index (Markdown lines); *before*, if given,
    is the same measurement of the revision compared against."""
    limit = tests_module("siteaudit").FIRST_VIEW_LIMIT
    lines = ["## 页面首次加载与搜索索引", "",
             "在无头 Chromium 中以空缓存打开页面，统计首次加载（搜索开始之前）传输的全部字节（未压缩；括号内为 gzip 压缩后"
             "的大小，即启用压缩的服务器所传输的），再点击搜索框，统计开始搜索后增加的字节（搜索 worker 和索引）。", "",
             "| 页面 | " + ("之前 | " if before else "") + "首次加载 | 其中页面本身 | 请求数 | 含搜索索引 | 开始搜索后合计 | "
             f"≤ {limit // 1000} KB |",
             "|---|" + ("---:|" if before else "") + "---:|---:|---:|---|---:|---|"]
    for name, m in after["pages"].items():
        was = before["pages"].get(name) if before else None
        own = _files(m, name).get("（页面本身）")
        lines.append(f"| `{name}` | " + ((f"{_kb(was['bytes'])} | " if was else "— | ") if before else "")
                     + f"{_kb(m['bytes'])}（gzip {_kb(m['gzip'])}） | {_kb(own['bytes']) if own else '—'} | "
                     f"{m['requests']} | {'是' if m['index_in_first_view'] else '否'} | {_kb(m['after_search_focus'])} | "
                     f"{'达到' if m['bytes'] <= limit else '未达到'} |")
    every = after.get("all_pages")
    if every:
        was = (before or {}).get("all_pages")
        lines += ["", f"全站 {every['count']} 个页面（不含 404）按各页加载的文件计算：最重的是 `{every['heaviest']}`，"
                  f"{every['heaviest_bytes']:,} 字节；超过 {limit // 1000} KB 的页面 {every['over']} 个"
                  + (f"（之前：{was['count']} 个页面，最重的 `{was['heaviest']}` {was['heaviest_bytes']:,} 字节，"
                     f"超过 {limit // 1000} KB 的 {was['over']} 个）" if was else "") + "。"]
    if after["pages"]:
        first = next(iter(after["pages"]))
        files = _files(after["pages"][first], first)
        old = _files(before["pages"].get(first, {}), first) if before else {}
        lines += ["", f"`{first}` 首次加载的各个请求（其他页面只有页面本身不同；文件名中的 * 是随内容变化的哈希）：", "",
                  "| 请求 | " + ("之前（gzip） | " if before else "") + "现在（gzip） |",
                  "|---|" + ("---:|" if before else "") + "---:|"]
        for label in sorted(files.keys() | old.keys(), key=lambda k: -max(files.get(k, {}).get("bytes", 0),
                                                                          old.get(k, {}).get("bytes", 0))):
            cells = [files.get(label)] + ([old.get(label)] if before else [])
            lines.append(f"| `{label}` | " + " | ".join(f"{c['bytes']:,} 字节（{c['gzip']:,}）" if c else "—"
                                                         for c in reversed(cells)) + " |")
    index = after["index"]
    lines += ["", f"搜索索引 `search/search_index.json`：{index['search_index.json']:,} 字节，{index['docs']} 条"
              + (f"（之前 {before['index']['search_index.json']:,} 字节，为之前的 "
                 f"{index['search_index.json'] / before['index']['search_index.json']:.0%}）" if before else "")
              + "；离线包用的 `search_index.js` "
              f"{index.get('search_index.js', 0):,} 字节。", ""]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", action="store_true", help="also the query set's hit rates")
    args = parser.parse_args()
    print(json.dumps(measure(args.site, args.queries), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
