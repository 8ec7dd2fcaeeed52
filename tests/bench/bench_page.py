"""Benchmark 7: first paint of the analysts' page in headless Chromium, against a bare page in the same run.

A real `kg serve` over a store built from the project's corpus/; each load is a fresh browser
context (no cache), so every load fetches the HTML, the stylesheet and the script again. The
baseline is a one-line HTML page served by Python's own http.server on 127.0.0.1 and loaded the
same way, so the ratio says what the page itself costs over the browser's floor on this machine.
Target: first contentful paint of the home page under one second (median of the loads).
"""
from __future__ import annotations

import statistics
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.core.settings import Settings
from tests.live_server import live_server
from tests.web.conftest import CHROMIUM

from .common import ROOT, percentile, table, verdict, write_result

TARGET_MS = 1000.0
PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
BARE = b"<!doctype html><html><head><title>bare</title></head><body><p>Loading</p></body></html>"


class _Bare(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BARE)))
        self.end_headers()
        self.wfile.write(BARE)

    def log_message(self, *args) -> None:
        pass


def _paints(browser, url: str, loads: int, ready: str | None) -> list[float]:
    """Milliseconds to first contentful paint of `loads` loads of url, each in a fresh context."""
    out = []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(url)
            if ready:
                page.wait_for_selector(ready)
            page.wait_for_function(f"() => ({PAINT}) !== null")
            out.append(float(page.evaluate(PAINT)))
        finally:
            context.close()
    return out


def _store(folder: Path) -> Settings:
    from kg.ingest.build import build
    from kg.store import open_store

    settings = Settings(store_path=folder / "store")
    with open_store(settings) as store:
        build([str(ROOT / "corpus")], settings, store)
    return settings


def run(quick: bool = False) -> dict:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is absent: install Debian's `chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    loads = 5 if quick else 15
    bare = ThreadingHTTPServer(("127.0.0.1", 0), _Bare)
    threading.Thread(target=bare.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp, live_server(_store(Path(tmp))) as base, \
                sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            try:
                _paints(browser, f"{base}/", 2, "ul.examples li")  # warm: the browser's own first start
                home = _paints(browser, f"{base}/", loads, "ul.examples li")
                floor = _paints(browser, f"http://127.0.0.1:{bare.server_address[1]}/", loads, None)
            finally:
                browser.close()
    finally:
        bare.shutdown()
        bare.server_close()
    rows = [[name, len(v), statistics.median(v), percentile(v, 95)] for name, v in (("home page", home),
                                                                                   ("bare page", floor))]
    print(table(f"page: first contentful paint in headless Chromium, {loads} loads each, fresh context per load",
                ["page", "loads", "median ms", "p95 ms"], rows))
    ratio = statistics.median(home) / max(statistics.median(floor), 1e-9)
    met = statistics.median(home) < TARGET_MS
    print(f"home page / bare page: {ratio:.2f} x")
    print(f"target: home page first paint < {TARGET_MS:.0f} ms (median): {statistics.median(home):.0f} ms -> "
          f"{verdict(met)}")
    result = {"quick": quick, "loads": loads, "home_ms": home, "bare_ms": floor, "ratio_vs_bare": ratio,
              "target": {"home_median_ms_below": TARGET_MS, "met": met}}
    write_result("page", result)
    return result


if __name__ == "__main__":
    run()
