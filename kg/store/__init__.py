"""The store behind a small interface (the Store protocol): back-ends registered by name, chosen by a setting."""
from kg.store.protocol import CAPABILITIES, Store
from kg.store.registry import STORES, memory_store, open_store
from kg.store.terms import IRI, BlankNode, Literal, Quad, QueryResult, Solutions, Triple, Triples

__all__ = ["CAPABILITIES", "STORES", "Store", "open_store", "memory_store", "IRI", "BlankNode", "Literal", "Quad",
           "QueryResult", "Solutions", "Triple", "Triples"]
