"""Fixtures of the API tests: apps on the hand-made claims graph and on the seed store."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.core.settings import Settings
from tests.backends import BACKENDS, mini_virtuoso_settings
from tests.graph_fixture import build_mini_store

@pytest.fixture(scope="session")
def mini_settings(tmp_path_factory) -> Settings:
    """The hand-made claims graph (tests/graph_fixture.py) in an on-disk store (read-only use)."""
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture(scope="session")
def client(mini_settings) -> Iterator[TestClient]:
    with TestClient(create_app(mini_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def seed_client(seed_store_settings) -> Iterator[TestClient]:
    with TestClient(create_app(seed_store_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def mini_virtuoso(mini_settings) -> Settings:
    """The same hand-made claims graph in a Virtuoso server (read-only use)."""
    return mini_virtuoso_settings(mini_settings)


@pytest.fixture(scope="module", params=BACKENDS)
def engine_client(request) -> Iterator[TestClient]:
    """An app on the hand-made claims graph held by each engine in turn (a module asks for it as `client`)."""
    name = "mini_settings" if request.param == "oxigraph" else "mini_virtuoso"
    with TestClient(create_app(request.getfixturevalue(name))) as c:
        yield c
