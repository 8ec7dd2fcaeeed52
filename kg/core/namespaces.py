"""Closed vocabularies and IRI bases: a misspelt term raises instead of minting a new IRI."""
from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace  # noqa: F401
from rdflib.term import URIRef

BASE = "https://w3id.org/aigeo/"
ACTOR = Namespace(BASE + "actor/")
ARTICLE = Namespace(BASE + "article/")
CLAIM = Namespace(BASE + "claim/")
RUN = Namespace(BASE + "run/")
STORY = Namespace(BASE + "story/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
ACTORS_GRAPH = GRAPH["actors"]
# analysts' reviews of claims: a graph of their own, so re-ingesting an article never touches them
REVIEWS_GRAPH = GRAPH["reviews"]
REVIEW = Namespace(BASE + "review/")
STORIES_GRAPH = GRAPH["stories"]  # recomputed over every article after a build (kg.ingest.stories)


class AIG(DefinedNamespace):
    """The project's ontology (ontology/aig.ttl)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Actor: URIRef
    Country: URIRef
    Bloc: URIRef
    GovernmentBody: URIRef
    Company: URIRef
    Organization: URIRef
    Person: URIRef
    Product: URIRef
    Unspecified: URIRef
    Article: URIRef
    Claim: URIRef
    DependencyClaim: URIRef
    RestrictionClaim: URIRef
    CooperationClaim: URIRef
    FigureClaim: URIRef
    AttributionClaim: URIRef
    Modality: URIRef
    ExtractionRun: URIRef
    Review: URIRef
    # direct edges
    dependsOn: URIRef
    restricts: URIRef
    cooperatesWith: URIRef
    # claim annotation
    subject: URIRef
    object: URIRef
    resource: URIRef
    modality: URIRef
    quote: URIRef
    startOffset: URIRef
    endOffset: URIRef
    attributedTo: URIRef
    reportedVia: URIRef
    hasFigure: URIRef
    trigger: URIRef
    confidence: URIRef
    source: URIRef
    # figures
    value: URIRef
    unit: URIRef
    year: URIRef
    about: URIRef
    equivalentTo: URIRef
    # the lifecycle of plans: when a planned claim (or a figure's target) falls due
    dueDate: URIRef
    # analysts' reviews
    reviewOf: URIRef
    verdict: URIRef
    reviewer: URIRef
    note: URIRef
    reviewedQuote: URIRef
    reviewedArticle: URIRef
    reviewedKind: URIRef
    # articles and runs
    contentHash: URIRef
    sourcePath: URIRef
    pipelineFingerprint: URIRef
    mentions: URIRef
    # stories
    minhash: URIRef
    statedOrigin: URIRef
    wireDateline: URIRef
    Story: URIRef
    origin: URIRef
    groupedBy: URIRef
    softwareVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef
    # actors (gazetteer)
    demonym: URIRef
    metonym: URIRef
    country: URIRef
    partOf: URIRef
    affiliation: URIRef
    inGazetteer: URIRef
    # modalities
    asserted: URIRef
    planned: URIRef
    hedged: URIRef
    negated: URIRef
    # concept scheme of resources
    ResourceScheme: URIRef


class RES(DefinedNamespace):
    """SKOS concepts of what one actor depends on, restricts or cooperates on."""

    _fail = True
    _NS = Namespace(BASE + "resource/")

    chips: URIRef
    chipmaking_equipment: URIRef
    ai_models: URIRef
    compute: URIRef
    ai_technology: URIRef
    talent: URIRef
    funding: URIRef
    data: URIRef
    materials: URIRef
    energy: URIRef
    other: URIRef


# The vocabulary every layer names things by, in one place, each name checked against the closed
# namespaces above (a misspelt one raises at import rather than minting an IRI).
RESOURCES = tuple(RES.__annotations__)  # chips, chipmaking_equipment, ... other: the SKOS scheme's concepts
MODALITY_TERMS = {m: AIG[m] for m in ("asserted", "planned", "hedged", "negated")}
MODALITIES = tuple(MODALITY_TERMS)
ACTOR_TYPE_CLASSES = {t: AIG[t] for t in ("Country", "Bloc", "GovernmentBody", "Company", "Organization", "Person",
                                          "Product")}
ACTOR_TYPES = tuple(ACTOR_TYPE_CLASSES)
CLAIM_CLASSES = {
    "dependency": AIG.DependencyClaim,
    "restriction": AIG.RestrictionClaim,
    "cooperation": AIG.CooperationClaim,
}
KINDS = tuple(CLAIM_CLASSES)  # the relation kinds: dependency, restriction, cooperation
# How an edge of each kind reads: "Russia depends on China (chips)".
VERBS = {"dependency": "depends on", "restriction": "restricts", "cooperation": "cooperates with"}
assert set(VERBS) == set(KINDS)
EDGE_PREDICATES = {
    "dependency": AIG.dependsOn,
    "restriction": AIG.restricts,
    "cooperation": AIG.cooperatesWith,
}

PREFIXES = {
    "aig": str(AIG._NS),
    "res": str(RES._NS),
    "actor": str(ACTOR),
    "article": str(ARTICLE),
    "claim": str(CLAIM),
    "run": str(RUN),
    "story": str(STORY),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}


def compact(iri: str) -> str:
    """`actor:russia` for an IRI under one of PREFIXES' namespaces (the longest that matches), else the IRI.

    A local part that could not be written after a prefix in SPARQL (a slash, a space...) keeps the IRI whole.
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    local = iri[len(best):]
    if not _LOCAL_NAME.fullmatch(local):
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{local}"


_LOCAL_NAME = re.compile(r"[\w][\w.-]*(?<!\.)|")

