"""The store behind a small interface, chosen by a setting; an article is written all-or-nothing.

Back-ends are registered by name in STORES and declare their capabilities. The embedded
Oxigraph store is the default: on disk (crash-safe, one transaction per article) or in memory.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
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
        self.origin_path: Path | None = None  # the disk store an in-memory snapshot was copied from
        self._writes = 0  # writes through this handle (the in-memory store's state)
        self._memory_id = uuid.uuid4().hex
        self._fixed_state: str | None = None
        before = _files_state(path) if path is not None and read_only else None
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
        if path is not None and read_only:
            # a read-only handle sees the store as it was when opened, so its state is the one at opening;
            # a write that lands while it opens makes the state unique (nothing keyed by it is reused)
            after = _files_state(path)
            self._fixed_state = before if before == after else f"changing:{uuid.uuid4().hex}"

    # ---- the state token
    def state(self) -> str:
        """A token that changes whenever the store's content may have changed (cheap: no quad is read).

        On disk it is a digest of RocksDB's own files (names, sizes, modification times): every write,
        through this class or any other path, appends to the write-ahead log or replaces files, while
        reading changes none of them (a read-write handle's background compaction may, which only costs
        a rebuild). A read-only handle keeps the state it opened. In memory it counts
        the writes through this handle; a snapshot copied from disk keeps the state of its origin until
        written to. A read-write open that writes nothing may change it too (harmless: only a cache is
        rebuilt). Caches of what was read (kg.read.read_index) are keyed by it.
        """
        if self._fixed_state is not None:
            return self._fixed_state
        if self.path is not None:
            return _files_state(self.path)
        return f"memory:{self._memory_id}:{self._writes}"

    def copied_from(self, origin: "OxigraphStore") -> None:
        """Mark this in-memory store as a snapshot of `origin` (same content, so the same state)."""
        self._fixed_state = origin.state()
        self.origin_path = origin.path

    def _written(self) -> None:
        self._writes += 1
        if self.path is None:
            self._fixed_state = None  # a written snapshot no longer has its origin's content

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
        self._written()
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
        self._written()
        self._store.update(f"DROP SILENT GRAPH <{NamedNode(graph).value}>")

    def load(self, source: str | Path | IO[bytes], format: RdfFormat, to_graph: str | None = None) -> None:
        """Load a serialisation (all-or-nothing for small inputs) into the store."""
        self._check_writable()
        self._written()
        try:
            self._store.load(source, format=format, to_graph=NamedNode(to_graph) if to_graph else None)
        except SyntaxError as exc:
            raise StoreError(f"cannot parse the input: {exc}") from None

    def bulk_load(self, path: str | Path, format: RdfFormat) -> None:
        self._check_writable()
        self._written()
        self._store.bulk_load(path=str(path), format=format)

    def bulk_extend(self, quads: Iterable[Quad]) -> None:
        """Add quads without a transaction (for filling a new store, e.g. an in-memory snapshot)."""
        self._check_writable()
        self._written()
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


# RocksDB's files that hold content (tables, write-ahead logs, manifests, the CURRENT pointer); LOG*,
# LOCK, OPTIONS* and anything kg keeps beside them (the read index) are not content.
_CONTENT_FILES = re.compile(r"(\d+\.(sst|log|blob)|MANIFEST-\d+|CURRENT|IDENTITY)")


def _files_state(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with os.scandir(path) as entries:
            for e in sorted(entries, key=lambda e: e.name):
                if _CONTENT_FILES.fullmatch(e.name):
                    st = e.stat()
                    h.update(f"{e.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    except OSError:
        return f"unreadable:{uuid.uuid4().hex}"
    return "rocksdb:" + h.hexdigest()[:32]


def _term(v: object) -> NamedNode | Literal:
    if isinstance(v, (NamedNode, Literal)):
        return v
    if isinstance(v, bool):
        return Literal("true" if v else "false", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(v, int):
        return Literal(str(v), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return Literal(str(v))


def _looks_like_update(sparql: str) -> bool:
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
