"""Figures in an applicant's Markdown (`![图题](figures/拓扑.png)`): every image of the long texts, checked before
anything is rendered.

An image is a PNG, JPEG or SVG file in the application's folder or below it, named by a path relative to the
application file. Nothing is ever fetched: a URL, an absolute path or a path leaving the folder is refused, and so
is a missing, corrupt or oversized image or an SVG that points outside itself, each with file, line and a fix.
The renderers (Word, PDF) receive the checked bytes, never the applicant's path.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from lxml import etree

from .errors import InputError, Location
from .markup import image_sources

MAX_FIGURE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 8000 × 5000 photo; far more than a printed page shows
KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
MAX_HEIGHT_SHARE = 0.8  # of the text block's height: a figure leaves room for its caption on the same page
SVG_NS = "http://www.w3.org/2000/svg"
SVG_UNITS_PX = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
PLACE_HINT = "把图片文件放在申报文件所在目录（或其子目录）中，用相对路径引用，如 ![网络拓扑图](figures/拓扑.png)"


@dataclass(frozen=True)
class Figure:
    """A checked image: its bytes, kind (png, jpeg, svg) and intrinsic size in pixels (for its aspect ratio)."""

    src: str
    kind: str
    data: bytes
    width: float
    height: float

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    def display_mm(self, text_width_mm: float, text_height_mm: float) -> tuple[float, float]:
        """Printed size: the text block's width, unless that makes it taller than MAX_HEIGHT_SHARE of the block."""
        height = text_width_mm * self.height / self.width
        limit = text_height_mm * MAX_HEIGHT_SHARE
        scale = min(1.0, limit / height)
        return text_width_mm * scale, height * scale


Figures = dict[str, Figure]  # by the path written in the Markdown


def long_texts(app) -> list[tuple[tuple, str]]:
    """The Markdown texts of an application, by key path: the annex parts, then each service plan."""
    texts = [(("parts", key), text) for key, text in app.parts.items()]
    texts += [(("service_plans", i, "text"), plan.text) for i, plan in enumerate(app.service_plans)]
    return texts


def collect(loaded) -> Figures:
    """Every figure the application's Markdown references, checked; InputError (exit 2) at the first bad one."""
    base = Path(loaded.source).parent
    figures: Figures = {}
    for path, text in long_texts(loaded.app):
        for src in image_sources(text):
            if src not in figures:
                figures[src] = load_figure(base, src, _locate(loaded.origin(path), src))
    return figures


def _locate(origin, src: str) -> Location:
    """The line and column of *src* in the file its text came from (an inline YAML text or a referenced .md)."""
    try:
        text = Path(origin.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Location(origin.file, key=origin.key)
    offset = text.find(f"]({src}")
    offset = offset + 2 if offset >= 0 else text.find(src)
    if offset < 0:
        return Location(origin.file, origin.line, key=origin.key)
    before = text[:offset]
    return Location(origin.file, before.count("\n") + 1, offset - before.rfind("\n"), origin.key)


def load_figure(base: Path, src: str, where: Location) -> Figure:
    """The image *src* names, relative to *base*, checked; InputError with a Chinese explanation otherwise."""
    def refuse(what: str, hint: str = PLACE_HINT) -> InputError:
        return InputError(f"图片“{src[:120]}”{what}", where, hint)

    if URL_SCHEME.match(src) or src.startswith(("//", "\\\\")):
        raise refuse("是网址或带协议的地址：工具不下载任何内容")
    if PurePosixPath(src).is_absolute() or PureWindowsPath(src).is_absolute() or PureWindowsPath(src).drive:
        raise refuse("是绝对路径")
    kind = KINDS.get(PurePosixPath(src).suffix.lower())
    if kind is None:
        raise refuse("的格式不受支持：只能使用 PNG、JPEG 或 SVG 图片", "把图片另存为 .png、.jpg 或 .svg 后引用")
    target = (base / src).resolve()
    if base.resolve() not in target.parents:
        raise refuse("不在申报文件所在目录内")
    if not target.is_file():
        raise refuse("找不到", "检查文件名和相对路径（相对于申报文件所在目录）")
    size = target.stat().st_size
    if size > MAX_FIGURE_BYTES:
        raise refuse(f"过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FIGURE_BYTES // 1024 // 1024} MB）",
                     "压缩图片或降低分辨率后重试")
    data = target.read_bytes()
    width, height = _svg_size(data, refuse) if kind == "svg" else _raster_size(data, kind, refuse)
    return Figure(src, kind, data, width, height)


def _raster_size(data: bytes, kind: str, refuse) -> tuple[float, float]:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's decompression-bomb warning: the size is checked below
            with Image.open(io.BytesIO(data)) as image:
                if (image.format or "").lower() != kind:
                    raise refuse(f"的内容不是 {kind.upper()} 图片（{image.format or '未知格式'}）",
                                 "用图片软件另存为与扩展名一致的格式")
                width, height = image.size
                if width * height > MAX_PIXELS or min(width, height) < 1:
                    raise refuse(f"的尺寸过大（{width} × {height} 像素，上限 {MAX_PIXELS // 1_000_000} 百万像素）",
                                 "缩小图片尺寸后重试")
                image.load()
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise refuse(f"的尺寸过大（超过 {MAX_PIXELS // 1_000_000} 百万像素）", "缩小图片尺寸后重试") from None
    except Exception:  # noqa: BLE001 — an untrusted file: Pillow raises many kinds of error for broken images
        raise refuse("已损坏或不是有效的图片文件", "用图片软件重新导出后重试") from None
    return float(width), float(height)


def _svg_size(data: bytes, refuse) -> tuple[float, float]:
    """The aspect of an SVG file (viewBox, else width/height); refused if it could make a renderer read anything
    outside it (DOCTYPE, entities, external links, stylesheets, processing instructions)."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        raise refuse("含有 DOCTYPE 或实体声明", "用绘图软件重新导出为普通 SVG")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise refuse("已损坏：不是有效的 SVG（XML）文件", "用绘图软件重新导出为 SVG") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise refuse("不是 SVG 图片（根元素不是 svg）", "用绘图软件重新导出为 SVG")
    _refuse_external(root, refuse)
    box = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
    else:
        width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    if not (width > 0 and height > 0):
        raise refuse("没有可用的尺寸（缺少 viewBox，或 width/height 不是绝对长度）", "在 svg 元素上写明 viewBox 属性")
    return width, height


def _refuse_external(root, refuse) -> None:
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*outside, *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction):
            raise refuse("含有处理指令（如外部样式表）", "删除 <?xml-stylesheet …?> 等处理指令")
        if not isinstance(node.tag, str):
            continue
        texts = list(node.attrib.items())
        if etree.QName(node).localname == "style":
            texts.append(("style", node.text or ""))
        for name, value in texts:
            if etree.QName(name).localname == "href" and not value.strip().startswith("#"):
                raise refuse(f"引用了外部资源（{value.strip()[:80]}）", "把外部图片或链接嵌入 SVG 本身，或删除该引用")
            if "@import" in value or any(not u.startswith("#") for u in CSS_URL.findall(value)):
                raise refuse("的样式引用了外部资源（url(…) 或 @import）", "删除样式中的外部引用")


def _svg_length(value: str | None) -> float:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*", value or "")
    if not match or match.group(2) not in SVG_UNITS_PX:
        return 0.0
    return float(match.group(1)) * SVG_UNITS_PX[match.group(2)]
