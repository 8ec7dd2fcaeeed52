"""Queries served while a build writes never see a partial article.

One thread writes articles through `OxigraphStore.replace_graph` (first as new graphs, then
replacing each with a smaller version: the DROP + INSERT path), while another thread sharing the
same Store keeps counting the quads of every article graph in one SPARQL query. Each count must be
0 (absent), the first version's or the second version's size, never anything in between.

This is tested inside one process sharing one Store, as a server holding the store open
read-write would share it. pyoxigraph documents a read-only open of a store another process
writes as undefined behaviour, so `kg serve` never reads files a build writes: it serves an
in-memory copy taken under a shared lock (or, with KG_SERVE_SNAPSHOT=disk, holds that lock so
builds refuse to start; kg/serving.py). The cross-process case, a real `kg serve` answering while
a real `kg build` writes, is test_serve_during_build.py.
"""
from __future__ import annotations

import threading

import pytest

from kg.store.oxigraph import OxigraphStore
from tests.bench import synth

ARTICLES = 150
TIME_LIMIT_S = 60

COUNTS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(article:))) }
            GROUP BY ?g"""


@pytest.fixture(scope="module")
def versions() -> tuple[list[tuple[str, list]], list[tuple[str, list]]]:
    first = list(synth.claims_graph(ARTICLES * 19, seed=9))
    # a changed article: the same graph with a third of its quads gone
    second = [(iri, qs[: len(qs) - max(1, len(qs) // 3)]) for iri, qs in first]
    return first, second


@pytest.mark.parametrize("on_disk", [True, False], ids=["on-disk", "in-memory"])
def test_reader_sharing_the_store_never_sees_a_partial_article(on_disk, versions, tmp_path):
    first, second = versions
    allowed = {iri: {len(a), len(b)} for (iri, a), (_, b) in zip(first, second)}
    store = OxigraphStore(tmp_path / "store" if on_disk else None)
    done = threading.Event()
    problems: list[str] = []
    checks = {"queries": 0, "graphs_seen": 0, "mid_write": 0}

    def writer() -> None:
        try:
            for batch in (first, second):
                for iri, qs in batch:
                    store.replace_graph(iri, qs)
        finally:
            done.set()

    def reader() -> None:
        while not done.is_set() or checks["queries"] < 3:
            seen = {}
            for row in store.query(COUNTS):
                g, n = row["g"].value, int(row["n"].value)
                if n not in allowed.get(g, ()):
                    problems.append(f"{g}: {n} quads, expected one of {sorted(allowed.get(g, ()))}")
                seen[g] = n
            checks["queries"] += 1
            checks["graphs_seen"] += len(seen)
            if not done.is_set() and (len(seen) < ARTICLES or len(set(seen.values())) > 1
                                      and any(n == max(allowed[g]) for g, n in seen.items())):
                checks["mid_write"] += 1
            if problems:
                return

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIME_LIMIT_S)
    assert not any(t.is_alive() for t in threads), f"did not finish within {TIME_LIMIT_S} s"
    assert not problems, problems[:5]
    # the reader really ran while the writer wrote (it saw the store between two articles), not only after
    assert checks["queries"] >= 3 and checks["mid_write"] >= 1, checks
    final = {row["g"].value: int(row["n"].value) for row in store.query(COUNTS)}
    assert final == {iri: len(qs) for iri, qs in second}
