"""Malformed, huge and hostile input: one clear Chinese message, exit 2, no traceback, no output, bounded cost."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from appfactory import mutated, valid_application, write

pytestmark = pytest.mark.slow

MEMORY_LIMIT = 1536 * 1024 * 1024


def _limit():  # bounded memory for the child process
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def kit(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "kit.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_limit)


def assert_refused(result, *needles):
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stderr.startswith("错误：")
    for needle in needles:
        assert needle in result.stderr, result.stderr


def check_and_build_refuse(tmp_path, path: Path, *needles):
    assert_refused(kit("check", path), *needles)
    assert_refused(kit("build", path, "-o", tmp_path / "out"), *needles)
    assert not (tmp_path / "out").exists()


def test_malformed_yaml_names_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("plan_name: 示例\nlead:\n  name: [未闭合\n  region: 上海\n", encoding="utf-8")
    check_and_build_refuse(tmp_path, path, "bad.yaml:", "YAML")


def test_wrong_type_names_the_key(tmp_path):
    check_and_build_refuse(tmp_path, write(tmp_path, mutated(**{"joint": {"name": "不是列表"}})), "joint")


def test_unknown_key_is_refused(tmp_path):
    check_and_build_refuse(tmp_path, write(tmp_path, mutated(**{"lead.nmae": "拼错"})), "lead.nmae")


def test_fifty_megabyte_field(tmp_path):
    data = valid_application()
    path = write(tmp_path, data)
    with path.open("a", encoding="utf-8") as f:
        f.write("plan_note: '" + "字" * (17 * 1024 * 1024) + "'\n")  # ~50 MB in UTF-8
    check_and_build_refuse(tmp_path, path, "过大")


def test_control_characters(tmp_path):
    path = write(tmp_path, mutated(**{"lead.name": "示例\x07医院"}))
    check_and_build_refuse(tmp_path, path)


def test_control_character_escaped_in_yaml(tmp_path):
    path = tmp_path / "app.yaml"
    path.write_text(write(tmp_path, valid_application()).read_text(encoding="utf-8").replace(
        "plan_name: 虚构示例", 'plan_name: "\\a虚构示例', 1).replace("试点方案\n", '试点方案"\n', 1), encoding="utf-8")
    check_and_build_refuse(tmp_path, path, "控制字符")


def test_referenced_file_outside_the_folder(tmp_path):
    path = write(tmp_path, mutated(**{"parts.it_construction": {"file": "../../etc/passwd"}}))
    check_and_build_refuse(tmp_path, path, "不在申报文件所在目录内")


def test_alias_expansion_payload(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
                                                      for i in range(1, 12)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check_and_build_refuse(tmp_path, path, "锚点")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    check_and_build_refuse(tmp_path, path, "空")
    empty_docx = tmp_path / "empty.docx"
    empty_docx.write_bytes(b"")
    assert_refused(kit("check", empty_docx))


def test_binary_file_named_yaml(tmp_path):
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    check_and_build_refuse(tmp_path, path)


def test_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    assert_refused(kit("check", path), "无法读取 Word 文档")


def test_zip_bomb(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<a>" + b"0" * (300 * 1024 * 1024) + b"</a>")
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_refused(kit("check", path), "过大")


def _docx_with_document(tmp_path, name: str, document: bytes, content_types: bytes = b"<Types/>") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("word/document.xml", document)
    return path


def test_xml_external_entity(tmp_path):
    payload = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:document>')
    result = kit("check", _docx_with_document(tmp_path, "xxe.docx", payload))
    assert_refused(result)
    assert "root:" not in result.stdout + result.stderr


def test_entity_expansion(tmp_path):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                                                      for p, c in zip("abcdefgh", "bcdefghi"))
    payload = f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><d>&i;</d>'.encode()
    assert_refused(kit("check", _docx_with_document(tmp_path, "billion.docx", payload)))


def test_docm_with_macros(tmp_path, word_templates):
    assert_refused(kit("check", tmp_path.joinpath("x.docm").write_bytes(b"") or tmp_path / "x.docm"), "宏")
    renamed = tmp_path / "macro.docx"
    with zipfile.ZipFile(word_templates["annex"]) as src, zipfile.ZipFile(renamed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            dst.writestr(item, data)
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really")
    assert_refused(kit("check", renamed), "宏")


def test_docx_made_from_another_template(tmp_path):
    import docx

    other = tmp_path / "other.docx"
    document = docx.Document()
    document.add_paragraph("这是一份普通的 Word 文档。")
    document.save(other)
    assert_refused(kit("check", other), "不是工作方案", "基本信息表", "1 段文字")
