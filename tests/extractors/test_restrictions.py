"""Restriction frames on invented sentences: cut-off destinations and suppliers, listings, null targets."""
from __future__ import annotations

import pytest


def restrictions(extractor, text: str) -> set[tuple[str | None, str | None, str]]:
    return {(r.subject, r.object, r.resource) for r in extractor.extract(text).relations if r.kind == "restriction"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada imposed restrictions on exports of memory chips to Peru.", ("canada", "peru", "chips")),
        ("Norway banned local operators from buying chips from Zeltronic Inc.", ("norway", "zeltronic", "chips")),
    ],
    ids=["curbs-on-exports-to", "barred-from-buying-from"],
)
def test_the_party_cut_off_from_a_flow_is_the_target(extractor, text, expected):
    assert expected in restrictions(extractor, text)


def test_a_supplier_barred_from_selling_is_not_the_target_of_a_purchase_ban(extractor):
    found = restrictions(extractor, "Norway banned local operators from buying chips from Zeltronic Inc.")
    assert all(t != "foreign" for _, t, _ in found)


def test_a_listing_targets_the_countries_its_parties_belong_to_and_names_no_resource(extractor):
    found = restrictions(extractor, "Canada has added 14 Peruvian chip companies and two Chilean organizations "
                                    "to its entity list.")
    assert {("canada", "peru", "other"), ("canada", "chile", "other")} <= found


def test_a_state_curbing_its_own_exports_names_no_target(extractor):
    text = ("The Indonesian government has issued export restrictions for nickel. Indonesia produces most of the "
            "world's nickel, and Indonesia wants to refine it at home. Japan buys some of it.")
    found = restrictions(extractor, text)
    assert found and all(t is None for _, t, _ in found)


def test_a_measure_in_a_relative_clause_is_its_announcers(extractor):
    text = "In May, Canada announced measures that banned Canadian firms from selling chip-making technologies to Peru."
    assert ("canada", "peru", "chipmaking_equipment") in restrictions(extractor, text)


def test_a_party_on_a_list_is_its_target_but_goods_under_controls_are_not(extractor):
    assert any(t == "kiyo" for _, t, _ in restrictions(extractor, "Kiyo Corp has been on the Entity List since 2019."))
    found = restrictions(extractor, "Peru wants Canadian-made chips that are under export controls.")
    assert all(t != "canada" for _, t, _ in found)


def modal_restrictions(extractor, text: str) -> set[tuple[str | None, str | None, str]]:
    return {(r.subject, r.object, r.modality) for r in extractor.extract(text).relations if r.kind == "restriction"}


def test_each_exempted_party_is_a_negated_restriction(extractor):
    found = modal_restrictions(extractor, "Canada imposed new limits on GPU exports. The decree also exempts Norway, "
                                          "Iceland and Chile from the new limits.")
    assert {("canada", "norway", "negated"), ("canada", "iceland", "negated"), ("canada", "chile", "negated")} <= found


def test_a_denied_exemption_is_the_restriction_itself(extractor):
    assert ("canada", "cuba", "asserted") in modal_restrictions(extractor, "Canada did not exempt Cuba from its GPU limits.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mexico plans a 20% duty on Polish batteries.", ("mexico", "poland")),
        ("Canada set a quota on cobalt exports to Peru.", ("canada", "peru")),
    ],
    ids=["duty-on-goods-of", "quota-on-exports-to"],
)
def test_caps_quotas_and_duties_are_restrictions(extractor, text, expected):
    assert expected in {(s, t) for s, t, _ in restrictions(extractor, text)}


def test_a_capped_flow_is_not_a_dependency(extractor):
    rels = extractor.extract("Canada set a quota on cobalt exports to Peru.").relations
    assert not [r for r in rels if r.kind == "dependency"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru and Chile trade copper. Japan ordered Kiyo Corp to suspend exports of wafers to Cuba.",
         ("japan", "cuba")),
        ("Peru and Chile trade copper. Canada told Peru to restrict copper sales to Bolivia.", ("peru", "bolivia")),
        ("Peru and Chile trade copper. Canada urged the Peruvian government to limit its exports of copper to Bolivia.",
         ("peru_government", "bolivia")),
    ],
    ids=["company-ordered-state-restricts", "state-told-restricts", "government-urged-restricts"],
)
def test_the_controlled_party_restricts_only_when_it_can_impose_a_measure(extractor, text, expected):
    found = {(s, t) for s, t, _ in restrictions(extractor, text)}
    assert expected in found
    assert not any(s == "kiyo" for s, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru and Chile trade copper. Brazil wants to limit the access of Chile to lithography tools.",
         ("brazil", "chile", "chipmaking_equipment")),
        ("Peru and Chile trade copper. Norway is seeking to restrict the access of Cuba to AI chips.",
         ("norway", "cuba", "chips")),
        ("Peru and Chile trade copper. New Swiss limits on Chilean fabs' access to lithography tools took effect.",
         ("switzerland", "chile", "chipmaking_equipment")),
    ],
    ids=["access-of-x-to", "access-of-x-to-chips", "limits-on-possessor-access"],
)
def test_the_party_whose_access_a_measure_limits_is_the_target(extractor, text, expected):
    assert expected in restrictions(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru and Chile trade copper. Since 2022 Samsung has fallen under South Korean export controls.",
         ("south_korea", "samsung_electronics")),
        ("Peru and Chile trade copper. Huawei remains subject to US export controls.", ("united_states", "huawei")),
        ("Peru and Chile trade copper. Kiyo Corp is subject to Japanese export controls.", ("japan", "kiyo")),
    ],
    ids=["falls-under", "remains-subject-to", "is-subject-to"],
)
def test_a_party_placed_under_a_measure_is_its_target(extractor, text, expected):
    assert expected in {(s, t) for s, t, _ in restrictions(extractor, text)}


def test_a_halted_flow_targets_its_destination(extractor):
    found = restrictions(extractor, "Peru and Chile trade copper. Canada halted shipments of GPUs into Cuba.")
    assert ("canada", "cuba", "chips") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zeltronic sells lithium to Chile. Chile imports most of its lithium from Argentina. Argentina tightened "
         "its restrictions on Bolivia in May.", ("argentina", "bolivia", "materials")),
        ("Kova ships GPUs to Peru. Peru buys more GPUs from Canada every year. Canada widened its restrictions on "
         "Cuba in June.", ("canada", "cuba", "chips")),
    ],
    ids=["lithium-article", "gpu-article"],
)
def test_a_measure_naming_no_resource_takes_the_one_its_article_trades(extractor, text, expected):
    assert expected in restrictions(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Halvik Systems' exports of GPUs to Peru were restricted by Canada last year.",
        "Canada restricted Halvik Systems' sales of memory chips to Peru.",
        "Canada curbed sales of Halvik Systems accelerators to Peru.",
        "Canada expanded its export controls on Halvik Systems lithography machines to Peru.",
    ],
    ids=["owner-of-passive-exports", "owner-of-sales", "maker-of-sold-goods", "maker-of-controlled-goods"],
)
def test_the_seller_or_maker_of_the_goods_is_not_the_one_cut_off(extractor, text):
    found = restrictions(extractor, text)
    assert any(r == "canada" and t == "peru" for r, t, _ in found)
    assert all(t != "halvik_systems" for _, t, _ in found)


def test_a_listing_names_no_resource_even_in_an_article_about_chips(extractor):
    text = ("Canada tightened its curbs on AI chips last month. On Monday it added two Peruvian firms, Zeltronic Inc "
            "and Kova Labs, to the entity list, including the listed chip company Zeltronic.")
    listed = [r for r in extractor.extract(text).relations
              if r.kind == "restriction" and r.evidence.start >= text.index("On Monday")]
    assert listed and all(r.resource == "other" for r in listed)


def test_the_owner_of_a_body_is_not_the_party_the_body_is(extractor):
    found = restrictions(extractor, "Norway's Directorate of Trade imposed export controls on gallium to Chile.")
    assert any(t == "chile" for _, t, _ in found)
    assert all(r != "norway" for r, _, _ in found)


def test_equipment_to_produce_chips_is_chipmaking_equipment(extractor):
    found = restrictions(extractor, "Norway expanded its export controls on Kova chip production equipment to Peru.")
    assert ("norway", "peru", "chipmaking_equipment") in found


def test_a_body_s_measure_never_targets_its_own_state(extractor):
    text = ("The Bureau of Industry and Security amended its rules on the grounds of threats to U.S. national "
            "security, adding 12 entities from Peru to the control list.")
    found = restrictions(extractor, text)
    assert ("bureau_of_industry_and_security", "peru", "other") in found
    assert all(t != "united_states" for _, t, _ in found)


def test_export_controls_are_a_measure_not_a_hold_over_supplies(extractor):
    found = {(r.kind, r.subject, r.object) for r in extractor.extract(
        "Canada expands export controls on Kova lithography machines to Peru.").relations}
    assert ("restriction", "canada", "peru") in found
    assert not any(kind == "dependency" for kind, _, _ in found)


def test_permission_withheld_is_the_measure_and_the_flow_it_withholds_does_not_happen(extractor):
    found = {(r.kind, r.subject, r.object, r.modality) for r in extractor.extract(
        "The Dutch government has not allowed Kova to deliver its most advanced machines to Peru.").relations}
    assert ("restriction", "dutch_government", "peru", "asserted") in found
    assert ("dependency", "peru", "kova", "negated") in found
    assert not any(kind == "restriction" and o == "kova" for kind, _, o, _ in found)
