"""Every API parameter and the SPARQL endpoint fuzzed with hostile strings: no 5xx, no store change,
and no query text built from input.

The operations and their parameters come from the app's own OpenAPI document, so a new route or
parameter is fuzzed without editing this file. Property-based with hypothesis (schemathesis is
not a project dependency). While the fuzzing runs, every SPARQL text the store executes is
recorded: outside /sparql each must be one of the named queries in kg/queries/*.rq verbatim.
"""
from __future__ import annotations

import re

import hashlib
from collections.abc import Iterator
from urllib.parse import quote

import pytest

pytest.importorskip("api.app")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from pyoxigraph import RdfFormat  # noqa: E402

from api.app import create_app  # noqa: E402
from kg.store.queries import load_query, query_names  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402

HOSTILE = [
    "'", '"', "}", "{", "<", ">", "\\", "#", "?x", "$x", ";", "%00", "\x00", "\u202e", "\ufeff", "NaN", "-1", "1e309",
    "' OR '1'='1", '" } ; DROP ALL ; #', "> } DROP ALL { <", "<http://example.org/x> . }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "CLEAR DEFAULT",
    "LOAD <http://example.org/evil.ttl>", "SELECT * WHERE { ?s ?p ?o", "../../etc/passwd", "chips\" . ?s ?p ?o . \"",
    "a" * 5000, "\u0645\u0635\u0631 \u4e2d\u56fd \U0001F600", "9999-99-99", "2024-02-30", " ", "",
]
# Valid SPARQL that a client may send: must answer (or refuse) without touching the store.
SPARQL_UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "DROP ALL",
                  "CLEAR ALL", "PREFIX x: <urn:x> INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
                  "LOAD <http://example.org/evil.ttl>", "CREATE GRAPH <urn:g>",
                  "SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; DROP ALL"]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
hostile = st.one_of(st.sampled_from(HOSTILE), text, st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), text))
EXAMPLES = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def store_fingerprint(path) -> tuple[int, str]:
    """(quad count, sha256 of the sorted N-Quads dump) of the store on disk."""
    st_ = OxigraphStore(path, read_only=True)
    try:
        lines = sorted(st_._store.dump(format=RdfFormat.N_QUADS).splitlines())
        return len(st_._store), hashlib.sha256(b"\n".join(lines)).hexdigest()
    finally:
        st_.close()


@pytest.fixture(scope="module")
def executed() -> Iterator[list[str]]:
    """Every SPARQL text the store runs while the fuzzing runs."""
    texts: list[str] = []
    original = OxigraphStore._run  # every query goes through it: query, select, query_serialized

    def spy(self, sparql, *args, **kwargs):
        texts.append(sparql)
        return original(self, sparql, *args, **kwargs)

    OxigraphStore._run = spy
    try:
        yield texts
    finally:
        OxigraphStore._run = original


@pytest.fixture(scope="module")
def fuzz_client(corpus_store_settings, executed) -> Iterator[TestClient]:
    before = store_fingerprint(corpus_store_settings.store_path)
    with TestClient(create_app(corpus_store_settings), raise_server_exceptions=False) as c:
        yield c
    assert store_fingerprint(corpus_store_settings.store_path) == before, "the store changed under fuzzing"


def operations() -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, query parameters, path parameters) of every GET route in the OpenAPI document."""
    from kg.core.settings import Settings

    spec = create_app(Settings()).openapi()
    ops = []
    for path, item in spec["paths"].items():
        get = item.get("get")
        if get is None:
            continue
        params = get.get("parameters", [])
        ops.append((path, [p["name"] for p in params if p["in"] == "query"],
                    [p["name"] for p in params if p["in"] == "path"]))
    return ops


OPERATIONS = operations()
NAMED = None


def named_texts() -> set[str]:
    global NAMED
    if NAMED is None:
        NAMED = {load_query(n) for n in query_names()}
    return NAMED


# kg.store.queries.run_named may put a VALUES block of the project's own IRIs (taken from the store, never
# from a request) at the top of a named query's WHERE clause; anything else is query text from input.
_STORE_VALUES = re.compile(r"\n  VALUES \?\w+ \{ (?:<https://w3id\.org/aigeo/[^<>\s\"{}]*> ?)*\}")


def _without_store_values(text: str) -> str:
    return _STORE_VALUES.sub("", text)


def check(response, path: str) -> None:
    assert response.status_code < 500, f"{path}: {response.status_code} {response.text[:500]}"


@pytest.mark.parametrize("path,query_params,path_params", OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_every_parameter_fuzzed_gets_no_5xx_and_no_query_text_from_input(path, query_params, path_params,
                                                                          fuzz_client, executed):
    @EXAMPLES
    @given(values=st.fixed_dictionaries({p: hostile for p in path_params},
                                        optional={p: hostile for p in query_params}))
    def run(values: dict[str, str]) -> None:
        url = path
        for p in path_params:
            url = url.replace("{" + p + "}", quote(values.pop(p), safe="") or "x")
        start = len(executed)
        r = fuzz_client.get(url, params=values)
        check(r, url)
        if path != "/sparql":
            built = [t for t in executed[start:] if _without_store_values(t) not in named_texts()]
            assert not built, f"{url} ran query text that is not a named query: {built[0][:300]}"

    run()


@EXAMPLES
@given(query=st.one_of(hostile, st.sampled_from(SPARQL_UPDATES)),
       accept=st.sampled_from(["application/sparql-results+json", "text/csv", "*/*", "text/turtle", "x/y", "", "'\"<>"]))
def test_sparql_endpoint_fuzzed_refuses_without_5xx_or_store_change(query, accept, fuzz_client):
    for r in (fuzz_client.get("/sparql", params={"query": query}, headers={"Accept": accept}),
              fuzz_client.post("/sparql", data={"query": query}, headers={"Accept": accept}),
              fuzz_client.post("/sparql", content=query.encode("utf-8"),
                               headers={"Accept": accept, "Content-Type": "application/sparql-query"})):
        check(r, "/sparql")
    if query in SPARQL_UPDATES:
        assert 400 <= r.status_code < 500, (query, r.status_code)
