"""Shapes of the sentence around a reporting cue, read from the parse alone (no actors): speaker words of the
lexicon, a verb beside a quotation, a colon that opens one, small clauses and figure objects. It sits below the
actors package, whose spans ask it whether a noun is cited or speaking."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import speech_cues

QUOTES = "\"\u201c\u201d\u00ab\u2018'"
# entity labels of an object that is a figure: "Kova reported $6.2 billion in sales" reports a claim
FIGURE_ENTS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "conj"})


def is_speaker_noun(tok: Token) -> bool:
    """A common noun that can head a speaker's phrase: "a senior U.S. official", "Kova engineers"."""
    return (tok.lemma_.lower(), "speaker_noun") in speech_cues()


def is_anonymous(tok: Token) -> bool:
    """"officials", "sources": a speaker who stays unnamed unless the phrase names an affiliation."""
    cues = speech_cues()
    return (tok.lemma_.lower(), "anonymous") in cues or (tok.lower_, "anonymous") in cues


def is_role(tok: Token) -> bool:
    """A title that a person holds: "minister", "chief executive", "spokesperson"."""
    return (tok.lemma_.lower(), "role") in speech_cues()


def speaks_as_person(tok: Token) -> bool:
    """A speaker's head that is one person, whoever it speaks for: a name, "the minister", "an official"."""
    return tok.ent_type_ == "PERSON" or tok.tag_ == "NN" and (is_role(tok) or is_anonymous(tok))


def titled(name: Token) -> bool:
    """"Fjord Capital analyst Ana Ruiz": a name after a common noun of title or speaker, which makes it a person's."""
    return any(c.dep_ == "compound" and c.i < name.i and c.pos_ == "NOUN" and (is_role(c) or is_speaker_noun(c))
               for c in name.children)


def beside_quotation(tok: Token) -> bool:
    """'"...," he added, "..."': a reporting verb outside the quotation marks of its sentence, with no object, has
    the quotation as what it reports."""
    sent = tok.sent
    marks = [t.i for t in sent if t.text in QUOTES and t.text != "'"]
    if len(marks) < 2 or any(c.dep_ == "dobj" for c in tok.children):
        return False
    return sum(1 for i in marks if i < tok.i) % 2 == 0


def colon_quotation(sent: Span) -> Token | None:
    """'Eriksen was blunt: "We will not sell."': the subject of the clause that a colon opens a quotation with."""
    for t in sent:
        if t.text == ":" and t.i + 1 < sent.end and sent.doc[t.i + 1].text in QUOTES:
            before = range(sent.start, t.i)
            # the clause before the colon: its highest word (the parser may hang it under the quotation)
            top = next((h for h in sent.doc[sent.start:t.i] if h.head.i not in before or h.dep_ == "ROOT"), None)
            if top is None:
                return None
            return next((c for c in top.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in before), None)
    return None


def small_clause(tok: Token) -> bool:
    """"sees demand doubling", "sees China as a rival": the object carries a predicate of its own."""
    for c in tok.children:
        if c.dep_ == "dobj" and any(t.dep_ == "acl" and t.tag_ == "VBG" for t in c.subtree):
            return True
        if c.dep_ == "prep" and c.lower_ == "as" and any(o.dep_ == "pobj" for o in c.children):
            return any(o.dep_ == "dobj" for o in tok.children)
    return False


def figure_object(tok: Token) -> bool:
    """"The bank expects growth of 2.1%": an object holding a figure is a claim, like a clause."""
    return any(c.dep_ == "dobj" and any(t.ent_type_ in FIGURE_ENTS for t in c.subtree) for c in tok.children)


def holds_figure(noun: Token) -> bool:
    """"Kova reported a 20% rise in sales": a figure in the object's own phrase (not in a clause attached to it:
    "results on May 28, which is when the $5.5 billion charge ...") makes the report a claim."""
    if noun.ent_type_ in FIGURE_ENTS:
        return True
    return any(holds_figure(c) for c in noun.children if c.dep_ not in _CLAUSES)


def loose_object(prep: Token) -> list[Token]:
    """"According to research firm Vantage Trace, ...": a preposition the parser left without its object, whose
    words up to the next punctuation it hung elsewhere; the last of them heads the name."""
    if any(c.dep_ == "pobj" for c in prep.children):
        return []
    run = []
    for t in prep.doc[prep.i + 1:prep.sent.end]:
        if t.is_punct or t.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "CCONJ"):
            break
        run.append(t)
    return run[-1:]


def absolute_participle(tok: Token) -> bool:
    """"..., with Malaysia and Thailand cited as transit points": a participle after "with" describes a thing, the
    words before it speak no claim."""
    return tok.dep_ == "pcomp" and tok.head.lower_ == "with"


def cited_or_speaking(noun: Token) -> bool:
    """A noun the sentence makes a source: cited after "according to", or the subject of a reporting verb."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and noun.doc[head.i - 1].lower_ == "according":
        return True
    return noun.dep_ in ("nsubj", "nsubjpass") and (head.lemma_.lower(), "verb") in speech_cues()
