"""Command line: `kit site` builds the site and kit. Thin layer over library functions."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path

from .errors import KitError


def _cmd_site(args: argparse.Namespace) -> int:
    from .progress import Progress
    from .sitebuild import build

    result = build(Path(args.config), Path(args.site_dir) if args.site_dir else None, strict=not args.no_strict,
                   progress=Progress.auto())
    if result.skipped:
        print(f"网站已是最新：{result.site_dir}（源文件均未改变，无需重新生成）")
        return 0
    files = (f"下载文件 {len(result.rendered)} 个重新生成、{len(result.reused)} 个未改变"
             if result.rendered or result.reused else "")
    print(f"网站已生成：{result.site_dir}（{result.seconds:.1f} 秒{'；' + files if files else ''}）")
    return 0


def _edition(args: argparse.Namespace):
    from .edition import DEFAULT_EDITION, load_edition

    return load_edition(Path(args.edition) if args.edition else DEFAULT_EDITION)


def _cmd_new(args: argparse.Namespace) -> int:
    from .skeleton import write_skeleton

    write_skeleton(_edition(args), Path(args.path), force=args.force)
    print(f"已生成申报文件骨架：{args.path}（按注释填写，然后运行 kit check {args.path}）")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .check.run import as_json, as_text, check_each, error_as_json, has_errors

    try:
        results, failed = check_each([Path(p) for p in args.files], _edition(args))
        if failed:  # every unusable file is named, not only the first; no findings (exit code 2)
            if args.format == "json":
                print(error_as_json(failed[0], failed[1:]))
            for exc in failed:
                print(f"错误：{exc}", file=sys.stderr)
            if len(args.files) > 1:
                print(f"{len(args.files)} 个文件中有 {len(failed)} 个无法检查；改正后再一起检查", file=sys.stderr)
            return max(exc.exit_code for exc in failed)
    except KitError as exc:
        if args.format == "json":  # stdout stays parseable for every exit code; main() still prints to stderr
            print(error_as_json(exc))
        raise
    except MemoryError:
        if args.format == "json":
            print(error_as_json(KitError("输入过大，内存不足", hint="减小文件或分开检查")))
        raise
    print(as_json(results) if args.format == "json" else as_text(results))
    return 1 if has_errors(results) else 0


def output_folders(files: list[Path], output: Path) -> list[Path]:
    """Where each application's documents go: *output* itself for one file; for several, a folder per file in
    it, named after the file (its folder's name first where two files share a name, then numbered)."""
    if len(files) == 1:
        return [output]
    names = [f.stem for f in files]
    names = [f"{f.resolve().parent.name}-{n}" if names.count(n) > 1 else n for f, n in zip(files, names)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 and names.count(name) == 1 else f"{name}-{seen[name]}")
    return [output / name for name in unique]


def _cmd_build(args: argparse.Namespace) -> int:
    from .assemble import pdf_helper

    helper = pdf_helper()  # first: it loads the PDF renderer while this process loads the rest (kit.assemble)
    try:
        return _build_each(args, helper)
    finally:
        if helper:
            helper.shutdown(wait=True, cancel_futures=True)
        # The command ends here: Python's last garbage collection at exit need not walk everything the build
        # loaded and left (about a tenth of a second). Every file is written and closed by now.
        gc.freeze()


def _build_each(args: argparse.Namespace, helper) -> int:
    from .application import load_application
    from .assemble import build_application
    from .figures import collect

    def errors_of(loaded) -> list:
        from .check.run import check  # loaded once the PDFs are under way

        return [f for f in check(loaded, edition) if f.severity == "error"]

    edition = _edition(args)
    files = [Path(f) for f in args.files]
    quiet = args.quiet or not sys.stdout.isatty()
    failed = []
    for file, folder in zip(files, output_folders(files, Path(args.output))):
        try:  # one process for every application: the renderers start once; a failure stops only its own file
            loaded = load_application(file)
            errors = []
            built = build_application(  # checked while the PDFs are laid out
                loaded.app, edition, folder, progress=(lambda m: None) if quiet else print, figures=collect(loaded),
                helper=helper, meanwhile=lambda: errors.extend(errors_of(loaded)))
        except KitError as exc:
            if len(files) == 1:
                raise
            print(f"错误：{exc}", file=sys.stderr)
            failed.append((file, exc.exit_code))
            continue
        for path in built.files:
            print(f"已生成：{path}")
        if errors:
            print(f"注意：{file} 按通知规则检查发现 {len(errors)} 个错误，提交前请运行 kit check {file} 查看并修改。")
    if len(files) > 1:
        print(f"共 {len(files)} 份申报文件：{len(files) - len(failed)} 份已生成"
              + (f"，{len(failed)} 份失败（{'、'.join(str(f) for f, _ in failed)}，原因见上）" if failed else ""),
              file=sys.stderr if failed else sys.stdout)
    return max((code for _, code in failed), default=0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="网络安全保险服务试点：网站与申报文档工具包")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    site = sub.add_parser("site", help="生成网站与全部下载文件（原子替换 site/）")
    site.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    site.add_argument("--site-dir", help="输出目录（默认 site/）")
    site.add_argument("--no-strict", action="store_true", help="警告不视为错误（默认严格模式）")
    site.set_defaults(func=_cmd_site)

    new = sub.add_parser("new", help="生成带注释的申报文件骨架（YAML）")
    new.add_argument("path", nargs="?", default="申报文件.yaml", help="输出文件（默认 申报文件.yaml）")
    new.add_argument("--force", action="store_true", help="覆盖已有文件")
    new.set_defaults(func=_cmd_new)

    check = sub.add_parser("check", help="按通知的每条规则检查申报文件（.yaml）或填好的 Word 模板（.docx）")
    check.add_argument("files", nargs="+", metavar="文件", help="一个或多个 .yaml / .docx；一起检查时还核对每个申报主体的项目数")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    check.set_defaults(func=_cmd_check)

    build = sub.add_parser("build", help="由申报文件生成完整的工作方案（.docx、.pdf）和每个单位的责任声明")
    build.add_argument("files", nargs="+", metavar="申报文件",
                       help="kit new 生成并填写好的 .yaml，可以多份：每份的文件写入输出目录下以申报文件命名的子目录")
    build.add_argument("-o", "--output", required=True, metavar="目录", help="输出目录")
    build.add_argument("--quiet", action="store_true", help="不显示进度")
    build.set_defaults(func=_cmd_build)

    for command in (new, check, build):
        command.add_argument("--edition", help="版本数据文件（默认 kit/editions/2024.yaml）")
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
        return exc.exit_code
    except MemoryError:
        print("错误：输入过大，内存不足", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
