"""Relation candidates on the real parse: every reading a sentence allows, its features, and the conventions that bound them."""
from __future__ import annotations

import pytest

from extractors.candidates import argument_types, classes_of, word_classes
from extractors.pipeline import Extractor
from extractors.records import FOREIGN


@pytest.fixture(scope="module")
def reader(extractor) -> Extractor:
    """The shipped pipeline, keeping every candidate it weighed."""
    return Extractor(extractor.nlp, extractor.gazetteer, relation_model=extractor.relation_model, keep_candidates=True)


def candidates(reader: Extractor, text: str) -> dict[tuple, object]:
    ex = reader.extract(text)
    out = {}
    for c in ex.extra["candidates"]:
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text  # evidence is the text at its offsets
        out[(c.kind, c.subject, c.object, c.resource)] = c
    return out


def test_both_directions_of_a_flow_are_proposed_with_the_roles_to_the_flow_word(reader):
    found = candidates(reader, "Japan ships lithography tools to Vietnam.")
    right = found[("dependency", "vietnam", "japan", "chipmaking_equipment")]
    wrong = found[("dependency", "japan", "vietnam", "chipmaking_equipment")]
    assert "dependency:T=transfer" in right.features
    # the two directions differ in how each actor stands to the flow word
    assert {f for f in right.features if f.startswith("dependency:T=transfer&s=")} != \
        {f for f in wrong.features if f.startswith("dependency:T=transfer&s=")}
    assert "dependency:res_from=near" in right.resource_features


def test_a_measure_naming_nobody_gives_a_null_target_reading(reader):
    found = candidates(reader, "Indonesia curbs nickel exports.")
    assert ("restriction", "indonesia", None, "materials") in found


def test_a_fragment_of_fewer_than_three_words_proposes_nothing(reader):
    """A table cell or a stray fragment ("| rule") after a measure is no restatement of it."""
    text = "Peru restricts exports of chipmaking equipment to Chile. | rule"
    found = candidates(reader, text)
    assert found and not [c for c in found.values() if c.evidence.text == "| rule"]


def test_a_product_named_with_its_maker_stands_for_the_maker(reader):
    found = candidates(reader, "Vietnam bought Nvidia H20 processors.")
    reading = found[("dependency", "vietnam", "nvidia", "chips")]
    assert "dependency:maker=False&True" in reading.features


def test_a_flow_a_measure_stops_is_not_proposed(reader):
    found = candidates(reader, "The Netherlands blocked ASML from selling lithography machines to China.")
    assert not [k for k in found if k[0] == "dependency"]


@pytest.mark.parametrize(
    ("text", "reading"),
    [("Zorvan Semiconductor suspended shipments to Telmar Robotics after the probe.",
      ("dependency", "telmar_robotics", "zorvan_semiconductor", "chips")),
     ("The ministry ordered ASML to halt deliveries of lithography machines to Vietnam.",
      ("dependency", "vietnam", "asml", "chipmaking_equipment"))],
    ids=["subject", "ordered"],
)
def test_a_flow_its_supplier_stops_is_a_negated_dependency(reader, text, reading):
    """The flow was: a company stopping its own shipments leaves a dependency with modality negated
    (a state's ban on its own exports, like a measure on another's sales, stays a measure only)."""
    found = candidates(reader, text)
    assert found[reading].modality == "negated"


def test_a_states_ban_on_its_own_exports_is_no_flow(reader):
    found = candidates(reader, "Japan banned exports of photoresists to Vietnam.")
    assert not [k for k in found if k[0] == "dependency"]


def test_demand_is_not_a_flow(reader):
    found = candidates(reader, "TSMC received chip orders from Apple.")
    assert not [k for k in found if k[0] == "dependency" and k[1] == "tsmc"]


def test_members_joining_a_bloc_are_not_paired_with_each_other(reader):
    found = candidates(reader, "Egypt, Iran and Ethiopia joined the alliance in January.")
    assert not [k for k in found if k[0] == "cooperation"]


def _pairs(found: dict) -> set[frozenset]:
    return {frozenset((k[1], k[2])) for k in found if k[0] == "cooperation"}


@pytest.mark.parametrize("text, bloc, members", [
    ("Chile and Peru have joined the Andean Compute Alliance, the grouping set up last year by Brazil and "
     "Argentina to pool chip purchases.", "andean_compute_alliance", ("chile", "peru", "brazil", "argentina")),
    ("BRICS, which was formed in 2011, includes Brazil, India and South Africa.", "brics",
     ("brazil", "india", "south_africa")),
    ("Canada, Norway and Finland have formed the Arctic Export Group to coordinate chip controls.", None,
     ("canada", "norway", "finland")),
])
def test_each_member_of_a_bloc_pairs_only_with_the_bloc(reader, text, bloc, members):
    pairs = _pairs(candidates(reader, text))
    assert not [p for p in pairs if p <= set(members)]  # no two members, joined, founding or listed
    if bloc is not None:
        assert {frozenset((bloc, m)) for m in members} <= pairs


@pytest.mark.parametrize("text, pair", [
    ("Canada and Norway formed a joint venture to build a chip plant.", {"canada", "norway"}),  # no bloc
    ("Kenya joined Ghana in a partnership on chip design.", {"kenya", "ghana"}),  # joining a country
])
def test_founding_or_joining_something_other_than_a_bloc_keeps_the_pair(reader, text, pair):
    assert frozenset(pair) in _pairs(candidates(reader, text))


@pytest.mark.parametrize(
    "text",
    ["Jensen Huang said Nvidia sells chips to Malaysia.", "The Hopper H100 is sold to Malaysia by Nvidia."],
    ids=["person", "product"],
)
def test_people_and_products_are_never_parties(reader, text):
    found = candidates(reader, text)
    types = {a.key: a.type for a in reader.extract(text).actors}
    for kind, subj, obj, _ in found:
        assert types.get(subj) not in ("Person", "Product") and types.get(obj) not in ("Person", "Product"), (kind, subj, obj)


def test_a_later_sentence_takes_its_restrictor_from_the_last_measure(reader):
    found = candidates(reader, "The United States imposed new export controls in October. "
                               "The rules also cover Malaysia and Thailand.")
    reading = found[("restriction", "united_states", "thailand", "other")]
    assert "restriction:ctx=last_restrictor" in reading.features


def test_resource_falls_back_to_the_previous_sentence(reader):
    found = candidates(reader, "Japan's memory chip exports grew last year. Deliveries to Vietnam and Chile dropped.")
    sources = {f for (kind, *_), c in found.items() for f in c.resource_features if f.startswith(f"{kind}:res_from=")}
    assert "dependency:res_from=previous" in sources


def test_an_amount_of_money_offers_funding_where_no_word_names_it(reader):
    found = candidates(reader, "Brazil will provide $2.1 billion to Korvath Semiconductor Corp for a new plant.")
    reading = found[("dependency", "korvath_semiconductor", "brazil", "funding")]
    assert "dependency:res_from=near" in reading.resource_features  # the amount is nearest the flow word
    assert not [res for (kind, *_, res) in candidates(reader, "Brazil will provide chips to Korvath Semiconductor Corp.")
                if res == "funding"]  # no amount, no funding


def test_a_flow_from_a_known_supplier_is_also_offered_its_line(reader):
    """"Nvidia earned $3 billion from Brazil": the sentence names a price, and the flow is of what Nvidia
    sells (data/supplier_lines.json); every resource reading says whether it is the supplier's line."""
    found = candidates(reader, "Nvidia earned $3 billion from Brazil last year.")
    line = found[("dependency", "brazil", "nvidia", "chips")]
    assert "dependency:res_from=line" in line.resource_features
    assert "dependency:res_line=True" in line.resource_features
    price = found[("dependency", "brazil", "nvidia", "funding")]
    assert "dependency:res_line=False" in price.resource_features
    unknown = candidates(reader, "Korvath Corp earned $3 billion from Brazil last year.")
    assert "dependency:res_line=none" in unknown[("dependency", "brazil", "korvath", "funding")].resource_features
    assert not [k for k in unknown if k[0] == "dependency" and k[3] == "chips"]  # no line, no chips


@pytest.mark.parametrize(
    ("text", "line"),
    [("Lumera Systems, a maker of lithography tools, earned $2 billion from Vietnam.", "chipmaking_equipment"),
     ("Last year chipmaker Lumera Systems earned $2 billion from Vietnam.", "chips"),
     ("Lumera Systems is a leading supplier of data centre capacity. Its revenue from Vietnam doubled.", "compute"),
     ("Lumera Systems, which makes memory chips, earned $2 billion from Vietnam.", "chips")],
    ids=["apposition", "title", "copula", "relative-clause"],
)
def test_an_unknown_suppliers_line_is_what_the_article_calls_it(reader, text, line):
    found = candidates(reader, text)
    assert "dependency:res_line=True" in found[("dependency", "vietnam", "lumera_systems", line)].resource_features


def test_a_description_that_names_no_thing_sold_gives_no_line(reader):
    for text in ("The AI startup Lumera Systems earned $2 billion from Vietnam.",
                 "Lumera Systems, a buyer of memory chips, earned $2 billion from Vietnam."):
        readings = [c for (kind, _, obj, _), c in candidates(reader, text).items()
                    if kind == "dependency" and obj == "lumera_systems"]
        assert readings and all("dependency:res_line=none" in c.resource_features for c in readings), text


def test_the_shipped_model_takes_a_known_suppliers_line_over_a_price(reader):
    text = "Brazil has become a key market for ASML. The Dutch firm earned $1.2 billion from Brazil last year."
    deps = {(r.subject, r.object, r.resource) for r in reader.extract(text).relations if r.kind == "dependency"}
    assert ("brazil", "asml", "chipmaking_equipment") in deps
    assert ("brazil", "asml", "funding") not in deps


def test_a_party_that_is_an_outlet_or_analyst_is_marked(reader):
    """Outlets, analysts and think tanks (data/observers.json, by key or by the last word of the name) report
    flows; the readings that make one a party say so."""
    found = candidates(reader, "Tellwether Research estimated that Vietnam bought 40,000 chips from Nvidia last year.")
    assert "dependency:observer=False&False" in found[("dependency", "vietnam", "nvidia", "chips")].features
    watcher = [(subj, obj, c) for (kind, subj, obj, _), c in found.items()
               if kind == "dependency" and "tellwether_research" in (subj, obj)]
    assert watcher and all(f"dependency:observer={s == 'tellwether_research'}&{o == 'tellwether_research'}" in c.features
                           for s, o, c in watcher)
    said = candidates(reader, "Reuters reported that Vietnam bought 40,000 chips from Nvidia last year.")
    assert [c for (kind, subj, obj, _), c in said.items() if "reuters" in (subj, obj)
            and f"{kind}:observer={subj == 'reuters'}&{obj == 'reuters'}" in c.features]


def test_hardware_is_chips(reader):
    found = candidates(reader, "Zorvan Systems severed its links to Chinese hardware suppliers.")
    assert any(kind == "dependency" and res == "chips" for kind, _, _, res in found)


def test_word_classes_and_argument_types_come_from_the_data_file():
    assert "transfer" in word_classes()["ship"]
    assert "measure" in word_classes()["ban"]
    subjects, objects = argument_types()["restriction"]
    assert "Company" not in subjects and "null" in objects
    assert FOREIGN not in subjects


def test_classes_of_reads_the_lemma(extractor):
    doc = extractor.nlp("Vietnam imported chips.")
    assert "acquire" in classes_of(doc[1])


@pytest.mark.parametrize(
    ("text", "reading", "fit"),
    [
        ("Norway sells memory chips to Chile.", ("dependency", "chile", "norway", "chips"), "both"),
        ("Norway sells memory chips to Chile.", ("dependency", "norway", "chile", "chips"), "swap"),
        ("Chile buys memory chips from Norway.", ("dependency", "chile", "norway", "chips"), "both"),
        ("Norway's sales of memory chips to Chile doubled.", ("dependency", "chile", "norway", "chips"), "both"),
        ("Canada imposed sanctions on Cuba.", ("restriction", "canada", "cuba", "other"), "both"),
        ("Cuba was sanctioned by Canada.", ("restriction", "canada", "cuba", "other"), "both"),
        ("Peru signed a partnership with Chile.", ("cooperation", "chile", "peru", "other"), "both"),
        ("TSMC is the main supplier of chips to Nvidia.", ("dependency", "nvidia", "tsmc", "chips"), "both"),
        ("TSMC is the main supplier of chips to Nvidia.", ("dependency", "tsmc", "nvidia", "chips"), "swap"),
        ("Chile is the largest buyer of Norway's memory chips.", ("dependency", "chile", "norway", "chips"), "both"),
        ("Samsung's revenue from Vietnam rose as memory chip prices climbed.",
         ("dependency", "vietnam", "samsung_electronics", "chips"), "both"),
    ],
    ids=["transfer", "transfer-reversed", "acquire", "nominal-transfer", "measure-noun", "measure-passive", "cooperation",
         "supplier-noun", "supplier-noun-reversed", "customer-noun", "revenue-from"],
)
def test_the_roles_of_a_word_class_say_how_a_pair_fits_the_kind(reader, text, reading, fit):
    found = candidates(reader, text)
    kind = reading[0]
    match = [c for k, c in found.items() if k[:3] == reading[:3]]
    assert match and f"{kind}:fit={fit}" in match[0].features


def test_every_word_class_with_roles_exists_and_roles_name_an_argument():
    from extractors.candidates.roles import role_tables

    tables = role_tables()
    assert set(tables) <= set(argument_types()) | {c for cs in word_classes().values() for c in cs}
    assert all(r in ("s", "o", "p") for t in tables.values() for r in t.values())


def test_the_source_a_sentence_is_attributed_to_is_marked_on_its_readings(reader):
    found = candidates(reader, "Chile buys memory chips from Norway, Reuters reported.")
    reading = [c for k, c in found.items() if k[:3] == ("dependency", "chile", "reuters")]
    assert reading and "dependency:source=False&True" in reading[0].features


@pytest.mark.parametrize(
    "text",
    ['Lena Moritz, Zeltronic\'s chief executive, spoke in Lima on Monday. "We will work closely with Chile on '
     'the new plant," she said.',
     '"Our partnership with Chile is a milestone. We will build the plant together," Zeltronic said on Monday.'],
    ids=["person-with-affiliation", "organisation"],
)
def test_a_quoted_we_stands_for_the_organisation_the_speaker_speaks_for(reader, text):
    found = candidates(reader, text)
    reading = found.get(("cooperation", "chile", "zeltronic", "other"))
    assert reading is not None and "cooperation:we=False&True" in reading.features, sorted(found)


def test_an_unquoted_we_of_the_writer_stands_for_no_one(reader):
    found = candidates(reader, "We expect Chile to cooperate more closely with Peru.")
    assert not any("cooperation:we=True&False" in c.features or "cooperation:we=False&True" in c.features
                   for c in found.values())
