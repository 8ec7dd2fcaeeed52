"""The store back-ends the tests run on: Oxigraph in this process and Virtuoso servers on 127.0.0.1.

`BACKENDS` parametrises a test over every engine; `backend_settings` gives the settings of an empty store
of one of them. Virtuoso servers (two: a test may compare two stores) are started once per session, at
the first test that needs one, and stopped at its end whatever happened; each test gets them wiped.
Without Virtuoso installed the Virtuoso cases are skipped, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kg.core.settings import Settings
from tests import virtuoso_server
from tests.virtuoso_server import VirtuosoServer

BACKENDS = ["oxigraph", "virtuoso"]
MINI_SERVER = 4  # servers 0, 1: wiped by every test; 2, 3: the engine-agreement graphs
_servers: dict[int, VirtuosoServer] = {}


def _require_virtuoso() -> None:
    if virtuoso_server.available():
        return
    message = f"Virtuoso is not installed ({virtuoso_server.VIRTUOSO}): apt-get install virtuoso-opensource"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must run the Virtuoso tests)")
    pytest.skip(message)


def virtuoso(index: int = 0) -> VirtuosoServer:
    """The session's Virtuoso server number `index`, started at first use."""
    _require_virtuoso()
    server = _servers.get(index)
    if server is None:
        folder = Path(tempfile.mkdtemp(prefix=f"kg-virtuoso-{index}-"))
        server = VirtuosoServer(folder, buffers=10_000)
        _servers[index] = server  # registered first: stopped even if starting fails half-way
        server.start()
    return server


def stop_servers() -> None:
    while _servers:
        _, server = _servers.popitem()
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


atexit.register(stop_servers)  # also when the session ends without pytest's own teardown


def virtuoso_settings(index: int = 0, wipe: bool = True, **overrides: object) -> Settings:
    server = virtuoso(index)
    if wipe:
        virtuoso_server.wipe(server.url, server.user, server.password)
    return Settings(store="virtuoso", virtuoso_url=server.url, virtuoso_user=server.user,
                    virtuoso_password=server.password, **overrides)


def backend_settings(name: str, tmp_path: Path, index: int = 0, **overrides: object) -> Settings:
    """Settings for an empty store of back-end `name` (a second, distinct store with `index=1`)."""
    if name == "virtuoso":
        return virtuoso_settings(index, **overrides)
    return Settings(store=name, store_path=tmp_path / f"store-{index}" if index else tmp_path / "store", **overrides)


def mini_virtuoso_settings(mini: Settings) -> Settings:
    """The hand-made claims graph of an Oxigraph store (tests.graph_fixture) copied into a Virtuoso server."""
    import io

    from kg.store import open_store
    from kg.store.formats import N_QUADS

    settings = virtuoso_settings(MINI_SERVER)
    buffer = io.BytesIO()
    with open_store(mini, read_only=True) as source:
        source.dump(buffer, N_QUADS)
    with open_store(settings) as target:
        target.load(buffer.getvalue(), N_QUADS)
    return settings
