"""The store back-ends, registered by name and chosen by the `store` setting."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.core.errors import NoStore, StoreError
from kg.core.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.store.protocol import Store
from kg.store.virtuoso import VirtuosoStore


def _memory(settings: Settings, read_only: bool, create: bool) -> Store:
    return OxigraphStore(None)


def _oxigraph(settings: Settings, read_only: bool, create: bool) -> Store:
    path = Path(settings.store_path)
    if not create and not (path / "CURRENT").exists():
        raise NoStore(f"no store at {path}: run `kg build` first (or set KG_STORE_PATH)")
    return OxigraphStore(path, read_only=read_only)


def _virtuoso(settings: Settings, read_only: bool, create: bool) -> Store:  # a server's graph is always there
    return VirtuosoStore(settings.virtuoso_url, settings.virtuoso_user, settings.virtuoso_password,
                         read_only=read_only, timeout_s=settings.virtuoso_timeout_s)


# name -> factory(settings, read_only, create); a new back-end (e.g. a SPARQL server) is one more entry here
STORES: dict[str, Callable[[Settings, bool, bool], Store]] = {"oxigraph": _oxigraph, "memory": _memory,
                                                        "virtuoso": _virtuoso}


def open_store(settings: Settings, read_only: bool = False, create: bool = True) -> Store:
    """The store the settings name. Raises StoreError if it cannot be opened, NoStore if it was never built
    and is opened read-only or with `create=False` (a write that needs an existing graph: reviews, removals)."""
    try:
        factory = STORES[settings.store]
    except KeyError:
        raise StoreError(f"unknown store {settings.store!r}; known: {', '.join(STORES)}") from None
    return factory(settings, read_only, create)


def memory_store() -> Store:
    """A new empty in-memory store (what a dry run compares against when there is no store yet)."""
    return OxigraphStore(None)
