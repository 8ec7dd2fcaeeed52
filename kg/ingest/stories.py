"""Stories: the stored articles that carry the same story grouped, each group with its origin (earliest article).

One wire story republished by twenty outlets is one source, not twenty. Two articles carry the same
story when
- their texts are near-duplicates: the MinHash estimate of their shingle sets' Jaccard similarity
  reaches the `story_similarity` setting (candidates found by banding the signatures, so a large
  store is not compared pair by pair), or
- a republication is stated (kg.ingest.signature): one names the other's publisher as its origin,
  or both name the same origin, or both open with the same wire dateline on the same date — and
  their titles are the same or their texts at least half as similar as the setting asks.
The groups are recomputed over every stored article's signature and cues after each build or
removal and written to their own graph (STORIES_GRAPH) by kg.ingest.mapping; every article is in
exactly one story (most alone), so `COUNT(DISTINCT ?story)` in SPARQL counts independent stories.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.core.namespaces import STORIES_GRAPH
from kg.ingest.mapping import story_quads
from kg.ingest.signature import PERMUTATIONS, outlet_key, parse_signature, similarity
from kg.store import Store
from kg.store.queries import run_named

_BAND_ROWS = 2  # 32 bands of 2 values: a pair at similarity 0.5 is a candidate with probability 1 - 0.75^32


@dataclass(frozen=True)
class StoredArticle:
    """What grouping needs of one stored article."""

    iri: str
    signature: tuple[int, ...] | None
    date: str | None = None
    publisher: str | None = None
    title: str | None = None
    stated_origin: str | None = None
    dateline: str | None = None


@dataclass(frozen=True)
class Story:
    """Articles carrying one story: the origin (earliest) first, then the others by date."""

    origin: str
    articles: tuple[str, ...]
    basis: tuple[str, ...]  # why they were grouped: "near-duplicate text", "stated republication", "wire dateline"


def stored_articles(store: Store) -> list[StoredArticle]:
    """Every stored article's signature and republication cues (one named query, no file read)."""
    out: dict[str, StoredArticle] = {}
    for r in run_named(store, "story_signatures"):
        iri = str(r["article"])
        if iri in out:
            continue
        sig = r.get("signature")
        out[iri] = StoredArticle(iri, parse_signature(str(sig)) if sig is not None else None,
                                 _opt(r.get("date")), _opt(r.get("publisher")), _opt(r.get("title")),
                                 _opt(r.get("statedOrigin")), _opt(r.get("dateline")))
    return sorted(out.values(), key=lambda a: a.iri)


def group(articles: list[StoredArticle], threshold: float) -> list[Story]:
    """Articles grouped into stories (see the module docstring), every article in exactly one."""
    parent = {a.iri: a.iri for a in articles}
    why: dict[str, set[str]] = defaultdict(set)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def link(a: str, b: str, basis: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        why[a].add(basis)
        why[b].add(basis)

    def sim(a: StoredArticle, b: StoredArticle) -> float:
        return similarity(a.signature, b.signature) if a.signature and b.signature else 0.0

    # near-duplicate text: candidates share a band of their signatures. One band's buckets at a time, and a
    # pair is compared in the first band it shares (no set of compared pairs: similar articles, such as
    # templated ones, share many bands, and that set grew with the square of their number)
    def shared_before(x: StoredArticle, y: StoredArticle, band: int) -> bool:
        return any(x.signature[b:b + _BAND_ROWS] == y.signature[b:b + _BAND_ROWS] for b in range(0, band, _BAND_ROWS))

    for band in range(0, PERMUTATIONS, _BAND_ROWS):
        buckets: dict[tuple[int, ...], list[StoredArticle]] = defaultdict(list)
        for a in articles:
            if a.signature:
                buckets[a.signature[band:band + _BAND_ROWS]].append(a)
        for members in buckets.values():
            for i, x in enumerate(members):
                for y in members[i + 1:]:
                    if not shared_before(x, y, band) and sim(x, y) >= threshold:
                        link(x.iri, y.iri, "near-duplicate text")

    # stated republication and wire datelines: a weaker text match suffices
    def related(a: StoredArticle, b: StoredArticle) -> bool:
        same_title = a.title and b.title and outlet_key(a.title) == outlet_key(b.title)
        return bool(same_title) or sim(a, b) >= threshold / 2

    by_origin: dict[str, list[StoredArticle]] = defaultdict(list)
    for a in articles:
        key = outlet_key(a.stated_origin) or outlet_key(a.publisher)
        if key:
            by_origin[key].append(a)
    for members in by_origin.values():
        # only a pair where one side states an origin can be a stated republication: pair those sides with
        # the rest, not every two articles of a publisher (quadratic in a wire service's output)
        for x in (m for m in members if m.stated_origin):
            for y in members:
                if y is not x and related(x, y):
                    link(x.iri, y.iri, "stated republication")
    by_dateline: dict[tuple[str, str], list[StoredArticle]] = defaultdict(list)
    for a in articles:
        if a.dateline and a.date:
            by_dateline[a.dateline, a.date].append(a)
    for members in by_dateline.values():
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                if related(x, y):
                    link(x.iri, y.iri, "wire dateline")

    groups: dict[str, list[StoredArticle]] = defaultdict(list)
    for a in articles:
        groups[find(a.iri)].append(a)
    stories = []
    for members in groups.values():
        # the origin: the earliest dated article (undated ones cannot be placed), one stating no origin first
        members.sort(key=lambda a: (a.date is None, a.date or "", a.stated_origin is not None, a.iri))
        basis = sorted(set().union(*(why[a.iri] for a in members))) if len(members) > 1 else []
        stories.append(Story(members[0].iri, tuple(a.iri for a in members), tuple(basis)))
    return sorted(stories, key=lambda s: s.origin)


def regroup(store: Store, threshold: float) -> list[Story]:
    """The stories graph recomputed over the stored articles; written only when it changed."""
    stories = group(stored_articles(store), threshold)
    quads = story_quads(stories)
    if set(store.quads(str(STORIES_GRAPH))) != set(quads):
        store.replace_graph(str(STORIES_GRAPH), quads)
    return stories


def _opt(v: object) -> str | None:
    return None if v is None or v == "" else str(v)
