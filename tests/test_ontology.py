"""The ontology files parse, and the closed namespaces in kg.core.namespaces match aig.ttl term for term."""
from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from kg.core.namespaces import AIG, RES, RESOURCES
from ontology import SHAPES, VOCABULARY


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(str(VOCABULARY), format="turtle")


def _terms(ns) -> set[str]:
    return {str(ns._NS[name]) for name in ns.__annotations__}


@pytest.mark.parametrize("path", [VOCABULARY, SHAPES], ids=["aig.ttl", "shapes.ttl"])
def test_ontology_file_parses_in_rdflib_and_pyoxigraph(path) -> None:
    g = Graph().parse(str(path), format="turtle")
    assert len(g) > 20
    assert len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))) == len(g)


@pytest.mark.parametrize("ns", [AIG, RES], ids=["AIG", "RES"])
def test_every_namespace_term_is_declared_in_aig_ttl(vocabulary: Graph, ns) -> None:
    declared = {str(s) for s in vocabulary.subjects(RDF.type, None)}
    missing = sorted(_terms(ns) - declared)
    assert not missing, f"terms of kg.core.namespaces.{ns.__name__} without an rdf:type in aig.ttl: {missing}"


@pytest.mark.parametrize("ns", [AIG, RES], ids=["AIG", "RES"])
def test_every_term_declared_in_aig_ttl_is_in_the_closed_namespace(vocabulary: Graph, ns) -> None:
    base = str(ns._NS)
    declared = {str(s) for s in vocabulary.subjects(RDF.type, None) if str(s).startswith(base)}
    extra = sorted(declared - _terms(ns))
    assert not extra, f"terms of aig.ttl missing from kg.core.namespaces.{ns.__name__}: {extra}"


def test_closed_namespace_refuses_a_misspelt_term() -> None:
    with pytest.raises(AttributeError):
        AIG.dependOn  # noqa: B018


def test_resource_scheme_has_the_eleven_resources(vocabulary: Graph) -> None:
    scheme = URIRef(str(AIG.ResourceScheme))
    assert (scheme, RDF.type, SKOS.ConceptScheme) in vocabulary
    top = set(vocabulary.objects(scheme, SKOS.hasTopConcept))
    in_scheme = set(vocabulary.subjects(SKOS.inScheme, scheme))
    concepts = set(vocabulary.subjects(RDF.type, SKOS.Concept))
    expected = {URIRef(str(getattr(RES, r))) for r in RESOURCES}
    assert len(RESOURCES) == 11
    assert top == in_scheme == concepts == expected
    for c in expected:
        assert vocabulary.value(c, SKOS.prefLabel) is not None
        assert str(vocabulary.value(c, SKOS.notation)) == str(c).rsplit("/", 1)[-1]


def test_shapes_target_every_claim_class(vocabulary: Graph) -> None:
    from rdflib.namespace import SH

    shapes = Graph().parse(str(SHAPES), format="turtle")
    targets = {str(o) for o in shapes.objects(None, SH.targetClass)}
    claim_classes = {str(s) for s in vocabulary.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                                         URIRef(str(AIG.Claim)))}
    assert claim_classes and claim_classes <= targets


def test_the_vocabulary_kg_names_things_by_is_the_ontologys(vocabulary: Graph) -> None:
    from extractors.candidates.classes import KINDS as EXTRACTOR_KINDS
    from extractors.gazetteer import ACTOR_TYPES as GAZETTEER_TYPES
    from kg.core.namespaces import ACTOR_TYPES, CLAIM_CLASSES, KINDS, MODALITIES, MODALITY_TERMS, VERBS

    modalities = {str(s) for s in vocabulary.subjects(RDF.type, URIRef(str(AIG.Modality)))}
    assert modalities == {str(t) for t in MODALITY_TERMS.values()} and len(MODALITIES) == 4
    actor_classes = {str(s) for s in vocabulary.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                                         URIRef(str(AIG.Actor)))}
    assert actor_classes == {str(getattr(AIG, t)) for t in (*ACTOR_TYPES, "Unspecified")}
    # the extractors hold their own copies (they import nothing of kg): the same names
    assert GAZETTEER_TYPES == ACTOR_TYPES
    assert EXTRACTOR_KINDS == KINDS == tuple(CLAIM_CLASSES) == tuple(VERBS)
