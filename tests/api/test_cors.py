"""CORS: pages on the allowed origins may read /sparql and the JSON API; the read-only rule holds for every origin."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.app import create_app
from kg.core.settings import Settings

EDITOR = "https://editor.example.org"
ASK = "ASK { ?s ?p ?o }"


def _preflight(client: TestClient, path: str, method: str, origin: str = EDITOR, headers: str | None = None):
    h = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        h["Access-Control-Request-Headers"] = headers
    return client.options(path, headers=h)


@pytest.fixture(scope="module")
def only_editor(mini_settings):
    with TestClient(create_app(mini_settings.with_overrides(cors_origins=f"{EDITOR}, http://localhost:3000/"))) as c:
        yield c


@pytest.fixture(scope="module")
def no_origin(mini_settings):
    with TestClient(create_app(mini_settings.with_overrides(cors_origins=""))) as c:
        yield c


def test_the_default_lets_any_origin_read():
    assert Settings().cors_origins == "*"


@pytest.mark.parametrize("path, method, headers", [
    ("/sparql", "GET", None),
    ("/sparql", "POST", "content-type"),  # application/sparql-query is not a CORS-safelisted type
    ("/sparql", "POST", "accept, content-type"),
    ("/dependencies", "GET", None),
    ("/ask", "GET", "accept"),
])
def test_a_preflight_for_a_read_is_answered(client, path, method, headers):
    r = _preflight(client, path, method, headers=headers)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert method in r.headers["access-control-allow-methods"]
    if headers:
        assert {h.strip().lower() for h in headers.split(",")} <= {
            h.strip().lower() for h in r.headers["access-control-allow-headers"].split(",")}


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_preflight_for_anything_but_a_read_is_refused_as_a_problem(client, method):
    r = _preflight(client, "/sparql", method)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"].endswith("/cors-refused") and body["status"] == 400 and "method" in body["detail"]


def test_answers_carry_the_allow_origin_header(client):
    for r in (client.get("/sparql", params={"query": ASK}, headers={"Origin": EDITOR}),
              client.post("/sparql", content=ASK, headers={"Origin": EDITOR, "Content-Type": "application/sparql-query"}),
              client.get("/actors", headers={"Origin": EDITOR})):
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in r.headers


def test_an_update_from_another_origin_is_still_refused(client, mini_settings):
    for r in (client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Origin": EDITOR}),
              client.post("/sparql", content="CLEAR ALL", headers={"Origin": EDITOR,
                                                                 "Content-Type": "application/sparql-update"}),
              client.get("/sparql", params={"query": "DROP ALL"}, headers={"Origin": EDITOR})):
        assert r.status_code == 400, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["access-control-allow-origin"] == "*"  # the editor can show why
    assert client.get("/sparql", params={"query": ASK}).content.count(b"true") == 1


def test_a_listed_origin_is_echoed_and_another_is_refused(only_editor):
    ok = _preflight(only_editor, "/sparql", "POST", headers="content-type")
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == EDITOR
    assert "origin" in ok.headers["vary"].lower()
    local = _preflight(only_editor, "/sparql", "GET", origin="http://localhost:3000")
    assert local.status_code == 200 and local.headers["access-control-allow-origin"] == "http://localhost:3000"
    other = _preflight(only_editor, "/sparql", "GET", origin="https://elsewhere.example.net")
    assert other.status_code == 400 and "origin" in other.json()["detail"]
    r = only_editor.get("/actors", headers={"Origin": "https://elsewhere.example.net"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_an_empty_setting_allows_no_origin(no_origin):
    assert _preflight(no_origin, "/sparql", "GET").status_code == 400
    r = no_origin.get("/sparql", params={"query": ASK}, headers={"Origin": EDITOR})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("value", ["editor.example.org", "https://editor.example.org/path", "ftp://x.example.org"])
def test_a_value_that_is_not_an_origin_is_refused(value):
    with pytest.raises(ValidationError, match="not an origin"):
        Settings(cors_origins=value)
