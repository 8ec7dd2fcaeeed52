"""The SPARQL 1.1 Protocol without HTTP: query form, read-only check, limits, content negotiation.

`run_protocol_query` takes the query text and the client's Accept header and returns the
serialised answer and its media type, or raises a kg.errors error (UpdateNotAllowed, QueryError,
QueryTimeout, ResultTooLarge, NotAcceptable) that the API maps to an HTTP status.
"""
from __future__ import annotations

import re
import threading
import traceback
from dataclasses import dataclass

from pyoxigraph import (
    DefaultGraph,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse_query_results,
    serialize,
)

from .errors import QueryError, QueryTimeout, ResultTooLarge, UpdateNotAllowed
from .namespaces import PREFIXES
from .store import OxigraphStore

MAX_QUERY_CHARS = 100_000
RESULT_FORMATS = (QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.CSV, QueryResultsFormat.TSV)
GRAPH_FORMATS = (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML, RdfFormat.N_QUADS,
                 RdfFormat.TRIG)
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
    results: QueryResultsFormat | None = None
    graph: RdfFormat | None = None


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
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    for media in _accept_ranges(accept):
        if media in ("*/*", "application/*") or (media == "text/*" and graph):
            fmt = formats[0]
        elif media.endswith("/*"):
            family = media[:-1]
            fmt = next((f for f in formats if f.media_type.startswith(family)), None)
        else:
            fmt = (RdfFormat if graph else QueryResultsFormat).from_media_type(media)
            if fmt not in formats:
                fmt = None
        if fmt is not None:
            return Negotiated(fmt.media_type, graph=fmt) if graph else Negotiated(fmt.media_type, results=fmt)
    offered = [f.media_type for f in formats]
    raise NotAcceptable(f"cannot answer a {form} query as {accept!r}; acceptable: {', '.join(offered)}", offered)


class _Limits:
    """Shared between the request and its worker: the worker stops pulling results once cancelled."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self.done = threading.Event()
        self.result: tuple[bytes, str] | None = None
        self.error: BaseException | None = None


# Workers still running a query whose client has given up (see run_protocol_query). Bounded, so
# runaway queries cannot pile up and starve the machine.
MAX_WORKERS = 4
_workers = threading.BoundedSemaphore(MAX_WORKERS)


def run_protocol_query(store: OxigraphStore, text: str, accept: str | None, timeout_s: float,
                       max_results: int) -> tuple[bytes, str]:
    """Run a read-only query within a time limit and a result-size limit; (body, media type).

    pyoxigraph has no timeout argument and a query cannot be interrupted from outside. Oxigraph
    evaluates lazily and releases the GIL while it works, so the query runs in a worker thread
    that pulls results one at a time and checks a cancellation flag between them; the caller
    waits at most `timeout_s` and then raises QueryTimeout and sets the flag. A query stuck in one
    long step (a big join or aggregate before its first row) keeps its worker until that step
    ends; at most MAX_WORKERS such workers exist, beyond that new queries are refused at once.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters")
    form = query_form(text)
    if form == "UPDATE":
        raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
    fmt = negotiate(accept, form)
    if not _workers.acquire(blocking=False):
        raise QueryTimeout("the server is busy finishing earlier queries that ran past their time limit; retry later")
    limits = _Limits()

    def work() -> None:
        try:
            limits.result = _evaluate(store, text, fmt, max_results, limits)
        except BaseException as exc:  # handed to the waiting request
            # pyoxigraph results may only be dropped on the thread that made them: clear the
            # traceback's frames here rather than in the request's thread
            traceback.clear_frames(exc.__traceback__)
            limits.error = exc
        finally:
            limits.done.set()
            _workers.release()

    threading.Thread(target=work, name="sparql-query", daemon=True).start()
    if not limits.done.wait(timeout_s):
        limits.cancelled.set()
        raise QueryTimeout(f"the query ran longer than the {timeout_s:g} s limit and was stopped")
    if limits.error is not None:
        raise limits.error
    assert limits.result is not None
    return limits.result


def _evaluate(store: OxigraphStore, text: str, fmt: Negotiated, max_results: int, limits: _Limits) -> tuple[bytes, str]:
    result = store.query(text)
    if isinstance(result, (bool, QueryBoolean)):
        return _boolean(bool(result), fmt), fmt.media_type
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        # rows are re-encoded as TSV (terms in N-Triples syntax, so nothing is lost) while counting,
        # then parsed back and written in the negotiated format by pyoxigraph's own serialiser
        lines = ["\t".join("?" + v for v in variables)]
        for n, solution in enumerate(result, 1):
            if limits.cancelled.is_set():
                raise QueryTimeout("cancelled")
            if n > max_results:
                raise ResultTooLarge(f"the query returns more than {max_results} rows; add a LIMIT or narrow it")
            lines.append("\t".join("" if solution[v] is None else str(solution[v]) for v in variables))
        parsed = parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), QueryResultsFormat.TSV)
        return parsed.serialize(format=fmt.results), fmt.media_type
    quads = []
    for n, triple in enumerate(result, 1):
        if limits.cancelled.is_set():
            raise QueryTimeout("cancelled")
        if n > max_results:
            raise ResultTooLarge(f"the query returns more than {max_results} triples; add a LIMIT or narrow it")
        quads.append(Quad(triple.subject, triple.predicate, triple.object, DefaultGraph()))
    data = quads if fmt.graph.supports_datasets else [q.triple for q in quads]
    return serialize(data, format=fmt.graph, prefixes=PREFIXES if fmt.graph.name not in ("N-Triples", "N-Quads") else None), fmt.media_type


def _boolean(value: bool, fmt: Negotiated) -> bytes:
    if fmt.results in (QueryResultsFormat.CSV, QueryResultsFormat.TSV):
        return b"true\n" if value else b"false\n"
    parsed = parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"), QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.results)
