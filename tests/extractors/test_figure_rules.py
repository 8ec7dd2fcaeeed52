"""Figure rules on hand-built parses (no model): ordinals of sequence, partitives, counts that point back."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extractors.figure_counts import _only_points_back, _ordinal_rank, _partitive


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parse(vocab, words, heads, deps, pos, tags=None) -> Doc:
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags or ["" for _ in words])


def test_ordinal_with_determiner_modifying_a_noun_is_a_rank(vocab):
    doc = parse(vocab, ["The", "third", "plant", "opens"], [2, 2, 3, 3], ["det", "amod", "nsubj", "ROOT"],
                ["DET", "ADJ", "NOUN", "VERB"])
    hit = _ordinal_rank(doc[1], 4)
    assert hit is not None and (hit.value, hit.unit) == (3.0, "rank")


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos"),
    [
        (["via", "third", "countries"], [0, 2, 0], ["ROOT", "amod", "pobj"], ["ADP", "ADJ", "NOUN"]),
        (["the", "first", "phase"], [2, 2, 2], ["det", "amod", "ROOT"], ["DET", "ADJ", "NOUN"]),
        (["the", "second", "half"], [2, 2, 2], ["det", "amod", "ROOT"], ["DET", "ADJ", "NOUN"]),
    ],
    ids=["no-determiner", "first-is-initial", "stoplisted-noun"],
)
def test_ordinals_that_rank_nothing(vocab, words, heads, deps, pos):
    doc = parse(vocab, words, heads, deps, pos)
    assert _ordinal_rank(doc[1], 0) is None


def test_number_before_of_and_a_group_is_a_partitive(vocab):
    doc = parse(vocab, ["six", "of", "the", "members"], [0, 0, 3, 1], ["ROOT", "prep", "det", "pobj"],
                ["NUM", "ADP", "DET", "NOUN"])
    assert _partitive(doc[0])


def test_number_that_modifies_a_noun_is_not_a_partitive(vocab):
    doc = parse(vocab, ["six", "of", "them"], [1, 1, 1], ["nummod", "ROOT", "pobj"], ["NUM", "ADP", "PRON"])
    assert not _partitive(doc[0])


def test_speakers_counted_as_subject_of_a_reporting_verb_point_back(vocab):
    doc = parse(vocab, ["Four", "engineers", "said"], [1, 2, 2], ["nummod", "nsubj", "ROOT"],
                ["NUM", "NOUN", "VERB"])
    doc[2].lemma_ = "say"
    assert _only_points_back(doc[1], set())


def test_appositive_count_of_named_parties_points_back(vocab):
    doc = parse(vocab, ["Norvik", ",", "three", "makers", ",", "bid"], [5, 0, 3, 0, 0, 5],
                ["nsubj", "punct", "nummod", "appos", "punct", "ROOT"], ["PROPN", "PUNCT", "NUM", "NOUN", "PUNCT", "VERB"])
    assert _only_points_back(doc[3], {0})
    assert not _only_points_back(doc[3], set())


def test_every_round_scale_is_a_scale():
    from extractors.figure_lexicon import lexicon

    d = lexicon().data
    assert set(d["round_scales"]) <= set(d["scales"])  # "a thousand": the article is one, the scale multiplies it
