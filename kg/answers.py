"""Named-query answers as typed results: claims grouped into edges, each with its citations.

Every function here runs named queries (kg/queries/*.rq) with bound parameters and returns frozen
records; user-supplied names go through `kg.resolve.Catalog` first, so nothing a user typed ever
becomes query text. Filters on parts that are optional in the data (attribution, dates, figure
subject) are applied here, after the bound query has narrowed the claims.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from .errors import NotFound, QueryError
from .namespaces import AIG, ARTICLE, CLAIM, CLAIM_CLASSES, MODALITIES
from .queries import run_named
from .resolve import ActorInfo, Catalog, ResourceInfo
from .store import OxigraphStore

_AIG = str(AIG._NS)
KINDS = tuple(CLAIM_CLASSES)  # dependency, restriction, cooperation
_KIND_OF_CLASS = {str(cls): kind for kind, cls in CLAIM_CLASSES.items()}
_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


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


class Answers:
    """Named queries over one store, with names resolved through the store's catalog."""

    def __init__(self, store: OxigraphStore, catalog: Catalog | None = None):
        self.store = store
        self.catalog = catalog or Catalog.from_store(store)

    # ---------------------------------------------------------------- helpers
    def _actor_ref(self, iri: str | None) -> Ref | None:
        if iri is None:
            return None
        info = self.catalog.actors.get(iri)
        if info:
            return Ref(info.iri, info.key, info.label)
        key = iri.rsplit("/", 1)[-1]
        return Ref(iri, key, key)

    def _resource_ref(self, iri: str | None) -> Ref | None:
        if iri is None:
            return None
        info = self.catalog.resources.get(iri)
        key = iri.rsplit("/", 1)[-1]
        return Ref(iri, info.key if info else key, info.label if info else key)

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

    def edges(self, kind: str, **filters: object) -> list[Edge]:
        """Claims of one kind grouped into edges (subject, object, resource), most supported first."""
        return group_edges(self.claims(kind, **filters))

    def dependencies(self, *, resource=None, dependent=None, provider=None, modality=None, source=None,
                     date_from=None, date_to=None) -> list[Edge]:
        return self.edges("dependency", subject=dependent, object=provider, resource=resource, modality=modality,
                          source=source, date_from=date_from, date_to=date_to)

    def restrictions(self, *, resource=None, restrictor=None, target=None, modality=None, source=None,
                     date_from=None, date_to=None) -> list[Edge]:
        return self.edges("restriction", subject=restrictor, object=target, resource=resource, modality=modality,
                          source=source, date_from=date_from, date_to=date_to)

    def cooperations(self, *, actor=None, partner=None, resource=None, modality=None, source=None,
                     date_from=None, date_to=None) -> list[Edge]:
        """Cooperation is symmetric: with `actor` given, claims naming it on either side, turned to face it."""
        a, p = self._actor(actor), self._actor(partner)
        common = dict(resource=resource, modality=modality, source=source, date_from=date_from, date_to=date_to)
        if a is None and p is None:
            cites = self.claims("cooperation", **common)
        else:
            forward = self.claims("cooperation", subject=a, object=p, **common)
            backward = self.claims("cooperation", subject=p, object=a, **common)
            cites = forward + [_swap(c) for c in backward if c.claim not in {f.claim for f in forward}]
        return group_edges(cites)

    # ---------------------------------------------------------------- figures and statements
    def figures(self, *, actor: str | ActorInfo | None = None, unit: str | None = None, year: int | str | None = None,
                article: str | None = None) -> list[Figure]:
        a = self._actor(actor)
        y = _year_param(year)
        params = {"article": NamedNode(self.article_iri(article))} if article is not None else {}
        out, seen = [], set()
        for r in run_named(self.store, "figures", **params):
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

    def statements(self, *, source: str | ActorInfo | None = None, article: str | None = None) -> list[Statement]:
        s = self._actor(source)
        params: dict[str, object] = {}
        if s:
            params["source"] = NamedNode(s.iri)
        if article is not None:
            params["article"] = NamedNode(self.article_iri(article))
        out, seen = [], set()
        for r in run_named(self.store, "attributions", **params):
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
        counts: dict[str, int] = defaultdict(int)
        for r in run_named(self.store, "article_mentions"):
            counts[str(r["actor"])] += 1
        out = []
        for iri, n in counts.items():
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

    def profile(self, name: str | ActorInfo) -> Profile:
        info = self._actor(name)
        outgoing, incoming = [], []
        for kind in KINDS:
            outgoing += self.edges(kind, subject=info)
            incoming += self.edges(kind, object=info)
        return Profile(
            actor=self.actor(info.iri),
            outgoing=tuple(outgoing),
            incoming=tuple(incoming),
            figures=tuple(self.figures(actor=info)),
            statements=tuple(self.statements(source=info)),
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
                          limit: int = 100) -> list[Chain]:
        """Paths A → B → C (→ D) over the direct dependsOn edges where every hop has a claim for the resource.

        The paths come from the direct edges (fast); the claims for the resource are fetched once and
        joined per hop afterwards, as measured in DESIGN.md.
        """
        res = self._resource(resource)
        s = self._actor(start)
        hops = {(e.subject.iri, e.object.iri): e for e in self.dependencies(resource=res) if _supports(e)}
        params = {"a": NamedNode(s.iri)} if s else {}
        chains, seen = [], set()
        for r in run_named(self.store, "dependency_paths", **params):
            path = [str(r[v]) for v in ("a", "b", "c", "d") if r.get(v)]
            # a 3-hop row whose last hop lacks the resource still gives its 2-hop prefix
            while len(path) >= 3 and not all((x, y) in hops for x, y in zip(path, path[1:])):
                path = path[:-1] if len(path) == 4 else []
            if len(path) < 3 or tuple(path) in seen:
                continue
            seen.add(tuple(path))
            chains.append(Chain(resource=self._resource_ref(res.iri), actors=tuple(self._actor_ref(p) for p in path),
                                hops=tuple(hops[(x, y)] for x, y in zip(path, path[1:]))))
        chains.sort(key=lambda c: (-len(c.hops), [a.label for a in c.actors]))
        return chains[:limit]


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
    from dataclasses import replace

    return replace(c, subject=c.object, object=c.subject)


def _article(r: dict[str, object], counts: dict[str, int]) -> Article:
    iri = str(r["article"])
    return Article(article=iri, id=iri[len(str(ARTICLE)):], title=_opt(r.get("title")), url=_opt(r.get("url")),
                   publisher=_opt(r.get("publisher")), creator=_opt(r.get("creator")), date=_opt(r.get("date")),
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
