"""Command line: `kit site` builds the site and kit. Thin layer over library functions."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from .errors import KitError


def _cmd_site(args: argparse.Namespace) -> int:
    from .sitebuild import build_site

    started = time.perf_counter()
    out = build_site(Path(args.config), Path(args.site_dir) if args.site_dir else None, strict=not args.no_strict)
    print(f"网站已生成：{out}（{time.perf_counter() - started:.1f} 秒）")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="网络安全保险服务试点：网站与申报文档工具包")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    site = sub.add_parser("site", help="生成网站与全部下载文件（原子替换 site/）")
    site.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    site.add_argument("--site-dir", help="输出目录（默认 site/）")
    site.add_argument("--no-strict", action="store_true", help="警告不视为错误（默认严格模式）")
    site.set_defaults(func=_cmd_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)  # warnings as they happen; errors come back as KitError
    handler.setFormatter(logging.Formatter("警告：%(message)s"))
    handler.addFilter(lambda record: record.levelno == logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        return args.func(args)
    except KitError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code if exc.exit_code else 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
