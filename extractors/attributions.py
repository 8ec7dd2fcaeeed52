"""Attributions: who the text says said, reported, ranked or planned something, with the reporting chain.

Cues are data (`data/speech.jsonl`): reporting verbs whose subject is the source ("X warns that"),
"according to X", a source's statement, speech, plan or index ("Putin's speech", "X's index ranks"),
and bare quotations that continue the last speaker. When one cue sits inside the clause of another
("Forbes Russia writes that the deputy secretary said ..."), the inner speaker is the source and the
outer ones form its chain.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex
from .arguments import Arguments
from .lexicon import speech_cues
from .records import Attribution
from .spans import sentence_evidence

_QUOTES = "\"\u201c\u201d\u00ab\u2018'"
_ANONYMOUS = frozenset({"source", "sources", "person", "people", "official", "officials", "insider", "insiders",
                        "someone", "executive", "analyst", "analysts"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its"})
_SOURCE_TYPES_FOR_NOUNS = frozenset({"Person", "Organization", "Company", "GovernmentBody", "Bloc"})
# Common nouns that can head a speaker's noun phrase ("a senior U.S. official said", "DeepSeek researchers said")
_PEOPLE = frozenset({"official", "spokesperson", "spokesman", "spokeswoman", "researcher", "analyst", "executive",
                     "ceo", "chief", "minister", "secretary", "president", "expert", "economist", "scientist",
                     "engineer", "representative", "source", "person", "people", "insider", "team", "firm",
                     "company", "group", "agency", "ministry", "department", "government", "administration",
                     "regulator", "lawmaker", "diplomat", "director", "head", "founder", "chairman", "leader",
                     "author", "editor", "journalist", "correspondent", "staff", "employee", "investor", "bank",
                     "startup", "manufacturer", "maker", "chipmaker", "office", "committee", "council", "ministry"})


@dataclass
class _Cue:
    source: str
    tok: Token
    label: str


class _Reader:
    def __init__(self, args: Arguments):
        self.a = args

    def source(self, head: Token | None, nouns_only: bool = False, last: str | None = None) -> str | None:
        """The actor a noun phrase names as a source: its head, else a non-country modifier or an
        "of/from/by" complement, else a country modifier ("a senior U.S. official")."""
        if head is None:
            return None
        a = self.a
        k = a.key(head)
        if k:
            if a.actor_type(k) == "Product" or a.kind(head) == "ner":
                # "Tortoise Media's Global AI Index": the index's owner is the source
                owner = [x for x in a.modifier_actors(head) if x != k and a.actor_type(x) != "Product"]
                if owner:
                    return owner[0]
            return k
        if head.lower_ in _PRONOUNS and last is not None:
            return last  # an unresolved "he said" continues the last speaker
        cands = a.np_actors(head) or a.modifier_actors(head)
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "from", "by"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        cands += [x for x in a.np_actors(o) if x not in cands]
            if c.dep_ == "acl":  # "the index, published by Tortoise Media"
                agent = a.passive_agent(c)
                if agent is not None:
                    cands += [x for x in a.np_actors(agent) if x not in cands]
        if not cands:
            return None
        non_country = [x for x in cands if a.actor_type(x) != "Country"]
        if non_country:
            return non_country[0]
        return None if nouns_only else cands[0]

    def verb_cue(self, tok: Token, last: str | None) -> str | None:
        cue = speech_cues().get((tok.lemma_.lower(), "verb"))
        if cue is None or tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
            return None
        a = self.a
        if cue.needs and not any(c.lower_ in cue.needs for c in tok.children if c.dep_ in ("prep", "prt")):
            return None
        if cue.needs_clause and not any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
            return None
        if cue.no_object and any(c.dep_ == "dobj" for c in tok.children):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        src = None
        if subj is not None and not (a.key(subj) or subj.pos_ == "PRON" or subj.lemma_.lower() in _PEOPLE
                                     or (subj.lemma_.lower(), "noun") in speech_cues()):
            return None  # "Putin's order emphasizes": a thing, not a speaker, is the subject
        if subj is not None:
            src = self.source(subj, last=last)
            if src is None and cue.listener_fallback and (subj.lemma_.lower() in _ANONYMOUS or subj.lower_ in _ANONYMOUS):
                listener = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
                src = self.source(listener)
        else:
            agent = a.passive_agent(tok)
            if agent is not None:
                src = self.source(agent)
            else:  # "In the Reuters report, it was noted that ..."
                for o in a.pobjs(tok, "in"):
                    src = src or self.source(o, nouns_only=True)
        if src is None:
            return None
        if cue.no_country_subject and a.actor_type(src) == "Country":
            return None
        return src

    def noun_cue(self, tok: Token) -> str | None:
        cue = speech_cues().get((tok.lemma_.lower(), "noun"))
        if cue is None or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        a = self.a
        # a speaker's statement counts where the sentence presents it: as subject, with its owner named,
        # or as the agent or frame of the report ("confirmed by analysis from X", "in X's speech")
        named_owner = [k for c in tok.children if c.dep_ == "poss" and c.tag_ not in ("PRP$",)
                       for t in c.subtree for k in [a.key(t)] if k]
        if not named_owner and tok.dep_ not in ("nsubj", "nsubjpass") and tok.head.dep_ not in ("agent",):
            return None
        cands = [k for k in a.modifier_actors(tok)
                 if not any(t.tag_ == "PRP$" and a.key(t) == k for t in tok.children)]
        for o in a.pobjs(tok, "from", "by"):
            cands += a.np_actors(o) or ([self.source(o)] if self.source(o) else [])
        head = tok.head
        if tok.dep_ == "nsubj" and head.lemma_.lower() == "come":  # "the statement came from X"
            for o in a.pobjs(head, "from"):
                s = self.source(o)
                if s:
                    cands.append(s)
        for k in cands:
            if a.actor_type(k) in _SOURCE_TYPES_FOR_NOUNS:
                return k
        return None

    def according_to(self, tok: Token) -> str | None:
        if tok.lower_ != "according":
            return None
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.lower_ != "to":
            return None
        for o in (c for c in nxt.children if c.dep_ == "pobj"):
            return self.source(o)
        return None


def _is_quotation(sent: Span) -> bool:
    s = sent.text.lstrip()
    return bool(s) and s[0] in _QUOTES


def extract_attributions(paras: list[tuple[Doc, int]], index: ActorIndex, text: str) -> list[Attribution]:
    out: list[Attribution] = []
    last: str | None = None  # the last named speaker, for bare quotations that continue them
    for p, (doc, offset) in enumerate(paras):
        reader = _Reader(Arguments(index, p))
        for sent in doc.sents:
            cues: list[_Cue] = []
            for tok in sent:
                src = reader.according_to(tok)
                if src:
                    cues.append(_Cue(src, tok, "according to"))
                    continue
                src = reader.verb_cue(tok, last)
                if src:
                    cues.append(_Cue(src, tok, tok.lemma_.lower()))
                    continue
                src = reader.noun_cue(tok)
                if src:
                    cues.append(_Cue(src, tok, tok.lemma_.lower()))
            if not cues and _is_quotation(sent) and last is not None:
                cues.append(_Cue(last, sent[0], "quotation"))
            seen: set[str] = set()
            for cue in cues:
                if cue.source in seen:
                    continue
                seen.add(cue.source)
                outer = tuple(
                    dict.fromkeys(
                        c.source for c in cues
                        if c.tok.i != cue.tok.i and c.source != cue.source and cue.tok.is_ancestor(c.tok) is False
                        and c.tok.is_ancestor(cue.tok)
                    )
                )
                # one record per source and sentence, covering every cue of that source ("X pledged ...,
                # and X says ...")
                starts = tuple(offset + c.tok.idx for c in cues if c.source == cue.source)
                out.append(Attribution(source=cue.source, evidence=sentence_evidence(cue.tok, offset),
                                       chain=outer, cue=cue.label, cue_starts=starts))
            if cues:
                last = cues[-1].source
    return out
