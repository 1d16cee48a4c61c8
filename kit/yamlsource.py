"""Load YAML safely and remember where every key and value came from, so that errors name file, line and column.

Only plain data is accepted (mappings, sequences, scalars): no tags, no Python objects. Anchors/aliases are
refused, which also rules out alias-expansion ("billion laughs") payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location

Path_ = tuple[str | int, ...]

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class SourceMap:
    """Maps a key path such as ("limits", "max_joint_applicants") to its Location."""

    file: str
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    block_scalars: set[Path_] = field(default_factory=set)  # values written as | or > blocks
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # where each value starts

    def locate(self, path: Path_) -> Location:
        """The location of the deepest known prefix of *path* (a missing key points at its parent)."""
        key = ".".join(str(p) for p in path) or None
        probe = tuple(path)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, col = self.marks.get(probe, (1, 1))
        return Location(self.file, line, col, key)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _Builder:
    """Turns a composed YAML node tree into plain data, recording the mark of every key and value."""

    def __init__(self, file: str):
        self.file = file
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.block_scalars: set[Path_] = set()
        self.value_marks: dict[Path_, tuple[int, int]] = {}
        self._scalars = yaml.SafeLoader("")

    def error(self, node: yaml.Node, message: str, hint: str) -> InputError:
        mark = node.start_mark
        return InputError(message, Location(self.file, mark.line + 1, mark.column + 1), hint)

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        self.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.error(key_node, "键必须是简单的文字", "把键写成简单的文字，例如 name:")
                key = key_node.value
                if key in result:
                    raise self.error(key_node, f"键“{key}”重复出现", "删除重复的键，只保留一个")
                child = path + (key,)
                self.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.style in ("|", ">"):
            self.block_scalars.add(path)
        if node.tag not in _PLAIN_TAGS:
            raise self.error(node, f"不支持的 YAML 标签 {node.tag}", "删除以 ! 开头的标签")
        try:
            return self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.error(node, f"无法识别的值：{exc}", "检查日期或数字的写法，或给值加上引号") from None


def load_text(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML *text*; return the plain data and its source map. Raises InputError with line and column."""
    if "\x00" in text:
        raise InputError("文件包含空字符（\\0），不是文本格式的 YAML", Location(file), "请用文本编辑器另存为 UTF-8 文本")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(
            f"YAML 语法错误：{exc.problem or exc.context}",
            Location(file, line, col),
            "检查该行的缩进、冒号后的空格和引号是否成对",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML 无法解析：{exc}", Location(file), "检查文件是否为 UTF-8 文本的 YAML") from None
    if node is None:
        raise InputError("文件是空的", Location(file), "按模板填写内容后再试")
    if _has_alias(node, set()):
        raise InputError("不支持 YAML 锚点/别名（& 和 *）", Location(file), "把引用处直接写成完整内容")
    builder = _Builder(file)
    data = builder.build(node)
    return data, SourceMap(file, builder.marks, builder.block_scalars, builder.value_marks)


def _has_alias(node: yaml.Node, seen: set[int]) -> bool:
    if id(node) in seen:
        return True  # a node reached twice is an alias
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return any(_has_alias(k, seen) or _has_alias(v, seen) for k, v in node.value)
    if isinstance(node, yaml.SequenceNode):
        return any(_has_alias(v, seen) for v in node.value)
    return False


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> tuple[Any, SourceMap]:
    """Read and parse a YAML file with size and encoding checks."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("文件不存在", Location(name), "检查路径和文件名是否正确") from None
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror}）", Location(name), "检查文件权限") from None
    if not path.is_file():
        raise InputError("这不是一个文件", Location(name), "请给出 .yaml 文件的路径")
    if size > max_bytes:
        raise InputError(
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {max_bytes // 1024 // 1024} MB）",
            Location(name),
            "长篇内容请放在单独的 Markdown 文件中引用，或删减无关内容",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("文件不是 UTF-8 编码", Location(name, line), "用编辑器另存为 UTF-8 编码") from None
    return load_text(text, name)
