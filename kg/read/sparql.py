"""The SPARQL 1.1 Protocol without HTTP: query form, read-only check, dataset, content negotiation.

`prepare` checks a request (kg.read.query_check's limits, the query form, the Accept header, the
protocol's graph parameters) and returns plain data; `evaluate` runs it on a store and returns the
serialised answer and its media type. Errors are kg.core.errors (UpdateNotAllowed, QueryError,
ResultTooLarge, NotAcceptable) that the API maps to an HTTP status. The server runs `evaluate` in
killable worker processes with time and memory limits (kg.read.query_pool).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.core.errors import QueryError, UpdateNotAllowed
from kg.read.query_check import check_query
from kg.store import IRI, Store
from kg.store.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, rdf_media_type, results_media_type

MAX_DATASET_GRAPHS = 1_000
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# The prologue (comments, BASE and PREFIX declarations) before the query-form keyword.
_PROLOGUE = re.compile(
    r"\s+|#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")


class NotAcceptable(QueryError):
    """No media type in the Accept header can carry this kind of result."""

    def __init__(self, message: str, offered: list[str]):
        super().__init__(message)
        self.offered = offered


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE for an update request. Raises QueryError otherwise."""
    pos = 0
    while True:
        m = _PROLOGUE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _WORD.match(text, pos)
    word = m.group().upper() if m else ""
    if word in QUERY_FORMS:
        return word
    if word in UPDATE_WORDS:
        return "UPDATE"
    shown = text[pos:pos + 30].strip() or "(nothing)"
    raise QueryError(f"malformed SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {shown!r}")


@dataclass(frozen=True)
class Negotiated:
    media_type: str
    graph: bool = False  # an RDF format (CONSTRUCT, DESCRIBE) rather than a results format


def _accept_ranges(accept: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q-values respected, q=0 dropped)."""
    if not accept or not accept.strip():
        return ["*/*"]
    ranked = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media))
    return [m for _, _, m in sorted(ranked)]


def negotiate(accept: str | None, form: str) -> Negotiated:
    """The serialisation for a query form given an Accept header; JSON / Turtle when anything goes."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    formats = GRAPH_MEDIA_TYPES if graph else RESULT_MEDIA_TYPES
    for media in _accept_ranges(accept):
        if media in ("*/*", "application/*") or (media == "text/*" and graph):
            fmt = formats[0]
        elif media.endswith("/*"):
            family = media[:-1]
            fmt = next((f for f in formats if f.startswith(family)), None)
        else:
            fmt = (rdf_media_type if graph else results_media_type)(media)
            if fmt not in formats:
                fmt = None
        if fmt is not None:
            return Negotiated(fmt, graph=graph)
    offered = list(formats)
    raise NotAcceptable(f"cannot answer a {form} query as {accept!r}; acceptable: {', '.join(offered)}", offered)


@dataclass(frozen=True)
class Prepared:
    """A query that passed every check, with its answer format and dataset; plain data (crosses processes)."""

    text: str
    form: str
    media_type: str
    union: bool = True  # no dataset given anywhere: the default graph is the union of all graphs
    default_graphs: tuple[str, ...] | None = None  # the protocol's default-graph-uri (replaces FROM)
    named_graphs: tuple[str, ...] | None = None  # the protocol's named-graph-uri (replaces FROM NAMED)

    def to_json(self) -> dict:
        return {"text": self.text, "form": self.form, "media_type": self.media_type, "union": self.union,
                "default_graphs": self.default_graphs, "named_graphs": self.named_graphs}

    @classmethod
    def from_json(cls, data: dict) -> "Prepared":
        dg, ng = data["default_graphs"], data["named_graphs"]
        return cls(data["text"], data["form"], data["media_type"], data["union"],
                   tuple(dg) if dg is not None else None, tuple(ng) if ng is not None else None)

    def format(self) -> Negotiated:
        return Negotiated(self.media_type, graph=self.form in ("CONSTRUCT", "DESCRIBE"))


# The `format` parameter that SPARQL servers commonly take (Fuseki, Virtuoso...): it overrides Accept,
# for clients that send none (pandas.read_csv(url) would otherwise get JSON and build a garbage frame).
# A name covers both query families where it means something for both (json: results or JSON-LD).
# SPARQLWrapper sends its own names (n3, rdf, rdf+xml, json-ld), some twice with the media type
# (format=tsv&format=text/tab-separated-values): repeated values are all taken, in order.
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "n3": "text/turtle",  # Turtle is N3's subset, and what N3 readers read
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "trig": "application/trig",
}
# every value `format` takes: a name above or a media type the endpoint serves
FORMAT_VALUES: tuple[str, ...] = (
    *FORMAT_NAMES, *dict.fromkeys(f.split(";")[0] for f in (*RESULT_MEDIA_TYPES, *GRAPH_MEDIA_TYPES)))


def accept_of_format(values: list[str]) -> str:
    """The Accept header that `format` parameter values stand for. Raises QueryError for an unknown value."""
    media = []
    for value in values:
        v = value.strip().lower()
        if v not in FORMAT_VALUES:
            raise QueryError(f"unknown format {value[:40]!r}: use one of {', '.join(FORMAT_NAMES)} or a media type")
        media.append(FORMAT_NAMES.get(v, v))
    return ", ".join(media)


def prepare(text: str, accept: str | None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None) -> Prepared:
    """Check a protocol request before anything runs it; raises QueryError, UpdateNotAllowed, NotAcceptable.

    The dataset follows SPARQL 1.1: the protocol's default-graph-uri / named-graph-uri, when either
    is given, replace the query's FROM / FROM NAMED entirely; else the query's own FROM / FROM NAMED;
    else (nothing given anywhere) the default graph is the union of all graphs.
    """
    shape = check_query(text)
    form = query_form(text)
    if form == "UPDATE":
        raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
    fmt = negotiate(accept, form)
    if default_graphs is None and named_graphs is None:
        return Prepared(text, form, fmt.media_type, union=not shape.has_dataset)
    dg, ng = tuple(default_graphs or ()), tuple(named_graphs or ())
    for iri in dg + ng:
        _check_graph_iri(iri)
    if len(dg) + len(ng) > MAX_DATASET_GRAPHS:
        raise QueryError(f"more than {MAX_DATASET_GRAPHS} default-graph-uri and named-graph-uri together")
    return Prepared(text, form, fmt.media_type, union=False, default_graphs=dg, named_graphs=ng)


def _check_graph_iri(iri: str) -> None:
    try:
        IRI(iri)
    except ValueError:
        shown = iri[:80] + ("..." if len(iri) > 80 else "")
        raise QueryError(f"not an absolute IRI in default-graph-uri / named-graph-uri: {shown!r}") from None


def run_protocol_query(store: Store, text: str, accept: str | None, max_results: int,
                       default_graphs: list[str] | None = None,
                       named_graphs: list[str] | None = None) -> tuple[bytes, str]:
    """Check and run a read-only query in this process; (body, media type). No time limit: see kg.read.query_pool."""
    return evaluate(store, prepare(text, accept, default_graphs, named_graphs), max_results)


def evaluate(store: Store, prepared: Prepared, max_results: int) -> tuple[bytes, str]:
    """Run a prepared query; (body, media type). Raises QueryError, ResultTooLarge, StoreError."""
    dataset = None
    if prepared.default_graphs is not None or prepared.named_graphs is not None:
        dataset = (list(prepared.default_graphs or ()), list(prepared.named_graphs or ()))
    body = store.query_serialized(prepared.text, prepared.media_type, max_results, union=prepared.union,
                                  dataset=dataset)
    return body, prepared.media_type
