"""A real `kg serve` keeps answering while a real `kg build` writes the same store in another process.

`kg serve` copies the store into memory at start (KG_SERVE_SNAPSHOT=memory, the default) and lets
go of its files, so a build may run meanwhile. While the build adds articles, every answer the
running server gives must be exactly the answer it gave before the build started (no partial
article, no new one, no error); once the build has finished, a newly started server sees all of it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kg.ingest.build import build
from kg.core.settings import Settings
from kg.store import open_store
from tests.live_server import live_server
from tests.conftest import PROJECT_CORPUS

pytestmark = [pytest.mark.slow, pytest.mark.network]

BUILD_TIME_LIMIT_S = 300
ARTICLE_GRAPHS = """SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a aig:Article } }"""


def _snapshot(client: httpx.Client) -> tuple[str, object, object]:
    count = client.get("/sparql", params={"query": ARTICLE_GRAPHS},
                       headers={"Accept": "application/sparql-results+json"})
    deps = client.get("/dependencies", params={"limit": 1000})
    articles = client.get("/articles", params={"limit": 1000})
    for r in (count, deps, articles):
        assert r.status_code == 200, r.text
    return count.json()["results"]["bindings"][0]["n"]["value"], deps.json(), articles.json()


def test_a_served_snapshot_answers_unchanged_while_a_build_writes_and_a_restart_sees_the_build(tmp_path: Path):
    files = sorted(PROJECT_CORPUS.glob("[0-9]*.md"))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, (first if i < len(files) // 2 else second) / f.name)
    settings = Settings(store_path=tmp_path / "store")
    with open_store(settings) as store:
        assert build([str(first)], settings, store).ingested

    with live_server(settings) as base, httpx.Client(base_url=base, timeout=60) as client:
        before = _snapshot(client)
        assert int(before[0]) == len(files) // 2
        writer = subprocess.Popen([str(Path(sys.executable).with_name("kg")), "--store-path", str(settings.store_path),
                                   "build", str(first), str(second), "--quiet"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        reads = 0
        try:
            deadline = time.monotonic() + BUILD_TIME_LIMIT_S
            while writer.poll() is None:
                assert time.monotonic() < deadline, "kg build did not finish in time"
                assert _snapshot(client) == before
                reads += 1
            output = writer.stdout.read()
        finally:
            if writer.poll() is None:
                writer.kill()
            writer.wait()
        assert writer.returncode == 0, output
        assert f"{len(files) - len(files) // 2} articles ingested" in output
        assert reads >= 1
        assert _snapshot(client) == before  # the running server still serves what it copied

    with live_server(settings) as base, httpx.Client(base_url=base, timeout=60) as client:
        after = _snapshot(client)
    assert int(after[0]) == len(files)
    assert after[1]["total"] > before[1]["total"] and after[2]["total"] == len(files)
