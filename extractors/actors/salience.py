"""Salience of the actors an article has mentioned so far: which one a pronoun most likely stands for.

A pronoun takes the most salient compatible actor, not merely the most recent: "Kova reported record sales
to Peru. Its order book is full." - "Its" is Kova, the previous sentence's subject. Each mention adds the
weight of its grammatical role (subject > object > other), halved (`decay`) for every sentence since, and
an actor mentioned again adds up (repetition). Beyond `window` sentences a mention weighs nothing and the
most recent compatible actor wins, as before salience was weighed. Within the pronoun's own sentence the
subject of the clause that holds it comes first (`clause_antecedent`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from typing import Protocol

from spacy.tokens import Token


class Mentions(Protocol):
    """What the clause rule reads of the article's actor index (actors.index.ActorIndex, which cannot be
    imported here: its module needs the rules, whose module needs this one)."""

    def key_at(self, para: int, token_i: int) -> str | None: ...

    def type_of(self, key: str) -> str | None: ...

_KEEP = 50  # entries kept: far more than a window of sentences holds


@dataclass(frozen=True)
class SalienceRules:
    """Which dependency labels make a mention a subject or an object, and what each role weighs."""

    subject_deps: frozenset[str]
    object_deps: frozenset[str]
    weights: dict[str, float]  # role ("subject", "object", "other") -> weight
    decay: float  # the factor per sentence of distance
    window: int  # sentences back that still count

    @classmethod
    def from_data(cls, d: dict) -> "SalienceRules":
        return cls(subject_deps=frozenset(d["subject_deps"]), object_deps=frozenset(d["object_deps"]),
                   weights=dict(d["weights"]), decay=float(d["decay"]), window=int(d["window"]))

    def role(self, tok: Token) -> str:
        """The role of the mention whose token this is: a conjunct shares its first conjunct's role, and the
        owner or modifier of a subject ("Kova's sales rose", "Trade Ministry") counts as the subject."""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in self.subject_deps:
            return "subject"
        owned = tok.head if tok.dep_ in ("poss", "compound") else tok  # "Huawei's ability", "Trade Ministry"
        if owned.dep_ in self.subject_deps:
            return "subject"
        if owned.dep_ in self.object_deps:
            return "object"
        return "other"


@dataclass
class _Entry:
    key: str  # "" = a description that named nobody known ("the Chinese firm" with no Chinese firm named)
    type: str
    sentence: int
    weight: float


@dataclass
class Salience:
    """The mentions so far, most recent last, and the sentence the article is in."""

    rules: SalienceRules
    entries: list[_Entry] = field(default_factory=list)
    sentence: int = 0

    def next_sentence(self) -> None:
        self.sentence += 1

    def mention(self, key: str, type_: str, role: str = "other") -> None:
        """A mention in the current sentence; the tokens of one mention (or a pronoun right after its
        antecedent) count once, with the strongest role among them."""
        w = self.rules.weights[role]
        last = self.entries[-1] if self.entries else None
        if last is not None and last.key == key and last.sentence == self.sentence:
            last.weight = max(last.weight, w)
            return
        self.entries.append(_Entry(key, type_, self.sentence, w))
        del self.entries[:-_KEEP]

    def keys(self) -> set[str]:
        return {e.key for e in self.entries}

    def recent(self, accept: Callable[[str, str], bool], sentences: int | None = None) -> str | None:
        """The most recent accepted key (within `sentences` sentences back when given)."""
        for e in reversed(self.entries):
            if sentences is not None and self.sentence - e.sentence > sentences:
                return None
            if accept(e.key, e.type):
                return e.key
        return None

    def best(self, accept: Callable[[str, str], bool]) -> str | None:
        """The most salient accepted key; ties (and mentions beyond the window) go to the most recent.
        None when no mention is accepted; "" when an unresolved description is the most salient."""
        r = self.rules
        score: dict[str, float] = {}
        order: dict[str, int] = {}
        for n, e in enumerate(self.entries):
            if not accept(e.key, e.type):
                continue
            distance = self.sentence - e.sentence
            score[e.key] = score.get(e.key, 0.0) + (e.weight * r.decay ** distance if distance <= r.window else 0.0)
            order[e.key] = n
        if not score:
            return None
        return max(score, key=lambda k: (round(score[k], 6), order[k]))

    def last_distinct(self, accept: Callable[[str, str], bool], n: int, sentences: int) -> tuple[str, ...]:
        """The last `n` distinct accepted keys named within `sentences` sentences, in text order ("Kova signed
        with Zeltronic. The two companies ..."); empty when fewer were named."""
        found: list[str] = []
        for e in reversed(self.entries):
            if self.sentence - e.sentence > sentences:
                break
            if e.key and e.key not in found and accept(e.key, e.type):
                found.append(e.key)
                if len(found) == n:
                    return tuple(reversed(found))
        return ()


def clause_antecedent(index: Mentions, p: int, tok: Token, accept) -> str | None:
    """The subject of the nearest clause above `tok` that names an accepted actor before it: "after the
    administration introduced its rules", "Sophgo said that it ...", "Huawei's ability to improve its
    chips" (a possessor is the subject of its noun); under "urged the department to review its decision"
    the object controls the infinitive."""
    child, head = tok, tok.head
    while head.i != child.i:
        for c in head.children:
            if c.i >= tok.i or c.i == child.i:
                continue
            if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "poss" and head.pos_ in ("NOUN", "PROPN")) or (
                    c.dep_ == "dobj" and child.dep_ == "xcomp"):
                key = index.key_at(p, c.i)
                if key is not None and accept(key, index.type_of(key) or ""):
                    return key
        child, head = head, head.head
    return None
