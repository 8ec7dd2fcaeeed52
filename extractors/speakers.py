"""Who speaks in a sentence: the reader of reporting cues (verbs, "according to", possessed statements, cited
objects, light verbs, stance adjectives, colons before quotations); the speaker's noun phrase is `source_phrase`'s."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .arguments import Arguments
from .lexicon import speech_cues
from .source_phrase import SourcePhrase
from .speech_shapes import (absolute_participle, beside_quotation, colon_quotation, figure_object, holds_figure,
                            is_anonymous, is_speaker_noun, loose_object, small_clause)

_RELATIVE = frozenset({"which", "that", "who", "whom"})
_SOURCE_TYPES_FOR_NOUNS = frozenset({"Person", "Organization", "Company", "GovernmentBody", "Bloc"})


class Reader:
    def __init__(self, args: Arguments):
        self.a = args
        self.phrase = SourcePhrase(args)
        self.speaker: Token | None = None  # the speaker's head token of the last verb or "according to" cue
        self.document_owner: str | None = None  # who published the document the text last introduced
        self.near_speaker: str | None = None  # the last speaker, when it spoke in this or the previous paragraph
        self.near_person = False  # that speaker spoke through a person ("an Nvidia spokesperson said")

    def source(self, head: Token | None, nouns_only: bool = False, last: str | None = None) -> str | None:
        """The actor a noun phrase names as a source (`SourcePhrase.source`), a speaking pronoun continuing the
        last speaker near it."""
        return self.phrase.source(head, self.near_speaker, nouns_only, last, self.near_person)

    def misread_cue(self, tok: Token) -> str | None:
        """A cue verb the tagger read as a noun that heads the sentence, the reported clause its complement:
        closing a quotation with the speaker as its compound ("..., FT notes."), or after its subject ("Orvane
        Partners forecast that ...", "The institute projects that ...")."""
        if tok.dep_ != "ROOT" or tok.pos_ not in ("NOUN", "PROPN") or tok.i == 0:
            return None
        if not any(c.dep_ == "ccomp" for c in tok.children):
            return None
        cues = speech_cues()
        subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
        if subj is not None and (tok.lemma_.lower(), "verb") in cues and (self.a.key(subj) or is_speaker_noun(subj)):
            return self.source(subj)
        if tok.tag_ != "NNS" or not tok.lower_.endswith("s") or (tok.lower_[:-1], "verb") not in cues:
            return None
        speaker = next((c for c in tok.children if c.dep_ in ("compound", "nsubj") and c.i < tok.i), None)
        if speaker is None or speaker.i == 0 or not self.a.key(speaker) or tok.doc[speaker.i - 1].text != ",":
            return None
        return self.source(speaker)

    def misread_document(self, tok: Token, last: str | None) -> str | None:
        """"X's data show that ...", "..., the ministry's data show.": a cue verb right after a document noun, read
        by the tagger as one noun phrase with it, where it ends the sentence or opens the reported clause; the
        document speaks for its owner."""
        cues = speech_cues()
        if tok.pos_ != "NOUN" or (tok.lemma_.lower(), "verb") not in cues or tok.i == 0:
            return None
        noun = tok.doc[tok.i - 1]
        if noun.head.i != tok.i or noun.dep_ != "compound" or (noun.lemma_.lower(), "document") not in cues:
            return None
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < tok.sent.end else None
        if not (nxt is None or nxt.is_punct and nxt.i == tok.sent.end - 1 or nxt.lower_ == "that"):
            return None
        owner = next((k for c in tok.children if c.dep_ == "poss" for k in [self.a.key(c) or self.a.described(c)] if k),
                     None)
        return owner or self.source(noun, nouns_only=True) or self._document_reference(noun, last)

    def verb_cue(self, tok: Token, last: str | None) -> str | None:
        cue = speech_cues().get((tok.lemma_.lower(), "verb"))
        if cue is None or tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound") or absolute_participle(tok):
            return None
        if cue.silent_when_negated and any(c.dep_ == "neg" for c in tok.children):
            return None  # "Kova did not say how many it sold": a telling denied reports no claim
        a = self.a
        if cue.needs and not any(c.lower_ in cue.needs for c in tok.children if c.dep_ in ("prep", "prt")):
            return None
        if cue.needs_complement and not any(c.dep_ in cue.needs_complement for c in tok.children):
            return None
        if cue.needs_clause and not any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) \
                and not ((tok.lemma_.lower(), "figure_object") in speech_cues() and figure_object(tok)) \
                and not beside_quotation(tok):
            return None
        if cue.small_clause and not small_clause(tok):
            return None
        inverted = self._inverted_speaker(tok)
        if cue.no_object and inverted is None and any(c.dep_ == "dobj" and not holds_figure(c) for c in tok.children):
            return None
        subj = inverted or self._speaker(tok)
        self.speaker = subj
        src = None
        if subj is not None and not (a.key(subj) or a.described(subj) or subj.pos_ == "PRON" or is_speaker_noun(subj)
                                     or self._named_appos(subj)
                                     or (subj.lemma_.lower(), "noun") in speech_cues()
                                     or (subj.lemma_.lower(), "document") in speech_cues()):
            return None  # "Putin's order emphasizes": a thing, not a speaker, is the subject
        if subj is not None and last is not None and (subj.lemma_.lower(), "role") in speech_cues() \
                and not a.key(subj) and any(c.lower_ == "the" for c in subj.children) \
                and a.actor_type(last) == "Person":
            return last  # "..., the company's chief executive stressed": the person who last spoke
        if subj is not None:
            src = self.source(subj, last=last)
            unnamed = is_anonymous(subj) or is_speaker_noun(subj)
            if src is None and cue.listener_fallback and unnamed and not a.key(subj):
                listener = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
                src = self.source(listener)
            src = src or self._document_reference(subj, last)
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

    def _document_reference(self, noun: Token, last: str | None) -> str | None:
        """"The report notes that ...", "according to the study", "the authors argue": a document named by a bare
        description speaks for the owner of the document last introduced, else for the source last named; its
        authors only for that owner."""
        cues = speech_cues()
        lemma = noun.lemma_.lower()
        authors = (lemma, "document_author") in cues
        if (lemma, "document") not in cues and not authors:
            return None
        owner = None if authors else self._document_owner(noun)
        if owner is not None:
            return owner  # "Tender documents reviewed by Reuters show that ...": the phrase names its owner
        if not any(c.lower_ in ("the", "these", "this") for c in noun.children):
            return None
        # not when a modifier names someone else ("the figures outlined in Nature"): then the owner is unclear
        if any(self.a.key(t) for c in noun.children if c.dep_ in ("acl", "prep", "relcl") for t in c.subtree):
            return None
        if authors or last is None or self.a.actor_type(last) == "Person":
            return self.document_owner
        return self.document_owner or last

    def note_documents(self, sent: Span, speakers: list[str]) -> None:
        """Remember who owns a document the sentence introduces ("Orvane published a study", "a report by X",
        "X's survey", "the paper, written by ..."), for a later "the report notes"."""
        cues = speech_cues()
        for tok in sent:
            if (tok.lemma_.lower(), "document") not in cues or tok.pos_ != "NOUN":
                continue
            owner = self._document_owner(tok)
            if owner is None and tok.dep_ == "dobj" and (tok.head.lemma_.lower(), "light_verb") in cues:
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                owner = self.source(subj, nouns_only=True) if subj is not None else None
            if owner is None and speakers and any(c.tag_ == "PRP$" for c in tok.children):
                owner = speakers[0]  # "In its report, X found": the speaker's own document
            if owner is not None:
                self.document_owner = owner

    def _document_owner(self, tok: Token) -> str | None:
        """The owner a document's own phrase names: "X's survey", "a report by X", "documents reviewed by X"."""
        owner = next((k for c in tok.children if c.dep_ == "poss" and c.tag_ != "PRP$"
                      for k in [self.a.key(c) or self.a.described(c)] if k), None)
        for o in self.a.pobjs(tok, "by", "from", "of"):
            owner = owner or self.source(o, nouns_only=True)
        for c in tok.children:
            agent = self.a.passive_agent(c) if c.dep_ == "acl" else None
            owner = owner or (self.source(agent, nouns_only=True) if agent is not None else None)
        return owner

    def _named_appos(self, noun: Token) -> bool:
        """"The company's technology chief, Ola Berg, said": a named person or body in apposition speaks."""
        return any(c.dep_ == "appos" and self.a.key(c) for c in noun.children)

    def _speaker(self, tok: Token) -> Token | None:
        """The subject of a cue verb, also where the small parser or the syntax leaves it elsewhere: a
        participle shares its clause's subject ("X released a statement, stating that"), a relative clause
        speaks for its antecedent ("a report, which alleged that"), and a verb misread as a noun's modifier
        ("The company, which makes tools, reported that") for that noun."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
            return tok.head
        if subj is not None and not self.a.key(subj):
            subj = self._titled_name(subj, tok) or subj
        if subj is not None and subj.pos_ == "VERB" and subj.tag_ in ("VBN", "VBG"):
            # "Pressed on whether ..., Jane Doe, Kova's chief, said": an opening participle misread as the subject
            subj = None
        if subj is not None:
            return subj
        if any(c.dep_ in ("nsubjpass", "agent", "expl") for c in tok.children):
            return None
        cues = speech_cues()
        if tok.dep_ in ("advcl", "xcomp", "conj") and tok.tag_ in ("VBG", "VBD", "VBZ", "VBP") and (
                (tok.head.lemma_.lower(), "verb") in cues or (tok.head.lemma_.lower(), "light_verb") in cues):
            return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        cue = cues.get((tok.lemma_.lower(), "verb"))
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > tok.head.i and tok.head.pos_ == "VERB" \
                and cue is not None and cue.after_any_verb and any(c.dep_ == "ccomp" for c in tok.children):
            # "X dismissed the criticism, saying that ...": a participle of saying after any verb shares its subject
            return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.tag_ in ("VBD", "VBZ", "VBP"):
            # "X called the measure a blunt tool and said ...": coordinated verbs share their subject
            return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB":
            # "X was quoted as saying ...": the passive subject of the verb that frames the saying
            return next((c for c in tok.head.head.children if c.dep_ == "nsubjpass"), None)
        if tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBN", "VBG") and tok.head.pos_ in ("NOUN", "PROPN") \
                and any(t.lower_ == "that" or t.dep_ == "ccomp" for t in tok.doc[tok.i + 1:tok.i + 6]):
            return tok.head  # "records showing that ...", "The company, which ..., reported on May 9 that"
        if tok.dep_ == "ROOT":
            # the parser lost the subject: a speaker that opens the sentence before a comma ("Jane Doe, in a
            # briefing streamed on Kova's page, said"), else the nearest person or organisation named just
            # before the verb ("..., Jane Doe, the firm's chief, said: ...")
            opener = self._opening_speaker(tok)
            if opener is not None:
                return opener
            for t in reversed(tok.doc[max(tok.sent.start, tok.i - 8):tok.i]):
                k = self.a.key(t)
                if k and self.a.actor_type(k) in ("Person", "Organization", "Company", "GovernmentBody") \
                        and t.dep_ not in ("poss", "pobj"):
                    return t
        return None

    def _opening_speaker(self, verb: Token) -> Token | None:
        """The person or body whose name opens the verb's sentence and is followed by a comma."""
        doc, start = verb.doc, verb.sent.start
        k = self.a.key(doc[start])
        if not k or self.a.actor_type(k) not in ("Person", "Organization", "Company", "GovernmentBody"):
            return None
        end = start
        while end + 1 < verb.i and self.a.key(doc[end + 1]) == k:
            end += 1
        return doc[end] if end + 1 < verb.i and doc[end + 1].text == "," else None

    def _titled_name(self, subj: Token, verb: Token) -> Token | None:
        """"Commerce Under Secretary Marianne Okafor told reporters": a person's name that the text introduces with
        a title, inside a subject phrase the parser headed by a word of the title."""
        for t in subj.subtree:
            if t.i >= verb.i or t.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos"):
                return None
            k = self.a.key(t)
            if k and self.a.kind(t) == "title" and self.a.actor_type(k) == "Person":
                return t
        return None

    def _inverted_speaker(self, tok: Token) -> Token | None:
        """"..., reports Daily Ledger.", "..., FT notes.": a cue after a comma whose speaker follows it or
        ends the sentence, the reported clause before it."""
        if tok.i == 0 or tok.doc[tok.i - 1].text != ",":
            return None
        if any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children):
            return None  # '"...," Jane Doe, Kova's chief, told the Ledger': the object after is a listener
        after = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "nsubj", "attr", "npadvmod")]
        if after and self.a.key(after[0]) and tok.sent.end - after[0].i <= 6:
            return after[0]
        return None

    def colon_source(self, sent: Span) -> str | None:
        subj = colon_quotation(sent)
        if subj is None or not (self.a.key(subj) or subj.pos_ == "PRON"):
            return None
        return self.source(subj, nouns_only=True)

    def headline_source(self, sent: Span) -> str | None:
        """"Daily Ledger: exports fell": a headline or lead credited to a source before a colon."""
        toks = [t for t in sent if not t.is_space]
        if not toks:
            return None
        k = self.a.key(toks[0])
        if k is None or self.a.actor_type(k) not in _SOURCE_TYPES_FOR_NOUNS:
            return None
        for t in toks[1:5]:
            if t.text == ":":
                return k
            if self.a.key(t) != k:
                return None
        return None

    def adjective_cue(self, tok: Token) -> str | None:
        """"The US is concerned that ...", "Washington is particularly concerned about ...": the subject."""
        if (tok.lower_, "adjective") not in speech_cues() or tok.pos_ not in ("ADJ", "VERB") or tok.dep_ != "acomp":
            return None
        if not any(c.dep_ in ("ccomp", "prep") for c in tok.children):
            return None
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        return self.source(subj) if subj is not None and (self.a.key(subj) or is_speaker_noun(subj)) \
            else None

    def object_cue(self, tok: Token) -> str | None:
        """"per a report in X", "citing data from X", "referring to X": the object names the source; "per the report"
        its owner."""
        cues = speech_cues()
        per = tok.lower_ == "per" and (tok.lower_, "preposition") in cues and tok.pos_ == "ADP"
        if per:
            objs = [c for c in tok.children if c.dep_ == "pobj"]
        else:
            cue = cues.get((tok.lemma_.lower(), "object"))
            # "citing X", or "quoted X as saying": the object speaks
            if cue is None or tok.pos_ != "VERB" or not (tok.tag_ == "VBG" or any(c.lower_ == "as" for c in tok.children)):
                return None
            objs = self.a.pobjs(tok, *cue.needs) if cue.needs else [c for c in tok.children if c.dep_ == "dobj"]
        for o in objs:
            # "Per the report, ...": a bare document description speaks for its owner, as after "according to"
            src = self.source(o, nouns_only=True) or self._container(o) or (
                self._document_reference(o, self.near_speaker) if per else None)
            if src:
                return src
        return None

    def _container(self, noun: Token) -> str | None:
        """"a report in The Ledger", "data from the statistics office": a document's outlet or owner."""
        if (noun.lemma_.lower(), "noun") not in speech_cues():
            return None
        for o in self.a.pobjs(noun, "in", "from", "by", "of"):
            src = self.source(o)
            if src:
                return src
        return None

    def light_verb_cue(self, tok: Token) -> str | None:
        """"X made the announcement", "X released a statement": a noun cue as the object of a light verb."""
        if (tok.lemma_.lower(), "noun") not in speech_cues() or tok.dep_ != "dobj" or tok.pos_ != "NOUN":
            return None
        verb = tok.head
        light = speech_cues().get((verb.lemma_.lower(), "light_verb"))
        if light is None or (light.needs and tok.lemma_.lower() not in light.needs):
            return None
        subj = self._speaker(verb)
        if subj is None or not (self.a.key(subj) or is_speaker_noun(subj)):
            return None
        return self.source(subj)

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
        for o in [c for c in nxt.children if c.dep_ == "pobj"] or loose_object(nxt):
            self.speaker = o
            return self.source(o) or self._container(o) or self._document_reference(o, self.near_speaker)
        return None

    def told_outlet(self, tok: Token, first: str) -> str | None:
        """"Sources told CNBC that ...", "researchers said in an interview with CNBC": an outlet (an organisation,
        not a company or a government) that was told reports the claim too, when its speaker goes unnamed. A
        speaker the text names, or refers back to, holds the claim alone ("Jane Doe told the Ledger that ...")."""
        if self.speaker is not None and self.speaker.pos_ in ("PROPN", "PRON"):
            return None
        cues = speech_cues()
        cue = cues.get((tok.lemma_.lower(), "verb"))
        if cue is None:
            return None
        listeners = [c for c in tok.children if c.dep_ in ("dobj", "dative")] if cue.listener_fallback else []
        # "In an interview with CNBC, X said", "X said in comments to CNBC": the outlet of the interview
        listeners += [o for v in self.a.pobjs(tok, "in") if (v.lemma_.lower(), "venue") in cues
                      for o in self.a.pobjs(v, "with", "to")]
        for listener in listeners:
            k = self.a.key(listener)
            if k and k != first and self.a.actor_type(k) == "Organization":
                return k
        return None

    def co_sources(self, first: str) -> list[str]:
        """"according to X and Y", "X and Y said": every coordinated speaker is a source of its own."""
        head = self.speaker
        if head is None:
            return []
        out = [k for k in self.a.keys(head)[1:] if k != first]  # "the two companies said": the other of the pair
        coordinated = list(head.conjuncts)
        for ap in (c for c in head.children if c.dep_ == "appos"):
            coordinated += [c for c in ap.conjuncts if c not in coordinated]  # "X, Kova's chief, and Y, ... said"
        document = (head.lemma_.lower(), "document") in speech_cues()
        if not coordinated and head.pos_ == "NOUN" and (head.tag_ == "NNS" or document) and not self.a.key(head):
            # "executives from A, B and C said": unnamed speakers of several affiliations; "a paper by A and B"
            for o in self.a.pobjs(head, "from", "of", "at", "by"):
                coordinated += [o, *o.conjuncts]
            # "critics, including A and B, argue": each named member speaks
            for o in self.a.pobjs(head, "including", "like", "as"):
                coordinated += [o, *o.conjuncts]
        for c in coordinated:
            if c.i < head.i:
                continue  # only what is coordinated after the speaker: a misparsed "..., China, Jane Doe, said"
            k = self.source(c)
            if k and k != first and k not in out:
                out.append(k)
        return out
