"""The lemma memo: exactly the lemmas of spaCy's rule lemmatizer, lemmas the attribute rules set left alone."""
from __future__ import annotations

import pytest
import spacy

from extractors.lemma_memo import LemmaMemo, memoisable
from extractors.nlp import memoise_lemmas
from kg.core.settings import Settings

TEXTS = [
    "The ministries were restricting exports of the best chips; Velmora's buyers had bought older ones.",
    "Kestrel is gonna double its orders, analysts said, while the data centres ran hotter than expected.",
    "Ran, running, runs: the runner's runs were better and worse. They'd been leaving. Geese flew.",
    "",
]


@pytest.fixture(scope="module")
def model():
    return spacy.load(Settings().model)


@pytest.mark.parametrize("text", TEXTS)
def test_the_memo_sets_the_lemmatizers_lemmas(model, text):
    with model.select_pipes(disable=["lemmatizer"]):
        a, b, c = model(text), model(text), model(text)
    lemmatizer = model.get_pipe("lemmatizer")
    memo = LemmaMemo(lemmatizer)
    unset = {(t.orth, t.pos, t.morph.key) for t in c if t.lemma == 0}  # what the lemmatizer is asked for
    expected = [t.lemma_ for t in lemmatizer(a)]
    assert [t.lemma_ for t in memo(b)] == expected
    assert set(memo.memo) == unset
    assert [t.lemma_ for t in memo(c)] == expected  # the second Doc is read from the memo alone


def test_a_lemma_the_attribute_rules_set_stays(model):
    doc = model("They are gonna build it.")
    gon = next(t for t in doc if t.lower_ == "gon")
    assert gon.lemma_ == "go"  # set by the attribute rules, kept by the (non-overwriting) lemmatizer
    memo = LemmaMemo(model.get_pipe("lemmatizer"))
    assert [t.lemma_ for t in memo(doc)] == [t.lemma_ for t in model("They are gonna build it.")]


def test_the_memo_replaces_the_rule_lemmatizer_in_place():
    nlp = spacy.load(Settings().model)
    names = nlp.pipe_names
    assert memoise_lemmas(nlp)
    assert nlp.pipe_names[names.index("lemmatizer")] == "aigeo_lemma_memo" and "lemmatizer" not in nlp.pipe_names


def test_a_lookup_lemmatizer_is_left_in_place():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not memoisable(nlp.get_pipe("lemmatizer"))
    assert not memoise_lemmas(nlp) and nlp.pipe_names == ["lemmatizer"]
    with pytest.raises(ValueError, match="rule lemmatizer"):
        LemmaMemo(nlp.get_pipe("lemmatizer"))
