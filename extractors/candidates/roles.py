"""The argument an actor is of a relation word, by its word class's role table (data/relation_roles.json): one mapping per class over active, passive, noun and possessor forms."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import read_json

MAX_UP = 2  # an actor hanging from a word more than two arcs above the relation word is not its argument
_THROUGH = frozenset({"prep", "agent", "conj", "appos", "cc", "punct", "det"})  # arcs looked through
_PASS_ON = frozenset({"pobj:of", "pobj:like", "pobj:including", "pobj:as", "pobj:among"})  # "exports of chips to X",
# "chipmakers like X", "firms such as X": the arc after it decides
_FIT_ORDER = ("both", "one", "none", "clash", "wrong", "swap")  # best first


@lru_cache(maxsize=None)
def role_tables() -> dict[str, dict[str, str]]:
    """Word class -> arc -> 's', 'o' or 'p' (either party)."""
    return {cls: {arc: r for arc, r in row.items() if not arc.startswith("//")}
            for cls, row in read_json("relation_roles.json").items() if not cls.startswith("//")}


def _arc(t: Token) -> str:
    return f"pobj:{t.head.lower_}" if t.dep_ == "pobj" else t.dep_


def arc_key(x_up: list[Token], t_up: list[Token]) -> str | None:
    """The arc that links an actor to a relation word, from the tokens between the actor and their lowest
    common ancestor (`x_up`, the actor first) and between the word and that ancestor (`t_up`)."""
    if len(t_up) > MAX_UP or not x_up:
        return None
    prefix = "^" if t_up else ""
    arcs = [_arc(t) for t in reversed(x_up) if t.dep_ not in _THROUGH]
    if not arcs:  # the actor is coordinated with or in apposition to the word itself
        return prefix + x_up[-1].dep_
    for a in arcs:
        if a not in _PASS_ON:
            return prefix + a
    return prefix + arcs[0]


def fit_of(kind: str, s_role: str | None, o_role: str | None) -> str:
    """How two roles fit the kind's direction: both, one (the other unknown), swap (reversed), clash
    (one right, one wrong), wrong (one wrong, the other unknown) or none."""
    if kind == "cooperation":
        n = (s_role == "p") + (o_role == "p")
        return ("none", "one", "both")[n]
    right = (s_role == "s") + (o_role == "o")
    wrong = (s_role == "o") + (o_role == "s")
    if right and wrong:
        return "clash"
    return ("none", "one", "both")[right] if right or not wrong else ("wrong", "swap")[wrong - 1]


def better(a: str, b: str) -> bool:
    return _FIT_ORDER.index(a) < _FIT_ORDER.index(b)


def _role(tree, trigger: Token, x: Token | None, table: dict[str, str]) -> str | None:
    if x is None:
        return None
    pair = (x.i, trigger.i)
    if pair not in tree.arc_keys:  # the same for every class of the word: found once
        x_up, lca, t_up = tree.path(x, trigger)
        tree.arc_keys[pair] = (arc_key(x_up, t_up) if lca is not None else None, len(t_up))
    key, above = tree.arc_keys[pair]
    if not key:
        return None
    # a complement hanging one word above ("discontinued sales to X"): the same role as below
    return table.get(key) or (table.get(key[1:]) if key.startswith("^pobj") and above == 1 else None)


def role_features(tree, kind: str, triggers: list[Token], classes: frozenset[str],
                  s_tok: Token | None, o_tok: Token | None) -> list[str]:
    """The best fit of the pair's roles to any relation word of the kind in the sentence (which argument
    each actor is of it, by the word's class): the generalised frame, tolerant of which word the parser
    hung the actors from."""
    tables = role_tables()
    best: tuple[str, str, str | None, str | None] | None = None
    for t in triggers:
        if t in (s_tok, o_tok):
            continue
        for cls in tree.cls(t):
            if cls not in classes or cls not in tables:
                continue
            sr, orole = _role(tree, t, s_tok, tables[cls]), _role(tree, t, o_tok, tables[cls])
            fit = fit_of(kind, sr, orole)
            if best is None or better(fit, best[0]):
                best = (fit, cls, sr, orole)
    if best is None:
        return ["fit=notrigger"]
    fit, cls, sr, orole = best
    return [f"fit={fit}", f"fit={fit}&T={cls}", f"sem={sr or '-'}/{orole or '-'}&T={cls}"]
