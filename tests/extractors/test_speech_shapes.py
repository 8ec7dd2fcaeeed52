"""Shapes around a reporting cue on hand-built parses (no model): a titled name, a figure in a reported object, a
preposition left without its object, a participle after "with"."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extractors.speech_shapes import absolute_participle, holds_figure, loose_object, titled


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


def test_a_preposition_left_without_its_object_takes_the_name_up_to_the_comma(vocab):
    words = ["According", "to", "research", "firm", "Orvane", "Partners", ",", "sales", "fell"]
    doc = Doc(vocab, words=words, heads=[8, 0, 3, 5, 5, 8, 8, 8, 8],
              deps=["prep", "prep", "compound", "compound", "compound", "nsubj", "punct", "nsubj", "ROOT"],
              pos=["VERB", "ADP", "NOUN", "NOUN", "PROPN", "PROPN", "PUNCT", "NOUN", "VERB"],
              sent_starts=[True] + [False] * 8)
    assert [t.text for t in loose_object(doc[1])] == ["Partners"]
    doc = Doc(vocab, words=["According", "to", "Orvane", ",", "sales", "fell"], heads=[5, 0, 1, 5, 5, 5],
              deps=["prep", "prep", "pobj", "punct", "nsubj", "ROOT"], pos=["VERB", "ADP", "PROPN", "PUNCT", "NOUN", "VERB"],
              sent_starts=[True] + [False] * 5)
    assert loose_object(doc[1]) == []  # the parser found the object: nothing to recover


def test_a_participle_after_with_is_absolute_and_a_main_verb_is_not(vocab):
    words = ["Sales", "rose", ",", "with", "Chile", "cited", "as", "a", "hub"]
    doc = Doc(vocab, words=words, heads=[1, 1, 1, 1, 5, 3, 5, 8, 6],
              deps=["nsubj", "ROOT", "punct", "prep", "nsubj", "pcomp", "prep", "det", "pobj"])
    assert absolute_participle(doc[5])
    doc = Doc(vocab, words=["Orvane", "cited", "Chile", "as", "a", "hub"], heads=[1, 1, 1, 1, 5, 3],
              deps=["nsubj", "ROOT", "dobj", "prep", "det", "pobj"])
    assert not absolute_participle(doc[1])
