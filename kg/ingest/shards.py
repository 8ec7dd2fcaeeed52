"""N-Quads shards: how a Dask worker sends an article's quads back to the client that writes them.

Plain bytes pickle cheaply and mean the same on every engine; the client turns them back into the
neutral quads (kg.store.terms) the store writes.
"""
from __future__ import annotations

from collections.abc import Iterable

from kg.store.formats import N_QUADS, parse, serialize
from kg.store.terms import Quad


def to_nquads(quads: Iterable[Quad]) -> bytes:
    """An article's quads as an N-Quads shard."""
    return serialize(quads, N_QUADS)


def from_nquads(shard: bytes) -> list[Quad]:
    """The quads of an N-Quads shard (as `to_nquads` wrote them)."""
    return parse(shard, N_QUADS)
