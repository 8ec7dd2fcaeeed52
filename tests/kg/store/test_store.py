"""The store: one graph per article replaced all-or-nothing, union default graph, clear errors."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.core.errors import NoStore, QueryError, StoreError, UpdateNotAllowed
from kg.core.namespaces import AIG
from kg.core.settings import Settings
from kg.store import IRI, STORES, Literal, Quad, Solutions, Store, open_store
from kg.store.formats import N_QUADS, N_TRIPLES
from tests.backends import backend_settings

P = IRI("http://example.org/p")
CONTENT_HASH = IRI(str(AIG.contentHash))
FINGERPRINT = IRI(str(AIG.pipelineFingerprint))
SOURCE = IRI(str(AIG.sourcePath))


def graph_quads(graph: str, *values: str, path: str = "a.md") -> list[Quad]:
    g = IRI(graph)
    qs = [Quad(g, P, Literal(v), g) for v in values]
    qs += [Quad(g, CONTENT_HASH, Literal("sha256:" + "".join(values)), g), Quad(g, FINGERPRINT, Literal("fp"), g),
           Quad(g, SOURCE, Literal(path), g)]
    return qs


def dump(store: Store, graph: str | None = None) -> list[bytes]:
    """The quads as sorted N-Quads lines (the store's dump order is not specified)."""
    buf = io.BytesIO()
    store.dump(buf, N_QUADS, graph=graph)
    return sorted(buf.getvalue().splitlines())


A, B, C = "http://example.org/a", "http://example.org/b", "http://example.org/c"


@pytest.fixture(params=sorted(STORES))
def store(request, tmp_path: Path):
    with open_store(backend_settings(request.param, tmp_path)) as s:
        yield s


def test_replace_graph_creates_then_replaces_exactly_that_graph(store: Store) -> None:
    store.replace_graph(A, graph_quads(A, "a1", "a2"))
    store.replace_graph(B, graph_quads(B, "b1"))
    before_b = dump(store, B)
    store.replace_graph(A, graph_quads(A, "a3"))
    values = {q.object.value for q in store.quads(A) if q.predicate == P}
    assert values == {"a3"}
    assert dump(store, B) == before_b
    assert store.named_graphs() == [A, B]


def test_replace_graph_drops_stale_graphs_in_the_same_step(store: Store) -> None:
    store.replace_graph(A, graph_quads(A, "a1"))
    store.replace_graph(B, graph_quads(B, "b1"))
    store.replace_graph(C, graph_quads(C, "c1"), drop=[A])
    assert store.named_graphs() == [B, C]


@pytest.mark.parametrize("existing", [False, True], ids=["new graph", "existing graph"])
def test_a_failure_while_writing_a_graph_leaves_the_previous_state(store: Store, existing: bool) -> None:
    store.replace_graph(B, graph_quads(B, "b1"))
    if existing:
        store.replace_graph(A, graph_quads(A, "a1"))
    before = dump(store)
    bad = [*graph_quads(A, "a2", "a3"), "not a quad"]
    with pytest.raises((TypeError, AttributeError)):
        store.replace_graph(A, bad)  # type: ignore[list-item]
    assert dump(store) == before


def test_article_state_and_articles_from_path(store: Store) -> None:
    assert store.article_state(A) is None
    store.replace_graph(A, graph_quads(A, "x", path="corpus/a.md"))
    assert store.article_state(A) == ("sha256:x", "fp")
    assert store.articles_from_path("corpus/a.md") == [A]
    assert store.articles_from_path("corpus/other.md") == []


def test_union_of_graphs_is_the_default_graph_and_duplicates_are_not_merged(store: Store) -> None:
    shared = Quad(IRI("http://example.org/x"), P, Literal("same"), IRI(A))
    store.replace_graph(A, [shared])
    store.replace_graph(B, [Quad(shared.subject, P, Literal("same"), IRI(B))])
    rows = list(store.query("SELECT ?o WHERE { <http://example.org/x> <http://example.org/p> ?o }"))
    assert len(rows) == 2  # Oxigraph's union does not deduplicate: queries say DISTINCT
    rows = list(store.query("SELECT DISTINCT ?o WHERE { <http://example.org/x> <http://example.org/p> ?o }"))
    assert len(rows) == 1


def test_query_binds_substitutions_and_knows_the_project_prefixes(store: Store) -> None:
    store.replace_graph(A, graph_quads(A, "x"))
    res = store.query("SELECT ?a ?h WHERE { ?a aig:contentHash ?h }", substitutions={"a": IRI(A)})
    assert isinstance(res, Solutions) and res.variables == ("a", "h")
    assert [h.value for _, h in res] == ["sha256:x"]
    res = store.query("SELECT ?a ?h WHERE { ?a aig:contentHash ?h }", substitutions={"h": "sha256:nothing"})
    assert list(res) == []


@pytest.mark.parametrize("sparql", ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x ?p ", "SELECT ?x WHERE { ?x nope:p ?o }"])
def test_malformed_sparql_raises_query_error(store: Store, sparql: str) -> None:
    with pytest.raises(QueryError, match="malformed SPARQL"):
        store.query(sparql)


@pytest.mark.parametrize("sparql", ["DROP ALL", "PREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }", "DELETE WHERE { ?s ?p ?o }"])
def test_updates_are_refused_by_query(store: Store, sparql: str) -> None:
    with pytest.raises(UpdateNotAllowed):
        store.query(sparql)


def test_read_only_store_that_does_not_exist_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(NoStore, match="run `kg build` first"):
        open_store(Settings(store_path=tmp_path / "nothing"), read_only=True)


def test_a_write_that_needs_a_built_store_creates_none(tmp_path: Path) -> None:
    with pytest.raises(NoStore, match="run `kg build` first"):
        open_store(Settings(store_path=tmp_path / "nothing"), create=False)
    assert not (tmp_path / "nothing").exists()
    with open_store(Settings(store_path=tmp_path / "built")):  # a build creates it
        pass
    open_store(Settings(store_path=tmp_path / "built"), create=False).close()


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    s = Settings(store_path=tmp_path / "store")
    with open_store(s) as w:
        w.replace_graph(A, graph_quads(A, "x"))
    with open_store(s, read_only=True) as r:
        assert r.quad_count() == 4
        with pytest.raises(StoreError, match="read-only"):
            r.replace_graph(A, [])


def test_store_on_disk_keeps_its_content_across_opens(tmp_path: Path) -> None:
    s = Settings(store_path=tmp_path / "store")
    with open_store(s) as w:
        w.replace_graph(A, graph_quads(A, "x"))
        before = dump(w)
    with open_store(s) as w:
        assert dump(w) == before


def test_dump_and_load_round_trip(store: Store, tmp_path: Path) -> None:
    store.replace_graph(A, graph_quads(A, "x", "y"))
    store.replace_graph(B, graph_quads(B, "z"))
    before = dump(store)
    with open_store(Settings(store="memory")) as other:
        other.load(io.BytesIO(b"\n".join(before)), N_QUADS)
        assert dump(other) == before


def test_dump_of_a_triples_format_writes_the_union(store: Store) -> None:
    store.replace_graph(A, graph_quads(A, "x"))
    store.replace_graph(B, graph_quads(B, "z"))
    buf = io.BytesIO()
    store.dump(buf, N_TRIPLES)
    assert len(buf.getvalue().decode().strip().splitlines()) == store.quad_count()


def test_load_of_broken_input_raises_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot parse"):
        store.load(io.BytesIO(b"<a> <b> ."), N_QUADS)


def test_store_path_that_is_a_file_gives_a_store_error(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(Settings(store_path=f))


def test_substituting_a_variable_the_query_does_not_select_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="cannot be run"):
        store.query("SELECT ?h WHERE { ?a aig:contentHash ?h }", substitutions={"a": IRI(A)})
