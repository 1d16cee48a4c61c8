"""requirements.lock pins exactly what pyproject.toml asks for, and the upgrade's guard notices a changed Material."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock)


def pins(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_the_lock_pins_every_package_this_environment_resolves():
    """Fails when pyproject.toml gained a dependency (or the lock an edit) without `python scripts/lock.py`."""
    expected = pins(lock.lock_text(lock.resolve(lock.project_requirements())))
    assert pins(lock.LOCK.read_text(encoding="utf-8")) == expected


def test_every_declared_dependency_is_pinned_within_its_range():
    pinned = {}
    for line in pins(lock.LOCK.read_text(encoding="utf-8")):
        name, _, version = line.partition("==")
        pinned[lock.canonicalize_name(name)] = version
    for requirement in lock.project_requirements():
        version = pinned.get(lock.canonicalize_name(requirement.name))
        assert version and requirement.specifier.contains(version, prereleases=True), requirement


def test_the_search_guard_passes_on_the_installed_material_and_fails_on_changed_code(tmp_path, capsys):
    assert lock.search_guard()
    (tmp_path / "search.1234abcd.min.js").write_text("for(let i=0;i<n;i++)segment(i)", encoding="utf-8")
    assert not lock.search_guard(tmp_path)
    assert "search_fix.py" in capsys.readouterr().err
