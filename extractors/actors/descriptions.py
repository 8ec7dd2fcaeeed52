"""Definite descriptions read from their words: the description noun behind its modifiers and the country a modifier
requires of the referent ("the Chilean AI startup", "the Shenzhen-based firm"); coreference resolves them."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .rules import SPAN_KEY, Rules
from ..gazetteer import Gazetteer, normalise


def any_modified_description(doc: Doc, det: Token, r: Rules, gazetteer: Gazetteer) -> tuple[Token, str | None] | None:
    """"the American firm", "the Chilean AI startup", "the $40 billion Austin company", "the Dutch equipment
    maker": a definite description whose head is a description word behind modifiers (adjectives, nouns,
    amounts, places, demonyms, "X-based"). Read along the words rather than the arcs, which the small parser
    often gets wrong here ("startup" tagged a verb). Returns the noun and the country a demonym or a
    country's place among the modifiers requires of the referent (None when there is none). Not when a name
    follows ("the Dutch firm ASML" introduces ASML) or an "of" complement does."""
    if det.lower_ != "the":
        return None
    country = None
    for t in doc[det.i + 1:det.i + 7]:
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if t.lower_ in r.descriptions and t.pos_ in ("NOUN", "VERB") and t.i > det.i + 1 and not (
                t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i):  # "the group chief": a modifier
            if after is not None and (after.lower_ == "of" or after.pos_ == "PROPN"):
                return None
            return t, country
        found = _modifier(t, r, gazetteer)
        if found is None:
            return None
        country = found or country
    return None


def _modifier(t: Token, r: Rules, gazetteer: Gazetteer) -> str | None:
    """What a word before a description noun says of the referent: the country it requires ("Chilean",
    "Santiago"), "" for a modifier that says nothing of one, None for a word no description holds."""
    if t.pos_ == "PUNCT":
        return "" if t.text in ("-", ",", "\u2013") else None
    if t.pos_ in ("NUM", "SYM", "ADV") or (t.pos_ == "NOUN" and t.is_lower) or t.lower_ in r.locative_participles:
        return ""
    if t.pos_ == "VERB" and t.tag_ == "VBN":
        return ""  # "state-owned", "Tencent-backed"
    demonym = gazetteer.demonyms.get(normalise(t.text))
    if demonym is not None:
        return demonym
    if t.pos_ == "ADJ":
        return ""
    if t.pos_ != "PROPN":
        return None
    entry = gazetteer.lookup(t.text)
    if entry is not None and entry.type == "Country":
        return entry.key  # "the Lima startup": a capital stands for its country
    if t.ent_type_ in ("GPE", "LOC") or any(s.label_ == "Place" and s.text == t.text
                                             for s in t.doc.spans.get(SPAN_KEY, [])):
        return ""  # "the Austin company" (the name is a place where the paragraph names it alone)
    return "" if t.is_upper and len(t) <= 4 else None  # "the AI startup"


def modified_description(doc: Doc, det: Token, r: Rules, gazetteer: Gazetteer) -> tuple[Token, str | None] | None:
    """"the American firm", "the Shenzhen-based startup": a definite description whose head noun is a
    description word behind at most three modifiers (adjectives, demonyms, "X-based"). Returns the noun
    and the country a demonym among the modifiers requires of the referent (None when there is none).
    Not when a name follows ("the Dutch firm ASML" introduces ASML) or an "of" complement does."""
    noun = det.head
    if det.dep_ != "det" or noun.lower_ not in r.descriptions or noun.pos_ != "NOUN" or not 1 < noun.i - det.i <= 5:
        return None
    country = None
    for t in doc[det.i + 1:noun.i]:
        if t.pos_ not in ("ADJ", "PROPN", "VERB", "PUNCT", "NOUN", "ADV") or t.dep_ not in (
                "amod", "compound", "npadvmod", "punct", "advmod", "nmod"):
            return None
        if t.pos_ == "NOUN" and t.lower_ not in r.description_nouns:
            return None  # "the chip firm", "the AI startup": a kind of company, not a way to refer back
        if t.pos_ == "PROPN" and not (t.dep_ == "npadvmod" and t.head.lower_ in r.locative_participles):
            country = gazetteer.demonyms.get(normalise(t.text))  # "American" tagged as a proper noun
            if country is None:
                return None
            continue
        if t.pos_ == "ADJ":
            country = gazetteer.demonyms.get(normalise(t.text)) or country
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if after is not None and (after.lower_ == "of" or after.pos_ == "PROPN"):
        return None
    return noun, country
