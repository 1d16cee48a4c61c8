"""Render every download: one task per document (a worked example is one task that writes all its files),
taken from the content-hash cache when none of its inputs changed, otherwise rendered in worker processes, one
per core, the longest tasks first.

A task's inputs are the edition file, every file of the kit package (code and templates), its own sources (the
docs page of a print PDF, the folder of a worked example), SOURCE_DATE_EPOCH and the toolchain (Python,
installed packages, fonts)."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from .cache import SCHEMA, OutputCache, digest, label, toolchain, tree_digest, walk_files
from .downloads import Artifact
from .reproducible import source_date_epoch
from .edition import Edition
from .errors import BuildError, KitError
from .processes import start_method
from .progress import Progress

KIT_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Task:
    id: str
    outputs: tuple[str, ...]  # file names the task writes into its folder
    render: Callable[[Edition, Path], None]  # writes every output into the given folder; picklable
    sources: tuple[Path, ...] = ()


@dataclass
class RenderReport:
    outputs: dict[str, Path] = field(default_factory=dict)  # file name → the file in the cache
    rendered: list[str] = field(default_factory=list)  # names of the files rendered by this build
    reused: list[str] = field(default_factory=list)  # names of the files taken from the cache


def plan(artifacts: list[Artifact]) -> list[Task]:
    """The tasks that make *artifacts*: one per artifact, one per batch (artifacts rendered together)."""
    tasks: dict[str, Task] = {}
    for artifact in artifacts:
        if artifact.batch is None:
            tasks[artifact.name] = Task(artifact.name, (artifact.name,), partial(_render_single, artifact.render,
                                                                                  artifact.name), artifact.sources)
        else:
            batch, known = artifact.batch, tasks.get(artifact.batch.id)
            outputs = (known.outputs if known else ()) + (artifact.name,)
            sources = (known.sources if known else batch.sources) + artifact.sources
            tasks[batch.id] = Task(batch.id, outputs, batch.render, sources)
    return list(tasks.values())


def _render_single(render: Callable[[Edition, Path], None], name: str, edition: Edition, folder: Path) -> None:
    render(edition, folder / name)


def task_keys(tasks: list[Task], edition_file: Path, root: Path) -> dict[str, str]:
    """The cache key of every task: a hash of everything its outputs are made from."""
    common = {"schema": SCHEMA, "epoch": source_date_epoch(), "toolchain": toolchain(),
              "kit": tree_digest(KIT_DIR, root), "edition": tree_digest(edition_file, root)}
    return {task.id: digest(common, task.id, task.outputs,
                            {label(s, root): tree_digest(s, root) for s in task.sources}) for task in tasks}


def render_downloads(tasks: list[Task], edition: Edition, edition_file: Path, root: Path, cache: OutputCache,
                     workers: int | None = None, progress: Progress | None = None) -> RenderReport:
    """Make sure every task's outputs are in *cache*; render the ones that are missing or out of date."""
    return Rendering(tasks, edition, edition_file, root, cache, workers, progress).finish()


class Rendering:
    """Renders in the background from construction on (the MkDocs config loads meanwhile); finish() waits for
    the documents and commits them to the cache, cancel() stops the workers and cleans up. With one worker,
    everything happens in finish(), in this process."""

    def __init__(self, tasks: list[Task], edition: Edition, edition_file: Path, root: Path, cache: OutputCache,
                 workers: int | None = None, progress: Progress | None = None):
        self.cache, self.edition = cache, edition
        self.progress = progress or Progress.quiet()
        self.report = RenderReport()
        self.keys = task_keys(tasks, edition_file, root)
        # where every output will be once rendered (known before: pages can link them while rendering goes on)
        self.planned = {name: cache.entry(task.id, self.keys[task.id]) / name for task in tasks for name in task.outputs}
        cache.clean_staging()
        self.todo: list[Task] = []
        for task in tasks:
            entry = cache.lookup(task.id, self.keys[task.id], task.outputs)
            if entry is None:
                self.todo.append(task)
            else:
                self.report.reused += task.outputs
                self.report.outputs.update({name: entry / name for name in task.outputs})
        self.todo.sort(key=lambda t: -_expected_seconds(t, cache))  # longest first: the last one ends the stage
        self.workers = max(1, min(workers or os.cpu_count() or 1, len(self.todo)))
        self.stagings = {task.id: cache.staging() for task in self.todo}
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future, Task] = {}
        if self.todo and (workers or os.cpu_count() or 1) > 1:  # even one task: it runs while MkDocs loads
            try:
                self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=start_method())
                self.futures = {self.pool.submit(run_task, t, edition, self.stagings[t.id]): t for t in self.todo}
            except BaseException:
                self.cancel()
                raise

    def finish(self) -> RenderReport:
        reused = len(self.report.reused)
        if not self.todo:
            self.progress.stage(f"下载文件：{reused} 个均未改变，取自缓存")
            return self.report
        self.total, self.done = sum(len(t.outputs) for t in self.todo), 0
        self.progress.stage(f"生成下载文件：{self.total} 个" + (f"（另有 {reused} 个未改变，取自缓存）" if reused else "")
                            + (f"，{self.workers} 个进程并行" if self.pool and self.workers > 1 else ""))
        try:
            if self.pool is None:
                for task in self.todo:
                    self._commit(task, run_task(task, self.edition, self.stagings[task.id]))
            while self.futures:
                completed, _ = wait(self.futures, return_when=FIRST_COMPLETED)
                for future in completed:
                    self._commit(self.futures.pop(future), future.result())  # a failure raises here
        except BrokenProcessPool as exc:
            raise BuildError(f"生成下载文件的子进程意外退出（内存不足或被终止？）：{exc}") from None
        finally:
            self.cancel()
        return self.report

    def cancel(self) -> None:
        """Stop the workers (waiting for the running ones: none keeps writing) and remove the staging folders.
        Safe to call more than once."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        for staging in self.stagings.values():
            shutil.rmtree(staging, ignore_errors=True)  # committed ones were renamed away

    def _commit(self, task: Task, seconds: float) -> None:
        entry = self.cache.commit(task.id, self.keys[task.id], self.stagings[task.id], task.outputs, seconds)
        self.report.rendered += task.outputs
        for name in task.outputs:
            self.report.outputs[name] = entry / name
            self.done += 1
            last = name == task.outputs[-1]
            self.progress.step(self.done, self.total, name + (f"（{seconds:.1f} 秒）" if last else ""))


def _expected_seconds(task: Task, cache: OutputCache) -> float:
    """The last rendering's time, else a guess: a task of several documents, or with big sources, is long."""
    last = cache.last_seconds(task.id)
    if last is not None:
        return last
    source_bytes = sum(f.stat().st_size for s in task.sources for f in walk_files(s) if f.is_file())
    return len(task.outputs) + source_bytes / 100_000


def run_task(task: Task, edition: Edition, folder: Path) -> float:
    """Render *task* into *folder* (in a worker process); return the seconds it took. Errors come back as a
    BuildError naming the task's outputs and the source that failed."""
    started = time.perf_counter()
    try:
        task.render(edition, folder)
    except KitError as exc:
        raise BuildError(f"生成 {'、'.join(task.outputs)} 失败：{exc}") from None
    except Exception as exc:
        where = _template_location(exc)
        if where is None:
            raise
        raise BuildError(f"生成 {'、'.join(task.outputs)} 失败：{where}：模板错误：{exc}") from None
    return time.perf_counter() - started


def _template_location(exc: Exception) -> str | None:
    """'kit/templates/x.html.j2:12' for a Jinja2 error, from the error itself or from the traceback."""
    import jinja2

    if not isinstance(exc, jinja2.TemplateError):
        return None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    tb, found = exc.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or "/templates/" in name:
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found or "模板"
