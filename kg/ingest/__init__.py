"""Reading article files and turning their extraction into RDF in the store (kg build, kg remove)."""
