"""Relations read from the parse: frames, passive, nominalisation, coordination, demonyms, negatives."""
from __future__ import annotations

import pytest

from extractors.records import FOREIGN


def relations(extractor, text: str, kind: str | None = None) -> set[tuple[str, str | None, str | None, str]]:
    ex = extractor.extract(text)
    for r in ex.relations:  # the evidence is always the text at its offsets
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return {(r.kind, r.subject, r.object, r.resource) for r in ex.relations if kind is None or r.kind == kind}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("India relies heavily on Taiwanese chips.", ("india", "taiwan", "chips")),
        ("Belarus's reliance on Chinese semiconductors keeps growing.", ("belarus", "china", "chips")),
        ("Most of the GPUs bought by Iran were shipped from China.", ("iran", "china", "chips")),
        ("Japan supplies lithography tools to South Korea.", ("south_korea", "japan", "chipmaking_equipment")),
        ("North Korea remains dependent on foreign-made processors.", ("north_korea", FOREIGN, "chips")),
        ("Pakistan imported semiconductors from China.", ("pakistan", "china", "chips")),
        ("Vietnam plans to buy Japanese chipmaking equipment.", ("vietnam", "japan", "chipmaking_equipment")),
        ("According to Reuters, China bought more Nvidia chips last year.", ("china", "nvidia", "chips")),
    ],
    ids=["verb", "nominalisation", "passive-supply", "active-supply", "foreign", "import-from", "planned-purchase",
         "company-provider"],
)
def test_dependency_is_read_in_the_dependency_direction(extractor, text, expected):
    assert ("dependency", *expected) in relations(extractor, text, "dependency")


def test_coordinated_subjects_give_one_dependency_each(extractor):
    found = relations(extractor, "Russia and Belarus depend on Chinese AI models.", "dependency")
    assert found == {("dependency", "russia", "china", "ai_models"), ("dependency", "belarus", "china", "ai_models")}


def test_coordinated_resources_give_one_dependency_each(extractor):
    found = relations(extractor, "Iran depends on Russian chips and data centres.", "dependency")
    assert {("dependency", "iran", "russia", "chips"), ("dependency", "iran", "russia", "compute")} <= found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The United States imposed sanctions on Iran.", ("united_states", "iran", "other")),
        ("The Netherlands blocked ASML from selling lithography machines to China.",
         ("netherlands", "china", "chipmaking_equipment")),
        ("Japan restricted exports of chipmaking equipment to China.", ("japan", "china", "chipmaking_equipment")),
        ("China's access to advanced chips was restricted by the United States.", ("united_states", "china", "chips")),
        ("Washington added Huawei to its entity list.", ("united_states", "huawei", "other")),
    ],
    ids=["sanctions-on", "barred-from-selling-to", "limit-exports-to", "passive-access", "entity-list"],
)
def test_restriction_names_restrictor_target_and_resource(extractor, text, expected):
    assert ("restriction", *expected) in relations(extractor, text, "restriction")


def test_a_restriction_without_a_named_restrictor_keeps_it_null(extractor):
    found = relations(extractor, "Iran has long evaded sanctions on its oil.", "restriction")
    assert found and all(r[1] is None for r in found)
    assert {r[2] for r in found} == {"iran"}


def test_a_blocked_sale_is_not_a_dependency(extractor):
    assert not relations(extractor, "The Netherlands blocked ASML from selling lithography machines to China.",
                         "dependency")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Russia will cooperate with China on artificial intelligence.", ("china", "russia")),
        ("Sberbank signed a partnership with Huawei.", ("huawei", "sberbank")),
        ("India and Japan plan to develop AI chips together.", ("india", "japan")),
        ("The Russia-China alliance worries Western governments.", ("china", "russia")),
        ("Putin ordered Sberbank to collaborate with Chinese firms.", ("china", "sberbank")),
    ],
    ids=["verb-with", "noun-with", "joint-action", "hyphenated-pair", "object-control"],
)
def test_cooperation_pairs_the_parties(extractor, text, pair):
    assert {(r[1], r[2]) for r in relations(extractor, text, "cooperation")} == {pair}


@pytest.mark.parametrize(
    "text",
    [
        "Russia and China held talks in Beijing on Tuesday.",
        "Chinese engineers visited India last year.",
        "Egypt, Iran and Ethiopia joined the alliance in January.",
        "Russia is pushing for AI self-reliance.",
    ],
    ids=["mere-mention", "demonym-without-trigger", "joining-names-no-partner", "self-reliance"],
)
def test_no_relation_where_the_text_states_none(extractor, text):
    assert relations(extractor, text) == set()


def test_relation_takes_the_innermost_speaker_and_keeps_the_chain(extractor):
    ex = extractor.extract("Reuters reported that Putin said Russia relies on Chinese chips.")
    (rel,) = [r for r in ex.relations if r.kind == "dependency"]
    assert (rel.attributed_to, rel.chain) == ("vladimir_putin", ("reuters",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("German-made chips, vital to the army as it keeps shelling towns across Ukraine, are still making it "
         "into Russia.", {("russia", "germany")}),
        ("Chinese chips still reach Iran through Turkey.", {("iran", "turkey")}),
    ],
    ids=["dummy-object-of-make-it-into", "object-is-the-destination"],
)
def test_inflow_destination_is_the_into_phrase_else_the_object(extractor, text, expected):
    found = {(r.subject, r.object) for r in extractor.extract(text).relations if r.kind == "dependency"}
    assert found == expected


def test_every_frame_named_in_the_trigger_data_is_registered():
    from extractors.lexicon import relation_triggers
    from extractors.relations.frames import FRAMES

    assert {t.frame for t in relation_triggers().values()} <= set(FRAMES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada pressed Peru to restrict copper sales to Bolivia.", ("restriction", "peru", "bolivia", "materials")),
        ("Washington has pressured the Netherlands and Japan to curb sales of chipmaking tools to China.",
         ("restriction", "japan", "china", "chipmaking_equipment")),
        ("Western governments called on the Emirates to stop exporting electronics to Russia.",
         ("dependency", "russia", "united_arab_emirates", "other")),
        ("China spent billions to buy memory chips from South Korea.", ("dependency", "china", "south_korea", "chips")),
    ],
    ids=["pressed-to", "pressured-to", "called-on-to", "subject-control"],
)
def test_the_actor_between_a_verb_and_its_to_clause_does_what_the_clause_says(extractor, text, expected):
    """'verb + actor + to-clause': whatever the verb, the actor in the middle acts; an object naming nobody
    ('spent billions') leaves the clause to the subject."""
    found = relations(extractor, text)
    assert expected in found
    if expected[0] == "restriction":
        assert not [r for r in found if r[0] == "restriction" and r[1] in ("canada", "united_states")]


def test_an_exemption_spelled_spares_is_a_negated_restriction_for_each_party(extractor):
    ex = extractor.extract("The new rule also spares Norway and Chile from the export limits.")
    spared = {(r.object, r.modality) for r in ex.relations if r.kind == "restriction"}
    assert {("norway", "negated"), ("chile", "negated")} <= spared


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Memory chips reached Belarus through hubs like Armenia and Kazakhstan.",
         {("belarus", "armenia", "chips"), ("belarus", "kazakhstan", "chips")}),
        ("Most of the Dutch-made lithography tools ended up in Iran.", {("iran", "netherlands", "chipmaking_equipment")}),
        ("Some of the Samsung memory chips wound up in Belarus via Armenia.", {("belarus", "armenia", "chips")}),
    ],
    ids=["hubs-like", "ended-up-in", "wound-up-via"],
)
def test_goods_that_end_up_somewhere_make_it_depend_on_where_they_came_through(extractor, text, expected):
    assert expected <= {r[1:] for r in relations(extractor, text, "dependency")}


@pytest.mark.parametrize(
    ("text", "restrictor", "target"),
    [
        ("The Commerce Department ordered Samsung to halt shipments of memory chips to Iranian buyers.",
         "us_department_of_commerce", "iran"),
        ("Japan's trade ministry required Tokyo Electron to suspend deliveries of etching tools to Russia.",
         "ministry_of_economy_trade_and_industry", "russia"),
    ],
    ids=["ordered-to-halt", "required-to-suspend"],
)
def test_a_measure_an_authority_orders_someone_to_take_is_the_authority_s(extractor, text, restrictor, target):
    """A company told to stop its own flows imposes nothing: the authority that told it is the restrictor (a state
    told or pressed to restrict does restrict: see the 'verb + actor + to-clause' test above)."""
    found = relations(extractor, text, "restriction")
    assert any(r[1] == restrictor and r[2] == target for r in found), found


def test_a_trader_reselling_goods_is_their_provider(extractor):
    found = relations(extractor, "A Hong Kong trader resold Samsung memory chips to buyers in Belarus.", "dependency")
    assert ("belarus", "hong_kong", "chips") in {r[1:] for r in found}


def test_an_amount_of_money_granted_is_funding_whatever_the_recipient_makes(extractor):
    text = ("Peru's industry ministry plans to grant state-backed chip producer Kova with an extra 300 billion yen "
            "($2 billion) in funding to build a semiconductor plant near Lima.")
    found = {(s, res) for _, s, o, res in relations(extractor, text, "dependency")}
    assert ("kova", "funding") in found and ("kova", "chips") not in found


def test_a_noun_of_a_verb_only_cooperation_word_is_no_joint_act(extractor):
    assert not relations(extractor, "The share price of Kova fell six percent after Zeltronic's launch.", "cooperation")
    assert ("cooperation", "kova", "zeltronic") in {r[:3] for r in relations(
        extractor, "Kova and Zeltronic will share chip designs.", "cooperation")}


def test_a_government_body_provides_funding_not_the_goods_it_licenses(extractor):
    text = ("Kova said the Canadian government now requires a new licence for shipments of its chips to Peru. "
            "Kova also secured export licences from the Canadian government for shipping Zeltronic chips to Chile.")
    found = relations(extractor, text, "dependency")
    assert all(o != "canada_government" for _, _, o, _ in found)
    assert ("dependency", "kova", "canada_government", "funding") in relations(
        extractor, "The Canadian government granted Kova $2 billion in subsidies.", "dependency")


@pytest.mark.parametrize(
    "text",
    [
        "Chile makes memory chips. Peru wants to cut its dependence on Kova Memory and Tarn Devices.",
        "Chile makes memory chips. Peru seeks a reduction in its reliance on Kova Memory and Tarn Devices.",
        "Chile makes memory chips. Peru plans to reduce its dependence on Kova Memory and Tarn Devices.",
    ],
    ids=["cut-dependence", "reduction-in-reliance", "plans-to-reduce"],
)
def test_a_reliance_being_reduced_still_stands_and_is_no_measure(extractor, text):
    """GOLD_FORMAT: "reduce its reliance on X" is still a dependency on X, asserted; the reduction word restricts
    nobody. A flow whose sentence names no resource is of what the article last named (chips)."""
    ex = extractor.extract(text)
    deps = {(r.subject, r.object, r.resource, r.modality) for r in ex.relations if r.kind == "dependency"}
    assert {("peru", "kova_memory", "chips", "asserted"), ("peru", "tarn_devices", "chips", "asserted")} <= deps
    assert not [r for r in ex.relations if r.kind == "restriction" and r.object in ("kova_memory", "tarn_devices")]


def test_curbing_a_reliance_restricts_nobody(extractor):
    found = relations(extractor, "Peru buys memory chips. The plan aims to curb reliance on Kova Memory and Tarn Devices.")
    assert not {r for r in found if r[0] == "restriction"}
