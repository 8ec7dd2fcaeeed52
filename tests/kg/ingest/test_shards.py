"""N-Quads shards round-trip, and the canonical dump names the same dataset with the same bytes."""
from __future__ import annotations

from datetime import datetime, timezone

from kg.core.namespaces import ONTOLOGY_GRAPH, PROV
from kg.ingest.mapping import ArticleInfo, article_quads, ontology_quads
from kg.ingest.shards import from_nquads, to_nquads
from kg.store.canonical import canonical_nquads
from kg.store.oxigraph import OxigraphStore
from tests.kg.ingest.test_mapping import EXTRACTION, GAZ


def _article(started: datetime) -> tuple[str, list]:
    """The mapping test's hand-built extraction (every kind of claim, figure and attribution) as quads."""
    iri = "https://w3id.org/aigeo/article/htest"
    info = ArticleInfo(iri=iri, content_hash="sha256:00", source_path="a.md", fingerprint="f" * 16,
                       software_version="0", started=started)
    return iri, article_quads(EXTRACTION, info, GAZ)


def test_a_shard_gives_back_the_quads_it_was_written_from():
    _, quads = _article(datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert from_nquads(to_nquads(quads)) == quads


def test_the_canonical_dump_is_the_same_for_the_same_dataset_whatever_its_blank_node_labels():
    stores = []
    for started in (datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 2, 2, tzinfo=timezone.utc)):
        store = OxigraphStore(None)
        store.replace_graph(str(ONTOLOGY_GRAPH), ontology_quads())  # OWL lists: blank nodes, new labels per parse
        iri, quads = _article(started)
        store.replace_graph(iri, quads)
        stores.append(store)
    assert b"_:" in canonical_nquads(stores[0])
    assert canonical_nquads(stores[0]) != canonical_nquads(stores[1])  # the run times differ
    leave_out = (str(PROV.startedAtTime),)
    assert canonical_nquads(stores[0], leave_out) == canonical_nquads(stores[1], leave_out)
    lines = canonical_nquads(stores[0]).splitlines()
    assert lines == sorted(set(lines))
