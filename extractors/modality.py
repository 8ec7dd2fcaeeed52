"""Modality of a relation (asserted, planned, hedged, negated) read from the clause around its trigger."""
from __future__ import annotations

from spacy.tokens import Token

from .lexicon import modality_cues, word_class

_ORDER = {"negated": 3, "hedged": 2, "planned": 1, "asserted": 0}
# Climbing from the trigger stays inside its clause: these links lead to another clause (a reporting
# verb, a relative or adverbial clause) whose tense or mood is not the claim's.
_FINITE = frozenset({"VBZ", "VBD", "VBP"})
_NON_FINITE = frozenset({"VB", "VBG", "VBN"})
_CLAUSE_BOUNDARY = frozenset({"ccomp", "relcl", "advcl", "parataxis", "ROOT", "csubj"})


def own_clause(tok: Token) -> bool:
    """A conjunct with its own subject ("..., and Russia remains dependent") is a clause of its own: the
    negation or plan of the clause it is coordinated with is not its own."""
    if tok.dep_ != "conj":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
        return True
    # a finite verb coordinated with a participle or infinitive ("has stopped buying X and now imports Y")
    # is really coordinated with the clause above, whose governing verb it does not share
    return tok.tag_ in _FINITE and tok.head.tag_ in _NON_FINITE


def contrasted(tok: Token) -> bool:
    """A conjunct introduced by a contrast ("does not sell chips but buys them") reverses, not shares,
    the mood of the first one."""
    # spaCy hangs the conjunction on the first conjunct, between the two
    return tok.dep_ == "conj" and any(
        c.dep_ == "cc" and c.lower_ in modality_cues().get("contrast", {}) and tok.head.i < c.i < tok.i
        for c in (*tok.head.children, *tok.children))


def small_clause(tok: Token) -> bool:
    """A bare infinitive under 'let', 'make' or 'help' ("refused to let Kova sell"), or the infinitive a
    permission verb lets happen ("has not allowed Kova to deliver"), belongs to the clause above it: the parser
    calls it a clause of its own, but its refusal or plan is the governing verb's."""
    if tok.dep_ != "ccomp" or tok.tag_ != "VB":
        return False
    head = tok.head.lemma_.lower()
    if head in word_class("permission_verbs"):
        return True
    return head in word_class("bare_infinitive") and not any(c.dep_ in ("aux", "mark") for c in tok.children)


def reduced(tok: Token) -> bool:
    """A reliance word a reduction word governs ("cut its dependence on X", "a reduction in reliance on X"):
    the reliance stands, whatever the reduction's plan or negation (data: reduction, reliance)."""
    if tok.lemma_.lower() not in word_class("reliance"):
        return False
    head = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of") else tok.head
    return head.i != tok.i and head.lemma_.lower() in word_class("reduction") and tok.dep_ in ("dobj", "pobj", "nsubjpass")


def governs_reliance(tok: Token) -> bool:
    """A reduction word whose object is a reliance ("curb reliance on X"): no measure on X."""
    return any(reduced(c) or (c.dep_ == "prep" and any(reduced(g) for g in c.children)) for c in tok.children)


def clause_chain(tok: Token, limit: int = 6) -> list[Token]:
    """The trigger and the words it hangs from up to its clause's boundary."""
    chain = [tok]
    cur = tok
    for _ in range(limit):
        if (cur.dep_ in _CLAUSE_BOUNDARY and not small_clause(cur)) or cur.head == cur or own_clause(cur) \
                or contrasted(cur):
            break
        cur = cur.head
        chain.append(cur)
    return chain


def modality_of(tok: Token) -> str:
    cues = modality_cues()
    found = "asserted"

    def note(m: str) -> None:
        nonlocal found
        if _ORDER[m] > _ORDER[found]:
            found = m

    chain = [tok] if reduced(tok) else clause_chain(tok)  # "plans to cut its reliance on X": it relies on X
    for i, t in enumerate(chain):
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" and low in cues.get("neg", {}):
                note(cues["neg"][low])
            elif c.dep_ in ("aux", "auxpass") and low in cues.get("aux", {}):
                note(cues["aux"][low])
            elif c.dep_ in ("advmod", "mark", "advcl", "npadvmod"):
                if low in cues.get("adv", {}):
                    note(cues["adv"][low])
                if low == "longer" and any(x.lower_ == "no" for x in c.children):
                    note(cues["adv"].get("no longer", "negated"))
            elif c.dep_ == "det" and low == "no" and i == 0:
                note("negated")
        if i == 0 or chain[i - 1].dep_ == "conj":
            continue  # a coordinated verb is a sibling, not a governor ("stopped selling and remains")
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX") and lemma in cues.get("governor", {}):
            note(cues["governor"][lemma])
        elif t.pos_ in ("NOUN", "PROPN") and lemma in cues.get("governor_noun", {}):
            note(cues["governor_noun"][lemma])
    # an inverted conditional ("Should Russia convince China ...") or "if" marks the whole clause
    top = chain[-1]
    for c in top.children:
        if c.dep_ == "mark" and c.lower_ in cues.get("adv", {}):
            note(cues["adv"][c.lower_])
    if top.dep_ == "advcl":
        for c in top.children:
            if c.dep_ == "mark" and c.lower_ == "if":
                note("hedged")
    return found
