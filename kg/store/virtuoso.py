"""The Virtuoso back-end of the Store protocol: a SPARQL server reached over HTTP (kg.store.virtuoso_http).

Writes. Every write is ONE SPARQL 1.1 Update request to `/sparql-auth`: an article's graph is replaced by
`DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }` followed, in the same request, by the new
state mark. Virtuoso compiles the whole request first (a syntax error runs nothing) and runs its
operations in one SQL transaction, committed at the end of the request (its answer ends
"Commit -- done") and rolled back when one fails, so a reader sees the old graph or the new one. That is
what makes a request the unit; two requests are never atomic together (the Graph Store Protocol's PUT is
a separate request per graph and could not carry the state mark, so it is not used). Virtuoso 7.2
refuses blank nodes in INSERT DATA: quads with blank nodes go in an `INSERT { ... } WHERE {}` of the same
request, whose template gives each label one new node. `bulk_load` sends chunks of quads, one request
each, without a transaction across them (blank-node quads all in the last request, so a node is never
split).

State. As in kg.store.oxigraph: marks in the kg-owned graph `https://w3id.org/aigeo/graph/state`,
replaced by a new random mark in the request of every write; `named_graphs`, `quad_count`, `quads` and
`dump` leave the graph out.

Reads. Virtuoso's default graph is the union of every graph it holds, its own system graphs too
(`virtrdf#`: ~2,500 triples of quad-map metadata, and two small ones, SYSTEM_GRAPHS). They are left out
of `named_graphs`, `quad_count`, `quads` and `dump`, but a query over the union sees them (a pattern on
kg's own predicates never matches them). Virtuoso's `define input:default-graph-exclude` would hide them,
but in 7.2.5 it also empties every `GRAPH <iri> { }` pattern (checked), so it is not used. Queries from outside are refused when they carry Virtuoso's own pragmas or
built-in functions (kg.store.virtuoso_sparql.refuse_extensions) and go to the anonymous read-only
endpoint, where the server's `nobody` user can neither update nor sponge (fetch the web).
"""
from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO

from pyoxigraph import parse as _parse

from kg.core.errors import QueryError, StoreError
from kg.core.namespaces import AIG, GRAPH
from kg.store import formats
from kg.store import terms as t
from kg.store.oxigraph import STATE_GRAPH
from kg.store.oxigraph_terms import quad_from_oxigraph
from kg.store.virtuoso_http import VirtuosoClient
from kg.store.virtuoso_results import iri, read_json, read_triples, serialized_boolean, serialized_solutions, serialized_triples
from kg.store.virtuoso_sparql import (literal_text, query_form, refuse_extensions, term_text, with_prefixes,
                                      with_values, without_dataset)

SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/sparql")
DEFAULT_GRAPH = str(GRAPH["default"])  # Virtuoso has no unnamed graph: what kg loads into "the default graph"
EMPTY_GRAPH = str(GRAPH["empty"])  # never written: an empty default graph for a protocol dataset
_HIDDEN = frozenset({*SYSTEM_GRAPHS, STATE_GRAPH})
_MARK = STATE_GRAPH + "#mark"
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
PAGE = 10_000  # rows per read: under Virtuoso's ResultSetMaxRows in its shipped configuration
CHUNK = 20_000  # quads per bulk-load request
_CAPABILITIES = frozenset({"transactions", "named-graphs", "union-default-graph", "bulk-load", "dump"})


class VirtuosoStore:
    """A Virtuoso Open Source 7 server holding kg's graphs (see the module docstring)."""

    name = "virtuoso"
    capabilities = _CAPABILITIES
    home: Path | None = None  # no local folder: the read index is rebuilt by each process

    def __init__(self, url: str, user: str, password: str, read_only: bool = False, timeout_s: float = 600.0):
        self.read_only = read_only
        self._client = VirtuosoClient(url, user, password, timeout_s)
        self._client.query("ASK { }", _JSON)  # reachable now rather than at the first use

    # ---- reading
    def _read(self, sparql: str, substitutions: dict[str, object] | None = None,
              dataset: tuple[list[str], list[str]] | None = None, accept: str | None = None):
        refuse_extensions(sparql)
        form = query_form(sparql)
        text = with_prefixes(with_values(sparql, substitutions or {}))
        graphs: dict[str, list[str]] = {}
        if dataset is not None:
            text = without_dataset(text)
            graphs = {"default_graphs": list(dataset[0]) or [EMPTY_GRAPH],
                      "named_graphs": list(dataset[1]) or [EMPTY_GRAPH]}
            for g in (*graphs["default_graphs"], *graphs["named_graphs"]):
                t.IRI(g)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        body = self._client.query(text, accept or (_NTRIPLES if graph_form else _JSON), **graphs)
        return read_triples(body) if graph_form else read_json(body)

    def query(self, sparql: str, substitutions: dict[str, object] | None = None, union: bool = True,
              dataset: tuple[list[str], list[str]] | None = None) -> t.QueryResult:
        """See kg.store.protocol.Store.query. Without `union` and `dataset` the query's own FROM decides."""
        result = self._read(sparql, substitutions, dataset)
        if isinstance(result, bool):
            return result
        if isinstance(result, list):
            return t.Triples(result)
        return t.Solutions(*result)

    def select(self, sparql: str, substitutions: dict[str, object] | None = None) -> list[dict[str, object]]:
        result = self._read(sparql, substitutions)
        if not isinstance(result, tuple):
            raise QueryError("a SELECT query was expected")
        names, rows = result
        value = t.python_value
        return [dict(zip(names, [value(x) for x in row])) for row in rows]

    def query_serialized(self, sparql: str, media_type: str, max_results: int, union: bool = True,
                         dataset: tuple[list[str], list[str]] | None = None) -> bytes:
        result = self._read(sparql, None, dataset)
        if isinstance(result, bool):
            return serialized_boolean(result, media_type)
        if isinstance(result, list):
            return serialized_triples(result, media_type, max_results)
        return serialized_solutions(*result, media_type, max_results)

    def _rows(self, sparql: str) -> list[tuple]:
        return self._read(sparql)[1]

    def state(self) -> str:
        marks = sorted(r[0].value for r in self._rows(f"SELECT ?m WHERE {{ GRAPH <{STATE_GRAPH}> {{ <{STATE_GRAPH}> <{_MARK}> ?m }} }}"))
        if not marks:
            return "0"
        if len(marks) == 1:
            return marks[0]
        return hashlib.sha256("\n".join(marks).encode()).hexdigest()[:32]

    def article_state(self, article: str) -> tuple[str | None, str | None] | None:
        try:
            g = t.IRI(article).n3()
        except ValueError:
            return None
        rows = self._rows(f"SELECT ?h ?f WHERE {{ {{ SELECT ?x WHERE {{ GRAPH {g} {{ ?x ?p ?o }} }} LIMIT 1 }} "
                          f"OPTIONAL {{ GRAPH {g} {{ {g} <{AIG.contentHash}> ?h }} }} "
                          f"OPTIONAL {{ GRAPH {g} {{ {g} <{AIG.pipelineFingerprint}> ?f }} }} }}")
        if not rows:
            return None
        h, f = rows[0]
        return (h.value if h else None, f.value if f else None)

    def articles_from_path(self, source_path: str) -> list[str]:
        rows = self._rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a <{AIG.sourcePath}> {literal_text(source_path)} }} }}")
        return sorted(r[0].value for r in rows if type(r[0]) is t.IRI)

    def article_sources(self) -> dict[str, str]:
        rows = self._paged(f"SELECT ?g ?p WHERE {{ GRAPH ?g {{ ?a <{AIG.sourcePath}> ?p }} }} ORDER BY ?g ?p")
        return {g.value: p.value for g, p in rows if type(g) is t.IRI}

    def _paged(self, sparql: str) -> Iterator[tuple]:
        """The rows of an ORDERed query, PAGE at a time (Virtuoso cuts an answer at ResultSetMaxRows)."""
        offset = 0
        while True:
            rows = self._rows(f"{sparql} LIMIT {PAGE} OFFSET {offset}")
            yield from rows
            if len(rows) < PAGE:
                return
            offset += PAGE

    def _graph_sizes(self) -> dict[str, int]:
        rows = self._rows("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {g.value: int(n.value) for g, n in rows if g.value not in _HIDDEN}

    def named_graphs(self) -> list[str]:
        return sorted(g for g in self._graph_sizes() if g != DEFAULT_GRAPH)

    def quad_count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self._graph_sizes().values())
        rows = self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {t.IRI(graph).n3()} {{ ?s ?p ?o }} }}")
        return int(rows[0][0].value)

    def quads(self, graph: str | None = None) -> Iterator[t.Quad]:
        sizes = self._graph_sizes()
        if graph is not None:
            sizes = {graph: sizes.get(t.IRI(graph).value, 0)}
        batch: list[str] = []
        rows = 0
        for g, n in sorted(sizes.items()):
            if n > PAGE:
                yield from self._big_graph(g)
                continue
            if rows + n > PAGE and batch:
                yield from self._graphs(batch)
                batch, rows = [], 0
            batch.append(g)
            rows += n
        if batch:
            yield from self._graphs(batch)

    def _graphs(self, graphs: list[str]) -> Iterator[t.Quad]:
        values = " ".join(f"<{g}>" for g in graphs)
        for g, s, p, o in self._rows(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"):
            yield t.Quad(s, p, o, None if g.value == DEFAULT_GRAPH else g)

    def _big_graph(self, graph: str) -> Iterator[t.Quad]:
        g = iri(graph)
        for s, p, o in self._paged(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o"):
            yield t.Quad(s, p, o, None if graph == DEFAULT_GRAPH else g)

    def dump(self, output: str | Path | IO[bytes], media_type: str, graph: str | None = None) -> None:
        """Write the whole dataset (or one graph's triples) in `media_type`; a triples-only format gets the union."""
        quads = list(self.quads(graph))
        if graph is not None or not formats.supports_datasets(media_type):
            data = formats.serialize(list(dict.fromkeys(q.triple for q in quads)), media_type)
        else:
            data = formats.serialize(quads, media_type)
        formats.write_out(output, data)

    # ---- writing
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def _update(self, operations: list[str]) -> None:
        """One request: the operations, then a new state mark; one transaction in Virtuoso."""
        mark = uuid.uuid4().hex
        self._client.update(" ;\n".join([*operations, f"DROP SILENT GRAPH <{STATE_GRAPH}>",
                                         f'INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ <{STATE_GRAPH}> <{_MARK}> "{mark}" }} }}']))

    def replace_graph(self, graph: str, quads: list[t.Quad], drop: Iterable[str] = ()) -> None:
        """Make `graph` hold exactly `quads` and remove the graphs in `drop`, in one request (one transaction)."""
        self._check_writable()
        g = t.IRI(graph).n3()
        drops = [t.IRI(d).n3() for d in drop if d != graph]
        inserts = _inserts(g, quads)  # raises TypeError for a non-quad before anything is sent
        self._update([*(f"DROP SILENT GRAPH {d}" for d in [g, *drops]), *inserts])

    def remove_graph(self, graph: str) -> None:
        self._check_writable()
        self._update([f"DROP SILENT GRAPH {t.IRI(graph).n3()}"])

    def load(self, source: str | Path | IO[bytes] | bytes, media_type: str, to_graph: str | None = None) -> None:
        """Add a serialisation in one request (all or nothing; the whole input is held in memory)."""
        self._check_writable()
        fmt = formats.rdf_format(media_type)
        try:
            parsed = list(_parse(path=str(source), format=fmt) if isinstance(source, (str, Path))
                          else _parse(source, format=fmt))
        except SyntaxError as exc:
            raise StoreError(f"cannot parse the input: {exc}") from None
        default = to_graph if to_graph is not None and not fmt.supports_datasets else DEFAULT_GRAPH
        self._update(_grouped_inserts((quad_from_oxigraph(q) for q in parsed), default))

    def bulk_load(self, path: str | Path, media_type: str) -> None:
        """Add a big file in requests of CHUNK quads, without a transaction (for filling a new store)."""
        self._check_writable()
        blank: list[t.Quad] = []
        parsed = (quad_from_oxigraph(q) for q in _parse(path=str(path), format=formats.rdf_format(media_type)))
        while chunk := list(islice(parsed, CHUNK)):
            named = [q for q in chunk if not _has_blank(q)]
            blank += [q for q in chunk if _has_blank(q)]
            if named:
                self._client.update(" ;\n".join(_grouped_inserts(named, DEFAULT_GRAPH)))
        self._update(_grouped_inserts(blank, DEFAULT_GRAPH))

    def flush(self) -> None:
        """Nothing to do: the server commits each request and checkpoints on its own."""

    def close(self) -> None:
        pass

    def __enter__(self) -> "VirtuosoStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _has_blank(q: t.Quad) -> bool:
    return type(q.subject) is t.BlankNode or type(q.object) is t.BlankNode


def _triples_text(quads: Iterable[t.Quad]) -> tuple[str, str]:
    """(lines without blank nodes, lines with) of the quads' triples; TypeError for anything not a quad."""
    plain, blank = [], []
    for q in quads:
        if not isinstance(q, tuple) or len(q) < 3:
            raise TypeError(f"not a quad: {q!r}")
        line = f"{term_text(q[0])} {term_text(q[1])} {term_text(q[2])} ."
        (blank if _has_blank(q) else plain).append(line)
    return "\n".join(plain), "\n".join(blank)


# Triples per INSERT DATA operation: Virtuoso 7.2's SPARQL parser runs out of stack ("SP030 memory
# exhausted") on one operation of some thousands of triples (the actors gazetteer graph), so a big graph
# is written as several operations of one request, which stays one transaction.
OPERATION_TRIPLES = 1_000


def _inserts(g: str, quads: Iterable[t.Quad]) -> list[str]:
    plain, blank = _triples_text(quads)
    ops = []
    lines = plain.split("\n") if plain else []
    for i in range(0, len(lines), OPERATION_TRIPLES):
        body = "\n".join(lines[i:i + OPERATION_TRIPLES])
        ops.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
    if blank:  # Virtuoso 7.2: "Blank node ... is not allowed in a constant clause"
        ops.append(f"INSERT {{ GRAPH {g} {{\n{blank}\n}} }} WHERE {{ }}")
    return ops


def _grouped_inserts(quads: Iterable[t.Quad], default: str) -> list[str]:
    by_graph: dict[str, list[t.Quad]] = defaultdict(list)
    for q in quads:
        by_graph[default if q.graph is None else q.graph.value].append(q)
    return [op for g, qs in by_graph.items() for op in _inserts(f"<{g}>", qs)]
