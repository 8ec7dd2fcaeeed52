"""Coreference by salience: pronouns to the salient actor, measures to their issuer, modified and plural
descriptions, locatives. Invented companies and wording; rules switched off in data/actors.json are
tested with their switch turned on."""
from __future__ import annotations

import dataclasses

import pytest

import extractors.actors as actors_pkg
from extractors.actors import index_actors
from extractors.actors.rules import rules
from extractors.actors.salience import Salience
from extractors.pipeline import paragraphs


def _index(extractor, text: str):
    paras = paragraphs(text)
    docs = [(doc, off) for doc, (_, off) in zip(extractor.nlp.pipe([p for p, _ in paras]), paras)]
    return index_actors(docs, extractor.gazetteer), docs[0][0]


def _key(extractor, text: str, word: str, nth: int = 0) -> str | None:
    idx, doc = _index(extractor, text)
    return idx.key_at(0, [t.i for t in doc if t.text == word][nth])


@pytest.fixture()
def all_rules_on(monkeypatch):
    """Every coreference rule switched on, whatever data/actors.json says today."""
    r = rules()
    on = dataclasses.replace(r, coreference={k: True for k in r.coreference})
    monkeypatch.setattr(actors_pkg, "rules", lambda: on)


# ---- the ranking itself, without a model -------------------------------------------------------------

def _salience(mentions: list[tuple[int, str, str, str]]) -> Salience:
    """(sentence, key, type, role) in text order."""
    sal = Salience(rules().salience)
    for sentence, key, type_, role in mentions:
        while sal.sentence < sentence:
            sal.next_sentence()
        sal.mention(key, type_, role)
    return sal


@pytest.mark.parametrize(
    ("mentions", "now", "types", "expected"),
    [
        ([(0, "kova", "Company", "subject"), (0, "peru", "Country", "other")], 1, ("Company", "Country"), "kova"),
        ([(0, "kova", "Company", "object"), (1, "peru", "Country", "object")], 2, ("Company", "Country"), "peru"),
        ([(0, "kova", "Company", "other"), (0, "lumo", "Company", "other"), (1, "kova", "Company", "other"),
          (1, "lumo", "Company", "other"), (1, "kova", "Company", "other")], 2, ("Company",), "kova"),
        ([(0, "kova", "Company", "subject"), (0, "peru", "Country", "object")], 1, ("Country",), "peru"),
        ([(0, "kova", "Company", "subject"), (9, "peru", "Country", "other")], 10, ("Company", "Country"), "peru"),
    ],
    ids=["subject-beats-recent-oblique", "recency-at-equal-role", "repetition", "type-filter",
         "beyond-window-most-recent"],
)
def test_salience_ranks_by_role_recency_and_repetition(mentions, now, types, expected):
    sal = _salience(mentions)
    while sal.sentence < now:
        sal.next_sentence()
    assert sal.best(lambda key, t: t in types) == expected


def test_last_distinct_gives_the_last_pair_in_text_order():
    sal = _salience([(0, "lumo", "Company", "subject"), (1, "kova", "Company", "subject"),
                     (1, "zeltro", "Company", "object"), (1, "peru", "Country", "other")])
    assert sal.last_distinct(lambda k, t: t == "Company", 2, 3) == ("kova", "zeltro")


# ---- with the model ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "word", "key"),
    [
        ("Kova reported record sales to Peru. Its order book is now full.", "Its", "kova"),
        ("Zeltronic lost a contract in Chile. It blamed the delay on customs.", "It", "zeltronic"),
    ],
    ids=["its-previous-subject", "it-previous-subject"],
)
def test_pronoun_takes_the_salient_subject_not_the_last_name(extractor, all_rules_on, text, word, key):
    assert _key(extractor, text, word) == key


@pytest.mark.parametrize(
    ("text", "word", "key"),
    [
        ("Peru bought chips from Kova after Lumo Systems raised its prices.", "its", "lumo_systems"),
        ("Trilux sued Kova, and the court urged Peru to review its decision.", "its", "peru"),
    ],
    ids=["own-clause-subject", "object-controls-infinitive"],
)
def test_pronoun_in_the_same_sentence_takes_its_clause_subject(extractor, all_rules_on, text, word, key):
    assert _key(extractor, text, word) == key


@pytest.mark.parametrize(
    ("text", "word", "nth", "issuer"),
    [
        ("The Trade Ministry of Peru issued a rule on Monday. The rule bars exports of copper to Bolivia.",
         "rule", 1, "trade_ministry_of_peru"),
        ("Finland imposed limits on exports of cobalt to Chile in March. "
         "Since then the measures have halved Chile's cobalt imports.", "measures", 0, "finland"),
        ("Peru's new curbs on copper sales took effect in May. The curbs spare shipments to Chile.",
         "curbs", 1, "peru"),
    ],
    ids=["rule-issued-by-subject", "measures-imposed", "curbs-owned"],
)
def test_a_definite_measure_stands_for_its_issuer(extractor, all_rules_on, text, word, nth, issuer):
    assert _key(extractor, text, word, nth) == issuer


def test_a_new_measure_named_by_nobody_does_not_take_the_last_issuer(extractor, all_rules_on):
    text = "Finland imposed limits on cobalt exports. A cap on copper sales followed in May. The cap hurt miners."
    assert _key(extractor, text, "cap", 1) is None


def test_it_after_a_rule_is_the_rules_issuer(extractor, all_rules_on):
    text = ("The Trade Ministry of Peru issued a rule on Monday. The rule bars exports of copper to Bolivia. "
            "It also spares shipments to Chile.")
    assert _key(extractor, text, "It") == "trade_ministry_of_peru"


def test_the_rule_is_the_restrictor_of_what_it_bars(extractor, all_rules_on):
    text = "The Trade Ministry of Peru issued a rule on Monday. The rule bars exports of copper to Bolivia."
    rels = {(r.subject, r.object) for r in extractor.extract(text).relations if r.kind == "restriction"}
    assert ("trade_ministry_of_peru", "bolivia") in rels


@pytest.mark.parametrize(
    ("text", "word", "key"),
    [
        ("Andina Robotics opened an office in Santiago. The Chilean AI startup wants to buy GPUs.", "startup",
         "andina_robotics"),
        ("Trilux is based in Austin. Analysts expect the $40 billion Austin company to grow.", "company", "trilux"),
        ("Veldhoven Optics sells lenses to Peru. The Dutch equipment maker said it would ship more.", "maker",
         "veldhoven_optics"),
        ("Nvidia sells chips to Huawei. The American chip firm said it would ship more.", "firm", "nvidia"),
    ],
    ids=["demonym-noun-modifiers", "amount-and-place", "dutch-equipment-maker", "nationality-must-agree"],
)
def test_a_description_behind_any_modifiers_is_the_last_matching_company(extractor, all_rules_on, text, word,
                                                                          key):
    assert _key(extractor, text, word) == key


@pytest.mark.parametrize(
    ("text", "word", "group"),
    [
        ("Maple Compute and Zeltronic signed a deal. The two companies will build a fab in Peru.", "companies",
         ("maple_compute", "zeltronic")),
        ("Kova signed a deal with Zeltronic. Both firms will build a fab in Peru.", "firms", ("kova", "zeltronic")),
        ("Chile and Peru signed a pact on lithium. The two countries will share a refinery.", "countries",
         ("chile", "peru")),
    ],
    ids=["the-two-companies", "both-firms", "the-two-countries"],
)
def test_a_numbered_plural_description_is_the_last_pair(extractor, text, word, group):
    idx, doc = _index(extractor, text)
    tok = next(t for t in doc if t.text == word)
    assert set(idx.group_at(0, tok.i)) == set(group)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kova shipped chips to Peru. Most of the output went there last year.", "peru"),
        ("Zeltronic opened a plant in Chile and sells its tools there.", "chile"),
    ],
    ids=["went-there", "sells-there"],
)
def test_there_is_the_last_place_named(extractor, text, key):
    assert _key(extractor, text, "there") == key


def test_existential_there_is_no_place(extractor):
    assert _key(extractor, "Kova sells chips to Peru. There is no demand for them.", "There") is None


@pytest.mark.parametrize(
    "text",
    [
        "Peru on Monday restricted exports of AI chips to Chile, the trade ministry said.",
        "Peru's exports of gallium to Chile rose 5% last year, the trade ministry said.",
    ],
    ids=["subject-country", "owner-of-the-subject"],
)
def test_an_unnamed_ministry_belongs_to_the_country_its_sentence_is_about(extractor, text):
    assert _key(extractor, text, "ministry") == "peru_trade_ministry"
