"""Referring forms beyond pronouns and description nouns: measures standing for their issuer, numbered plural descriptions, locative adverbs.

- A definite measure noun ("the rule", "the new limits", "these curbs") stands for the issuer of the last
  measure the article named with one (the format counts a rule as its issuer).
- "the two companies", "both firms", "the two countries" stand for the last pair named.
- "there" ("sold there", "went there") stands for the last place named.
Each function only reads the parse; `coref` decides what the form resolves to.
"""
from __future__ import annotations

from spacy.tokens import Token

from .index import ActorIndex
from .rules import Rules


class MeasureIssuers:
    """The issuer of the last measure named with one, and the sentence it was named in."""

    def __init__(self, index: ActorIndex, r: Rules):
        m = r.measure_anaphora
        self.index = index
        self.determiners = frozenset(m["determiners"])
        self.nouns = frozenset(m["nouns"])
        self.verbs = frozenset(m["issuing_verbs"])
        self.issuer_types = frozenset(m["issuer_types"])
        self.sentences = int(m["sentences"])
        self.issuer: str | None = None
        self.sentence = -1

    def is_measure(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.nouns

    def note(self, p: int, sent, sentence: int) -> None:
        """After a sentence is resolved: the issuer of the last measure it names with one becomes the
        antecedent of later definite measure nouns. A new measure named without an issuer ("a cap on copper
        followed") is nobody's: a later "the cap" is not the last issuer's (the format leaves it null)."""
        for tok in sent:
            if self.is_measure(tok) and self.index.kind_at(p, tok.i) != "coref":
                issuer = self.issuer_of(p, tok)
                if issuer is not None:
                    self.issuer, self.sentence = issuer, sentence
                elif any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
                    self.issuer = None

    def anaphor(self, p: int, det: Token) -> Token | None:
        """The measure noun a definite determiner opens when the phrase refers back ("the new limits",
        "these export curbs"): nothing between names an actor, no "of" complement follows, and the phrase
        names no issuer of its own ("the curbs imposed by Peru" is a measure, not a reference)."""
        noun = det.head
        if det.lower_ not in self.determiners or det.dep_ != "det" or not self.is_measure(noun) \
                or not 0 < noun.i - det.i <= 4:
            return None
        if any(self.index.key_at(p, i) is not None for i in range(det.i + 1, noun.i)):
            return None
        after = det.doc[noun.i + 1] if noun.i + 1 < len(det.doc) else None
        if after is not None and after.lower_ == "of":
            return None
        return None if self.issuer_of(p, noun) is not None else noun

    def antecedent(self, sentence: int) -> str | None:
        if self.issuer is None or sentence - self.sentence > self.sentences:
            return None
        return self.issuer

    def issuer_of(self, p: int, noun: Token) -> str | None:
        """Who a measure noun names as issuing it: its owner or a name on it ("Peru's rule", "Chilean
        curbs"), the agent of a participle on it ("a rule adopted by the ministry"), or the subject of the
        issuing verb it is the object of ("the ministry issued a rule")."""
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
                key = self._issuer_at(p, c)
                if key is not None:
                    return key
            if c.dep_ == "acl" and c.lemma_.lower() in self.verbs:
                key = self._agent(p, c)
                if key is not None:
                    return key
        head = noun
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        verb = head.head
        if head.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in self.verbs:
            for c in verb.children:
                if c.dep_ == "nsubj":
                    return self._issuer_at(p, c)
            return self._agent(p, verb)
        return None

    def _agent(self, p: int, verb: Token) -> str | None:
        for c in verb.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return self._issuer_at(p, g)
        return None

    def _issuer_at(self, p: int, tok: Token) -> str | None:
        key = self.index.key_at(p, tok.i)
        return key if key is not None and self.index.type_of(key) in self.issuer_types else None


def plural_description(det: Token, r: Rules) -> tuple[Token, int, tuple[str, ...] | None] | None:
    """"the two companies", "both firms", "both the countries": the plural noun, how many it counts (0 for a bare
    "the companies": the group last named) and the types its members may have (None for any actor: "the two sides")."""
    d = r.plural_descriptions
    numbers = d["numbers"]
    doc = det.doc
    if det.lower_ == "the" and d.get("bare") and det.i + 1 < len(doc) and doc[det.i + 1].tag_ == "NNS" \
            and det.head.i == det.i + 1:
        count, noun = 0, doc[det.i + 1]  # "the companies said": the last group named, whatever its size
    elif det.lower_ == "the":
        if det.i + 2 >= len(doc) or doc[det.i + 1].lower_ not in numbers or doc[det.i + 1].lower_ == "both":
            return None
        count, noun = numbers[doc[det.i + 1].lower_], doc[det.i + 2]
    elif det.lower_ == "both" and det.lower_ in numbers and det.i + 1 < len(doc):
        noun = doc[det.i + 1]
        if noun.lower_ == "the" and det.i + 2 < len(doc):
            noun = doc[det.i + 2]
        count = numbers["both"]
    else:
        return None
    if noun.tag_ not in ("NNS", "NNPS") or noun.pos_ != "NOUN":
        return None
    if noun.lower_ in d["any_types"]:
        return noun, count, None
    types = r.descriptions.get(noun.lemma_.lower())
    return (noun, count, types) if types else None


def is_locative(tok: Token, r: Rules) -> bool:
    """"went there", "sold there": a locative adverb, not the "there" of "there is"."""
    if tok.lower_ not in r.locatives["words"] or tok.pos_ != "ADV" or tok.dep_ == "expl":
        return False
    return not (tok.head.lemma_ == "be" and tok.i < tok.head.i)
