"""Neutral quads written as N-Quads / N-Triples text: the write path's wire format, for every back-end.

Writing text and letting the store's own parser read it is the cheap way across the boundary:
measured on kg's article quads, about 5 µs a quad for the text against about 10 µs for building
pyoxigraph objects one by one (tests/bench/bench_ingest.py). The terms were checked when built
(kg.store.terms), so a store may read this text without checking it again (pyoxigraph's `lenient`).
"""
from __future__ import annotations

from collections.abc import Iterable

from kg.store.terms import IRI, XSD, BlankNode, Literal, Quad, Term, Triple

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = XSD + "string"


def term_text(t: Term) -> str:
    """One term in N-Triples syntax."""
    kind = type(t)
    if kind is IRI:
        return "<" + t.value + ">"
    if kind is Literal:
        v = t.value
        if '"' in v or "\\" in v or "\n" in v or "\r" in v:
            v = v.translate(_ESCAPES)
        if t.language is not None:
            return '"' + v + '"@' + t.language
        if t.datatype.value == _XSD_STRING:
            return '"' + v + '"'
        return '"' + v + '"^^<' + t.datatype.value + ">"
    if kind is BlankNode:
        return "_:" + t.id
    raise TypeError(f"not an RDF term: {t!r}")


def _lines(items: Iterable[Quad] | Iterable[Triple], width: int) -> str:
    seen: dict[Term, str] = {}  # terms repeat within an article: each is written once
    out = []
    for item in items:
        if not isinstance(item, tuple) or len(item) < width:
            raise TypeError(f"not a quad: {item!r}")
        parts = []
        for t in item[:width]:
            if t is None:  # the default graph
                continue
            s = seen.get(t)
            if s is None:
                s = seen[t] = term_text(t)
            parts.append(s)
        parts.append(".\n")
        out.append(" ".join(parts))
    return "".join(out)


def nquads(quads: Iterable[Quad]) -> str:
    """N-Quads text of the quads (a quad of the default graph is written as a triple)."""
    return _lines(quads, 4)


def ntriples(triples: Iterable[Triple] | Iterable[Quad]) -> str:
    """N-Triples text of the triples (quads lose their graph names)."""
    return _lines(triples, 3)
