"""Network questions over dependencies: who the chokepoints are, and who is exposed if one falls away.

Both work on the dependency projection (kg.read.network) of one resource, collapsed to one edge per
(dependent, provider) pair: an edge A → B means "A depends on B". Chains are walked in networkx,
never as SPARQL paths over claim nodes (DESIGN.md: those are slow), and every hop keeps the
citation of the edge it crosses.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import networkx as nx

from extractors.records import FOREIGN

from kg.read.answers import Answers
from kg.read.network import NetworkFilter, edge_groups, project
from kg.store import Store


def dependency_graph(store: Store, flt: NetworkFilter | None = None, answers: Answers | None = None) -> nx.DiGraph:
    """Dependency edges of the filter's resource(s), one per pair; the best-supported edge gives the citation.

    A pair's `claims`, `sources` (distinct articles) and `stories` (independent stories) count every
    claim of its edges, as the API
    counts an edge's; with one resource, a pair is exactly one edge of the API and of the projection.
    """
    flt = replace(flt or NetworkFilter(), kind="dependency")
    answers = answers or Answers(store)
    M = project(store, flt, answers)
    groups = edge_groups(answers, flt)
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (s, _, o, r), g in groups.items():
        if M.has_edge(s, o, key=f"dependency:{r}"):
            articles[s, o].update(k.article for k in g.claims)
            stories[s, o].update(k.story for k in g.claims)
    D = nx.DiGraph(name=M.graph.get("name", ""))
    D.add_nodes_from(M.nodes(data=True))
    for u, v, d in M.edges(data=True):
        if D.has_edge(u, v):
            prev = D.edges[u, v]
            total, claims = prev["weight"] + d["weight"], prev["claims"] + d["claims"]
            resources = sorted({*prev["resources"], d["resource"]})
            if d["weight"] > prev["best_weight"]:
                D.add_edge(u, v, **{**d, "best_weight": d["weight"]})
            D.edges[u, v].update(weight=total, claims=claims, resources=resources)
        else:
            D.add_edge(u, v, **{**d, "best_weight": d["weight"], "resources": [d["resource"]]})
        D.edges[u, v]["sources"] = len(articles[u, v])
        D.edges[u, v]["stories"] = len(stories[u, v])
    return D


# How the JSON API documents these records (api/models.py): pydantic reads attribute docstrings.
_DOCUMENTED = {"use_attribute_docstrings": True}


# ---- resolving a name to an actor

def resolve_actor(store: Store, name: str, catalog=None) -> tuple[str, str]:
    """(key, label) of the actor a name, alias, demonym, key or IRI designates. Raises NotFound.

    Names resolve through kg.read.catalog's catalog; pass `catalog` when the caller holds one already.
    """
    from kg.read.catalog import Catalog

    text = name.strip()
    if text.startswith("actor:"):
        text = text[len("actor:"):]
    info = (catalog or Catalog.from_store(store)).actor(text)
    return info.key, info.label


# ---- chokepoints

@dataclass(frozen=True)
class Chokepoint:
    """A provider and how much of the dependency network runs through or ends at it."""

    __pydantic_config__ = _DOCUMENTED

    actor: str
    label: str
    actor_type: str
    reach: float
    """Share of (dependent, supplier) pairs whose chains pass through or end here."""
    betweenness: float
    """Normalised betweenness centrality on the dependency graph."""
    direct_dependents: int
    transitive_dependents: int
    """Actors depending on it directly or through a chain."""
    support: int
    """Supporting (not negated) claims behind the direct dependencies on this provider."""
    dependents: list[str] = field(default_factory=list)
    """Labels of the direct dependents."""


def chokepoints(store: Store, flt: NetworkFilter | None = None, limit: int | None = None,
                answers: Answers | None = None) -> list[Chokepoint]:
    """Providers ranked by reach, then betweenness, then direct support.

    Reach counts the pairs (A, B) where A depends on B directly or through a chain and the
    provider is B or sits on the chain: |ancestors| × (|descendants| + 1), over all such pairs.
    A sole supplier of many dependents and a hub that passes supply on both score high, while
    betweenness alone would give an end supplier zero. The unnamed foreign supplier ("dependent
    on foreign chips") stays in the graph but is not ranked: nobody can act on it.
    """
    D = dependency_graph(store, flt, answers)
    if D.number_of_edges() == 0:
        return []
    betweenness = nx.betweenness_centrality(D, normalized=True)
    ancestors = {n: nx.ancestors(D, n) for n in D}
    total_pairs = sum(len(a) for a in ancestors.values())
    result = []
    for n in D:
        if D.in_degree(n) == 0 or n == FOREIGN:
            continue
        through = len(ancestors[n]) * (len(nx.descendants(D, n)) + 1)
        preds = sorted(D.predecessors(n), key=lambda p: D.nodes[p].get("label", p))
        result.append(Chokepoint(
            actor=n,
            label=D.nodes[n].get("label", n),
            actor_type=D.nodes[n].get("actor_type", "Unspecified"),
            reach=round(through / total_pairs, 4),
            betweenness=round(betweenness[n], 4),
            direct_dependents=len(preds),
            transitive_dependents=len(ancestors[n]),
            support=int(sum(D.edges[p, n]["weight"] for p in preds)),
            dependents=[D.nodes[p].get("label", p) for p in preds],
        ))
    result.sort(key=lambda c: (-c.reach, -c.betweenness, -c.support, c.label))
    return result[:limit] if limit else result


# ---- impact

@dataclass(frozen=True)
class Hop:
    """One dependency on the way from an exposed actor to the actor that falls away, with its citation."""

    __pydantic_config__ = _DOCUMENTED

    dependent: str
    dependent_label: str
    provider: str
    provider_label: str
    resources: list[str]
    weight: int
    """Supporting (not negated) claims."""
    claims: int
    """Every claim of the dependency, as an edge's claim_count in the API."""
    sources: int
    """Distinct articles behind those claims, as an edge's source_count in the API."""
    stories: int
    """Independent stories among those articles (a republished story counts once), as story_count in the API."""
    quote: str
    """The first supporting claim in citation order (the API's first citation that is not a denial)."""
    article: str
    title: str | None = None
    url: str | None = None
    attributed_to: str | None = None
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True)
class Exposed:
    __pydantic_config__ = _DOCUMENTED

    actor: str
    label: str
    actor_type: str
    distance: int
    """1 when the actor depends on the target directly."""
    path: list[Hop]
    """From this actor to the one that falls away."""


@dataclass(frozen=True)
class Impact:
    __pydantic_config__ = _DOCUMENTED

    actor: str
    label: str
    resource: str | None
    exposed: list[Exposed]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _hop(D: nx.DiGraph, u: str, v: str) -> Hop:
    d = D.edges[u, v]
    return Hop(
        dependent=u, dependent_label=D.nodes[u].get("label", u), provider=v, provider_label=D.nodes[v].get("label", v),
        resources=list(d["resources"]), weight=int(d["weight"]), claims=int(d["claims"]),
        sources=int(d["sources"]), stories=int(d["stories"]), quote=d["quote"],
        article=d["article"], title=d.get("title"), url=d.get("url"), attributed_to=d.get("attributed_to"),
        first_date=d.get("first_date"), last_date=d.get("last_date"),
    )


def impact(store: Store, actor: str, flt: NetworkFilter | None = None, catalog=None,
           answers: Answers | None = None) -> Impact:
    """Every actor that depends on `actor` directly or through a chain, nearest first.

    Each comes with one shortest chain of dependencies down to `actor`; where several chains
    are equally short, the hop with more supporting claims is taken. Raises NotFound when no
    actor goes by that name.
    """
    flt = flt or NetworkFilter()
    answers = answers or Answers(store, catalog)
    key, label = resolve_actor(store, actor, answers.catalog)
    D = dependency_graph(store, flt, answers)
    if key not in D:
        return Impact(key, label, flt.resource, [])
    dist = nx.single_source_shortest_path_length(D.reverse(copy=False), key)
    exposed = []
    for n, d in dist.items():
        if n == key:
            continue
        path, cur = [], n
        while cur != key:
            nxt = max((s for s in D.successors(cur) if dist.get(s) == dist[cur] - 1),
                      key=lambda s: (D.edges[cur, s]["weight"], D.edges[cur, s]["sources"], s))
            path.append(_hop(D, cur, nxt))
            cur = nxt
        exposed.append(Exposed(n, D.nodes[n].get("label", n), D.nodes[n].get("actor_type", "Unspecified"), d, path))
    exposed.sort(key=lambda e: (e.distance, -e.path[0].weight, e.label))
    return Impact(key, label, flt.resource, exposed)


__all__ = ["Chokepoint", "Exposed", "Hop", "Impact", "chokepoints", "dependency_graph", "impact", "resolve_actor"]
