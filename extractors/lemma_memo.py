"""An exact stand-in for spaCy's rule lemmatizer: each (form, part of speech, morphology) lemmatised once.

In rule mode a token's lemma is a function of its form, its coarse tag and its morphology alone (spaCy's
own cache is keyed on those three), so the lemmatizer's work on a Doc is mostly the Python cost of visiting
each token. The memo visits the Doc's arrays instead, asks the lemmatizer for each new triple, and writes
the lemmas back in one call; like the lemmatizer it leaves lemmas already set (by the attribute rules)
unless the lemmatizer overwrites.
"""
from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

MEMO_LIMIT = 200_000  # distinct triples remembered before the memo starts over


class LemmaMemo:
    """Sets the lemmas the rule lemmatizer it wraps would set."""

    def __init__(self, lemmatizer: Lemmatizer):
        if not memoisable(lemmatizer):
            raise ValueError(f"the lemma memo covers the rule lemmatizer, not {lemmatizer!r}")
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        overwrite = self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            h = self.memo.get(key)
            if h is None:
                if len(self.memo) >= MEMO_LIMIT:
                    self.memo.clear()
                h = self.memo[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = h
        doc.from_array([LEMMA], lemmas)
        return doc


def memoisable(component) -> bool:
    """Whether a component is a lemmatizer the memo stands in for exactly."""
    return isinstance(component, Lemmatizer) and component.mode == "rule"
