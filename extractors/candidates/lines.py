"""What each company of an article sells: its line in the gazetteer's table, else what the article calls it.

A flow from a supplier whose sentence names only a price or nothing is of what the supplier sells ("Nvidia
earned $17 billion from China"). Known companies have their line in data/supplier_lines.json; a company the
table does not know takes it from how the article describes it: an apposition ("Kestrel, a maker of
lithography tools"), a title before its name ("Dutch equipment maker Kestrel", "chipmaker Kestrel"), a
copula ("Kestrel is a supplier of memory chips") or a relative clause ("Kestrel, which makes lithography
tools"). The first description naming a specific resource wins.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..actors.rules import rules as actor_rules
from ..lexicon import resource_of, supplier_lines, word_class
from .sentences import GENERIC, Sentence

_PARTIES = ("Company", "Organization")


def article_lines(sentences: list[Sentence], types: dict[str, str]) -> dict[str, str]:
    """Company key -> the resource it sells, for the companies the article names."""
    lines = {k: r for k in types if (r := supplier_lines().get(k)) is not None}
    for s in sentences:
        for key, roots in s.mentions.items():
            if key in lines or types.get(key) not in _PARTIES:
                continue
            for root in roots:
                found = next((r for d in _descriptions(root) if (r := _sold(d)) is not None), None)
                if found is not None:
                    lines[key] = found
                    break
    return lines


def _descriptions(root: Token) -> list[Token]:
    """The nouns or verbs that say what the company named at `root` is or does."""
    out = [c for c in root.children if c.dep_ == "appos"]
    out += [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < root.i]
    if root.dep_ == "appos":
        out.append(root.head)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        out += [c for c in root.head.children if c.dep_ == "attr"]
    out += [c for c in root.children if c.dep_ == "relcl" and c.pos_ == "VERB"]
    return out


def _sold(d: Token) -> str | None:
    """The specific resource a description names as sold: a company noun with the resource among its modifiers
    or its "of" complement ("equipment maker", "supplier of memory chips", "chipmaker"), or the object of a
    verb of making or selling ("which makes lithography tools")."""
    if d.pos_ == "VERB":
        if d.lemma_.lower() not in word_class("selling_verbs"):
            return None
        objs = [c for c in d.children if c.dep_ == "dobj"]
        return _specific(_phrase(objs[0])) if objs else None
    word = d.lemma_.lower()
    stem = next((word[: -len(n)] for n in _nouns_longest_first()
                 if word.endswith(n) and len(word) > len(n) + 2), None)  # "chipmaker": chip + maker
    if word not in actor_rules().company_nouns and stem is None:
        return None
    words = [x.lower_ for c in d.children if c.i < d.i and c.dep_ in ("compound", "amod", "nmod") for x in c.subtree]
    words += [stem] if stem else []
    found = _specific(words + [word])
    for prep in (c for c in d.children if c.dep_ == "prep" and c.lower_ == "of"):
        for o in (c for c in prep.children if c.dep_ == "pobj"):
            found = found or _specific(_phrase(o))
    return found


@lru_cache(maxsize=1)
def _nouns_longest_first() -> tuple[str, ...]:
    """The company nouns (data/actors.json), longest first: the longest one a word ends in is its noun."""
    return tuple(sorted(actor_rules().company_nouns, key=len, reverse=True))


def _phrase(t: Token) -> list[str]:
    """A noun and its modifiers before it, the modifiers as written and the noun by lemma ("data centres" ->
    data centre)."""
    return [x.lower_ if x.i < t.i else x.lemma_.lower() for x in t.subtree if x.i <= t.i]


def _specific(lemmas: list[str]) -> str | None:
    r = resource_of(lemmas)
    return r if r is not None and r not in GENERIC else None
