"""The network routes over HTTP: exports with their media types, chokepoints, impact, and error shapes."""
from __future__ import annotations

import io

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, RdfFormat, parse

from api.app import create_app
from tests.graph_fixture import ARTICLE_2, S1, article_iri, disk_store

CUSTOMS = article_iri(ARTICLE_2, "https://example.org/news/customs")
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = disk_store(tmp_path_factory.mktemp("netapi") / "store")
    with TestClient(create_app(settings)) as c:
        yield c


def test_gexf_export_is_served_as_a_gexf_download(client) -> None:
    r = client.get("/export/graph.gexf", params={"resource": "chips", "kind": "dependency"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/gexf+xml")
    assert 'filename="graph-dependency-chips.gexf"' in r.headers["content-disposition"]
    H = nx.read_gexf(io.BytesIO(r.content))
    assert sorted(H.edges()) == [("china", "tsmc"), ("iran", "russia"), ("russia", "china")]
    assert (H.edges["russia", "china"]["weight"], H.edges["russia", "china"]["sources"]) == (2.0, 3)


def test_dynamic_gexf_export_carries_spells(client) -> None:
    r = client.get("/export/graph.gexf", params={"resource": "chips", "dynamic": "true"})
    assert r.status_code == 200
    H = nx.read_gexf(io.BytesIO(r.content))
    assert H.graph["mode"] == "dynamic"
    edge = next(d for u, v, d in H.edges(data=True) if (u, v) == ("russia", "china") and d["relation"] == "dependency")
    assert edge["spells"] == [("2023-03-01", "2023-03-01"), ("2024-06-15", "2024-06-15")]


def test_graphml_export_filters_by_date(client) -> None:
    r = client.get("/export/graph.graphml", params={"since": "2024-01-01", "min_support": 1})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/graphml+xml")
    H = nx.read_graphml(io.BytesIO(r.content))
    assert {d["first_date"] for _, _, d in H.edges(data=True)} == {"2024-06-15"}


@pytest.mark.parametrize(("ext", "fmt", "media"), [("trig", RdfFormat.TRIG, "application/trig"),
                                                   ("nq", RdfFormat.N_QUADS, "application/n-quads"),
                                                   ("ttl", RdfFormat.TURTLE, "text/turtle"),
                                                   ("jsonld", RdfFormat.JSON_LD, "application/ld+json")])
def test_rdf_dumps_of_the_store_and_of_one_article(client, ext: str, fmt: RdfFormat, media: str) -> None:
    whole = client.get(f"/export/dump.{ext}")
    assert whole.status_code == 200 and whole.headers["content-type"].startswith(media)
    local = CUSTOMS.rsplit("/", 1)[1]
    one = client.get(f"/export/articles/{local}/dump.{ext}")
    assert one.status_code == 200, one.text
    same = client.get(f"/export/dump.{ext}", params={"article": CUSTOMS})
    assert same.content == one.content
    all_quads, article_quads = list(parse(whole.content, format=fmt)), list(parse(one.content, format=fmt))
    assert 0 < len(article_quads) < len(all_quads)
    if fmt.supports_datasets:
        assert {q.graph_name for q in article_quads} == {NamedNode(CUSTOMS)}


def test_chokepoints_rank_providers(client) -> None:
    r = client.get("/chokepoints", params={"resource": "chips"})
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [c["actor"] for c in rows] == ["china", "russia", "tsmc"]
    assert rows[0]["dependents"] == ["Russia"] and rows[0]["reach"] == pytest.approx(0.6667)


def test_impact_lists_dependents_with_cited_hops(client) -> None:
    r = client.get("/impact/PRC", params={"resource": "chips"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["actor"], body["label"], body["resource"]) == ("china", "China", "chips")
    assert [(e["actor"], e["distance"]) for e in body["exposed"]] == [("russia", 1), ("iran", 2)]
    iran_hops = body["exposed"][1]["path"]
    assert [h["quote"] for h in iran_hops] == [S1[0], S1[1]]
    assert iran_hops[1]["url"] == "https://example.org/news/drone-chips"


@pytest.mark.parametrize(
    ("path", "params", "status", "slug"),
    [("/impact/Atlantis", {}, 404, "not-found"),
     ("/chokepoints", {"resource": "bananas"}, 404, "not-found"),
     ("/export/articles/u000/dump.trig", {}, 404, "not-found"),
     ("/export/dump.trig", {"article": "nope"}, 404, "not-found"),
     ("/export/graph.gexf", {"since": "2024-05-01", "until": "2024-01-01"}, 400, "bad-query"),
     ("/export/graph.gexf", {"kind": "friendship"}, 422, "invalid-parameter"),
     ("/export/dump.pdf", {}, 422, "invalid-parameter"),
     ("/chokepoints", {"min_support": 0}, 422, "invalid-parameter")],
)
def test_errors_are_problem_json(client, path: str, params: dict, status: int, slug: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["type"].endswith("/" + slug)
