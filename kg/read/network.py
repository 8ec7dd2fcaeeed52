"""The claims graph projected onto networkx: actors as nodes, one weighted edge per relation and resource.

The projection is built from the relation index (kg.read.relations), the same read model the JSON
API and `kg ask` page edges from, so an edge carries the same counts everywhere: `claims` is every
claim of the edge (any modality), `sources` the distinct articles behind them and `stories` the
independent stories among those articles (a republished story counts once); who the claims
are attributed to is listed apart, as `attributed_sources`. `weight` is the number of supporting
claims, i.e. claims that are not negated: a negated claim ("no longer depends on") has no direct
edge in the store (kg/mapping.py), so it does not support an edge here either; an edge whose only
claims are negated is left out. Cooperation is symmetric: A–B and B–A claims make one edge, drawn
from the actor whose key sorts first (as `/cooperations?actor=A&partner=B` counts them).

The example citation an edge carries is its first supporting claim in the one citation order
(kg.read.records.citation_order: earliest article first), the first claim the API cites that is
not negated. The projection is a `networkx.MultiDiGraph` whose node ids are actor keys (`russia`)
and whose edge keys are `relation:resource` (`dependency:chips`). Attributes that are unknown are
absent, never None; `dates`, `attributed_sources` and, rolled up to states, `subject_members` and
`object_members` are the only list-valued attributes (exports flatten them).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from kg.core.errors import QueryError
from kg.core.namespaces import ACTOR, KINDS, MODALITIES, RES, RESOURCES, VERBS
from kg.read.answers import Answers
from kg.read.edges import attributed_sources
from kg.read.relations import EdgeGroup
from kg.read.values import in_range
from kg.store.queries import run_named
from kg.store import Store


@dataclass(frozen=True)
class NetworkFilter:
    """Which claims make the projection. None means no restriction.

    `since`/`until` are inclusive and compare the article's date; when either is given, claims
    from undated articles are left out (they cannot be placed in time).
    """

    resource: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    min_support: int = 1
    article: str | None = None  # IRI of one article: only its claims
    roll_up: bool = False  # actors rolled up to their state or bloc (kg.read.catalog.Catalog.state_of)

    def __post_init__(self) -> None:
        if self.resource is not None and self.resource not in RESOURCES:
            raise QueryError(f"unknown resource {self.resource!r}; known: {', '.join(RESOURCES)}")
        if self.kind is not None and self.kind not in KINDS:
            raise QueryError(f"unknown relation kind {self.kind!r}; known: {', '.join(KINDS)}")
        if self.min_support < 1:
            raise QueryError("minimum support must be at least 1")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"empty date range: {self.since} is after {self.until}")


def resource_key(store: Store, name: str, catalog=None) -> str:
    """The key of a resource concept ('chips') from its key, label or synonym ('GPUs'). Raises NotFound.

    `catalog` (a kg.read.catalog.Catalog) saves reading the names again when the caller holds one.
    """
    if name in RESOURCES:
        return name
    from kg.read.catalog import Catalog

    return (catalog or Catalog.from_store(store)).resource(name).key


def actor_key(iri: str) -> str:
    """The node id of an actor IRI: its local name under the actor namespace."""
    base = str(ACTOR)
    return iri[len(base):] if iri.startswith(base) else iri


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def edge_groups(answers: Answers, flt: NetworkFilter) -> dict[tuple[str, str, str, str], EdgeGroup]:
    """The relation index's edge groups the filter selects, by (subject key, kind, object key, resource key);
    cooperation groups of both directions merged into one."""
    idx = answers.index
    res_iri = str(getattr(RES, flt.resource)) if flt.resource else None
    filtered = flt.article is not None or flt.since is not None or flt.until is not None or flt.roll_up
    side = answers.catalog.state_of if flt.roll_up else str
    lo, hi = (flt.since.isoformat() if flt.since else None), (flt.until.isoformat() if flt.until else None)
    whole: dict[tuple[str, str, str, str], EdgeGroup] = {}
    merged: dict[tuple[str, str, str, str], list] = defaultdict(list)
    for kind in ([flt.kind] if flt.kind else KINDS):
        if not filtered and kind != "cooperation":  # the index's groups as they are
            for g in idx.select_edges(kind, resource=res_iri):
                whole[actor_key(g.subject), kind, actor_key(g.object), _local(g.resource)] = g
            continue
        for k in idx.select(kind, resource=res_iri):
            if flt.article is not None and k.article != flt.article:
                continue
            if (lo or hi) and not in_range(k.date, lo, hi):
                continue
            s, o = actor_key(side(k.subject)), actor_key(side(k.object))
            if kind == "cooperation" and o < s:
                s, o = o, s
            merged[s, kind, o, _local(k.resource)].append(k)
    for (s, kind, o, r), ks in merged.items():
        whole[s, kind, o, r] = EdgeGroup((str(ACTOR) + s, str(ACTOR) + o, ks[0].resource), ks)
    return whole


def project(store: Store, flt: NetworkFilter | None = None, answers: Answers | None = None) -> nx.MultiDiGraph:
    """The network of actors and relation edges the filter selects (see the module docstring).

    `answers` is the read model of `store` when the caller holds one (else it is opened, with the
    persisted read index when fresh)."""
    flt = flt or NetworkFilter()
    answers = answers or Answers(store)
    groups = {key: g for key, g in sorted(edge_groups(answers, flt).items())
              if sum(1 for k in g.claims if k.modality != "negated") >= flt.min_support}
    cited = {key: next(k for k in g.claims if k.modality != "negated") for key, g in groups.items()}
    quotes = answers.edge_reader.quotes([k.claim for k in cited.values()])
    actors = {actor_key(str(r["actor"])): r for r in run_named(store, "network_actors")}
    G = nx.MultiDiGraph(name=_graph_name(flt))
    for (s, kind, o, resource), group in groups.items():
        for key in (s, o):
            if key not in G:
                G.add_node(key, **_node_attrs(key, actors))
        G.add_edge(s, o, key=f"{kind}:{resource}",
                   **_edge_attrs(s, kind, o, resource, group, cited[s, kind, o, resource], quotes, answers,
                                 flt.roll_up))
    for n in G:
        G.nodes[n]["weighted_degree"] = int(G.degree(n, weight="weight"))
    return G


def _label(key: str, actors: dict[str, dict[str, object]]) -> str:
    a = actors.get(key)
    return str(a["label"]) if a and a.get("label") else key


def _node_attrs(key: str, actors: dict[str, dict[str, object]]) -> dict[str, Any]:
    a = actors.get(key) or {}
    attrs: dict[str, Any] = {
        "label": _label(key, actors),
        "actor_type": _local(str(a["type"])) if a.get("type") else "Unspecified",
        "iri": str(ACTOR) + key,
        "claims": int(a.get("claims") or 0),
    }
    if a.get("country"):
        attrs["country"] = _label(actor_key(str(a["country"])), actors)
    if a.get("wikidata"):
        attrs["wikidata"] = _local(str(a["wikidata"]))
    return attrs


def _edge_attrs(s: str, kind: str, o: str, resource: str, group: EdgeGroup, cite, quotes: dict[str, str],
                answers: Answers, roll_up: bool = False) -> dict[str, Any]:
    support = [k for k in group.claims if k.modality != "negated"]
    # every claim's article date, as the API's first_date/last_date (any modality, like `claims`)
    dates = sorted({d for d in (_parse_date(k.date) for k in group.claims) if d})
    attrs: dict[str, Any] = {
        "id": f"{s}|{kind}|{resource}|{o}",
        "label": f"{VERBS[kind]} ({resource})",
        "relation": kind,
        "resource": resource,
        "weight": len(support),
        "claims": len(group.claims),  # claim_count in the API and `kg ask`
        "sources": group.sources,  # distinct articles: source_count in the API and `kg ask`
        "stories": group.stories,  # independent stories: story_count in the API and `kg ask`
    }
    for m in MODALITIES:
        attrs[m] = sum(1 for k in group.claims if k.modality == m)
    if group.verified:  # analysts' reviews: only when some claim has one
        attrs["verified"] = group.verified
    if group.rejected:  # present only when rejected claims were asked for
        attrs["rejected"] = group.rejected
    if roll_up:  # the actors each side stands for, in citation order (a cooperation may name them either way)
        state, subjects, objects = answers.catalog.state_of, [], []
        for k in group.claims:
            a, b = k.subject, k.object
            if not (actor_key(state(a)) == s and actor_key(state(b)) == o):
                a, b = b, a
            for side, iri in ((subjects, a), (objects, b)):
                label = answers.catalog.actor_label(iri)
                if label not in side:
                    side.append(label)
        attrs["subject_members"], attrs["object_members"] = subjects, objects
    attributed = [r.label for r in attributed_sources(group.claims, answers.catalog.actor_ref)]
    if attributed:
        attrs["attributed_sources"] = attributed
    if dates:
        attrs["first_date"] = dates[0].isoformat()
        attrs["last_date"] = dates[-1].isoformat()
        attrs["dates"] = [d.isoformat() for d in dates]
    attrs["quote"] = quotes.get(cite.claim, "")
    attrs["article"] = cite.article
    attrs["claim"] = cite.claim
    meta = answers.index.articles.get(cite.article, {})
    for k in ("title", "url"):
        if meta.get(k):
            attrs[k] = str(meta[k])
    if cite.attributed_to:
        attrs["attributed_to"] = answers.catalog.actor_ref(cite.attributed_to).label
    return attrs


def _graph_name(flt: NetworkFilter) -> str:
    parts = [flt.kind or "all relations", f"resource {flt.resource}" if flt.resource else "all resources"]
    if flt.since or flt.until:
        parts.append(f"{flt.since or '…'} to {flt.until or '…'}")
    if flt.min_support > 1:
        parts.append(f"support ≥ {flt.min_support}")
    if flt.roll_up:
        parts.append("rolled up to states and blocs")
    return "aigeo claims network: " + ", ".join(parts)


def citation(G: nx.MultiDiGraph, u: str, v: str, key: str) -> dict[str, Any]:
    """The example citation an edge carries, as a plain dict (for hop-by-hop answers)."""
    d = G.edges[u, v, key]
    return {k: d[k] for k in ("quote", "title", "url", "article", "attributed_to", "first_date", "last_date") if k in d}


__all__ = ["NetworkFilter", "project", "actor_key", "resource_key", "citation", "KINDS", "VERBS"]
