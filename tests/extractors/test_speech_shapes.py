"""Shapes around a reporting cue on hand-built parses (no model): a titled name, a figure in a reported object."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extractors.speech_shapes import holds_figure, titled


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def test_a_name_after_a_title_noun_is_titled_and_a_name_after_a_name_is_not(vocab):
    words = ["Fjord", "analyst", "Ana", "Ruiz", "said"]
    doc = Doc(vocab, words=words, heads=[3, 3, 3, 4, 4], deps=["compound", "compound", "compound", "nsubj", "ROOT"],
              pos=["PROPN", "NOUN", "PROPN", "PROPN", "VERB"], lemmas=["Fjord", "analyst", "Ana", "Ruiz", "say"])
    assert titled(doc[3])
    doc = Doc(vocab, words=["Global", "AI", "Index", "ranks"], heads=[2, 2, 3, 3],
              deps=["compound", "compound", "nsubj", "ROOT"], pos=["PROPN", "PROPN", "PROPN", "VERB"],
              lemmas=["Global", "AI", "Index", "rank"])
    assert not titled(doc[2])


def test_a_figure_counts_in_the_objects_own_phrase_not_in_a_clause_attached_to_it(vocab):
    words = ["Kova", "reported", "a", "20%", "rise", ",", "which", "cost", "$5"]
    doc = Doc(vocab, words=words, heads=[1, 1, 4, 4, 1, 4, 7, 4, 7],
              deps=["nsubj", "ROOT", "det", "amod", "dobj", "punct", "nsubj", "relcl", "dobj"],
              ents=["B-ORG", "O", "O", "B-PERCENT", "O", "O", "O", "O", "B-MONEY"])
    assert holds_figure(doc[4])
    doc = Doc(vocab, words=["Kova", "reports", "results", ",", "which", "cost", "$5"], heads=[1, 1, 1, 2, 5, 2, 5],
              deps=["nsubj", "ROOT", "dobj", "punct", "nsubj", "relcl", "dobj"],
              ents=["B-ORG", "O", "O", "O", "O", "O", "B-MONEY"])
    assert not holds_figure(doc[2])
