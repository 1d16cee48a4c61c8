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
    f["ours_warm_page"] = med(sum(e["pdf_seconds"] for e in ex.values()) / sum(e["pdf"]["pages"] for e in ex.values())
                              for ex in examples)
    pdf = r["pdf"]
    ours, lo = pdf["pages"]["ours"], pdf["pages"]["lo"]
    f["ours_1_page"] = med(pdf["ours_1"]) / ours
    f["ours_n_page"] = med(pdf["ours_n"]) / ours
    f["lo_page"] = med(p + l for p, l in zip(pdf["pandoc"], pdf["lo_1"])) / lo  # the baseline, as a user runs it
    f["lo_n_page"] = med(p + l for p, l in zip(pdf["pandoc"], pdf["lo_n"])) / lo
    f["lo_engine_page"] = med(l - s for l, s in zip(pdf["lo_1"], pdf["lo_start"])) / lo
    return f


def ms(value: float) -> str:
    return f"{value * 1000:.0f} 毫秒"


def pdf_rows(pdf: dict) -> list[str]:
    n, ours, lo = pdf["workers"], pdf["pages"]["ours"], pdf["pages"]["lo"]
    both = {"lo_1": [p + l for p, l in zip(pdf["pandoc"], pdf["lo_1"])],
            "lo_n": [p + l for p, l in zip(pdf["pandoc"], pdf["lo_n"])]}
    rows = [
        ("本工具包，一个进程（新进程，含 Python 启动和加载字体）", 1, pdf["ours_1"], ours),
        (f"**本工具包，构建时的方式（{n} 个进程）**", n, pdf["ours_n"], ours),
        ("pandoc 默认 .docx", 1, pdf["pandoc"], None),
        ("LibreOffice 转 PDF（一次调用，三个文件）", 1, pdf["lo_1"], lo),
        ("**pandoc + LibreOffice（基线，用户通常的做法）**", 1, both["lo_1"], lo),
        (f"pandoc + LibreOffice，{n} 个 LibreOffice 实例同时转换", n, both["lo_n"], lo),
        ("LibreOffice 启动（只转换一行字）", 1, pdf["lo_start"], None),
    ]
    return [f"| {name} | {procs} | {seconds(med(values))} | {runs(values)} | {pages or '—'} | "
            f"{ms(med(values) / pages) if pages else '—'} |" for name, procs, values, pages in rows]


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
    m, site, pdf = r["machine"], r["site"], r["pdf"]
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
        "- **示例 PDF**：三个示例的《工作方案》PDF。本工具包：新进程中用 `kit build` 的同一函数生成"
        f"（计入 Python 启动和加载字体），分别用 1 个进程和构建时的 {pdf['workers']} 个进程（每核一个，长的先做）。"
        "基线：三个示例页面的 Markdown 用 pandoc 默认样式转为 .docx，再用 LibreOffice 无头模式"
        "（独立的配置目录，已预热）一次调用转换为 PDF，即用户不用本工具包时的做法；另测同时运行 "
        f"{pdf['workers']} 个 LibreOffice 实例和 LibreOffice 的启动时间。两边在每一轮中交替测量，"
        "机器忙闲对两边的影响相同。页数不同，按页比较。", "",
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
        f"| PDF 每页快于 pandoc + LibreOffice | {ms(f['ours_n_page'])}/页（构建时的方式）对 {ms(f['lo_page'])}/页 | "
        f"{check(f['ours_n_page'] < f['lo_page'])} |", "",
        "## 各格式的渲染时间和大小", "",
        f"逐个渲染时测得（中位数；不含首次加载字体和模块的 {warm:.2f} 秒预热）。", "",
        "| 文件 | 格式 | 时间 | 大小 | 页数 | 每页 |", "|---|---|---:|---:|---:|---:|",
        *document_rows(r["renders"]), "",
        "## PDF：本工具包对 pandoc + LibreOffice", "",
        "| 方式 | 进程 | 中位数 | 各次（秒） | 页数 | 每页 |", "|---|---:|---:|---|---:|---:|",
        *pdf_rows(pdf), "",
        f"- 按用户实际的用法比较，本工具包每页 {ms(f['ours_n_page'])}（{pdf['workers']} 个进程），"
        f"pandoc + LibreOffice 每页 {ms(f['lo_page'])}，为后者的 {f['ours_n_page'] / f['lo_page']:.0%}；"
        f"让 LibreOffice 也同时开 {pdf['workers']} 个实例，它每页 {ms(f['lo_n_page'])}。",
        f"- 只用一个进程时，本工具包每页 {ms(f['ours_1_page'])}，与基线的 {ms(f['lo_page'])} 相比为 "
        f"{f['ours_1_page'] / f['lo_page']:.0%}。",
        f"- 不计启动：LibreOffice 的排版每页约 {ms(f['lo_engine_page'])}（一次调用减去只转换一行字的时间），"
        f"WeasyPrint 每页约 {ms(f['ours_warm_page'])}（逐个渲染时测得，含生成 HTML 和 pikepdf 收尾）。"
        "单核排版 LibreOffice 更快；本工具包胜在不必启动办公套件，且构建时多个文档并行生成。"
        "文档越多、越长，启动开销摊得越薄，这一优势越小。",
        "- 本工具包的 PDF 按附件要求排版（仿宋三号正文、黑体标题、表格、封面、页码、虚构示例提示），"
        "带标签和字体子集；pandoc 的默认 .docx 没有这些，页数也更少。",
        "- 为了让 WeasyPrint 少做无用功，申报人表格的列宽由文字估算后直接给出（`kit/columns.py`，固定表格布局），"
        "页边框里的页码和提示给定宽度：否则每个单元格、每页的页边框都要逐字排版一遍以求最窄宽度。", "",
        "## 复现", "",
        "```sh", "make bench          # 约两三分钟；结果写入 docs/benchmark.md", "```", "",
        "同一提交、同一 `SOURCE_DATE_EPOCH` 的两次构建逐字节相同（`tests/test_build_pipeline.py` 验证）。"
        "检查器另有基准：`.venv/bin/python scripts/bench_check.py`。", "",
    ]
    if "pages" in r:  # scripts/bench_pages.py
        from bench_pages import report_lines

        at = lines.index("## 复现")
        lines[at:at] = report_lines(r["pages"], r.get("pages_before"))
    output.write_text("\n".join(lines), encoding="utf-8")
    return (f"冷构建 {f['cold']:.2f} 秒；无变化 {f['noop']:.2f} 秒（{f['noop'] / f['cold']:.1%}）；"
            f"改一个示例 {f['one_file']:.2f} 秒；MkDocs {f['mkdocs']:.2f} 秒；逐个渲染 {f['renders']:.2f} 秒；"
            f"冷构建/裸引擎 {f['cold'] / f['bare']:.2f}；PDF 每页 {ms(f['ours_n_page'])}（{r['pdf']['workers']} 个进程；"
            f"1 个进程 {ms(f['ours_1_page'])}）对 pandoc+LibreOffice {ms(f['lo_page'])}")
