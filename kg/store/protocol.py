"""The Store protocol: everything kg asks of a back-end, in neutral terms (kg.store.terms) and media types.

A back-end is registered by name in kg.store.STORES and chosen by the `store` setting; callers type
against `Store` and never name a back-end. Every value crossing this interface is a neutral term,
a plain Python value, a media type string or bytes, so a server back-end (Virtuoso over the SPARQL
1.1 Protocol and the Graph Store Protocol) can be added without touching a module outside kg/store.

Errors (kg.core.errors): QueryError for a query that cannot be run (malformed, bad parameter),
UpdateNotAllowed for an update given to a read method, StoreError for the store itself failing
(cannot open, read-only, I/O). An invalid IRI given as a graph or parameter raises ValueError.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from kg.store.terms import Quad, QueryResult

# What a back-end may declare in `capabilities`; callers check these rather than the back-end's name.
CAPABILITIES = frozenset({
    "transactions",  # replace_graph / remove_graph / load are all-or-nothing
    "named-graphs",  # one graph per article
    "union-default-graph",  # query(union=True): the default graph is the union of all graphs
    "bulk-load",  # bulk_load: fast, not transactional (for filling a new store)
    "dump",  # dump of the whole dataset
    "reopen-after-fork",  # the handle does not survive fork: a child process opens the store again
    "in-memory",  # holds everything in the process: needs no file or socket once open
})

# Parameters bound into a query: neutral terms, or plain values (str -> string literal, int, bool).
Params = dict[str, object]
# (default graphs, named graphs) given by the SPARQL protocol: they replace the query's FROM / FROM NAMED.
Dataset = tuple[list[str], list[str]]


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article, the shared actors graph and the ontology."""

    name: str
    capabilities: frozenset[str]
    read_only: bool
    # a local directory kg may keep derived files in beside the store (the persisted read index),
    # None when there is none (an in-memory store of its own, a server back-end without a cache folder)
    home: Path | None

    # ---- reading
    def query(self, sparql: str, substitutions: Params | None = None, union: bool = True,
              dataset: Dataset | None = None) -> QueryResult:
        """Solutions (SELECT), Triples (CONSTRUCT, DESCRIBE) or a bool (ASK), in neutral terms.

        `substitutions` bind variables (never pasted into the text); `union` makes the default
        graph the union of all graphs; `dataset` replaces the query's own FROM / FROM NAMED.
        """
        ...

    def select(self, sparql: str, substitutions: Params | None = None) -> list[dict[str, object]]:
        """A SELECT's rows over the union of all graphs as plain Python values (IRIs and strings as
        str, numbers as int/float, booleans as bool, blank nodes as `_:id`, unbound as None).

        The hot read path (named queries): back-ends convert from their own terms in one step.
        """
        ...

    def query_serialized(self, sparql: str, media_type: str, max_results: int, union: bool = True,
                         dataset: Dataset | None = None) -> bytes:
        """The answer written in `media_type` (a SPARQL results format for SELECT / ASK, an RDF format
        for CONSTRUCT / DESCRIBE), as the SPARQL protocol returns it. Raises ResultTooLarge past
        `max_results` rows or triples."""
        ...

    def state(self) -> str:
        """A token that changes whenever the store's content changes (and only then, but for rare
        spurious changes): the key of anything derived from the content and kept across runs."""
        ...

    def article_state(self, article: str) -> tuple[str | None, str | None] | None:
        """(content hash, pipeline fingerprint) of a stored article, None when absent or not an IRI."""
        ...

    def articles_from_path(self, source_path: str) -> list[str]:
        """Graphs of articles that were read from this file."""
        ...

    def article_sources(self) -> dict[str, str]:
        """Every stored article graph with the file it was read from."""
        ...

    def named_graphs(self) -> list[str]:
        """The named graphs holding data (sorted IRIs)."""
        ...

    def quad_count(self, graph: str | None = None) -> int:
        """Quads of one graph, or of the whole dataset."""
        ...

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """The quads of one graph, or of the whole dataset."""
        ...

    def dump(self, output: str | Path | IO[bytes], media_type: str, graph: str | None = None) -> None:
        """Write the dataset (or one graph's triples) in `media_type`; a triples-only format gets the union."""
        ...

    # ---- writing (StoreError when read-only)
    def replace_graph(self, graph: str, quads: list[Quad], drop: Iterable[str] = ()) -> None:
        """Make `graph` hold exactly `quads` and remove the graphs in `drop`, all or nothing."""
        ...

    def remove_graph(self, graph: str) -> None:
        ...

    def load(self, source: str | Path | IO[bytes] | bytes, media_type: str, to_graph: str | None = None) -> None:
        """Add a serialisation (a file path, a binary stream or bytes) to the store, all or nothing;
        triples go to `to_graph` (default graph when None). StoreError for input that does not parse."""
        ...

    def bulk_load(self, path: str | Path, media_type: str) -> None:
        """Add a big file fast, without a transaction (for filling a new store)."""
        ...

    def flush(self) -> None:
        ...

    def close(self) -> None:
        ...

    def __enter__(self) -> "Store":
        ...

    def __exit__(self, *exc: object) -> None:
        ...
