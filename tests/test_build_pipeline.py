"""The build pipeline: reproducible, incremental (content-hash cache, no-op rebuilds), atomic, parallel.

Timings are never asserted (see scripts/bench.py); only behaviour: what was rendered, what was reused, which
bytes came out. One clean build in a temporary project (its own cache) is shared by this module and compared
with the session's build of the real site."""

from __future__ import annotations

import hashlib
import io
import pickle
import shutil
from pathlib import Path

import jinja2
import pytest

from kit.cache import OutputCache
from kit.catalogue import registry
from kit.edition import default_edition
from kit.errors import BuildError
from kit.pipeline import Task, plan, render_downloads
from kit.progress import Progress
from kit.sitebuild import build

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "shequ-zhongxin"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_config(project: Path, docs: Path = ROOT / "docs", examples: str = "examples") -> Path:
    """A copy of mkdocs.yml in *project*, reading *docs* and the examples under *project*."""
    text = ((ROOT / "mkdocs.yml").read_text(encoding="utf-8")
            .replace("docs_dir: docs", f"docs_dir: {docs}")
            .replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
            .replace("jieba_dict_user: kit/", f"jieba_dict_user: {ROOT}/kit/")
            .replace("  - kit\n", f"  - kit:\n      examples: {examples}\n"))
    config = project / f"mkdocs-{examples}-{docs.name}.yml"
    config.write_text(text, encoding="utf-8")
    return config


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.cache = root / "cache"
        self.site = root / "site"
        shutil.copytree(ROOT / "examples", root / "examples")
        self.config = write_config(root)

    def build(self, site: Path | None = None, config: Path | None = None, **kwargs):
        return build(config or self.config, site or self.site, cache_dir=self.cache, **kwargs)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("pipeline"))
    project.first = project.build()
    return project


def every_download() -> set[str]:
    return {a.name for a in registry(ROOT / "examples")}


def example_downloads(slug: str) -> set[str]:
    return {a.name for a in registry(ROOT / "examples") if a.batch and a.batch.id == f"example-{slug}"}


# Reproducible ---------------------------------------------------------------------------------------------------


def test_two_clean_builds_are_byte_identical(site_dir, project):
    """The session's build of the real project and a clean build of a copy (other folder, other cache)."""
    ours, theirs = snapshot(project.site), snapshot(site_dir)
    assert sorted(ours) == sorted(theirs)
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, f"两次构建结果不同：{differ}"


# Incremental ----------------------------------------------------------------------------------------------------


def test_first_build_renders_every_download(project):
    assert not project.first.skipped
    assert set(project.first.rendered) == every_download() and project.first.reused == ()


def test_unchanged_sources_build_nothing(project):
    again = project.build()
    assert again.skipped and again.rendered == ()


def test_another_site_folder_reuses_every_download(project, tmp_path):
    other = project.build(tmp_path / "site")
    assert not other.skipped and other.rendered == () and set(other.reused) == every_download()
    assert snapshot(tmp_path / "site") == snapshot(project.site)


def test_a_deleted_site_file_is_noticed(project):
    (project.site / "faq.html").unlink()
    again = project.build()
    assert not again.skipped and again.rendered == ()
    assert (project.site / "faq.html").is_file()


def test_changing_one_example_renders_only_that_example(project):
    part = project.root / "examples" / EXAMPLE / "parts" / "it_construction.md"
    part.write_text(part.read_text(encoding="utf-8") + "\n\n本段为构建测试追加的说明，确认只重新生成这一个示例。\n",
                    encoding="utf-8")
    again = project.build()
    assert set(again.rendered) == example_downloads(EXAMPLE)
    assert set(again.reused) == every_download() - example_downloads(EXAMPLE)
    page = project.site / "examples" / EXAMPLE / "it-construction.html"  # the part's own page
    assert "确认只重新生成这一个示例" in page.read_text(encoding="utf-8")


def test_a_corrupt_or_missing_cache_entry_is_rendered_again(project, tmp_path):
    build_cache = project.cache / "build"
    (pdf,) = build_cache.glob("tongzhi.pdf/*/tongzhi.pdf")
    pdf.write_bytes(pdf.read_bytes()[:1000])
    (manifest,) = build_cache.glob("coverage-diagram.svg/*/manifest.json")
    manifest.write_text("{not json", encoding="utf-8")
    shutil.rmtree(next(build_cache.glob("pilot-dates.ics/*")))
    again = project.build(tmp_path / "site")
    assert set(again.rendered) == {"tongzhi.pdf", "coverage-diagram.svg", "pilot-dates.ics"}
    for name in again.rendered:
        assert (tmp_path / "site/downloads" / name).read_bytes() == (project.site / "downloads" / name).read_bytes()


# Atomic ---------------------------------------------------------------------------------------------------------


def test_a_template_error_in_a_page_leaves_the_old_site_intact(project):
    docs = project.root / "broken-docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "faq.md").write_text((docs / "faq.md").read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    before = snapshot(project.site)
    with pytest.raises(BuildError) as err:
        project.build(config=write_config(project.root, docs=docs))
    assert "faq.md" in str(err.value) and "模板语法错误" in str(err.value)
    assert snapshot(project.site) == before
    assert not list(project.root.glob(".site-*")), "临时目录未清理"


def test_a_broken_example_file_leaves_the_old_site_intact(project):
    examples = project.root / "broken-examples"
    shutil.copytree(ROOT / "examples", examples)
    application = examples / EXAMPLE / "application.yaml"
    application.write_text(application.read_text(encoding="utf-8").replace("plan_name:", "plan_name: [", 1),
                           encoding="utf-8")
    before = snapshot(project.site)
    with pytest.raises(BuildError) as err:
        project.build(config=write_config(project.root, examples="broken-examples"))
    assert f"{EXAMPLE}/application.yaml" in str(err.value)
    assert snapshot(project.site) == before


# Parallel rendering ---------------------------------------------------------------------------------------------


def test_every_renderer_can_be_sent_to_a_worker_process():
    for task in plan(registry(ROOT / "examples")):
        pickle.dumps(task.render)


def test_one_task_per_example_writes_all_its_files():
    tasks = {t.id: t for t in plan(registry(ROOT / "examples"))}
    assert set(tasks[f"example-{EXAMPLE}"].outputs) == example_downloads(EXAMPLE)
    assert len(tasks[f"example-{EXAMPLE}"].outputs) == 3


def write_text(text: str, name: str, edition, folder: Path) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def render_broken_template(templates: Path, edition, folder: Path) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), undefined=jinja2.StrictUndefined)
    (folder / "broken.html").write_text(env.get_template("broken.html.j2").render(), encoding="utf-8")


def test_a_failing_worker_names_the_template_and_commits_nothing(tmp_path):
    from functools import partial

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "broken.html.j2").write_text("<p>\n{{ missing_value }}\n</p>\n", encoding="utf-8")
    tasks = [Task("good.txt", ("good.txt",), partial(write_text, "好", "good.txt")),
             Task("broken.html", ("broken.html",), partial(render_broken_template, tmp_path / "templates"))]
    cache = OutputCache(tmp_path / "cache")
    with pytest.raises(BuildError) as err:
        render_downloads(tasks, default_edition(), ROOT / "kit/editions/2024.yaml", tmp_path, cache, workers=2)
    assert "broken.html.j2:2" in str(err.value) and "missing_value" in str(err.value)
    assert not list((tmp_path / "cache").glob("broken.html/*")), "失败的任务不应写入缓存"
    assert not list((tmp_path / "cache").glob(".staging-*")), "临时目录未清理"


# Progress -------------------------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_never_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    terminal = FakeTerminal()
    progress = Progress.auto(terminal)
    progress.stage("生成下载文件")
    progress.step(3, 21, "tongzhi.pdf")
    assert terminal.getvalue().splitlines() == ["▸ 生成下载文件", "  [ 3/21] tongzhi.pdf"]
    assert not Progress.auto(io.StringIO()).enabled
    monkeypatch.setenv("CI", "true")
    assert not Progress.auto(FakeTerminal()).enabled
