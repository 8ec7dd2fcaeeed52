"""The claims graph projected onto networkx: actors as nodes, one weighted edge per relation and resource.

One edge stands for every claim with the same (subject, relation, object, resource). Its
`weight` is the number of supporting claims, i.e. claims that are not negated: a negated claim
("no longer depends on") has no direct edge in the store (kg/mapping.py), so it does not support
an edge here either. Negated claims are still counted, in the edge's `negated` modality count,
when the same edge is supported by other claims; an edge whose only claims are negated is left
out. Cooperation is symmetric: A–B and B–A claims make one edge, drawn from the actor whose key
sorts first.

The store is read with named queries (kg/store/queries/network_*.rq); the
projection is a `networkx.MultiDiGraph` whose node ids are actor keys (`russia`) and whose edge
keys are `relation:resource` (`dependency:chips`). Attributes that are unknown are absent,
never None; `dates` is the only list-valued attribute (exports flatten it).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from kg.core.errors import QueryError
from kg.core.namespaces import ACTOR, CLAIM_CLASSES, MODALITIES, RES, RESOURCES
from kg.store.queries import run_named
from kg.store import IRI, Store

KINDS = tuple(CLAIM_CLASSES)  # dependency, restriction, cooperation
_KIND_OF_CLASS = {str(iri): kind for kind, iri in CLAIM_CLASSES.items()}
_MODALITY_RANK = {"asserted": 0, "hedged": 1, "planned": 2, "negated": 3}
# How an edge reads in a label: "russia depends on china (chips)".
VERBS = {"dependency": "depends on", "restriction": "restricts", "cooperation": "cooperates with"}


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


def project(store: Store, flt: NetworkFilter | None = None) -> nx.MultiDiGraph:
    """The network of actors and relation edges the filter selects (see the module docstring)."""
    flt = flt or NetworkFilter()
    params: dict[str, object] = {}
    if flt.kind:
        params["class"] = _named(CLAIM_CLASSES[flt.kind])
    if flt.resource:
        params["resource"] = _named(getattr(RES, flt.resource))
    if flt.article:
        params["article"] = _named(flt.article)
    claims = _claims(run_named(store, "network_claims", **params), flt)

    edges: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        s, o = c["subject"], c["object"]
        if c["kind"] == "cooperation" and o < s:
            s, o = o, s
        edges[(s, c["kind"], o, c["resource"])].append(c)

    actors = {actor_key(str(r["actor"])): r for r in run_named(store, "network_actors")}
    G = nx.MultiDiGraph(name=_graph_name(flt))
    for (s, kind, o, resource), group in sorted(edges.items()):
        support = [c for c in group if c["modality"] != "negated"]
        if len(support) < flt.min_support:
            continue
        for key in (s, o):
            if key not in G:
                G.add_node(key, **_node_attrs(key, actors))
        G.add_edge(s, o, key=f"{kind}:{resource}", **_edge_attrs(s, kind, o, resource, support, group, actors))
    for n in G:
        G.nodes[n]["weighted_degree"] = int(G.degree(n, weight="weight"))
    return G


def _named(iri: object):
    return IRI(str(iri))


def _claims(rows: list[dict[str, object]], flt: NetworkFilter) -> list[dict[str, Any]]:
    """One record per claim (rows repeat a claim per attributed source), date-filtered."""
    by_claim: dict[str, dict[str, Any]] = {}
    for r in rows:
        iri = str(r["claim"])
        if iri in by_claim:
            prev = by_claim[iri]
            if r.get("attributedTo") and (not prev["attributed_to"] or str(r["attributedTo"]) < prev["attributed_to"]):
                prev["attributed_to"] = str(r["attributedTo"])
            continue
        d = _parse_date(r.get("date"))
        if (flt.since or flt.until) and (d is None or (flt.since and d < flt.since) or (flt.until and d > flt.until)):
            continue
        by_claim[iri] = {
            "claim": iri,
            "kind": _KIND_OF_CLASS[str(r["class"])],
            "subject": actor_key(str(r["subject"])),
            "object": actor_key(str(r["object"])),
            "resource": _local(str(r["resource"])),
            "modality": _local(str(r["modality"])),
            "quote": r["quote"],
            "start": r["start"],
            "end": r["end"],
            "attributed_to": str(r["attributedTo"]) if r.get("attributedTo") else None,
            "article": str(r["article"]),
            "title": r.get("title"),
            "url": r.get("url"),
            "publisher": r.get("publisher"),
            "date": d,
        }
    return list(by_claim.values())


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


def _source_of(c: dict[str, Any]) -> str:
    """Who a claim comes from: its attributed source, else the article's publisher, else the article."""
    return c["attributed_to"] or (f"publisher:{c['publisher']}" if c["publisher"] else c["article"])


def _citation_order(c: dict[str, Any]) -> tuple:
    # asserted before hedged or planned, then the most recent article, then the first quote in it
    return (_MODALITY_RANK.get(c["modality"], 9), -(c["date"].toordinal() if c["date"] else 0), c["article"], c["start"])


def _edge_attrs(s: str, kind: str, o: str, resource: str, support: list[dict[str, Any]],
                group: list[dict[str, Any]], actors: dict[str, dict[str, object]]) -> dict[str, Any]:
    dates = sorted({c["date"] for c in support if c["date"]})
    cite = min(support, key=_citation_order)
    attrs: dict[str, Any] = {
        "id": f"{s}|{kind}|{resource}|{o}",
        "label": f"{VERBS[kind]} ({resource})",
        "relation": kind,
        "resource": resource,
        "weight": len(support),
        "articles": len({c["article"] for c in support}),
        "sources": len({_source_of(c) for c in support}),
    }
    for m in MODALITIES:
        attrs[m] = sum(1 for c in group if c["modality"] == m)
    if dates:
        attrs["first_date"] = dates[0].isoformat()
        attrs["last_date"] = dates[-1].isoformat()
        attrs["dates"] = [d.isoformat() for d in dates]
    attrs["quote"] = cite["quote"]
    attrs["article"] = cite["article"]
    attrs["claim"] = cite["claim"]
    for k in ("title", "url"):
        if cite[k]:
            attrs[k] = str(cite[k])
    if cite["attributed_to"]:
        attrs["attributed_to"] = _label(actor_key(cite["attributed_to"]), actors)
    return attrs


def _graph_name(flt: NetworkFilter) -> str:
    parts = [flt.kind or "all relations", f"resource {flt.resource}" if flt.resource else "all resources"]
    if flt.since or flt.until:
        parts.append(f"{flt.since or '…'} to {flt.until or '…'}")
    if flt.min_support > 1:
        parts.append(f"support ≥ {flt.min_support}")
    return "aigeo claims network: " + ", ".join(parts)


def citation(G: nx.MultiDiGraph, u: str, v: str, key: str) -> dict[str, Any]:
    """The example citation an edge carries, as a plain dict (for hop-by-hop answers)."""
    d = G.edges[u, v, key]
    return {k: d[k] for k in ("quote", "title", "url", "article", "attributed_to", "first_date", "last_date") if k in d}


__all__ = ["NetworkFilter", "project", "actor_key", "resource_key", "citation", "KINDS", "VERBS"]
