"""Regenerate the golden outputs under tests/golden/ so that a behaviour change shows up as a reviewable diff.

Usage: .venv/bin/python scripts/update_goldens.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.check.run import as_json, check_paths  # noqa: E402
from kit.edition import default_edition  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def findings_json(name: str) -> str:
    os.chdir(GOLDEN)  # file names in the output stay relative
    return as_json(check_paths([Path(name)], default_edition())) + "\n"


def main() -> None:
    for sample in sorted(GOLDEN.glob("*.yaml")):
        target = sample.with_suffix(".findings.json")
        target.write_text(findings_json(sample.name), encoding="utf-8")
        print(f"已更新 {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
