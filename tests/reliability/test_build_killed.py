"""A build killed with SIGKILL at random points leaves a store that opens and a re-run completes exactly.

The killed build runs in a child process that reports each article as it is written; the parent
kills it after a random number of articles plus a random delay (so the kill also lands inside a
transaction), opens the store, checks that every article graph present is complete, re-runs the
build and compares the whole store with a clean build. The only triples allowed to differ are the
extraction runs' prov:startedAtTime (a timestamp of when each build started).
"""
from __future__ import annotations

import hashlib
import random
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from kg.ingest.build import build
from kg.core.namespaces import PROV
from kg.core.settings import Settings
from kg.store import Store, open_store
from kg.store.ntriples import term_text
from tests.bench import synth

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 24
KILL_SEEDS = (11, 22, 33, 44)
STARTED = str(PROV.startedAtTime)
BNODE = re.compile(r"_:[A-Za-z0-9]+")

# The child: `kg build` through kg.ingest.build.build, printing a line per article written.
CHILD = """
import sys
from pathlib import Path
from kg.ingest.build import build
from kg.core.settings import Settings
from kg.store import open_store
s = Settings(store_path=Path(sys.argv[2]))
with open_store(s) as st:
    print("ready", flush=True)
    build([sys.argv[1]], s, st, on_progress=lambda path, status: print(status, path, flush=True))
print("done", flush=True)
"""


def graphs(store: Store) -> dict[str, tuple[str, ...]]:
    """Every graph's quads as sorted N-Quads lines, with build timestamps and blank node ids blanked out.

    (Blank nodes come from the ontology's OWL lists and get new ids on every parse.)
    """
    out: dict[str, list[str]] = defaultdict(list)
    for q in store.quads():
        obj = '"*"' if q.predicate.value == STARTED else term_text(q.object)
        out[str(q.graph)].append(BNODE.sub("_:b", f"{term_text(q.subject)} {term_text(q.predicate)} {obj}"))
    return {g: tuple(sorted(v)) for g, v in out.items()}


def digest(g: dict[str, tuple[str, ...]]) -> str:
    h = hashlib.sha256()
    for name in sorted(g):
        for line in sorted(g[name]):
            h.update(f"{line} {name}\n".encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kill-articles")
    synth.write_articles(folder, ARTICLES, seed=3, sentences=10)
    return folder


@pytest.fixture(scope="module")
def clean(articles, tmp_path_factory, extractor) -> dict[str, tuple[str, ...]]:
    s = Settings(store_path=tmp_path_factory.mktemp("kill-clean") / "store")
    with open_store(s) as st:
        report = build([str(articles)], s, st)
        assert len(report.ingested) == ARTICLES, report.skipped
        return graphs(st)


def kill_mid_build(articles: Path, store: Path, seed: int) -> int:
    """Start the child build and SIGKILL it after a random number of written articles; returns that number."""
    rng = random.Random(seed)
    after = rng.randrange(0, ARTICLES - 1)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(articles), str(store)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    written = 0
    deadline = time.monotonic() + 120
    try:
        for line in proc.stdout:
            if line.startswith("ingested"):
                written += 1
            if written > after or line.startswith("done"):
                break
            assert time.monotonic() < deadline, "the child build did not progress within 120 s"
        time.sleep(rng.uniform(0, 0.05))  # land anywhere, also inside the next article's write
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, proc.returncode
    return written


@pytest.mark.slow
@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_build_killed_at_random_point_reopens_and_rerun_matches_clean_build(seed, articles, clean, tmp_path, extractor):
    store_path = tmp_path / "store"
    written = kill_mid_build(articles, store_path, seed)

    s = Settings(store_path=store_path)
    with open_store(s) as st:  # the killed store opens read-write (RocksDB replays its log)
        after_kill = graphs(st)
        for g, quads in after_kill.items():
            # no partial article: every graph present is exactly its clean version
            assert quads == clean[g], f"graph {g} is partial after the kill"
        present = [g for g in after_kill if "/article/" in g]
        assert len(present) >= written, (len(present), written)

        report = build([str(articles)], s, st)
        assert len(report.ingested) + len(report.unchanged) == ARTICLES, report.skipped
        assert len(report.unchanged) == len(present)  # what survived the kill is not redone
        rerun = graphs(st)
    assert digest(rerun) == digest(clean)
