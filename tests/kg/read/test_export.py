"""Exports: GEXF 1.3 and GraphML that round-trip through networkx, and RDF dumps of the store or one article."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli.app import app
from kg.core.errors import NotFound, QueryError
from kg.read.export import (
    FORMATS, TYPE_COLOURS, default_path, export_bytes, get_format, gexf_graph, graphml_graph, node_size, write_gexf,
    write_graphml,
)
from kg.read.network import NetworkFilter, project
from kg.store import IRI, Triple, open_store
from kg.store.formats import JSON_LD, N_QUADS, TRIG, TURTLE, parse
from kg.store.oxigraph import OxigraphStore

from tests.graph_fixture import ARTICLE_2, article_iri, disk_store, fill

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CUSTOMS = article_iri(ARTICLE_2, "https://example.org/news/customs")


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    fill(s)
    return s


@pytest.fixture(scope="module")
def network(store):
    return project(store)


def _gexf(G, dynamic=False) -> bytes:
    buf = io.BytesIO()
    write_gexf(G, buf, dynamic=dynamic)
    return buf.getvalue()


def _edge_index(G) -> dict[str, tuple[str, str, dict]]:
    return {d["id"]: (u, v, d) for u, v, d in G.edges(data=True)}


# ---- GEXF

def test_gexf_is_version_1_3_with_the_right_namespaces(network) -> None:
    data = _gexf(network)
    root = ET.fromstring(data)
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    assert root.get(f"{{{XSI}}}schemaLocation") == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    assert b'xmlns:viz="http://gexf.net/1.3/viz"' in data
    assert root.find(f"{GEXF}graph").get("defaultedgetype") == "directed"


@pytest.mark.parametrize(
    ("cls", "title", "type_"),
    [("node", "actor_type", "string"), ("node", "wikidata", "string"), ("node", "claims", "long"),
     ("node", "weighted_degree", "long"), ("edge", "relation", "string"), ("edge", "resource", "string"),
     ("edge", "sources", "long"), ("edge", "claims", "long"), ("edge", "negated", "long"),
     ("edge", "first_date", "string"), ("edge", "quote", "string"), ("edge", "url", "string")],
)
def test_gexf_declares_node_and_edge_attributes_with_types(network, cls: str, title: str, type_: str) -> None:
    graph = ET.fromstring(_gexf(network)).find(f"{GEXF}graph")
    declared = {(a.get("class"), x.get("title")): x.get("type")
                for a in graph.findall(f"{GEXF}attributes") for x in a.findall(f"{GEXF}attribute")}
    assert declared[(cls, title)] == type_
    assert ("edge", "networkx_key") not in declared, "no networkx bookkeeping column in Gephi"


def test_gexf_colours_nodes_by_actor_type_and_sizes_them_by_weighted_degree(network) -> None:
    nodes = {n.get("id"): n for n in ET.fromstring(_gexf(network)).iter(f"{GEXF}node")}
    for key, d in network.nodes(data=True):
        c = nodes[key].find(f"{VIZ}color")
        assert (int(c.get("r")), int(c.get("g")), int(c.get("b"))) == TYPE_COLOURS[d["actor_type"]]
        assert float(nodes[key].find(f"{VIZ}size").get("value")) == node_size(d["weighted_degree"])
    assert TYPE_COLOURS["Company"] != TYPE_COLOURS["Country"]
    assert node_size(7) > node_size(2) > node_size(1)


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
def test_gexf_round_trips_through_networkx(network, dynamic: bool) -> None:
    written = gexf_graph(network, dynamic)
    H = nx.read_gexf(io.BytesIO(_gexf(network, dynamic)))
    assert set(H.nodes) == set(written.nodes)
    for n, d in written.nodes(data=True):
        assert H.nodes[n] == d, n
    assert H.number_of_edges() == written.number_of_edges()
    read = _edge_index(H)
    for eid, (u, v, d) in _edge_index(written).items():
        assert read[eid][:2] == (u, v)
        assert read[eid][2] == d, eid


def test_gexf_flattens_lists_and_leaves_out_missing_values(network) -> None:
    written = gexf_graph(network)
    d = written.edges["russia", "china", "russia|dependency|chips|china"]
    assert d["dates"] == "2023-03-01; 2024-06-15"
    coop = written.edges["china", "russia", "china|cooperation|ai_technology|russia"]
    assert "first_date" not in coop and "url" not in coop
    assert all(v is not None and not isinstance(v, list) for _, _, e in written.edges(data=True)
               for k, v in e.items() if k != "spells")


def test_dynamic_gexf_gives_edges_a_spell_per_reporting_date(network) -> None:
    graph = ET.fromstring(_gexf(network, dynamic=True)).find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    edges = {e.get("id"): e for e in graph.iter(f"{GEXF}edge")}
    spells = [(s.get("start"), s.get("end")) for s in edges["russia|dependency|chips|china"].iter(f"{GEXF}spell")]
    assert spells == [("2023-03-01", "2023-03-01"), ("2024-06-15", "2024-06-15")]
    assert edges["china|cooperation|ai_technology|russia"].find(f"{GEXF}spells") is None, "undated: always shown"
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF}node")}
    assert [s.get("start") for s in nodes["asml"].iter(f"{GEXF}spell")] == ["2024-06-15"]
    assert nodes["russia"].find(f"{GEXF}spells") is None, "a node with an undated edge is always shown"


def test_static_gexf_has_no_spells(network) -> None:
    graph = ET.fromstring(_gexf(network)).find(f"{GEXF}graph")
    assert graph.get("mode") == "static"
    assert graph.find(f".//{GEXF}spells") is None


# ---- GraphML

def test_graphml_round_trips_through_networkx(network) -> None:
    buf = io.BytesIO()
    write_graphml(network, buf)
    written = graphml_graph(network)
    H = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert dict(H.nodes(data=True)) == dict(written.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in H.edges(keys=True, data=True)} == \
        {(u, v, k): d for u, v, k, d in written.edges(keys=True, data=True)}
    assert written.nodes["tsmc"]["color"] == "#2ca02c"


# ---- RDF dumps

@pytest.mark.parametrize("name", ["trig", "nquads", "jsonld"])
def test_dataset_dumps_of_the_store_keep_every_quad(store, name: str) -> None:
    data, _ = export_bytes(store, name)
    quads = set(parse(data, FORMATS[name].rdf))
    assert quads == set(store.quads())


def test_turtle_dump_of_the_store_is_the_union_of_its_graphs(store) -> None:
    data, _ = export_bytes(store, "turtle")
    assert set(parse(data, TURTLE)) == {q.triple for q in store.quads()}


@pytest.mark.parametrize("name", ["trig", "nquads", "jsonld"])
def test_an_article_dump_in_a_dataset_format_keeps_its_graph_name(store, name: str) -> None:
    data, _ = export_bytes(store, name, article=CUSTOMS)
    quads = parse(data, FORMATS[name].rdf)
    assert quads and {q.graph for q in quads} == {IRI(CUSTOMS)}
    assert set(quads) == set(store.quads(CUSTOMS))


@pytest.mark.parametrize("article", [CUSTOMS, CUSTOMS.rsplit("/", 1)[1], "article:" + CUSTOMS.rsplit("/", 1)[1]])
def test_an_article_is_named_by_iri_or_local_name(store, article: str) -> None:
    data, _ = export_bytes(store, "turtle", article=article)
    triples = parse(data, TURTLE)
    assert len(triples) == store.quad_count(CUSTOMS)
    assert all(type(t) is Triple for t in triples)  # bare triples: Turtle names no graph


@pytest.mark.parametrize("article", ["https://w3id.org/aigeo/article/u000", "https://w3id.org/aigeo/graph/actors", "nope"])
def test_an_unknown_article_is_not_found(store, article: str) -> None:
    with pytest.raises(NotFound):
        export_bytes(store, "trig", article=article)


@pytest.mark.parametrize("bad", [{"fmt": "pdf"}, {"fmt": "trig", "dynamic": True}, {"fmt": "graphml", "dynamic": True}])
def test_impossible_exports_raise_query_error(store, bad: dict) -> None:
    with pytest.raises(QueryError):
        export_bytes(store, bad.pop("fmt"), **bad)


@pytest.mark.parametrize(("name", "ext"), [("gexf", "gexf"), ("graphml", "graphml"), ("trig", "trig"),
                                            ("nquads", "nq"), ("nq", "nq"), ("turtle", "ttl"), ("ttl", "ttl"),
                                            ("jsonld", "jsonld")])
def test_formats_are_found_by_name_or_extension(name: str, ext: str) -> None:
    assert get_format(name).extension == ext


@pytest.mark.parametrize(
    ("fmt", "flt", "dynamic", "article", "path"),
    [("gexf", NetworkFilter(), False, None, "exports/graph.gexf"),
     ("gexf", NetworkFilter(resource="chips", kind="dependency"), True, None, "exports/graph-dependency-chips-dynamic.gexf"),
     ("graphml", NetworkFilter(resource="chips"), False, None, "exports/graph-chips.graphml"),
     ("nquads", None, False, None, "exports/dump.nq"),
     ("turtle", None, False, "https://w3id.org/aigeo/article/u123", "exports/dump-article-u123.ttl")],
)
def test_default_output_paths_say_what_is_inside(fmt, flt, dynamic, article, path) -> None:
    assert default_path(get_format(fmt), flt, dynamic, article).as_posix() == path


# ---- the command

@pytest.fixture(scope="module")
def disk_settings(tmp_path_factory):
    return disk_store(tmp_path_factory.mktemp("netexport") / "store")


def test_kg_export_writes_under_exports_by_default(disk_settings, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--store-path", str(disk_settings.store_path), "export", "--resource", "chips",
                                      "--kind", "dependency", "--dynamic"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "exports" / "graph-dependency-chips-dynamic.gexf"
    assert "3 edges" in result.output and str(target.relative_to(tmp_path)) in result.output
    H = nx.read_gexf(target)
    assert H.edges["russia", "china"]["weight"] == 2.0
    assert not list(tmp_path.glob("exports/*.part"))


@pytest.mark.parametrize(("fmt", "rdf"), [("trig", TRIG), ("nquads", N_QUADS),
                                          ("turtle", TURTLE), ("jsonld", JSON_LD)])
def test_kg_export_dumps_one_article_as_rdf(disk_settings, tmp_path, fmt: str, rdf: str) -> None:
    out = tmp_path / f"one.{fmt}"
    result = CliRunner().invoke(app, ["--store-path", str(disk_settings.store_path), "export", "-f", fmt,
                                      "--article", CUSTOMS, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open_store(disk_settings, read_only=True) as s:
        assert len(parse(out.read_bytes(), rdf)) == s.quad_count(CUSTOMS)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["-f", "pdf"], "unknown export format"), (["--since", "2024-02-30"], "is not a date"),
     (["--resource", "bananas"], "unknown resource"), (["-f", "trig", "--resource", "chips"], "apply to gexf"),
     (["-f", "trig", "--article", "u000"], "no article")],
)
def test_kg_export_refuses_bad_options_with_one_line(disk_settings, tmp_path, args, message: str) -> None:
    result = CliRunner().invoke(app, ["--store-path", str(disk_settings.store_path), "export", "-o",
                                      str(tmp_path / "x"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_seed_chips_export_has_russia_to_china_with_weight_and_sources(seed_store_settings) -> None:
    with open_store(seed_store_settings, read_only=True) as s:
        data, result = export_bytes(s, "gexf", NetworkFilter(resource="chips"))
    H = nx.read_gexf(io.BytesIO(data))
    edges = [d for u, v, d in H.edges(data=True) if (u, v) == ("russia", "china") and d["relation"] == "dependency"]
    assert edges, sorted(H.edges())
    assert edges[0]["weight"] >= 1 and edges[0]["sources"] >= 1
    assert H.nodes["china"]["label"] == "China" and H.nodes["russia"]["actor_type"] == "Country"
