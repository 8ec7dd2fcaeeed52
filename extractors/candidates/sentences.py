"""A paragraph's sentences as the candidates read them: each actor's mentions, the resources named, the relation-word classes held."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..actors import ActorIndex
from ..lexicon import entity_resources, resource_terms, word_class
from .parse import Tree

GENERIC = {"other": 0, "ai_technology": 1}  # resources that name nothing specific, least specific first


@dataclass
class Sentence:
    sent: Span
    mentions: dict[str, list[Token]]  # actor key -> the root token of each of its mentions here
    coref: set[str]  # keys known here only through a pronoun or description
    resources: list[tuple[str, int]]  # (resource, token index), specific first, then by position
    classes: set[str]
    foreign: Token | None
    tree: Tree


def _mentions(sent: Span, index: ActorIndex, para: int) -> tuple[dict[str, list[Token]], set[str]]:
    """Actor key -> the root token of each of its mentions in the sentence; and the keys named only by coreference."""
    runs: list[tuple[str, list[Token]]] = []
    kinds: dict[str, set[str]] = {}
    for t in sent:
        key = index.key_at(para, t.i)
        if key is not None:
            kinds.setdefault(key, set()).add(index.kind_at(para, t.i) or "")
            if runs and runs[-1][0] == key and runs[-1][1][-1].i == t.i - 1:
                runs[-1][1].append(t)
            else:
                runs.append((key, [t]))
        for k in index.group_at(para, t.i):  # a plural pronoun stands for each of its actors
            runs.append((k, [t]))
            kinds.setdefault(k, set()).add("coref")
    mentions: dict[str, list[Token]] = {}
    for key, toks in runs:
        ids = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])
        mentions.setdefault(key, []).append(root)
    return mentions, {k for k, ks in kinds.items() if not ks - {"coref"}}


def _resources(sent: Span) -> list[tuple[str, int]]:
    """The resources a sentence names, with the last token of the first term naming each (longer
    terms claim their words first: "chipmaking equipment" is not also "equipment")."""
    terms = resource_terms()
    lemmas = [t.lemma_.lower() if t.pos_ in ("NOUN", "PROPN") else t.lower_ for t in sent]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for n in (3, 2, 1):
        for i in range(len(lemmas) - n + 1):
            res = terms.get(" ".join(lemmas[i:i + n]))
            if res is None or any(j in taken for j in range(i, i + n)):
                continue
            taken.update(range(i, i + n))
            found.setdefault(res, sent.start + i + n - 1)
    by_entity = entity_resources()
    for t in sent:  # an amount of money is a resource as a term is, where no term names that resource
        if t.ent_type_ in by_entity and t.ent_iob_ == "B":
            found.setdefault(by_entity[t.ent_type_], t.i)
    return sorted(found.items(), key=lambda rt: (-GENERIC.get(rt[0], 2), rt[1]))


def _foreign_word(sent: Span) -> Token | None:
    """A word saying the thing comes from abroad without naming from where ("foreign", "imported")."""
    foreign = word_class("foreign")
    for t in sent:
        if t.lower_ in foreign:
            return t
    return None


def read_sentences(doc: Doc, para: int, index: ActorIndex) -> list[Sentence]:
    """The sentences of one paragraph doc (paragraph number `para` of the article)."""
    out = []
    tree = Tree(doc)
    for sent in doc.sents:
        mentions, coref = _mentions(sent, index, para)
        classes = {c for t in tree.tokens[sent.start:sent.end] for c in tree.cls(t)}
        out.append(Sentence(sent, mentions, coref, _resources(sent), classes, _foreign_word(sent), tree))
    return out


def headline(sent) -> bool:
    """A line of its own without closing punctuation: a title or heading."""
    text = sent.text.strip()
    return "\n" not in text and bool(text) and text[-1] not in ".!?\"\u201d" and (
        sent.start == 0 or "\n" in sent.doc[sent.start - 1].text_with_ws)
