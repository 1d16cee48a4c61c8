"""The search index as the browser gets it: ranked by page kind, with the synonyms, and about half the bytes.

Material's search plugin writes search/search_index.json with every non-ASCII character escaped (\\uXXXX, six bytes
for a three-byte character) and a zero-width space around every jieba token, also next to punctuation and tags,
where the tokenizer splits anyway. After it, this module rewrites the file:

- punctuation becomes a separator of the index (config.separator), so the zero-width spaces beside punctuation,
  spaces and tags are dropped; the tokens are the same;
- UTF-8 as is, no escapes;
- each page gets the boost of its kind and, for the fictional examples, an excerpt of each section instead of its
  full text (kit/website/search.yaml);
- the synonyms go into config.synonyms, where the query code in the worker (search_query.js) reads them.

The offline plugin then writes search_index.js from this file.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..yamlsource import load_file

DATA = Path(__file__).with_name("search.yaml")
ZWSP = "\u200b"
# Punctuation that separates words: Chinese full-width marks and ASCII ones that jieba emits as tokens of their own.
PUNCTUATION = "、，。；：？！“”‘’（）《》〔〕【】「」『』·…—/,.;:?!()\\[\\]\"'"
SEPARATOR = rf"[\s\u200b\-{PUNCTUATION}]+"
_LEADING = re.compile(rf"(?<=[>\s{PUNCTUATION}])\u200b+|^\u200b+")
_TRAILING = re.compile(rf"\u200b+(?=[<\s{PUNCTUATION}])|\u200b+$")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Kind:
    name: str
    pages: tuple[str, ...]
    boost: float
    excerpt: int | None = None

    def matches(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.pages)


@dataclass(frozen=True)
class SearchData:
    kinds: tuple[Kind, ...]
    synonyms: tuple[tuple[str, ...], ...]

    def kind(self, path: str) -> Kind:
        return next(k for k in self.kinds if k.matches(path))


def load(path: Path = DATA) -> SearchData:
    """The ranking and synonyms; a mistake in the file stops the build with its line."""
    data, source = load_file(path)

    def fail(where: tuple, message: str) -> InputError:
        return InputError(message, source.locate(where), f"按 {path.name} 开头的说明改正")

    if not isinstance(data, dict) or not isinstance(data.get("ranking"), list) or not isinstance(
            data.get("synonyms"), list):
        raise InputError("应有 ranking 和 synonyms 两个列表", Location(str(path)), f"按 {path.name} 开头的说明改正")
    kinds = []
    for i, row in enumerate(data["ranking"]):
        if not isinstance(row, dict) or not isinstance(row.get("kind"), str) or not isinstance(
                row.get("pages"), list) or not isinstance(row.get("boost"), (int, float)) or row["boost"] <= 0:
            raise fail(("ranking", i), "每一类页面应有 kind（名称）、pages（路径模式列表）和 boost（正数）")
        excerpt = row.get("excerpt")
        if excerpt is not None and (not isinstance(excerpt, int) or excerpt < 1):
            raise fail(("ranking", i, "excerpt"), "excerpt 应为正整数（字数）")
        kinds.append(Kind(row["kind"], tuple(str(p) for p in row["pages"]), float(row["boost"]), excerpt))
    if not kinds or kinds[-1].pages != ("*",):
        raise fail(("ranking",), "最后一类页面应为 pages: [\"*\"]，以便每个页面都有所属类别")
    groups = []
    for i, group in enumerate(data["synonyms"]):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) and w.strip() for w in group):
            raise fail(("synonyms", i), "每组同义词应是至少两个词的列表")
        groups.append(tuple(group))
    return SearchData(tuple(kinds), tuple(groups))


def compact(text: str) -> str:
    """*text* without the zero-width spaces that the separator makes redundant."""
    return _TRAILING.sub("", _LEADING.sub("", text))


def excerpt(html: str, limit: int) -> str:
    """The first *limit* characters of *html*'s text, ending at a token boundary, as one paragraph."""
    text = re.sub(r"\s+", " ", _TAG.sub(" ", html)).strip()
    shown = 0
    for i, char in enumerate(text):
        if char != ZWSP:
            shown += 1
        if shown > limit:
            cut = max(text.rfind(ZWSP, 0, i), text.rfind(" ", 0, i))
            text = text[:cut if cut > 0 else i].rstrip(ZWSP + " ") + "…"
            break
    return f"<p>{text}</p>" if text else ""


def rewrite(index: dict, data: SearchData) -> dict:
    """The index with the separator, boosts, excerpts and synonyms applied (a new dict)."""
    docs = []
    for doc in index["docs"]:
        kind = data.kind(doc["location"].split("#")[0])
        text = excerpt(doc["text"], kind.excerpt) if kind.excerpt else doc["text"]
        entry = {**doc, "title": compact(doc["title"]), "text": compact(text)}
        if kind.boost != 1:
            entry["boost"] = kind.boost * doc.get("boost", 1)
        docs.append(entry)
    config = {**index["config"], "separator": SEPARATOR, "synonyms": [list(g) for g in data.synonyms]}
    return {**index, "config": config, "docs": docs}


def serialise(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def apply(site_dir: Path, data: SearchData) -> None:
    """Rewrite site_dir/search/search_index.json in place (nothing to do when search is off)."""
    path = site_dir / "search" / "search_index.json"
    if path.exists():
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(serialise(rewrite(index, data)), encoding="utf-8")
