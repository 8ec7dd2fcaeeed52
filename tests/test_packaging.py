"""The project as a wheel: built, installed apart from the source tree, and extracting an article with its data files."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import kg, extractors
from kg.ingest.build import get_extractor
from kg.core.settings import Settings
assert kg.__file__.startswith({site!r}), kg.__file__
ex = get_extractor(Settings().model)
assert ex.relation_model is not None, "the learned relation model is missing from the wheel"
got = ex.extract("Vietnam relies on Japanese lithography tools. Canada banned exports of GPUs to Cuba.")
print(len(got.actors), len(got.relations))
"""


@pytest.mark.slow
def test_a_wheel_installed_apart_from_the_source_extracts_with_its_data(tmp_path):
    # built from a copy: setuptools writes build/ and *.egg-info beside the sources
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", ".kg", "build", "*.egg-info",
                                                                "__pycache__", "tests", "exports", "bench-results"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(source)], check=True, capture_output=True, text=True)
    wheel = next(wheels.glob("aigeo_kg-*.whl"))
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True)
    # the wheel's modules come first on the path; dependencies come from the running environment
    proc = subprocess.run([sys.executable, "-c", PROBE.format(site=str(site))], cwd=tmp_path, capture_output=True,
                          text=True, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    actors, relations = map(int, proc.stdout.split())
    assert actors >= 4 and relations >= 2
