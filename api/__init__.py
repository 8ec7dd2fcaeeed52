"""FastAPI application: the SPARQL 1.1 Protocol endpoint and a small JSON API over kg's public functions."""
