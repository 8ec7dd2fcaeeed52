"""Fixtures of the API tests: apps on the hand-made claims graph and on the seed store, a live server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from tests.api.graph_fixture import build_mini_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def mini_settings(tmp_path_factory) -> Settings:
    """The hand-made claims graph (tests/api/graph_fixture.py) in an on-disk store (read-only use)."""
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture(scope="session")
def client(mini_settings) -> Iterator[TestClient]:
    with TestClient(create_app(mini_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def seed_client(seed_store_settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_store_settings)) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(settings: Settings, timeout_s: float = 60.0) -> Iterator[str]:
    """A real `kg serve` on a free 127.0.0.1 port; stopped (and waited for) when the block ends.

    Its output goes to a file, not a pipe: nobody reads a pipe while the server runs, and a full
    pipe would block the server's access log, hence every request.
    """
    port = free_port()
    env = {**os.environ, "KG_STORE_PATH": str(settings.store_path), "KG_STORE": settings.store}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("kg")), "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"kg serve exited early: {log.read().decode(errors='replace')}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("kg serve did not start listening in time") from None
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
