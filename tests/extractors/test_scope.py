"""What a relation takes from its surroundings stays inside its own clause: modality, attribution, and
plural pronouns resolved to coordinated actors (or left alone when the antecedent is unclear)."""
from __future__ import annotations

import pytest

from extractors.records import FOREIGN


def rels(extractor, text: str):
    ex = extractor.extract(text)
    for r in ex.relations:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return ex.relations


@pytest.mark.parametrize(
    ("text", "pair", "modality"),
    [
        ("Since 2020 most chip vendors have stopped shipping to Iran, and Iran remains dependent on "
         "foreign-made processors for its servers.", ("iran", FOREIGN), "asserted"),
        ("Western suppliers no longer sell to Belarus, and Belarus now relies on Chinese chips.",
         ("belarus", "china"), "asserted"),
        ("Iran has stopped buying Russian chips and now imports chips from China.", ("iran", "china"), "asserted"),
        ("Iran has stopped buying Russian chips and now imports chips from China.", ("iran", "russia"), "negated"),
        ("Cuba does not make chips but buys them from China.", ("cuba", "china"), "asserted"),
        ("Vietnam plans to buy and import Japanese chipmaking equipment.", ("vietnam", "japan"), "planned"),
        ("Serbia will not build or buy chips from China.", ("serbia", "china"), "negated"),
        ("Egypt may rely on Korean chips, and officials say so.", ("egypt", "south_korea"), "hedged"),
    ],
    ids=["negation-of-conjoined-clause", "no-longer-of-conjoined-clause", "finite-verb-after-participle",
         "participle-keeps-its-negation", "contrast-does-not-share-negation", "shared-plan",
         "shared-negation", "own-hedge-kept"],
)
def test_modality_comes_from_the_triggers_own_clause(extractor, text, pair, modality):
    found = {(r.subject, r.object): r.modality for r in rels(extractor, text) if r.kind == "dependency"}
    assert found.get(pair) == modality, found


@pytest.mark.parametrize(
    ("text", "pair", "source"),
    [
        ("Samsung said it would supply Naver with 5,000 of its memory chips for a new data centre, and "
         "Intel and Micron announced separate deals.", ("naver", "samsung_electronics"), "samsung_electronics"),
        ("Reuters reported that Russia depends on China for chips and that Iran buys Russian drones.",
         ("russia", "china"), "reuters"),
        ("Russia depends on China for chips, Bloomberg reported.", ("russia", "china"), "bloomberg"),
        ("According to the Kyiv School of Economics, Russia depends on China for chips.", ("russia", "china"),
         "kyiv_school_of_economics"),
    ],
    ids=["speaker-not-the-coordinated-one", "coordinated-complements", "trailing-report", "according-to"],
)
def test_relation_is_attributed_to_the_speaker_whose_clause_contains_it(extractor, text, pair, source):
    found = {(r.subject, r.object): r.attributed_to for r in rels(extractor, text) if r.kind == "dependency"}
    assert found.get(pair) == source, found


def test_a_coordinated_announcement_does_not_attribute_an_asserted_clause(extractor):
    text = "Huawei announced new phones, and Russia depends on China for chips."
    found = {(r.subject, r.object): r.attributed_to for r in rels(extractor, text) if r.kind == "dependency"}
    assert found == {("russia", "china"): None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and Belarus signed a treaty in 2023. They plan to buy chips from China.",
         {("russia", "china"), ("belarus", "china")}),
        ("Russia and Iran met in Tehran. Their reliance on Chinese chips is growing.",
         {("russia", "china"), ("iran", "china")}),
    ],
    ids=["they-subject", "their-possessor"],
)
def test_plural_pronoun_stands_for_the_last_coordinated_actors(extractor, text, expected):
    found = {(r.subject, r.object) for r in rels(extractor, text) if r.kind == "dependency"}
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia and Iran met in Tehran. Officials said the companies would buy chips. They rely on Chinese chips.",
        "Chinese and Russian firms met in Moscow. They rely on Taiwanese chips.",
        "Russia and Iran met in Tehran in May. Later that year the talks stalled. Prices rose in the autumn. "
        "They rely on Chinese chips.",
        "Russia signed a treaty in 2023. They plan to buy chips from China.",
    ],
    ids=["plural-noun-in-between", "demonyms-are-not-a-group", "group-too-far-back", "no-group"],
)
def test_plural_pronoun_without_a_clear_group_stays_unresolved(extractor, text):
    assert not [r for r in rels(extractor, text) if r.kind == "dependency" and "They" in r.evidence.text]


def test_plural_pronoun_in_an_opening_phrase_stands_for_the_coordinated_subject(extractor):
    text = ("Talks between India and the United States went well. In their joint communique, Modi and "
            "President Joe Biden welcomed the plan.")
    found = {(r.subject, r.object) for r in rels(extractor, text) if r.kind == "cooperation"}
    assert found == {("joe_biden", "narendra_modi")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mistral is a Paris startup. In May, Mistral vowed to drop American cloud services, and the company "
         "says it no longer relies on Chinese chip suppliers such as Huawei.", ("mistral_ai", "huawei")),
    ],
    ids=["resolved-description-is-the-latest-mention"],
)
def test_pronoun_follows_a_resolved_description_not_a_demonym(extractor, text, expected):
    found = {(r.subject, r.object) for r in rels(extractor, text) if r.kind == "dependency"}
    assert expected in found and not any(s in ("china", "united_states") for s, _ in found)
