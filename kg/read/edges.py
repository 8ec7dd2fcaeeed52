"""Edges as answers show them: pages of the relation index's edge groups, with the citations of their claims.

Counts (claims, sources = distinct articles, modalities, attributed sources) always cover every
claim of an edge; only the citations of the edges on a page (the first `citations` of each, in the
one citation order, kg.read.records.citation_order) are built, from the evidence the relation
index holds (no query per page).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from kg.read.catalog import ActorInfo, Catalog, ResourceInfo
from kg.read.records import Citation, Edge, EdgePage, FigureValue, Ref, ReviewMark, YearCount
from kg.read.relations import ClaimKey, EdgeGroup, RelationIndex
from kg.read.values import check_kind, date, in_range, modality as check_modality, opt, year

class Edges:
    """Pages of edges of one store state: grouping and citations from the relation index."""

    def __init__(self, catalog: Catalog, index: RelationIndex):
        self.catalog, self.index = catalog, index

    def page(self, kind: str, *, subject: ActorInfo | None = None, object: ActorInfo | None = None,
             resource: ResourceInfo | None = None, modality: str | None = None, source: ActorInfo | None = None,
             date_from: str | None = None, date_to: str | None = None, limit: int | None = None, offset: int = 0,
             citations: int | None = None, symmetric: bool = False, roll_up: bool = False) -> EdgePage:
        """One page of edges, most supported first, and how many edges match in all.

        `roll_up`: each side's actor replaced by its state or bloc (Catalog.state_of) before claims are
        grouped and the subject and object filters compared, each edge listing the actors rolled into it."""
        check_kind(kind)
        lo, hi = date(date_from, "date_from"), date(date_to, "date_to")
        mod = check_modality(modality) if modality is not None else None
        s_iri, o_iri = subject.iri if subject else None, object.iri if object else None
        r_iri = resource.iri if resource else None
        filtered = mod is not None or source is not None or lo is not None or hi is not None
        both_ways = symmetric and (s_iri or o_iri) and s_iri != o_iri
        swapped: set[str] = set()
        by_support = not filtered and not both_ways and not roll_up
        if by_support:
            groups = self.index.select_edges(kind, subject=s_iri, object=o_iri, resource=r_iri)
        else:
            keys: dict[tuple[str, str, str], list[ClaimKey]] = defaultdict(list)
            side = self.catalog.state_of if roll_up else _same
            forward = self._select(kind, s_iri, o_iri, r_iri, side)
            # cooperation is symmetric: claims naming the actor on the other side, turned to face it
            backward = self._select(kind, o_iri, s_iri, r_iri, side) if both_ways else []
            for swap, ks in ((False, forward), (True, backward)):
                for k in ks:
                    if filtered and not ((mod is None or k.modality == mod)
                                         and (source is None or k.attributed_to == source.iri)
                                         and (not (lo or hi) or in_range(k.date, lo, hi))):
                        continue
                    a, b = side(k.subject), side(k.object)
                    if not swap:
                        keys[a, b, k.resource].append(k)
                    elif not (a == b and a in (s_iri, o_iri)):
                        # (an actor's claim about itself is already counted facing forward)
                        swapped.add(k.claim)
                        keys[b, a, k.resource].append(k)
            groups = [EdgeGroup(key, ks) for key, ks in keys.items()]
        page = self.rank(groups, offset, limit, by_support)
        return EdgePage(total=len(groups), edges=self.build(kind, page, swapped, citations, roll_up))

    def _select(self, kind: str, s_iri: str | None, o_iri: str | None, r_iri: str | None, side) -> list[ClaimKey]:
        """Claims whose sides, as `side` maps them (to their state when rolling up), are the given actors."""
        if side is _same:
            return self.index.select(kind, subject=s_iri, object=o_iri, resource=r_iri)
        return [k for k in self.index.select(kind, resource=r_iri)
                if (s_iri is None or side(k.subject) == s_iri) and (o_iri is None or side(k.object) == o_iri)]

    def build(self, kind: str, page: list[EdgeGroup], swapped: set[str] = frozenset(),
              citations: int | None = None, roll_up: bool = False) -> list[Edge]:
        """Edges from grouped claim keys, with the citations of (the first `citations` of) their claims."""
        citable = {g.key: self.citable(g.claims) for g in page}
        chosen = {key: ks if citations is None else ks[:citations] for key, ks in citable.items()}
        cites = {c.claim: c for c in self.citations(kind, [k.claim for ks in chosen.values() for k in ks])}
        actor_ref = self.catalog.actor_ref
        edges = []
        for g in page:
            (a, b, r), ks = g.key, g.claims
            # the group's claims are in citation order already: the shown citations keep it
            shown = [cites[k.claim] for k in chosen[g.key] if k.claim in cites]
            shown = [_swap(c) if c.claim in swapped else c for c in shown]
            edges.append(Edge(
                kind=kind, subject=actor_ref(a), object=actor_ref(b), resource=self.catalog.resource_ref(r),
                claims=tuple(shown), claim_count=len(ks), source_count=g.sources, story_count=g.stories,
                attributed_sources=attributed_sources(ks, actor_ref),
                modalities=tuple(sorted({k.modality for k in ks if k.modality})),
                verified_count=g.verified, rejected_count=g.rejected,
                **(members(ks, swapped, actor_ref) if roll_up else {}),
                **timeline(ks),
            ))
        return edges

    def rank(self, groups: list[EdgeGroup], offset: int, limit: int | None,
             by_support: bool = False) -> list[EdgeGroup]:
        """The groups of one page, most independent stories first, then most sources, most claims, labels.

        `by_support` says `groups` is already ordered by support (the index's posting lists are).
        """
        end = None if limit is None else offset + limit
        if end is not None and end < len(groups):
            if end == 0:
                return []
            if not by_support:
                groups = sorted(groups, key=EdgeGroup.support)
            # only groups that tie with the last one on the page on the counts need their labels
            cut, stop = groups[end - 1].support(), end
            while stop < len(groups) and groups[stop].support() == cut:
                stop += 1
            groups = groups[:stop]
        alabel, rlabel = self.catalog.actor_label, self.catalog.resource_label
        ranked = sorted(groups, key=lambda g: (*g.support(), alabel(g.key[0]).casefold(), alabel(g.key[1]).casefold(),
                                               rlabel(g.key[2])))
        return ranked[offset:end]

    def citable(self, claims: tuple[ClaimKey, ...]) -> list[ClaimKey]:
        """An edge's claims worth citing, in citation order: one passage of an article once (claims whose
        evidence overlaps, read from one sentence), and a headline only when the article's body does not
        state the edge too. Counts are not touched: every claim still counts."""
        evidence, articles = self.index.evidence, self.index.articles
        quote = {k.claim: evidence[k.claim][0] if k.claim in evidence else "" for k in claims}

        def headline(k: ClaimKey) -> bool:
            title = _plain(articles.get(k.article, {}).get("title") or "")
            return bool(title) and _plain(quote[k.claim]) in (title, title.rstrip("."))

        heads = [headline(k) for k in claims]
        in_body = {k.article for k, head in zip(claims, heads) if not head}
        seen: dict[str, list[tuple[int, int]]] = defaultdict(list)  # article -> passages cited
        out = []
        for k, head in zip(claims, heads):
            end = evidence[k.claim][1] if k.claim in evidence else k.start + 1
            if head and k.article in in_body:
                continue
            if any(k.start < e and s < end for s, e in seen[k.article]):  # overlaps a passage already cited
                continue
            seen[k.article].append((k.start, end))
            out.append(k)
        return out

    def quotes(self, claims: list[str]) -> dict[str, str]:
        """The verbatim quote of each given claim (the network projection's example citations)."""
        evidence = self.index.evidence
        return {c: evidence[c][0] for c in claims if c in evidence}

    def citations(self, kind: str, claims: list[str]) -> list[Citation]:
        """Full citations of the given relation claims, all from the index (no query: ~1 ms for a page)."""
        index, actor_ref = self.index, self.catalog.actor_ref
        out = []
        for c in claims:
            k, ev = index.claim(kind, c), index.evidence.get(c)
            if ev is None:  # a claim without evidence cannot be cited (the mapping always writes it)
                continue
            quote, end, confidence = ev
            meta = index.articles.get(k.article, {})
            out.append(Citation(
                claim=c, kind=k.kind, subject=actor_ref(k.subject), object=actor_ref(k.object),
                resource=self.catalog.resource_ref(k.resource), modality=k.modality, quote=quote,
                start=k.start, end=end, article=k.article, title=meta.get("title"),
                url=meta.get("url"), publisher=meta.get("publisher"), date=meta.get("date"),
                attributed_to=actor_ref(k.attributed_to),
                reported_via=tuple(actor_ref(v) for v in index.reported_via.get(c, ())),
                confidence=confidence,
                figures=tuple(FigureValue(*f) for f in index.figures.get(c, ())),
                review=review_mark(index.reviews.get(c)),
                story=k.story,
            ))
        return out


def review_mark(row: tuple[str, str, str, str | None] | None) -> ReviewMark | None:
    """A claim's latest review as answers show it (None when unreviewed)."""
    return ReviewMark(*row) if row is not None else None


def attributed_sources(claims: Iterable[ClaimKey], actor_ref) -> tuple[Ref, ...]:
    """Who the claims are attributed to, in citation order of their first claim (not counted as sources)."""
    out: list[Ref] = []
    for k in claims:
        ref = actor_ref(k.attributed_to)
        if ref and ref not in out:
            out.append(ref)
    return tuple(out)


def members(claims: Iterable[ClaimKey], swapped: set[str], actor_ref) -> dict[str, tuple[Ref, ...]]:
    """The actors rolled up into each side of an edge, in citation order of their first claim."""
    subjects: list[Ref] = []
    objects: list[Ref] = []
    for k in claims:
        s, o = (k.object, k.subject) if k.claim in swapped else (k.subject, k.object)
        for side, iri in ((subjects, s), (objects, o)):
            ref = actor_ref(iri)
            if ref not in side:
                side.append(ref)
    return {"subject_members": tuple(subjects), "object_members": tuple(objects)}


def timeline(claims: Iterable[ClaimKey]) -> dict[str, object]:
    """An edge's first and last article dates and its counts per year (Edge.first_date, last_date, years)."""
    by_year: dict[int, list[ClaimKey]] = defaultdict(list)
    dates = []
    for k in claims:
        if k.date:
            dates.append(k.date)
            by_year[int(k.date[:4])].append(k)
    if not dates:
        return {}
    return {"first_date": min(dates), "last_date": max(dates),
            "years": tuple(YearCount(y, len(ks), len({k.article for k in ks}), len({k.story for k in ks}))
                           for y, ks in sorted(by_year.items()))}


def _plain(text: str) -> str:
    """Text compared loosely: case, spacing, quotes and a closing full stop ignored."""
    return " ".join(text.casefold().replace("’", "'").strip(" .\"'“”").split())


def _same(iri: str) -> str:
    return iri


def figure_value(r: dict[str, object]) -> FigureValue:
    return FigureValue(str(r["figure"]), float(r["value"]), str(r["unit"]), year(r.get("year")), opt(r.get("raw")))


def group_edges(citations: Iterable[Citation], story_of=lambda article: article) -> list[Edge]:
    """Citations grouped by (kind, subject, object, resource), as the relation index groups claims:
    in citation order, distinct articles counted as sources and their stories (`story_of` an article)
    as independent stories, best supported first."""
    groups: dict[tuple[str, str, str, str], list[Citation]] = {}
    for c in citations:
        if c.subject is None or c.object is None or c.resource is None:
            continue
        groups.setdefault((c.kind, c.subject.iri, c.object.iri, c.resource.iri), []).append(c)
    edges = []
    for cites in groups.values():
        cites.sort(key=lambda c: c.order())
        first = cites[0]
        attributed: list[Ref] = []
        for c in cites:
            if c.attributed_to and c.attributed_to not in attributed:
                attributed.append(c.attributed_to)
        edges.append(Edge(
            kind=first.kind, subject=first.subject, object=first.object, resource=first.resource,
            claims=tuple(cites), claim_count=len(cites), source_count=len({c.article for c in cites}),
            story_count=len({story_of(c.article) for c in cites}),
            attributed_sources=tuple(attributed),
            modalities=tuple(sorted({c.modality for c in cites if c.modality})),
            verified_count=sum(1 for c in cites if c.review and c.review.verdict == "verified"),
            rejected_count=sum(1 for c in cites if c.review and c.review.verdict == "rejected"),
        ))
    edges.sort(key=lambda e: (-e.story_count, -e.source_count, -e.claim_count, e.subject.label.casefold(), e.object.label.casefold(),
                              e.resource.label))
    return edges


def _swap(c: Citation) -> Citation:
    return replace(c, subject=c.object, object=c.subject)
