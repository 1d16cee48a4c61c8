"""The offline bundle (downloads/offline-site.zip): every file once, no source maps, its size on the downloads
page, every link inside it resolves, and zipping keeps memory flat. (Searching it from file:// is in
test_site_browser.py.)"""

from __future__ import annotations

import hashlib
import io
import re
import tracemalloc
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

import pytest

from kit.downloads import OFFLINE_ZIP, human_size
from kit.reproducible import write_zip
from kit.source_package import SOURCE_DOWNLOAD, TOP

BUNDLE = "downloads/offline-site.zip"


@pytest.fixture(scope="module")
def bundle(site_dir) -> zipfile.ZipFile:
    with zipfile.ZipFile(site_dir / BUNDLE) as zf:
        yield zf


def contents(archive: zipfile.ZipFile, where: str = "") -> dict[str, bytes]:
    """Every file of *archive*, and of every zip inside it (by "outer.zip!inner/name")."""
    found = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        data = archive.read(info)
        found[where + info.filename] = data
        if info.filename.endswith(".zip"):
            found.update(contents(zipfile.ZipFile(io.BytesIO(data)), f"{where}{info.filename}!"))
    return found


def is_source_of(a: str, b: str) -> bool:
    """*a* is a file of the kit's source package and *b* the site's copy of it (docs/x → site/x): the source
    package must be complete to build the site, so the site's own CSS and scripts are in it as sources."""
    prefix = f"site/downloads/{SOURCE_DOWNLOAD}!{TOP}docs/"
    return a.startswith(prefix) and b == "site/" + a.removeprefix(prefix)


def test_no_file_is_stored_twice(bundle):
    by_content = defaultdict(list)
    for name, data in contents(bundle).items():
        if data:
            by_content[hashlib.sha256(data).hexdigest()].append(name)
    twice = [sorted(names) for names in by_content.values() if len(names) > 1
             and not (len(names) == 2 and (is_source_of(*names) or is_source_of(*reversed(names))))]
    assert twice == []


def test_examples_are_bundled_once(bundle, site_dir):
    names = bundle.namelist()
    for pdf in (site_dir / "downloads").glob("shili-*-gongzuo-fangan.pdf"):
        assert f"site/downloads/{pdf.name}" in names
    inner = [n for n in contents(bundle) if "!" in n and n.startswith("site/downloads/shili-")]
    assert inner and all("责任声明" in n for n in inner)


def test_no_source_maps(bundle, site_dir):
    assert any(site_dir.rglob("*.map"))  # the theme ships them: the bundle leaves them out on purpose
    assert not [n for n in bundle.namelist() if n.endswith(".map")]


def test_every_link_inside_the_bundle_resolves(bundle):
    names = set(bundle.namelist())
    broken = []
    for name in names:
        if not name.endswith(".html"):
            continue
        html = bundle.read(name).decode("utf-8")
        for href in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', html):
            if href.startswith(("tel:", "mailto:")):  # a phone number or address, not a file of the bundle
                continue
            if href.startswith("/") or href.endswith("/") or href.endswith(OFFLINE_ZIP):  # (it cannot hold itself)
                continue
            target = str(PurePosixPath(name).parent / href)
            parts = []
            for part in target.split("/"):
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            if "/".join(parts) not in names:
                broken.append(f"{name} → {href}")
    assert broken == []


def test_downloads_page_states_the_bundle_size(site_dir, bundle):
    size = human_size((site_dir / BUNDLE).stat().st_size)
    page = (site_dir / "downloads.html").read_text(encoding="utf-8")
    assert f"离线网站（.zip，{size}）" in page and "KIT-OFFLINE-SIZE" not in page
    assert f"离线网站（.zip，{size}）" in bundle.read("site/downloads.html").decode("utf-8")
    index = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "KIT-OFFLINE-SIZE" not in index


def test_zipping_streams_files(tmp_path):
    """A 24 MB file goes into the zip without being read into memory whole."""
    folder = tmp_path / "site"
    folder.mkdir()
    with (folder / "big.pdf").open("wb") as f:
        for _ in range(24):
            f.write(hashlib.sha256(f.tell().to_bytes(8, "big")).digest() * 32768)
    tracemalloc.start()
    try:
        write_zip(folder, tmp_path / "out.zip")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"峰值 {peak / 2**20:.1f} MB"
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.read("big.pdf") == (folder / "big.pdf").read_bytes()


def test_downloads_page_shows_every_file_size(site_dir):
    """The pages are built while the downloads render; their sizes are filled in afterwards, each the file's."""
    page = (site_dir / "downloads.html").read_text(encoding="utf-8")
    assert "KIT-SIZE-OF" not in page
    rows = re.findall(r'<a href="downloads/([^"]+)" download>.*?</td><td>[^<]*</td><td>([^<]+)</td>', page, re.S)
    assert len(rows) >= 10
    for name, shown in rows:
        assert shown == human_size((site_dir / "downloads" / name).stat().st_size), name
    assert "KIT-SIZE-OF" not in (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
