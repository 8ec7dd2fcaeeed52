"""SHACL validation of the store against ontology/shapes.ttl."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.store import Store
from kg.store.formats import N_TRIPLES


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: int
    report: str
    focus_nodes: tuple[str, ...]


def validate_store(store: Store, graph: str | None = None) -> ValidationResult:
    """Validate every claim, figure, article and run (or one article graph) against the shapes.

    The ontology and actors graphs are always part of the data so that class constraints see
    subclass axioms and actor types.
    """
    import pyshacl

    from ontology import SHAPES

    data = Graph()
    if graph is None:
        data.parse(data=_dump(store, None), format="nt")
    else:
        for g in (graph, "https://w3id.org/aigeo/graph/ontology", "https://w3id.org/aigeo/graph/actors"):
            data.parse(data=_dump(store, g), format="nt")
    shapes = Graph().parse(str(SHAPES), format="turtle")
    # No RDFS inference: SHACL's sh:class and sh:targetClass already follow rdfs:subClassOf in the data
    # (the ontology graph is part of it), and inference from rdfs:range would type any object of
    # aig:subject as an aig:Actor, so "must be an actor" could never fail. It also costs ~5x the time.
    conforms, results_graph, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    from rdflib.namespace import SH

    focus = sorted({str(o) for o in results_graph.objects(None, SH.focusNode)})
    violations = sum(1 for _ in results_graph.subjects(SH.resultSeverity, SH.Violation))
    return ValidationResult(bool(conforms), violations, text, tuple(focus))


def _dump(store: Store, graph: str | None) -> bytes:
    import io

    buf = io.BytesIO()
    store.dump(buf, N_TRIPLES, graph=graph)  # no graph: the union of all graphs
    return buf.getvalue()
