"""Benchmark: `kg build --dask` with two local workers against `kg build -j2` on the same 800 articles (engine overhead).

Three builds of the same synthetic articles, each into a fresh on-disk store, each `kg build` in a
subprocess: `-j2` (the baseline: two forked spaCy processes), `--dask local:2` (kg starts a
LocalCluster of two worker processes, which load the model, and stops it) and `--dask tcp://...` to
a scheduler and two `dask worker` processes already running on 127.0.0.1, as a user with a cluster
runs it (their first build loads the model on each worker; later ones find it loaded). The ratio
says what Dask costs over kg's own processes on one machine; across machines it buys the cores.
"""
from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from . import synth
from .common import PYTHON, ROOT, table, write_result

_SECONDS = re.compile(r"; ([0-9.]+) s\s*$")
KG = str(Path(PYTHON).with_name("kg"))
DASK = str(Path(PYTHON).with_name("dask"))


def _kg_build(folder: Path, store: Path, *options: str) -> dict:
    """One `kg build` in a subprocess: wall seconds, the build seconds it prints, CPU seconds of its children."""
    load = os.getloadavg()[0]
    before = os.times()
    t = time.perf_counter()
    p = subprocess.run([KG, "--store-path", str(store), "build", str(folder), "--quiet", *options],
                       capture_output=True, text=True, timeout=3600, cwd=ROOT)
    wall = time.perf_counter() - t
    after = os.times()
    if p.returncode != 0:
        raise RuntimeError(f"kg build {' '.join(options)} failed: {p.stderr[-2000:]}")
    m = _SECONDS.search(p.stdout.strip())
    return {"wall_s": wall, "build_s": float(m.group(1)) if m else None, "load_1min_before": load,
            "cpu_s": (after.children_user - before.children_user) + (after.children_system - before.children_system),
            "stdout": p.stdout.strip()}


class _Cluster:
    """A `dask scheduler` and two one-thread `dask worker` processes on 127.0.0.1, stopped on exit."""

    def __init__(self, folder: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        # --dashboard-address: else each also serves HTTP (health, metrics) on every interface
        self._start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard",
                    "--dashboard-address", "127.0.0.1:0")
        for i in range(2):
            self._start("worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                        "--dashboard-address", "127.0.0.1:0", "--local-directory", str(folder / f"worker-{i}"))

    def _start(self, *args: str) -> None:
        log = open(self.folder / f"{args[0]}-{len(self.processes)}.log", "wb")
        self.processes.append(subprocess.Popen([DASK, *args], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT))

    def __enter__(self) -> "_Cluster":
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        return self

    def __exit__(self, *exc: object) -> None:
        for p in reversed(self.processes):
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def run(quick: bool = False) -> dict:
    n, rounds = (80, 1) if quick else (800, 2)
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        folder = Path(tmp) / "articles"
        paths = synth.write_articles(folder, n, seed=1, sentences=12)
        n_words = sum(synth.words(p.read_text(encoding="utf-8")) for p in paths)
        (Path(tmp) / "cluster").mkdir()
        runs: dict[str, list[dict]] = {"kg build -j2": [], "kg build --dask local:2": [],
                                       "kg build --dask tcp:// (2 running workers)": []}
        with _Cluster(Path(tmp) / "cluster") as cluster:
            for r in range(rounds):
                for i, (name, options) in enumerate((
                        ("kg build -j2", ("-j", "2")),
                        ("kg build --dask local:2", ("--dask", "local:2")),
                        ("kg build --dask tcp:// (2 running workers)", ("--dask", cluster.address)))):
                    runs[name].append(_kg_build(folder, Path(tmp) / f"store-{i}-{r}", *options))
    base = statistics.median(x["build_s"] for x in runs["kg build -j2"])
    rows = []
    for name, xs in runs.items():
        b = statistics.median(x["build_s"] for x in xs)
        rows.append([name, statistics.median(x["wall_s"] for x in xs), b, n_words / b, b / base,
                     statistics.median(x["cpu_s"] for x in xs), " ".join(f"{x['load_1min_before']:.2f}" for x in xs)])
    print(table(f"kg build on Dask: {n} synthetic articles, {n_words:,} words, fresh on-disk store each run, "
                f"median of {rounds}", ["build", "wall s", "build s", "words/s", "x -j2 time", "CPU s (kg + children)",
                                        "load before"], rows))
    ratios = {row[0]: row[4] for row in rows}
    for name, xs in runs.items():
        print(f"  {name}: {xs[0]['stdout']}")
    result = {"quick": quick, "articles": n, "words": n_words, "runs": runs, "time_ratio_vs_j2": ratios,
              "target": None}
    write_result("dask", result)
    return result


if __name__ == "__main__":
    run()
