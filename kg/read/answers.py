"""Named-query answers as typed results: claims grouped into edges, each with its citations.

Every function here runs named queries (kg/queries/*.rq) with bound parameters and returns frozen
records; user-supplied names go through `kg.read.catalog.Catalog` first, so nothing a user typed ever
becomes query text. Filters on parts that are optional in the data (attribution, dates, figure
subject) are applied here, after the bound query has narrowed the claims.
"""
from __future__ import annotations

import datetime as _dt
import re
import threading
from itertools import islice
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from kg.store import IRI as NamedNode  # a neutral term (kg.store.terms)

from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import AIG, ARTICLE, CLAIM, CLAIM_CLASSES, MODALITIES
from kg.store.queries import run_named
from kg.read.catalog import ActorInfo, Catalog, ResourceInfo
from kg.store import Store

_AIG = str(AIG._NS)
KINDS = tuple(CLAIM_CLASSES)  # dependency, restriction, cooperation
_KIND_OF_CLASS = {str(cls): kind for kind, cls in CLAIM_CLASSES.items()}
ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")  # the local part of an article IRI
_ID = ARTICLE_ID
_VALUES_CHUNK = 1000  # claims per VALUES block: one query for a typical page, query text still small


@dataclass(frozen=True)
class Ref:
    """An actor or resource as answers show it: IRI, short key and label."""

    iri: str
    key: str
    label: str


@dataclass(frozen=True)
class FigureValue:
    iri: str
    value: float
    unit: str
    year: int | None = None
    raw: str | None = None


@dataclass(frozen=True)
class Citation:
    """One claim with everything needed to check it: the article, the verbatim quote and who said it."""

    claim: str
    kind: str
    subject: Ref | None
    object: Ref | None
    resource: Ref | None
    modality: str | None
    quote: str
    start: int
    end: int
    article: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    attributed_to: Ref | None = None
    reported_via: tuple[Ref, ...] = ()
    confidence: float | None = None
    figures: tuple[FigureValue, ...] = ()


@dataclass(frozen=True)
class Edge:
    """All claims that one actor depends on / restricts / cooperates with another for one resource."""

    kind: str
    subject: Ref
    object: Ref
    resource: Ref
    claims: tuple[Citation, ...]
    claim_count: int
    source_count: int  # distinct articles behind the edge
    attributed_sources: tuple[Ref, ...] = ()
    modalities: tuple[str, ...] = ()


@dataclass(frozen=True)
class EdgePage:
    """A page of edges and the number of edges matching the filters in all."""

    total: int
    edges: list[Edge]


@dataclass(frozen=True)
class Figure:
    """A figure claim (value, unit, year, what about, whose) with its citation."""

    figure: str
    value: float
    unit: str
    year: int | None
    raw: str | None
    about: str | None
    subject: Ref | None
    citation: Citation


@dataclass(frozen=True)
class Statement:
    """A passage the article attributes to a source."""

    attribution: str
    source: Ref
    cue: str | None
    citation: Citation


@dataclass(frozen=True)
class SourceGroup:
    """What one source said about an actor: claims attributed to it and passages it is quoted in."""

    source: Ref
    claims: tuple[Citation, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Article:
    article: str
    id: str
    title: str | None
    url: str | None
    publisher: str | None
    creator: str | None
    date: str | None
    source_path: str | None
    claim_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleDetail:
    article: Article
    mentions: tuple[Ref, ...]
    claims: tuple[Citation, ...]
    figures: tuple[Figure, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Actor:
    iri: str
    key: str
    label: str
    type: str | None
    wikidata: str | None
    in_gazetteer: bool
    aliases: tuple[str, ...]
    article_count: int


@dataclass(frozen=True)
class Profile:
    """Every claim about an actor, in both directions, with the figures and statements about it."""

    actor: Actor
    outgoing: tuple[Edge, ...]  # the actor is the dependent, restrictor or first party
    incoming: tuple[Edge, ...]  # the actor is the provider, target or second party
    figures: tuple[Figure, ...]
    statements: tuple[Statement, ...]  # passages attributed to the actor


@dataclass(frozen=True)
class ClaimSources:
    """The sources behind one claim: its own citation and every claim that supports the same edge."""

    claim: Citation
    edge: Edge | None


@dataclass(frozen=True)
class Chain:
    """A dependency path for a resource: A depends on B depends on C..., each hop with its citations."""

    resource: Ref
    actors: tuple[Ref, ...]
    hops: tuple[Edge, ...]


@dataclass(frozen=True)
class _ClaimKey:
    """A relation claim reduced to what edges are grouped, counted, filtered and paged by."""

    claim: str
    kind: str
    subject: str
    object: str
    resource: str
    modality: str | None
    article: str
    date: str
    attributed_to: str | None


def _claim_order(k: _ClaimKey) -> tuple[str, str, str]:
    """Claims of an edge are cited earliest article first."""
    return (k.date, k.article, k.claim)


@dataclass(frozen=True)
class _EdgeGroup:
    """The claims behind one edge (subject, object, resource), earliest first, and their distinct articles."""

    key: tuple[str, str, str]
    claims: tuple[_ClaimKey, ...]
    sources: int

    @classmethod
    def of(cls, key: tuple[str, str, str], claims: Iterable[_ClaimKey]) -> "_EdgeGroup":
        ks = tuple(sorted(claims, key=_claim_order))
        return cls(key, ks, len({k.article for k in ks}))

    @property
    def subject(self) -> str:
        return self.key[0]

    @property
    def object(self) -> str:
        return self.key[1]

    @property
    def resource(self) -> str:
        return self.key[2]

    def support(self) -> tuple[int, int]:
        """Sort key: most sources (distinct articles) first, then most claims."""
        return (-self.sources, -len(self.claims))


class _RelationIndex:
    """Every relation claim's key parts, read once per store snapshot (like the Catalog).

    Grouping claims into edges, counting their sources and ordering them needs every claim of the
    asked resource or actor; on a 200k-claim graph that is a second or more per request on disk,
    and most of it is label and article OPTIONALs. Held in memory (~60k small records for 200k
    claims, read in a few seconds), edges are grouped and paged in milliseconds, and only the
    citations of the edges on the page are fetched from the store.
    """

    def __init__(self, store: Store):
        self.articles: dict[str, dict[str, str | None]] = {}
        for r in run_named(store, "article_citations"):
            # an article described in two graphs comes twice; keep the first value of each part
            meta = self.articles.setdefault(str(r["article"]), {})
            for part in ("title", "url", "publisher", "date"):
                if meta.get(part) is None:
                    meta[part] = _opt(r.get(part))
        self.article_dates: dict[str, str] = {a: m["date"] or "" for a, m in self.articles.items()}
        dates = self.article_dates
        self.claims: dict[str, _ClaimKey] = {}
        self.by: dict[tuple[str, str, str], list[_ClaimKey]] = defaultdict(list)  # (part, kind, iri)
        for r in run_named(store, "relation_index"):
            c = str(r["claim"])
            if c in self.claims:  # a claim with two attributions comes twice; the first one counts
                continue
            article = str(r["article"])
            key = _ClaimKey(c, _KIND_OF_CLASS.get(str(r["kind"]), str(r["kind"])), str(r["subject"]), str(r["object"]),
                            str(r["resource"]), _local(r.get("modality")), article, dates.get(article, ""),
                            _opt(r.get("attributedTo")))
            self.claims[c] = key
            self.by["kind", key.kind, ""].append(key)
            self.by["resource", key.kind, key.resource].append(key)
            self.by["subject", key.kind, key.subject].append(key)
            self.by["object", key.kind, key.object].append(key)
        self.with_figures: set[str] = {str(r["claim"]) for r in run_named(store, "figure_claims")}
        # claims grouped into edges once, so an unfiltered page ranks edges without regrouping claims
        grouped: dict[tuple[str, str, str, str], list[_ClaimKey]] = defaultdict(list)
        for key in self.claims.values():
            grouped[key.kind, key.subject, key.object, key.resource].append(key)
        self.edges_by: dict[tuple[str, str, str], list[_EdgeGroup]] = defaultdict(list)  # (part, kind, iri)
        for (kind, s, o, r), ks in grouped.items():
            group = _EdgeGroup.of((s, o, r), ks)
            for part, iri in (("kind", ""), ("subject", s), ("object", o), ("resource", r)):
                self.edges_by[part, kind, iri].append(group)
        for groups in self.edges_by.values():  # best supported first, so a page needs no full sort
            groups.sort(key=_EdgeGroup.support)

    def select(self, kind: str, **bound: str | None) -> list[_ClaimKey]:
        """Claims of a kind whose parts (subject, object, resource) equal every bound IRI."""
        return _select(self.by, kind, bound)

    def select_edges(self, kind: str, **bound: str | None) -> list[_EdgeGroup]:
        """Edges of a kind whose subject, object and resource equal every bound IRI, best supported first."""
        return _select(self.edges_by, kind, bound)


def _select(postings: dict[tuple[str, str, str], list], kind: str, bound: dict[str, str | None]) -> list:
    """Items of a kind whose attributes equal every bound IRI: the smallest posting list, filtered."""
    given = {part: iri for part, iri in bound.items() if iri is not None}
    if not given:
        return postings.get(("kind", kind, ""), [])
    first = min(given, key=lambda part: len(postings.get((part, kind, given[part]), [])))
    base = postings.get((first, kind, given.pop(first)), [])
    if not given:
        return base
    return [x for x in base if all(getattr(x, part) == iri for part, iri in given.items())]


class Answers:
    """Named queries over one store, with names resolved through the store's catalog."""

    def __init__(self, store: Store, catalog: Catalog | None = None):
        self.store = store
        self.catalog = catalog or Catalog.from_store(store)
        self._index: _RelationIndex | None = None
        self._index_lock = threading.Lock()
        self._refs: dict[str, Ref] = {}  # actor and resource IRIs as Refs (immutable, the snapshot's labels)
        self._article_counts: dict[str, int] | None = None  # actor IRI -> articles mentioning it

    @property
    def index(self) -> _RelationIndex:
        """The relation index of this store snapshot, read on first use (an Answers serves one snapshot)."""
        if self._index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = _RelationIndex(self.store)
        return self._index

    # ---------------------------------------------------------------- helpers
    def _actor_ref(self, iri: str | None) -> Ref | None:
        if iri is None:
            return None
        ref = self._refs.get(iri)
        if ref is None:
            info = self.catalog.actors.get(iri)
            key = iri.rsplit("/", 1)[-1]
            ref = self._refs[iri] = Ref(info.iri, info.key, info.label) if info else Ref(iri, key, key)
        return ref

    def _resource_ref(self, iri: str | None) -> Ref | None:
        if iri is None:
            return None
        ref = self._refs.get(iri)
        if ref is None:
            info = self.catalog.resources.get(iri)
            key = iri.rsplit("/", 1)[-1]
            ref = self._refs[iri] = Ref(iri, info.key if info else key, info.label if info else key)
        return ref

    def _actor(self, name: str | ActorInfo | None) -> ActorInfo | None:
        if name is None or isinstance(name, ActorInfo):
            return name
        return self.catalog.actor(name)

    def _resource(self, name: str | ResourceInfo | None) -> ResourceInfo | None:
        if name is None or isinstance(name, ResourceInfo):
            return name
        return self.catalog.resource(name)

    # ---------------------------------------------------------------- relation claims
    def claims(
        self,
        kind: str,
        *,
        subject: str | ActorInfo | None = None,
        object: str | ActorInfo | None = None,
        resource: str | ResourceInfo | None = None,
        modality: str | None = None,
        source: str | ActorInfo | None = None,
        article: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[Citation]:
        """Relation claims of one kind (dependency, restriction, cooperation) matching every filter given."""
        if kind not in CLAIM_CLASSES:
            raise QueryError(f"unknown claim kind {kind!r}; known: {', '.join(KINDS)}")
        subj, obj, res, src = self._actor(subject), self._actor(object), self._resource(resource), self._actor(source)
        lo, hi = _date(date_from, "date_from"), _date(date_to, "date_to")
        params: dict[str, object] = {"kind": NamedNode(str(CLAIM_CLASSES[kind]))}
        if subj:
            params["subject"] = NamedNode(subj.iri)
        if obj:
            params["object"] = NamedNode(obj.iri)
        if res:
            params["resource"] = NamedNode(res.iri)
        if modality is not None:
            params["modality"] = NamedNode(_AIG + _modality(modality))
        if article is not None:
            params["article"] = NamedNode(self.article_iri(article))
        rows = run_named(self.store, "relations", **params)
        figures = self._claim_figures(kind)
        out = self._fold(rows, figures)
        if src:
            out = [c for c in out if c.attributed_to and c.attributed_to.iri == src.iri]
        if lo or hi:
            out = [c for c in out if _in_range(c.date, lo, hi)]
        return out

    def _claim_figures(self, kind: str) -> dict[str, list[FigureValue]]:
        figs: dict[str, list[FigureValue]] = defaultdict(list)
        for r in run_named(self.store, "claim_figures", kind=NamedNode(str(CLAIM_CLASSES[kind]))):
            fv = FigureValue(str(r["figure"]), float(r["value"]), str(r["unit"]), _year(r.get("year")), _opt(r.get("raw")))
            if fv not in figs[str(r["claim"])]:
                figs[str(r["claim"])].append(fv)
        return figs

    def _fold(self, rows: Iterable[dict[str, object]], figures: dict[str, list[FigureValue]]) -> list[Citation]:
        """One Citation per claim (OPTIONAL parts can repeat a claim over several rows)."""
        by_claim: dict[str, dict[str, object]] = {}
        via: dict[str, list[str]] = defaultdict(list)
        for r in rows:
            c = str(r["claim"])
            by_claim.setdefault(c, r)
            v = r.get("reportedVia")
            if v and v not in via[c]:
                via[c].append(str(v))
        out = []
        for c, r in by_claim.items():
            out.append(Citation(
                claim=c,
                kind=_KIND_OF_CLASS.get(str(r["kind"]), str(r["kind"])),
                subject=self._actor_ref(_opt(r.get("subject"))),
                object=self._actor_ref(_opt(r.get("object"))),
                resource=self._resource_ref(_opt(r.get("resource"))),
                modality=_local(r.get("modality")),
                quote=str(r["quote"]),
                start=int(r["start"]),
                end=int(r["end"]),
                article=str(r["article"]),
                title=_opt(r.get("title")),
                url=_opt(r.get("url")),
                publisher=_opt(r.get("publisher")),
                date=_opt(r.get("date")),
                attributed_to=self._actor_ref(_opt(r.get("attributedTo"))),
                reported_via=tuple(self._actor_ref(v) for v in via[c]),
                confidence=float(r["confidence"]) if r.get("confidence") is not None else None,
                figures=tuple(figures.get(c, ())),
            ))
        return out

    def edges(self, kind: str, *, subject: str | ActorInfo | None = None, object: str | ActorInfo | None = None,
              resource: str | ResourceInfo | None = None, modality: str | None = None,
              source: str | ActorInfo | None = None, date_from: str | None = None, date_to: str | None = None,
              limit: int | None = None, offset: int = 0, citations: int | None = None) -> list[Edge]:
        """Claims of one kind grouped into edges (subject, object, resource), most supported first.

        `limit`/`offset` page the edges and `citations` caps the claims carried per edge (its earliest);
        counts, sources and modalities always cover every claim of the edge.
        """
        return self.edge_page(kind, subject=subject, object=object, resource=resource, modality=modality,
                              source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                              citations=citations).edges

    def edge_page(self, kind: str, *, subject=None, object=None, resource=None, modality=None, source=None,
                  date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                  citations: int | None = None, symmetric: bool = False) -> "EdgePage":
        """One page of edges and how many edges match in all (see `edges`)."""
        if kind not in CLAIM_CLASSES:
            raise QueryError(f"unknown claim kind {kind!r}; known: {', '.join(KINDS)}")
        subj, obj, res, src = self._actor(subject), self._actor(object), self._resource(resource), self._actor(source)
        lo, hi = _date(date_from, "date_from"), _date(date_to, "date_to")
        mod = _modality(modality) if modality is not None else None
        s_iri, o_iri, r_iri = subj.iri if subj else None, obj.iri if obj else None, res.iri if res else None
        filtered = mod is not None or src is not None or lo is not None or hi is not None
        both_ways = symmetric and (s_iri or o_iri) and s_iri != o_iri
        swapped: set[str] = set()
        by_support = not filtered and not both_ways
        if by_support:
            groups = self.index.select_edges(kind, subject=s_iri, object=o_iri, resource=r_iri)
        else:
            keys: dict[tuple[str, str, str], list[_ClaimKey]] = defaultdict(list)
            forward = self.index.select(kind, subject=s_iri, object=o_iri, resource=r_iri)
            # cooperation is symmetric: claims naming the actor on the other side, turned to face it
            backward = self.index.select(kind, subject=o_iri, object=s_iri, resource=r_iri) if both_ways else []
            for swap, ks in ((False, forward), (True, backward)):
                for k in ks:
                    if filtered and not ((mod is None or k.modality == mod)
                                         and (src is None or k.attributed_to == src.iri)
                                         and (not (lo or hi) or _in_range(k.date or None, lo, hi))):
                        continue
                    if not swap:
                        keys[k.subject, k.object, k.resource].append(k)
                    elif not (k.subject == k.object and k.subject in (s_iri, o_iri)):
                        # (an actor's claim about itself is already counted facing forward)
                        swapped.add(k.claim)
                        keys[k.object, k.subject, k.resource].append(k)
            groups = [_EdgeGroup.of(key, ks) for key, ks in keys.items()]
        page = self._rank(groups, offset, limit, by_support)
        return EdgePage(total=len(groups), edges=self._build_edges(kind, page, swapped, citations))

    def _build_edges(self, kind: str, page: list[_EdgeGroup], swapped: set[str], citations: int | None) -> list[Edge]:
        """Edges from grouped claim keys, with the citations of (the first `citations` of) their claims."""
        chosen = {g.key: g.claims if citations is None else g.claims[:citations] for g in page}
        cites = {c.claim: c for c in self._citations(kind, [k.claim for ks in chosen.values() for k in ks])}
        edges = []
        for g in page:
            (a, b, r), ks = g.key, g.claims
            shown = [cites[k.claim] for k in chosen[g.key] if k.claim in cites]
            shown = [_swap(c) if c.claim in swapped else c for c in shown]
            shown.sort(key=lambda c: (c.date or "", c.article, c.start))
            attributed = []
            for k in ks:
                ref = self._actor_ref(k.attributed_to)
                if ref and ref not in attributed:
                    attributed.append(ref)
            edges.append(Edge(
                kind=kind, subject=self._actor_ref(a), object=self._actor_ref(b), resource=self._resource_ref(r),
                claims=tuple(shown), claim_count=len(ks), source_count=g.sources,
                attributed_sources=tuple(attributed), modalities=tuple(sorted({k.modality for k in ks if k.modality})),
            ))
        return edges

    def _rank(self, groups: list[_EdgeGroup], offset: int, limit: int | None,
              by_support: bool = False) -> list[_EdgeGroup]:
        """The groups of one page, most sources first, then most claims, then by labels.

        `by_support` says `groups` is already ordered by support (the index's posting lists are).
        """
        end = None if limit is None else offset + limit
        if end is not None and end < len(groups):
            if end == 0:
                return []
            if not by_support:
                groups = sorted(groups, key=_EdgeGroup.support)
            # only groups that tie with the last one on the page on the counts need their labels
            cut, stop = groups[end - 1].support(), end
            while stop < len(groups) and groups[stop].support() == cut:
                stop += 1
            groups = groups[:stop]
        label, rlabel = self._label_key, self.catalog.resource_label
        ranked = sorted(groups, key=lambda g: (*g.support(), label(g.key[0]), label(g.key[1]), rlabel(g.key[2])))
        return ranked[offset:end]

    def _label_key(self, iri: str) -> str:
        return self.catalog.actor_label(iri).casefold()

    def _citations(self, kind: str, claims: list[str]) -> list[Citation]:
        """Full citations of the given relation claims: evidence from the store, the rest from the index."""
        index = self.index
        evidence: dict[str, dict[str, object]] = {}
        via: dict[str, list[str]] = defaultdict(list)
        figs: dict[str, list[FigureValue]] = defaultdict(list)
        for i in range(0, len(claims), _VALUES_CHUNK):
            nodes = [NamedNode(c) for c in claims[i:i + _VALUES_CHUNK]]
            for r in run_named(self.store, "claim_quotes", values={"claim": nodes}):
                c = str(r["claim"])
                evidence.setdefault(c, r)
                if r.get("reportedVia") and str(r["reportedVia"]) not in via[c]:
                    via[c].append(str(r["reportedVia"]))
        with_figures = [c for c in claims if c in index.with_figures]
        cls = NamedNode(str(CLAIM_CLASSES[kind]))
        for i in range(0, len(with_figures), _VALUES_CHUNK):
            nodes = [NamedNode(c) for c in with_figures[i:i + _VALUES_CHUNK]]
            for r in run_named(self.store, "claim_figures", values={"claim": nodes}, kind=cls):
                fv = FigureValue(str(r["figure"]), float(r["value"]), str(r["unit"]), _year(r.get("year")),
                                 _opt(r.get("raw")))
                if fv not in figs[str(r["claim"])]:
                    figs[str(r["claim"])].append(fv)
        out = []
        for c in claims:
            k, r = index.claims[c], evidence.get(c)
            if r is None:  # a claim without evidence cannot be cited (the mapping always writes it)
                continue
            meta = index.articles.get(k.article, {})
            out.append(Citation(
                claim=c, kind=k.kind, subject=self._actor_ref(k.subject), object=self._actor_ref(k.object),
                resource=self._resource_ref(k.resource), modality=k.modality, quote=str(r["quote"]),
                start=int(r["start"]), end=int(r["end"]), article=k.article, title=meta.get("title"),
                url=meta.get("url"), publisher=meta.get("publisher"), date=meta.get("date"),
                attributed_to=self._actor_ref(k.attributed_to),
                reported_via=tuple(self._actor_ref(v) for v in via[c]),
                confidence=float(r["confidence"]) if r.get("confidence") is not None else None,
                figures=tuple(figs.get(c, ())),
            ))
        return out

    def dependencies(self, *, resource=None, dependent=None, provider=None, modality=None, source=None,
                     date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                     citations: int | None = None) -> list[Edge]:
        return self.edges("dependency", subject=dependent, object=provider, resource=resource, modality=modality,
                          source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                          citations=citations)

    def restrictions(self, *, resource=None, restrictor=None, target=None, modality=None, source=None,
                     date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                     citations: int | None = None) -> list[Edge]:
        return self.edges("restriction", subject=restrictor, object=target, resource=resource, modality=modality,
                          source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                          citations=citations)

    def cooperations(self, *, actor=None, partner=None, resource=None, modality=None, source=None,
                     date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                     citations: int | None = None) -> list[Edge]:
        """Cooperation is symmetric: with `actor` given, claims naming it on either side, turned to face it."""
        return self.edge_page("cooperation", subject=actor, object=partner, resource=resource, modality=modality,
                              source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                              citations=citations, symmetric=True).edges

    # ---------------------------------------------------------------- figures and statements
    def figures(self, *, actor: str | ActorInfo | None = None, unit: str | None = None, year: int | str | None = None,
                article: str | None = None, limit: int | None = None) -> list[Figure]:
        """Figure claims, by date; `limit` (with `actor`, and no unit or year filter) reads only the first ones."""
        a = self._actor(actor)
        y = _year_param(year)
        params = {"article": NamedNode(self.article_iri(article))} if article is not None else {}
        if a is not None and limit is not None and unit is None and y is None:
            # page on (figure, article) keys first; full citations only for the page
            keys = run_named(self.store, "actor_figure_keys", subject=NamedNode(a.iri), **params)
            page = self._earliest(keys, "figure", limit)
            rows = run_named(self.store, "actor_figures", values={"figure": page}, subject=NamedNode(a.iri),
                             **params) if page else []
        elif a is not None:  # the subject bound in a required pattern: only that actor's figures are read
            rows = run_named(self.store, "actor_figures", subject=NamedNode(a.iri), **params)
        else:
            rows = run_named(self.store, "figures", **params)
        out, seen = [], set()
        for r in rows:
            iri = str(r["figure"])
            if iri in seen:
                continue
            if a and r.get("subject") != a.iri:
                continue
            if unit is not None and str(r["unit"]).casefold() != unit.casefold():
                continue
            if y is not None and _year(r.get("year")) != y:
                continue
            seen.add(iri)
            out.append(Figure(
                figure=iri, value=float(r["value"]), unit=str(r["unit"]), year=_year(r.get("year")),
                raw=_opt(r.get("raw")), about=_opt(r.get("about")), subject=self._actor_ref(_opt(r.get("subject"))),
                citation=self._citation(r, iri, "figure"),
            ))
        return out

    def _earliest(self, keys: Iterable[dict[str, object]], var: str, limit: int) -> list[NamedNode]:
        """The first `limit` IRIs in column `var` of key rows in citation order: article date, article, ?start."""
        dates = self.index.article_dates
        ordered = sorted({(dates.get(str(r["article"]), ""), str(r["article"]), int(r["start"]), str(r[var]))
                          for r in keys})
        return [NamedNode(key[-1]) for key in ordered[:limit]]

    def statements(self, *, source: str | ActorInfo | None = None, article: str | None = None,
                   limit: int | None = None) -> list[Statement]:
        """Passages attributed to a source; `limit` (with `source` and no article) reads only the earliest."""
        s = self._actor(source)
        params: dict[str, object] = {}
        if s:
            params["source"] = NamedNode(s.iri)
        if article is not None:
            params["article"] = NamedNode(self.article_iri(article))
        values = None
        if s is not None and article is None and limit is not None:
            values = {"attribution": self._earliest(run_named(self.store, "attribution_keys", **params),
                                                    "attribution", limit)}
            if not values["attribution"]:
                return []
        out, seen = [], set()
        for r in run_named(self.store, "attributions", values=values, **params):
            iri = str(r["attribution"])
            if iri in seen:
                continue
            seen.add(iri)
            src = self._actor_ref(str(r["source"]))
            cite = self._citation(r, iri, "attribution", attributed_to=src)
            out.append(Statement(attribution=iri, source=src, cue=_opt(r.get("cue")), citation=cite))
        return out

    def _citation(self, r: dict[str, object], iri: str, kind: str, attributed_to: Ref | None = None) -> Citation:
        return Citation(
            claim=iri, kind=kind, subject=self._actor_ref(_opt(r.get("subject"))), object=None, resource=None,
            modality=None, quote=str(r["quote"]), start=int(r["start"]), end=int(r["end"]), article=str(r["article"]),
            title=_opt(r.get("title")), url=_opt(r.get("url")), publisher=_opt(r.get("publisher")),
            date=_opt(r.get("date")), attributed_to=attributed_to or self._actor_ref(_opt(r.get("attributedTo"))),
        )

    def sources_about(self, actor: str | ActorInfo) -> list[SourceGroup]:
        """Who said or reported something about an actor: attributed claims and figures naming it, by source."""
        a = self._actor(actor)
        claims: dict[str, list[Citation]] = defaultdict(list)
        for kind in KINDS:
            for c in self.claims(kind, subject=a) + self.claims(kind, object=a):
                if c.attributed_to and c not in claims[c.attributed_to.iri]:
                    claims[c.attributed_to.iri].append(c)
        for f in self.figures(actor=a):
            if f.citation.attributed_to:
                claims[f.citation.attributed_to.iri].append(f.citation)
        # passages attributed to a source in the same sentence that names the actor
        names = [n for n in (a.label, *a.aliases) if len(n) > 2]
        statements: dict[str, list[Statement]] = defaultdict(list)
        for s in self.statements():
            if any(re.search(rf"\b{re.escape(n)}\b", s.citation.quote) for n in names):
                statements[s.source.iri].append(s)
        groups = []
        for src in sorted(set(claims) | set(statements), key=lambda i: self._actor_ref(i).label.casefold()):
            groups.append(SourceGroup(self._actor_ref(src), tuple(claims.get(src, ())), tuple(statements.get(src, ()))))
        return groups

    # ---------------------------------------------------------------- actors and articles
    def actors(self, *, type: str | None = None, name: str | None = None) -> list[Actor]:
        """Actors that some article mentions (gazetteer entries never mentioned are left out)."""
        if self._article_counts is None:  # read once per snapshot, like the catalog and the relation index
            counts: dict[str, int] = defaultdict(int)
            for r in run_named(self.store, "article_mentions"):
                counts[str(r["actor"])] += 1
            self._article_counts = dict(counts)
        out = []
        for iri, n in self._article_counts.items():
            a = self._actor_summary(iri, n)
            if type is not None and (a.type or "").casefold() != type.casefold():
                continue
            if name is not None and name.casefold() not in " ".join((a.label, a.key, *a.aliases)).casefold():
                continue
            out.append(a)
        return sorted(out, key=lambda a: (-a.article_count, a.label.casefold()))

    def _actor_summary(self, iri: str, article_count: int) -> Actor:
        info = self.catalog.actors.get(iri)
        if info is None:
            key = iri.rsplit("/", 1)[-1]
            return Actor(iri, key, key, None, None, False, (), article_count)
        return Actor(info.iri, info.key, info.label, info.type, info.wikidata, info.in_gazetteer, info.aliases,
                     article_count)

    def actor(self, name: str) -> Actor:
        info = self.catalog.actor(name)
        n = len(run_named(self.store, "article_mentions", actor=NamedNode(info.iri)))
        return self._actor_summary(info.iri, n)

    def profile(self, name: str | ActorInfo, *, limit: int | None = None, citations: int | None = None) -> Profile:
        """`limit` caps the edges of each kind and direction, the figures and the statements quoting the actor
        (the earliest), `citations` the claims cited per edge."""
        info = self._actor(name)
        outgoing, incoming = [], []
        for kind in KINDS:
            outgoing += self.edges(kind, subject=info, limit=limit, citations=citations)
            incoming += self.edges(kind, object=info, limit=limit, citations=citations)
        return Profile(
            actor=self.actor(info.iri),
            outgoing=tuple(outgoing),
            incoming=tuple(incoming),
            figures=tuple(self.figures(actor=info, limit=limit)),
            statements=tuple(self.statements(source=info, limit=limit)),
        )

    def article_iri(self, ident: str) -> str:
        """The IRI of an article given as IRI or as the id after .../article/. Raises QueryError if malformed."""
        base = str(ARTICLE)
        local = ident[len(base):] if ident.startswith(base) else ident
        if not _ID.fullmatch(local):
            raise QueryError(f"malformed article id {ident[:80]!r}: expected letters, digits, '_' or '-'")
        return base + local

    def articles(self, *, actor: str | ActorInfo | None = None) -> list[Article]:
        a = self._actor(actor)
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for r in run_named(self.store, "claim_counts"):
            counts[str(r["article"])][_kind_name(str(r["kind"]))] = int(r["claims"])
        keep = None
        if a is not None:
            keep = {str(r["article"]) for r in run_named(self.store, "article_mentions", actor=NamedNode(a.iri))}
        out, seen = [], set()
        for r in run_named(self.store, "articles"):
            iri = str(r["article"])
            if iri in seen or (keep is not None and iri not in keep):
                continue
            seen.add(iri)
            out.append(_article(r, counts.get(iri, {})))
        return out

    def article(self, ident: str) -> ArticleDetail:
        iri = self.article_iri(ident)
        rows = run_named(self.store, "articles", article=NamedNode(iri))
        if not rows:
            raise NotFound(f"no article {ident!r}")
        counts = {_kind_name(str(r["kind"])): int(r["claims"])
                  for r in run_named(self.store, "claim_counts", article=NamedNode(iri))}
        mentions = [self._actor_ref(str(r["actor"])) for r in run_named(self.store, "article_mentions", article=NamedNode(iri))]
        claims = [c for kind in KINDS for c in self.claims(kind, article=iri)]
        return ArticleDetail(
            article=_article(rows[0], counts),
            mentions=tuple(sorted(set(mentions), key=lambda r: r.label.casefold())),
            claims=tuple(sorted(claims, key=lambda c: c.start)),
            figures=tuple(self.figures(article=iri)),
            statements=tuple(self.statements(article=iri)),
        )

    def claim_sources(self, claim: str) -> ClaimSources:
        """A claim (IRI or id) with the other claims behind the same edge and their distinct sources."""
        local = claim[len(str(CLAIM)):] if claim.startswith(str(CLAIM)) else claim
        if not _ID.fullmatch(local):
            raise QueryError(f"malformed claim id {claim[:80]!r}")
        iri = NamedNode(str(CLAIM) + local)
        for kind, cls in CLAIM_CLASSES.items():
            rows = run_named(self.store, "relations", kind=NamedNode(str(cls)), claim=iri)
            if rows:
                cite = self._fold(rows, self._claim_figures(kind))[0]
                edge = group_edges(self.claims(kind, subject=cite.subject.iri, object=cite.object.iri,
                                               resource=cite.resource.iri))
                return ClaimSources(cite, edge[0] if edge else None)
        raise NotFound(f"no relation claim {claim!r}")

    # ---------------------------------------------------------------- chains
    def dependency_chains(self, resource: str | ResourceInfo, *, start: str | ActorInfo | None = None,
                          limit: int = 100, citations: int | None = None) -> list[Chain]:
        """Paths A → B → C (→ D) over the direct dependsOn edges where every hop has a claim for the resource.

        A hop is a pair that a non-negated claim for the resource supports (exactly the pairs that have
        a direct aig:dependsOn edge for that resource); the hops come from the in-memory relation index
        and paths are walked there, so no claim node is joined per path (DESIGN.md); citations are read
        only for the hops of the chains returned (`citations` caps them per hop). A three-actor path is
        listed when it has no fourth actor to extend to.
        """
        res = self._resource(resource)
        claims_of = self._hop_claims(res)
        paths = list(islice(self._chain_paths(claims_of, self._actor(start)), limit))
        used = sorted({(x, y) for p in paths for x, y in zip(p, p[1:])})
        built = self._build_edges("dependency", [_EdgeGroup.of((x, y, res.iri), claims_of[x, y]) for x, y in used],
                                  set(), citations)
        edge_of = {(e.subject.iri, e.object.iri): e for e in built}
        return [Chain(resource=self._resource_ref(res.iri), actors=tuple(self._actor_ref(a) for a in p),
                      hops=tuple(edge_of[x, y] for x, y in zip(p, p[1:]))) for p in paths]

    def chain_count(self, resource: str | ResourceInfo, *, start: str | ActorInfo | None = None,
                    at_most: int | None = None) -> int:
        """How many chains `dependency_chains` finds without a limit (counting stops past `at_most`)."""
        paths = self._chain_paths(self._hop_claims(self._resource(resource)), self._actor(start))
        return sum(1 for _ in (paths if at_most is None else islice(paths, at_most + 1)))

    def _hop_claims(self, res: ResourceInfo) -> dict[tuple[str, str], list[_ClaimKey]]:
        """The dependency claims for a resource by (dependent, provider), from the in-memory index."""
        claims_of: dict[tuple[str, str], list[_ClaimKey]] = defaultdict(list)
        for k in self.index.select("dependency", resource=res.iri):
            claims_of[k.subject, k.object].append(k)
        return claims_of

    def _chain_paths(self, claims_of: dict[tuple[str, str], list[_ClaimKey]],
                     start: ActorInfo | None) -> Iterator[tuple[str, ...]]:
        """Chains as tuples of actor IRIs in answer order: four actors before three, then by labels.

        Generated lazily in that order (successors sorted by label), so a page of chains costs its
        own length, not the number of chains (hundreds of millions on a 200k-claim graph).
        """
        def order(iri: str) -> tuple[str, str]:
            return (self.catalog.actor_label(iri) or iri, iri)

        succ: dict[str, list[str]] = defaultdict(list)
        for (x, y), ks in claims_of.items():
            if x != y and any(k.modality != "negated" for k in ks):
                succ[x].append(y)
        for ys in succ.values():
            ys.sort(key=order)
        starts = [start.iri] if start else sorted(succ, key=order)

        def triples() -> Iterator[tuple[str, str, str]]:
            for a in starts:
                for b in succ.get(a, ()):
                    for c in succ.get(b, ()):
                        if c != a:
                            yield a, b, c

        for a, b, c in triples():
            yield from ((a, b, c, d) for d in succ.get(c, ()) if d not in (a, b))
        for a, b, c in triples():
            if not any(d not in (a, b) for d in succ.get(c, ())):
                yield a, b, c

    def figure_count(self, *, actor: str | ActorInfo) -> int:
        """How many figure claims are about an actor."""
        a = self._actor(actor)
        return len({str(r["figure"]) for r in run_named(self.store, "actor_figure_keys", subject=NamedNode(a.iri))})


def group_edges(citations: Iterable[Citation]) -> list[Edge]:
    """Claims grouped by (kind, subject, object, resource); distinct articles count as sources."""
    groups: dict[tuple[str, str, str, str], list[Citation]] = {}
    for c in citations:
        if c.subject is None or c.object is None or c.resource is None:
            continue
        groups.setdefault((c.kind, c.subject.iri, c.object.iri, c.resource.iri), []).append(c)
    edges = []
    for cites in groups.values():
        cites.sort(key=lambda c: (c.date or "", c.article, c.start))
        first = cites[0]
        attributed = []
        for c in cites:
            if c.attributed_to and c.attributed_to not in attributed:
                attributed.append(c.attributed_to)
        edges.append(Edge(
            kind=first.kind, subject=first.subject, object=first.object, resource=first.resource,
            claims=tuple(cites), claim_count=len(cites), source_count=len({c.article for c in cites}),
            attributed_sources=tuple(attributed),
            modalities=tuple(sorted({c.modality for c in cites if c.modality})),
        ))
    edges.sort(key=lambda e: (-e.source_count, -e.claim_count, e.subject.label.casefold(), e.object.label.casefold(),
                              e.resource.label))
    return edges


def _supports(edge: Edge) -> bool:
    """An edge a chain may use: at least one claim that is not negated."""
    return any(m != "negated" for m in edge.modalities)


def _swap(c: Citation) -> Citation:
    return replace(c, subject=c.object, object=c.subject)


def _article(r: dict[str, object], counts: dict[str, int]) -> Article:
    iri = str(r["article"])
    return Article(article=iri, id=iri[len(str(ARTICLE)):], title=_opt(r.get("title")), url=_opt(r.get("url")),
                   publisher=_opt(r.get("publisher")), creator=_opt(r.get("creator")) or None, date=_opt(r.get("date")),
                   source_path=_opt(r.get("sourcePath")), claim_counts=dict(sorted(counts.items())))


def _kind_name(cls_iri: str) -> str:
    local = cls_iri[len(_AIG):] if cls_iri.startswith(_AIG) else cls_iri
    return local.removesuffix("Claim").lower()


def _opt(v: object) -> str | None:
    return None if v is None else str(v)


def _local(v: object) -> str | None:
    return None if v is None else str(v).rsplit("#", 1)[-1]


def _year(v: object) -> int | None:
    if v is None:
        return None
    m = re.match(r"-?\d{1,4}", str(v))
    return int(m.group()) if m else None


def _year_param(year: int | str | None) -> int | None:
    if year is None:
        return None
    try:
        y = int(str(year).strip())
    except ValueError:
        raise QueryError(f"year must be a number such as 2023, not {str(year)[:40]!r}") from None
    if not 1000 <= y <= 2999:
        raise QueryError(f"year {y} is out of range (1000-2999)")
    return y


def _modality(m: str) -> str:
    if m not in MODALITIES:
        raise QueryError(f"unknown modality {m[:40]!r}; known: {', '.join(MODALITIES)}")
    return m


def _date(v: str | _dt.date | None, name: str) -> str | None:
    if v is None:
        return None
    try:
        return _dt.date.fromisoformat(str(v)).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, not {str(v)[:40]!r}") from None


def _in_range(date: str | None, lo: str | None, hi: str | None) -> bool:
    if date is None:
        return False
    d = date[:10]
    return (lo is None or d >= lo) and (hi is None or d <= hi)
