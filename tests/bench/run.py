"""Run the benchmarks of issue #6 (all or some), print their tables and write bench-results/*.json.

    .venv/bin/python -m tests.bench.run [--quick] [extract ingest query api memory load dask virtuoso page]
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback

from .common import write_result

BENCHMARKS = {
    "extract": "tests.bench.bench_extract",  # words/s vs bare spaCy; kg build -j2 vs -j1
    "ingest": "tests.bench.bench_ingest",  # replace_graph quads/s vs Store.bulk_load
    "query": "tests.bench.bench_query",  # named queries on >= 200k claims vs rdflib in memory
    "api": "tests.bench.bench_api",  # bounded load on a real `kg serve`
    "memory": "tests.bench.bench_memory",  # peak RSS of 5,000 articles vs 500
    "load": "tests.bench.bench_load",  # 10,000 requests from 16 clients on a real `kg serve` (issue #16)
    "dask": "tests.bench.bench_dask",  # kg build --dask with 2 local workers vs kg build -j2 (issue #12)
    "virtuoso": "tests.bench.bench_virtuoso",  # Virtuoso: kg ingest vs its bulk loader; named questions vs Oxigraph
    "page": "tests.bench.bench_page",  # first paint of the web page in headless Chromium vs a bare page
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", metavar="NAME",
                    help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}")
    ap.add_argument("--quick", action="store_true", help="smaller inputs, fewer repetitions (a smoke run)")
    args = ap.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    summary, failed = {}, []
    for name in names:
        print(f"\n=== {name}{' (quick)' if args.quick else ''}", flush=True)
        t = time.perf_counter()
        try:
            result = importlib.import_module(BENCHMARKS[name]).run(quick=args.quick)
            summary[name] = {"seconds": time.perf_counter() - t, "target": result.get("target")}
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            summary[name] = {"seconds": time.perf_counter() - t, "error": f"{type(exc).__name__}: {exc}"}
            failed.append(name)
    path = write_result("summary", {"quick": args.quick, "benchmarks": summary})
    print(f"\n{json.dumps(summary, indent=1, default=str)}\nresults in {path.parent}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
