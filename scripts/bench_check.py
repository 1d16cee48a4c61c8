"""Benchmark: checking a 100-page application (load + every rule), against plain YAML parsing of the same file.

Usage: .venv/bin/python scripts/bench_check.py [--runs N]
Prints medians and the ratio; a benchmark reports, it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from appfactory import valid_application, write  # noqa: E402
from kit.application import load_application  # noqa: E402
from kit.check.run import check  # noqa: E402
from kit.check.wordcount import count  # noqa: E402
from kit.edition import default_edition  # noqa: E402

PAGE_CHARS = 700  # a page of 四号 仿宋 with 1.5 spacing holds roughly 600–750 characters


def hundred_pages() -> dict:
    data = valid_application()
    paragraph = ("本院虚构示例的信息系统运行情况说明，包括 HIS、EMR、PACS 与 LIS，网络安全等级保护第三级系统按要求测评。" * 6 + "\n\n")
    per_part = 100 * PAGE_CHARS // 6
    for key in data["parts"]:
        data["parts"][key] = "### （一）概况\n\n" + paragraph * (per_part // len(paragraph) + 1)
    plan = data["service_plans"][0]["text"]
    data["service_plans"] = [{"title": f"方案{i}", "text": plan + paragraph * (per_part // len(paragraph))}
                             for i in range(1, 4)]
    return data


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    edition = default_edition()
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), hundred_pages())
        loaded = load_application(path)
        texts = list(loaded.app.parts.values()) + [p.text for p in loaded.app.service_plans]
        words = sum(count(t).words for t in texts)
        parse = timed(lambda: yaml.safe_load(path.read_text(encoding="utf-8")), args.runs)
        full = timed(lambda: check(load_application(path), edition), args.runs)
    pages = words / PAGE_CHARS
    p, f = statistics.median(parse), statistics.median(full)
    print(f"申报文件：{words} 字，约 {pages:.0f} 页（每页按 {PAGE_CHARS} 字计），{path.name}")
    print(f"基线  yaml.safe_load          中位数 {p * 1000:7.1f} ms（{args.runs} 次）")
    print(f"检查  载入 + 全部规则（kit check） 中位数 {f * 1000:7.1f} ms（{args.runs} 次），为基线的 {f / p:.1f} 倍")


if __name__ == "__main__":
    main()
