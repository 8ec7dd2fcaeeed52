"""Benchmark 5: peak RSS of `kg build` over 5,000 articles against 500 (streaming keeps it flat).

Each build runs in its own child process (`python -m tests.bench.bench_memory --child ...`); the
parent reads the child's peak RSS from resource.getrusage(RUSAGE_CHILDREN) right after waiting
for it (psutil is not installed). RUSAGE_CHILDREN keeps the maximum over all children waited
for, so the smaller build runs first and every build gets its own launcher process.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import synth
from .common import PYTHON, ROOT, table, verdict, write_result

FLAT = 1.25  # "flat": the big build peaks at most 25 % above the small one, for 10 x the articles

_LAUNCH = """
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "maxrss_kb": ru.ru_maxrss, "out": p.stdout[-4000:], "err": p.stderr[-4000:]}))
"""


def _child(folder: str, store: str) -> None:
    """The measured process: one kg build, as the CLI runs it."""
    from kg.ingest.build import build
    from kg.core.settings import Settings
    from kg.store import open_store

    settings = Settings(store_path=Path(store))
    t = time.perf_counter()
    with open_store(settings) as st:
        report = build([folder], settings, st)
    print(json.dumps({"ingested": len(report.ingested), "skipped": len(report.skipped), "claims": report.claims,
                      "quads": report.total_quads, "seconds": time.perf_counter() - t}))


def measure(folder: Path, store: Path) -> dict:
    cmd = [PYTHON, "-m", "tests.bench.bench_memory", "--child", str(folder), str(store)]
    p = subprocess.run([PYTHON, "-c", _LAUNCH, *cmd], capture_output=True, text=True, cwd=ROOT, timeout=7200)
    launch = json.loads(p.stdout)
    if launch["rc"] != 0:
        raise RuntimeError(f"build of {folder} failed: {launch['err']}")
    return {"peak_rss_mb": launch["maxrss_kb"] / 1024, **json.loads(launch["out"].strip().splitlines()[-1])}


def run(quick: bool = False) -> dict:
    small, big = (100, 1000) if quick else (500, 5000)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        tmp = Path(tmp)
        paths = synth.write_articles(tmp / "big", big, seed=5)
        (tmp / "small").mkdir()
        for p in paths[:small]:
            (tmp / "small" / p.name).symlink_to(p)
        n_words = {n: sum(synth.words(p.read_text(encoding="utf-8")) for p in paths[:n]) for n in (small, big)}
        res = {small: measure(tmp / "small", tmp / "store-small"), big: measure(tmp / "big", tmp / "store-big")}
    ratio = res[big]["peak_rss_mb"] / res[small]["peak_rss_mb"]
    rows = [[n, n_words[n], r["ingested"], r["claims"], r["quads"], r["seconds"], r["peak_rss_mb"],
             r["peak_rss_mb"] / res[small]["peak_rss_mb"]] for n, r in res.items()]
    print(table("memory: kg build in a child process, peak RSS from getrusage(RUSAGE_CHILDREN)",
                ["articles", "words", "ingested", "claims", "quads", "seconds", "peak RSS MB", "x small build"], rows))
    met = ratio <= FLAT
    print(f"target: peak RSS of {big:,} articles <= {FLAT} x that of {small:,}: {ratio:.2f} x -> {verdict(met)}")
    result = {"quick": quick, "builds": {str(k): v for k, v in res.items()}, "words": n_words, "ratio": ratio,
              "target": {"ratio_max": FLAT, "met": met}}
    write_result("memory", result)
    return result


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        run("--quick" in sys.argv)
