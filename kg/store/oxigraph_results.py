"""A pyoxigraph query result written in a negotiated media type, as the SPARQL protocol returns it."""
from __future__ import annotations

from pyoxigraph import DefaultGraph, Quad, QueryBoolean, QueryResultsFormat, QuerySolutions, parse_query_results, serialize

from kg.core.errors import ResultTooLarge
from kg.store import formats


def serialized(result, media_type: str, max_results: int) -> bytes:
    """The body for `media_type` (results format for SELECT / ASK, RDF format for CONSTRUCT / DESCRIBE).

    Raises ResultTooLarge past `max_results` rows or triples.
    """
    if isinstance(result, (bool, QueryBoolean)):
        return _boolean(bool(result), formats.results_format(media_type))
    if isinstance(result, QuerySolutions):
        return _solutions(result, formats.results_format(media_type), max_results)
    fmt = formats.rdf_format(media_type)
    quads = []
    for n, triple in enumerate(result, 1):
        if n > max_results:
            raise ResultTooLarge(f"the query returns more than {max_results} triples; add a LIMIT or narrow it")
        quads.append(Quad(triple.subject, triple.predicate, triple.object, DefaultGraph()))
    data = quads if fmt.supports_datasets else [q.triple for q in quads]
    return serialize(data, format=fmt, prefixes=formats.prefixes_for(media_type))


def _solutions(result: QuerySolutions, fmt: QueryResultsFormat, max_results: int) -> bytes:
    variables = [v.value for v in result.variables]
    # rows are re-encoded as TSV (terms in N-Triples syntax, so nothing is lost) while counting,
    # then parsed back and written in the negotiated format by pyoxigraph's own serialiser
    lines = ["\t".join("?" + v for v in variables)]
    for n, solution in enumerate(result, 1):
        if n > max_results:
            raise ResultTooLarge(f"the query returns more than {max_results} rows; add a LIMIT or narrow it")
        lines.append("\t".join("" if solution[v] is None else str(solution[v]) for v in variables))
    parsed = parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), QueryResultsFormat.TSV)
    return parsed.serialize(format=fmt)


def _boolean(value: bool, fmt: QueryResultsFormat) -> bytes:
    if fmt in (QueryResultsFormat.CSV, QueryResultsFormat.TSV):
        return b"true\n" if value else b"false\n"
    parsed = parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"), QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt)
