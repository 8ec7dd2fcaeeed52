"""Neutral terms (kg.store.terms) to and from pyoxigraph's, and pyoxigraph terms as plain Python values.

Building a NamedNode parses its IRI (about 1 µs), and the same IRIs come back again and again
(predicates, graphs, actors, datatypes): they are built once and kept. The write path does not
come here: it hands the store N-Quads text (kg.store.ntriples).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import DefaultGraph
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode
from pyoxigraph import Quad as OxQuad
from pyoxigraph import Triple as OxTriple

from kg.store.terms import IRI, LEXICAL_TO_PYTHON, XSD, BlankNode, Literal, Quad, Term, Triple

_XSD_BOOLEAN = NamedNode(XSD + "boolean")
_XSD_INTEGER = NamedNode(XSD + "integer")
_DEFAULT = DefaultGraph()


_named = lru_cache(maxsize=1 << 16)(NamedNode)


class ToOxigraph:
    """Converts neutral terms to pyoxigraph's."""

    __slots__ = ()

    @staticmethod
    def iri(t: IRI) -> NamedNode:
        return _named(t.value)

    def term(self, t: Term | None):
        kind = type(t)
        if kind is IRI:
            return self.iri(t)
        if kind is Literal:
            if t.language is not None:
                return OxLiteral(t.value, language=t.language)
            return OxLiteral(t.value, datatype=self.iri(t.datatype))
        if kind is BlankNode:
            return OxBlankNode(t.id)
        if t is None:
            return _DEFAULT
        raise TypeError(f"not an RDF term: {t!r}")

    def quad(self, q: Quad) -> OxQuad:
        term = self.term
        return OxQuad(term(q.subject), self.iri(q.predicate), term(q.object), term(q.graph))

    def quads(self, quads: Iterable[Quad]) -> list[OxQuad]:
        return [self.quad(q) for q in quads]

    def triple(self, t: Triple) -> OxTriple:
        return OxTriple(self.term(t.subject), self.iri(t.predicate), self.term(t.object))


def to_oxigraph(t: Term | None):
    """One neutral term (None: the default graph) as a pyoxigraph term."""
    return ToOxigraph().term(t)


def param(v: object) -> NamedNode | OxLiteral:
    """A query parameter as a pyoxigraph term: neutral terms as they are, bool/int typed, the rest strings."""
    if isinstance(v, (IRI, Literal, BlankNode)):
        return to_oxigraph(v)
    if isinstance(v, bool):
        return OxLiteral("true" if v else "false", datatype=_XSD_BOOLEAN)
    if isinstance(v, int):
        return OxLiteral(str(v), datatype=_XSD_INTEGER)
    return OxLiteral(str(v))


def from_oxigraph(t) -> Term | None:
    """A pyoxigraph term as a neutral one (the store's IRIs are trusted: not checked again)."""
    kind = type(t)
    if kind is NamedNode:
        return _trusted_iri(t.value)
    if kind is OxLiteral:
        lang = t.language
        if lang:
            return Literal(t.value, language=lang)
        return Literal(t.value, _trusted_iri(t.datatype.value))
    if kind is OxBlankNode:
        return _trusted(BlankNode, "id", t.value)
    if t is None or kind is DefaultGraph:
        return None
    raise TypeError(f"not an RDF term: {t!r}")


def _trusted(cls, field: str, value: str):
    """A term the store already holds, built without checking it again (its ids may be any the data used)."""
    term = object.__new__(cls)
    object.__setattr__(term, field, value)
    return term


def _trusted_iri(value: str) -> IRI:
    return _trusted(IRI, "value", value)


def quad_from_oxigraph(q: OxQuad) -> Quad:
    return Quad(from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object),
                from_oxigraph(q.graph_name))


def quads_from_oxigraph(quads: Iterable[OxQuad]) -> Iterator[Quad]:
    return (quad_from_oxigraph(q) for q in quads)


def triple_from_oxigraph(t) -> Triple:
    return Triple(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))


def plain(term: object) -> object:
    """A pyoxigraph result term as a plain Python value: IRIs and strings as str, numbers as int/float."""
    if term is None:
        return None
    kind = type(term)
    if kind is NamedNode:
        return term.value
    if kind is OxLiteral:
        convert = LEXICAL_TO_PYTHON.get(term.datatype.value)
        return convert(term.value) if convert else term.value
    if kind is OxBlankNode:
        return "_:" + term.value
    return str(term)
