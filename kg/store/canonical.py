"""The canonical dump of a store: sorted N-Quads lines, blank nodes named by RDF Dataset Canonicalization.

Two stores, of any engine, hold the same dataset exactly when their canonical dumps are equal bytes;
that is how two builds (one process, Dask) or two back-ends are compared.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, RdfFormat, parse, serialize

from kg.store.formats import N_QUADS
from kg.store.protocol import Store


def canonical_nquads(store: Store, leave_out: Iterable[str] = ()) -> bytes:
    """The whole store as sorted, de-duplicated N-Quads lines, without the quads whose predicate IRI is
    in `leave_out` (e.g. the extraction-run time, which differs between two builds of the same input).

    Only the quads that hold a blank node (the ontology's OWL lists; articles mint none) go through
    canonicalization (RDFC-1.0): a blank node's canonical name depends on those quads alone.
    """
    buffer = io.BytesIO()
    store.dump(buffer, N_QUADS)
    skip = set(leave_out)
    lines, blank = set(), Dataset()
    for quad in parse(buffer.getvalue(), format=RdfFormat.N_QUADS):
        if quad.predicate.value in skip:
            continue
        if any(isinstance(term, BlankNode) for term in (quad.subject, quad.object, quad.graph_name)):
            blank.add(quad)
        else:
            lines.add(serialize([quad], format=RdfFormat.N_QUADS).rstrip(b"\n"))
    blank.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    lines.update(serialize(blank, format=RdfFormat.N_QUADS).splitlines())
    return b"".join(line + b"\n" for line in sorted(lines))
