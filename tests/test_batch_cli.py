"""Many applications in one call: `kit build a.yaml b.yaml … -o 目录` and `kit check` with a file that cannot be
read among good ones. Each file gets its own result; one bad file fails the call but loses nothing of the others."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from appfactory import mutated, valid_application, write

pytestmark = pytest.mark.slow  # kit build and kit check in subprocesses, several files each

KIT = [sys.executable, "-m", "kit.cli"]


def kit(*args, timeout=300):
    return subprocess.run([*KIT, *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    good = [write(root, valid_application(), "甲医院.yaml"),
            write(root, mutated(**{"lead.name": "上海市示例区虚构乙医院"}), "乙医院.yaml")]
    broken = root / "坏文件.yaml"
    broken.write_text("plan_name: [未闭合\n", encoding="utf-8")
    done = kit("build", good[0], broken, good[1], "-o", root / "out")
    return root, good, broken, done


def test_build_writes_every_good_application_and_fails_the_call(batch):
    root, good, broken, done = batch
    assert done.returncode == 2, done.stderr
    for path in good:
        folder = root / "out" / path.stem
        names = {p.name for p in folder.iterdir()}
        assert {"工作方案.docx", "工作方案.pdf"} <= names
        assert any(n.startswith("责任声明-01-") and n.endswith(".pdf") for n in names)
        assert f"已生成：{folder / '工作方案.pdf'}" in done.stdout
    assert not (root / "out" / broken.stem).exists()
    assert "Traceback" not in done.stderr
    assert str(broken) in done.stderr and "错误：" in done.stderr
    assert "共 3 份申报文件：2 份已生成，1 份失败" in done.stderr


def test_build_of_one_file_writes_into_the_output_folder_itself(tmp_path):
    done = kit("build", write(tmp_path, valid_application()), "-o", tmp_path / "out", "--quiet")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "工作方案.pdf").is_file()


def test_check_names_every_unusable_file(batch, tmp_path):
    """Exit code 2 keeps its meaning (no findings: the set cannot be judged, see README), but every file that
    cannot be used is named, not only the first."""
    root, good, broken, _ = batch
    other = tmp_path / "方案.txt"
    other.write_text("不是申报文件", encoding="utf-8")
    text = kit("check", good[0], broken, good[1], other)
    assert text.returncode == 2 and text.stdout == ""
    assert str(broken) in text.stderr and str(other) in text.stderr and "Traceback" not in text.stderr
    assert "4 个文件中有 2 个无法检查" in text.stderr
    done = kit("check", "--format", "json", good[0], broken, good[1], other)
    assert done.returncode == 2
    data = json.loads(done.stdout)
    assert data["files"] == [] and data["error"]["file"] == str(broken)
    assert [u["file"] for u in data["unusable"]] == [str(broken), str(other)]


def test_check_of_good_files_together_exits_by_their_findings(batch):
    _, good, _, _ = batch
    done = kit("check", "--format", "json", *good)
    assert done.returncode in (0, 1) and "error" not in json.loads(done.stdout)
    assert len(json.loads(done.stdout)["files"]) == 2
