"""The gazetteer as plain lookup tables (model-free): the name forms it matches."""
from __future__ import annotations

from extractors.gazetteer import Gazetteer, GazetteerEntry


def test_a_person_of_a_name_order_country_is_known_by_the_other_order_too():
    g = Gazetteer([GazetteerEntry("kenji_mori", "Kenji Mori", "Person", country="japan"),
                   GazetteerEntry("ana_ruiz", "Ana Ruiz", "Person", country="peru"),
                   GazetteerEntry("kova", "Kova Systems", "Company", country="japan")])
    assert g.lookup("Mori Kenji").key == "kenji_mori"
    assert g.lookup("Ruiz Ana") is None  # a Peruvian name has one order
    assert g.lookup("Systems Kova") is None  # only people
    assert ("Mori Kenji", "kenji_mori", "name") in g.surface_forms()
