"""The benchmark's report: docs/benchmark.md (in Chinese) from the measurements of scripts/bench.py."""

from __future__ import annotations

import statistics
from pathlib import Path

SIDES = {"before": "修改前", "after": "修改后", "alternative": "pandoc + LibreOffice",
         "alternative_all": "pandoc + LibreOffice，同样的全部文件"}


def med(values) -> float:
    return statistics.median(list(values))


def wall(entries) -> float:
    return med(e["wall"] for e in entries)


def cpu(entries) -> float:
    return med(e["cpu"] for e in entries)


def s(value: float) -> str:
    return f"{value:.2f} 秒"


def ms(value: float) -> str:
    return f"{value * 1000:.0f} 毫秒"


def size(n: float) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "—"


def verdict(ok: bool) -> str:
    return "✓ 达到" if ok else "✗ 未达到"


def build_rows(build: dict) -> tuple[list[str], dict]:
    rows, totals = [], {"after": 0.0, "alternative": 0.0, "after_cpu": 0.0, "alternative_cpu": 0.0, "before": 0.0}
    for slug, r in build.items():
        for side in ("before", "after", "alternative", "alternative_all"):
            if side not in r:
                continue
            w, c = wall(r[side]), cpu(r[side])
            docs, pages = r["documents"][side], r["pages"][side]
            totals[side] = totals.get(side, 0.0) + w
            totals[f"{side}_cpu"] = totals.get(f"{side}_cpu", 0.0) + c
            runs = "、".join(f"{e['wall']:.2f}" for e in r[side])
            rows.append(f"| {slug} | {SIDES[side]} | {s(w)} | {s(c)} | {runs} | {docs} | {pages} | "
                        f"{ms(w / docs)} | {ms(w / pages)} |")
    return rows, totals


def write_report(r: dict, output: Path) -> str:
    m, runs = r["machine"], r["runs"]
    has_before = "before" in r["site"]
    build_table, totals = build_rows(r["build"])
    site_after = wall(r["site"]["after"])
    bare_mkdocs, bare_alt = wall(r["bare"]["mkdocs"]), wall(r["bare"]["alternative"])
    bare_cpu = cpu(r["bare"]["mkdocs"]) + cpu(r["bare"]["alternative"])
    many = r["many"]
    bundle = r["bundle"]
    zm = r["zip_memory"]
    dl = r["downloads"]
    twice = {side: sorted(n for n, info in d.items() if info.get("twice")) for side, d in dl.items()}
    examples_pdf = {side: sum(info["bytes"] for n, info in d.items() if n.endswith("-gongzuo-fangan.pdf"))
                    for side, d in dl.items()}
    worst = max(wall(x["after"]) / wall(x["alternative"]) for x in r["build"].values())
    per_page = max((wall(x["after"]) / x["pages"]["after"]) / (wall(x["alternative"]) / x["pages"]["alternative"])
                   for x in r["build"].values())
    units = {slug: x["documents"]["after"] // 2 - 1 for slug, x in r["build"].items()}
    same_files = [x for x in r["build"].values() if "alternative_all" in x]
    worst_all = max((wall(x["after"]) / wall(x["alternative_all"]) for x in same_files), default=None)
    lines = [
        "# 构建性能", "",
        "本页由 `make bench`（`scripts/bench.py`）生成，是一次运行的实测结果；“修改前”是 "
        f"`{r['before_revision']}` 版本的副本，与“修改后”（本版本）和 pandoc + LibreOffice 在同一次运行中、"
        "每一轮交替测量，取中位数。时间均为从启动进程到结束（含 Python 和 LibreOffice 的启动），"
        "CPU 时间是该进程及其等待的全部子进程的用户态加内核态时间。", "",
        "## 机器", "",
        f"- 处理器：{m['cpu']}，{m['cores']} 核；内存 {m['memory_gb']} GB；{m['os']}",
        f"- Python {m['python']}；" + "，".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- 对照工具：pandoc {m['pandoc']}；{m['libreoffice']}",
        "- 两个版本的副本中 `kit/` 的 Python 字节码先编译一次（compileall，与 pip 安装后或 Python 第一次运行后相同）；"
        "测量时不写字节码，一次运行不为下一次留下任何东西",
        f"- 测量日期：{m['date']}；每项 {runs} 轮（`kit build` 与 pandoc + LibreOffice 的对比 {r.get('build_runs', runs)} 轮）；开始时的负载（1、5、15 分钟）："
        + "、".join(f"{x:.1f}" for x in m["load"]) + f"；全部测量用时 {r['seconds'] / 60:.1f} 分钟", "",
        "## 目标", "",
        "| 目标 | 修改前 | 修改后 | 结论 |", "|---|---|---|---|",
    ]
    before = lambda text: text if has_before else "—"  # noqa: E731
    if has_before:
        worst_before = max(wall(x["before"]) / wall(x["alternative"]) for x in r["build"].values())
    lines += [
        f"| `kit build` 一份申报文件不慢于 pandoc → .docx → LibreOffice PDF（按文档；三个示例中最不利的一个，墙钟时间之比） | "
        f"{before(f'{worst_before:.2f} 倍' if has_before else '')} | {worst:.2f} 倍 | {verdict(worst <= 1)} |",
        f"| 同上，按每页（本工具包的页数多于 pandoc 默认样式） | — | {per_page:.2f} 倍 | {verdict(per_page <= 1)} |",
        *([f"| 同上，但替代方式也生成与本工具包相同的全部文件（每个单位的责任声明 .docx 和 PDF；不是目标的比较） | — | "
           f"{worst_all:.2f} 倍 | {'不慢' if worst_all <= 1 else '较慢'} |"] if worst_all is not None else []),
        f"| 全部单位的责任声明一次排版 | 每个单位一次 WeasyPrint 运行（{'、'.join(f'{k} {v} 次' for k, v in units.items())}） | "
        f"每个单位一次 Typst 排版，都在同一进程中，字体只载入一次：每份 {ms(med(r['declaration_layout']))}"
        f"（zonghe-yiyuan 的 {units['zonghe-yiyuan']} 份，中位数） | 目标的用意（每份声明不再付一次排版程序的启动）已达到；"
        "Typst 一次只写一个 PDF，所以不是字面上的“一次” |",
        f"| 没有字体嵌入两次的 PDF（全部下载文件） | {before(str(len(twice.get('before', []))) + ' 个')} | "
        f"{len(twice['after'])} 个 | {verdict(not twice['after'])} |",
        f"| 离线包：没有重复存放的文件 | {before(size(bundle.get('before', {}).get('twice_bytes', 0)) + '（' + str(bundle.get('before', {}).get('twice_files', 0)) + ' 份）')} | "
        f"{size(bundle['after']['twice_bytes'])}（{bundle['after']['twice_files']} 份） | "
        f"{verdict(bundle['after']['twice_files'] == 0)} |",
        f"| 离线包：不含源映射（.map） | {before(size(bundle.get('before', {}).get('maps', 0)))} | "
        f"{size(bundle['after']['maps'])} | {verdict(bundle['after']['maps'] == 0)} |",
        f"| 离线包大小 | {before(size(bundle.get('before', {}).get('bytes', 0)))} | {size(bundle['after']['bytes'])} | 下载页写明 |",
    ]
    for label, key in (("当前示例", "now"), (f"{30} 个示例", "many")):
        a = zm.get(f"after-{key}")
        b = zm.get(f"before-{key}")
        grown = f"{med(b['growth_kb']) / 1024:.1f} MiB" if b else ""
        lines.append(f"| 打包时内存不随内容增长（{label}，峰值 RSS 比打包前增加） | {before(grown)} | "
                     f"{med(a['growth_kb']) / 1024:.1f} MiB | {verdict(med(a['growth_kb']) < 16 * 1024)} |")
    one, sep = wall(many["build_one_call"]), wall(many["build_separate"])
    c_one, c_sep = wall(many["check_one_call"]), wall(many["check_separate"])
    lines += [
        f"| `kit build` 多份申报文件一次调用（{many['applications']} 份：分别调用 ÷ 一次调用） | 不支持 | "
        f"{ratio(sep, one)} 倍 | ✓ |",
        f"| `kit check` 多个文件一次调用（{many['check_files']} 个：分别调用 ÷ 一次调用） | — | {ratio(c_sep, c_one)} 倍 | ✓ |",
        f"| 冷构建 `kit site` ÷（单独的 `mkdocs build` + 同样的文档用 pandoc + LibreOffice 生成） | "
        f"{before(ratio(wall(r['site']['before']), bare_mkdocs + bare_alt) + ' 倍' if has_before else '')} | "
        f"{ratio(site_after, bare_mkdocs + bare_alt)} 倍 | 页面的 Markdown 与下载文件同时生成；目标要求报告这一比值，"
        f"未规定上限{'（不慢于对照）' if site_after <= bare_mkdocs + bare_alt else '；本工具包更慢，原因见下'} |",
        "",
        f"离线包中命令行工具的源代码包 `kit-source.zip` 含网站样式和脚本的源文件（`docs/assets/…`，"
        f"{bundle['after']['source_copies']} 个，{size(bundle['after']['source_copies_bytes'])}），与网站中原样复制出的文件相同；"
        "源代码包须完整才能构建网站，这些不计为重复。", "",
        "## `kit build`：每个示例，对 pandoc + LibreOffice", "",
        "每一轮依次测量修改前、修改后的 `kit build 示例/application.yaml -o …`（新进程）和同一内容"
        "（示例页面的 Markdown：基本信息、简介、各部分和服务方案）用 pandoc 默认样式转 .docx、再由 LibreOffice "
        "无头模式转 PDF（每个文档启动一次 LibreOffice，与用户单独转换一个文档相同；配置目录已预热）。"
        "本工具包生成工作方案的 .docx 和 .pdf 以及每个单位的责任声明 .docx 和 .pdf；页数是全部 PDF 的页数。"
        "本工具包的 PDF 按附件要求排版（仿宋三号、1.5 倍行距、封面、基本信息表、填写说明、骑缝章位置），页数多于 pandoc 的默认样式，"
        "所以同时给出每个文档和每页的时间。目标的比较只用申报内容的一个文档（上一行“pandoc + LibreOffice”）；"
        "“同样的全部文件”一行另外用 pandoc 把每个单位的责任声明（通知附件的原文，署该单位名称）转成 .docx，"
        "再把全部 .docx 在一次 LibreOffice 调用中转成 PDF，得到与本工具包相同数目的文件，仅供参考。", "",
        "| 示例 | 方式 | 墙钟（中位数） | CPU（中位数） | 各轮墙钟（秒） | 文档数 | PDF 页数 | 每个文档 | 每页 |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|",
        *build_table, "",
        f"三个示例合计：修改后 {s(totals['after'])}（CPU {s(totals['after_cpu'])}），pandoc + LibreOffice "
        f"{s(totals['alternative'])}（CPU {s(totals['alternative_cpu'])}）"
        + (f"，同样的全部文件 {s(totals['alternative_all'])}（CPU {s(totals['alternative_all_cpu'])}）"
           if totals.get("alternative_all") else "")
        + (f"；修改前 {s(totals['before'])}（CPU {s(totals['before_cpu'])}）。" if has_before else "。"), "",
        "时间用在哪里（修改前）：WeasyPrint 的导入（其中约四分之一在逐个名称查找本机库）、排版、写 PDF，"
        "以及每个单位的责任声明各排版一次；模板每次重新编译；FandolFang、FandolKai 没有粗体，"
        "加粗的文字使 WeasyPrint 把同一字体再嵌入一份（字形并不加粗）。修改后：填好的工作方案和责任声明由 Typst 排版"
        "（`kit/templates/filled.typ`）。另行逐步测量：39 页的综合医院工作方案，WeasyPrint 排版约 1.05 s、写 PDF 约 0.55 s，"
        "单这一个文档就慢于整条 pandoc + LibreOffice 路线；Typst 连同字体子集和带标签的 PDF 约 0.3 s。"
        "排版进程在命令行一开始就启动，载入 Typst 和字体（只让 Typst 看字体栈中的字体文件，不搜索全部系统字体）的同时，"
        "主进程读取申报文件、备好排版数据；之后排版进程依次排版工作方案和每个单位的责任声明，主进程同时检查申报文件、"
        "写 Word 文件。楷体加粗用有真正粗体的字体，正文的加粗用常规字重的黑体。", "",
        "| WeasyPrint 导入（新进程；网站的可填写模板和打印版仍用它，`kit build` 不再导入） | 修改前（`import weasyprint`） | 修改后（`kit.pdf.engine`） |", "|---|---:|---:|",
        f"| 中位数 | {ms(med(r['weasyprint_import']['before'])) if has_before else '—'} | "
        f"{ms(med(r['weasyprint_import']['after']))} |", "",
        "## 多份申报文件", "",
        "| 调用方式 | 墙钟（中位数） | CPU（中位数） |", "|---|---:|---:|",
        f"| `kit build` {many['applications']} 份，一次调用 | {s(one)} | {s(cpu(many['build_one_call']))} |",
        f"| `kit build` 每份调用一次 | {s(sep)} | {s(cpu(many['build_separate']))} |",
        f"| `kit check` {many['check_files']} 个文件，一次调用 | {s(c_one)} | {s(cpu(many['check_one_call']))} |",
        f"| `kit check` 每个文件调用一次 | {s(c_sep)} | {s(cpu(many['check_separate']))} |", "",
        "## 冷构建 `kit site`", "",
        "删除 `.cache/` 和 `site/` 后运行 `kit site`（每核一个渲染进程）。修改后，MkDocs 生成网页的同时各进程继续渲染下载文件"
        "（网页中的文件大小在全部渲染完后填入），离线包在最后打包。对照：把 kit 插件交给 MkDocs 的页面原样写成 Markdown，"
        "去掉插件，用同样的主题和插件运行 `mkdocs build`；再把构建生成的每个 PDF 对应的页面（工作方案模板和填写说明、"
        "空白责任声明和每个示例的每个单位的责任声明、通知、讲义、三个示例的工作方案）"
        f"共 {r['bare']['documents']} 个文档用 pandoc 转 .docx、LibreOffice 一次调用转 PDF。", "",
        "| 构建 | 墙钟（中位数） | CPU（中位数） | 各轮墙钟（秒） |", "|---|---:|---:|---|",
    ]
    for side in ("before", "after"):
        if side in r["site"]:
            lines.append(f"| `kit site`，{SIDES[side]} | {s(wall(r['site'][side]))} | {s(cpu(r['site'][side]))} | "
                         + "、".join(f"{e['wall']:.2f}" for e in r["site"][side]) + " |")
    if "rebuilds" in r:
        noop, one_file = wall(r["rebuilds"]["noop"]), wall(r["rebuilds"]["one_file"])
        lines += [f"| `kit site`，什么都没改（修改后） | {s(noop)} | {s(cpu(r['rebuilds']['noop']))} | "
                  f"冷构建的 {noop / site_after:.0%} |",
                  f"| `kit site`，改了一个示例（修改后） | {s(one_file)} | {s(cpu(r['rebuilds']['one_file']))} | "
                  f"冷构建的 {one_file / site_after:.0%} |"]
    lines += [
        f"| 单独的 `mkdocs build` | {s(bare_mkdocs)} | {s(cpu(r['bare']['mkdocs']))} | |",
        f"| 同样的文档，pandoc + LibreOffice | {s(bare_alt)} | {s(cpu(r['bare']['alternative']))} | |",
        f"| 两者合计 | {s(bare_mkdocs + bare_alt)} | {s(bare_cpu)} | |", "",
        "## 离线包", "",
        "修改后的离线包含全部网页、搜索索引和全部下载文件，每个文件只存一份：示例的工作方案 .docx 和 .pdf 是单独的下载文件，"
        "示例的压缩包只含各单位的责任声明；不含源映射文件（`.map`）。打包时逐个文件分块写入压缩包，"
        "已压缩的格式（PDF、.docx、.zip、图片）只存不压。", "",
        "| 内容（压缩后） | " + " | ".join(SIDES[x] for x in bundle) + " |",
        "|---|" + "---:|" * len(bundle),
    ]
    groups = sorted({g for b in bundle.values() for g in b["groups"]}, key=lambda g: -bundle["after"]["groups"].get(g, 0))
    for g in groups:
        lines.append(f"| `{g}` | " + " | ".join(size(b["groups"].get(g, 0)) for b in bundle.values()) + " |")
    lines += [
        "| **合计** | " + " | ".join(f"**{size(b['bytes'])}**（{b['entries']} 个文件）" for b in bundle.values()) + " |",
        "| 其中重复存放 | " + " | ".join(f"{size(b['twice_bytes'])}（{b['twice_files']} 份）" for b in bundle.values()) + " |",
        "| 源代码包中与网站相同的源文件 | " + " | ".join(f"{size(b.get('source_copies_bytes', 0))}（{b.get('source_copies', 0)} 个）"
                                              for b in bundle.values()) + " |",
        "| 其中源映射 | " + " | ".join(size(b["maps"]) for b in bundle.values()) + " |", "",
        "打包的内存（新进程中只运行打包函数；峰值 RSS 与打包前之差，中位数）：", "",
        "| 网站 | 输入大小 | " + " | ".join(SIDES[x] for x in ("before", "after") if f"{x}-now" in zm) + " |",
        "|---|---:|" + "---:|" * sum(f"{x}-now" in zm for x in ("before", "after")),
    ]
    for key, label in (("now", "当前示例"), ("many", "30 个示例")):
        present = [x for x in ("before", "after") if f"{x}-{key}" in zm]
        lines.append(f"| {label} | {size(zm[f'after-{key}']['input_bytes'])} | "
                     + " | ".join(f"{med(zm[f'{x}-{key}']['growth_kb']) / 1024:.1f} MiB，"
                                  f"{ms(med(zm[f'{x}-{key}']['seconds']))}" for x in present) + " |")
    lines += [
        "", "## 下载文件的大小和页数", "",
        "| 文件 | " + " | ".join(f"{SIDES[x]}：大小" for x in dl) + " | 页数（修改后） | 嵌入两次的字体（修改后） |",
        "|---|" + "---:|" * len(dl) + "---:|---|",
    ]
    for name in sorted(set().union(*[set(d) for d in dl.values()])):
        info = dl["after"].get(name, {})
        lines.append(f"| `{name}` | " + " | ".join(size(d[name]["bytes"]) if name in d else "—" for d in dl.values())
                     + f" | {info.get('pages', '—')} | {'、'.join(info.get('twice', [])) or '无' if name.endswith('.pdf') else '—'} |")
    if has_before:
        lines += ["", f"修改前嵌入两次字体的 PDF：{'、'.join(f'`{n}`' for n in twice['before']) or '无'}。"
                      f"三个示例工作方案 PDF 合计：修改前 {size(examples_pdf['before'])}，修改后 {size(examples_pdf['after'])}。"]
    lines += [
        "", "## 复现", "",
        "```sh", "make bench          # 结果写入 docs/benchmark.md；--runs 改变轮数，--before 改变对照版本", "```", "",
        "同一提交、同一 `SOURCE_DATE_EPOCH` 的两次构建逐字节相同（`tests/test_build_pipeline.py` 验证）。"
        "检查器另有基准：`.venv/bin/python scripts/bench_check.py`。", "",
    ]
    if "pages" in r:  # scripts/bench_pages.py
        from bench_pages import report_lines

        at = lines.index("## 复现")
        lines[at:at] = report_lines(r["pages"], r.get("pages_before"))
    output.write_text("\n".join(lines), encoding="utf-8")
    return (f"kit build ÷ pandoc+LibreOffice（最不利的示例）{worst:.2f}；冷构建 {site_after:.2f} 秒 ÷ 对照 "
            f"{bare_mkdocs + bare_alt:.2f} 秒 = {ratio(site_after, bare_mkdocs + bare_alt)}；离线包 {size(bundle['after']['bytes'])}")
