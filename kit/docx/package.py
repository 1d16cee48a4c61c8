"""Reading and writing .docx packages: deterministic output, and cautious reading of untrusted files."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from docx.document import Document
from lxml import etree

from ..errors import InputError, Location
from ..reproducible import normalise_zip, write_entries

DOCUMENT_PART = "word/document.xml"
MAX_PART_BYTES = 64 * 1024 * 1024  # a form's document.xml is a few hundred KB; refuse zip bombs
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ENTRIES = 2000
NOT_DOCX_HINT = "请提交用 Word 或 WPS 保存的 .docx 文件（不是 .doc、.pdf 或压缩包），必要时“另存为”后重试"
CORRUPT = "文件不是有效的 .docx（可能是旧版 .doc，或文件已损坏）"


def save_document(doc: Document, path: Path) -> None:
    """Save `doc` so that the same sources and SOURCE_DATE_EPOCH give a byte-identical file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalise_zip(path)


def write_package(entries: dict[str, bytes], path: Path) -> None:
    """Write package entries as a .docx, deterministically (see kit.reproducible)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_entries(path, entries.items())


def _not_docx(path: Path, why: str) -> InputError:
    return InputError(f"无法读取 Word 文档：{why}", Location(str(path)), NOT_DOCX_HINT)


def open_untrusted(path: Path, only: str | None = None) -> dict[str, bytes]:
    """The entries of a .docx from an untrusted source (all, or just `only`), within size limits;
    InputError if it is not a .docx."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _not_docx(path, "文件中的条目过多")
            if DOCUMENT_PART not in {info.filename for info in infos}:
                raise _not_docx(path, "文件中没有 Word 正文（word/document.xml），不是 .docx 文档")
            too_big = [i.filename for i in infos if i.file_size > MAX_PART_BYTES]
            if too_big or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
                raise _not_docx(path, f"解压后过大（{too_big[0] if too_big else '全部内容'}）")
            return {i.filename: archive.read(i) for i in infos if only is None or i.filename == only}
    except FileNotFoundError:
        raise InputError("找不到文件", Location(str(path)), "检查文件路径") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        raise _not_docx(path, CORRUPT) from None


def parse_untrusted_xml(data: bytes, path: Path, part: str):
    """Parse one XML part without resolving entities, loading DTDs or touching the network. A part with a DOCTYPE
    (where entity tricks live; Word never writes one) is refused before parsing."""
    if re.search(rb"<!DOCTYPE", data, re.IGNORECASE):
        raise _not_docx(path, f"{part} 含有 DOCTYPE 声明，Word 文档不应包含")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _not_docx(path, f"{part} 不是有效的 XML（{exc.msg}）") from None
    if root.getroottree().docinfo.doctype:
        raise _not_docx(path, f"{part} 含有 DOCTYPE 声明，Word 文档不应包含")
    return root
