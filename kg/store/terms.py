"""Back-end-neutral RDF terms: what crosses the store boundary (quads written, query rows read).

Small frozen values, so the mapping, the read side and the tests never see a back-end's own term
types; each back-end converts them at its edge (kg.store.oxigraph for pyoxigraph). An `IRI` is
checked when it is built, by the RFC 3987 parser the store itself uses (so what one accepts the
other does), and it holds none of the characters that would end an `<...>` in SPARQL or
N-Triples, so its `n3()` form is safe to place into query text (VALUES).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, Union

from pyoxigraph import NamedNode as _rfc3987_check  # raises ValueError for a malformed IRI

# RFC 3987's excluded characters for an IRI reference in N-Triples / SPARQL `<...>`, and a scheme.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*\Z")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z")
_BLANK_ID = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class IRI:
    """An absolute IRI. Raises ValueError for anything else (the same error pyoxigraph raises)."""

    value: str

    def __post_init__(self) -> None:
        _rfc3987_check(self.value)  # first: its messages are the ones users saw before
        if not _IRI.match(self.value):
            raise ValueError(f"not an absolute IRI: {str(self.value)[:80]!r}")

    def n3(self) -> str:
        return f"<{self.value}>"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class BlankNode:
    id: str

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _BLANK_ID.match(self.id):
            raise ValueError(f"not a blank node id: {str(self.id)[:80]!r}")

    def n3(self) -> str:
        return f"_:{self.id}"

    def __str__(self) -> str:
        return "_:" + self.id


XSD_STRING = IRI(XSD + "string")
_LANG_STRING = IRI(RDF_LANG_STRING)


@dataclass(frozen=True, slots=True)
class Literal:
    """A literal: a lexical value with a datatype (xsd:string by default) or a language tag."""

    value: str
    datatype: IRI = XSD_STRING
    language: str | None = None

    def __post_init__(self) -> None:
        if type(self.value) is not str:
            raise TypeError(f"a literal's value is a str, not {type(self.value).__name__}")
        if self.language is not None:
            if not _LANGUAGE.match(self.language):
                raise ValueError(f"not a language tag: {self.language[:40]!r}")
            if self.datatype.value != RDF_LANG_STRING:
                object.__setattr__(self, "datatype", _LANG_STRING)

    def __str__(self) -> str:
        return self.value


Term = Union[IRI, BlankNode, Literal]


class Triple(NamedTuple):
    subject: IRI | BlankNode
    predicate: IRI
    object: Term


class Quad(NamedTuple):
    """A triple in a graph; `graph` None is the default graph."""

    subject: IRI | BlankNode
    predicate: IRI
    object: Term
    graph: IRI | BlankNode | None = None

    @property
    def triple(self) -> Triple:
        return Triple(self.subject, self.predicate, self.object)


class Solution(tuple):
    """One row of a SELECT: its terms (None where unbound) by position or by variable name."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key):  # type: ignore[override]
        return tuple.__getitem__(self, self._index[key] if isinstance(key, str) else key)


class Solutions:
    """A SELECT's answer: the variable names and the rows (`Solution`s), read once."""

    __slots__ = ("variables", "_rows", "_row")

    def __init__(self, variables: Iterable[str], rows: Iterable[tuple[Term | None, ...]]):
        self.variables = tuple(variables)
        self._rows = rows
        self._row = type("Solution", (Solution,), {"__slots__": (), "_index": {v: i for i, v in enumerate(self.variables)}})

    def __iter__(self) -> Iterator[Solution]:
        return map(self._row, self._rows)


class Triples:
    """A CONSTRUCT's or DESCRIBE's answer: its triples, read once."""

    __slots__ = ("_triples",)

    def __init__(self, triples: Iterable[Triple]):
        self._triples = triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)


QueryResult = Union[Solutions, Triples, bool]

# typed literals that read back as Python numbers and booleans
LEXICAL_TO_PYTHON = {
    **{XSD + t: int for t in ("integer", "int", "long", "nonNegativeInteger")},
    **{XSD + t: float for t in ("decimal", "double", "float")},
    XSD + "boolean": lambda v: v == "true",
}


def python_value(term: Term | None) -> object:
    """A term as a plain Python value: IRIs and strings as str, numbers as int/float, blank nodes as `_:id`."""
    kind = type(term)
    if kind is Literal:
        convert = LEXICAL_TO_PYTHON.get(term.datatype.value)
        return convert(term.value) if convert else term.value
    if kind is IRI:
        return term.value
    if term is None:
        return None
    return str(term)

__all__ = ["IRI", "BlankNode", "Literal", "Term", "Triple", "Quad", "Solution", "Solutions", "Triples", "QueryResult",
           "XSD", "XSD_STRING", "LEXICAL_TO_PYTHON", "python_value"]
