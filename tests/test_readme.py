"""The README is the manual: its two set-up commands, every setting and every `kg` command."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from kg.cli.app import app
from kg.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert m, f"README has no section '## {title}'"
    return m.group(1)


def _setup_commands() -> list[str]:
    return [b.strip() for b in re.findall(r"```(?:sh|bash|console)?\n(.*?)```", _section("Two commands"), re.S)]


def _commands() -> list[str]:
    return sorted(typer.main.get_command(app).commands)


def test_readme_has_exactly_two_setup_commands_of_one_line_each() -> None:
    cmds = _setup_commands()
    assert len(cmds) == 2, cmds
    assert all("\n" not in c for c in cmds), "each set-up command is one line to copy"


def test_first_command_installs_builds_the_corpus_and_asks_who_depends_on_whom() -> None:
    first = _setup_commands()[0]
    assert first.startswith("python3 -m venv .venv")
    assert "kg build corpus" in first
    last = first.split("&&")[-1].strip()
    assert shlex.split(last)[:2] == [".venv/bin/kg", "ask"]
    assert "depends on" in last and "chips" in last


def test_second_command_installs_test_needs_and_runs_pytest() -> None:
    second = _setup_commands()[1]
    assert second.startswith("python3 -m venv .venv")
    assert second.split("&&")[-1].strip() == ".venv/bin/python -m pytest"


def test_ci_runs_exactly_the_second_command() -> None:
    lines = [ln.strip() for ln in (ROOT / ".ci/run").read_text().splitlines()]
    commands = [ln for ln in lines if ln and not ln.startswith("#") and not ln.startswith(("set ", "cd "))]
    # besides it, only the system browser the web tests drive (Debian's chromium) and the Virtuoso server the
    # store tests start, both named in the README (installed without debconf prompts), and CI=true (a missing
    # Virtuoso then fails, not skips)
    system = [c for c in commands if c.startswith("apt-get ") or c in ("export CI=true", "export DEBIAN_FRONTEND=noninteractive")]
    assert [c for c in commands if c not in system] == [_setup_commands()[1]]
    assert all("install -y chromium virtuoso-opensource" in c for c in system if " install " in c)
    assert not system or ("apt-get install chromium" in README and "apt-get install virtuoso-opensource" in README)


@pytest.mark.parametrize("lockfile", ["requirements-pip.lock", "requirements.lock", "requirements-dev.lock"])
def test_lock_files_named_by_the_commands_exist(lockfile: str) -> None:
    assert lockfile in " ".join(_setup_commands())
    assert (ROOT / lockfile).is_file()


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_in_the_configuration_table(name: str) -> None:
    rows = [ln for ln in _section("Configuration").splitlines() if ln.startswith("|")]
    row = next((r for r in rows if r.split("|")[1].strip() == name), None)
    assert row is not None, f"setting {name} is missing from the README's configuration table"
    assert f"`KG_{name.upper()}`" in row
    default = Settings.model_fields[name].default
    assert str(default) in row, f"the README gives another default for {name} than {default!r}"


def test_configuration_table_lists_no_setting_that_does_not_exist() -> None:
    rows = [ln for ln in _section("Configuration").splitlines() if ln.startswith("|")][2:]
    named = {r.split("|")[1].strip() for r in rows}
    assert named <= set(Settings.model_fields)


def test_the_cli_has_the_foundation_commands() -> None:
    assert {"build", "extract", "query", "stats", "validate", "settings"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_registered_kg_command_is_documented(command: str) -> None:
    assert re.search(rf"`kg {re.escape(command)}\b", README), f"`kg {command}` is not documented in the README"


def test_example_outputs_carry_no_numbers_that_go_stale_with_the_corpus() -> None:
    """Export sizes and chokepoint scores change with every corpus or extractor change: the README shows their shape."""
    wrote = re.findall(r"^wrote \S+ \((.*)\)$", README, re.M)
    assert wrote, "the README shows what `kg export` writes"
    assert all(not re.search(r"\d", w) for w in wrote), wrote
    chokepoints = re.search(r"^\$ kg chokepoints.*?\n(.*?)^```", README, re.M | re.S)
    assert chokepoints and not re.search(r"\d\.\d\d", chokepoints.group(1))
