"""The store behind a small interface: back-ends registered by name, chosen by a setting."""
from kg.store.oxigraph import STORES, OxigraphStore, QueryResult, delete_store, open_store

__all__ = ["STORES", "OxigraphStore", "QueryResult", "delete_store", "open_store"]
