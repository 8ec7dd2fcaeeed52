"""Benchmark 2: quads/s of kg build's store path (replace_graph per article) against Store.bulk_load."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from kg.ingest.build import FLUSH_EVERY
from kg.store.formats import N_QUADS, serialize
from kg.store.oxigraph import OxigraphStore

from . import synth
from .common import table, verdict, write_result

TARGET = 0.5  # kg's store path writes at least half as many quads/s as the bulk loader


def run(quick: bool = False) -> dict:
    n_claims = 10_000 if quick else 60_000
    articles = list(synth.claims_graph(n_claims, seed=2))
    total = sum(len(q) for _, q in articles)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        tmp = Path(tmp)
        nq = tmp / "claims.nq"
        with nq.open("wb") as f:
            for _, qs in articles:
                f.write(serialize(qs, N_QUADS))

        # baseline: pyoxigraph's bulk loader reading the same quads from N-Quads
        bulk = Store(str(tmp / "bulk"))
        t = time.perf_counter()
        bulk.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
        bulk.flush()
        bulk_s = time.perf_counter() - t
        assert len(bulk) == total, (len(bulk), total)
        del bulk

        # kg build's store path: one all-or-nothing replace_graph per article, a flush every FLUSH_EVERY
        store = OxigraphStore(tmp / "kg")
        t = time.perf_counter()
        for i, (iri, qs) in enumerate(articles, 1):
            store.replace_graph(iri, qs)
            if i % FLUSH_EVERY == 0:
                store.flush()
        store.flush()
        new_s = time.perf_counter() - t
        assert store.quad_count() == total

        # the same articles again: the re-ingest path (DROP + INSERT DATA in one update per article)
        t = time.perf_counter()
        for iri, qs in articles:
            store.replace_graph(iri, qs)
        store.flush()
        again_s = time.perf_counter() - t
        assert store.quad_count() == total
        store.close()

    rate = {k: total / s for k, s in (("bulk", bulk_s), ("new", new_s), ("again", again_s))}
    ratio = rate["new"] / rate["bulk"]
    rows = [
        ["Store.bulk_load (baseline)", total, bulk_s, rate["bulk"], 1.0],
        ["replace_graph, new articles (kg build)", total, new_s, rate["new"], ratio],
        ["replace_graph, re-ingest (drop + insert)", total, again_s, rate["again"], rate["again"] / rate["bulk"]],
    ]
    print(table(f"ingest: {len(articles):,} articles, {n_claims:,} claims, on-disk store",
                ["path", "quads", "seconds", "quads/s", "x bulk_load"], rows))
    met = ratio >= TARGET
    print(f"target: kg build's store path >= {TARGET} x bulk_load: {ratio:.2f} x -> {verdict(met)}")
    result = {"quick": quick, "articles": len(articles), "claims": n_claims, "quads": total,
              "seconds": {"bulk_load": bulk_s, "replace_graph_new": new_s, "replace_graph_reingest": again_s},
              "quads_per_s": rate, "ratio_vs_bulk_load": ratio,
              "reingest_ratio_vs_bulk_load": rate["again"] / rate["bulk"],
              "target": {"ratio_min": TARGET, "met": met}}
    write_result("ingest", result)
    return result


if __name__ == "__main__":
    run()
