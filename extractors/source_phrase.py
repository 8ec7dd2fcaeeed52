"""The source a noun phrase names: its head, the owner of a thing it publishes, a title's holder, an
affiliation ("an engineer at X", "officials in <capital>"), the body of a bare kind noun ("a ministry official")."""
from __future__ import annotations

from spacy.tokens import Token

from .actors.rules import rules as actor_rules
from .arguments import Arguments
from .lexicon import speech_cues
from .speech_shapes import is_anonymous, is_role, is_speaker_noun, titled

_PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its"})


def continues_speaker(head: Token, speaker_type: str | None, through_person: bool = False) -> bool:
    """A pronoun or a bare definite description that fits the last speaker: "he"/"she" a person, or a body that
    spoke through one ("an Nvidia spokesperson said ... she added"), "it" a body or a country, "they" anyone;
    "the company" what `descriptions` in data/actors.json lets a company be."""
    low = head.lower_
    if head.pos_ == "PRON":
        if low in ("he", "she"):
            return speaker_type == "Person" or through_person
        if low == "it":
            return speaker_type not in (None, "Person", "Product")
        return low == "they"
    described = actor_rules().descriptions.get(low)
    return bool(described) and speaker_type in described and head.pos_ == "NOUN" \
        and [c.lower_ for c in head.children] == ["the"]


class SourcePhrase:
    """Reads the source of a speaker's or a document's noun phrase in one paragraph (`args`)."""

    def __init__(self, args: Arguments):
        self.a = args

    def source(self, head: Token | None, near_speaker: str | None = None, nouns_only: bool = False,
               last: str | None = None, through_person: bool = False) -> str | None:
        """The actor a noun phrase names as a source: its head, else a non-country modifier or an
        "of/from/by" complement, else a country modifier ("a senior U.S. official"). `near_speaker` is the
        last speaker of this or the previous paragraph, whom a speaking pronoun continues (`through_person`: that
        speaker's phrase was a person's, "an Nvidia spokesperson")."""
        if head is None:
            return None
        a = self.a
        if (k := a.key(head)) and head.lower_ in a.index.roles.get(k, ()):
            return k  # "the minister said": the person named with that role, whoever spoke last
        if near_speaker is not None and continues_speaker(head, a.actor_type(near_speaker), through_person):
            return near_speaker  # "The agency said ... It added that": a speaking pronoun continues the speaker
        k = a.key(head) or next(iter(a.keys(head)), None)  # "the two companies said": the first of the pair
        if k:
            return self._named_source(head, k)
        if (described := a.described(head)) is not None:
            return described
        if head.lower_ in _PRONOUNS and last is not None:
            return last  # an unresolved "he said" continues the last speaker
        # an unnamed speaker's own modifiers name its body ("Kova officials"), not what its phrase is about
        # ("a person with knowledge of Kova's plans")
        cands = a.np_actors(head) or a.modifier_actors(head)
        if is_anonymous(head):
            cands = [k for k in cands if k in a.modifier_actors(head)
                     or any(c.dep_ == "appos" and k in a.np_actors(c) for c in head.children)]
        for c in head.children:
            affiliation = speech_cues().get((c.lower_, "affiliation"))
            if c.dep_ in ("prep", "agent") and affiliation is not None \
                    and (not affiliation.needs or head.lower_ in affiliation.needs):  # "an engineer at X"
                for o in c.children:
                    # "a person with knowledge of Kova's plans" is no Kova speaker: the object must name the body
                    if o.dep_ == "pobj" and (a.key(o) or c.lower_ in ("of", "from", "by", "at")):
                        cands += [x for x in a.np_actors(o) if x not in cands]
                    elif o.dep_ == "pobj" and affiliation.needs:
                        cands += [x for x in [self._seat(o)] if x and x not in cands]
            if c.dep_ == "relcl" and (c.lemma_.lower(), "light_verb") in speech_cues():
                # "the report, which Fjord Capital published in May": the document's publisher
                cands += [x for s in c.children if s.dep_ == "nsubj" for x in a.np_actors(s) if x not in cands]
            if c.dep_ == "acl":  # "the index, published by Tortoise Media"
                agent = a.passive_agent(c)
                if agent is not None:
                    cands += [x for x in a.np_actors(agent) if x not in cands]
        # "the bureau's notice": a possessor that refers back by a word of its name
        cands = cands or [d for c in head.children if c.dep_ == "poss" for d in [a.described(c)] if d]
        cands = cands or [d for d in [self._body_modifier(head)] if d]
        # "the ChatGPT developer said": a product does not speak, its maker does
        cands = list(dict.fromkeys(a.maker(x) or x if a.actor_type(x) == "Product" else x for x in cands))
        if not cands:
            return None
        # "SIA chief executive John Doe said": a role's holder, named in the phrase, is the speaker
        people = [x for x in cands if a.actor_type(x) == "Person"]
        if people and is_role(head):
            return people[0]
        non_country = [x for x in cands if a.actor_type(x) != "Country"]
        if non_country:
            return non_country[0]
        return None if nouns_only else cands[0]

    def _seat(self, place: Token) -> str | None:
        """"officials in Brussels": a capital the text names only as a place stands for its state or bloc."""
        entry = self.a.index.gazetteer.lookup(place.text)
        if entry is None or entry.type not in ("Country", "Bloc") or place.text not in entry.metonyms:
            return None
        return entry.key

    def _body_modifier(self, head: Token) -> str | None:
        """"company filings show", "a ministry official said", "according to a ministry statement": a bare noun
        of a kind of body (`body_modifier` in data/speech.jsonl) before a speaker or a document stands for the body
        of that kind last mentioned, in this paragraph or the two before."""
        cues = speech_cues()
        lemma = head.lemma_.lower()
        if not (is_speaker_noun(head) or is_anonymous(head) or (lemma, "document") in cues or (lemma, "noun") in cues):
            return None
        for c in head.children:
            if c.dep_ == "compound" and c.i < head.i and (c.lower_, "body_modifier") in cues:
                types = actor_rules().descriptions.get(c.lower_, ())
                return self.a.index.last_of(self.a.para, head.i, types, paras_back=2)
        return None

    def _named_source(self, head: Token, k: str) -> str:
        """The source of a phrase whose head names actor `k`: the actor itself, its owner when it is a thing the owner
        publishes, or the holder of a title the small model read as a name."""
        a = self.a
        if is_role(head) and a.actor_type(k) != "Person":
            # "Peru's Minister of Mines Ana Ruiz said": a title read as a body's name; its holder, named in it, speaks
            holder = next((x for t in head.subtree if t.i > head.i for x in [a.key(t)] if a.actor_type(x) == "Person"), None)
            if holder:
                return holder
        if (a.actor_type(k) == "Product" or (a.kind(head) == "ner" and a.actor_type(k) != "Person")) \
                and not titled(head):
            # "Tortoise Media's Global AI Index": the index's owner is the source (a country before a body's
            # name says where it is: "Abu Dhabi's Falcon Compute said" is Falcon Compute speaking; a title before a
            # name makes it a person's: "Fjord Capital analyst Ana Ruiz said" is the analyst speaking)
            owner = [x for x in a.modifier_actors(head) if x != k and a.actor_type(x) not in ("Product", "Country")]
            if owner:
                return owner[0]
        return k
