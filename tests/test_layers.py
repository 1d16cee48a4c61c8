"""The kit's layers: a module imports only from its own layer and the layers below it (lazy imports included).
A module that is in no layer fails the test: add it where it belongs."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS = [  # lowest first
    ("foundation", ["kit.errors", "kit.yamlsource", "kit.edition", "kit.application", "kit.fonts", "kit.textwidth",
                    "kit.columns", "kit.reproducible", "kit.formgrid", "kit.markup", "kit.downloads", "kit.cache",
                    "kit.progress", "kit.sitestamp", "kit.skeleton", "kit.templating", "kit.cjk_lines",
                    "kit.pagemarkdown", "kit.figures", "kit.filling", "kit.edition_text", "kit.processes"]),
    ("Word", ["kit.docx"]),
    ("checker", ["kit.check"]),
    ("renderers", ["kit.pagecontext", "kit.pdf", "kit.training"]),
    ("builders", ["kit.assemble", "kit.examples", "kit.example_pages", "kit.source_package", "kit.catalogue", "kit.pipeline", "kit.offline"]),
    ("site", ["kit.website", "kit.sitebuild"]),
    ("command line", ["kit.cli"]),
]


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer of tests/test_layers.py: add it where it belongs")


def kit_imports(root: Path, path: Path) -> set[str]:
    """The kit modules *path* imports, anywhere in it; `from .x import name` counts as kit.…x.name when that is
    a module, else as kit.…x."""
    here = module_name(root, path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                sub = root.joinpath(*f"{target}.{alias.name}".split("."))
                found.add(f"{target}.{alias.name}" if sub.is_dir() or sub.with_suffix(".py").exists() else target)
    return {m for m in found if m.startswith("kit.")}


def modules(root: Path) -> list[Path]:
    return sorted(p for p in (root / "kit").rglob("*.py") if p != root / "kit" / "__init__.py")


def upward_imports(root: Path) -> list[str]:
    found = []
    for path in modules(root):
        here = module_name(root, path)
        for target in sorted(kit_imports(root, path)):
            if layer(target) > layer(here):
                found.append(f"{here} ({LAYERS[layer(here)][0]}) → {target} ({LAYERS[layer(target)][0]})")
    return found


def test_every_module_has_a_layer():
    for path in modules(ROOT):
        layer(module_name(ROOT, path))


def test_no_import_runs_upward():
    assert upward_imports(ROOT) == []


def test_renderers_do_not_import_the_site():
    for path in modules(ROOT):
        if module_name(ROOT, path).split(".")[1] in ("docx", "pdf", "training"):
            assert not {m for m in kit_imports(ROOT, path) if m.startswith("kit.website")}, path


def test_an_upward_import_is_reported(tmp_path):
    """The check can fail: a PDF module importing the site (as kit/pdf/pages.py once did) is reported."""
    (tmp_path / "kit" / "pdf").mkdir(parents=True)
    (tmp_path / "kit" / "website").mkdir()
    (tmp_path / "kit" / "pdf" / "pages.py").write_text("def f():\n    from ..website import macros\n")
    (tmp_path / "kit" / "website" / "macros.py").write_text("")
    assert upward_imports(tmp_path) == ["kit.pdf.pages (renderers) → kit.website.macros (site)"]
