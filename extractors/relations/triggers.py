"""Trigger words: which word announces which relation frame, under the conditions of data/relation_triggers.jsonl."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import Trigger, relation_triggers, word_class


def _coarse(tok: Token) -> str:
    return "NOUN" if tok.pos_ == "PROPN" else tok.pos_


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """Every lemma or form some trigger is keyed by ("list" for "entity list"): most tokens are none of these."""
    return frozenset(w for w, _ in relation_triggers()) | {"list"}


def trigger_of(tok: Token) -> Trigger | None:
    lemma, lower = tok.lemma_.lower(), tok.lower_
    words = _words()
    if lemma not in words and lower not in words:
        return None
    triggers, coarse = relation_triggers(), _coarse(tok)
    trig = triggers.get((lemma, coarse)) or triggers.get((lower, coarse))
    if trig is None and lower == "list" and any(c.lower_ == "entity" for c in tok.children):
        trig = triggers.get(("entity list", "NOUN"))
    if trig is None:
        return None
    if trig.needs and not _governs(tok, trig.needs):
        return None
    if trig.needs_modifier and not any(
        c.lower_ in trig.needs_modifier or c.lemma_.lower() in trig.needs_modifier
        for c in tok.children if c.i < tok.i
    ):
        return None
    if trig.needs_head and tok.head.lemma_.lower() not in trig.needs_head:
        return None
    if trig.not_modifier and any(c.lower_ in trig.not_modifier for c in tok.children if c.i < tok.i):
        return None
    if trig.kind == "restriction" and coarse == "VERB" and any(
            c.dep_ == "dobj" and (m := trigger_of(c)) is not None and m.kind == "restriction" for c in tok.children):
        return None  # "suspended its export controls": the measure noun carries the reading, the verb acts on it
    return trig


def _governs(tok: Token, words: tuple[str, ...]) -> bool:
    """tok has one of `words` as a particle or preposition, directly or under its object ("make its way into")."""
    for c in tok.children:
        if c.lower_ in words and c.dep_ in ("prep", "prt", "agent", "advmod", "dative"):
            return True
        if c.dep_ in ("dobj", "npadvmod", "advmod"):
            if any(g.lower_ in words and g.dep_ in ("prep", "prt") for g in c.children):
                return True
    return False


def is_supply(tok: Token) -> bool:
    trig = relation_triggers().get((tok.lemma_.lower(), _coarse(tok)))
    return trig is not None and trig.frame in ("supply", "acquire")


def listing(trig: Trigger) -> bool:
    """A listing ("added X to the entity list") names parties, not a resource."""
    return trig.needs_list or trig.lemma in word_class("list")


def sold(tok: Token) -> bool:
    """Goods leaving a seller ("exports", "sales", "shipments"; not "imports", nor "supply", whose owner may
    receive it): the noun's owner is the seller, whom a measure on the flow does not cut off ("restricted
    Nvidia's exports to China": China is cut off; "curbs its own exports": nobody named is)."""
    if tok.lemma_.lower() in word_class("owner_receives") or tok.lower_ in word_class("owner_receives"):
        return False
    trig = trigger_of(tok)
    return (trig is not None and trig.frame == "supply") or flow_word(tok)


def flow_word(tok: Token) -> bool:
    """A noun of goods moving from a seller besides the supply triggers ("shipments", "deliveries";
    data/relation_words.json 'flow')."""
    return tok.lemma_.lower() in word_class("flow") or tok.lower_ in word_class("flow")


def restricted(tok: Token) -> bool:
    """A supply or purchase that a restriction governs ("barred from selling", "limit exports") is denied,
    not a dependency."""
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return False
        via = cur
        cur = cur.head
        trig = trigger_of(cur)  # with its conditions: "stopped buying" is not "stopped X from buying"
        if trig is not None and trig.kind == "restriction":
            return True
        if cur.pos_ in ("VERB", "AUX") and via.dep_ == "prep" and via.lower_ in ("on", "against") and any(
                c.dep_ == "dobj" and (t := trigger_of(c)) is not None and t.kind == "restriction" for c in cur.children):
            return True  # "set a quota on exports to X", with "on" hung from the verb
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ in ("ROOT", "ccomp", "relcl", "advcl", "conj"):
            return False
    return False
