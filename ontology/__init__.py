"""Ontology, SHACL shapes and actor gazetteer of the project, as package data."""
from importlib.resources import files
from pathlib import Path

ONTOLOGY_DIR = Path(str(files(__name__)))
VOCABULARY = ONTOLOGY_DIR / "aig.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
GAZETTEER = ONTOLOGY_DIR / "actors.ttl"
