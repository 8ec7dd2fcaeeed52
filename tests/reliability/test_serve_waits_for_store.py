"""A real `kg serve` started while another process writes the store says why it cannot answer, then serves
as soon as the writer lets go, without a restart."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from tests.graph_fixture import build_mini_store
from tests.live_server import live_server

pytestmark = pytest.mark.network

ASK = "ASK { ?s ?p ?o }"


def test_a_server_started_during_a_write_serves_once_the_store_is_free(tmp_path):
    settings = build_mini_store(tmp_path / "store")
    # a writer as `kg build` is one: a read-write open holds the store's lock until it closes
    writer = subprocess.Popen([sys.executable, "-c", "import sys; from pyoxigraph import Store; "
                               f"s = Store({str(settings.store_path)!r}); print('open', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "open"
        with live_server(settings) as base, httpx.Client(base_url=base, timeout=30) as client:
            for r in (client.get("/sparql", params={"query": ASK}), client.get("/actors")):
                assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
                assert "being written" in r.json()["detail"] and "trying again" in r.json()["detail"]
                assert r.headers["retry-after"]
            writer.stdin.close()
            writer.wait(timeout=30)
            deadline = time.monotonic() + 20
            while (r := client.get("/sparql", params={"query": ASK})).status_code == 503:
                assert time.monotonic() < deadline, r.text
                time.sleep(0.2)
            assert r.status_code == 200 and b"true" in r.content
            assert client.get("/actors").status_code == 200
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
