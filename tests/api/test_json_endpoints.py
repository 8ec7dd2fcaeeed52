"""The JSON API through HTTP: each endpoint, pagination, and every kind of bad input as problem+json."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.core.settings import Settings
from kg.store.oxigraph import OxigraphStore



@pytest.fixture(scope="module")
def client(engine_client):
    """These behaviours hold on every engine: the app on Oxigraph, then on Virtuoso (tests/api/conftest.py)."""
    return engine_client

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}
NASTY = ['"} ; DROP ALL ; {"', "<http://evil/>", "{ ?s ?p ?o }", "' OR '1'='1", "a\"b'c{d}e<f>g"]


def _labels(edge: dict) -> tuple[str, str, str]:
    return edge["subject"]["label"], edge["object"]["label"], edge["resource"]["label"]


def _assert_problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert PROBLEM_FIELDS <= set(body) and body["status"] == status and body["detail"]
    return body


@pytest.mark.parametrize("resource", ["chips", "GPUs", "semiconductors"])
def test_dependencies_for_a_resource_group_claims_into_cited_edges(client, resource):
    r = client.get("/dependencies", params={"resource": resource})
    assert r.status_code == 200
    edges = {_labels(e): e for e in r.json()["items"]}
    edge = edges[("Russia", "China", "chips")]
    assert edge["claim_count"] == 2 and edge["source_count"] == 2
    assert [s["label"] for s in edge["attributed_sources"]] == ["Example Institute"]
    cited = edge["claims"][0]
    assert cited["title"] == "Processors from the east" and cited["publisher"] == "Example Wire"
    assert cited["url"] == "https://example.org/news/processors-east" and cited["date"] == "2024-03-01"
    assert cited["quote"].startswith("The Example Institute reports") and cited["end"] > cited["start"]
    assert cited["modality"] == "asserted" and cited["figures"][0]["unit"] == "percent"


@pytest.mark.parametrize("params, expected", [
    ({"dependent": "Moscow"}, {("Russia", "China", "chips")}),
    ({"provider": "Netherlands"}, {("Taiwan", "Netherlands", "chipmaking equipment")}),
    ({"modality": "negated"}, {("India", "China", "chips")}),
    ({"source": "EXI"}, {("Russia", "China", "chips")}),
    ({"date_from": "2024-05-01"}, {("Russia", "China", "chips"), ("Taiwan", "Netherlands", "chipmaking equipment")}),
    ({"date_to": "2024-04-01", "resource": "chips"},
     {("Russia", "China", "chips"), ("China", "Taiwan", "chips"), ("India", "China", "chips")}),
])
def test_dependency_filters(client, params, expected):
    r = client.get("/dependencies", params=params)
    assert r.status_code == 200
    assert {_labels(e) for e in r.json()["items"]} == expected


@pytest.mark.parametrize("path, params, expected", [
    ("/restrictions", {"target": "China"}, {("United States", "China", "chips"),
                                             ("Netherlands", "China", "chipmaking equipment")}),
    ("/restrictions", {"restrictor": "USA"}, {("United States", "China", "chips")}),
    ("/restrictions", {"modality": "planned"}, {("Netherlands", "China", "chipmaking equipment")}),
    ("/cooperations", {"actor": "Russia"}, {("Russia", "China", "AI technology")}),
    ("/cooperations", {"actor": "China"}, {("China", "Russia", "AI technology")}),
])
def test_restrictions_and_cooperations(client, path, params, expected):
    r = client.get(path, params=params)
    assert r.status_code == 200
    assert {_labels(e) for e in r.json()["items"]} == expected


def test_actors_list_and_profile_in_both_directions(client):
    actors = client.get("/actors").json()
    assert actors["total"] == 7 and actors["items"][0]["article_count"] == 2
    profile = client.get("/actors/Beijing").json()
    assert profile["actor"]["key"] == "china" and profile["actor"]["wikidata"] == "Q148"
    outgoing = {_labels(e) for e in profile["outgoing"]}
    incoming = {_labels(e) for e in profile["incoming"]}
    assert ("China", "Taiwan", "chips") in outgoing and ("Russia", "China", "chips") in incoming
    assert ("United States", "China", "chips") in incoming


def test_claims_are_listed_one_by_one_with_filters(client):
    everything = client.get("/claims").json()
    assert everything["total"] == 8
    r = client.get("/claims", params={"kind": "dependency", "subject": "Russia"}).json()
    assert r["total"] == 2 and {c["modality"] for c in r["items"]} == {"asserted", "hedged"}


def test_figures_by_actor_unit_and_year(client):
    assert client.get("/figures").json()["total"] == 2
    r = client.get("/figures", params={"actor": "Russia", "unit": "percent", "year": 2023}).json()
    assert [f["value"] for f in r["items"]] == [80.0]
    assert r["items"][0]["citation"]["attributed_to"]["label"] == "Example Institute"
    assert client.get("/figures", params={"year": 2022, "unit": "USD"}).json()["items"][0]["raw"] == "$39 billion"


def test_articles_and_one_article_with_its_claims(client):
    arts = client.get("/articles").json()
    assert arts["total"] == 2 and arts["items"][0]["date"] == "2024-06-15"  # newest first
    only = client.get("/articles", params={"actor": "India"}).json()
    assert [a["title"] for a in only["items"]] == ["Processors from the east"]
    detail = client.get(f"/articles/{only['items'][0]['id']}").json()
    assert {m["label"] for m in detail["mentions"]} >= {"Russia", "China", "India"}
    assert len(detail["claims"]) == 3 and len(detail["figures"]) == 1 and len(detail["statements"]) == 1


def test_ask_answers_with_numbered_citations(client):
    r = client.get("/ask", params={"q": "Who depends on whom for semiconductors?"}).json()
    assert r["form"] == "dependencies"
    assert any(line.startswith("Russia → China (chips) — 2 claims, 2 articles, 2 independent stories") for line in r["lines"])
    assert r["citations"][0]["n"] == 1 and "[1]" in r["text"]


def test_ask_and_edge_routes_page_edges_and_cap_citations(client):
    r = client.get("/ask", params={"q": "who depends on whom for chips", "limit": 1, "citations": 1}).json()
    assert r["total"] == 3 and len(r["results"]) == 1 and len(r["citations"]) == 1
    assert r["heading"].endswith("3 edges (the first 1 shown)") and r["lines"][-1].startswith("… and 2 more edges")
    full = client.get("/dependencies", params={"resource": "chips"}).json()
    capped = client.get("/dependencies", params={"resource": "chips", "citations": 1}).json()
    assert [e["claim_count"] for e in capped["items"]] == [e["claim_count"] for e in full["items"]]
    assert [e["claims"] for e in capped["items"]] == [e["claims"][:1] for e in full["items"]]
    none = client.get("/cooperations", params={"actor": "Russia", "citations": 0}).json()
    assert none["items"] and all(e["claims"] == [] and e["claim_count"] >= 1 for e in none["items"])
    for params in ({"q": "who depends on whom", "limit": 0}, {"q": "who depends on whom", "citations": -1}):
        assert client.get("/ask", params=params).status_code == 422
    assert client.get("/dependencies", params={"citations": 5000}).status_code == 422


def test_an_actor_profile_caps_each_section_and_its_citations(client):
    full = client.get("/actors/china").json()
    assert full["outgoing"] or full["incoming"]
    capped = client.get("/actors/china", params={"limit": 1, "citations": 0}).json()
    for part in ("outgoing", "incoming"):
        assert len(capped[part]) <= len({e["kind"] for e in full[part]})  # one edge per kind at most
        assert all(e["claims"] == [] for e in capped[part])
    assert len(capped["figures"]) <= 1 and len(capped["statements"]) <= 1
    assert client.get("/actors/china", params={"limit": 0}).status_code == 422


def test_pagination_pages_through_the_items(client):
    full = client.get("/claims").json()["items"]
    page = client.get("/claims", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == len(full) and page["limit"] == 3 and page["offset"] == 2
    assert page["items"] == full[2:5]
    assert client.get("/claims", params={"offset": 500}).json()["items"] == []


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": -1}, {"limit": 100000}, {"offset": -5}, {"offset": 10**12}, {"limit": "ten"},
    {"limit": "1e309"}, {"offset": "}"},
])
@pytest.mark.parametrize("path", ["/actors", "/claims", "/dependencies", "/figures", "/articles"])
def test_absurd_pagination_is_422_naming_the_parameter(client, path, params):
    body = _assert_problem(client.get(path, params=params), 422)
    assert next(iter(params)) in body["detail"]


@pytest.mark.parametrize("params", [
    {"modality": "sure"}, {"date_from": "yesterday"}, {"date_to": "2024-13-45"}, {"kind": "friendship"},
    {"year": "two thousand"}, {"year": 99999},
])
def test_invalid_filter_values_are_422(client, params):
    path = {"kind": "/claims", "year": "/figures"}.get(next(iter(params)), "/dependencies")
    _assert_problem(client.get(path, params=params), 422)


@pytest.fixture()
def query_texts(monkeypatch) -> list[str]:
    """Every SPARQL text the store is asked to run during a test."""
    seen: list[str] = []
    original = OxigraphStore._run  # every query goes through it: query, select, query_serialized

    def spy(self, sparql, *args, **kwargs):
        seen.append(sparql)
        return original(self, sparql, *args, **kwargs)

    monkeypatch.setattr(OxigraphStore, "_run", spy)
    return seen


@pytest.mark.parametrize("nasty", NASTY)
@pytest.mark.parametrize("path, param", [
    ("/dependencies", "resource"), ("/dependencies", "dependent"), ("/dependencies", "provider"),
    ("/dependencies", "source"), ("/restrictions", "restrictor"), ("/restrictions", "target"),
    ("/cooperations", "actor"), ("/cooperations", "partner"), ("/claims", "subject"), ("/claims", "object"),
    ("/claims", "resource"), ("/claims", "article"), ("/figures", "actor"), ("/articles", "actor"),
    ("/actors", "name"), ("/actors", "type"), ("/figures", "unit"), ("/ask", "q"),
])
def test_quotes_braces_and_angle_brackets_never_reach_the_store(client, query_texts, path, param, nasty):
    r = client.get(path, params={param: nasty})
    if r.status_code != 200:  # a name nobody has, or a malformed id: a 4xx that says so
        body = _assert_problem(r, r.status_code)
        assert 400 <= r.status_code < 500 and ("unknown" in body["detail"] or "malformed" in body["detail"]
                                               or "question" in body["detail"])
    else:  # free-text filters (name, type, unit) simply match nothing
        assert r.json()["items"] == []
    assert not any(nasty in q for q in query_texts)
    assert client.get("/dependencies").status_code == 200  # the server stays up


@pytest.mark.parametrize("path", ["/actors/{}", "/articles/{}"])
@pytest.mark.parametrize("nasty", ["%22%7D%20%3B", "%3Chttp%3A%2F%2Fevil%3E", "x" * 201])
def test_nasty_path_ids_are_4xx(client, query_texts, path, nasty):
    r = client.get(path.format(nasty))
    assert 400 <= r.status_code < 500
    assert r.headers["content-type"] == "application/problem+json"
    assert not any("evil" in q for q in query_texts)


@pytest.mark.parametrize("path, params, fragment", [
    ("/dependencies", {"resource": "bananas"}, "unknown resource 'bananas'; the known resources, closest first: "),
    ("/figures", {"actor": "Rusia"}, "did you mean: Russia"),
    ("/dependencies", {"resource": "chipz"}, "unknown resource 'chipz'; did you mean: chips"),
    ("/dependencies", {"dependent": "Rusia"}, "did you mean: Russia"),
    ("/actors/Atlantis", {}, "unknown actor 'Atlantis'"),
    ("/articles/u0000", {}, "no article"),
])
def test_unknown_names_are_404_with_close_matches(client, path, params, fragment):
    body = _assert_problem(client.get(path, params=params), 404)
    assert fragment in body["detail"]


def test_an_unparseable_question_lists_the_forms_understood(client):
    body = _assert_problem(client.get("/ask", params={"q": "what is the meaning of life"}), 400)
    assert "who depends on whom for chips" in body["forms"]


def test_docs_and_openapi_list_every_endpoint(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/sparql", "/actors", "/actors/{id}", "/claims", "/dependencies", "/restrictions", "/cooperations",
              "/figures", "/articles", "/articles/{id}", "/ask"):
        assert p in paths


def test_unknown_routes_and_methods_are_problems(client):
    _assert_problem(client.get("/nothing-here"), 404)
    _assert_problem(client.delete("/actors"), 405)


def test_without_a_store_data_routes_are_503_and_docs_still_work(tmp_path):
    with TestClient(create_app(Settings(store_path=tmp_path / "absent"))) as c:
        body = _assert_problem(c.get("/dependencies"), 503)
        assert "kg build" in body["detail"]
        assert c.get("/docs").status_code == 200
