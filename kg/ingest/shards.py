"""N-Quads shards and canonical dumps: the one place the distributed build touches RDF terms and formats.

A Dask worker sends each article's quads back as N-Quads bytes (plain bytes pickle cheaply and mean
the same on every engine); the client turns them back into the quads the store writes. A canonical
dump (sorted, de-duplicated N-Quads lines) is how two builds, or two engines, are compared. When
the store speaks back-end-neutral terms, only `to_nquads` and `from_nquads` change.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, Quad, RdfFormat, parse, serialize

from kg.store import OxigraphStore


def to_nquads(quads: Iterable[Quad]) -> bytes:
    """An article's quads as an N-Quads shard."""
    return serialize(quads, format=RdfFormat.N_QUADS)


def from_nquads(shard: bytes) -> list[Quad]:
    """The quads of an N-Quads shard (as `to_nquads` wrote them)."""
    return list(parse(shard, format=RdfFormat.N_QUADS))


def canonical_nquads(store: OxigraphStore, leave_out: Iterable[str] = ()) -> bytes:
    """The whole store as sorted, de-duplicated N-Quads lines, blank nodes named by RDF Dataset
    Canonicalization (RDFC-1.0), without the quads whose predicate IRI is in `leave_out` (e.g. the
    extraction-run time, which differs between two builds of the same input).

    Two stores, of any engine, hold the same dataset exactly when their canonical dumps are equal
    bytes. Only the quads that hold a blank node (the ontology's OWL lists; articles mint none) go
    through canonicalization: a blank node's canonical name depends on those quads alone.
    """
    buffer = io.BytesIO()
    store.dump(buffer, RdfFormat.N_QUADS)
    skip = {f"<{iri}>".encode() for iri in leave_out}
    lines, blank = set(), Dataset()
    for quad in parse(buffer.getvalue(), format=RdfFormat.N_QUADS):
        if f"<{quad.predicate.value}>".encode() in skip:
            continue
        if any(isinstance(term, BlankNode) for term in (quad.subject, quad.object, quad.graph_name)):
            blank.add(quad)
        else:
            lines.add(serialize([quad], format=RdfFormat.N_QUADS).rstrip(b"\n"))
    blank.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    lines.update(serialize(blank, format=RdfFormat.N_QUADS).splitlines())
    return b"".join(line + b"\n" for line in sorted(lines))
