"""The relation index: every relation claim's key parts in memory, grouped into edges — the one read model.

Grouping claims into edges, counting their sources and ordering them needs every claim of the
asked resource or actor; on a 200k-claim graph that is a second or more per request on disk, and
most of it is label and article OPTIONALs. Held in memory (~200k small tuples for 200k claims),
edges are grouped and paged in milliseconds, and only the citations of the edges on a page are
fetched from the store. The JSON API, `kg ask`, the network projection (and with it chokepoints,
impact and the GEXF/GraphML exports) all group, count and order claims here, so an edge has one
claim count, one source count (distinct articles), one story count (independent stories: articles
that carry the same story, kg.ingest.stories, count once) and one citation order wherever it is shown.

`IndexData` is what is read from the store (three named queries) and what kg.read.read_index
persists beside it; `RelationIndex` derives the groupings from it, the same way for both.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from kg.read.records import citation_order
from kg.read.values import KIND_OF_CLASS, local, opt, year
from kg.store.queries import run_named
from kg.store import Store

ARTICLE_PARTS = ("title", "url", "publisher", "date")


class ClaimKey(NamedTuple):
    """A relation claim reduced to what edges are grouped, counted, filtered, ordered and paged by."""

    claim: str
    kind: str
    subject: str
    object: str
    resource: str
    modality: str | None
    article: str
    start: int
    date: str  # the article's date, "" when undated
    attributed_to: str | None
    story: str  # the story the article carries (the article itself when no story names it)
    review: str | None = None  # the latest analyst verdict (verified, disputed, rejected), if any

    def order(self) -> tuple[str, str, int, str]:
        return citation_order(self.date, self.article, self.start, self.claim)


# One claim as stored: (claim, kind, subject, object, resource, modality, article, start, attributed_to).
ClaimRow = tuple[str, str, str, str, str, "str | None", str, int, "str | None"]
# Its evidence: (quote, end offset, confidence); a figure: (figure, value, unit, year, raw).
Evidence = tuple[str, int, "float | None"]
FigureRow = tuple[str, float, str, "int | None", "str | None"]
# A claim's latest review: (verdict, reviewer, time, note).
ReviewRow = tuple[str, str, str, "str | None"]


@dataclass(frozen=True)
class IndexData:
    """What the index is built from: article citation parts, relation claims with their evidence and figures."""

    articles: dict[str, tuple[str | None, str | None, str | None, str | None]]  # IRI -> ARTICLE_PARTS
    claims: list[ClaimRow]
    evidence: dict[str, Evidence]
    reported_via: dict[str, tuple[str, ...]]
    figures: dict[str, tuple[FigureRow, ...]]
    stories: dict[str, str]  # article IRI -> story IRI (kg.ingest.stories); absent: the article is its own story
    reviews: dict[str, ReviewRow] = field(default_factory=dict)  # claim -> its latest review (any claim kind)

    @classmethod
    def read(cls, store: Store) -> "IndexData":
        articles: dict[str, list[str | None]] = {}
        for r in run_named(store, "article_citations"):
            # an article described in two graphs comes twice; keep the first value of each part
            meta = articles.setdefault(str(r["article"]), [None] * len(ARTICLE_PARTS))
            for i, part in enumerate(ARTICLE_PARTS):
                if meta[i] is None:
                    meta[i] = opt(r.get(part))
        claims: dict[str, list] = {}
        evidence: dict[str, Evidence] = {}
        via: dict[str, list[str]] = defaultdict(list)
        for r in run_named(store, "relation_index"):
            c, src, v = str(r["claim"]), opt(r.get("attributedTo")), opt(r.get("reportedVia"))
            if v is not None and v not in via[c]:
                via[c].append(v)
            row = claims.get(c)
            if row is not None:  # a claim with two attributions comes twice: the first by IRI counts
                if src is not None and (row[8] is None or src < row[8]):
                    row[8] = src
                continue
            claims[c] = [c, KIND_OF_CLASS.get(str(r["kind"]), str(r["kind"])), str(r["subject"]), str(r["object"]),
                         str(r["resource"]), local(r.get("modality")), str(r["article"]), int(r["start"]), src]
            conf = r.get("confidence")
            evidence[c] = (str(r["quote"]), int(r["end"]), float(conf) if conf is not None else None)
        figures: dict[str, list[FigureRow]] = defaultdict(list)
        for r in run_named(store, "claim_figures"):
            c = str(r["claim"])
            if c in claims:
                fig = (str(r["figure"]), float(r["value"]), str(r["unit"]), year(r.get("year")), opt(r.get("raw")))
                if fig not in figures[c]:
                    figures[c].append(fig)
        stories = {str(r["article"]): str(r["story"]) for r in run_named(store, "article_stories")}
        return cls({a: tuple(m) for a, m in articles.items()}, [tuple(row) for row in claims.values()], evidence,
                   {c: tuple(vs) for c, vs in via.items() if vs}, {c: tuple(fs) for c, fs in figures.items()},
                   stories, read_reviews(store))


def read_reviews(store: Store) -> dict[str, ReviewRow]:
    """Each reviewed claim's latest review (the reviews come oldest first: a later one replaces it)."""
    latest: dict[str, ReviewRow] = {}
    for r in run_named(store, "reviews"):
        latest[str(r["claim"])] = (str(r["verdict"]), str(r["by"]), str(r["time"]), opt(r.get("note")))
    return latest


class EdgeGroup:
    """The claims behind one edge (subject, object, resource), in citation order, their distinct articles and
    their independent stories."""

    __slots__ = ("key", "claims", "sources", "stories", "rank", "verified", "rejected")

    def __init__(self, key: tuple[str, str, str], claims: Iterable[ClaimKey]):
        self.key = key
        ks = claims if isinstance(claims, list) else list(claims)
        if len(ks) == 1:  # most edges (~90 % on the benchmark graph): nothing to order or count
            self.claims: tuple[ClaimKey, ...] = (ks[0],)
            self.sources = self.stories = 1
            self.rank = (-1, -1, -1)
            review = ks[0].review
            self.verified, self.rejected = int(review == "verified"), int(review == "rejected")
            return
        self.claims = tuple(sorted(ks, key=ClaimKey.order))
        self.sources = len({k.article for k in ks})  # "sources" means distinct articles, everywhere
        self.stories = len({k.story for k in ks})  # a republished story counts once
        self.rank = (-self.stories, -self.sources, -len(self.claims))
        self.verified = sum(1 for k in self.claims if k.review == "verified")
        self.rejected = sum(1 for k in self.claims if k.review == "rejected")

    @property
    def subject(self) -> str:
        return self.key[0]

    @property
    def object(self) -> str:
        return self.key[1]

    @property
    def resource(self) -> str:
        return self.key[2]

    def support(self) -> tuple[int, int, int]:
        """Sort key: most independent stories first, then most sources (distinct articles), then most claims."""
        return self.rank


class RelationIndex:
    """Relation claims by kind and part, and grouped into edges best supported first (see the module docstring).

    Each claim kind is indexed on first use (a question about dependencies never pays for the
    restrictions), which keeps a cold `kg ask` on a persisted index well under a second.
    """

    def __init__(self, data: IndexData, include_rejected: bool = False):
        """`include_rejected`: keep the claims whose latest review rejects them (left out by default)."""
        self.data = data
        self.include_rejected = include_rejected
        self.reviews = data.reviews
        self.articles: dict[str, dict[str, str | None]] = {
            a: dict(zip(ARTICLE_PARTS, parts)) for a, parts in data.articles.items()}
        self.article_dates: dict[str, str] = {a: m["date"] or "" for a, m in self.articles.items()}
        self.evidence, self.reported_via, self.figures = data.evidence, data.reported_via, data.figures
        self.stories = data.stories
        self._rows: dict[str, list[ClaimRow]] = defaultdict(list)
        rejected = set() if include_rejected else {c for c, r in data.reviews.items() if r[0] == "rejected"}
        for row in data.claims:
            if row[0] not in rejected:
                self._rows[row[1]].append(row)
        self._kinds: dict[str, _KindIndex] = {}
        self._lock = threading.Lock()

    @classmethod
    def read(cls, store: Store, include_rejected: bool = False) -> "RelationIndex":
        return cls(IndexData.read(store), include_rejected)

    def kind(self, kind: str) -> "_KindIndex":
        index = self._kinds.get(kind)
        if index is None:
            with self._lock:
                index = self._kinds.get(kind)
                if index is None:
                    index = self._kinds[kind] = _KindIndex(self._rows.get(kind, []), self.article_dates,
                                                           self.stories, self.reviews)
        return index

    def story(self, article: str) -> str:
        """The story an article carries (kg.ingest.stories): itself when no story names it."""
        return self.stories.get(article, article)

    def claim(self, kind: str, iri: str) -> ClaimKey:
        return self.kind(kind).claims[iri]

    def select(self, kind: str, **bound: str | None) -> list[ClaimKey]:
        """Claims of a kind whose parts (subject, object, resource) equal every bound IRI."""
        by = self.kind(kind).by
        return _select(by, lambda posting: by.get(posting, []), bound)

    def select_edges(self, kind: str, **bound: str | None) -> list[EdgeGroup]:
        """Edges of a kind whose subject, object and resource equal every bound IRI, best supported first."""
        index = self.kind(kind)
        return _select(index.by, index.edges, bound)

    def warm(self) -> None:
        """Every claim kind indexed and every posting's edges grouped."""
        for kind in list(self._rows):
            self.kind(kind).warm()


class _KindIndex:
    """The claims of one kind by part (posting lists keyed (part, IRI)), and grouped into edges per posting on
    first use: a cold question about one resource groups that resource's claims only (`warm` groups all)."""

    def __init__(self, rows: list[ClaimRow], dates: dict[str, str], stories: dict[str, str],
                 reviews: dict[str, ReviewRow]):
        self.claims: dict[str, ClaimKey] = {}
        by: dict[tuple[str, str], list[ClaimKey]] = defaultdict(list)
        every = by["kind", ""]
        for c, kind, s, o, r, modality, article, start, src in rows:
            review = reviews.get(c)
            key = ClaimKey(c, kind, s, o, r, modality, article, start, dates.get(article, ""), src,
                           stories.get(article, article), review[0] if review else None)
            self.claims[c] = key
            every.append(key)
            by["resource", r].append(key)
            by["subject", s].append(key)
            by["object", o].append(key)
        self.by = by
        self._edges: dict[tuple[str, str], list[EdgeGroup]] = {}
        self._lock = threading.Lock()

    def edges(self, posting: tuple[str, str]) -> list[EdgeGroup]:
        """The edges of one posting's claims, best supported first (a stable sort: ties keep first appearance)."""
        groups = self._edges.get(posting)
        if groups is None:
            with self._lock:
                groups = self._edges.get(posting)
                if groups is None:
                    groups = self._edges[posting] = _ranked(_group(self.by.get(posting, ())))
        return groups

    def warm(self) -> None:
        """Every posting's edges, grouped once (a server does it before its first request)."""
        with self._lock:
            if len(self._edges) == len(self.by):
                return
            every = _group(self.by["kind", ""])
            edges_by: dict[tuple[str, str], list[EdgeGroup]] = defaultdict(list)
            edges_by["kind", ""] = every
            for group in every:
                edges_by["subject", group.key[0]].append(group)
                edges_by["object", group.key[1]].append(group)
                edges_by["resource", group.key[2]].append(group)
            self._edges = {posting: _ranked(groups) for posting, groups in edges_by.items()}


def _group(claims: Iterable[ClaimKey]) -> list[EdgeGroup]:
    grouped: dict[tuple[str, str, str], list[ClaimKey]] = defaultdict(list)
    for key in claims:
        grouped[key.subject, key.object, key.resource].append(key)
    return [EdgeGroup(key, ks) for key, ks in grouped.items()]


def _ranked(groups: list[EdgeGroup]) -> list[EdgeGroup]:
    return sorted(groups, key=attrgetter("rank")) if len(groups) > 1 else groups


def _select(by: dict[tuple[str, str], list], fetch: Callable[[tuple[str, str]], list],
            bound: dict[str, str | None]) -> list:
    """Items (claims or edges) whose subject, object and resource equal every bound IRI: those of the
    smallest posting (sizes from `by`, items from `fetch`), filtered on the other bound parts."""
    given = {part: iri for part, iri in bound.items() if iri is not None}
    if not given:
        return fetch(("kind", ""))
    first = min(given, key=lambda part: len(by.get((part, given[part]), ())))
    base = fetch((first, given.pop(first)))
    if not given:
        return base
    return [x for x in base if all(getattr(x, part) == iri for part, iri in given.items())]