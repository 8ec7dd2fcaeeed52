"""The embedded Oxigraph back-end of the Store protocol: on disk (crash-safe) or in memory.

pyoxigraph's own terms never leave this package: quads come in and results go out as neutral
terms (kg.store.terms), converted in kg.store.oxigraph_terms.

`state()` is a generation token kept in the store itself, in the kg-owned graph
`https://w3id.org/aigeo/graph/state`: every write through this class adds a random mark to it in
the same transaction as the write (so a crash can never change the content and keep the token),
and `flush()` folds the marks into one without changing the token. The graph is kg's own, like
the ontology's: `named_graphs`, `quad_count`, `quads` and `dump` leave it out; SPARQL sees it.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO

from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, Store, Variable, parse, serialize

from kg.core.errors import NoStore, QueryError, StoreError, UpdateNotAllowed
from kg.core.namespaces import AIG, GRAPH, PREFIXES
from kg.store import formats
from kg.store import terms as t
from kg.store.ntriples import nquads, ntriples
from kg.store.oxigraph_results import serialized
from kg.store.oxigraph_terms import ToOxigraph, from_oxigraph, param, plain, quads_from_oxigraph, triple_from_oxigraph

_AIG_CONTENT_HASH = NamedNode(str(AIG.contentHash))
_AIG_FINGERPRINT = NamedNode(str(AIG.pipelineFingerprint))
_AIG_SOURCE_PATH = NamedNode(str(AIG.sourcePath))
STATE_GRAPH = str(GRAPH["state"])
_STATE = NamedNode(STATE_GRAPH)
_MARK = NamedNode(STATE_GRAPH + "#mark")
_NO_MARKS = "0"
_N_QUADS = formats.rdf_format(formats.N_QUADS)
_CAPABILITIES = frozenset({"transactions", "named-graphs", "union-default-graph", "bulk-load", "dump"})  # an empty store, or one written before the marks existed


class OxigraphStore:
    """Embedded Oxigraph (pyoxigraph). `path=None` keeps everything in memory."""

    name = "oxigraph"

    def __init__(self, path: Path | None = None, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self.home = path  # an in-memory snapshot of a disk store takes that store's (kg.store.serving)
        # on disk, a RocksDB handle does not survive fork; in memory, nothing but the process is needed
        self.capabilities = _CAPABILITIES | {"reopen-after-fork" if path is not None else "in-memory"}
        try:
            if path is None:
                self._store = Store()
            elif read_only:
                if not (path / "CURRENT").exists():
                    raise NoStore(f"no store at {path}: run `kg build` first (or set KG_STORE_PATH)")
                self._store = Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    # ---- reading
    def _run(self, sparql: str, substitutions: dict[str, object] | None, union: bool,
             dataset: tuple[list[str], list[str]] | None):
        subs = {Variable(k): param(v) for k, v in (substitutions or {}).items()} or None
        graphs: dict[str, object] = {}
        if dataset is not None:
            union = False
            graphs = {"default_graph": [NamedNode(g) for g in dataset[0]],
                      "named_graphs": [NamedNode(g) for g in dataset[1]]}
        try:
            return self._store.query(sparql, use_default_graph_as_union=union, substitutions=subs, prefixes=PREFIXES,
                                     **graphs)
        except SyntaxError as exc:
            if _looks_like_update(sparql):
                raise UpdateNotAllowed("SPARQL updates are not accepted here: the endpoint is read-only") from None
            raise QueryError(f"malformed SPARQL: {' '.join(str(exc).split())}") from None  # one line
        except RuntimeError as exc:  # e.g. a substitution of a variable the query does not select
            raise QueryError(f"query cannot be run: {exc}") from None
        except OSError as exc:
            raise StoreError(f"store read failed: {exc}") from exc

    def query(self, sparql: str, substitutions: dict[str, object] | None = None, union: bool = True,
              dataset: tuple[list[str], list[str]] | None = None) -> t.QueryResult:
        """See kg.store.protocol.Store.query. Raises QueryError on bad syntax."""
        result = self._run(sparql, substitutions, union, dataset)
        if isinstance(result, QuerySolutions):
            n = range(len(result.variables))
            return t.Solutions((v.value for v in result.variables),
                               (tuple(from_oxigraph(sol[i]) for i in n) for sol in result))
        if isinstance(result, (bool, QueryBoolean)):
            return bool(result)
        return t.Triples(triple_from_oxigraph(tr) for tr in result)

    def select(self, sparql: str, substitutions: dict[str, object] | None = None) -> list[dict[str, object]]:
        result = self._run(sparql, substitutions, True, None)
        if not isinstance(result, QuerySolutions):
            raise QueryError("a SELECT query was expected")
        names = [v.value for v in result.variables]
        positions = range(len(names))
        return [dict(zip(names, [plain(sol[i]) for i in positions])) for sol in result]

    def query_serialized(self, sparql: str, media_type: str, max_results: int, union: bool = True,
                         dataset: tuple[list[str], list[str]] | None = None) -> bytes:
        return serialized(self._run(sparql, None, union, dataset), media_type, max_results)

    def state(self) -> str:
        marks = sorted(q.object.value for q in self._store.quads_for_pattern(_STATE, _MARK, None, _STATE))
        if not marks:
            return _NO_MARKS
        if len(marks) == 1:
            return marks[0]
        return hashlib.sha256("\n".join(marks).encode()).hexdigest()[:32]

    def article_state(self, article: str) -> tuple[str | None, str | None] | None:
        """(content hash, pipeline fingerprint) of a stored article, None when absent."""
        try:
            g = NamedNode(article)
        except ValueError:  # not even an IRI (e.g. a hostile API parameter): no such article
            return None
        if not self._store.contains_named_graph(g):
            return None
        h = next(self._store.quads_for_pattern(g, _AIG_CONTENT_HASH, None, g), None)
        f = next(self._store.quads_for_pattern(g, _AIG_FINGERPRINT, None, g), None)
        return (h.object.value if h else None, f.object.value if f else None)

    def articles_from_path(self, source_path: str) -> list[str]:
        """Graphs of articles that were read from this file (an edited file leaves its old graph here)."""
        return sorted({q.graph_name.value for q in self._store.quads_for_pattern(None, _AIG_SOURCE_PATH, Literal(source_path), None)
                       if isinstance(q.graph_name, NamedNode)})

    def article_sources(self) -> dict[str, str]:
        """Every stored article graph with the file it was read from."""
        return {q.graph_name.value: q.object.value
                for q in self._store.quads_for_pattern(None, _AIG_SOURCE_PATH, None, None)
                if isinstance(q.graph_name, NamedNode)}

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode) and g != _STATE)

    def quad_count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store) - sum(1 for _ in self._store.quads_for_pattern(None, None, None, _STATE))
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, NamedNode(graph)))

    def _native_quads(self, graph: str | None = None) -> Iterator[Quad]:
        if graph is not None:
            return self._store.quads_for_pattern(None, None, None, NamedNode(graph))
        return (q for q in self._store if q.graph_name != _STATE)

    def quads(self, graph: str | None = None) -> Iterator[t.Quad]:
        return quads_from_oxigraph(self._native_quads(graph))

    def dump(self, output: str | Path | IO[bytes], media_type: str, graph: str | None = None) -> None:
        """Write the whole dataset (or one graph) in `media_type`; a triples-only format gets the union."""
        fmt = formats.rdf_format(media_type)
        prefixes = formats.prefixes_for(media_type)
        if graph is not None:
            self._store.dump(output, format=fmt, from_graph=NamedNode(graph), prefixes=prefixes)
            return
        if fmt.supports_datasets:
            data = serialize(self._native_quads(), format=fmt, prefixes=prefixes)
        else:
            data = serialize({q.triple for q in self._native_quads()}, format=fmt, prefixes=prefixes)
        formats.write_out(output, data)

    # ---- writing
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def replace_graph(self, graph: str, quads: list[t.Quad], drop: Iterable[str] = ()) -> None:
        """Make `graph` hold exactly `quads` and remove the graphs in `drop`, in one transaction.

        Either all of it happens or none: a crash leaves the previous state.
        """
        self._check_writable()
        g = NamedNode(graph)
        drop = [NamedNode(d) for d in drop if d != graph]
        try:
            if not drop and not self._store.contains_named_graph(g):
                # one transaction; the terms were checked when built, so the parser need not check again
                text = nquads(quads) + _mark_line()
                self._store.load(text, format=_N_QUADS, lenient=True)
                return
            # DROP + INSERT DATA in one update request is one transaction in Oxigraph
            body = ntriples(quads)
            ops = [f"DROP SILENT GRAPH {d}" for d in [g, *drop]]
            if body:
                ops.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            self._store.update(" ;\n".join([*ops, *_new_mark_ops()]))
        except OSError as exc:
            raise StoreError(f"writing graph {graph} failed: {exc}") from exc

    def remove_graph(self, graph: str) -> None:
        self._check_writable()
        self._store.update(" ;\n".join([f"DROP SILENT GRAPH {NamedNode(graph)}", *_new_mark_ops()]))

    def load(self, source: str | Path | IO[bytes] | bytes, media_type: str, to_graph: str | None = None) -> None:
        """Load a serialisation into the store, all or nothing (the whole input is held in memory)."""
        self._check_writable()
        fmt = formats.rdf_format(media_type)
        parsed = parse(path=str(source), format=fmt) if isinstance(source, (str, Path)) else parse(source, format=fmt)
        if to_graph is not None and not fmt.supports_datasets:
            g = NamedNode(to_graph)
            parsed = (Quad(q.subject, q.predicate, q.object, g) for q in parsed)
        try:
            self._store.extend(chain(parsed, [_mark()]))  # one transaction, the mark with it
        except SyntaxError as exc:
            raise StoreError(f"cannot parse the input: {exc}") from None

    def bulk_load(self, path: str | Path, media_type: str) -> None:
        """Load a big file fast and without a transaction (for filling a new store)."""
        self._check_writable()
        self._store.bulk_load(path=str(path), format=formats.rdf_format(media_type))
        self._store.extend([_mark()])

    def bulk_extend(self, quads: Iterable[t.Quad]) -> None:
        """Add quads without a transaction (for filling a new store)."""
        self._check_writable()
        to = ToOxigraph()
        self._store.bulk_extend(chain((to.quad(q) for q in quads), [_mark()]))

    def copy_from(self, other: "OxigraphStore") -> None:
        """Every quad of `other` (its state marks too, so both give the same `state()`), without a transaction."""
        self._check_writable()
        self._store.bulk_extend(other._store)

    def flush(self) -> None:
        """Write buffered data to disk, and fold the state marks into one (the token stays the same)."""
        if self.read_only:
            return
        marks = sum(1 for _ in self._store.quads_for_pattern(_STATE, _MARK, None, _STATE))
        if marks > 1:
            self._store.update(" ;\n".join(_mark_ops(self.state())))
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mark() -> Quad:
    return Quad(_STATE, _MARK, Literal(uuid.uuid4().hex), _STATE)


def _mark_line() -> str:
    return f'{_STATE} {_MARK} "{uuid.uuid4().hex}" {_STATE} .\n'


def _mark_ops(token: str) -> list[str]:
    """SPARQL update operations that leave exactly one mark, `token` (hex: safe in a literal)."""
    assert re.fullmatch(r"[0-9a-f]+", token), token
    return [f"DROP SILENT GRAPH {_STATE}", f'INSERT DATA {{ GRAPH {_STATE} {{ {_STATE} {_MARK} "{token}" }} }}']


def _new_mark_ops() -> list[str]:
    return _mark_ops(uuid.uuid4().hex)


def _looks_like_update(sparql: str) -> bool:
    body = re.sub(r"(?im)^\s*(PREFIX|BASE)\s+[^\n]*$", "", sparql)
    body = re.sub(r"#[^\n]*", "", body)
    return bool(re.match(r"\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body, re.I))
