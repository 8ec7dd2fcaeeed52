"""The lexicon's tables keyed by gazetteer actors: each key is an actor of the type the table is about (each
value, where there is one, a concept of the resource scheme)."""
from __future__ import annotations

import pytest

from extractors.lexicon import observers, product_resources, supplier_lines
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


def test_observers_are_organisations_of_the_gazetteer(extractor):
    keys, heads = observers()
    entries = extractor.gazetteer.entries
    assert keys and heads
    assert not [k for k in keys if k not in entries or entries[k].type != "Organization"]
