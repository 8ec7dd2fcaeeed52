"""The store behind a small interface, chosen by a setting; an article is written all-or-nothing.

Back-ends are registered by name in STORES and declare their capabilities. The embedded
Oxigraph store is the default: on disk (crash-safe, one transaction per article) or in memory.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Variable,
    serialize,
)

from kg.core.errors import QueryError, StoreError, UpdateNotAllowed
from kg.core.namespaces import AIG, PREFIXES
from kg.core.settings import Settings

# Graph names written by `kg` itself rather than by articles.
_AIG_CONTENT_HASH = NamedNode(str(AIG.contentHash))
_AIG_FINGERPRINT = NamedNode(str(AIG.pipelineFingerprint))
_AIG_SOURCE_PATH = NamedNode(str(AIG.sourcePath))

QueryResult = QuerySolutions | QueryTriples | QueryBoolean | bool


class OxigraphStore:
    """Embedded Oxigraph (pyoxigraph). `path=None` keeps everything in memory."""

    name = "oxigraph"
    capabilities = frozenset({"transactions", "named-graphs", "union-default-graph", "bulk-load", "dump"})

    def __init__(self, path: Path | None = None, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self._store = Store()
            elif read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(f"no store at {path}: run `kg build` first (or set KG_STORE_PATH)")
                self._store = Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    # ---- reading
    def query(self, sparql: str, substitutions: dict[str, object] | None = None, union: bool = True,
              dataset: tuple[list[str], list[str]] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs. Raises QueryError on bad syntax.

        `dataset` (default graphs, named graphs) replaces the query's own FROM / FROM NAMED, as the
        SPARQL protocol's default-graph-uri / named-graph-uri do; `union=False` lets a query's FROM
        decide (without FROM its default graph is then the store's empty default graph).
        """
        subs = {Variable(k): _term(v) for k, v in (substitutions or {}).items()} or None
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
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def quad_count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, NamedNode(graph)))

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        return self._store.quads_for_pattern(None, None, None, NamedNode(graph) if graph else None)

    # ---- writing
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def replace_graph(self, graph: str, quads: list[Quad], drop: Iterable[str] = ()) -> None:
        """Make `graph` hold exactly `quads` and remove the graphs in `drop`, in one transaction.

        Either all of it happens or none: a crash leaves the previous state.
        """
        self._check_writable()
        drop = [d for d in drop if d != graph]
        g = NamedNode(graph)
        try:
            if not drop and not self._store.contains_named_graph(g):
                self._store.extend(quads)  # one transaction
                return
            # DROP + INSERT DATA in one update request is one transaction in Oxigraph
            body = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES).decode("utf-8") if quads else ""
            ops = [f"DROP SILENT GRAPH <{d}>" for d in [graph, *drop]]
            if body:
                ops.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
            self._store.update(" ;\n".join(ops))
        except OSError as exc:
            raise StoreError(f"writing graph {graph} failed: {exc}") from exc

    def remove_graph(self, graph: str) -> None:
        self._check_writable()
        self._store.update(f"DROP SILENT GRAPH <{NamedNode(graph).value}>")

    def load(self, source: str | Path | IO[bytes], format: RdfFormat, to_graph: str | None = None) -> None:
        """Load a serialisation (all-or-nothing for small inputs) into the store."""
        self._check_writable()
        try:
            self._store.load(source, format=format, to_graph=NamedNode(to_graph) if to_graph else None)
        except SyntaxError as exc:
            raise StoreError(f"cannot parse the input: {exc}") from None

    def bulk_load(self, path: str | Path, format: RdfFormat) -> None:
        self._check_writable()
        self._store.bulk_load(path=str(path), format=format)

    def bulk_extend(self, quads: Iterable[Quad]) -> None:
        """Add quads without a transaction (for filling a new store, e.g. an in-memory snapshot)."""
        self._check_writable()
        self._store.bulk_extend(quads)

    def dump(self, output: str | Path | IO[bytes], format: RdfFormat, graph: str | None = None) -> None:
        """Write the whole dataset (or one graph) in `format`."""
        from_graph = NamedNode(graph) if graph else None
        if from_graph is None and not format.supports_datasets:
            # a triples-only format gets the union of all graphs
            triples = {q.triple for q in self._store}
            data = serialize(triples, format=format, prefixes=PREFIXES)
            if hasattr(output, "write"):
                output.write(data)
            else:
                Path(output).write_bytes(data)
            return
        self._store.dump(output, format=format, from_graph=from_graph, prefixes=PREFIXES if format != RdfFormat.N_QUADS and format != RdfFormat.N_TRIPLES else None)

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _term(v: object) -> NamedNode | Literal:
    if isinstance(v, (NamedNode, Literal)):
        return v
    if isinstance(v, bool):
        return Literal("true" if v else "false", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(v, int):
        return Literal(str(v), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return Literal(str(v))


def _looks_like_update(sparql: str) -> bool:
    import re

    body = re.sub(r"(?im)^\s*(PREFIX|BASE)\s+[^\n]*$", "", sparql)
    body = re.sub(r"#[^\n]*", "", body)
    return bool(re.match(r"\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body, re.I))


def _memory(settings: Settings, read_only: bool) -> OxigraphStore:
    return OxigraphStore(None)


def _oxigraph(settings: Settings, read_only: bool) -> OxigraphStore:
    return OxigraphStore(Path(settings.store_path), read_only=read_only)


STORES = {"oxigraph": _oxigraph, "memory": _memory}


def open_store(settings: Settings, read_only: bool = False) -> OxigraphStore:
    """The store the settings name. Raises StoreError if it cannot be opened."""
    try:
        factory = STORES[settings.store]
    except KeyError:
        raise StoreError(f"unknown store {settings.store!r}; known: {', '.join(STORES)}") from None
    return factory(settings, read_only)


def delete_store(settings: Settings) -> None:
    """Remove the on-disk store (used by `kg build --fresh`)."""
    p = Path(settings.store_path)
    if p.exists():
        shutil.rmtree(p)


__all__ = ["OxigraphStore", "STORES", "open_store", "delete_store", "QueryResult", "DefaultGraph"]
