"""Arguments filled from context and parser repairs: carried restrictors, modified definite descriptions,
product makers, listed appositions, stray passive agents, headings split from the next sentence."""
from __future__ import annotations

import pytest

from extractors.pipeline import paragraphs
from extractors.records import FOREIGN


def relations(extractor, text: str, kind: str) -> set[tuple[str | None, str | None, str]]:
    ex = extractor.extract(text)
    for r in ex.relations:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return {(r.subject, r.object, r.resource) for r in ex.relations if r.kind == kind}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Netherlands imposed export controls on chipmaking equipment to China. "
         "Some Chinese fabs are also restricted from buying lithography machines.",
         ("netherlands", "china", "chipmaking_equipment")),
        ("Japan tightened export controls on chips to Iran last spring. "
         "The rules are aimed at preventing Iran from accessing advanced technology.",
         ("japan", "iran", "chips")),
    ],
    ids=["agentless-passive", "nominal-rules-take-the-measure"],
)
def test_unnamed_restrictor_is_the_one_the_article_last_named(extractor, text, expected):
    assert expected in relations(extractor, text, "restriction")


def test_restriction_naming_neither_side_is_at_most_its_issuer_s_measure(extractor):
    # GOLD_FORMAT: a restatement by description ("the restrictions") is an item, and a rule counts as its
    # issuer; nothing else may fill its sides (no other actor, no guessed target)
    text = "Japan tightened export controls on chips to Iran last spring. The restrictions have hurt sales badly."
    ex = extractor.extract(text)
    hurt = [r for r in ex.relations if "hurt" in r.evidence.text]
    assert all(r.kind == "restriction" and r.subject == "japan" and r.object in (None, "iran") for r in hurt)


def test_broad_sanctions_keep_no_restrictor(extractor):
    text = "Japan tightened export controls on chips to Iran. Sanctions against Syria have failed to work."
    ex = extractor.extract(text)
    assert all(r.subject != "japan" for r in ex.relations if "Syria" in r.evidence.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nvidia reported strong results. The American firm said it ships GPUs to Brazil.", ("brazil", "nvidia", "chips")),
        ("Baidu owns 10,000 Nvidia Hopper GPUs.", ("baidu", "nvidia", "chips")),
        ("The A800 is a graphics chip that was designed for sale to Brazil.", ("brazil", "nvidia", "chips")),
        ("Micron's chips can be used to build weapons by Iran.", ("iran", "micron", "chips")),
    ],
    ids=["modified-definite-description", "product-maker-from-name", "designed-for-sale", "stray-passive-agent"],
)
def test_dependency_arguments_from_descriptions_and_products(extractor, text, expected):
    assert expected in relations(extractor, text, "dependency")


def test_description_with_other_demonym_does_not_take_a_foreign_company(extractor):
    ex = extractor.extract("Nvidia reported strong results. The Chinese firm said it ships GPUs to Brazil.")
    assert all(r.object != "nvidia" for r in ex.relations)


def test_named_government_is_not_taken_for_a_description(extractor):
    ex = extractor.extract("The Kremlin issued a decree. The Russian government then banned foreign chips.")
    assert all(r.subject != "kremlin" for r in ex.relations if "banned" in r.evidence.text)


def test_listed_apposition_gives_each_country_its_restriction(extractor):
    text = "Japan, South Korea, France and Germany have formed a coalition to restrict Iran's technology access."
    found = {s for s, o, _ in relations(extractor, text, "restriction") if o == "iran"}
    assert {"japan", "south_korea", "france", "germany"} <= found


def test_real_apposition_is_not_a_list(extractor):
    found = relations(extractor, "Nvidia, the chipmaker, sells GPUs to Brazil.", "dependency")
    assert found == {("brazil", "nvidia", "chips")}


def test_foreign_goods_removed_without_named_restrictor_take_the_focus_country(extractor):
    text = ("India has told state firms to buy Indian chips. India wants self-reliance. "
            "The plan is to remove foreign chips from its grid.")
    found = relations(extractor, text, "restriction")
    assert ("india", FOREIGN, "chips") in found


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Export curbs bite\nBoth firms are sanctioned by Japan, and their access to chips has narrowed sharply.",
         ["Export curbs bite", "Both firms are sanctioned by Japan, and their access to chips has narrowed sharply."]),
        # hard-wrapped prose: lines of similar length stay one paragraph
        ("The ministry said that new rules on chips\nWould apply from next year to all the firms.",
         ["The ministry said that new rules on chips\nWould apply from next year to all the firms."]),
        ("A short first line.\nThen a long sentence that follows it and keeps going for a while here.",
         ["A short first line.\nThen a long sentence that follows it and keeps going for a while here."]),
    ],
    ids=["heading", "hard-wrap", "punctuated-line"],
)
def test_headings_become_their_own_paragraphs_with_exact_offsets(text, pieces):
    paras = paragraphs(text)
    assert [p for p, _ in paras] == pieces
    assert all(text[o:o + len(p)] == p for p, o in paras)
