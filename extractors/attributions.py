"""Attributions: who the text says said, reported, ranked or planned something, with the reporting chain.

Cues are data (`data/speech.jsonl`): reporting verbs whose subject is the source ("X warns that"),
"according to X", a source's statement, speech, plan or index ("Putin's speech", "X's index ranks"),
documents that speak for their owner ("X's figures show", "the report notes"), stance adjectives
("X is concerned that"), objects that name a source ("citing X", "per a report in X"), statements made
through a light verb ("X made the announcement"), headlines credited before a colon, and quotations
(one spread over sentences belongs to the speaker named where it closes; a bare one continues the last
speaker). The speaker is looked for where the small parser leaves it too: a participle or relative
clause shares its clause's subject, an inverted or misread closing cue ("..., FT notes") its trailing
name. When one cue sits inside the clause of another ("Forbes Russia writes that the deputy secretary
said ..."), the inner speaker is the source and the outer ones form its chain. The cues and the speaker's
phrase are read by `speakers.Reader` (the phrase by `source_phrase`); this module walks the article and remembers
who spoke last.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex
from .arguments import Arguments
from .lexicon import speech_cues
from .records import Attribution, Evidence
from .spans import sentence_evidence
from .speakers import Reader
from .speech_shapes import QUOTES, speaks_as_person


@dataclass
class _Cue:
    source: str
    tok: Token
    label: str


def _speaker_outside_quote(sent: Span) -> bool:
    """'"...," said Jane Doe.': a reporting verb after the quotation closes names a speaker of its own."""
    close = next((t.i for t in sent if t.i > sent.start and t.text in ("\u201d", '"')), None)
    return close is not None and any((t.lemma_.lower(), "verb") in speech_cues() and t.pos_ == "VERB"
                                     for t in sent.doc[close + 1:sent.end])


def _is_quotation(sent: Span) -> bool:
    s = sent.text.lstrip()
    return bool(s) and s[0] in QUOTES


def _closing_speaker(sent: Span, reader: Reader, last: str | None) -> tuple[str, Span] | None:
    """The speaker, and the sentence, that close a quotation opened in `sent` and left open there; the speaker
    is "" when the closing words name one the text leaves unnamed ('..., a metals trader commented.')."""
    text = sent.text
    if text.count("\u201c") <= text.count("\u201d") and text.count('"') % 2 == 0:
        return None
    for nxt in sent.doc.sents:
        if nxt.start < sent.end:
            continue
        for tok in nxt:
            src = reader.verb_cue(tok, last)
            if src:
                return src, nxt
        if "\u201d" in nxt.text or '"' in nxt.text:
            return ("", nxt) if _speaker_outside_quote(nxt) else None
    return None


def _token_cues(reader: Reader, sent: Span, last: str | None) -> list[_Cue]:
    """Every cue of one sentence and its source: "according to", cited objects, reporting verbs with their
    co-speakers and the outlet told, possessed statements, misread closing cues, light verbs, stance adjectives."""
    cues: list[_Cue] = []
    for tok in sent:
        reader.speaker = None
        src = reader.according_to(tok)
        if src:
            cues.append(_Cue(src, tok, "according to"))
            cues += [_Cue(k, tok, "according to") for k in reader.co_sources(src)]
            continue
        # "citing X" names a second source beside the reporter it shares its subject with
        cited = reader.object_cue(tok)
        if cited:
            cues.append(_Cue(cited, tok, tok.lemma_.lower()))
        src = reader.verb_cue(tok, last)
        if src:
            cues.append(_Cue(src, tok, tok.lemma_.lower()))
            cues += [_Cue(k, tok, tok.lemma_.lower()) for k in reader.co_sources(src)]
            outlet = reader.told_outlet(tok, src)
            if outlet:
                cues.append(_Cue(outlet, tok, tok.lemma_.lower()))
            continue
        src = reader.noun_cue(tok) or reader.misread_cue(tok) or reader.misread_document(tok, last) \
            or reader.light_verb_cue(tok) or reader.adjective_cue(tok)
        if src:
            cues.append(_Cue(src, tok, tok.lemma_.lower()))
    return cues


def _records(cues: list[_Cue], offset: int) -> list[Attribution]:
    """One record per source and sentence, covering every cue of that source ("X pledged ..., and X says ..."),
    with the outer reporters whose cue governs it as its chain."""
    out = []
    seen: set[str] = set()
    for cue in cues:
        if cue.source in seen:
            continue
        seen.add(cue.source)
        outer = tuple(dict.fromkeys(
            c.source for c in cues
            if c.tok.i != cue.tok.i and c.source != cue.source and cue.tok.is_ancestor(c.tok) is False
            and c.tok.is_ancestor(cue.tok)
        ))
        starts = tuple(offset + c.tok.idx for c in cues if c.source == cue.source)
        out.append(Attribution(source=cue.source, evidence=sentence_evidence(cue.tok, offset),
                               chain=outer, cue=cue.label, cue_starts=starts))
    return out


@dataclass
class _Memory:
    """What the article said so far: the last named speaker and the paragraph where it spoke (a bare quotation
    continues a speaker of this or the previous paragraph), and who owns the document last introduced."""

    last: str | None = None
    para: int = -1
    document_owner: str | None = None
    person: bool = False  # the last speaker spoke through a person: "she added" may continue "an Nvidia spokesperson"


def extract_attributions(paras: list[tuple[Doc, int]], index: ActorIndex, text: str) -> list[Attribution]:
    out: list[Attribution] = []
    memory = _Memory()
    for p, (doc, offset) in enumerate(paras):
        reader = Reader(Arguments(index, p))
        reader.document_owner = memory.document_owner
        merged: dict[int, str] = {}  # sentence start -> speaker whose quotation began in an earlier sentence
        for sent in doc.sents:
            reader.near_speaker = memory.last if p - memory.para <= 1 else None
            reader.near_person = memory.person
            cues = _token_cues(reader, sent, memory.last)
            if not cues:
                src = reader.colon_source(sent)
                if src:
                    cues.append(_Cue(src, sent[0], "quotation"))
            if not cues:
                src = reader.headline_source(sent)
                if src:
                    cues.append(_Cue(src, sent[0], "headline"))
            if not cues and _is_quotation(sent):
                # a quotation that runs on into a later sentence is one claim of the speaker named there
                ahead = _closing_speaker(sent, reader, memory.last)
                if ahead is not None and not ahead[0]:
                    continue  # closed by a speaker the text leaves unnamed: nobody's claim, not the last speaker's
                if ahead is not None:
                    src, closing = ahead
                    first = sentence_evidence(sent[0], offset)
                    end = sentence_evidence(closing[0], offset).end
                    out.append(Attribution(source=src, evidence=Evidence(text[first.start:end], first.start, end),
                                           cue="quotation", cue_starts=(first.start,)))
                    merged[closing.start] = src
                    memory.last, memory.para, memory.person = src, p, False
                    continue
                # a bare quotation continues the last speaker; one with its own unresolved speaker does not
                if memory.last is not None and p - memory.para <= 1 and not _speaker_outside_quote(sent):
                    cues.append(_Cue(memory.last, sent[0], "quotation"))
            cues = [c for c in cues if merged.get(sent.start) != c.source]
            out += _records(cues, offset)
            reader.note_documents(sent, [c.source for c in cues])
            if cues:
                memory.last, memory.para = cues[-1].source, p
                memory.person = any(c.dep_ == "nsubj" and speaks_as_person(c) for c in cues[-1].tok.children)
        memory.document_owner = reader.document_owner
    return out
