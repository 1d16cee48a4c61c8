"""Benchmark of the in-browser self-check against `kit check`, and of what it adds to the site.

In one run, on this machine:
- a filled 工作方案 of about 40 pages (kit build's .docx of a generated application; pages counted in
  LibreOffice's PDF export of it);
- interleaved rounds of (a) a cold page: a new browser context with an empty cache opens 生成与自查, the file is
  chosen, and the clock stops when the findings are shown (the checker's code loads in between); (b) a second
  file on the same page; (c) the baseline, `kit check --format json` on the same file in a fresh process. Wall
  time for all; CPU time for (c) from the child's rusage and for (a)/(b) from Chromium's TaskDuration metric;
- bytes each page loads (HTML and every resource Chromium fetches) in this site and in the site of --base (the
  last revision without the self-check, built from a git worktree), and the offline bundle's size in both.
Writes docs/benchmark-selfcheck.md. A benchmark reports; it asserts nothing.

Usage: .venv/bin/python scripts/bench_selfcheck.py [--rounds 5] [--base REV] [--output docs/benchmark-selfcheck.md]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from appfactory import valid_application, write  # noqa: E402
from bench_pages import Served  # noqa: E402
from kit.application import load_application  # noqa: E402
from kit.reproducible import default_epoch  # noqa: E402
from kit.docx.filled import write_filled_annex  # noqa: E402
from kit.filling import filled_application  # noqa: E402
from kit.edition import default_edition  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = ["index.html", "notice.html", "annex.html", "faq.html", "downloads.html", "checker.html"]
SCRIPTS = ["selfcheck-page.js", "selfcheck-data.js", "selfcheck-reader.js", "selfcheck-rules.js"]
EPOCH = str(default_epoch())  # the notice's date, from the edition data
TARGET_PAGES = 40


def prose(paragraphs: int, seed: int) -> str:
    """*paragraphs* paragraphs of varied text (numbers and systems change), so the .docx compresses as real text does."""
    systems = ["HIS", "EMR", "PACS", "LIS", "RIS", "HRP", "互联网医院", "集成平台", "数据中心", "移动护理"]
    out = []
    for n in range(paragraphs):
        k = seed * 1000 + n
        out.append(f"第{n + 1}项：本院虚构示例的{systems[k % 10]}系统于 20{10 + k % 14} 年上线，日均访问 {1000 + k * 37 % 9000} 次，"
                   f"按网络安全等级保护第{'三' if k % 3 else '二'}级要求每年测评，{systems[(k + 3) % 10]}与{systems[(k + 7) % 10]}"
                   f"之间的数据交换经网闸隔离；关键信息基础设施的防护措施逐项落实，备份间隔 {1 + k % 24} 小时。")
    return "\n\n".join(out)


def forty_pages(paragraphs: int) -> dict:
    data = valid_application()
    for i, key in enumerate(data["parts"]):
        data["parts"][key] = "### （一）概况\n\n" + prose(paragraphs, i)
    plan = data["service_plans"][0]["text"]
    data["service_plans"] = [{"title": f"虚构示例服务方案{i}", "text": plan + "\n\n" + prose(paragraphs, 10 + i)}
                             for i in (1, 2)]
    return data


def filled_docx(folder: Path, paragraphs: int) -> Path:
    app = load_application(write(folder, forty_pages(paragraphs), f"app-{paragraphs}.yaml")).app
    edition = default_edition()
    target = folder / f"工作方案-{paragraphs}.docx"
    write_filled_annex(edition, replace(filled_application(app, edition), fictional=True), target)
    return target


def page_count(docx: Path, folder: Path) -> int:
    from pypdf import PdfReader

    profile = folder / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)], check=True, capture_output=True,
                   timeout=300)
    return len(PdfReader(folder / (docx.stem + ".pdf")).pages)


def build_site(project: Path, target: Path) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "1", "PYTHONPATH": str(project)}
    subprocess.run([sys.executable, "-m", "kit.cli", "site", "--site-dir", str(target)], cwd=project, env=env,
                   check=True, capture_output=True, timeout=1200)
    return target


def base_revision() -> str:
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--",
                            "docs/assets/javascripts/selfcheck-page.js"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    return f"{added[-1]}~1" if added else "HEAD"


def page_bytes(site: Path, name: str) -> dict:
    """What a page loads up front, from its HTML: the page itself, and the stylesheets and scripts it links
    (its code; the self-check's share of it apart). The search index, loaded by every page, is counted apart."""
    html = (site / name).read_text(encoding="utf-8")
    links = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', html)
    files = [site / (a or b).split("?")[0] for a, b in links if not (a or b).startswith(("http:", "https:", "data:"))]
    code = sum(f.stat().st_size for f in files if f.exists())
    own = sum(f.stat().st_size for f in files if f.exists() and f.name.startswith("selfcheck"))
    return {"html": len(html.encode()), "code": code, "selfcheck": own}


def checker_share(site: Path) -> int:
    """Bytes of the search index's entries for the 生成与自查 page."""
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sum(len(json.dumps(d, ensure_ascii=False)) for d in index["docs"] if d["location"].startswith("checker.html"))


def task_seconds(cdp) -> float:
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")


def browser_round(browser, url: str, first: Path, second: Path) -> dict:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Performance.enable")
    page.goto(f"{url}/checker.html", wait_until="networkidle")
    out = {}
    for key, path in (("cold", first), ("second", second)):
        cpu = task_seconds(cdp)
        start = time.perf_counter()
        page.set_input_files("#kit-file", str(path))
        page.wait_for_function("(name) => document.getElementById('kit-status').textContent.includes(name) && "
                               "document.getElementById('kit-selfcheck').getAttribute('aria-busy') === 'false'",
                               arg=path.name, timeout=60000)
        out[key] = (time.perf_counter() - start, task_seconds(cdp) - cpu)
        assert page.query_selector("#kit-result-title") is not None, page.inner_text("#kit-result")
    context.close()
    return out


def cli_round(path: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "kit"), "check", "--format", "json", str(path)],
                   capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def med(values) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--base", default=None, help="revision without the self-check (default: found in git log)")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmark-selfcheck.md"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base = args.base or base_revision()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print("生成约 40 页的工作方案……", flush=True)
        paragraphs, docx, pages = 6, None, 0
        while pages < TARGET_PAGES:
            paragraphs = paragraphs * TARGET_PAGES // max(pages, 1) + 1 if pages else paragraphs
            docx = filled_docx(tmp, paragraphs)
            pages = page_count(docx, tmp)
        second = filled_docx(tmp, max(paragraphs // 2, 1))
        print(f"构建本站与基线（{base}）……", flush=True)
        site = build_site(ROOT, tmp / "site")
        worktree = tmp / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            base_site = build_site(worktree, tmp / "base-site")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
        served = Served(site)
        weights = {p: (page_bytes(base_site, p), page_bytes(site, p)) for p in PAGES}
        index = tuple((s / "search" / "search_index.json").stat().st_size for s in (base_site, site))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rounds = []
            for n in range(args.rounds):  # interleaved: browser, then the CLI baseline, every round
                print(f"第 {n + 1}/{args.rounds} 轮", flush=True)
                rounds.append({**browser_round(browser, served.url, docx, second), "cli": cli_round(docx)})
            browser.close()
        scripts = {name: (site / "assets" / "javascripts" / name).read_bytes() for name in SCRIPTS}
        zips = ((base_site / "downloads" / "offline-site.zip").stat().st_size,
                (site / "downloads" / "offline-site.zip").stat().st_size,
                (site / "downloads" / "kit-source.zip").stat().st_size)
        shares = (checker_share(base_site), checker_share(site), *index)
        import zipfile

        with zipfile.ZipFile(docx) as package:
            size = (docx.stat().st_size, package.getinfo("word/document.xml").file_size)
    report = render(base, pages, size, rounds, weights, scripts, zips, shares, args.rounds)
    Path(args.output).write_text(report, encoding="utf-8")
    print(report)
    return 0


def render(base, pages, size, rounds, weights, scripts, zips, shares, count) -> str:
    def column(key: str, i: int) -> float:
        return med([r[key][i] for r in rounds])

    cli_wall, cli_cpu = column("cli", 0), column("cli", 1)
    lines = [
        "---", "description: 浏览器内自查的速度、下载量，以及它给其他页面和离线包带来的变化（实测）", "---", "",
        "# 浏览器自查的性能", "",
        f"由 `scripts/bench_selfcheck.py` 在本机测量（{os.cpu_count()} 核；Chromium 无头模式）。"
        f"被检查的文件：`kit build` 生成的工作方案 .docx，{size[0] / 1024:.0f} KB（正文 XML 解压后 {size[1] / 1024:.0f} KB），"
        f"LibreOffice 排版为 {pages} 页。"
        f"三种测量在每一轮中交替进行，共 {count} 轮，取中位数。", "",
        "| 测量 | 墙钟时间（中位数） | CPU 时间（中位数） | 与 kit check 之比（墙钟） |", "|---|---|---|---|",
        f"| 冷启动：新开页面（无缓存）→ 选择文件 → 显示结果 | {column('cold', 0):.2f} 秒 | {column('cold', 1):.2f} 秒 | "
        f"{column('cold', 0) / cli_wall:.2f} |",
        f"| 同一页面再检查一份文件 | {column('second', 0):.2f} 秒 | {column('second', 1):.2f} 秒 | "
        f"{column('second', 0) / cli_wall:.2f} |",
        f"| 基线：`kit check --format json`（新进程，含 Python 启动） | {cli_wall:.2f} 秒 | {cli_cpu:.2f} 秒 | 1.00 |", "",
        "浏览器的 CPU 时间取自 Chromium 的 TaskDuration（页面主线程上所有任务的耗时），kit check 的取自子进程的 rusage。", "",
        "## 下载量", "",
        "自查程序只在“生成与自查”页加载，且只在选择文件之后才下载（`selfcheck-page.js` 除外，它只负责界面）。", "",
        "| 文件 | 大小 | gzip 后 |", "|---|---|---|",
    ]
    for name, data in scripts.items():
        lines.append(f"| `{name}` | {len(data) / 1024:.1f} KB | {len(gzip.compress(data)) / 1024:.1f} KB |")
    total = b"".join(scripts.values())
    lines += [f"| 合计 | {len(total) / 1024:.1f} KB | {len(gzip.compress(total)) / 1024:.1f} KB |", "",
              f"## 与加入自查之前（`{base}`）相比", "",
              "每个页面打开时加载的字节（未压缩）：页面本身的 HTML，以及它链接的样式表和脚本（代码）。", "",
              "| 页面 | HTML：之前 | HTML：现在 | 代码：之前 | 代码：现在 | 其中自查 |", "|---|---|---|---|---|---|"]
    for name, (before, after) in weights.items():
        lines.append(f"| `{name}` | {before['html'] / 1024:.1f} KB | {after['html'] / 1024:.1f} KB | "
                     f"{before['code'] / 1024:.1f} KB | {after['code'] / 1024:.1f} KB | {after['selfcheck'] / 1024:.1f} KB |")
    lines += ["", "除“生成与自查”页外，各页链接的样式表和脚本与之前相同（同一组文件、大小不变），HTML 的变化来自同一次提交中的文字修改"
              "（如几处解读的补充、下载页新增的“工具”组）。“生成与自查”页打开时只多加载界面脚本 `selfcheck-page.js` 和样式 `selfcheck.css`，"
              "选择文件后才下载其余自查程序。每个页面首次打开时都会下载的搜索索引：之前 "
              f"{shares[2] / 1024:.1f} KB，现在 {shares[3] / 1024:.1f} KB，其中“生成与自查”页的文字之前 {shares[0] / 1024:.1f} KB，"
              f"现在 {shares[1] / 1024:.1f} KB。", "",
              f"离线包 `offline-site.zip`：之前 {zips[0] / 1024 / 1024:.2f} MB，现在 {zips[1] / 1024 / 1024:.2f} MB，"
              f"增加 {(zips[1] - zips[0]) / 1024:.0f} KB，其中命令行工具的源代码包 `kit-source.zip` 占 {zips[2] / 1024:.0f} KB，"
              f"自查程序约 {len(total) / 1024:.0f} KB（压缩前）。", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
