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


def test_a_product_named_with_its_maker_stands_for_the_maker(reader):
    found = candidates(reader, "Vietnam bought Nvidia H20 processors.")
    reading = found[("dependency", "vietnam", "nvidia", "chips")]
    assert "dependency:maker=False&True" in reading.features


def test_a_flow_a_measure_stops_is_not_proposed(reader):
    found = candidates(reader, "The Netherlands blocked ASML from selling lithography machines to China.")
    assert not [k for k in found if k[0] == "dependency"]


def test_demand_is_not_a_flow(reader):
    found = candidates(reader, "TSMC received chip orders from Apple.")
    assert not [k for k in found if k[0] == "dependency" and k[1] == "tsmc"]


def test_members_joining_a_bloc_are_not_paired_with_each_other(reader):
    found = candidates(reader, "Egypt, Iran and Ethiopia joined the alliance in January.")
    assert not [k for k in found if k[0] == "cooperation"]


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


def test_word_classes_and_argument_types_come_from_the_data_file():
    assert "transfer" in word_classes()["ship"]
    assert "measure" in word_classes()["ban"]
    subjects, objects = argument_types()["restriction"]
    assert "Company" not in subjects and "null" in objects
    assert FOREIGN not in subjects


def test_classes_of_reads_the_lemma(extractor):
    doc = extractor.nlp("Vietnam imported chips.")
    assert "acquire" in classes_of(doc[1])
