"""/sparql through HTTP: every protocol form and content type, read-only, limits, real clients."""
from __future__ import annotations

import csv
import io
import time

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from api.app import create_app
from tests.live_server import live_server



@pytest.fixture(scope="module")
def client(engine_client):
    """These behaviours hold on every engine: the app on Oxigraph, then on Virtuoso (tests/api/conftest.py)."""
    return engine_client

SELECT = ("SELECT ?dependent ?provider WHERE { ?c a aig:DependencyClaim ; aig:subject ?dependent ; "
          "aig:object ?provider ; aig:resource res:chips ; aig:modality aig:asserted } ORDER BY ?dependent")
ASK = "ASK { actor:russia aig:dependsOn actor:china }"
CONSTRUCT = "CONSTRUCT { ?a aig:dependsOn ?b } WHERE { ?a aig:dependsOn ?b }"
RUSSIA, CHINA = "https://w3id.org/aigeo/actor/russia", "https://w3id.org/aigeo/actor/china"
# billions of rows, produced lazily: the worker stops pulling them once the time limit passes
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _select_rows(body: bytes, media_type: str) -> list[tuple[str, str]]:
    if media_type.startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(body.decode())))
        return [(r["dependent"], r["provider"]) for r in rows]
    fmt = QueryResultsFormat.from_media_type(media_type)
    return [(s["dependent"].value, s["provider"].value) for s in parse_query_results(body, fmt)]


@pytest.mark.parametrize("accept", [
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
])
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_select_answers_in_each_results_format_by_each_protocol_form(client, accept, how):
    headers = {"Accept": accept}
    if how == "get":
        r = client.get("/sparql", params={"query": SELECT}, headers=headers)
    elif how == "post-form":
        r = client.post("/sparql", data={"query": SELECT}, headers=headers)
    else:
        r = client.post("/sparql", content=SELECT.encode(), headers={**headers, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    rows = _select_rows(r.content, r.headers["content-type"])
    assert (RUSSIA, CHINA) in rows


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", b'"boolean":true'),
    ("application/sparql-results+xml", b"<boolean>true</boolean>"),
    ("text/csv", b"true"),
    ("text/tab-separated-values", b"true"),
])
def test_ask_answers_in_each_results_format(client, accept, expected):
    r = client.get("/sparql", params={"query": ASK}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert expected in r.content


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", RdfFormat.TURTLE),
    ("application/n-triples", RdfFormat.N_TRIPLES),
    ("application/ld+json", RdfFormat.JSON_LD),
    ("application/rdf+xml", RdfFormat.RDF_XML),
    ("application/n-quads", RdfFormat.N_QUADS),
    ("application/trig", RdfFormat.TRIG),
])
def test_construct_answers_in_each_graph_format(client, accept, fmt):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    pairs = {(q.subject.value, q.object.value) for q in parse(r.content, format=fmt)}
    assert (RUSSIA, CHINA) in pairs


@pytest.mark.parametrize("query, accept, media_type", [
    (SELECT, None, "application/sparql-results+json"),
    (SELECT, "*/*", "application/sparql-results+json"),
    (CONSTRUCT, None, "text/turtle"),
    (CONSTRUCT, "*/*", "text/turtle"),
    ("DESCRIBE actor:russia", "*/*", "text/turtle"),
    # rdflib's SPARQLStore sends one Accept for every query form: the form picks its own type
    (SELECT, "application/sparql-results+xml, application/rdf+xml", "application/sparql-results+xml"),
    (CONSTRUCT, "application/sparql-results+xml, application/rdf+xml", "application/rdf+xml"),
    (SELECT, "text/csv;q=0.5, application/sparql-results+json;q=0.9", "application/sparql-results+json"),
])
def test_content_negotiation_defaults_and_preferences(client, query, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": query}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media_type)


@pytest.mark.parametrize("query, accept", [(SELECT, "text/turtle"), (CONSTRUCT, "text/csv"), (SELECT, "image/png")])
def test_unsupported_accept_is_406_with_the_acceptable_types(client, query, accept):
    r = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 406
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["acceptable"]


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "params": {"query": "DROP ALL"}},
    {"method": "GET", "params": {"query": "PREFIX x: <http://e/#> # note\nINSERT DATA { x:a x:b x:c }"}},
    {"method": "GET", "params": {"update": "CLEAR DEFAULT"}},
    {"method": "POST", "data": {"update": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "POST", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "POST", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-query"}},
])
def test_updates_are_refused_and_the_store_is_unchanged(client, request_kwargs):
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    r = client.request(url="/sparql", **request_kwargs)
    assert r.status_code == 400
    body = r.json()
    assert body["type"].endswith("/update-not-allowed") and "read-only" in body["detail"]
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert before == after


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s ?p }",
    "SELEC * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s <http://e/\"}> ?o }",
    "",
    "{ } <> \"'",
])
def test_malformed_sparql_is_400_with_the_reason(client, query):
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"]


@pytest.mark.parametrize("request_kwargs, status, fragment", [
    ({"method": "POST", "content": b"SELECT * {}", "headers": {"Content-Type": "text/plain"}}, 415, "content type"),
    ({"method": "POST", "content": b"SELECT * {}"}, 415, "content type"),
    ({"method": "GET", "params": {}}, 400, "missing"),
    ({"method": "GET", "params": [("query", ASK), ("query", ASK)]}, 400, "more than one"),
    ({"method": "GET", "params": {"query": ASK, "default-graph-uri": "not an iri"}}, 400, "absolute IRI"),
    ({"method": "POST", "content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400,
     "not UTF-8"),
])
def test_unsupported_protocol_requests_are_refused_with_the_reason(client, request_kwargs, status, fragment):
    r = client.request(url="/sparql", **request_kwargs)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    assert fragment in r.json()["detail"]


def _worker_pids(app) -> set[int]:
    zygote = app.state.pool.zygote_pid
    return {int(p) for p in open(f"/proc/{zygote}/task/{zygote}/children").read().split()}


def test_a_query_over_the_time_limit_is_422_and_its_worker_is_killed(mini_settings):
    app = create_app(mini_settings.with_overrides(query_timeout_s=0.5, max_results=10**9))
    with TestClient(app) as c:
        started = time.monotonic()
        r = c.get("/sparql", params={"query": SLOW})
        assert time.monotonic() - started < 5
        assert r.status_code == 422
        assert r.json()["type"].endswith("/query-timeout") and "0.5 s" in r.json()["detail"]
        assert "retry-after" not in r.headers  # the same query would run out of time again
        deadline = time.monotonic() + 5
        while _worker_pids(app) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _worker_pids(app)  # killed, not left running
        assert c.get("/sparql", params={"query": ASK}).status_code == 200
        assert len(_worker_pids(app)) == 1  # a fresh worker answered


def test_a_result_over_the_size_limit_is_refused_with_the_limit(mini_settings):
    with TestClient(create_app(mini_settings.with_overrides(max_results=5))) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 422 and "more than 5 rows" in r.json()["detail"]
        r = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert r.status_code == 422 and "more than 5 triples" in r.json()["detail"]
        assert c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200


@pytest.mark.network
def test_sparqlwrapper_and_rdflib_work_against_a_real_kg_serve(mini_settings):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    with live_server(mini_settings) as base:
        sw = SPARQLWrapper(base + "/sparql")
        sw.setQuery(SELECT)
        sw.setReturnFormat(JSON)
        rows = sw.query().convert()["results"]["bindings"]
        assert {"dependent": {"type": "uri", "value": RUSSIA}, "provider": {"type": "uri", "value": CHINA}} in rows

        sw.setMethod("POST")
        sw.setQuery(CONSTRUCT)
        sw.setReturnFormat(TURTLE)
        g = Graph().parse(data=sw.query().convert(), format="turtle")
        assert (URIRef(RUSSIA), URIRef("https://w3id.org/aigeo/ontology#dependsOn"), URIRef(CHINA)) in g

        store = Graph(store=SPARQLStore(base + "/sparql"))
        prefixed = "PREFIX aig: <https://w3id.org/aigeo/ontology#>\nPREFIX res: <https://w3id.org/aigeo/resource/>\n"
        found = {(str(r[0]), str(r[1])) for r in store.query(prefixed + SELECT)}
        assert (RUSSIA, CHINA) in found
        assert store.query(prefixed + "ASK { ?a aig:dependsOn ?b }").askAnswer is True


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(r) -> int:
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_the_dataset_follows_sparql_1_1_from_the_query_or_the_protocol(client):
    graphs = [b["g"]["value"] for b in client.get("/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a aig:Article } } ORDER BY ?g"}).json()["results"]["bindings"]]
    assert len(graphs) >= 2
    one, other = graphs[0], graphs[1]
    everything = _count(client.get("/sparql", params={"query": COUNT}))  # no dataset anywhere: the union
    in_one = _count(client.get("/sparql", params={"query": COUNT.replace("WHERE", f"FROM <{one}> WHERE")}))
    assert 0 < in_one < everything
    # the protocol's graphs replace the query's FROM
    assert _count(client.get("/sparql", params={"query": COUNT.replace("WHERE", f"FROM <{other}> WHERE"),
                                                "default-graph-uri": one})) == in_one
    assert _count(client.post("/sparql", data={"query": COUNT, "default-graph-uri": one})) == in_one
    assert _count(client.post(f"/sparql?default-graph-uri={one}", content=COUNT.encode(),
                              headers={"Content-Type": "application/sparql-query"})) == in_one
    both = _count(client.get("/sparql", params=[("query", COUNT), ("default-graph-uri", one),
                                                ("default-graph-uri", other)]))
    assert both > in_one
    # named graphs only: the default graph is empty, GRAPH sees exactly those given
    assert _count(client.get("/sparql", params={"query": COUNT, "named-graph-uri": one})) == 0
    assert _count(client.get("/sparql", params={"query": COUNT_NAMED, "named-graph-uri": one})) == in_one
    assert _count(client.get("/sparql", params={"query": COUNT_NAMED.replace("WHERE", f"FROM NAMED <{one}> WHERE")
                                                })) == in_one
    assert _count(client.get("/sparql", params={"query": COUNT, "default-graph-uri": "http://nothing.example/"})) == 0
