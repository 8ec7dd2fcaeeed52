"""Shared benchmark plumbing: timing, percentiles, the printed table and the JSON result file."""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results"
CACHE = RESULTS / "cache"  # generated inputs reused between runs (git-ignored with bench-results/)
PYTHON = sys.executable


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def latencies(fn: Callable[[], object], reps: int, warmup: int = 1, budget_s: float | None = None) -> list[float]:
    """Seconds of `reps` calls of fn after `warmup` calls; stops early (>= 3 reps) past `budget_s`."""
    for _ in range(warmup):
        fn()
    out: list[float] = []
    start = time.perf_counter()
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
        if budget_s is not None and len(out) >= 3 and time.perf_counter() - start > budget_s:
            break
    return out


def summary_ms(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(values) * 1000, 2), "p95_ms": round(percentile(values, 95) * 1000, 2),
            "n": len(values)}


def machine() -> dict:
    """What the figures were measured on (they only compare within one run)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip()
    except OSError:
        commit = ""
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average_1_5_15": os.getloadavg(),
            "commit": commit}


def table(title: str, header: list[str], rows: list[list[object]]) -> str:
    """A plain fixed-width table (no colour codes, so it reads the same in a log)."""
    cells = [[str(h) for h in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(cells[0], widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells[1:]]
    return "\n".join(lines)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("MET" if ok else "NOT MET")


def write_result(name: str, data: dict, out_dir: Path = RESULTS) -> Path:
    """bench-results/NAME-<UTC time>.json and bench-results/NAME-latest.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    payload = {"benchmark": name, "time": stamp, "machine": machine(), **data}
    text = json.dumps(payload, indent=1, default=str)
    path = out_dir / f"{name}-{stamp}.json"
    path.write_text(text)
    (out_dir / f"{name}-latest.json").write_text(text)
    return path


def closed_loop(base: str, jobs: list, clients: int, send: Callable[[object, object], int]
                ) -> tuple[list[tuple[object, float, int]], float]:
    """Closed-loop load on a live server: `clients` threads, one httpx connection each, take the jobs in
    turn; `send(client, job)` makes one request and returns its status (-1 for a transport failure).
    Returns (job, seconds, status) per request and the wall time."""
    import threading

    import httpx

    pending = list(jobs)
    lock = threading.Lock()
    results: list[tuple[object, float, int]] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            while True:
                with lock:
                    if not pending:
                        return
                    job = pending.pop()
                t = time.perf_counter()
                try:
                    status = send(c, job)
                except httpx.HTTPError:
                    status = -1
                with lock:
                    results.append((job, time.perf_counter() - t, status))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results, time.perf_counter() - t
