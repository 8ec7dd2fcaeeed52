"""Figure reconciliation: figures about the same quantity clustered across articles, each cluster agreeing or not.

Two figures are about the same quantity when they have the same subject actor, the same year, units
of one dimension (two currencies are one dimension: money) and a similar description (the words of
their `about`, compared as sets; figures that give no year need a closer match, and a figure without
a description is not clustered). A cluster spans at least two articles; the figures an article gives
as one amount in two units ("€2 billion (about $2.16 billion)", `aig:equivalentTo`) count once.

Values are compared after normalisation: money into the currency most of the cluster's figures use,
through the conversions the articles themselves state (the equivalences above, any article's, chained
if need be) — never through outside exchange rates; a currency no stated conversion links leaves the
cluster `unlinked`. A cluster `agrees` when every normalised value is within `tolerance` (relative) of
the largest, and `conflicts` otherwise; every value keeps its citation.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kg.core.errors import QueryError
from kg.read.records import Figure, Ref
from kg.store import Store
from kg.store.queries import run_named

DEFAULT_TOLERANCE = 0.02
MIN_SIMILARITY = 0.3  # shared share of the description words (a figure without one is not clustered)
MIN_SIMILARITY_UNDATED = 0.6  # for figures that give no year
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_WORD = re.compile(r"[a-z]+")
# words that say nothing about what a figure measures
_STOP = frozenset("a an the of in on for to and or by its their it as at from with about some more than less "
                  "this that these those be is are was were will would percent per cent share".split())


@dataclass(frozen=True)
class ClusterValue:
    """One article's figure in a cluster, with its value in the cluster's unit (None: not convertible)."""

    figure: Figure
    normalised: float | None


@dataclass(frozen=True)
class FigureCluster:
    """Figures about one quantity across articles: whether their sources agree, and every value's citation."""

    subject: Ref
    year: int | None
    unit: str
    """The unit values are normalised into (for money: the currency most of its figures use)."""
    description: str
    status: str
    """`agree` (every value within the tolerance), `conflict`, or `unlinked` (a currency no stated conversion reaches)."""
    spread: float | None
    """(largest - smallest) / largest of the normalised values; None when unlinked."""
    source_count: int
    values: tuple[ClusterValue, ...]


def clusters(figures: list[Figure], stated: list[dict[str, object]], *,
             tolerance: float = DEFAULT_TOLERANCE) -> list[FigureCluster]:
    """Figures clustered by quantity (see the module docstring), conflicts first, then by subject.
    `stated`: the rows of the `figure_equivalences` query (equivalences().)"""
    if not 0 <= tolerance < 1:
        raise QueryError("tolerance must be at least 0 and below 1")
    conversions = _rates(stated)
    equivalent: dict[str, set[str]] = defaultdict(set)
    for r in stated:
        equivalent[str(r["figure"])].add(str(r["other"]))
    groups: dict[tuple[str, str, int | None], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.subject is not None:
            groups[f.subject.iri, _dimension(f.unit), f.year].append(f)
    out = []
    for members in groups.values():
        for cluster in _by_description(members, equivalent):
            if len({f.citation.article for f in cluster}) >= 2:
                out.append(_judge(cluster, conversions, tolerance))
    order = {"conflict": 0, "unlinked": 1, "agree": 2}
    return sorted(out, key=lambda c: (order[c.status], c.subject.label.casefold(), c.year or 0, c.unit))


def equivalences(store: Store) -> list[dict[str, object]]:
    """The amounts articles give in two units at once (the named query `figure_equivalences`)."""
    return run_named(store, "figure_equivalences")


def _rates(stated: list[dict[str, object]]) -> dict[tuple[str, str], float]:
    """Rates the articles state: (from unit, to unit) -> how many `to` one `from` is (the mean if stated often)."""
    rates: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in stated:
        a, b, va, vb = str(r["unit"]), str(r["otherUnit"]), float(r["value"]), float(r["otherValue"])
        if a != b and va > 0 and vb > 0 and _CURRENCY.match(a) and _CURRENCY.match(b):
            rates[a, b].append(vb / va)
    return {pair: sum(vs) / len(vs) for pair, vs in rates.items()}


def _dimension(unit: str) -> str:
    return "money" if _CURRENCY.match(unit) else unit


def _words(f: Figure) -> frozenset[str]:
    return frozenset(w.rstrip("s") for w in _WORD.findall((f.about or "").casefold()) if w not in _STOP)


def _by_description(figures: list[Figure], equivalent: dict[str, set[str]]) -> list[list[Figure]]:
    """Figures of one subject, dimension and year grouped by similar descriptions (single linkage)."""
    seen_equivalent: set[str] = set()
    kept = []
    for f in figures:  # an article's "€2 billion (about $2.16 billion)" is one value: keep the first
        if f.figure not in seen_equivalent:
            kept.append(f)
            seen_equivalent.update(equivalent.get(f.figure, ()))
    parent = list(range(len(kept)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [_words(f) for f in kept]
    # without a year, only a closer description says two figures measure the same thing
    least = MIN_SIMILARITY if figures and figures[0].year is not None else MIN_SIMILARITY_UNDATED
    for i in range(len(kept)):
        for j in range(i + 1, len(kept)):
            a, b = words[i], words[j]
            if a and b and len(a & b) / len(a | b) >= least:
                parent[find(j)] = find(i)
    out: dict[int, list[Figure]] = defaultdict(list)
    for i, f in enumerate(kept):
        out[find(i)].append(f)
    return list(out.values())


def _judge(figures: list[Figure], rates: dict[tuple[str, str], float], tolerance: float) -> FigureCluster:
    figures = sorted(figures, key=lambda f: f.citation.order())
    units = [f.unit for f in figures]
    unit = max(sorted(set(units)), key=units.count)
    values = [ClusterValue(f, f.value if f.unit == unit else _convert(f.value, f.unit, unit, rates))
              for f in figures]
    known = [v.normalised for v in values if v.normalised is not None]
    if len(known) < len(values):
        status, spread = "unlinked", None
    else:
        top = max(abs(v) for v in known)
        spread = (max(known) - min(known)) / top if top else 0.0
        status = "agree" if spread <= tolerance else "conflict"
    first = figures[0]
    return FigureCluster(subject=first.subject, year=first.year, unit=unit,
                         description=" / ".join(sorted({f.about for f in figures if f.about})), status=status,
                         spread=None if spread is None else round(spread, 4),
                         source_count=len({f.citation.article for f in figures}), values=tuple(values))


def _convert(value: float, unit: str, target: str, rates: dict[tuple[str, str], float]) -> float | None:
    """`value` in `unit` expressed in `target` through stated conversions (either direction, chained); None if none."""
    edges: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), rate in rates.items():
        edges[a].append((b, rate))
        edges[b].append((a, 1 / rate))
    frontier, seen = [(unit, value)], {unit}
    while frontier:
        nxt = []
        for u, v in frontier:
            if u == target:
                return v
            for w, rate in edges[u]:
                if w not in seen:
                    seen.add(w)
                    nxt.append((w, v * rate))
        frontier = nxt
    return None
