"""GEXF and GraphML exports validate against their schemas and survive the way Gephi merges parallel edges."""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from kg.read.export import write_gexf, write_graphml
from kg.read.network import project
from kg.store.oxigraph import OxigraphStore

from tests.graph_fixture import fill

SCHEMAS = Path(__file__).parents[1] / "schemas"
G = "{http://gexf.net/1.3}"


@pytest.fixture(scope="module")
def network():
    s = OxigraphStore(None)
    fill(s)
    return project(s)


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf-1.3.xsd")))


@pytest.fixture(scope="module")
def graphml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml-1.0.xsd")))


def _gexf(network, dynamic: bool = False) -> etree._ElementTree:
    buf = io.BytesIO()
    write_gexf(network, buf, dynamic=dynamic)
    return etree.parse(io.BytesIO(buf.getvalue()))


def _graphml(network) -> etree._ElementTree:
    buf = io.BytesIO()
    write_graphml(network, buf)
    return etree.parse(io.BytesIO(buf.getvalue()))


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
def test_gexf_validates_against_the_gexf_1_3_schema(network, gexf_schema, dynamic: bool) -> None:
    doc = _gexf(network, dynamic)
    assert gexf_schema.validate(doc), gexf_schema.error_log


def test_graphml_validates_against_the_graphml_schema(network, graphml_schema) -> None:
    doc = _graphml(network)
    assert graphml_schema.validate(doc), graphml_schema.error_log


def test_graphml_gives_node_and_edge_labels_distinct_key_ids(network) -> None:
    keys = _graphml(network).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    labels = {k.get("for"): k.get("id") for k in keys if k.get("attr.name") == "label"}
    assert labels == {"node": "node_label", "edge": "edge_label"}


@pytest.mark.parametrize(("schema", "break_it", "why"), [
    ("gexf", lambda r: r.find(f"{G}graph/{G}edges/{G}edge").set("target", "nowhere"), "edge to a missing node"),
    ("gexf", lambda r: r.find(f"{G}graph/{G}edges/{G}edge").set("colour", "red"), "attribute not in GEXF"),
    ("gexf", lambda r: r.find(f"{G}graph/{G}edges/{G}edge/{G}attvalues/{G}attvalue").set("for", "999"),
     "value of an undeclared attribute"),
    ("graphml", lambda r: r[0].set("id", r[1].get("id")), "two keys with one id"),
    ("graphml", lambda r: r.find(".//{http://graphml.graphdrawing.org/xmlns}edge").set("id", "a|b"),
     "edge id not a name token"),
])
def test_the_schemas_refuse_what_the_tools_refuse(network, gexf_schema, graphml_schema, schema, break_it,
                                                  why: str) -> None:
    doc = _gexf(network) if schema == "gexf" else _graphml(network)
    validator = gexf_schema if schema == "gexf" else graphml_schema
    assert validator.validate(doc)
    break_it(doc.getroot())
    assert not validator.validate(doc), why


def _gephi_merge(doc: etree._ElementTree, by_kind: bool) -> Counter:
    """Gephi's import merges edges with the same source, target and (in GEXF 1.3) kind into one."""
    edges = doc.getroot().iter(f"{G}edge")
    return Counter((e.get("source"), e.get("target"), e.get("kind") if by_kind else None) for e in edges)


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
def test_parallel_edges_of_different_relations_or_resources_survive_a_merge_by_kind(network, dynamic: bool) -> None:
    doc = _gexf(network, dynamic)
    edges = list(doc.getroot().iter(f"{G}edge"))
    assert all(e.get("kind") for e in edges)
    merged = _gephi_merge(doc, by_kind=True)
    assert len(merged) == len(edges)  # nothing merges
    # the network has parallel edges (Russia and China: a dependency for chips, one for AI models and a
    # cooperation), which would collapse without kinds
    assert len(_gephi_merge(doc, by_kind=False)) < len(edges)
    kinds = {e.get("kind") for e in edges if {e.get("source"), e.get("target")} == {"russia", "china"}}
    assert {"dependency:chips", "dependency:ai_models", "cooperation:ai_technology"} <= kinds
    for e in edges:
        values = {a.get("for"): a.get("value") for a in e.iter(f"{G}attvalue")}
        relation, resource = e.get("kind").split(":")
        assert relation in values.values() and resource in values.values()
