"""What is particular to the Virtuoso back-end: no query through kg makes the server open a connection, the
settings alone choose it, each article is one update request, and its dialect is read back as Oxigraph's."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.core.errors import QueryError, StoreError
from kg.core.settings import Settings
from kg.store import IRI, Literal, Quad, open_store
from kg.store.virtuoso import VirtuosoStore
from kg.store.virtuoso_http import VirtuosoClient
from tests.backends import virtuoso, virtuoso_settings

pytestmark = pytest.mark.network
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """An HTTP-ish listener on 127.0.0.1 that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(200) or b"(connected)")
                except OSError:
                    seen.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/data", seen
    finally:
        stop.set()
        thread.join(2)
        server.close()


def _hostile(url: str) -> list[str]:
    return [f'define get:soft "replace" SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}',
            f'define input:grab-all "yes" SELECT * WHERE {{ <{url}> ?p ?o }}',
            f'SELECT (bif:http_get("{url}") AS ?x) WHERE {{ }}',
            f'PREFIX b: <bif:> SELECT (b:http_get("{url}") AS ?x) WHERE {{ }}',
            f'SELECT (<http://www.openlinksw.com/schemas/bif#http_get>("{url}") AS ?x) WHERE {{ }}',
            f'SELECT (BIF:http_get("{url}") AS ?x) WHERE {{ }}',
            f'SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}',
            f'LOAD <{url}>']


def test_the_raw_anonymous_endpoint_would_connect_out_so_kg_refuses_the_extension(listener) -> None:
    url, seen = listener
    server = virtuoso()
    raw = VirtuosoClient(server.url, server.user, server.password)
    try:
        raw.query(f'SELECT (bif:http_get("{url}") AS ?x) WHERE {{ }}', "application/sparql-results+json")
    except (QueryError, StoreError):
        pass
    assert seen, "Virtuoso's anonymous /sparql runs bif:http_get: the reason kg refuses it before sending"


def test_no_query_through_the_sparql_endpoint_makes_virtuoso_connect_anywhere(listener) -> None:
    url, seen = listener
    with TestClient(create_app(virtuoso_settings())) as client:
        for query in _hostile(url):
            r = client.get("/sparql", params={"query": query})
            assert r.status_code == 400, (query, r.text)
        r = client.get("/sparql", params={"query": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"})
        assert r.status_code == 200  # a FROM names a graph; it is never fetched
    assert seen == []


def test_kg_store_virtuoso_and_the_url_are_settings_only(monkeypatch) -> None:
    server = virtuoso()
    for key, value in server.environment().items():
        monkeypatch.setenv(key, value)
    with open_store(Settings()) as store:
        assert isinstance(store, VirtuosoStore) and store.name == "virtuoso"
    monkeypatch.setenv("KG_VIRTUOSO_PASSWORD", "wrong")
    with open_store(Settings()) as store, pytest.raises(StoreError, match="401"):
        store.remove_graph("http://example.org/a")
    monkeypatch.setenv("KG_VIRTUOSO_URL", "http://127.0.0.1:1")
    with pytest.raises(StoreError, match="cannot reach Virtuoso"):
        open_store(Settings())


def test_literals_and_parameters_are_written_escaped_and_read_back_as_oxigraph_terms() -> None:
    with open_store(virtuoso_settings()) as store:
        g = IRI("http://example.org/a")
        hostile = 'x" } } ; DROP ALL ; INSERT DATA { <a:b> <a:b> "\\\n\r\t\x01é'
        values = [Literal(hostile), Literal("true", IRI(XSD + "boolean")), Literal("2.5", IRI(XSD + "decimal")),
                  Literal("7", IRI(XSD + "integer")), Literal("2024-05-07", IRI(XSD + "date")),
                  Literal("2025-01-01T00:00:00Z", IRI(XSD + "dateTime")), Literal("puces", language="fr"),
                  Literal("2023", IRI(XSD + "gYear"))]
        store.replace_graph(g.value, [Quad(g, IRI("http://example.org/p"), v, g) for v in values])
        assert {q.object for q in store.quads(g.value)} == set(values)
        rows = store.select("SELECT ?v WHERE { ?s <http://example.org/p> ?v }", {"v": hostile})
        assert rows == [{"v": hostile}]
        assert store.articles_from_path(hostile) == []
        assert store.named_graphs() == [g.value]


def test_a_graph_of_thousands_of_triples_is_written_whole_in_one_request() -> None:
    # one INSERT DATA of a few thousand triples (the actors gazetteer graph) exhausts Virtuoso 7.2's
    # SPARQL parser; the back-end writes it as several operations of one request instead
    with open_store(virtuoso_settings()) as store:
        g = IRI("http://example.org/big")
        quads = [Quad(IRI(f"http://example.org/s{i}"), IRI("http://example.org/p"), Literal(f"value {i}"), g)
                 for i in range(6_000)]
        store.replace_graph(g.value, quads)
        assert store.quad_count(g.value) == 6_000
        store.replace_graph(g.value, quads[:10])
        assert store.quad_count(g.value) == 10
