"""Benchmark 4: a real `kg serve` on 127.0.0.1 under a bounded load from concurrent clients.

A fixed number of requests (/dependencies, /ask, /sparql in turn) from several client threads
(httpx); the server is started here and stopped at the end. The baseline is the same work done
by the same kg functions in-process, one call after another, on the same kind of snapshot.
"""
from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path


from kg.core.settings import Settings
from kg.store.formats import N_QUADS
from kg.store.oxigraph import OxigraphStore
from tests.live_server import live_server

from . import synth
from .common import closed_loop, percentile, table, verdict, write_result

CLIENTS = 4
SPARQL = ("SELECT ?dependent ?provider ?quote WHERE { ?c a aig:DependencyClaim ; aig:subject ?dependent ; "
          "aig:object ?provider ; aig:resource res:chips ; aig:quote ?quote } LIMIT 100")
REQUESTS = [
    ("/dependencies", {"resource": "chips", "limit": "20"}),
    ("/ask", {"q": "who depends on whom for chips"}),
    ("/sparql", {"query": SPARQL}),
]


def _store(folder: Path, n_claims: int) -> Path:
    nq = folder / "claims.nq"
    synth.write_claims_nquads(nq, n_claims, seed=4)
    st = OxigraphStore(folder / "store")
    st.bulk_load(nq, N_QUADS)
    st.close()
    return folder / "store"


def _direct(store_path: Path, rounds: int) -> dict[str, list[float]]:
    """The baseline: the functions the routes call, in-process and sequential."""
    from kg.read.answers import Answers
    from kg.read.ask import ask
    from kg.read.sparql import run_protocol_query

    from kg.store.serving import ServedStore

    served = ServedStore(Settings(store_path=store_path))  # the snapshot `kg serve` holds (KG_SERVE_SNAPSHOT)
    st = served.store
    answers = Answers(st)
    calls = {
        "/dependencies": lambda: answers.edge_page("dependency", resource="chips", limit=20),
        "/ask": lambda: ask(answers, "who depends on whom for chips").to_dict(),
        "/sparql": lambda: run_protocol_query(st, SPARQL, "application/sparql-results+json", 10_000),
    }
    out: dict[str, list[float]] = {k: [] for k in calls}
    for fn in calls.values():
        fn()  # warm
    for _ in range(rounds):
        for path, fn in calls.items():
            t = time.perf_counter()
            fn()
            out[path].append(time.perf_counter() - t)
    served.close()
    return out


def _load(base: str, total: int) -> tuple[list[tuple[str, float, int]], float]:
    def send(c, job: tuple[str, dict]) -> int:
        path, params = job
        accept = "application/sparql-results+json" if path == "/sparql" else "application/json"
        return c.get(path, params=params, headers={"Accept": accept}).status_code

    results, wall = closed_loop(base, [REQUESTS[i % len(REQUESTS)] for i in range(total)], CLIENTS, send)
    return [(job[0], seconds, status) for job, seconds, status in results], wall


def run(quick: bool = False) -> dict:
    n_claims, total = (5_000, 90) if quick else (20_000, 600)
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        store_path = _store(Path(tmp), n_claims)
        direct = _direct(store_path, rounds=5 if quick else 20)
        with live_server(Settings(store_path=store_path), timeout_s=120) as base:
            results, wall = _load(base, total)
        shutil.rmtree(store_path, ignore_errors=True)
    errors = [r for r in results if not 200 <= r[2] < 300]
    direct_all = [x for v in direct.values() for x in v]
    direct_rps = len(direct_all) / sum(direct_all)
    rps = len(results) / wall
    rows = []
    per: dict = {}
    for path, _ in REQUESTS:
        lat = [r[1] for r in results if r[0] == path]
        d = direct[path]
        per[path] = {"n": len(lat), "p50_ms": statistics.median(lat) * 1000, "p99_ms": percentile(lat, 99) * 1000,
                     "direct_median_ms": statistics.median(d) * 1000,
                     "errors": sum(1 for r in results if r[0] == path and not 200 <= r[2] < 300)}
        rows.append([path, len(lat), per[path]["p50_ms"], per[path]["p99_ms"], per[path]["direct_median_ms"],
                     per[path]["errors"]])
    all_lat = [r[1] for r in results]
    rows.append(["all", len(results), statistics.median(all_lat) * 1000, percentile(all_lat, 99) * 1000,
                 statistics.median(direct_all) * 1000, len(errors)])
    print(table(f"api: kg serve on 127.0.0.1, {len(results)} requests from {CLIENTS} clients, store of {n_claims:,} "
                "synthetic claims", ["endpoint", "requests", "p50 ms", "p99 ms", "in-process median ms", "errors"], rows))
    print(f"throughput: {rps:.1f} requests/s over HTTP vs {direct_rps:.1f} calls/s in-process sequential "
          f"({rps / direct_rps:.2f} x)")
    met = not errors
    print(f"target: zero errors: {len(errors)} -> {verdict(met)}")
    result = {"quick": quick, "claims": n_claims, "clients": CLIENTS, "requests": len(results), "wall_s": wall,
              "requests_per_s": rps, "direct_calls_per_s": direct_rps, "ratio_vs_direct": rps / direct_rps,
              "endpoints": per, "error_statuses": sorted({r[2] for r in errors}),
              "target": {"zero_errors": True, "met": met}}
    write_result("api", result)
    return result


if __name__ == "__main__":
    run()
