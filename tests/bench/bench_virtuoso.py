"""Benchmark (issue #12): Virtuoso as kg's store. Ingest quads/s of kg's write path (one DROP + INSERT DATA
request per article, as `kg build` writes) against Virtuoso's own bulk loader (`ld_dir` + `rdf_loader_run`
through isql) of the same N-Quads; and the named questions (tests.bench.bench_query.CASES, the same kg code)
on Virtuoso against embedded Oxigraph holding the same generated graph. Both measured in one run on a
throwaway server on 127.0.0.1 (tests/virtuoso_server.py).
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from kg.core.settings import Settings
from kg.store import open_store
from kg.store.formats import N_QUADS, serialize
from kg.store.oxigraph import OxigraphStore
from kg.store.virtuoso import VirtuosoStore
from tests.virtuoso_server import VirtuosoServer

from . import synth
from .bench_query import CASES, _measure, _popular_actor
from .common import table, verdict, write_result

TARGET_INGEST = 0.25  # kg's per-article transactions reach a quarter of the bulk loader's quads/s
LOADER_GRAPH = "https://w3id.org/aigeo/graph/default"
BUFFERS = 100_000  # 8 KB pages: ~800 MB of cache, what the graph needs to stay in memory


def _store(server: VirtuosoServer) -> VirtuosoStore:
    return open_store(Settings(store="virtuoso", virtuoso_url=server.url, virtuoso_user=server.user,
                               virtuoso_password=server.password))  # type: ignore[return-value]


def _bulk_loader(server: VirtuosoServer, nq: Path) -> float:
    """Seconds of Virtuoso's own loader over the file, committed and checkpointed."""
    t = time.perf_counter()
    server.isql(f"ld_dir('{nq.parent}', '{nq.name}', '{LOADER_GRAPH}'); rdf_loader_run(); checkpoint;")
    return time.perf_counter() - t


def _questions(store: VirtuosoStore, nq: Path, quick: bool, result: dict) -> dict:
    """The named questions on Virtuoso and on Oxigraph in memory holding the same N-Quads."""
    oxigraph = OxigraphStore(None)
    t = time.perf_counter()
    oxigraph.bulk_load(nq, N_QUADS)
    result["oxigraph_load_s"] = round(time.perf_counter() - t, 2)
    actor = _popular_actor(oxigraph)
    assert _popular_actor(store) == actor
    reps, budget = (3, 5.0) if quick else (7, 20.0)
    sink: dict = {}
    _measure(oxigraph, actor, reps, budget, sink, "oxigraph_memory")
    _measure(store, actor, reps, budget, sink, "virtuoso")
    result["queries"] = sink
    return sink


def run(quick: bool = False) -> dict:
    n_claims = 5_000 if quick else 30_000
    static = synth.static_quads()
    articles = list(synth.claims_graph(n_claims, seed=2))
    total = sum(len(q) for _, q in articles)
    result: dict = {"claims": n_claims, "articles": len(articles), "article_quads": total}
    with tempfile.TemporaryDirectory(prefix="bench-virtuoso-") as tmp:
        tmp = Path(tmp)
        nq = tmp / "claims.nq"
        with nq.open("wb") as f:
            f.write(serialize(static, N_QUADS))
            for _, qs in articles:
                f.write(serialize(qs, N_QUADS))
        loaded = total + len(static)

        # baseline: Virtuoso's bulk loader reading the N-Quads file on the server's side (a fresh server)
        with VirtuosoServer(tmp / "loader", buffers=BUFFERS) as server:
            shutil.copy(nq, server.load_dir / nq.name)
            server.isql("checkpoint;")
            empty_bytes = (server.folder / "kg.db").stat().st_size  # a new database's own ~50 MB
            loader_s = _bulk_loader(server, server.load_dir / nq.name)
            assert _store(server).quad_count() == loaded
            db_bytes = (server.folder / "kg.db").stat().st_size - empty_bytes  # checkpointed; grows by extents

        # kg build's path: one request per article (DROP SILENT GRAPH + INSERT DATA + the state mark)
        with VirtuosoServer(tmp / "kg", buffers=BUFFERS) as server:
            store = _store(server)
            t = time.perf_counter()
            for iri, qs in articles:
                store.replace_graph(iri, qs)
            kg_s = time.perf_counter() - t
            assert store.quad_count() == total
            # what a re-run of kg build asks of the store per unchanged article (then writes nothing)
            t = time.perf_counter()
            for iri, _ in articles[:500]:
                store.article_state(iri)
            state_ms = (time.perf_counter() - t) / min(500, len(articles)) * 1000

        # kg's own bulk_load (chunked INSERT DATA, no transaction across chunks), then the named questions
        with VirtuosoServer(tmp / "chunked", buffers=BUFFERS) as server:
            store = _store(server)
            t = time.perf_counter()
            store.bulk_load(nq, N_QUADS)
            chunked_s = time.perf_counter() - t
            assert store.quad_count() == loaded
            sink = _questions(store, nq, quick, result)

    result["ingest"] = {
        "loader_s": round(loader_s, 2), "loader_quads_per_s": round(loaded / loader_s),
        "kg_replace_graph_s": round(kg_s, 2), "kg_quads_per_s": round(total / kg_s),
        "kg_bulk_load_s": round(chunked_s, 2), "kg_bulk_load_quads_per_s": round(loaded / chunked_s),
        "ratio_kg_to_loader": round((total / kg_s) / (loaded / loader_s), 3),
        "article_state_ms": round(state_ms, 2), "db_bytes": db_bytes, "db_bytes_per_quad": round(db_bytes / loaded, 1)}

    rows = [["Virtuoso bulk loader (ld_dir + rdf_loader_run)", f"{loaded / loader_s:,.0f}", f"{loader_s:.1f}", "1.00"],
            ["kg replace_graph per article (kg build's path)", f"{total / kg_s:,.0f}", f"{kg_s:.1f}",
             f"{result['ingest']['ratio_kg_to_loader']:.2f}"],
            ["kg bulk_load (chunked INSERT DATA)", f"{loaded / chunked_s:,.0f}", f"{chunked_s:.1f}",
             f"{(loaded / chunked_s) / (loaded / loader_s):.2f}"]]
    print(table(f"ingest into Virtuoso: {len(articles):,} articles, {n_claims:,} claims, {total:,} quads",
                ["path", "quads/s", "s", "× loader"], rows))
    qrows = []
    for c in CASES:
        entry = sink[c.label]
        ox, vi = entry["oxigraph_memory"]["median_ms"], entry["virtuoso"]["median_ms"]
        qrows.append([c.label[:70], ox, vi, round(vi / ox, 1) if ox else None,
                      entry["oxigraph_memory_size"] == entry["virtuoso_size"]])
    qrows.append(["(once per snapshot) catalog s", round(sink["_catalog_s"]["oxigraph_memory"], 2),
                  round(sink["_catalog_s"]["virtuoso"], 2), None, None])
    qrows.append(["(once per snapshot) relation index s", round(sink["_index_s"]["oxigraph_memory"], 2),
                  round(sink["_index_s"]["virtuoso"], 2), None, None])
    print(table("named questions, median ms", ["question", "Oxigraph (memory)", "Virtuoso", "× Oxigraph",
                                               "same size"], qrows))
    ok = result["ingest"]["ratio_kg_to_loader"] >= TARGET_INGEST
    result["target"] = {"ingest_ratio": TARGET_INGEST, "met": ok}
    print(f"kg's write path ≥ {TARGET_INGEST} × the bulk loader: {verdict(ok)}")
    write_result("virtuoso", result)
    return result
