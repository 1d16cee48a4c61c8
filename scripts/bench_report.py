"""The benchmark's report: docs/benchmark.md (in Chinese) from the measurements of scripts/bench.py."""

from __future__ import annotations

import statistics
from pathlib import Path

FORMATS = {".docx": "Word", ".pdf": "PDF", ".pptx": "PowerPoint", ".ics": "iCalendar", ".svg": "SVG", ".zip": "ZIP"}


def med(values) -> float:
    return statistics.median(list(values))


def seconds(value: float) -> str:
    return f"{value:.2f} 秒" if value < 10 else f"{value:.1f} 秒"


def size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def runs(values) -> str:
    return "、".join(f"{v:.2f}" for v in values)


def check(ok: bool) -> str:
    return "✓ 达到" if ok else "✗ 未达到"


def figures(r: dict) -> dict:
    site, renders = r["site"], r["renders"]
    f = {"cold": med(site["cold"]), "noop": med(site["noop"]), "one_file": med(site["one_file"]),
         "mkdocs": med(r["mkdocs"]), "renders": med(x["total"] for x in renders)}
    f["bare"] = f["mkdocs"] + f["renders"]
    examples = [x["examples"] for x in renders]
    f["ours_pdf_page"] = med(sum(e["pdf_seconds"] for e in ex.values()) / sum(e["pdf"]["pages"] for e in ex.values())
                             for ex in examples)
    lo = r["pandoc_lo"]
    f["lo_page"] = med(p + l for p, l in zip(lo["pandoc"], lo["libreoffice"])) / lo["pages"]
    f["lo_only_page"] = med(lo["libreoffice"]) / lo["pages"]
    return f


def document_rows(renders: list[dict]) -> list[str]:
    rows = []
    for name in renders[0]["documents"]:
        times = [x["documents"][name]["seconds"] for x in renders]
        info = renders[0]["documents"][name]
        pages = info["pages"]
        per_page = f"{med(times) / pages * 1000:.0f} 毫秒" if pages else "—"
        rows.append(f"| `{name}` | {FORMATS.get(Path(name).suffix, '')} | {med(times) * 1000:.0f} 毫秒 | "
                    f"{size(info['bytes'])} | {pages or '—'} | {per_page} |")
    for slug in renders[0]["examples"]:
        first = renders[0]["examples"][slug]
        for kind, fmt in (("docx", "Word"), ("pdf", "PDF")):
            times = [x["examples"][slug][f"{kind}_seconds"] for x in renders]
            pages = first[kind]["pages"]
            per_page = f"{med(times) / pages * 1000:.0f} 毫秒" if pages else "—"
            rows.append(f"| 示例 {slug}：工作方案.{kind} | {fmt} | {med(times) * 1000:.0f} 毫秒 | "
                        f"{size(first[kind]['bytes'])} | {pages or '—'} | {per_page} |")
    return rows


def write_report(r: dict, output: Path) -> str:
    f = figures(r)
    m, site, lo = r["machine"], r["site"], r["pandoc_lo"]
    warm = med(x["warm_up"] for x in r["renders"])
    lines = [
        "# 构建性能", "",
        "本页由 `make bench`（`scripts/bench.py`）生成，记录一次实测结果；数字随机器和负载变化，重新运行即可更新。", "",
        "## 机器", "",
        f"- 处理器：{m['cpu']}，{m['cores']} 核；内存 {m['memory_gb']} GB；{m['os']}",
        f"- Python {m['python']}；" + "，".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- 基线工具：pandoc {m['pandoc']}；{m['libreoffice']}",
        f"- 测量日期：{m['date']}；慢项目各测 {r['runs']} 次、快项目 {r['fast_runs']} 次，取中位数", "",
        "## 方法", "",
        "- 在项目的临时副本中运行 `kit site`（与用户相同的命令、独立进程，计入 Python 启动时间；"
        "`SOURCE_DATE_EPOCH` 固定），不改动真实源文件：",
        "    - **冷构建**：先删除 `.cache/` 和 `site/`；",
        "    - **无变化重建**：什么都不改，再运行一次；",
        "    - **改一个示例**：在一个示例的一个部分（`" + "examples/shequ-zhongxin/parts/it_construction.md"
        + "`）末尾追加一句话后重建。",
        "- **逐个渲染**：在一个新进程中、不用缓存也不并行，用同样的渲染器依次生成全部下载文件和三个示例（计入导入时间），"
        "即“裸渲染引擎”完成同样的文档所需的时间。",
        "- **单独的 MkDocs**：把 kit 插件交给 MkDocs 的页面原样写成 Markdown（宏已展开，含示例页面和下载文件），"
        "去掉 kit 插件，用同样的主题、搜索和离线插件运行 `mkdocs build`，即 MkDocs 本身的开销。",
        "- **裸引擎合计** = 单独的 MkDocs + 逐个渲染。",
        "- **pandoc + LibreOffice**：三个示例页面的 Markdown 用 pandoc 默认样式转为 .docx，"
        "再用 LibreOffice 无头模式（独立的临时配置目录，已预热）一次转换为 PDF；按页折算，与本工具包用 WeasyPrint "
        "生成三个示例的《工作方案》PDF 的每页耗时比较。", "",
        "## 网站构建", "",
        "| 场景 | 中位数 | 各次（秒） | 与冷构建之比 |", "|---|---:|---|---:|",
        f"| 冷构建（`kit site`，{m['cores']} 个进程并行渲染） | {seconds(f['cold'])} | {runs(site['cold'])} | 1 |",
        f"| 无变化重建 | {seconds(f['noop'])} | {runs(site['noop'])} | {f['noop'] / f['cold']:.1%} |",
        f"| 改一个示例后重建 | {seconds(f['one_file'])} | {runs(site['one_file'])} | {f['one_file'] / f['cold']:.0%} |",
        f"| 单独的 MkDocs（同样的页面，无 kit 插件） | {seconds(f['mkdocs'])} | {runs(r['mkdocs'])} | "
        f"{f['mkdocs'] / f['cold']:.0%} |",
        f"| 逐个渲染全部文档（单进程、无缓存） | {seconds(f['renders'])} | {runs(x['total'] for x in r['renders'])} | "
        f"{f['renders'] / f['cold']:.0%} |",
        f"| 裸引擎合计 | {seconds(f['bare'])} | | {f['bare'] / f['cold']:.0%} |", "",
        f"最后一次输出：冷构建“{site['lines']['cold']}”；无变化“{site['lines']['noop']}”；"
        f"改一个示例“{site['lines']['one_file']}”。", "",
        "## 目标", "",
        "| 目标 | 实测 | 结论 |", "|---|---|---|",
        f"| 无变化重建 ≤ 冷构建的 10 % | {f['noop'] / f['cold']:.1%} | {check(f['noop'] <= 0.1 * f['cold'])} |",
        f"| 冷构建 ≤ 裸引擎合计的 1.5 倍 | {f['cold'] / f['bare']:.2f} 倍 | {check(f['cold'] <= 1.5 * f['bare'])} |",
        f"| PDF 每页快于 pandoc + LibreOffice | {f['ours_pdf_page'] * 1000:.0f} 毫秒/页 对 {f['lo_page'] * 1000:.0f} 毫秒/页 | "
        f"{check(f['ours_pdf_page'] < f['lo_page'])} |", "",
        "## 各格式的渲染时间和大小", "",
        f"逐个渲染时测得（中位数；不含首次加载字体和模块的 {warm:.2f} 秒预热）。", "",
        "| 文件 | 格式 | 时间 | 大小 | 页数 | 每页 |", "|---|---|---:|---:|---:|---:|",
        *document_rows(r["renders"]), "",
        "## PDF：WeasyPrint 对 pandoc + LibreOffice", "",
        "| 方式 | 三个示例合计 | 页数 | 每页 |", "|---|---:|---:|---:|",
        f"| 本工具包：HTML 模板 → WeasyPrint → pikepdf（带标签、字体子集） | "
        f"{seconds(f['ours_pdf_page'] * _our_pages(r))} | {_our_pages(r)} | {f['ours_pdf_page'] * 1000:.0f} 毫秒 |",
        f"| pandoc 默认 .docx | {seconds(med(lo['pandoc']))} | | |",
        f"| LibreOffice 转 PDF | {seconds(med(lo['libreoffice']))} | {lo['pages']} | "
        f"{f['lo_only_page'] * 1000:.0f} 毫秒 |",
        f"| pandoc + LibreOffice 合计 | {seconds(med(lo['pandoc']) + med(lo['libreoffice']))} | {lo['pages']} | "
        f"{f['lo_page'] * 1000:.0f} 毫秒 |", "",
        "pandoc 的默认 .docx 不含附件要求的字体、字号、表格和封面，页数与本工具包的《工作方案》不同，因此按页比较；"
        f"按同样的内容算，pandoc + LibreOffice 合计 {seconds(med(lo['pandoc']) + med(lo['libreoffice']))}，"
        f"本工具包 {seconds(f['ours_pdf_page'] * _our_pages(r))}。本工具包 PDF 的时间大部分花在 WeasyPrint 的排版上"
        "（纯 Python）；构建时各文档在多个进程中同时生成（上表是单进程的时间）。", "",
        "## 复现", "",
        "```sh", "make bench          # 约一两分钟；结果写入 docs/benchmark.md", "```", "",
        "同一提交、同一 `SOURCE_DATE_EPOCH` 的两次构建逐字节相同（`tests/test_build_pipeline.py` 验证）。"
        "检查器另有基准：`.venv/bin/python scripts/bench_check.py`。", "",
    ]
    output.write_text("\n".join(lines), encoding="utf-8")
    return (f"冷构建 {f['cold']:.2f} 秒；无变化 {f['noop']:.2f} 秒（{f['noop'] / f['cold']:.1%}）；"
            f"改一个示例 {f['one_file']:.2f} 秒；MkDocs {f['mkdocs']:.2f} 秒；逐个渲染 {f['renders']:.2f} 秒；"
            f"冷构建/裸引擎 {f['cold'] / f['bare']:.2f}；PDF 每页 {f['ours_pdf_page'] * 1000:.0f} 毫秒 对 "
            f"pandoc+LibreOffice {f['lo_page'] * 1000:.0f} 毫秒")


def _our_pages(r: dict) -> int:
    return sum(e["pdf"]["pages"] for e in r["renders"][0]["examples"].values())
