"""Benchmark of the build against what users would otherwise run, before and after (`make bench`).

Everything runs in temporary copies: "after" is this checkout, "before" the revision BEFORE (git archive of it;
--before to choose another, --before none to skip). Each measurement alternates before, after and the
alternative route within every round, so that a busy moment of the machine hits all of them alike; the report
gives medians, and CPU time (the process and everything it waited for) beside wall time:

- `kit build` of each worked example, in a fresh process, against the same content the way users do without
  the kit: pandoc's default .docx, then LibreOffice's PDF export (a fresh LibreOffice per document); at least
  BUILD_RUNS rounds;
- many applications: one `kit build` with every example against one call per example; `kit check` of several
  files in one call against one call per file;
- cold `kit site` (no cache), then a rebuild with nothing changed and one after an example changed, against a bare `mkdocs build` of the same pages plus the same documents rendered the
  alternative way (pandoc + LibreOffice, one LibreOffice call for all);
- the offline bundle: size, what it holds, bytes stored twice, source maps, and the zipping's peak memory at the
  current examples and at 30 examples;
- every download's size and pages, and the fonts each PDF embeds twice;
- the pages' first-view weight and the search index (scripts/bench_pages.py).

Writes docs/benchmark.md (scripts/bench_report.py). A benchmark reports; it asserts nothing.

Usage: .venv/bin/python scripts/bench.py [--runs 3] [--before REV|none] [--output docs/benchmark.md]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402
from bench_report import write_report  # noqa: E402
from kit.reproducible import default_epoch  # noqa: E402

BEFORE = "7a80afbb03c5"  # main before the one-pass declarations, real bold faces, lean offline bundle and batch CLI
EPOCH = str(default_epoch())  # the notice's date, from the edition data
PROJECT_FILES = ["mkdocs.yml", "overrides", "docs", "kit", "examples", "pyproject.toml", "README.md", "Makefile",
                 "scripts"]
CHECK_COPIES = 4  # kit check: every example this many times (under different names)
MANY_EXAMPLES = 30  # the offline bundle's zipping memory, measured again with this many examples


def env(project: Path) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": str(project)}


class Clock:
    """CPU time of the children run since the last call (getrusage(RUSAGE_CHILDREN) counts every waited one)."""

    def __init__(self):
        self.last = self._now()

    @staticmethod
    def _now() -> float:
        u = resource.getrusage(resource.RUSAGE_CHILDREN)
        return u.ru_utime + u.ru_stime

    def lap(self) -> float:
        now = self._now()
        spent, self.last = now - self.last, now
        return spent


CLOCK = Clock()


def timed(cmd: list[str], cwd: Path, environ: dict[str, str] | None = None) -> dict:
    CLOCK.lap()
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=environ, capture_output=True, text=True)
    wall = time.perf_counter() - started
    cpu = CLOCK.lap()
    if done.returncode:
        sys.exit(f"失败（{done.returncode}）：{' '.join(map(str, cmd))}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return {"wall": wall, "cpu": cpu, "out": done.stdout}


# Projects ------------------------------------------------------------------------------------------------------


def compile_bytecode(project: Path) -> None:
    """The kit's modules compiled once, as a Python that may write bytecode leaves them after the first run (and
    pip after installing): every measured process then loads them instead of compiling the sources again. The
    measurements themselves run with PYTHONDONTWRITEBYTECODE, so no run leaves anything for the next."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / "kit")], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})


def copy_after(tmp: Path) -> Path:
    project = tmp / "after"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif source.exists():
            shutil.copy2(source, project / name)
    compile_bytecode(project)
    return project


def checkout_before(tmp: Path, revision: str) -> Path | None:
    if revision == "none":
        return None
    listed = subprocess.run(["git", "ls-tree", "--name-only", revision], cwd=ROOT, capture_output=True, text=True)
    present = [name for name in PROJECT_FILES if name in listed.stdout.split()]
    archive = subprocess.run(["git", "archive", revision, *present], cwd=ROOT, capture_output=True)
    if archive.returncode:
        print(f"无法取得修改前的版本 {revision}（{archive.stderr.decode(errors='replace').strip()}），只测量现在的版本",
              flush=True)
        return None
    project = tmp / "before"
    project.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(project)
    compile_bytecode(project)
    return project


def sides(before: Path | None, after: Path) -> dict[str, Path]:
    return {"before": before, "after": after} if before else {"after": after}


# The alternative route: pandoc's .docx, LibreOffice's PDF ---------------------------------------------------------


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        sys.exit("缺少 LibreOffice（soffice）：请运行 make test 安装系统软件包")
    return found


def libreoffice(docs: list[Path], outdir: Path, profile: Path) -> dict:
    return timed([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                  "--outdir", str(outdir), *map(str, docs)], outdir)


def pandoc(markdown: Path, target: Path) -> dict:
    import pypandoc

    return timed([pypandoc.get_pandoc_path(), str(markdown), "-o", str(target)], markdown.parent)


def example_content(project: Path) -> dict[str, str]:
    """Each worked example's content as Markdown: its overview page (the form's values, the introduction), then
    every part under its heading — without what only the site's part pages carry (banner, previous/next links)."""
    sys.path.insert(0, str(project))
    from kit.edition import default_edition
    from kit.example_pages import example_parts, overview_page
    from kit.examples import find_examples, word_counts

    edition = default_edition()
    content = {}
    for example in find_examples(project / "examples"):
        counts = word_counts(example, edition)
        parts = example_parts(example, edition, counts)
        content[example.slug] = "\n\n".join([overview_page(example, edition, parts, counts).body,
                                              *(f"## {part.heading}\n\n" + "\n\n".join(part.chunks)
                                                for part in parts)])
    return content


def example_sources(project: Path, work: Path) -> dict[str, Path]:
    """example_content() written to a file per example."""
    sources = {}
    for slug, text in example_content(project).items():
        path = work / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        sources[slug] = path
    return sources


def declaration_sources(project: Path, work: Path) -> dict[str, list[Path]]:
    """Each unit's 责任声明 of every worked example as Markdown, for the alternative route that makes the same
    files as `kit build`: the declaration's official text from the edition data, signed with the unit's name."""
    sys.path.insert(0, str(project))
    from kit.application import load_application
    from kit.edition import default_edition
    from kit.filling import filled_declarations

    text = default_edition().declaration
    sources = {}
    for path in sorted((project / "examples").glob("*/application.yaml")):
        slug = path.parent.name
        sources[slug] = []
        for number, declaration in enumerate(filled_declarations(load_application(path).app), 1):
            lines = [f"# {text.title}", text.preamble, text.lead_in,
                     "\n".join(f"{i}. {item}" for i, item in enumerate(text.items, 1)), text.closing,
                     *text.signature[:-1], f"{text.signature[-1]}：{declaration.unit_name}", "年　　月　　日"]
            target = work / f"{slug}-declaration-{number:02d}.md"
            target.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
            sources[slug].append(target)
    return sources


def alternative_documents(pages: Path, work: Path, project: Path) -> list[Path]:
    """The site build's PDFs as Markdown for the alternative route: from the pages as MkDocs gets them, the annex
    form and the annex guidance (annex.md, twice), the blank declaration and one per unit of every example
    (declaration.md), the notice, the handout (training.md); and every example's 工作方案 (example_content: its
    overview and all its parts, which the site shows on several pages)."""
    import yaml

    units = sum(1 + len(yaml.safe_load(p.read_text(encoding="utf-8")).get("joint") or [])
                for p in (project / "examples").glob("*/application.yaml"))
    plan = {"annex.md": 2, "declaration.md": 1 + units, "notice.md": 1, "training.md": 1}
    texts = {name: (pages / name).read_text(encoding="utf-8") for name in plan}
    for slug, text in example_content(project).items():
        plan[f"examples/{slug}.md"] = 1
        texts[f"examples/{slug}.md"] = text
    folder = work / "alternative-documents"
    folder.mkdir(exist_ok=True)
    documents = []
    for name, copies in plan.items():
        for i in range(copies):
            path = folder / f"{name.replace('/', '-').removesuffix('.md')}-{i + 1}.md"
            path.write_text(texts[name], encoding="utf-8")
            documents.append(path)
    return documents


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


# kit build of one application, per document ----------------------------------------------------------------------

BUILD_RUNS = 7  # at least: the goal's comparison is the closest (tenths of a second) and the noisiest


def one_application(projects: dict[str, Path], sources: dict[str, Path], work: Path, runs: int) -> dict:
    """kit build against the alternative route, interleaved. "alternative" (the goal's comparison, strict): the
    application's content only, one .docx and its PDF. "alternative_all": the same files as the kit makes — that
    .docx and one per unit's 责任声明 (pandoc each), then all of them to PDF in one LibreOffice call."""
    declarations = declaration_sources(projects["after"], work)
    results: dict = {slug: {"pages": {}, "documents": {}} for slug in sources}
    profile = work / "lo-profile"
    warm = work / "warm"
    warm.mkdir()
    pandoc(next(iter(sources.values())), warm / "warm.docx")
    libreoffice([warm / "warm.docx"], warm, profile)  # creates the profile: not measured
    for run_number in range(runs):
        for slug, markdown in sources.items():
            for side, project in projects.items():
                out = work / f"{side}-{slug}-{run_number}"
                t = timed([sys.executable, "-m", "kit.cli", "build", str(project / "examples" / slug / "application.yaml"),
                           "-o", str(out), "--quiet"], project, env(project))
                results[slug].setdefault(side, []).append({"wall": t["wall"], "cpu": t["cpu"]})
                if run_number == 0:
                    pdfs = sorted(out.glob("*.pdf"))
                    results[slug]["pages"][side] = sum(pdf_pages(p) for p in pdfs)
                    results[slug]["documents"][side] = len(list(out.iterdir()))
                    results[slug].setdefault("annex_pages", {})[side] = pdf_pages(out / "工作方案.pdf")
                    results[slug].setdefault("annex_bytes", {})[side] = (out / "工作方案.pdf").stat().st_size
            out = work / f"alt-{slug}-{run_number}"
            out.mkdir()
            p = pandoc(markdown, out / f"{slug}.docx")
            lo = libreoffice([out / f"{slug}.docx"], out, profile)
            results[slug].setdefault("alternative", []).append({"wall": p["wall"] + lo["wall"],
                                                                "cpu": p["cpu"] + lo["cpu"]})
            if run_number == 0:
                results[slug]["pages"]["alternative"] = pdf_pages(out / f"{slug}.pdf")
                results[slug]["documents"]["alternative"] = 2
            out = work / f"alt-all-{slug}-{run_number}"
            out.mkdir()
            docs = [out / f"{slug}.docx", *(out / f"{d.stem}.docx" for d in declarations[slug])]
            steps = [pandoc(source, doc) for source, doc in zip([markdown, *declarations[slug]], docs)]
            steps.append(libreoffice(docs, out, profile))
            results[slug].setdefault("alternative_all", []).append({"wall": sum(t["wall"] for t in steps),
                                                                    "cpu": sum(t["cpu"] for t in steps)})
            if run_number == 0:
                results[slug]["pages"]["alternative_all"] = sum(pdf_pages(d.with_suffix(".pdf")) for d in docs)
                results[slug]["documents"]["alternative_all"] = 2 * len(docs)
    return results


# Many applications in one call -------------------------------------------------------------------------------


def many_applications(project: Path, work: Path, runs: int) -> dict:
    apps = sorted(str(p) for p in (project / "examples").glob("*/application.yaml"))
    checks = work / "check-files"
    checks.mkdir()
    files = []
    for copy in range(CHECK_COPIES):
        for app in apps:
            target = checks / f"{Path(app).parent.name}-{copy}"
            shutil.copytree(Path(app).parent, target)
            files.append(str(target / "application.yaml"))
    result = {"build_one_call": [], "build_separate": [], "check_one_call": [], "check_separate": [],
              "applications": len(apps), "check_files": len(files)}
    for run_number in range(runs):
        out = work / f"many-{run_number}"
        t = timed([sys.executable, "-m", "kit.cli", "build", *apps, "-o", str(out / "one"), "--quiet"], project,
                  env(project))
        result["build_one_call"].append({"wall": t["wall"], "cpu": t["cpu"]})
        wall = cpu = 0.0
        for i, app in enumerate(apps):
            t = timed([sys.executable, "-m", "kit.cli", "build", app, "-o", str(out / f"separate-{i}"), "--quiet"],
                      project, env(project))
            wall, cpu = wall + t["wall"], cpu + t["cpu"]
        result["build_separate"].append({"wall": wall, "cpu": cpu})
        t = _check(project, files)
        result["check_one_call"].append({"wall": t["wall"], "cpu": t["cpu"]})
        wall = cpu = 0.0
        for f in files:
            t = _check(project, [f])
            wall, cpu = wall + t["wall"], cpu + t["cpu"]
        result["check_separate"].append({"wall": wall, "cpu": cpu})
    return result


def _check(project: Path, files: list[str]) -> dict:
    """kit check (exit code 0 or 1: findings are no failure here)."""
    CLOCK.lap()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kit.cli", "check", "--format", "json", *files], cwd=project,
                          env=env(project), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"kit check 失败：\n{done.stderr[-2000:]}")
    return {"wall": wall, "cpu": CLOCK.lap()}


# Cold kit site against bare MkDocs plus the alternative route ------------------------------------------------


def cold_sites(projects: dict[str, Path], runs: int) -> dict:
    result: dict = {side: [] for side in projects}
    for run_number in range(runs):
        for side, project in projects.items():
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            t = timed([sys.executable, "-m", "kit.cli", "site"], project, env(project))
            result[side].append({"wall": t["wall"], "cpu": t["cpu"]})
    return result


EXAMPLE_PART = "examples/shequ-zhongxin/parts/it_construction.md"


def rebuilds(project: Path, runs: int) -> dict:
    """After a cold build: `kit site` with nothing changed, and after one example's part grew by a sentence."""
    result: dict = {"noop": [], "one_file": []}
    for _ in range(runs):
        t = timed([sys.executable, "-m", "kit.cli", "site"], project, env(project))
        result["noop"].append({"wall": t["wall"], "cpu": t["cpu"]})
    part = project / EXAMPLE_PART
    original = part.read_text(encoding="utf-8")
    for run_number in range(runs):
        part.write_text(original + f"\n\n基准测试第 {run_number + 1} 次追加的说明文字。\n", encoding="utf-8")
        t = timed([sys.executable, "-m", "kit.cli", "site"], project, env(project))
        result["one_file"].append({"wall": t["wall"], "cpu": t["cpu"]})
    part.write_text(original, encoding="utf-8")
    return result


def flatten_pages(project: Path, target: Path) -> None:
    """(In a fresh process: the project's own kit.) The docs as the kit plugin hands them to MkDocs: macros
    expanded, example pages and the downloads added."""
    from types import SimpleNamespace

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    sys.path.insert(0, str(project))
    from mkdocs.config import load_config

    from kit.example_pages import example_pages

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["kit"]
    plugin.on_config(config)
    plugin.on_pre_build(config)
    if hasattr(plugin, "on_env"):
        plugin.rendering.finish()
    shutil.copytree(project / "docs", target)

    def page(uri: str) -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(src_uri=uri, src_path=uri), meta={}, title="")

    for md in sorted(target.rglob("*.md")):
        uri = md.relative_to(target).as_posix()
        md.write_text(plugin.on_page_markdown(md.read_text(encoding="utf-8"), page(uri), config, None),
                      encoding="utf-8")
    for example in plugin.examples:
        for generated in example_pages(example, plugin.edition):
            plugin.generated_pages.add(generated.path)
            text = plugin.on_page_markdown(generated.markdown, page(generated.path), config, None)
            (target / generated.path).parent.mkdir(parents=True, exist_ok=True)
            (target / generated.path).write_text(text, encoding="utf-8")
    (target / "downloads").mkdir(exist_ok=True)
    for artifact, path in plugin.built:
        if path.exists():
            shutil.copyfile(path, target / "downloads" / artifact.name)
    plugin.rendering.cancel()


def bare_baseline(project: Path, sources: dict[str, Path], work: Path, runs: int) -> dict:
    """Bare `mkdocs build` of the same pages, and the same documents the alternative way."""
    pages = work / "bare-docs"
    done = subprocess.run([sys.executable, __file__, "--flatten", str(project), str(pages)], env=env(project),
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"准备 bare mkdocs 的页面失败：\n{done.stderr[-3000:]}")
    config = project / "mkdocs-bare.yml"
    hooks = work / "bare_markdown.py"  # the pages' Markdown extensions, which the kit plugin would have set
    hooks.write_text("from kit import pagemarkdown\n\n\ndef on_config(config):\n"
                     "    config.markdown_extensions = list(pagemarkdown.EXTENSIONS)\n"
                     "    config.mdx_configs = pagemarkdown.extension_configs()\n", encoding="utf-8")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() not in ("- kit", "- kit:")]
    config.write_text("\n".join(lines).replace("docs_dir: docs", f"docs_dir: {pages}")
                      .replace("strict: true", "strict: false") + f"\nhooks:\n  - {hooks}\n", encoding="utf-8")
    documents = alternative_documents(pages, work, project)
    profile = work / "lo-profile"
    result = {"mkdocs": [], "alternative": [], "documents": len(documents)}
    for run_number in range(runs):
        t = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                   str(work / f"bare-site-{run_number}")], project, env(project))
        result["mkdocs"].append({"wall": t["wall"], "cpu": t["cpu"]})
        out = work / f"bare-alt-{run_number}"
        out.mkdir()
        wall = cpu = 0.0
        for md in documents:
            p = pandoc(md, out / f"{md.stem}.docx")
            wall, cpu = wall + p["wall"], cpu + p["cpu"]
        lo = libreoffice(sorted(out.glob("*.docx")), out, profile)
        result["alternative"].append({"wall": wall + lo["wall"], "cpu": cpu + lo["cpu"]})
    return result


# The offline bundle ------------------------------------------------------------------------------------------


def bundle_facts(site: Path) -> dict:
    """The offline bundle: size, entries, compressed bytes per top folder, source maps, and the files stored more
    than once (looking inside the zips it holds). A file of the kit's source package that the site copies as it
    is (docs/assets/… → site/assets/…) counts apart: the source package must be complete to build the site."""
    zip_path = site / "downloads" / "offline-site.zip"
    names: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    groups: Counter = Counter()
    maps = 0

    def walk(archive: zipfile.ZipFile, where: str) -> None:
        nonlocal maps
        for info in archive.infolist():
            if info.is_dir():
                continue
            data = archive.read(info)
            digest = hashlib.sha256(data).hexdigest()
            names.setdefault(digest, []).append(where + info.filename)
            sizes[digest] = len(data)
            if not where:
                parts = info.filename.split("/")
                groups[parts[1] if len(parts) > 2 else "（网页）"] += info.compress_size
                maps += info.compress_size if info.filename.endswith(".map") else 0
            if info.filename.endswith(".zip"):
                walk(zipfile.ZipFile(io.BytesIO(data)), f"{where}{info.filename}!")

    def source_copy(found: list[str]) -> bool:
        source = [n for n in found if "kit-source.zip!kit-source/docs/" in n]
        return len(found) == 2 and len(source) == 1 and \
            ("site/" + source[0].split("kit-source/docs/", 1)[1]) in found

    with zipfile.ZipFile(zip_path) as archive:
        walk(archive, "")
        entries = len(archive.infolist())
    repeated = {d: n for d, n in names.items() if len(n) > 1 and sizes[d]}
    twice = {d: n for d, n in repeated.items() if not source_copy(n)}
    sources = {d: n for d, n in repeated.items() if source_copy(n)}
    return {"bytes": zip_path.stat().st_size, "entries": entries, "groups": dict(groups), "maps": maps,
            "twice_bytes": sum(sizes[d] * (len(n) - 1) for d, n in twice.items()),
            "twice_files": sum(len(n) - 1 for n in twice.values()),
            "twice_names": sorted(n[0] for n in twice.values()),
            "source_copies_bytes": sum(sizes[d] for d in sources), "source_copies": len(sources)}


ZIP_PROBE = """
import re, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kit.reproducible import write_zip
def peak():  # this process's own high-water mark in KB (ru_maxrss would carry the parent's across exec)
    return int(re.search(r"VmHWM:\\s*(\\d+)", Path("/proc/self/status").read_text()).group(1))
site, target = Path(sys.argv[2]), Path(sys.argv[3])
before = peak()
started = time.perf_counter()
write_zip(site, target, prefix="site/")
print(before, peak(), time.perf_counter() - started)
"""


def many_examples_site(site: Path, target: Path, count: int) -> Path:
    """A copy of *site* whose downloads have as many example documents as *count* examples would."""
    shutil.copytree(site, target)
    downloads = target / "downloads"
    (downloads / "offline-site.zip").unlink(missing_ok=True)
    originals = sorted(downloads.glob("shili-*"))
    slugs = sorted({p.name.split("-gongzuo")[0].split("-zeren")[0].split("-quanbu")[0] for p in originals})
    for i in range(count - len(slugs)):
        slug = slugs[i % len(slugs)]
        for path in originals:
            if path.name.startswith(slug + "-"):
                shutil.copyfile(path, downloads / path.name.replace(slug, f"{slug}-copy{i}", 1))
    return target


def zip_memory(projects: dict[str, Path], sites: dict[str, Path], work: Path, runs: int) -> dict:
    result: dict = {}
    folders = {}
    for side, site in sites.items():
        folders[(side, "now")] = many_examples_site(site, work / f"now-{side}", 0)  # without the bundle itself
        folders[(side, "many")] = many_examples_site(site, work / f"many-{side}", MANY_EXAMPLES)
    for _ in range(runs):
        for (side, size), folder in folders.items():
            target = work / f"probe-{side}-{size}.zip"
            done = subprocess.run([sys.executable, "-c", ZIP_PROBE, str(projects[side]), str(folder), str(target)],
                                  capture_output=True, text=True, env=env(projects[side]))
            if done.returncode:
                sys.exit(f"打包测量失败：\n{done.stderr[-2000:]}")
            before, after, seconds = done.stdout.split()
            entry = result.setdefault(f"{side}-{size}", {"growth_kb": [], "peak_kb": [], "seconds": [],
                                                         "input_bytes": sum(p.stat().st_size for p in folder.rglob("*")
                                                                            if p.is_file())})
            entry["growth_kb"].append(int(after) - int(before))
            entry["peak_kb"].append(int(after))
            entry["seconds"].append(float(seconds))
            target.unlink()
    return result


# Downloads: sizes, pages, fonts embedded twice -----------------------------------------------------------------


def downloads(site: Path) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from pdffonts import twice_embedded

    found = {}
    for path in sorted((site / "downloads").iterdir()):
        if path.name == "offline-site.zip":
            continue
        info = {"bytes": path.stat().st_size}
        if path.suffix == ".pdf":
            info["pages"] = pdf_pages(path)
            info["twice"] = twice_embedded(path)
        found[path.name] = info
    return found


def weasyprint_import(projects: dict[str, Path], runs: int) -> dict:
    code = {"before": "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)",
            "after": "import time; t = time.perf_counter(); from kit.pdf.engine import weasyprint; weasyprint(); "
                     "print(time.perf_counter() - t)"}
    result: dict = {}
    for _ in range(runs):
        for side, project in projects.items():
            done = subprocess.run([sys.executable, "-c", code[side]], cwd=project, env=env(project),
                                  capture_output=True, text=True)
            result.setdefault(side, []).append(float(done.stdout.strip() or "nan"))
    return result


DECLARATIONS = """
import json, sys, tempfile, time
from pathlib import Path
from kit.application import load_application
from kit.edition import default_edition
from kit.figures import collect
from kit.filling import filled_application, filled_declarations
from kit.pdf.filled import filled_jobs
from kit.pdf.typeset import load, typeset
load()
edition, out = default_edition(), Path(tempfile.mkdtemp())
loaded = load_application(Path(sys.argv[1]))
declarations = [(d, out / f"{n}.pdf") for n, d in enumerate(filled_declarations(loaded.app))]
annex, *jobs = filled_jobs(edition, filled_application(loaded.app, edition, collect(loaded)), out / "a.pdf",
                           declarations)
typeset(*annex)  # as in kit build: the 工作方案 first
times = []
for job in jobs:
    started = time.perf_counter()
    typeset(*job)
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def declaration_layout(project: Path, runs: int) -> list[float]:
    """Seconds for each 责任声明 of the largest example laid out as kit build's PDF process does: after the
    工作方案, one after the other in one process, Typst and the fonts loaded once."""
    times: list[float] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", DECLARATIONS, str(project / "examples" / "zonghe-yiyuan" /
                                                                        "application.yaml")],
                              cwd=project, env=env(project), capture_output=True, text=True, check=True)
        times += json.loads(done.stdout)
    return times


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    versions = {}
    for name in ("mkdocs", "mkdocs-material", "weasyprint", "typst", "pikepdf", "python-docx", "pypandoc-binary"):
        try:
            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    lo = subprocess.run([soffice(), "--version"], capture_output=True, text=True).stdout.strip()
    import pypandoc

    os_name = platform.platform()
    try:
        os_name = next(line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release", encoding="utf-8")
                       if line.startswith("PRETTY_NAME=")) + f"（{platform.release()}）"
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory, 1), "os": os_name,
            "python": platform.python_version(), "versions": versions, "libreoffice": lo,
            "pandoc": pypandoc.get_pandoc_version(), "date": time.strftime("%Y-%m-%d"),
            "load": os.getloadavg()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of every measurement (default 3)")
    parser.add_argument("--before", default=BEFORE, help=f"revision measured as before (default {BEFORE}; none: skip)")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmark.md"))
    parser.add_argument("--flatten", nargs=2, metavar=("PROJECT", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.flatten:
        flatten_pages(Path(args.flatten[0]), Path(args.flatten[1]))
        return 0
    started = time.perf_counter()
    results: dict = {"machine": machine(), "runs": args.runs, "before_revision": args.before}
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        tmp = Path(tmp)
        after = copy_after(tmp)
        before = checkout_before(tmp, args.before)
        projects = sides(before, after)
        work = tmp / "work"
        work.mkdir()
        sources = example_sources(after, work)
        print("冷构建 kit site（修改前、修改后交替）…", flush=True)
        results["site"] = cold_sites(projects, args.runs)
        results["rebuilds"] = rebuilds(after, args.runs)
        sites = {side: project / "site" for side, project in projects.items()}
        results["bundle"] = {side: bundle_facts(site) for side, site in sites.items()}
        results["downloads"] = {side: downloads(site) for side, site in sites.items()}
        print("页面首次加载与搜索索引 …", flush=True)
        results["pages"] = bench_pages.measure(sites["after"])
        if "before" in sites:
            results["pages_before"] = bench_pages.measure(sites["before"])
        print("bare mkdocs build 与 pandoc + LibreOffice …", flush=True)
        results["bare"] = bare_baseline(after, sources, work, args.runs)
        print("kit build 每个示例，对 pandoc + LibreOffice（交替）…", flush=True)
        results["build_runs"] = max(args.runs, BUILD_RUNS)
        results["build"] = one_application(projects, sources, work, results["build_runs"])
        print("多份申报文件一次调用 …", flush=True)
        results["many"] = many_applications(after, work, args.runs)
        print("离线包打包的内存 …", flush=True)
        results["zip_memory"] = zip_memory(projects, sites, work, args.runs)
        results["weasyprint_import"] = weasyprint_import(projects, max(args.runs, 5))
        results["declaration_layout"] = declaration_layout(after, args.runs)
    results["seconds"] = time.perf_counter() - started
    output = Path(args.output)
    (Path(tempfile.gettempdir()) / "kit-bench-results.json").write_text(json.dumps(results, default=str, indent=1),
                                                                       encoding="utf-8")
    print(write_report(results, output))
    print(f"报告：{output}（用时 {results['seconds'] / 60:.1f} 分钟）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
