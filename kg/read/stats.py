"""Counts that describe what the store holds."""
from __future__ import annotations

from kg.store.queries import run_named
from kg.store import Store


def store_stats(store: Store) -> dict[str, int]:
    row = run_named(store, "stats")[0]
    stats = {k: int(v or 0) for k, v in row.items()}
    stats["named_graphs"] = len(store.named_graphs())
    stats["triples"] = store.quad_count()
    return stats
