"""The lexicon's tables keyed by gazetteer actors: each key is an actor of the type the table is about, each
value a concept of the resource scheme."""
from __future__ import annotations

import pytest

from extractors.lexicon import product_resources, supplier_lines
from kg.core.namespaces import RESOURCES


@pytest.mark.parametrize(("table", "actor_type"), [(product_resources, "Product"), (supplier_lines, "Company")],
                         ids=["product_resources", "supplier_lines"])
def test_gazetteer_keyed_tables_name_known_actors_and_scheme_resources(extractor, table, actor_type):
    entries = extractor.gazetteer.entries
    rows = table()
    assert rows
    wrong = {k: entries[k].type if k in entries else "not in the gazetteer" for k in rows
             if k not in entries or entries[k].type != actor_type}
    assert not wrong, f"keys that are no {actor_type} of ontology/actors.ttl: {wrong}"
    assert set(rows.values()) <= set(RESOURCES)
