"""The lock files install on any machine: they name no package index, no find-links and no local path."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPILED = ["requirements.lock", "requirements-dev.lock"]  # written by pip-compile (see their headers)
LOCKS = ["requirements-pip.lock", *COMPILED]  # requirements-pip.lock: pip itself, one hashed pin
# pip's options that point at where packages come from; a lock is only pins and hashes
WHERE_FROM = re.compile(
    r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--no-index)\b", re.M)
LOCAL = re.compile(r"file:|(?:^|[\s=@])/(?:opt|home|root|tmp|work|usr|srv|mnt|var)/|[A-Za-z]:\\\\", re.M)


def _requirement_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@pytest.mark.parametrize("lockfile", LOCKS)
def test_lock_names_no_index_or_find_links(lockfile: str) -> None:
    text = (ROOT / lockfile).read_text(encoding="utf-8")
    found = WHERE_FROM.findall(text)
    assert not found, f"{lockfile} names where packages come from ({found}); regenerate it with --no-emit-index-url --no-emit-find-links"


@pytest.mark.parametrize("lockfile", LOCKS)
def test_lock_names_no_local_path(lockfile: str) -> None:
    lines = [ln for ln in _requirement_lines((ROOT / lockfile).read_text(encoding="utf-8")) if LOCAL.search(ln)]
    assert not lines, f"{lockfile} names a local path: {lines[:3]}"


@pytest.mark.parametrize("lockfile", LOCKS)
def test_lock_pins_every_package_with_hashes(lockfile: str) -> None:
    lines = _requirement_lines((ROOT / lockfile).read_text(encoding="utf-8"))
    pins = [ln for ln in lines if not ln.startswith(" ")]
    assert pins, f"{lockfile} pins nothing"
    for pin in pins:
        assert re.match(r"^[A-Za-z0-9._-]+==[^\s\\]+ \\$", pin), f"{lockfile}: not a hashed pin: {pin!r}"


@pytest.mark.parametrize("lockfile", COMPILED)
def test_lock_header_regenerates_without_local_indexes(lockfile: str) -> None:
    header = (ROOT / lockfile).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "--no-emit-index-url" in header and "--no-emit-find-links" in header


@pytest.mark.parametrize("line", [
    "--extra-index-url file:///opt/pypi/simple", "--find-links /opt/wheels", "-i https://example.org/simple",
    "--index-url=https://example.org/simple",
])
def test_the_check_catches_an_index_line(line: str) -> None:
    assert WHERE_FROM.search(line + "\n")


@pytest.mark.parametrize("line", ["foo @ file:///opt/wheels/foo-1.0-py3-none-any.whl", "/opt/wheels/foo.whl"])
def test_the_check_catches_a_local_path(line: str) -> None:
    assert LOCAL.search(line)
