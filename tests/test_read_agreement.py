"""One read model: for every edge, `kg ask --json`, the JSON API over HTTP, the network projection (what
`kg impact` and `kg chokepoints` walk) and the GEXF export agree on its claim count, its source count
(distinct articles) and its story count (independent stories), on the built project corpus and on a generated graph of 20,000 claims."""
from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kg.cli.app import app as cli
from kg.core.namespaces import STORIES_GRAPH
from kg.core.settings import Settings
from kg.ingest.mapping import story_quads
from kg.ingest.stories import Story
from kg.read.analysis import dependency_graph
from kg.read.answers import Answers
from kg.read.network import NetworkFilter, project
from kg.store.oxigraph import OxigraphStore
from tests.bench import synth

SYNTH_CLAIMS = 20_000
Counts = dict[tuple[str, str, str, str], tuple[int, int, int]]  # (subject, kind, object, resource) -> (claims, sources, stories)


@pytest.fixture(scope="module")
def synth_settings(tmp_path_factory) -> Settings:
    path = tmp_path_factory.mktemp("synth") / "store"
    articles: list[str] = []

    def claims() -> Iterator:
        for article, quads in synth.claims_graph(SYNTH_CLAIMS):
            articles.append(article)
            yield from quads

    with OxigraphStore(path) as store:
        store.bulk_extend(itertools.chain(synth.static_quads(), claims()))
        # every three articles carry one story, so independent stories and articles differ on many edges
        store.replace_graph(str(STORIES_GRAPH), story_quads(
            Story(group[0], tuple(group), ("near-duplicate text",)) for group in
            (tuple(articles[i:i + 3]) for i in range(0, len(articles), 3))))
    return Settings(store_path=path)


@pytest.fixture(scope="module", params=["corpus", "synthetic"])
def graph(request) -> Settings:
    name = "corpus_store_settings" if request.param == "corpus" else "synth_settings"
    return request.getfixturevalue(name)


def _kg(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store-path", str(settings.store_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _edge_key(e: dict, kind: str) -> tuple[str, str, str, str]:
    return (e["subject"]["key"], kind, e["object"]["key"], e["resource"]["key"])


def _ask(settings: Settings, question: str, kind: str, *flags: str) -> Counts:
    data = json.loads(_kg(settings, "ask", question, "--json", "--limit", "10000000", "--citations", "0", *flags))
    assert data["total"] == len(data["results"])
    return {_edge_key(e, kind): (e["claim_count"], e["source_count"], e["story_count"]) for e in data["results"]}


def _api(client: TestClient, route: str, kind: str, modalities: dict, **params: str) -> Counts:
    out: Counts = {}
    for offset in itertools.count(0, 1000):
        r = client.get(route, params={**params, "limit": 1000, "offset": offset, "citations": 0})
        assert r.status_code == 200, r.text
        page = r.json()
        for e in page["items"]:
            out[_edge_key(e, kind)] = (e["claim_count"], e["source_count"], e["story_count"])
            modalities[_edge_key(e, kind)] = e["modalities"]
        if offset + 1000 >= page["total"]:
            return out


def _network(settings: Settings, flt: NetworkFilter | None = None) -> Counts:
    with OxigraphStore(Path(settings.store_path), read_only=True) as store:
        G = project(store, flt)
    return {(u, d["relation"], v, d["resource"]): (d["claims"], d["sources"], d["stories"])
            for u, v, d in G.edges(data=True)}


def _gexf(settings: Settings, tmp_path: Path, *flags: str) -> Counts:
    out_file = tmp_path / "graph.gexf"
    _kg(settings, "export", "--format", "gexf", "--output", str(out_file), *flags)
    root = ET.parse(out_file).getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attributes[@class='edge']/g:attribute", ns)}
    out: Counts = {}
    for edge in root.iterfind(".//g:edges/g:edge", ns):
        values = {titles[v.get("for")]: v.get("value") for v in edge.iterfind(".//g:attvalue", ns)}
        key = (edge.get("source"), values["relation"], edge.get("target"), values["resource"])
        out[key] = (int(values["claims"]), int(values["sources"]), int(values["stories"]))
    return out


def test_every_edge_has_the_same_claim_and_source_counts_everywhere(graph: Settings, tmp_path: Path) -> None:
    network = _network(graph)
    assert network, "the graph has edges"
    modalities: dict = {}
    with TestClient(create_app(graph)) as client:
        api = {**_api(client, "/dependencies", "dependency", modalities),
               **_api(client, "/restrictions", "restriction", modalities)}
        # cooperation is symmetric: asked with an actor, claims naming it on either side are turned to face
        # it, as the projection draws one edge from the actor whose key sorts first
        for actor in sorted({s for s, kind, o, _ in network if kind == "cooperation"}):
            api.update({k: v for k, v in _api(client, "/cooperations", "cooperation", modalities, actor=actor).items()
                        if k[0] <= k[2]})
    asked = {**_ask(graph, "who depends on whom", "dependency"), **_ask(graph, "who restricts whom", "restriction")}
    busiest = Counter(s for s, kind, _, _ in network if kind == "cooperation").most_common(3)
    for actor, _ in busiest:
        asked.update({k: v for k, v in _ask(graph, f"who cooperates with {actor}", "cooperation").items()
                      if k[0] <= k[2]})

    # the projection holds every edge with a claim that is not a denial, with the API's counts
    for key, counts in network.items():
        assert api.get(key) == counts, key
    for key in api.keys() - network.keys():
        assert modalities[key] == ["negated"], f"{key} is supported but missing from the network"
    # kg ask pages the same edges with the same counts
    assert {k for k in api if k[1] != "cooperation"} == {k for k in asked if k[1] != "cooperation"}
    for key, counts in asked.items():
        assert api[key] == counts, key
    # the GEXF export writes the projection's counts
    assert _gexf(graph, tmp_path) == network
    # and every edge's timeline: the API's first and last dates are the projection's (the dynamic GEXF's spells)
    with OxigraphStore(Path(graph.store_path), read_only=True) as store:
        G = project(store)
    with TestClient(create_app(graph)) as client:
        for route, kind in (("/dependencies", "dependency"), ("/restrictions", "restriction")):
            for e in client.get(route, params={"limit": 1000, "citations": 0}).json()["items"]:
                key = f"{kind}:{e['resource']['key']}"
                if G.has_edge(e["subject"]["key"], e["object"]["key"], key):
                    d = G.edges[e["subject"]["key"], e["object"]["key"], key]
                    assert (e["first_date"], e["last_date"]) == (d.get("first_date"), d.get("last_date"))
                assert sum(y["claim_count"] for y in e["years"]) <= e["claim_count"]
                assert all(y["claim_count"] >= y["source_count"] >= y["story_count"] >= 1 for y in e["years"])
    # kg impact and kg chokepoints walk the dependency graph of one resource: each edge is one API edge
    resources = Counter(k[3] for k in network if k[1] == "dependency")
    with OxigraphStore(Path(graph.store_path), read_only=True) as store:
        answers = Answers(store)
        for resource, _ in resources.most_common(3):
            D = dependency_graph(store, NetworkFilter(resource=resource), answers)
            for u, v, d in D.edges(data=True):
                assert (d["claims"], d["sources"], d["stories"]) == api[u, "dependency", v, resource], (u, v, resource)


def test_rolled_up_to_states_every_edge_has_the_same_counts_everywhere(graph: Settings, tmp_path: Path) -> None:
    network = _network(graph, NetworkFilter(roll_up=True))
    assert network
    modalities: dict = {}
    with TestClient(create_app(graph)) as client:
        api = {**_api(client, "/dependencies", "dependency", modalities, roll_up="true"),
               **_api(client, "/restrictions", "restriction", modalities, roll_up="true")}
        plain = {**_api(client, "/dependencies", "dependency", {}), **_api(client, "/restrictions", "restriction", {})}
    asked = {**_ask(graph, "who depends on whom", "dependency", "--roll-up"),
             **_ask(graph, "who restricts whom", "restriction", "--roll-up")}
    assert asked == api
    for key, counts in network.items():
        if key[1] != "cooperation":
            assert api.get(key) == counts, key
    assert _gexf(graph, tmp_path, "--roll-up") == network
    # rolling up merges edges: never more edges, and the claims are the same claims
    assert len(api) <= len(plain)
    assert sum(c[0] for c in api.values()) == sum(c[0] for c in plain.values())


def test_kg_impact_hops_carry_the_api_counts_and_first_citation(graph: Settings) -> None:
    network = _network(graph)
    provider = Counter(o for _, kind, o, r in network if kind == "dependency" and r == "chips").most_common(1)[0][0]
    data = json.loads(_kg(graph, "impact", provider, "--resource", "chips", "--json"))
    hops = {(h["dependent"], h["provider"]): h for e in data["exposed"] for h in e["path"]}
    assert hops
    with TestClient(create_app(graph)) as client:
        for (u, v), hop in hops.items():
            r = client.get("/dependencies", params={"dependent": u, "provider": v, "resource": "chips"})
            (edge,) = r.json()["items"]
            assert (hop["claims"], hop["sources"], hop["stories"]) == (edge["claim_count"], edge["source_count"],
                                                                       edge["story_count"])
            # one citation order: the hop cites the edge's first claim that is not a denial
            first = next(c for c in edge["claims"] if c["modality"] != "negated")
            assert (hop["quote"], hop["article"]) == (first["quote"], first["article"])
