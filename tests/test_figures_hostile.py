"""Hostile or broken figures in an applicant's Markdown: `kit build` names the file and line and the fix, exits 2,
writes nothing, shows no traceback, and fetches nothing; `kit check` ignores figures."""

from __future__ import annotations

import http.server
import io
import struct
import threading
import zlib
from pathlib import Path

import pytest
import yaml
from PIL import Image

from appfactory import valid_application, write
from test_hostile_inputs import assert_refused, kit

pytestmark = pytest.mark.slow  # each case runs kit in a subprocess


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size and holds no pixels: what a decompression bomb's header looks like."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 200, 0)).save(out, "JPEG")
    return out.getvalue()


def svg(body: str, head: str = "") -> bytes:
    return (head + f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 10 10">{body}</svg>').encode()


# src written in the Markdown, files to create (relative to the application folder), what the message says
CASES = {
    "url": ("http://127.0.0.1:{port}/x.png", {}, "网址"),
    "file-url": ("file:///etc/hostname.png", {}, "网址"),
    "absolute": ("/etc/hostname.png", {}, "绝对路径"),
    "outside": ("../outside.png", {"../outside.png": png()}, "不在申报文件所在目录内"),
    "symlink-out": ("figures/link.png", {"../target.png": png(), "figures/link.png": "->../../target.png"},
                    "不在申报文件所在目录内"),
    "missing": ("figures/missing.png", {}, "找不到"),
    "not-an-image": ("figures/broken.png", {"figures/broken.png": b"not an image at all"}, "已损坏"),
    "truncated": ("figures/cut.png", {"figures/cut.png": png((400, 400))[:200]}, "已损坏"),
    "jpeg-named-png": ("figures/photo.png", {"figures/photo.png": jpeg()}, "内容不是 PNG"),
    "huge": ("figures/huge.png", {"figures/huge.png": png_header(9000, 9000)}, "尺寸过大"),
    "bomb": ("figures/bomb.png", {"figures/bomb.png": png_header(30000, 30000)}, "尺寸过大"),
    "big-file": ("figures/big.png", {"figures/big.png": 11 * 1024 * 1024}, "过大"),
    "gif": ("figures/x.gif", {"figures/x.gif": b"GIF89a"}, "格式不受支持"),
    "svg-href": ("figures/a.svg", {"figures/a.svg": svg('<image xlink:href="http://127.0.0.1:{port}/i.png"/>')},
                 "外部资源"),
    "svg-entity": ("figures/b.svg", {"figures/b.svg": svg("<text>&x;</text>", '<!DOCTYPE svg [<!ENTITY x SYSTEM '
                                                          '"file:///etc/passwd">]>')}, "DOCTYPE"),
    "svg-css": ("figures/c.svg", {"figures/c.svg": svg('<rect style="fill: url(http://127.0.0.1:{port}/f)"/>')},
                "外部资源"),
    "svg-stylesheet": ("figures/d.svg", {"figures/d.svg": svg("", '<?xml-stylesheet href="http://x/s.css"?>')},
                       "处理指令"),
    "svg-no-size": ("figures/e.svg", {"figures/e.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>'}, "尺寸"),
    "svg-broken": ("figures/f.svg", {"figures/f.svg": b"<svg xmlns='http://www.w3.org/2000/svg'"}, "已损坏"),
}


@pytest.fixture(scope="module")
def server():
    """A local web server that counts requests: no figure may make the kit fetch anything."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_port, hits
    httpd.shutdown()


def make(root: Path, files: dict, port: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, int):  # a large file: sparse, quick to make
            with path.open("wb") as f:
                f.truncate(content)
        elif isinstance(content, str):
            path.symlink_to(content.removeprefix("->"))
        else:
            path.write_bytes(content.replace(b"{port}", str(port).encode()))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_refuses_the_figure(tmp_path, server, case):
    port, hits = server
    src, files, needle = CASES[case]
    src = src.format(port=port)
    root = tmp_path / "app"
    make(root, files, port)
    data = valid_application()
    data["service_plans"][0]["text"] += f"\n\n![示意图（虚构示例）]({src})\n"
    path = write(root, data)
    result = kit("build", path, "-o", tmp_path / "out")
    assert_refused(result, needle, f"app.yaml:{line_of(path, src)}", "图片")
    assert not (tmp_path / "out").exists()
    assert hits == []


def test_a_referenced_markdown_file_is_located_by_its_own_line(tmp_path):
    root = tmp_path / "app"
    (root / "parts").mkdir(parents=True)
    data = valid_application()
    (root / "parts" / "plan.md").write_text(data["service_plans"][0]["text"] + "\n\n段落。\n\n![图](../../x.png)\n",
                                            encoding="utf-8")
    data["service_plans"][0]["text"] = {"file": "parts/plan.md"}
    path = root / "app.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    line = line_of(root / "parts" / "plan.md", "![图]")
    assert_refused(kit("build", path, "-o", tmp_path / "out"), f"plan.md:{line}", "不在申报文件所在目录内")


def test_check_ignores_figures(tmp_path, server):
    """kit check counts words; it neither opens nor fetches images (kit build does the checking)."""
    port, hits = server
    data = valid_application()
    data["service_plans"][0]["text"] += f"\n\n![图](http://127.0.0.1:{port}/x.png)\n"
    result = kit("check", write(tmp_path, data))
    assert result.returncode == 0, result.stdout + result.stderr
    assert hits == []
