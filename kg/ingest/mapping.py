"""The only module that writes RDF: extraction records and the gazetteer become quads (neutral terms).

Wikidata's statement model: every relation is written twice, as a direct ("truthy") edge
between actors and as a claim node that carries the annotation and its provenance. A negated
claim ("no longer depends on") keeps its claim node but gets no direct edge.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from extractors.gazetteer import Gazetteer
from extractors.records import FOREIGN, Extraction

from kg.ingest import ids
from kg.ingest.due_dates import DueDates
from kg.ingest.reader import AUTHOR_SEPARATOR
from kg.core.namespaces import ACTORS_GRAPH, ONTOLOGY_GRAPH, REVIEWS_GRAPH, STORIES_GRAPH, AIG, DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WD, XSD, CLAIM_CLASSES, EDGE_PREDICATES
from kg.store.formats import TURTLE, parse
from kg.store.terms import IRI, Literal, Quad


@lru_cache(maxsize=None)
def _n(iri: str) -> IRI:
    return IRI(str(iri))


def _lit(value: object, datatype: str | None = None, lang: str | None = None) -> Literal:
    if lang:
        return Literal(str(value), language=lang)
    if datatype:
        return Literal(str(value), datatype=_n(datatype))
    return Literal(str(value))


def _int(v: int) -> Literal:
    return _lit(int(v), XSD.integer)


def _decimal(v: float) -> Literal:
    s = f"{v:.6f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return _lit(s if "." in s else s + ".0", XSD.decimal)


@dataclass(frozen=True)
class ArticleInfo:
    """What the store needs to know about an article besides its extraction."""

    iri: str
    content_hash: str
    source_path: str
    fingerprint: str
    software_version: str
    started: datetime
    minhash: str | None = None  # kg.ingest.signature: what stories are grouped by
    stated_origin: str | None = None
    wire_dateline: str | None = None


def article_quads(ex: Extraction, info: ArticleInfo, gazetteer: Gazetteer,
                  due_dates: DueDates | None = None) -> list[Quad]:
    """All quads of one article's named graph (graph name = article IRI)."""
    graph = _ArticleGraph(ex, info, gazetteer, due_dates or DueDates.shipped())
    graph.article()
    graph.actors()
    figure_nodes = graph.figures()
    graph.attributions()
    graph.relations(figure_nodes)
    return _dedupe(graph.quads)


class _ArticleGraph:
    """The quads of one article's graph, written part by part: the article and its run, the actors it
    names, then its figure, attribution and relation claims, each with its provenance."""

    def __init__(self, ex: Extraction, info: ArticleInfo, gazetteer: Gazetteer, due_dates: DueDates):
        self.ex, self.info, self.gazetteer, self.due_dates = ex, info, gazetteer, due_dates
        self.g = self.node = _n(info.iri)  # the article is its graph's name
        self.run = _n(ids.run_iri(info.iri, info.fingerprint))
        self.quads: list[Quad] = []

    def add(self, s: IRI, p: str, o: IRI | Literal) -> None:
        self.quads.append(Quad(s, _n(p), o, self.g))

    @staticmethod
    def actor(key: str) -> IRI:
        return _n(ids.actor_iri(key))

    def article(self) -> None:
        add, article, info, m, run = self.add, self.node, self.info, self.ex.meta, self.run
        add(article, RDF.type, _n(AIG.Article))
        if m.title:
            add(article, DCTERMS.title, _lit(m.title))
        if m.url:
            add(article, SCHEMA.url, _lit(m.url, XSD.anyURI))
        if m.publisher:
            add(article, DCTERMS.publisher, _lit(m.publisher))
            pub = self.gazetteer.lookup(m.publisher)
            if pub is not None:
                add(article, SCHEMA.publisher, self.actor(pub.key))
        for author in (m.author or "").split(AUTHOR_SEPARATOR):
            if author.strip():
                add(article, DCTERMS.creator, _lit(author.strip()))
        if m.date:
            add(article, DCTERMS.date, _lit(m.date, XSD.date))
        add(article, AIG.contentHash, _lit(info.content_hash))
        add(article, AIG.sourcePath, _lit(info.source_path))
        add(article, AIG.pipelineFingerprint, _lit(info.fingerprint))
        for pred, value in ((AIG.minhash, info.minhash), (AIG.statedOrigin, info.stated_origin),
                            (AIG.wireDateline, info.wire_dateline)):
            if value:
                add(article, pred, _lit(value))
        add(article, PROV.wasGeneratedBy, run)
        add(run, RDF.type, _n(AIG.ExtractionRun))
        add(run, AIG.softwareVersion, _lit(info.software_version))
        add(run, AIG.modelName, _lit(self.ex.model_name))
        add(run, AIG.modelVersion, _lit(self.ex.model_version))
        add(run, PROV.startedAtTime, _lit(info.started.isoformat(), XSD.dateTime))

    def actors(self) -> None:
        """Gazetteer actors are described in the shared actors graph; the others here, so that they
        disappear with the article."""
        add = self.add
        for a in self.ex.actors:
            node = self.actor(a.key)
            add(self.node, AIG.mentions, node)
            if a.key not in self.gazetteer:
                add(node, RDF.type, _n(getattr(AIG, a.type)))
                add(node, SKOS.prefLabel, _lit(a.name, lang="en"))
                add(node, RDFS.label, _lit(a.name, lang="en"))
                add(node, AIG.inGazetteer, _lit("false", XSD.boolean))
                for alias in a.aliases:
                    add(node, SKOS.altLabel, _lit(alias, lang="en"))

    def provenance(self, node: IRI, ev, attributed_to: str | None, chain: tuple[str, ...]) -> None:
        add = self.add
        add(node, AIG.quote, _lit(ev.text))
        add(node, AIG.startOffset, _int(ev.start))
        add(node, AIG.endOffset, _int(ev.end))
        add(node, PROV.wasDerivedFrom, self.node)
        add(node, PROV.wasGeneratedBy, self.run)
        if attributed_to:
            add(node, AIG.attributedTo, self.actor(attributed_to))
        for k in chain:
            add(node, AIG.reportedVia, self.actor(k))

    def figures(self) -> list[IRI]:
        """The figure claims, and their nodes in the order of the extraction's figures."""
        add, info = self.add, self.info
        nodes = []
        for f in self.ex.figures:
            node = _n(ids.figure_iri(info.iri, f.value, f.unit, f.evidence.start, f.evidence.end, f.raw))
            nodes.append(node)
            add(node, RDF.type, _n(AIG.FigureClaim))
            add(node, AIG.value, _decimal(f.value))
            add(node, AIG.unit, _lit(f.unit))
            if f.raw:
                add(node, RDFS.label, _lit(f.raw))
            if f.year is not None:
                add(node, AIG.year, _lit(f"{f.year:04d}", XSD.gYear))
            if f.about:
                add(node, AIG.about, _lit(f.about))
            due = figure_due(f.year, f.evidence.text, self.ex.meta.date, self.due_dates)
            if due is not None:
                add(node, AIG.dueDate, _lit(due, XSD.date))
            if f.subject:
                add(node, AIG.subject, self.actor(f.subject))
            self.provenance(node, f.evidence, f.attributed_to, ())
        for f, node in zip(self.ex.figures, nodes):
            if f.equivalent_to is not None and 0 <= f.equivalent_to < len(nodes):
                add(node, AIG.equivalentTo, nodes[f.equivalent_to])
        return nodes

    def attributions(self) -> None:
        for a in self.ex.attributions:
            node = _n(ids.attribution_iri(self.info.iri, a.source, a.evidence.start, a.evidence.end))
            self.add(node, RDF.type, _n(AIG.AttributionClaim))
            self.add(node, AIG.source, self.actor(a.source))
            if a.cue:
                self.add(node, AIG.trigger, _lit(a.cue))
            self.provenance(node, a.evidence, a.source, a.chain)

    def relations(self, figure_nodes: list[IRI]) -> None:
        """The relation claims, the figures they carry, and the actor-to-actor edges they assert."""
        add, actor = self.add, self.actor
        for r in self.ex.relations:
            node = _n(ids.claim_iri(self.info.iri, r.kind, r.subject, r.object, r.resource, r.evidence.start,
                                    r.evidence.end))
            add(node, RDF.type, _n(CLAIM_CLASSES[r.kind]))
            if r.subject:
                add(node, AIG.subject, actor(r.subject))
            if r.object:
                add(node, AIG.object, actor(r.object))
            add(node, AIG.resource, _n(ids.resource_iri(r.resource)))
            add(node, AIG.modality, _n(getattr(AIG, r.modality)))
            if r.trigger:
                add(node, AIG.trigger, _lit(r.trigger))
            due = self.due_dates.due(r.evidence.text, self.ex.meta.date) if r.modality == "planned" else None
            if due is not None:
                add(node, AIG.dueDate, _lit(due.isoformat(), XSD.date))
            add(node, AIG.confidence, _decimal(r.confidence))
            for i in r.figures:
                if 0 <= i < len(figure_nodes):
                    add(node, AIG.hasFigure, figure_nodes[i])
            self.provenance(node, r.evidence, r.attributed_to, r.chain)
            if r.subject and r.object and r.modality != "negated":
                edge = EDGE_PREDICATES[r.kind]
                add(actor(r.subject), edge, actor(r.object))
                if r.kind == "cooperation":
                    add(actor(r.object), edge, actor(r.subject))
            if FOREIGN in (r.subject, r.object):
                add(self.node, AIG.mentions, actor(FOREIGN))


def figure_due(year: int | None, quote: str, article_date: str | None, due_dates: DueDates) -> str | None:
    """A figure's due date when it is a target: its year is after the article's and the quote says it is
    due then ("20 percent by 2030"); a figure merely dated later ("allocated in 2024") is no target."""
    if year is None or not article_date or year <= int(article_date[:4]):
        return None
    due = due_dates.due(quote, article_date, loose=False)
    return due.isoformat() if due is not None and due.year == year else None


def review_quads(reviews) -> list[Quad]:
    """The reviews graph: every review (kg.ingest.reviews.Review) as a PROV entity keyed by the claim's IRI."""
    g = _n(REVIEWS_GRAPH)
    quads: list[Quad] = []

    def add(s: IRI, p: str, o: IRI | Literal) -> None:
        quads.append(Quad(s, _n(p), o, g))

    for r in reviews:
        node = _n(r.iri)
        add(node, RDF.type, _n(AIG.Review))
        add(node, AIG.reviewOf, _n(r.claim))
        add(node, AIG.verdict, _lit(r.verdict))
        add(node, AIG.reviewer, _lit(r.by))
        add(node, PROV.generatedAtTime, _lit(r.time, XSD.dateTime))
        if r.note:
            add(node, AIG.note, _lit(r.note))
        if r.quote:
            add(node, AIG.reviewedQuote, _lit(r.quote))
        if r.article:
            add(node, AIG.reviewedArticle, _n(r.article))
        if r.kind:
            add(node, AIG.reviewedKind, _lit(r.kind))
    return _dedupe(quads)


def _dedupe(quads: list[Quad]) -> list[Quad]:
    seen = set()
    out = []
    for q in quads:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def gazetteer_quads(gazetteer: Gazetteer) -> list[Quad]:
    """The shared actors graph: every gazetteer entry with labels, type, links and Wikidata QID."""
    g = _n(ACTORS_GRAPH)
    quads = []

    def add(s, p, o):
        quads.append(Quad(s, _n(p), o, g))

    for e in gazetteer.entries.values():
        node = _n(ids.actor_iri(e.key))
        add(node, RDF.type, _n(getattr(AIG, e.type)))
        add(node, SKOS.prefLabel, _lit(e.name, lang="en"))
        add(node, RDFS.label, _lit(e.name, lang="en"))
        add(node, AIG.inGazetteer, _lit("true", XSD.boolean))
        for alias in e.aliases:
            add(node, SKOS.altLabel, _lit(alias, lang="en"))
        for d in e.demonyms:
            add(node, AIG.demonym, _lit(d, lang="en"))
        for mt in e.metonyms:
            add(node, AIG.metonym, _lit(mt, lang="en"))
        if e.wikidata:
            add(node, OWL.sameAs, _n(WD[e.wikidata]))
        if e.country:
            add(node, AIG.country, _n(ids.actor_iri(e.country)))
        if e.part_of:
            add(node, AIG.partOf, _n(ids.actor_iri(e.part_of)))
        if e.affiliation:
            add(node, AIG.affiliation, _n(ids.actor_iri(e.affiliation)))
    return _dedupe(quads)


def story_quads(stories) -> list[Quad]:
    """The stories graph (kg.ingest.stories): a story node per group of articles carrying one story, each
    article `dcterms:isVersionOf` its story, a republication `prov:wasDerivedFrom` the story's origin."""
    g = _n(STORIES_GRAPH)
    quads = []
    for st in stories:
        node = _n(ids.story_iri(st.origin))
        quads.append(Quad(node, _n(RDF.type), _n(AIG.Story), g))
        quads.append(Quad(node, _n(AIG.origin), _n(st.origin), g))
        for basis in st.basis:
            quads.append(Quad(node, _n(AIG.groupedBy), _lit(basis), g))
        for a in st.articles:
            quads.append(Quad(_n(a), _n(DCTERMS.isVersionOf), node, g))
            if a != st.origin:
                quads.append(Quad(_n(a), _n(PROV.wasDerivedFrom), _n(st.origin), g))
    return quads


def ontology_quads() -> list[Quad]:
    """The vocabulary (ontology/aig.ttl) in its own graph."""
    from ontology import VOCABULARY

    g = _n(ONTOLOGY_GRAPH)
    return [Quad(t.subject, t.predicate, t.object, g) for t in parse(VOCABULARY.read_bytes(), TURTLE)]
