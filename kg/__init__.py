"""Knowledge graph of AI-geopolitics claims: RDF model, store, queries and CLI."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aigeo-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
