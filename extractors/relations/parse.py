"""Parse helpers the frames share: agents, owners, made-for participles, copulas, conjunct pairs."""
from __future__ import annotations

from itertools import combinations

from spacy.tokens import Token

from ..arguments import Arguments
from ..lexicon import resource_of, word_class
from .triggers import flow_word, is_supply, trigger_of

# Raw tuples from a frame: (subject, object, resource)
Found = tuple[str | None, str | None, str | None]


def _is_sanction(tok: Token) -> bool:
    """Broad sanctions words name a regime; only a specific measure beside them tells its resource."""
    return tok.lemma_.lower() in word_class("sanction") or tok.lower_ in word_class("sanction")


def _destinations(a: Arguments, flow: Token) -> list[str]:
    """Who a flow word's goods go to ("exports of chips to X", "selling chips into X")."""
    return [k for o in a.pobjs(flow, "to", "into") for k in a.np_actors(o)]


def _under_measure(a: Arguments, measure: Token) -> list[str]:
    """"X is on the entity list", "X remains under sanctions", "X falls under export controls", "X, which is
    subject to export controls": the named party placed under the measure is its target; not "chips that
    are under controls" (a thing, not a party)."""
    prep = measure.head
    if measure.dep_ != "pobj" or prep.lower_ not in ("on", "under", "to"):
        return []
    verb = prep.head
    if prep.lower_ == "to":
        if verb.lower_ not in word_class("subject_to"):
            return []
        verb = verb.head  # "is subject to": the copula holds the subject
    if verb.lemma_.lower() not in word_class("under_measure"):
        return []
    return [k for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for k in a.np_actors(c, modifiers=False)]


def _is_flow(tok: Token) -> bool:
    """Goods moving from a seller ("shipments", "exports", "sales"), by trigger or by word."""
    return is_supply(tok) or flow_word(tok)


def _access_owner(a: Arguments, noun: Token) -> list[str]:
    """Whose reach to goods a noun names ("China's access", "the access of BRICS", "Bolivian fabs' access"):
    the party a measure on it cuts off; not the goods' origin ("access to Swiss know-how")."""
    if noun.lemma_.lower() not in word_class("access"):
        return []
    poss = [k for c in noun.children if c.dep_ == "poss" for k in a.np_actors(c)]
    return poss or [k for o in a.pobjs(noun, "of") for k in a.np_actors(o, modifiers=False)]


def _frame_of(tok: Token) -> str | None:
    trig = trigger_of(tok)
    return trig.frame if trig is not None else None


def _stray_agent(verb: Token) -> Token | None:
    """The agent of a passive verb that the parser attached lower down ("chips can be used to build
    servers by X", with "by X" under "servers"): a "by" phrase inside the verb's own complements."""
    for t in verb.subtree:
        if t.dep_ == "prep" and t.lower_ == "by" and t.i > verb.i:
            cur = t.head
            while cur != verb and cur.dep_ in ("xcomp", "dobj", "pobj", "prep"):
                cur = cur.head
            if cur == verb:
                return next((o for o in t.children if o.dep_ == "pobj"), None)
    return None


def _made_for(tok: Token) -> Token | None:
    """For a noun in "designed/created/built for <tok>", the noun the participle or relative clause
    describes ("a chip that was designed for sale" -> chip)."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "for" or prep.head == prep:
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.dep_ not in ("relcl", "acl"):
        return None
    return verb.head if verb.head.pos_ in ("NOUN", "PROPN") else None


def _copula_subject(noun: Token) -> list[Token]:
    """"The H20 is a chip ...": the subject a predicate noun describes."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return [c for c in noun.head.children if c.dep_ == "nsubj"]
    return []


def _owner(a: Arguments, noun: Token) -> str | None:
    """Who supplies a thing: the maker of a named product, or an actor among its modifiers."""
    k = a.key(noun)
    if k and a.actor_type(k) == "Product":
        return a.maker(k)
    for t in noun.subtree:
        if t.i >= noun.i:
            break
        k = a.key(t)
        if k:
            return a.maker(k) if a.actor_type(k) == "Product" else k
    return None


def _names_resource(a: Arguments, noun: Token) -> bool:
    """The noun itself is a resource, a named product or an amount ("chips", "H100s", "$8 billion in
    grants"), not something about one ("chip orders", "a chip licence")."""
    if noun.pos_ in ("NUM", "SYM") or any(c.tag_ == "$" for c in noun.children):
        return True
    k = a.key(noun)
    return bool(k and a.actor_type(k) == "Product") or resource_of([noun.lemma_.lower()]) is not None


def _model_owner(a: Arguments, noun: Token) -> str | None:
    """Whose model a noun phrase names: the maker of a named model ("the R1 model", "DeepSeek-V3") or
    its possessor ("Alibaba's model")."""
    for t in noun.subtree:
        if t.i > noun.i:
            break
        k = a.key(t)
        if k and a.actor_type(k) == "Product" and a.maker(k):
            return a.maker(k)
    mods = [k for k in a.modifier_actors(noun) if a.actor_type(k) != "Product"]
    return mods[0] if mods else None


def _pairs(parties: list[str], partners: list[str], topic: str) -> list[Found]:
    if partners:
        return [(p, q, topic) for p in parties for q in partners if p != q]
    uniq = list(dict.fromkeys(parties))
    return [(p, q, topic) for p, q in combinations(uniq, 2)]


def _ids(tok: Token) -> frozenset[int]:
    return frozenset(t.i for t in tok.subtree)


def _descend_of(tok: Token) -> Token:
    """'88% of chips' -> chips: a quantity's 'of' complement names the thing."""
    if tok.pos_ in ("NUM", "SYM") or tok.lemma_.lower() in ("%", "percent", "share", "most", "half", "majority", "part", "some", "many"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
    return tok


def _subject_token(tok: Token) -> Token | None:
    """The noun that does what a verb says, climbing through raising and control verbs."""
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return _descend_of(c)
        if cur.dep_ == "acl":
            return cur.head
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head != cur:
            cur = cur.head
            continue
        break
    return None


def _governing_verb(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None
