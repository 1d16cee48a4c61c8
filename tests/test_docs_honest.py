"""The docs stay honest: every CLI command and option, and every checker rule, is documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kit.check import rules  # noqa: F401
from kit.check.findings import RULES
from kit.check.run import PROJECT_RULE
from kit.cli import build_parser
from kit.edition import default_edition

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ["site", "new", "check", "build"]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_shows_the_usage_line_of_every_command(command):
    env = {**os.environ, "COLUMNS": "120"}
    usage = subprocess.run([sys.executable, "-m", "kit.cli", command, "--help"], capture_output=True, text=True,
                           env=env, check=True).stdout.splitlines()[0]
    assert usage in README, f"README 中缺少或过时：{usage}"


def test_every_option_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        for action in command._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in README, f"kit {name} {flag} 未写入 README"


def test_every_rule_is_documented_in_readme_and_on_the_site(site_dir):
    page = (site_dir / "checker.html").read_text(encoding="utf-8")
    for rule in [r.id for r in RULES] + [PROJECT_RULE]:
        assert f"`{rule}`" in README, rule
    for rule in RULES:
        assert rule.id in page and default_edition().basis(rule.id).source in page
