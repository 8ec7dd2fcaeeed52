"""Modality of a relation from its clause: asserted, planned, hedged, negated."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("India relies on Taiwanese chips.", "asserted"),
        ("India no longer depends on American chips.", "negated"),
        ("Japan does not rely on Chinese gallium.", "negated"),
        ("Iran may import Russian chips.", "hedged"),
        ("Iran could reportedly buy Russian chips.", "hedged"),
        ("Vietnam plans to buy Japanese chipmaking equipment.", "planned"),
        ("Russia will cooperate with China on artificial intelligence.", "planned"),
        ("Russia aims to deepen cooperation with India.", "planned"),
        ("Turkey refused to join Western sanctions against Russia.", "negated"),
        ("The regulator refused to let Nvidia sell its chips to China.", "negated"),
        ("Japan lifted its ban on gallium exports to South Korea.", "negated"),
        ("Peru suspended its export controls on copper to Chile.", "negated"),
    ],
)
def test_modality_comes_from_the_relation_clause(extractor, text, modality):
    rels = extractor.extract(text).relations
    assert rels, text
    assert {r.modality for r in rels} == {modality}


def test_the_reporting_verb_does_not_lend_its_tense_to_the_claim(extractor):
    rels = extractor.extract("Analysts will say that India relies on Taiwanese chips.").relations
    assert [r.modality for r in rels] == ["asserted"]
