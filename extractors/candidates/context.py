"""The article around a sentence: what holds for the whole article, and what the sentences before it said.

Actor types, salience ranks, the states of bodies, outlets and analysts (data/observers.json) and what each
supplier sells (`lines`) hold for the article; the last resource, the previous subject and the last
restrictor follow it sentence by sentence and fill the empty roles of a reading.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..actors import ActorIndex
from ..arguments import Arguments
from ..lexicon import argument_types, observers
from ..records import Attribution, Relation
from ..relations import home_country
from .classes import classes_of
from .lines import article_lines
from .sentences import GENERIC, Sentence
from .speaker_org import SpeakerOrgs

Attributor = Callable[[Token, int], "Attribution | None"]


@dataclass
class Context:
    """What the article said before the sentence: the salient actors and resources that fill its gaps."""

    types: dict[str, str]  # actor key -> type, for every actor the article names and the gazetteer knows
    maker: Callable[[str], "str | None"]
    attribute: Attributor
    speakers: SpeakerOrgs
    topic: str | None = None  # the article's most named specific resource
    last_res: str | None = None  # the last specific resource named
    prev_subject: str | None = None  # the actor the previous sentence was about (its grammatical subject)
    last_restrictor: str | None = None  # who last imposed a measure
    rank: dict[str, int] = field(default_factory=dict)  # actor key -> 1 for the most mentioned, 2, 3, 4 for the rest
    lines: dict[str, str] = field(default_factory=dict)  # company key -> what it sells (`lines.article_lines`)
    framed_pairs: frozenset[tuple] = frozenset()  # (kind, subject, object) the frames read anywhere in the article
    home: dict[str, str] = field(default_factory=dict)  # a body's key -> its state's ("us_department_of_commerce")
    observers: frozenset[str] = frozenset()  # outlets, analysts, think tanks the article names (data/observers.json)

    def follow(self, s: Sentence, rule_here: list[Relation]) -> None:
        specific = [r for r, _ in s.resources if r not in GENERIC]
        if specific:
            self.last_res = specific[0]
        # the subject of a main clause, or the owner of it ("Japan's chip exports grew": Japan)
        subjects = [k for k, toks in s.mentions.items() for t in toks
                    if (t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ROOT", "ccomp", "conj"))
                    or (t.dep_ in ("poss", "compound") and t.head.dep_ in ("nsubj", "nsubjpass")
                        and t.head.head.dep_ == "ROOT")]
        if subjects:
            self.prev_subject = subjects[0]
        named = [r.subject for r in rule_here if r.kind == "restriction" and r.subject and r.confidence >= 1]
        named += [k for k, toks in s.mentions.items() for t in toks if t.dep_ == "nsubj"
                  and set(classes_of(t.head)) & {"measure", "impose"} and self.types.get(k) in argument_types()["restriction"][0]]
        if named:
            self.last_restrictor = named[-1]


def article_context(paras: list[tuple[Doc, int]], sentences: list[Sentence], index: ActorIndex,
                    rules: list[Relation], attribute: Attributor) -> Context:
    """The context at the article's first sentence: what holds for the whole article."""
    article_res = Counter(r for s in sentences for r, _ in s.resources if r not in GENERIC)
    named = {key for key, _ in index.mentions.values()}  # one entry per mentioned token: keys repeat
    types = {key: t for key in named for t in [index.type_of(key)] if t}
    types.update({k: index.type_of(k) or "none" for k in {k for ks in index.groups.values() for k in ks}})
    counts = Counter(k for (p, i), (k, kind) in index.mentions.items()
                     if kind == "coref" or index.key_at(p, i - 1) != k)  # one per mention, not per token
    rank = {k: min(n, 4) for n, (k, _) in enumerate(counts.most_common(), start=1)}
    countries = [k for k, t in types.items() if t == "Country"]
    home = {k: h for k in types if (h := home_country(index, k, countries)) is not None and h != k}
    keys, heads = observers()
    watching = frozenset(k for k, t in types.items() if k in keys or (t == "Organization" and k.rsplit("_", 1)[-1] in heads))
    return Context(types, Arguments(index, 0).maker, attribute, SpeakerOrgs(paras, index), home=home, observers=watching,
                   lines=article_lines(sentences, types),
                   topic=article_res.most_common(1)[0][0] if article_res else None, rank=rank,
                   framed_pairs=frozenset(p for r in rules for p in pair_keys(r.kind, r.subject, r.object)))


def pair_keys(kind: str, subj: str | None, obj: str | None) -> tuple[tuple, ...]:
    """The keys a relation's pair is known by (a cooperation either way round)."""
    return ((kind, subj, obj), (kind, obj, subj)) if kind == "cooperation" else ((kind, subj, obj),)
