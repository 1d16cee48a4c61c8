"""The fill-in PDF in pdf.js (the viewer of Firefox and of many web apps), in headless Chromium:
Chinese typed into a field shows in the field, and the saved document holds it."""

from __future__ import annotations

import base64
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT
from kit.edition import default_edition
from kit.pdf.render import render_annex_pdf

PDFJS = ROOT / ".cache" / "pdfjs"
VIEWER = Path(__file__).resolve().parent / "browser" / "pdfjs_viewer.html"
TYPED = "上海市虚构示例医院（风险评估·测试）"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not (PDFJS / "package" / "build" / "pdf.mjs").exists():
        pytest.fail("缺少 pdf.js：请运行 make test（会执行 scripts/fetch-test-js.sh）")
    root = tmp_path_factory.mktemp("pdfjs")
    (root / "pdfjs").symlink_to(PDFJS)
    shutil.copy(VIEWER, root / "viewer.html")
    render_annex_pdf(default_edition(), root / "form.pdf")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", root
    server.shutdown()


def test_chinese_typed_in_pdfjs_shows_and_is_saved(page, served):
    url, root = served
    page.set_viewport_size({"width": 1000, "height": 1400})
    page.goto(f"{url}/viewer.html?file=form.pdf")
    page.wait_for_function("window.formLayers >= 1", timeout=30000)
    field = page.locator('.annotationLayer [name="plan_name"]')
    box = field.bounding_box()
    assert box and box["width"] > 100  # a real, visible field on the cover
    blank = page.screenshot(clip=box)
    field.click()
    field.press_sequentially(TYPED)
    field.press("Tab")
    assert field.input_value() == TYPED
    assert page.screenshot(path=str(root / "typed.png"), clip=box) != blank  # the characters are drawn
    saved = page.evaluate("""async () => { const bytes = await window.pdfDoc.saveDocument();
        let s = ''; for (const c of bytes) s += String.fromCharCode(c); return btoa(s); }""")
    (root / "saved.pdf").write_bytes(base64.b64decode(saved))
    with pikepdf.open(root / "saved.pdf") as pdf:
        values = {str(f.T): str(f.get("/V", "")) for f in pdf.Root.AcroForm.Fields}
    assert values["plan_name"] == TYPED
