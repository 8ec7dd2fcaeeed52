"""/sparql's `format` parameter: what clients without an Accept header (pandas.read_csv(url)) get."""
from __future__ import annotations

import csv
import io
import urllib.parse
import urllib.request

import pytest

from tests.live_server import live_server



@pytest.fixture(scope="module")
def client(engine_client):
    """These behaviours hold on every engine: the app on Oxigraph, then on Virtuoso (tests/api/conftest.py)."""
    return engine_client

SELECT = ("SELECT ?dependent ?provider WHERE { ?c a aig:DependencyClaim ; aig:subject ?dependent ; "
          "aig:object ?provider ; aig:resource res:chips ; aig:modality aig:asserted } ORDER BY ?dependent")
CONSTRUCT = "CONSTRUCT { ?a aig:dependsOn ?b } WHERE { ?a aig:dependsOn ?b }"
RUSSIA, CHINA = "https://w3id.org/aigeo/actor/russia", "https://w3id.org/aigeo/actor/china"


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"), ("text/csv", "text/csv"),
])
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_format_picks_the_results_format_whatever_the_accept_header(client, fmt, media_type, how) -> None:
    headers = {"Accept": "application/sparql-results+json" if fmt != "json" else "text/csv"}
    if how == "get":
        r = client.get("/sparql", params={"query": SELECT, "format": fmt}, headers=headers)
    elif how == "post-form":
        r = client.post("/sparql", data={"query": SELECT, "format": fmt}, headers=headers)
    else:
        r = client.post("/sparql", params={"format": fmt}, content=SELECT.encode(),
                        headers={**headers, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media_type)
    assert b"russia" in r.content


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("json", "application/ld+json"), ("xml", "application/rdf+xml"), ("turtle", "text/turtle"),
    ("ntriples", "application/n-triples"), ("n3", "text/turtle"), ("rdf+xml", "application/rdf+xml"),
])
def test_format_names_a_graph_format_for_construct(client, fmt, media_type) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT, "format": fmt})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media_type)


def test_sparqlwrappers_repeated_format_values_are_all_read(client) -> None:
    # what SPARQLWrapper sends for TSV: the name, then the media type
    r = client.get("/sparql", params=[("query", SELECT), ("format", "tsv"), ("format", "text/tab-separated-values"),
                                      ("output", "tsv"), ("results", "tsv")])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")


def test_csv_for_a_construct_is_not_acceptable(client) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT, "format": "csv"})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("how", "status"), [("get", 422), ("post-form", 400)])
def test_an_unknown_format_is_refused_with_a_problem(client, how, status) -> None:
    if how == "get":
        r = client.get("/sparql", params={"query": SELECT, "format": "excel"})
    else:
        r = client.post("/sparql", data={"query": SELECT, "format": "excel"})
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    assert "format" in r.json()["detail"]


@pytest.mark.network
def test_a_url_with_format_csv_reads_as_csv_without_an_accept_header(mini_settings) -> None:
    """What pandas.read_csv(url) does: urllib's urlopen, no Accept header, the body parsed as CSV."""
    with live_server(mini_settings) as base:
        url = f"{base}/sparql?format=csv&query=" + urllib.parse.quote(SELECT)
        request = urllib.request.Request(url)
        assert "Accept" not in request.headers
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Content-Type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert {"dependent": RUSSIA, "provider": CHINA} in rows
