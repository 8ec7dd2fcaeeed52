"""spaCy extractors: from article text to plain, frozen extraction records (no RDF, no I/O)."""
