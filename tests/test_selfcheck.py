"""The in-browser self-check: the same findings as `kit check --format json`, nothing sent anywhere, usable.

The conformance corpus is every file of the real-editor corpus (tests/corpus.py), the golden sample as a .docx,
the worked examples' .docx downloads, and hostile or wrong files. For each, the browser's findings (rule,
severity, place and message) must equal the CLI's JSON, in order; for a file the CLI refuses (exit 2), the browser refuses it
with the same message. Then the page itself is driven in Chromium: a file chosen and a file dropped, served over
HTTP and from the unzipped offline bundle with the network off, at 390 px and 1366 px, with axe-core.
"""

from __future__ import annotations

import base64
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from kit.check.run import as_json, check_paths, error_as_json
from kit.docx import write_annex
from kit.edition import default_edition
from kit.errors import KitError

ED = default_edition()
SCRIPTS = ["selfcheck-data.js", "selfcheck-reader.js", "selfcheck-rules.js"]
AXE = ROOT / ".cache" / "testjs" / "axe-core" / "axe.min.js"


def cli_result(path: Path) -> dict:
    """What `kit check --format json` prints for one file (its own functions, called in-process)."""
    try:
        return json.loads(as_json(check_paths([path], ED)))
    except KitError as exc:
        return json.loads(error_as_json(exc))


INVALID_XML = "不是有效的 XML"  # the CLI adds lxml's own description of the fault, the browser has none


def cli_summary(path: Path) -> dict:
    result = cli_result(path)
    if "error" in result:
        message = result["error"]["message"]
        return {"error": message.split(INVALID_XML)[0] + INVALID_XML if INVALID_XML in message else message}
    return {"findings": [[f["rule"], f["severity"], f["field"], f["message"]] for f in result["files"][0]["findings"]]}


def browser_summary(page, path: Path) -> dict:
    data = base64.b64encode(path.read_bytes()).decode()
    return page.evaluate("""async ([name, data]) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        try {
            const report = await window.KitSelfCheck.checkBytes(name, bytes.buffer);
            return {findings: report.findings.map((f) => [f.rule, f.severity, f.field, f.message])};
        } catch (error) {
            if (!(error instanceof window.KitSelfCheckReader.InputError)) throw error;
            return {error: error.message};
        }
    }""", [path.name, data])


# ---- hostile and wrong files ---------------------------------------------------------------------------------------

def _zip(path: Path, entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def lying_bomb(path: Path, entries: dict[str, bytes]) -> Path:
    """A zip bomb that declares its document 1,000 bytes long while it inflates to 64 MB: readers that trust the
    declared size must stop at it."""
    _zip(path, {**entries, "word/document.xml": b" " * (64 * 1024 * 1024)})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            length = int.from_bytes(data[at + offset + 4 : at + offset + 6], "little")
            if bytes(data[name_at : name_at + length]) == b"word/document.xml":
                data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
            at += 4
    path.write_bytes(bytes(data))
    return path


def hostile_files(folder: Path, template: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(template) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    document = entries["word/document.xml"]
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
              b'&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
              b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
    text = folder / "not-a-docx.docx"
    text.write_text("这不是 Word 文档", encoding="utf-8")
    pdf = folder / "renamed-pdf.docx"
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * 2000)
    files = [
        text, pdf,
        _zip(folder / "zip-bomb.docx", {"[Content_Types].xml": b"<Types/>",
                                        "word/document.xml": b"<a>" + b" " * (65 * 1024 * 1024) + b"</a>"}),
        _zip(folder / "entity-expansion.docx", {**entries, "word/document.xml": laughs}),
        _zip(folder / "no-document.docx", {"hello.txt": b"hi"}),
        _zip(folder / "broken-xml.docx", {**entries, "word/document.xml": document[: len(document) // 2]}),
        _zip(folder / "macro-enabled.docx", {**entries, "[Content_Types].xml": entries["[Content_Types].xml"].replace(
            b"document.main+xml", b"document.macroEnabled.main+xml")}),
        _zip(folder / "stored-entries.docx", entries, zipfile.ZIP_STORED),
        lying_bomb(folder / "lying-zip-bomb.docx", entries),
    ]
    truncated = folder / "truncated.docx"
    truncated.write_bytes(template.read_bytes()[:3000])
    files.append(truncated)
    import docx

    other = folder / "another-document.docx"
    plain = docx.Document()
    plain.add_paragraph("这是一份普通的 Word 文档，不是工作方案。")
    plain.save(other)
    files.append(other)
    return files


@pytest.fixture(scope="module")
def conformance_corpus(editor_corpus, site_dir, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("conformance")
    template = folder / "template.docx"
    write_annex(ED, template)
    files = [f.path for f in editor_corpus] + [template]
    files += sorted((site_dir / "downloads").glob("shili-*-gongzuo-fangan.docx"))
    files += hostile_files(folder / "hostile", template)
    return files


@pytest.fixture(scope="module")
def engine(browser, site_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}/checker.html")
    for name in SCRIPTS:
        page.add_script_tag(url=f"{site_url}/assets/javascripts/{name}")
    yield page
    context.close()


def test_browser_gives_the_cli_findings_on_the_whole_corpus(engine, conformance_corpus):
    differences, kinds = [], {"findings": 0, "error": 0}
    for path in conformance_corpus:
        want, got = cli_summary(path), browser_summary(engine, path)
        kinds[next(iter(want))] += 1
        if want != got:
            differences.append(f"{path.name}:\n  CLI     {want}\n  browser {got}")
    assert not differences, "\n".join(differences)
    assert kinds["findings"] >= 30 and kinds["error"] >= 10, kinds  # the corpus is what it claims to be


def test_conformance_catches_a_difference(engine, conformance_corpus):
    """The comparison can fail: a file whose lead name the browser reads differently gives other findings."""
    path = next(p for p in conformance_corpus if p.name == "golden-sample.word.docx")
    engine.evaluate("window.KIT_SELFCHECK_DATA.limits.intro_max_chars = 1")
    try:
        assert browser_summary(engine, path) != cli_summary(path)
    finally:
        engine.evaluate(f"window.KIT_SELFCHECK_DATA.limits.intro_max_chars = {ED.limits.intro_max_chars}")


# ---- the page ------------------------------------------------------------------------------------------------------

def shown_findings(page) -> list[list[str]]:
    return page.eval_on_selector_all("table.kit-findings tbody tr", """rows => rows.map(r => {
        const cells = Array.from(r.cells).map(c => c.innerText.trim());
        return [cells[0].split(/\\s/)[0], cells[1] === '错误' ? 'error' : 'warning', cells[2]];
    })""")


def settled(page, path: Path) -> None:
    """Wait until the page has finished with *path*: its name in the status line, no longer busy."""
    page.wait_for_function("(name) => document.getElementById('kit-selfcheck').getAttribute('aria-busy') === 'false'"
                           " && document.getElementById('kit-status').textContent.includes(name)",
                           arg=path.name, timeout=30000)


def choose(page, path: Path) -> None:
    page.set_input_files("#kit-file", str(path))
    settled(page, path)


def drop(page, path: Path) -> None:
    """Drop *path* on the drop zone as a browser does: a DataTransfer holding the file, then a drop event."""
    page.evaluate("""([name, data]) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name));
        const zone = document.getElementById('kit-drop');
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""", [path.name, base64.b64encode(path.read_bytes()).decode()])
    settled(page, path)


def sample_files(editor_corpus) -> list[Path]:
    wanted = {("golden-sample", "libreoffice-fill"), ("six-joint", "plain-annex"), ("example-zonghe", "word")}
    return [f.path for f in editor_corpus if (f.application, f.kind) in wanted]


def test_page_shows_the_cli_findings_and_sends_nothing(browser, site_url, editor_corpus):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url, r.post_data)))
    page.goto(f"{site_url}/checker.html", wait_until="networkidle")
    before = len(requests)
    assert not [u for _, u, _ in requests if "selfcheck-" in u and "selfcheck-page.js" not in u], \
        "the checker's code loads only when a file is chosen"
    files = sample_files(editor_corpus)
    for i, path in enumerate(files):
        (choose if i % 2 == 0 else drop)(page, path)
        assert shown_findings(page) == [f[:3] for f in cli_summary(path)["findings"]], path.name
        assert page.evaluate("document.activeElement.id") == "kit-result-title"
    later = [r for r in requests[before:] if not r[1].endswith("/favicon.png")]  # the browser's own, after load
    assert all(method == "GET" and data is None for method, _, data in later), later
    assert {u.rsplit("/", 1)[1] for _, u, _ in later} <= set(SCRIPTS), later
    assert all(u.startswith(site_url) for _, u, _ in requests), requests
    context.close()


def test_refusals_are_shown_in_chinese(browser, site_url, tmp_path):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}/checker.html")
    template = tmp_path / "template.docx"
    write_annex(ED, template)
    doc = tmp_path / "旧版文档.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 1000)
    for path, expected in [(doc, "只能检查"), (hostile_files(tmp_path / "h", template)[2], "解压后过大"),
                           (tmp_path / "h" / "another-document.docx", "不是工作方案")]:
        choose(page, path)
        alert = page.inner_text("#kit-result [role=alert]")
        assert expected in alert and "修改建议" in alert, alert
    context.close()


def test_offline_bundle_from_file_url_with_the_network_off(browser, site_dir, editor_corpus, tmp_path):
    with zipfile.ZipFile(site_dir / "downloads" / "offline-site.zip") as z:
        z.extractall(tmp_path)
    context = browser.new_context(locale="zh-CN", offline=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((tmp_path / "site" / "checker.html").as_uri())
    for i, path in enumerate(sample_files(editor_corpus)):
        (choose if i % 2 == 0 else drop)(page, path)
        assert shown_findings(page) == [f[:3] for f in cli_summary(path)["findings"]], path.name
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_results_fit_the_screen_and_pass_axe(browser, site_url, editor_corpus, width, tmp_path):
    if not AXE.exists():
        pytest.fail("缺少 axe-core：请运行 make test（scripts/fetch-test-js.sh 从 npm 取得）")
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/checker.html")
    choose(page, sample_files(editor_corpus)[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"checker-{width}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('#kit-selfcheck'));
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
    }""")
    assert result == [], result
    context.close()


def test_keyboard_reaches_the_file_chooser(browser, site_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}/checker.html")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "kit-file":
            break
    else:
        pytest.fail("Tab never reaches the file chooser")
    assert page.evaluate("document.querySelector('label[for=kit-file]').innerText").startswith("选择")
    context.close()


def test_other_pages_do_not_load_the_checker(site_dir):
    """Only the 生成与自查 page links the self-check's script and style (other pages may link to its benchmark)."""
    linked = re.compile(r'(?:src|href)="[^"]*selfcheck[^"]*\.(?:js|css)"')
    pages = {html.name: bool(linked.search(html.read_text(encoding="utf-8"))) for html in site_dir.rglob("*.html")}
    assert pages.pop("checker.html") and not any(pages.values()), [n for n, v in pages.items() if v]
