"""RDF and SPARQL-results formats named by media type, and neutral quads serialised or parsed in them.

Callers name a format by its media type (what an Accept header or a file extension gives), never
by a back-end's format object; pyoxigraph's serialisers and parsers do the work here (measured:
rdflib's N-Quads parser is ~6x slower, see DESIGN.md), whatever store holds the data.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat
from pyoxigraph import parse as _parse
from pyoxigraph import serialize as _serialize

from kg.core.namespaces import PREFIXES
from kg.store.oxigraph_terms import ToOxigraph, quad_from_oxigraph, triple_from_oxigraph
from kg.store.terms import Quad, Triple

# in the order a SPARQL endpoint prefers them when the client takes anything
RESULT_MEDIA_TYPES: tuple[str, ...] = tuple(
    f.media_type for f in (QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.CSV,
                           QueryResultsFormat.TSV))
GRAPH_MEDIA_TYPES: tuple[str, ...] = tuple(
    f.media_type for f in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML,
                           RdfFormat.N_QUADS, RdfFormat.TRIG))
N_QUADS = RdfFormat.N_QUADS.media_type
N_TRIPLES = RdfFormat.N_TRIPLES.media_type
TURTLE = RdfFormat.TURTLE.media_type
TRIG = RdfFormat.TRIG.media_type
JSON_LD = RdfFormat.JSON_LD.media_type
_LINE_BASED = (N_QUADS, N_TRIPLES)  # no prefixes there


def results_media_type(media: str) -> str | None:
    """The canonical media type of the SPARQL results format `media` names (aliases too), or None."""
    fmt = QueryResultsFormat.from_media_type(media)
    return fmt.media_type if fmt is not None else None


def rdf_media_type(media: str) -> str | None:
    """The canonical media type of the RDF format `media` names (aliases such as text/plain too), or None."""
    fmt = RdfFormat.from_media_type(media)
    return fmt.media_type if fmt is not None else None


def rdf_format(media_type: str) -> RdfFormat:
    """pyoxigraph's format for a media type (for the back-ends in kg.store). Raises ValueError if unknown."""
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"no RDF format has the media type {media_type!r}")
    return fmt


def results_format(media_type: str) -> QueryResultsFormat:
    fmt = QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"no SPARQL results format has the media type {media_type!r}")
    return fmt


def supports_datasets(media_type: str) -> bool:
    """Whether the format keeps graph names (TriG, N-Quads, JSON-LD) rather than bare triples."""
    return rdf_format(media_type).supports_datasets


def prefixes_for(media_type: str) -> dict[str, str] | None:
    """The project's prefixes where the format can declare them."""
    return None if rdf_media_type(media_type) in _LINE_BASED else PREFIXES


def serialize(data: Iterable[Quad] | Iterable[Triple], media_type: str) -> bytes:
    """Quads (for a dataset format) or triples written in the format `media_type` names.

    Quads given to a triples-only format lose their graph names (the union is written).
    """
    fmt = rdf_format(media_type)
    to = ToOxigraph()
    items = list(data)
    if items and isinstance(items[0], Quad):
        converted = to.quads(items) if fmt.supports_datasets else [to.triple(q.triple) for q in items]
    else:
        converted = [to.triple(t) for t in items]
    return _serialize(converted, format=fmt, prefixes=prefixes_for(media_type))


def write_out(output: object, data: bytes) -> None:
    """A dump's bytes to `output`: a binary file-like object, or a path."""
    if hasattr(output, "write"):
        output.write(data)
    else:
        Path(output).write_bytes(data)


def parse(data: bytes | str, media_type: str) -> list[Quad] | list[Triple]:
    """Parse a serialisation: quads for a dataset format (graph None: the default graph), else triples."""
    fmt = rdf_format(media_type)
    parsed = _parse(data, format=fmt)
    if fmt.supports_datasets:
        return [quad_from_oxigraph(q) for q in parsed]
    return [triple_from_oxigraph(q) for q in parsed]
