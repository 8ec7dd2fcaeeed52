"""The `kg` command line (one module per command group; kg.cli.app assembles them)."""
from kg.cli.app import app, main

__all__ = ["app", "main"]
