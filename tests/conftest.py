"""Shared fixtures: one strict build of the real site per test session, a local HTTP server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# What the shared fixtures need, as pytest markers (registered in pyproject.toml; `make test-fast` leaves them out).
# Tests that need LibreOffice or the site by other means carry the marker themselves.
FIXTURE_MARKERS = {"site_dir": "site", "site_url": "site", "browser": "browser", "page": "browser",
                   "editor_corpus": "libreoffice"}


def pytest_collection_modifyitems(items):
    for item in items:
        for marker in sorted({FIXTURE_MARKERS[f] for f in item.fixturenames if f in FIXTURE_MARKERS}):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    from kit.sitebuild import build_site

    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("build") / "site", strict=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium 未安装：请运行 make test（会自动安装 chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    p = context.new_page()
    yield p
    context.close()


# Radical and compatibility code points: a full-font ToUnicode map turns 风 into ⻛ on copy-paste.
RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def pdftotext(path: Path) -> str:
    """The text of a PDF as Poppler extracts it (UTF-8)."""
    return subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def rendered_file(tmp_path_factory, render, name: str) -> Path:
    """*render*(edition, path) run once into a fresh folder; the file it wrote (for module-scoped fixtures)."""
    from kit.edition import default_edition

    path = tmp_path_factory.mktemp(Path(name).stem) / name
    render(default_edition(), path)
    return path


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"缺少命令 {name}：请运行 make test（会自动安装所需系统软件包）")
    return path


@pytest.fixture(scope="session")
def word_templates(tmp_path_factory) -> dict[str, Path]:
    """The two Word templates, built once per session: {"annex": …, "declaration": …}."""
    from kit.docx import write_annex, write_declaration
    from kit.edition import default_edition

    out = tmp_path_factory.mktemp("word")
    paths = {"annex": out / "annex.docx", "declaration": out / "declaration.docx"}
    write_annex(default_edition(), paths["annex"])
    write_declaration(default_edition(), paths["declaration"])
    return paths


@pytest.fixture(scope="session")
def editor_corpus(tmp_path_factory) -> list:
    """The real-editor corpus (tests/corpus.py), made once per session: LibreOffice runs once for all files."""
    import corpus

    require_tool("soffice")
    return corpus.build(tmp_path_factory.mktemp("editors"))
