"""Virtuoso's answers read into neutral terms (kg.store.terms), normalised to what Oxigraph gives, and
written in a negotiated media type the way kg.store.oxigraph_results writes Oxigraph's.

Both engines store typed literals as values, not as their lexical forms, and write them back in a
canonical spelling, mostly the same one (`"2.0"^^xsd:decimal` -> `"2"`, `"007"^^xsd:integer` -> `"7"`,
a time zone `+00:00` -> `Z`, language tags in lower case). Virtuoso differs in booleans, written `"1"`/`"0"`
(Oxigraph: `"true"`/`"false"`), and in blank nodes, written `nodeID://b10001`; `literal()` and `term()`
turn these into Oxigraph's forms, so callers see the same terms from either engine. Left as Virtuoso
writes them (documented in the README): a double in exponent form (`1e3` -> `"1000.0"`).
"""
from __future__ import annotations

import json

from pyoxigraph import QueryResultsFormat, parse_query_results

from kg.core.errors import ResultTooLarge, StoreError
from kg.store import formats
from kg.store.terms import IRI, XSD, BlankNode, Literal, Term, Triple
from kg.store.virtuoso_sparql import term_text

_BOOLEAN = XSD + "boolean"
_BOOLEANS = {"1": "true", "0": "false"}
_STRING = Literal("").datatype
_iris: dict[str, IRI] = {}


def iri(value: str) -> IRI:
    """An IRI the server holds (checked when it was written), built once and kept."""
    term = _iris.get(value)
    if term is None:
        term = object.__new__(IRI)
        object.__setattr__(term, "value", value)
        if len(_iris) < 1 << 16:
            _iris[value] = term
    return term


def literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """A literal as Oxigraph would hold it (see the module docstring)."""
    if language:
        return Literal(value, language=language.lower())
    if datatype is None or datatype == _STRING.value:
        return Literal(value)
    if datatype == _BOOLEAN:
        value = _BOOLEANS.get(value, value)
    return Literal(value, iri(datatype))


def normalised(t: Term) -> Term:
    """A term read by another parser (N-Triples from Virtuoso) normalised like `literal()` does."""
    if type(t) is Literal:
        return literal(t.value, t.datatype.value, t.language)
    return t


def term(binding: dict | None) -> Term | None:
    """One value of a SPARQL JSON results binding."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        if value.startswith("nodeID://"):  # a blank node Virtuoso writes as an IRI
            return BlankNode(value[len("nodeID://"):])
        return iri(value)
    if kind in ("literal", "typed-literal"):
        return literal(value, binding.get("datatype"), binding.get("xml:lang"))
    if kind == "bnode":
        return BlankNode(value.removeprefix("nodeID://").removeprefix("_:"))
    raise StoreError(f"Virtuoso answered a term of unknown type {kind!r}")


def read_json(body: bytes) -> tuple[list[str], list[tuple[Term | None, ...]]] | bool:
    """Variables and rows of a SELECT's JSON answer, or the ASK's boolean."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise StoreError(f"Virtuoso answered something that is not SPARQL JSON results: {exc}") from None
    if "boolean" in data:
        return bool(data["boolean"])
    variables = list(data["head"].get("vars", []))
    rows = [tuple(term(b.get(v)) for v in variables) for b in data["results"]["bindings"]]
    if variables == ["__ask_retval"] or variables == ["__ASK_RETVAL"]:  # ASK answered as a SELECT
        return bool(rows and rows[0][0] is not None and rows[0][0].value not in ("0", "false"))
    return variables, rows


def read_triples(body: bytes) -> list[Triple]:
    """The triples of a CONSTRUCT / DESCRIBE answered in N-Triples."""
    try:
        parsed = formats.parse(body, formats.N_TRIPLES)
    except SyntaxError as exc:
        raise StoreError(f"Virtuoso answered N-Triples that do not parse: {exc}") from None
    return [Triple(normalised(t.subject), t.predicate, normalised(t.object)) for t in parsed]


def serialized_solutions(variables: list[str], rows: list[tuple], media_type: str, max_results: int) -> bytes:
    """Rows written in a SPARQL results format. Raises ResultTooLarge past `max_results` rows."""
    if len(rows) > max_results:
        raise ResultTooLarge(f"the query returns more than {max_results} rows; add a LIMIT or narrow it")
    fmt = formats.results_format(media_type)
    # through TSV (terms in N-Triples syntax, nothing lost) and pyoxigraph's own writers, as for Oxigraph
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else term_text(t) for t in row) for row in rows]
    parsed = parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), QueryResultsFormat.TSV)
    return parsed.serialize(format=fmt)


def serialized_boolean(value: bool, media_type: str) -> bytes:
    fmt = formats.results_format(media_type)
    if fmt in (QueryResultsFormat.CSV, QueryResultsFormat.TSV):
        return b"true\n" if value else b"false\n"
    parsed = parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"), QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt)


def serialized_triples(triples: list[Triple], media_type: str, max_results: int) -> bytes:
    if len(triples) > max_results:
        raise ResultTooLarge(f"the query returns more than {max_results} triples; add a LIMIT or narrow it")
    return formats.serialize(triples, media_type)
