"""`kit check --format json` prints one JSON object on stdout for every exit code; exit 2 also explains on stderr."""

from __future__ import annotations

import json

import pytest

from appfactory import mutated, valid_application, write
from kit.cli import main


def run(capsys, *argv: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_exit_0_lists_the_file_without_findings(tmp_path, capsys):
    path = write(tmp_path, valid_application())
    code, data, err = run(capsys, path)
    assert (code, data, err) == (0, {"files": [{"file": str(path), "findings": []}]}, "")


def test_exit_1_lists_the_findings(tmp_path, capsys):
    path = write(tmp_path, mutated(**{"lead.phone": "电话待定"}))
    code, data, _ = run(capsys, path)
    (finding,) = data["files"][0]["findings"]
    assert code == 1 and "error" not in data
    assert (finding["rule"], finding["severity"], finding["field"]) == ("FIELD-FORMAT", "error", "lead.phone")


def _error(capsys, path) -> tuple[dict, str]:
    code, data, err = run(capsys, path)
    assert code == 2 and data["files"] == []
    error = data["error"]
    assert set(error) >= {"message", "file", "line", "column", "field", "hint"}
    assert error["message"] and error["hint"] and error["file"] == str(path)
    assert err.startswith("错误：") and "Traceback" not in err
    assert all(p["message"] in err and p["message"] in error["message"] for p in error["problems"])
    return error, err


def test_exit_2_for_a_yaml_syntax_error_gives_line_and_column(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("plan_name: 方案\nlead: [\n", encoding="utf-8")
    error, _ = _error(capsys, path)
    assert error["line"] and error["column"] and "YAML" in error["message"]


def test_exit_2_for_a_wrong_type_names_the_field(tmp_path, capsys):
    path = write(tmp_path, mutated(**{"lead": "不是一个表"}))
    error, _ = _error(capsys, path)
    assert error["problems"] and all(p["file"] == str(path) for p in error["problems"])


def test_exit_2_with_several_problems_lists_each_with_its_place(tmp_path, capsys):
    path = write(tmp_path, mutated(**{"lead.name": ["列表"], "joint.0.name": {"a": 1}}))
    error, _ = _error(capsys, path)
    assert [p["field"] for p in error["problems"]] == ["lead.name", "joint.0.name"]
    assert all(p["line"] and p["column"] for p in error["problems"]) and error["field"] == "lead.name"


@pytest.mark.parametrize("name,content", [("missing.yaml", None), ("not-a-document.docx", b"hello"),
                                          ("plan.txt", b"text")])
def test_exit_2_for_a_file_that_cannot_be_used(tmp_path, capsys, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    _error(capsys, path)


def test_exit_2_after_a_good_file_prints_only_the_error(tmp_path, capsys):
    good = write(tmp_path, valid_application())
    code, data, _ = run(capsys, good, tmp_path / "missing.yaml")
    assert code == 2 and data["files"] == [] and data["error"]["file"] == str(tmp_path / "missing.yaml")


def test_text_format_on_exit_2_prints_nothing_on_stdout(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "文件不存在" in err
