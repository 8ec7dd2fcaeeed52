"""Answers to named questions as typed records: relation claims, edges, figures, statements, actors, articles.

The one public face of the read model: every function here runs named queries (kg/queries/*.rq)
with bound parameters, or reads the relation index (kg.read.relations), and returns frozen
records (kg.read.records); user-supplied names go through `kg.read.catalog.Catalog` first, so
nothing a user typed ever becomes query text. Filters on parts that are optional in the data
(attribution, dates, figure subject) are applied here, after the bound query has narrowed the
claims. Edges are paged by kg.read.edges, chains walked by kg.read.chains, claims listed one by one
by kg.read.claim_list.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from collections.abc import Iterable
from pathlib import Path

from kg.store import IRI as NamedNode  # a neutral term (kg.store.terms)

from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import ARTICLE, CLAIM, CLAIM_CLASSES, KINDS
from kg.read import chains, claim_list, figure_clusters, plans as plan_list
from kg.read.figure_clusters import FigureCluster
from kg.read.catalog import ActorInfo, Catalog, ResourceInfo
from kg.read.edges import Edges, group_edges, review_mark
from kg.read.read_index import AUTO, ReadModel, _Auto
from kg.read.records import (Actor, Article, ArticleDetail, Chain, Citation, ClaimSources, Edge, EdgePage, Figure,
                             Plan, Profile, Ref, SourceGroup, Statement)
from kg.read.relations import RelationIndex
from kg.read.values import ARTICLE_ID, check_kind, kind_name, opt, year as year_of, year_param
from kg.store.queries import run_named
from kg.store import Store

class Answers:
    """Named queries over one store, with names resolved through the store's catalog."""

    def __init__(self, store: Store, catalog: Catalog | None = None, *, read_index: Path | None | _Auto = AUTO,
                 include_rejected: bool = False, model: ReadModel | None = None):
        """`read_index`: the file the catalog and relation index are persisted in (default: in the store's
        directory; None: never persisted). `include_rejected`: keep (and mark) the claims an analyst
        rejected, which answers leave out by default. `model`: share another Answers' read model."""
        self.store = store
        self.model = model or ReadModel(store, catalog, read_index)
        self.include_rejected = include_rejected
        self._sibling: Answers | None = None
        self._edges: Edges | None = None
        self._article_counts: dict[str, int] | None = None  # actor IRI -> articles mentioning it

    @property
    def catalog(self) -> Catalog:
        return self.model.catalog

    @property
    def index(self) -> RelationIndex:
        """The relation index of this store state (an Answers serves one state)."""
        return self.model.index_with_rejected if self.include_rejected else self.model.index

    def rejected(self, include: bool) -> "Answers":
        """These answers with (include=True) or without the rejected claims, sharing one read model."""
        if include == self.include_rejected:
            return self
        if self._sibling is None:
            self._sibling = Answers(self.store, include_rejected=include, model=self.model)
            self._sibling._sibling = self
        return self._sibling

    def _reviewed(self, cites: list[Citation]) -> list[Citation]:
        """Citations marked with their latest review; rejected ones left out unless asked for."""
        reviews = self.model.index.reviews
        if not reviews:
            return cites
        out = []
        for c in cites:
            row = reviews.get(c.claim)
            if row is None:
                out.append(c)
            elif row[0] != "rejected" or self.include_rejected:
                out.append(replace(c, review=review_mark(row)))
        return out

    @property
    def edge_reader(self) -> Edges:
        if self._edges is None:
            self._edges = Edges(self.catalog, self.index)
        return self._edges

    # ---------------------------------------------------------------- helpers
    def _actor_ref(self, iri: str | None) -> Ref | None:
        return self.catalog.actor_ref(iri)

    def _resource_ref(self, iri: str | None) -> Ref | None:
        return self.catalog.resource_ref(iri)

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
        check_kind(kind)
        return self._reviewed(claim_list.relation_claims(
            self.store, self.catalog, kind, subject=self._actor(subject), object=self._actor(object),
            resource=self._resource(resource), modality=modality, source=self._actor(source),
            article=self.article_iri(article) if article is not None else None, date_from=date_from, date_to=date_to))

    def warm(self) -> None:
        """Read the catalog, index every claim kind and group every edge now (a server does it before its first
        request)."""
        self.catalog
        self.index.warm()

    def edges(self, kind: str, *, subject: str | ActorInfo | None = None, object: str | ActorInfo | None = None,
              resource: str | ResourceInfo | None = None, modality: str | None = None,
              source: str | ActorInfo | None = None, date_from: str | None = None, date_to: str | None = None,
              limit: int | None = None, offset: int = 0, citations: int | None = None,
              roll_up: bool = False) -> list[Edge]:
        """Claims of one kind grouped into edges (subject, object, resource), most supported first.

        `limit`/`offset` page the edges and `citations` caps the claims carried per edge (its earliest);
        counts, sources and modalities always cover every claim of the edge. `roll_up` groups the actors
        of each side under their state or bloc (kg.read.catalog.Catalog.state_of).
        """
        return self.edge_page(kind, subject=subject, object=object, resource=resource, modality=modality,
                              source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                              citations=citations, roll_up=roll_up).edges

    def edge_page(self, kind: str, *, subject=None, object=None, resource=None, modality=None, source=None,
                  date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                  citations: int | None = None, symmetric: bool = False, roll_up: bool = False) -> EdgePage:
        """One page of edges and how many edges match in all (see `edges` and kg.read.edges)."""
        check_kind(kind)
        return self.edge_reader.page(kind, subject=self._actor(subject), object=self._actor(object),
                                     resource=self._resource(resource), modality=modality, source=self._actor(source),
                                     date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                                     citations=citations, symmetric=symmetric, roll_up=roll_up)

    def dependencies(self, *, resource=None, dependent=None, provider=None, modality=None, source=None,
                     date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                     citations: int | None = None, roll_up: bool = False) -> list[Edge]:
        return self.edges("dependency", subject=dependent, object=provider, resource=resource, modality=modality,
                          source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                          citations=citations, roll_up=roll_up)

    def restrictions(self, *, resource=None, restrictor=None, target=None, modality=None, source=None,
                     date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                     citations: int | None = None, roll_up: bool = False) -> list[Edge]:
        return self.edges("restriction", subject=restrictor, object=target, resource=resource, modality=modality,
                          source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                          citations=citations, roll_up=roll_up)

    def cooperations(self, *, actor=None, partner=None, resource=None, modality=None, source=None,
                     date_from=None, date_to=None, limit: int | None = None, offset: int = 0,
                     citations: int | None = None, roll_up: bool = False) -> list[Edge]:
        """Cooperation is symmetric: with `actor` given, claims naming it on either side, turned to face it."""
        return self.edge_page("cooperation", subject=actor, object=partner, resource=resource, modality=modality,
                              source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                              citations=citations, symmetric=True, roll_up=roll_up).edges

    # ---------------------------------------------------------------- figures and statements
    def figures(self, *, actor: str | ActorInfo | None = None, unit: str | None = None, year: int | str | None = None,
                article: str | None = None, limit: int | None = None) -> list[Figure]:
        """Figure claims, by date; `limit` (with `actor`, and no unit or year filter) reads only the first ones."""
        a = self._actor(actor)
        y = year_param(year)
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
            if y is not None and year_of(r.get("year")) != y:
                continue
            seen.add(iri)
            out.append(Figure(
                figure=iri, value=float(r["value"]), unit=str(r["unit"]), year=year_of(r.get("year")),
                raw=opt(r.get("raw")), about=opt(r.get("about")), subject=self._actor_ref(opt(r.get("subject"))),
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
            out.append(Statement(attribution=iri, source=src, cue=opt(r.get("cue")), citation=cite))
        return out

    def _citation(self, r: dict[str, object], iri: str, kind: str, attributed_to: Ref | None = None) -> Citation:
        return Citation(
            claim=iri, kind=kind, subject=self._actor_ref(opt(r.get("subject"))), object=None, resource=None,
            modality=None, quote=str(r["quote"]), start=int(r["start"]), end=int(r["end"]), article=str(r["article"]),
            title=opt(r.get("title")), url=opt(r.get("url")), publisher=opt(r.get("publisher")),
            date=opt(r.get("date")), attributed_to=attributed_to or self._actor_ref(opt(r.get("attributedTo"))),
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
        if not ARTICLE_ID.fullmatch(local):
            raise QueryError(f"malformed article id {ident[:80]!r}: expected letters, digits, '_' or '-'")
        return base + local

    def articles(self, *, actor: str | ActorInfo | None = None) -> list[Article]:
        a = self._actor(actor)
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for r in run_named(self.store, "claim_counts"):
            counts[str(r["article"])][kind_name(str(r["kind"]))] = int(r["claims"])
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
        counts = {kind_name(str(r["kind"])): int(r["claims"])
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
        if not ARTICLE_ID.fullmatch(local):
            raise QueryError(f"malformed claim id {claim[:80]!r}")
        iri = NamedNode(str(CLAIM) + local)
        for kind, cls in CLAIM_CLASSES.items():
            rows = run_named(self.store, "relations", kind=NamedNode(str(cls)), claim=iri)
            if rows:
                cite = claim_list.fold(rows, claim_list.claim_figures(self.store, kind), self.catalog)[0]
                # the claim asked for is shown whatever its review says, marked with it
                cite = replace(cite, review=review_mark(self.model.index.reviews.get(cite.claim)))
                edge = group_edges(self.claims(kind, subject=cite.subject.iri, object=cite.object.iri,
                                               resource=cite.resource.iri), self.index.story)
                return ClaimSources(cite, edge[0] if edge else None)
        raise NotFound(f"no relation claim {claim!r}")

    # ---------------------------------------------------------------- plans (kg.read.plans)
    def plans(self, *, due_before: str | None = None, status: str | None = None,
              as_of: str | None = None) -> list[Plan]:
        """Planned claims and target figures with due dates, by due date, with their status as of a day."""
        return plan_list.plans(self.store, self.catalog, self.edge_reader, due_before=due_before, status=status,
                               as_of=as_of)

    # ---------------------------------------------------------------- chains (kg.read.chains)
    def dependency_chains(self, resource: str | ResourceInfo, *, start: str | ActorInfo | None = None,
                          limit: int = 100, citations: int | None = None) -> list[Chain]:
        """Paths A → B → C (→ D) over the dependency edges for a resource, each hop cited (kg.read.chains)."""
        return chains.dependency_chains(self.edge_reader, self._resource(resource), self._actor(start), limit,
                                        citations)

    def chain_count(self, resource: str | ResourceInfo, *, start: str | ActorInfo | None = None,
                    at_most: int | None = None) -> int:
        """How many chains `dependency_chains` finds without a limit (counting stops past `at_most`)."""
        return chains.chain_count(self.edge_reader, self._resource(resource), self._actor(start), at_most)

    def figure_clusters(self, *, actor: str | ActorInfo | None = None, conflicting: bool | None = None,
                        tolerance: float = figure_clusters.DEFAULT_TOLERANCE) -> list[FigureCluster]:
        """Figures about the same quantity across articles, each cluster agreeing or not (kg.read.figure_clusters);
        `conflicting` keeps only the clusters that conflict (True) or only the others (False)."""
        found = figure_clusters.clusters(self.figures(actor=self._actor(actor)),
                                         figure_clusters.equivalences(self.store), tolerance=tolerance)
        if conflicting is not None:
            found = [c for c in found if (c.status == "conflict") == conflicting]
        return found

    def figure_count(self, *, actor: str | ActorInfo) -> int:
        """How many figure claims are about an actor."""
        a = self._actor(actor)
        return len({str(r["figure"]) for r in run_named(self.store, "actor_figure_keys", subject=NamedNode(a.iri))})


def _article(r: dict[str, object], counts: dict[str, int]) -> Article:
    iri = str(r["article"])
    return Article(article=iri, id=iri[len(str(ARTICLE)):], title=opt(r.get("title")), url=opt(r.get("url")),
                   publisher=opt(r.get("publisher")), creator=opt(r.get("creator")) or None, date=opt(r.get("date")),
                   source_path=opt(r.get("sourcePath")), claim_counts=dict(sorted(counts.items())))
