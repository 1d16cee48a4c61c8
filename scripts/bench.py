"""Benchmark of the build pipeline against what users would otherwise run (`make bench`).

In a temporary copy of the project (the real sources are never modified), on this machine, in one run:
cold build, no-op rebuild and one-file rebuild (`kit site` as a user runs it); every document rendered one after
another in one process with no cache (the bare renderers); a bare `mkdocs build` of the same pages (the kit
plugin's output written out as plain Markdown, the same theme and plugins, without the kit plugin); and the
examples' documents through pandoc's default .docx and LibreOffice's PDF export. Writes docs/benchmark.md.
A benchmark reports; it asserts nothing. (scripts/bench_check.py measures the checker.)

Usage: .venv/bin/python scripts/bench.py [--runs 3] [--fast-runs 5] [--output docs/benchmark.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402
from bench_report import write_report  # noqa: E402

EPOCH = "1713974400"
EXAMPLE_PART = "examples/shequ-zhongxin/parts/it_construction.md"
PROJECT_FILES = ["mkdocs.yml", "overrides", "docs", "kit", "examples"]


def median(values: list[float]) -> float:
    return statistics.median(values)


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def copy_project(tmp: Path) -> Path:
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    return project


def kit_site(project: Path) -> tuple[float, str]:
    """`kit site` in *project* (its own copy of the kit package); wall time and the last line printed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kit.cli", "site"], cwd=project, env=env(), capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"kit site 失败：\n{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1]


def site_builds(project: Path, runs: int, fast_runs: int) -> dict:
    cold, noop, one_file, lines = [], [], [], {}
    for _ in range(runs):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        seconds, lines["cold"] = kit_site(project)
        cold.append(seconds)
    for _ in range(fast_runs):
        seconds, lines["noop"] = kit_site(project)
        noop.append(seconds)
    part = project / EXAMPLE_PART
    for run in range(runs):
        part.write_text(part.read_text(encoding="utf-8") + f"\n\n基准测试第 {run + 1} 次追加的说明文字。\n", encoding="utf-8")
        seconds, lines["one_file"] = kit_site(project)
        one_file.append(seconds)
    lines = {k: v.replace(str(project), "<项目副本>") for k, v in lines.items()}
    return {"cold": cold, "noop": noop, "one_file": one_file, "lines": lines}


# The bare renderers: every document, one after another, one process, no cache ------------------------------


def measure_renders(project: Path) -> dict:
    """(Runs in a fresh process.) Render every download of *project* with no cache and no workers."""
    started = time.perf_counter()
    from kit.assemble import build_application
    from kit.catalogue import registry
    from kit.edition import default_edition
    from kit.examples import find_examples
    from kit.pdf.render import declaration_html, html_to_pdf

    edition = default_edition()
    out = Path(tempfile.mkdtemp(prefix="kit-bench-"))
    warm = time.perf_counter()
    html_to_pdf(declaration_html(edition), out / "warm-up.pdf", "warm-up")  # fonts and imports, not measured below
    warm_up = time.perf_counter() - warm
    documents = {}
    for artifact in registry():
        t = time.perf_counter()
        artifact.render(edition, out / artifact.name)
        documents[artifact.name] = {"seconds": time.perf_counter() - t, **describe(out / artifact.name)}
    examples = {}
    for example in find_examples(project / "examples"):
        marks: list[float] = []
        t = time.perf_counter()
        build_application(example.loaded.app, edition, out / example.slug,
                          progress=lambda message: marks.append(time.perf_counter()))
        end = time.perf_counter()
        # progress marks: 工作方案.docx, 工作方案.pdf, then one per 责任声明 (.docx and .pdf)
        examples[example.slug] = {
            "seconds": end - t, "docx_seconds": marks[1] - marks[0], "pdf_seconds": marks[2] - marks[1],
            "docx": describe(out / example.slug / "工作方案.docx"), "pdf": describe(out / example.slug / "工作方案.pdf"),
            "declarations": len(marks) - 2,
        }
    shutil.rmtree(out, ignore_errors=True)
    return {"total": time.perf_counter() - started, "warm_up": warm_up, "documents": documents, "examples": examples}


def describe(path: Path) -> dict:
    info = {"bytes": path.stat().st_size, "pages": None}
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        info["pages"] = len(PdfReader(path).pages)
    elif path.suffix == ".pptx":
        from pptx import Presentation

        info["pages"] = len(Presentation(path).slides)
    return info


def bare_renders(project: Path, runs: int) -> list[dict]:
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--measure-renders", str(project)], env=env(),
                              capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"逐个渲染失败：\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


# A bare `mkdocs build` of the same pages ---------------------------------------------------------------------


def flatten_pages(project: Path, target: Path) -> None:
    """The docs as the kit plugin hands them to MkDocs: macros expanded, example pages and downloads added."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    sys.path.insert(0, str(project))  # the project's own copy of kit (the same code)
    from mkdocs.config import load_config

    from kit.examples import page_markdown

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["kit"]
    plugin.on_config(config)
    plugin.on_pre_build(config)  # downloads from the project's cache (built above)
    shutil.copytree(project / "docs", target)

    def page(uri: str) -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(src_uri=uri, src_path=uri))

    for md in sorted(target.rglob("*.md")):
        uri = md.relative_to(target).as_posix()
        md.write_text(plugin.on_page_markdown(md.read_text(encoding="utf-8"), page(uri), config, None),
                      encoding="utf-8")
    for example in plugin.examples:
        plugin.generated_pages.add(example.page)
        text = plugin.on_page_markdown(page_markdown(example, plugin.edition), page(example.page), config, None)
        (target / example.page).write_text(text, encoding="utf-8")
    (target / "downloads").mkdir(exist_ok=True)
    for artifact, path in plugin.built:
        shutil.copyfile(path, target / "downloads" / artifact.name)


def bare_mkdocs(project: Path, tmp: Path, runs: int) -> list[float]:
    pages = tmp / "bare-docs"
    flatten_pages(project, pages)
    config = project / "mkdocs-bare.yml"
    hooks = tmp / "bare_markdown.py"  # the pages' Markdown extensions, which the kit plugin would have set
    hooks.write_text("from kit import pagemarkdown\n\n\ndef on_config(config):\n"
                     "    config.markdown_extensions = list(pagemarkdown.EXTENSIONS)\n"
                     "    config.mdx_configs = pagemarkdown.extension_configs()\n", encoding="utf-8")
    config.write_text((project / "mkdocs.yml").read_text(encoding="utf-8").replace("  - kit\n", "")
                      .replace("docs_dir: docs", f"docs_dir: {pages}").replace("strict: true", "strict: false")
                      + f"hooks:\n  - {hooks}\n", encoding="utf-8")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                               str(tmp / "bare-site")], cwd=project, env=env(), capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode:
            sys.exit(f"mkdocs build 失败：\n{done.stderr}")
    return times


# The examples' PDFs: the kit's renderer against pandoc's default .docx → LibreOffice --------------------------


def render_pdfs(project: Path, out: Path, workers: int) -> int:
    """(Runs in a fresh process, as `kit build` does.) The examples' 工作方案 PDFs, rendered in *workers* processes
    the way the site build renders documents (one per core, longest first); returns the pages made."""
    from concurrent.futures import ProcessPoolExecutor

    from pypdf import PdfReader

    from kit.examples import find_examples
    from kit.pipeline import start_method

    folders = sorted((e.folder for e in find_examples(project / "examples")),
                     key=lambda f: -sum(x.stat().st_size for x in f.rglob("*") if x.is_file()))
    jobs = [(folder, out / f"{folder.name}.pdf") for folder in folders]
    if workers == 1:
        for job in jobs:
            _render_annex_pdf(job)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=start_method()) as pool:
            list(pool.map(_render_annex_pdf, jobs))
    return sum(len(PdfReader(target).pages) for _, target in jobs)


def _render_annex_pdf(job: tuple[Path, Path]) -> None:
    from kit.assemble import write_annex_pdf
    from kit.edition import default_edition
    from kit.examples import Example

    folder, target = job
    write_annex_pdf(Example(folder.name, folder).loaded.app, default_edition(), target)


def pdf_comparison(project: Path, tmp: Path, runs: int) -> dict:
    """Runs interleaved, so that a slower moment of the machine hits both sides alike: the kit's PDFs from a fresh
    process with 1 and with N workers; pandoc's .docx; LibreOffice converting them in one call (as a user would)
    and in N instances at once; LibreOffice converting one line (its start-up cost)."""
    import pypandoc
    from pypdf import PdfReader

    from kit.edition import default_edition
    from kit.examples import find_examples, page_markdown

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("缺少 LibreOffice（soffice）：请运行 make test 安装系统软件包")
    workers = os.cpu_count() or 1
    work = tmp / "pdf"
    work.mkdir()
    edition = default_edition()
    sources = []
    for example in sorted(find_examples(project / "examples"), key=lambda e: -len(page_markdown(e, edition))):
        md = work / f"{example.slug}.md"
        md.write_text(page_markdown(example, edition), encoding="utf-8")
        sources.append(md)
    tiny = work / "one-line.docx"
    pypandoc.convert_text("一行字。", "docx", format="md", outputfile=str(tiny))

    def profile(i: int) -> str:
        return f"-env:UserInstallation=file://{tmp / f'lo-profile-{i}'}"

    def libreoffice(groups: list[list[Path]], outdir: Path) -> float:
        started = time.perf_counter()
        running = [subprocess.Popen([soffice, profile(i), "--headless", "--convert-to", "pdf", "--outdir",
                                     str(outdir), *map(str, group)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) for i, group in enumerate(groups)]
        if any(p.wait() for p in running):
            sys.exit("LibreOffice 转换失败")
        return time.perf_counter() - started

    def ours(outdir: Path, n: int) -> tuple[float, int]:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--render-pdfs", str(project), str(outdir), str(n)],
                              env=env(), capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode:
            sys.exit(f"生成示例 PDF 失败：\n{done.stderr}")
        return seconds, int(done.stdout.strip().splitlines()[-1])

    shares = [sources[i::workers] for i in range(workers)]  # longest first, dealt out like the build's workers
    keys = ("ours_1", "ours_n", "pandoc", "lo_1", "lo_n", "lo_start")
    times: dict[str, list[float]] = {k: [] for k in keys}
    pages = {}
    for run in range(runs + 1):  # run 0 creates the LibreOffice profiles and warms the disk cache: not measured
        out = work / f"run-{run}"
        for sub in ("ours-1", "ours-n", "lo-1", "lo-n", "tiny"):
            (out / sub).mkdir(parents=True)
        measured = {}
        measured["ours_1"], pages["ours"] = ours(out / "ours-1", 1)
        started = time.perf_counter()
        docx = []
        for md in sources:
            docx.append(out / f"{md.stem}.docx")
            pypandoc.convert_file(str(md), "docx", outputfile=str(docx[-1]))
        measured["pandoc"] = time.perf_counter() - started
        measured["lo_1"] = libreoffice([docx], out / "lo-1")
        measured["ours_n"], _ = ours(out / "ours-n", workers)
        by_share = [[out / f"{md.stem}.docx" for md in share] for share in shares if share]
        measured["lo_n"] = libreoffice(by_share, out / "lo-n")
        measured["lo_start"] = libreoffice([[tiny]], out / "tiny")
        if run:
            for key in keys:
                times[key].append(measured[key])
    pages["lo"] = sum(len(PdfReader(work / "run-1" / "lo-1" / f"{md.stem}.pdf").pages) for md in sources)
    return {**times, "pages": pages, "workers": workers, "documents": len(sources)}


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 if hasattr(os, "sysconf") else 0
    versions = {}
    for name in ("mkdocs", "mkdocs-material", "weasyprint", "python-docx", "python-pptx", "pypandoc-binary"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    soffice = shutil.which("soffice")
    lo = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip() if soffice else "?"
    import pypandoc

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory, 1), "os": platform.platform(),
            "python": platform.python_version(), "versions": versions, "libreoffice": lo,
            "pandoc": pypandoc.get_pandoc_version(), "date": time.strftime("%Y-%m-%d")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of slow measurements (default 3)")
    parser.add_argument("--fast-runs", type=int, default=5, help="runs of fast measurements (default 5)")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmark.md"))
    parser.add_argument("--measure-renders", metavar="PROJECT", help=argparse.SUPPRESS)
    parser.add_argument("--render-pdfs", nargs=3, metavar=("PROJECT", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_renders:
        print(json.dumps(measure_renders(Path(args.measure_renders))))
        return 0
    if args.render_pdfs:
        project, out, workers = args.render_pdfs
        print(render_pdfs(Path(project), Path(out), int(workers)))
        return 0
    results = {"machine": machine(), "runs": args.runs, "fast_runs": args.fast_runs}
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp)
        print("测量 kit site：冷构建、无变化重建、改一个示例 …", flush=True)
        results["site"] = site_builds(project, args.runs, args.fast_runs)
        print("测量页面首次加载与搜索索引 …", flush=True)
        results["pages"] = bench_pages.measure(project / "site")
        print("测量逐个渲染（单进程、无缓存）…", flush=True)
        results["renders"] = bare_renders(project, args.runs)
        print("测量 bare mkdocs build …", flush=True)
        results["mkdocs"] = bare_mkdocs(project, tmp, args.runs)
        print("测量示例 PDF：本工具包对 pandoc + LibreOffice（交替进行）…", flush=True)
        results["pdf"] = pdf_comparison(project, tmp, args.runs)
    output = Path(args.output)
    summary = write_report(results, output)
    print(summary)
    print(f"报告：{output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
