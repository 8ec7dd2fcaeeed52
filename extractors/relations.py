"""Relations (dependency, restriction, cooperation) read from the dependency parse."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .actors import ActorIndex
from .lexicon import resource_of
from .records import FOREIGN, Attribution, Evidence, Figure, Relation

_DEPEND_VERBS = {"depend", "rely"}
_DEPEND_ADJ = {"dependent", "reliant"}
_DEPEND_NOUNS = {"dependence", "reliance", "dependency"}


def _resource_and_provider(np: Token, p: int, index: ActorIndex) -> tuple[str | None, str | None]:
    """Resource named by a noun phrase head, and a provider named inside it (demonym, 'foreign')."""
    lemmas = [t.lemma_.lower() for t in np.subtree if t.i <= np.i and t.pos_ in ("NOUN", "PROPN", "ADJ")]
    resource = resource_of(lemmas)
    provider = None
    for t in np.subtree:
        if t.i >= np.i:
            break
        key = index.key_at(p, t.i)
        if key:
            provider = key
        elif t.lower_ == "foreign":
            provider = FOREIGN
    return resource, provider


def _subject(tok: Token, p: int, index: ActorIndex) -> str | None:
    head = tok
    for _ in range(4):
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass", "poss"):
                key = index.key_at(p, c.i)
                if key:
                    return key
        if head.dep_ in ("xcomp", "acomp", "ccomp", "conj") and head.head is not head:
            head = head.head
        else:
            break
    return None


def _modality(tok: Token) -> str:
    head = tok if tok.pos_ == "VERB" else tok.head
    for t in (*head.children, *tok.children):
        if t.dep_ == "neg":
            return "negated"
        if t.lower_ in ("may", "might", "could", "likely", "reportedly"):
            return "hedged"
        if t.lower_ in ("will", "would", "plan", "aim"):
            return "planned"
    return "asserted"


def extract_relations(
    paras: list[tuple[Doc, int]],
    index: ActorIndex,
    attributions: list[Attribution],
    figures: list[Figure],
    text: str,
) -> list[Relation]:
    out: list[Relation] = []
    for p, (doc, offset) in enumerate(paras):
        for tok in doc:
            lemma = tok.lemma_.lower()
            if not (lemma in _DEPEND_VERBS or lemma in _DEPEND_ADJ or lemma in _DEPEND_NOUNS):
                continue
            subject = _subject(tok, p, index)
            if subject is None:
                continue
            provider = resource = None
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "upon"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            key = index.key_at(p, obj.i)
                            if key:
                                provider = key
                            else:
                                resource, provider = _resource_and_provider(obj, p, index)
                if prep.dep_ == "prep" and prep.lower_ == "for":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            resource = resource or _resource_and_provider(obj, p, index)[0]
            if provider is None or provider == subject:
                continue
            sent = tok.sent
            base = offset + sent.start_char
            out.append(Relation(
                kind="dependency",
                subject=subject,
                object=provider,
                resource=resource or "other",
                modality=_modality(tok),
                evidence=Evidence(sent.text, base, base + len(sent.text)),
                trigger=tok.text,
            ))
    return out
