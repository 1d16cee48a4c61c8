"""Material's search box in a real browser: type a query as a visitor would and read the result list.

Used by the search tests and by scripts/bench_pages.py (hit rates of the query set in search_queries.yaml).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("search_queries.yaml")

# Material's own strings for "no result", "1 result" and "N results", read from the page's configuration.
_FINISHED = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const t = JSON.parse(document.getElementById('__config').textContent).translations;
  const text = meta ? meta.textContent : '';
  const other = t['search.result.other'].replace('#', '');
  return text === t['search.result.none'] || text === t['search.result.one'] || text.endsWith(other);
}"""


def queries() -> list[dict]:
    """The query set: [{query, pages}], pages: those that answer it (one of them should be among the first three)."""
    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [{"query": c["query"], "pages": c["page"] if isinstance(c["page"], list) else [c["page"]]} for c in cases]


def rank(case: dict, pages: list[str]) -> int | None:
    """The 1-based position of the first page that answers *case* in *pages*, or None."""
    return next((i + 1 for i, p in enumerate(pages) if p in case["pages"]), None)


def open_box(page):
    """The search input, focused; on a narrow screen through the header's search icon."""
    box = page.locator("input.md-search__input")
    magnifier = page.locator("label.md-header__button[for=__search]")
    if magnifier.is_visible():  # narrow screens: the header's magnifier opens the dialog and focuses the input
        magnifier.click()
        page.wait_for_function("() => document.activeElement?.classList.contains('md-search__input')")
    else:
        box.click()
    return box


def result_pages(page, base: str) -> list[str]:
    """The pages of the result list in order (Material shows one item per page), relative to *base*."""
    hrefs = page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(e => e.href)")
    return [h.split("#")[0].split("?")[0].removeprefix(base.rstrip("/") + "/") for h in hrefs]


def wait_for_results(page, timeout: float = 15000) -> None:
    page.wait_for_function(_FINISHED, timeout=timeout)


def search(page, base: str, query: str, start: str = "index.html") -> list[str]:
    """Open *start*, type *query* into the search box (a key-up follows, as on a keyboard) and return the pages."""
    return timed_search(page, base, query, start)[0]


def timed_search(page, base: str, query: str, start: str = "index.html") -> tuple[list[str], float]:
    """search(), and the milliseconds from typing to the result list (on a page just opened: the first search)."""
    page.goto(f"{base.rstrip('/')}/{start}")
    box = open_box(page)
    started = time.perf_counter()
    box.fill(query)
    box.press("End")
    wait_for_results(page)
    return result_pages(page, base), (time.perf_counter() - started) * 1000


def hit_rates(page, base: str, cases: list[dict]) -> dict:
    """Top-1 and top-3 hit rates of *cases*, each query's first three pages, and the median time from typing to
    results of a first search on a page just opened."""
    rows = []
    for case in cases:
        pages, ms = timed_search(page, base, case["query"])
        rows.append({**case, "top": pages[:3], "rank": rank(case, pages), "ms": round(ms)})
    n = len(rows)
    return {
        "queries": n,
        "median_ms": statistics.median(r["ms"] for r in rows),
        "top1": sum(r["rank"] == 1 for r in rows) / n,
        "top3": sum(r["rank"] is not None and r["rank"] <= 3 for r in rows) / n,
        "rows": rows,
    }
