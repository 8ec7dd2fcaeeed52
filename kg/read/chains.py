"""Dependency chains A → B → C (→ D) for a resource, walked over the relation index, each hop cited.

A hop is a pair that a non-negated claim for the resource supports (exactly the pairs that have a
direct aig:dependsOn edge for that resource); the hops come from the in-memory relation index and
paths are walked there, so no claim node is joined per path (DESIGN.md); citations are read only
for the hops of the chains returned. A three-actor path is listed when it has no fourth actor to
extend to.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from kg.read.catalog import ActorInfo, ResourceInfo
from kg.read.edges import Edges
from kg.read.records import Chain
from kg.read.relations import ClaimKey, EdgeGroup


def dependency_chains(edges: Edges, res: ResourceInfo, start: ActorInfo | None = None, limit: int = 100,
                      citations: int | None = None) -> list[Chain]:
    """The first `limit` chains in answer order, each hop with (the first `citations` of) its citations."""
    claims_of = hop_claims(edges, res)
    paths = list(islice(chain_paths(edges, claims_of, start), limit))
    used = sorted({(x, y) for p in paths for x, y in zip(p, p[1:])})
    built = edges.build("dependency", [EdgeGroup((x, y, res.iri), claims_of[x, y]) for x, y in used], set(), citations)
    edge_of = {(e.subject.iri, e.object.iri): e for e in built}
    ref = edges.catalog.actor_ref
    return [Chain(resource=edges.catalog.resource_ref(res.iri), actors=tuple(ref(a) for a in p),
                  hops=tuple(edge_of[x, y] for x, y in zip(p, p[1:]))) for p in paths]


def chain_count(edges: Edges, res: ResourceInfo, start: ActorInfo | None = None, at_most: int | None = None) -> int:
    """How many chains `dependency_chains` finds without a limit (counting stops past `at_most`)."""
    paths = chain_paths(edges, hop_claims(edges, res), start)
    return sum(1 for _ in (paths if at_most is None else islice(paths, at_most + 1)))


def hop_claims(edges: Edges, res: ResourceInfo) -> dict[tuple[str, str], list[ClaimKey]]:
    """The dependency claims for a resource by (dependent, provider), from the in-memory index."""
    claims_of: dict[tuple[str, str], list[ClaimKey]] = defaultdict(list)
    for k in edges.index.select("dependency", resource=res.iri):
        claims_of[k.subject, k.object].append(k)
    return claims_of


def chain_paths(edges: Edges, claims_of: dict[tuple[str, str], list[ClaimKey]],
                start: ActorInfo | None) -> Iterator[tuple[str, ...]]:
    """Chains as tuples of actor IRIs in answer order: four actors before three, then by labels.

    Generated lazily in that order (successors sorted by label), so a page of chains costs its
    own length, not the number of chains (hundreds of millions on a 200k-claim graph).
    """
    label = edges.catalog.actor_label

    def order(iri: str) -> tuple[str, str]:
        return (label(iri) or iri, iri)

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
