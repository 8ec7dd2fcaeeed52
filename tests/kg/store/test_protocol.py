"""Every registered back-end satisfies the Store protocol: neutral terms in and out, a state token that
follows the content, writes all-or-nothing, and a dump that loads back to the same dataset."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.core.namespaces import AIG
from kg.core.settings import Settings
from kg.store import CAPABILITIES, IRI, STORES, BlankNode, Literal, Quad, Solutions, Store, Triples, open_store
from kg.store.formats import N_QUADS, TURTLE, parse, serialize
from kg.store.canonical import canonical_nquads
from kg.store.serving import ServedStore
from tests.backends import backend_settings

A, B = "http://example.org/a", "http://example.org/b"
P = IRI("http://example.org/p")
XSD_INT = IRI("http://www.w3.org/2001/XMLSchema#integer")


def article(graph: str, *values: str) -> list[Quad]:
    g = IRI(graph)
    return [*(Quad(g, P, Literal(v), g) for v in values),
            Quad(g, IRI(str(AIG.contentHash)), Literal("sha256:" + "".join(values)), g),
            Quad(g, IRI(str(AIG.sourcePath)), Literal(graph.rsplit("/", 1)[-1] + ".md"), g),
            Quad(BlankNode("b1"), P, Literal("7", XSD_INT), g),
            Quad(g, P, Literal("chips", language="en"), g)]


def nquads(store: Store) -> list[bytes]:
    buf = io.BytesIO()
    store.dump(buf, N_QUADS)
    return sorted(buf.getvalue().splitlines())


@pytest.fixture(params=sorted(STORES))
def settings(request, tmp_path: Path) -> Settings:
    return backend_settings(request.param, tmp_path)


@pytest.fixture()
def store(settings: Settings):
    with open_store(settings) as s:
        yield s


def test_every_back_end_is_a_store_and_declares_known_capabilities(store: Store) -> None:
    assert isinstance(store, Store)
    assert store.capabilities <= CAPABILITIES
    assert {"transactions", "named-graphs", "union-default-graph"} <= store.capabilities


def test_quads_and_query_rows_come_back_as_neutral_terms(store: Store) -> None:
    store.replace_graph(A, article(A, "x"))
    assert {type(t) for q in store.quads(A) for t in q} <= {IRI, Literal, BlankNode}
    res = store.query("SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?o")
    assert isinstance(res, Solutions) and res.variables == ("s", "o")
    rows = list(res)
    assert Literal("chips", language="en") in [o for _, o in rows]
    assert Literal("7", XSD_INT) in [o for _, o in rows]
    triples = store.query("CONSTRUCT WHERE { ?s <http://example.org/p> ?o }")
    assert isinstance(triples, Triples) and len(list(triples)) == 3
    assert store.query("ASK { ?s <http://example.org/p> 'x' }") is True


def test_select_gives_plain_values_and_binds_parameters(store: Store) -> None:
    store.replace_graph(A, article(A, "x"))
    rows = store.select("SELECT ?g ?n WHERE { ?g <http://example.org/p> 'x' . OPTIONAL { ?b <http://example.org/p> ?n "
                        "FILTER(isNumeric(?n)) } }", substitutions={"g": IRI(A)})
    assert rows == [{"g": A, "n": 7}]
    assert store.select("SELECT ?g ?v WHERE { ?g <http://example.org/p> ?v }", substitutions={"v": "nothing"}) == []


def test_query_serialized_writes_the_negotiated_media_type(store: Store) -> None:
    store.replace_graph(A, article(A, "x"))
    body = store.query_serialized("SELECT ?o WHERE { ?s <http://example.org/p> ?o }", "application/sparql-results+json", 10)
    assert len(json.loads(body)["results"]["bindings"]) == 3
    body = store.query_serialized("CONSTRUCT WHERE { ?s <http://example.org/p> ?o }", TURTLE, 10)
    assert len(parse(body, TURTLE)) == 3


def test_state_changes_with_every_write_and_only_then(store: Store) -> None:
    seen = [store.state()]
    store.replace_graph(A, article(A, "x"))  # a new graph
    seen.append(store.state())
    store.flush()  # folding the marks keeps the token
    assert store.state() == seen[-1]
    list(store.quads()), store.query("ASK { ?s ?p ?o }"), store.named_graphs()  # reads change nothing
    assert store.state() == seen[-1]
    store.replace_graph(A, article(A, "y"))  # a replaced graph
    seen.append(store.state())
    store.replace_graph(B, article(B, "z"), drop=[A])
    seen.append(store.state())
    store.remove_graph(B)
    seen.append(store.state())
    store.load(serialize(article(A, "w"), N_QUADS), N_QUADS)
    seen.append(store.state())
    assert len(set(seen)) == len(seen), seen


def test_the_state_graph_stays_out_of_counts_graphs_and_dumps(store: Store) -> None:
    store.replace_graph(A, article(A, "x"))
    assert store.named_graphs() == [A]
    assert store.quad_count() == len(article(A, "x")) == len(nquads(store)) == len(list(store.quads()))


def test_dump_then_load_gives_the_same_dataset_and_a_new_state(store: Store, settings: Settings, tmp_path: Path) -> None:
    store.replace_graph(A, article(A, "x", "y"))
    store.replace_graph(B, article(B, "z"))
    before = nquads(store)
    with open_store(backend_settings(settings.store, tmp_path, index=1)) as other:
        empty = other.state()
        other.load(b"\n".join(before), N_QUADS)
        # blank-node labels are the engine's own (Virtuoso mints them): equal datasets, canonically
        assert canonical_nquads(other) == canonical_nquads(store)
        assert other.state() != empty


def test_a_write_that_fails_changes_neither_content_nor_state(store: Store) -> None:
    store.replace_graph(A, article(A, "x"))
    before, state = nquads(store), store.state()
    with pytest.raises((TypeError, AttributeError)):
        store.replace_graph(B, [*article(B, "y"), "not a quad"])  # type: ignore[list-item]
    with pytest.raises(Exception):
        store.load(b"<a> <b> .", N_QUADS)
    assert nquads(store) == before and store.state() == state


def test_invalid_iris_are_refused_before_anything_runs(store: Store) -> None:
    for bad in ("not an iri", "http://a b", "http://[bad", "http://x/>"):
        with pytest.raises(ValueError):
            IRI(bad)
        with pytest.raises(ValueError):
            store.replace_graph(bad, [])


def test_the_state_survives_reopening_and_the_served_snapshot(tmp_path: Path) -> None:
    settings = Settings(store_path=tmp_path / "store")
    with open_store(settings) as w:
        w.replace_graph(A, article(A, "x"))
        w.replace_graph(B, article(B, "y"))
        state = w.state()
    with open_store(settings, read_only=True) as r:
        assert r.state() == state
    served = ServedStore(settings)  # the in-memory copy `kg serve` holds
    try:
        assert served.store.state() == state
    finally:
        served.close()
