"""Benchmark 6: 10,000 requests from 16 clients against a real `kg serve` on 127.0.0.1 (issue #16).

Every kind of request a public endpoint gets, in turn: JSON API pages, `kg ask` questions, SPARQL
SELECT / ASK / CONSTRUCT by GET and POST, and a share of refused ones (a malformed query, an update,
a query too deep for the engine) that must come back 4xx quickly. Reported per endpoint: requests,
errors (any 5xx, any transport failure, or a status other than the one expected), p50 and p99.
The server runs with its defaults (4 query workers); the clients are bounded (16 threads, one
connection each), so the load is closed-loop: throughput is what the server sustains.
"""
from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from kg.core.settings import Settings
from tests.live_server import live_server

from .bench_api import _store
from .common import closed_loop, percentile, table, verdict, write_result

CLIENTS = 16
SELECT = ("SELECT ?dependent ?provider ?quote WHERE { ?c a aig:DependencyClaim ; aig:subject ?dependent ; "
          "aig:object ?provider ; aig:resource res:chips ; aig:quote ?quote } LIMIT 100")
ASK = "ASK { ?a aig:dependsOn ?b }"
CONSTRUCT = "CONSTRUCT { ?a aig:dependsOn ?b } WHERE { ?a aig:dependsOn ?b } LIMIT 200"
JSON, RESULTS = {"Accept": "application/json"}, {"Accept": "application/sparql-results+json"}
# (label, method, path, params or form, headers, expected status)
REQUESTS = [
    ("GET /dependencies", "GET", "/dependencies", {"resource": "chips", "limit": "20"}, JSON, 200),
    ("GET /actors", "GET", "/actors", {"limit": "20"}, JSON, 200),
    ("GET /ask", "GET", "/ask", {"q": "who depends on whom for chips"}, JSON, 200),
    ("GET /sparql SELECT", "GET", "/sparql", {"query": SELECT}, RESULTS, 200),
    ("POST /sparql ASK", "POST", "/sparql", {"query": ASK}, RESULTS, 200),
    ("GET /sparql CONSTRUCT", "GET", "/sparql", {"query": CONSTRUCT}, {"Accept": "text/turtle"}, 200),
    ("GET /dependencies", "GET", "/dependencies", {"resource": "chips", "limit": "20", "offset": "20"}, JSON, 200),
    ("GET /sparql SELECT", "GET", "/sparql", {"query": SELECT.replace("LIMIT 100", "LIMIT 10")}, RESULTS, 200),
    ("refused", "GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p }"}, RESULTS, 400),
    ("refused", "POST", "/sparql", {"update": "DROP ALL"}, RESULTS, 400),
    ("refused", "GET", "/sparql", {"query": "SELECT * WHERE " + "{" * 3000 + "}" * 3000}, RESULTS, 400),
]


def _load(base: str, total: int, clients: int) -> tuple[list[tuple[str, float, int, int]], float]:
    def send(c, job: tuple) -> int:
        _, method, path, params, headers, _ = job
        if method == "GET":
            return c.get(path, params=params, headers=headers).status_code
        return c.post(path, data=params, headers=headers).status_code

    results, wall = closed_loop(base, [REQUESTS[i % len(REQUESTS)] for i in range(total)], clients, send)
    return [(job[0], seconds, status, job[5]) for job, seconds, status in results], wall


def run(quick: bool = False) -> dict:
    n_claims, total = (5_000, 1_000) if quick else (20_000, 10_000)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        store_path = _store(Path(tmp), n_claims)
        with live_server(Settings(store_path=store_path), timeout_s=120) as base:
            _load(base, 2 * len(REQUESTS), 2)  # warm: workers forked, first pages read
            results, wall = _load(base, total, CLIENTS)
    errors = [r for r in results if r[2] != r[3]]
    rows, per = [], {}
    for label in dict.fromkeys(r[0] for r in REQUESTS):
        mine = [r for r in results if r[0] == label]
        lat = [r[1] for r in mine]
        per[label] = {"n": len(mine), "errors": sum(1 for r in mine if r[2] != r[3]),
                      "p50_ms": statistics.median(lat) * 1000, "p99_ms": percentile(lat, 99) * 1000}
        rows.append([label, len(mine), per[label]["errors"], per[label]["p50_ms"], per[label]["p99_ms"]])
    all_lat = [r[1] for r in results]
    rows.append(["all", len(results), len(errors), statistics.median(all_lat) * 1000, percentile(all_lat, 99) * 1000])
    rps = len(results) / wall
    print(table(f"load: kg serve on 127.0.0.1, {len(results):,} requests from {CLIENTS} clients, store of "
                f"{n_claims:,} synthetic claims", ["endpoint", "requests", "errors", "p50 ms", "p99 ms"], rows))
    statuses = sorted({r[2] for r in errors})
    print(f"throughput: {rps:.1f} requests/s; {wall:.1f} s; unexpected statuses: {statuses or 'none'}")
    met = not errors
    print(f"target: zero errors (no 5xx, no failure, refused ones 400): {len(errors)} -> {verdict(met)}")
    result = {"quick": quick, "claims": n_claims, "clients": CLIENTS, "requests": len(results), "wall_s": wall,
              "requests_per_s": rps, "endpoints": per, "error_statuses": statuses,
              "target": {"zero_errors": True, "met": met}}
    write_result("load", result)
    return result


if __name__ == "__main__":
    run()
