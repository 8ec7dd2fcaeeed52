"""Attributions: who the text says said, reported or ranked something."""
from __future__ import annotations

from spacy.tokens import Doc

from .actors import ActorIndex
from .records import Attribution, Evidence

_SPEECH = {"say", "report", "write", "warn", "note", "state", "claim", "announce", "estimate", "argue", "declare"}


def extract_attributions(paras: list[tuple[Doc, int]], index: ActorIndex, text: str) -> list[Attribution]:
    out: list[Attribution] = []
    for p, (doc, offset) in enumerate(paras):
        for sent in doc.sents:
            base = offset + sent.start_char
            ev = Evidence(sent.text, base, base + len(sent.text))
            for tok in sent:
                source = None
                cue = ""
                if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
                    source = index.key_at(p, doc[tok.i + 2].i)
                    cue = "according to"
                elif tok.lemma_ in _SPEECH and tok.pos_ == "VERB":
                    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        source = index.key_at(p, subj.i)
                        cue = tok.lemma_
                if source:
                    out.append(Attribution(source=source, evidence=ev, cue=cue))
                    break
    return out
