"""The relation index (kg.read.relations): edges grouped per posting on first use agree with a full warm-up."""
from __future__ import annotations

import itertools
import random

import pytest

from kg.read.relations import IndexData, RelationIndex

ACTORS = [f"a{i}" for i in range(6)]
RESOURCES = ["chips", "equipment", "materials"]


def _data(seed: int) -> IndexData:
    """Random dependency and restriction claims over a few actors, articles and stories, some reviewed."""
    rng = random.Random(seed)
    articles = {f"art{i}": (f"title {i}", None, f"pub{i % 3}", f"2026-0{1 + i % 9}-1{i % 10}") for i in range(12)}
    claims, reviews = [], {}
    for i in range(300):
        kind = rng.choice(["dependency", "restriction"])
        s, o = rng.sample(ACTORS, 2)
        claim = f"c{i}"
        claims.append((claim, kind, s, o, rng.choice(RESOURCES), None, rng.choice(list(articles)), rng.randrange(500), None))
        if rng.random() < 0.1:
            reviews[claim] = (rng.choice(["verified", "rejected", "disputed"]), "ann", "2026-11-01T00:00:00Z", None)
    evidence = {c[0]: ("a quote", c[7] + 10, None) for c in claims}
    stories = {"art1": "art0", "art2": "art0"}  # republications count once
    return IndexData(articles, claims, evidence, {}, {}, stories, reviews)


def _shape(edges) -> list[tuple]:
    return [(g.key, tuple(k.claim for k in g.claims), g.sources, g.stories, g.verified, g.rejected) for g in edges]


BOUNDS = [dict(zip(("subject", "object", "resource"), combo))
          for combo in itertools.product([None, "a0", "a3"], [None, "a1"], [None, "chips", "materials"])]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("include_rejected", [False, True])
def test_edges_grouped_on_first_use_equal_those_of_a_warmed_index(seed: int, include_rejected: bool) -> None:
    lazy, warmed = RelationIndex(_data(seed), include_rejected), RelationIndex(_data(seed), include_rejected)
    warmed.warm()
    for kind in ("dependency", "restriction", "cooperation"):
        for bound in BOUNDS:
            got, want = _shape(lazy.select_edges(kind, **bound)), _shape(warmed.select_edges(kind, **bound))
            assert got == want, (kind, bound)
            assert all(e[0][i] == iri for e in got for i, iri in enumerate(bound.values()) if iri), (kind, bound)


def test_edges_are_ranked_by_stories_then_sources_then_claims_and_counted_from_their_claims() -> None:
    index = RelationIndex(_data(3))
    edges = index.select_edges("dependency", resource="chips")
    assert edges and [g.rank for g in edges] == sorted(g.rank for g in edges)
    for g in edges:
        assert g.sources == len({k.article for k in g.claims})
        assert g.stories == len({index.story(k.article) for k in g.claims})
        assert not any(k.review == "rejected" for k in g.claims)
    assert sum(len(g.claims) for g in edges) == len(index.select("dependency", resource="chips"))
