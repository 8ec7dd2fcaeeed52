"""Coreference of actors: pronouns and definite descriptions ("it", "the company", "the Saudi firm", "the trade
ministry", "the rule", "the two companies", "there") resolved to the most salient compatible actor (see
`salience`), measures to their issuer, plural forms to the last coordinated group or pair."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .anaphora import MeasureIssuers, is_locative, plural_description
from .descriptions import any_modified_description, modified_description
from .index import ActorIndex
from .rules import Rules
from .salience import Salience, clause_antecedent
from .spans import government_of, ministry_end, ministry_key
from ..gazetteer import Gazetteer


def coreference(paras, index: ActorIndex, gazetteer: Gazetteer, r: Rules) -> None:
    """Pronouns and definite descriptions take the most recent actor of a compatible type; plural
    pronouns the most recent coordinated group of actors (see `_PluralAntecedent`)."""
    _Coreference(index, gazetteer, r).run(paras)


class _Coreference:
    """One pass over the article: the actors mentioned so far with their salience, and each referring form's
    rule. Each `_...` step returns the token index to resume after when it resolved a mention, else None."""

    def __init__(self, index: ActorIndex, gazetteer: Gazetteer, r: Rules):
        self.index, self.gazetteer, self.r = index, gazetteer, r
        self.sal = Salience(r.salience)  # key "" = an unresolved description
        self.plural = _PluralAntecedent(index)
        self.measures = MeasureIssuers(index, r)
        self.on = r.coreference  # which of the measured rules are switched on (see data/actors.json)
        self.role_nouns = frozenset(n for n, types in r.descriptions.items() if "Person" in types)  # "minister"

    def last(self, types: tuple[str, ...], country: str | None = None, noun: str | None = None,
             tok: Token | None = None) -> str | None:
        """The antecedent of a referring form at `tok`: within its own sentence the subject of a clause that
        holds it ("after the administration introduced its rules"), else the nearest compatible actor
        before it in the sentence; from earlier sentences the most salient one (see `salience`)."""
        def fits(key: str, t: str) -> bool:
            return t in types and (country is None or _country_of(self.gazetteer, key) == country)

        if noun is not None and types == ("Person",):
            # "the minister said" is the person last named with that role, if one is recent
            hit = self.sal.recent(lambda key, t: noun in self.index.roles.get(key, ()), sentences=8)
            if hit:
                return hit
        elif noun is not None:
            # "the bank" is the last actor called a bank ("China Construction Bank"), if one is recent
            # (an unknown name's NER type may be off: "X Savings Bank" tagged an organisation is still a bank)
            hit = self.sal.recent(lambda key, t: bool(key) and t not in ("Country", "Person", "Product")
                                  and (country is None or _country_of(self.gazetteer, key) == country)
                                  and noun in _name_words(self.index, key))
            if hit is not None and hit in {e.key for e in self.sal.entries[-8:]}:
                return hit
        if tok is not None and self.on["clause_subjects"]:
            found = clause_antecedent(self.index, self.p, tok, lambda key, t: bool(key) and fits(key, t)) \
                or self.sal.recent(fits, sentences=0)
            if found is not None:
                return found or None
        found = self.sal.best(fits) if self.on["salience"] else self.sal.recent(fits)
        if found is None and country is not None:
            # "the Chilean AI startup" after "Kova Labs" whose country the gazetteer does not know
            found = self.sal.best(lambda key, t: t in types and bool(key) and self.gazetteer.get(key) is None)
        return found or None  # "" is an unresolved description: more salient than any named actor

    def unknown(self, types: tuple[str, ...], tok: Token) -> None:
        """"The Chinese firm said it ...", with no Chinese firm named: 'it' is that firm, not an earlier one."""
        for t in types:
            self.sal.mention("", t, self.r.salience.role(tok))

    def seen(self, key: str, tok: Token) -> None:
        self.sal.mention(key, self.index.type_of(key) or "", self.r.salience.role(tok))

    def run(self, paras) -> None:
        steps = (self._plural_pronoun, self._pronoun_government, self._unnamed_ministry, self._pronoun,
                 *((self._measure,) if self.on["measure_issuers"] else ()), self._plural_description,
                 self._locative, self._modified, self._description)
        # the words a step can start at (every step but the measure's begins with one): the rest pass at once
        r = self.r
        openers = None if self.on["measure_issuers"] else frozenset(
            {*r.plural_pronouns, *r.pronouns, "his", "her", "its", "the", "both", *r.locatives["words"]})
        for p, (doc, offset) in enumerate(paras):
            self.p = p
            skip_until = -1
            for tok in doc:
                if tok.is_sent_start:
                    self._sentence_ends(p, doc, tok)
                self.plural.step(p, tok)
                if tok.i < skip_until:
                    continue
                if self.index.key_at(p, tok.i) is not None:
                    self._named(p, tok)
                    continue
                if openers is not None and tok.lower_ not in openers:
                    continue
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                for step in steps:
                    resume = step(p, tok, nxt, offset)
                    if resume is not None:
                        skip_until = resume
                        break
            self._sentence_ends(p, doc, None)

    def _sentence_ends(self, p: int, doc: Doc, nxt: Token | None) -> None:
        """Before the sentence that starts at `nxt` (None: the paragraph's end): the measures the one before
        named with their issuer, then one sentence further from every mention."""
        end = nxt.i if nxt is not None else len(doc)
        if end > 0:
            self.measures.note(p, doc[end - 1].sent, self.sal.sentence)
        if nxt is not None and nxt.i > 0 or nxt is None:
            self.sal.next_sentence()

    def _named(self, p: int, tok: Token) -> None:
        """An adjective ("Chinese equipment") describes a thing; it introduces no one to refer back to, nor
        does a name modifying a thing ("buys Nvidia GPUs", "made by U.S. firms"): the actors the sentence is
        about stay salient."""
        index = self.index
        key = index.key_at(p, tok.i)
        root = tok
        while root.head.i != root.i and index.key_at(p, root.head.i) == key and abs(root.head.i - tok.i) <= 6:
            root = root.head
        if root is not tok and root.dep_ == "compound" and root.head.pos_ == "NOUN" and index.key_at(p, root.head.i) is None:
            return  # a word inside a name that modifies a thing ("Oval" of "Oval Office visit"): as the name's root
        if index.type_of(key) == "Person":
            self._note_roles(p, tok, key)
        if index.kind_at(p, tok.i) not in ("coref", "demonym", "descriptor") and not (
                tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i
                and tok.head.pos_ in ("NOUN", "PROPN") and index.key_at(p, tok.head.i) is None
                and (tok.head.pos_ == "NOUN" or tok.head.lower_ in self.r.product_nouns)):
            self.seen(key, tok)

    def _note_roles(self, p: int, tok: Token, key: str) -> None:
        """The role words a person's name comes with ("Economy Minister Ken Saito", "Ken Saito, the minister"),
        so that "the minister" finds that person and not merely the last one named."""
        nouns = self.role_nouns
        start = tok.i
        while start > tok.sent.start and self.index.key_at(p, start - 1) == key:
            start -= 1
        words = {t.lower_ for t in tok.doc[max(tok.sent.start, start - 3):tok.i]}  # the title may be inside the name
        words |= {t.lower_ for c in tok.children if c.dep_ == "appos" for t in (c, *c.children) if t.dep_ in ("appos", "compound")}
        if words & nouns:
            self.index.roles.setdefault(key, set()).update(words & nouns)

    def _plural_pronoun(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        low = tok.lower_
        if low in self.r.plural_pronouns and tok.pos_ == "PRON":
            group = self.plural.ahead(p, tok) or self.plural.resolve(self.r.plural_pronouns[low])
            if group:
                self.index.groups[(p, tok.i)] = group
            return tok.i + 1
        return None

    def _pronoun_government(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"his government" -> the government of the last person's country."""
        low = tok.lower_
        if low not in ("his", "her", "its") or nxt is None or nxt.lower_ != "government":
            return None
        gazetteer = self.gazetteer
        owner = self.last(("Person",)) if low != "its" else self.last(("Country",))
        country = owner if owner and self.index.type_of(owner) == "Country" else None
        if owner and country is None and gazetteer.get(owner) is not None:
            country = gazetteer.get(owner).country
        if not country:
            return None
        entry = gazetteer.get(country)
        label = f"{entry.demonyms[0]} government" if entry and entry.demonyms else \
            f"{entry.name if entry else country} government"
        gkey, gname = government_of(gazetteer, country, label)
        self.index.add(p, tok.doc[tok.i:tok.i + 2], offset, key=gkey, type_="GovernmentBody", kind="pattern")
        self.index.name_once(gkey, gname)
        self.seen(gkey, tok)
        return tok.i + 2

    def _pronoun(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        low = tok.lower_
        if not (low in self.r.pronouns and tok.pos_ == "PRON" or (low in ("his", "her", "its") and tok.tag_ == "PRP$")):
            return None
        if low in ("it",) and _expletive(tok):
            return tok.i + 1
        target = self.last(self.r.pronouns.get(low, ()), tok=tok)
        if target:
            self.index.add(p, tok.doc[tok.i:tok.i + 1], offset, key=target, kind="coref")
            self.seen(target, tok)  # "the company says it ...": a resolved mention is the latest one
        return tok.i + 1

    def _unnamed_ministry(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"the trade ministry", "its commerce ministry" with no ministry named before, "the country's commerce
        ministry" at any time: the body of the country the sentence is about, else of the one last named."""
        if tok.lower_ not in ("the", "its") or nxt is None or not nxt.is_lower or self.index.key_at(p, nxt.i) is not None:
            return None
        doc = tok.doc
        owned = tok.lower_ == "the" and "Country" in self.r.descriptions.get(nxt.lower_, ()) and nxt.i + 2 < len(doc) \
            and doc[nxt.i + 1].tag_ == "POS"  # "the country's commerce ministry"
        start = nxt.i + 2 if owned else nxt.i
        j = ministry_end(doc, start, self.r)
        country = (self._subject_country(p, tok) or self.last(("Country",))) if j is not None else None
        if j is None or not country:
            return None
        words = doc[start:j + 1]
        key = ministry_key(self.gazetteer, country, words)
        if key in self.sal.keys() and not owned:
            return None
        self.index.add(p, words, offset, key=key, type_="GovernmentBody", kind="pattern")
        entry = self.gazetteer.get(country)
        if key not in self.gazetteer and entry is not None and entry.demonyms:
            self.index.add_surface(key, f"{entry.demonyms[0]} {words.text}")  # "Malaysian trade ministry"
        self.seen(key, tok.doc[j])
        return j + 1

    def _subject_country(self, p: int, tok: Token) -> str | None:
        """The country its sentence is about, as the subject of a clause ("Peru restricted exports to Chile, the
        trade ministry said": Peru's ministry, not Chile's)."""
        for t in tok.sent:
            key = self.index.key_at(p, t.i)
            subject = t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass"))
            if key and subject and self.index.type_of(key) == "Country":
                return key  # "Peru restricted ...", "Peru's exports rose ..."
        return None

    def _measure(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"The rule bars ...", "the new limits", "these curbs": the issuer of the last measure named with one."""
        noun = self.measures.anaphor(p, tok)
        issuer = self.measures.antecedent(self.sal.sentence) if noun is not None else None
        if issuer is None:
            return None
        self.index.add(p, tok.doc[tok.i:noun.i + 1], offset, key=issuer, kind="coref")
        self.seen(issuer, noun)
        return noun.i + 1

    def _plural_description(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"the two companies", "both firms": the last pair named (a coordinated one first)."""
        found = plural_description(tok, self.r)
        if found is None:
            return None
        noun, count, types = found
        any_actor = self.r.plural_pronouns["they"]
        ok = (lambda key, t: t in (types or any_actor))
        group = self.plural.resolve(types or any_actor, self.r.plural_descriptions["sentences"])
        # a count of 0 ("the companies") takes only a coordinated group just named, never a guess among earlier mentions
        if count and len(group) != count:
            group = self.sal.last_distinct(ok, count, self.r.plural_descriptions["sentences"])
        if group:
            self.index.groups[(p, noun.i)] = group
        return noun.i + 1

    def _locative(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"sold there", "went there": the last place named."""
        if not is_locative(tok, self.r):
            return None
        loc = self.r.locatives
        key = self.sal.recent(lambda k, t: bool(k) and t in loc["types"], sentences=loc["sentences"])
        if key is not None:
            self.index.add(p, tok.doc[tok.i:tok.i + 1], offset, key=key, kind="coref")
        return tok.i + 1

    def _modified(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"the American firm", "the Shenzhen-based startup": a description behind modifiers."""
        r, index = self.r, self.index
        if tok.lower_ != "the" or nxt is None or nxt.lower_ in r.descriptions:
            return None
        modified = any_modified_description if self.on["any_modifiers"] else modified_description
        found = modified(tok.doc, tok, r, self.gazetteer)
        if found is not None and any(index.kind_at(p, i) not in (None, "demonym", "descriptor", "ner")
                                     for i in range(tok.i, found[0].i + 1)):
            found = None  # "the Russian government" is a name (or a pattern) already
        if found is None:
            return None
        noun, country = found
        target = self.last(r.descriptions[noun.lower_], country, noun=noun.lower_, tok=noun)
        if not target:
            self.unknown(r.descriptions[noun.lower_], noun)
            return tok.i + 1
        for i in range(tok.i, noun.i + 1):
            old = index.mentions.pop((p, i), None)
            if old is not None and old[0] != target:
                index.forget(old[0], tok.doc[i].text)
        index.add(p, tok.doc[tok.i:noun.i + 1], offset, key=target, kind="coref")
        self.seen(target, noun)
        return noun.i + 1

    def _description(self, p: int, tok: Token, nxt: Token | None, offset: int) -> int | None:
        """"the company", "the ministry": a bare description noun."""
        r = self.r
        if tok.lower_ != "the" or nxt is None or nxt.lower_ not in r.descriptions or nxt.pos_ != "NOUN":
            return None
        after = tok.doc[nxt.i + 1] if nxt.i + 1 < len(tok.doc) else None
        if after is not None and after.lower_ == "of":
            return tok.i + 1  # "the president of France" introduces someone, it does not refer back
        target = self.last(r.descriptions[nxt.lower_], noun=nxt.lower_, tok=nxt)
        if not target:
            self.unknown(r.descriptions[nxt.lower_], nxt)
            return tok.i + 1
        end = nxt.i
        while end + 2 < len(tok.doc) and tok.doc[end + 1].text == "-" and tok.doc[end + 2].is_alpha:
            end += 2  # "the president-elect", "the vice-minister": the whole hyphenated noun refers back
        self.index.add(p, tok.doc[tok.i:end + 1], offset, key=target, kind="coref")
        self.seen(target, tok.doc[end])
        return end + 1


class _PluralAntecedent:
    """The last coordinated group of named actors ("Russia and Belarus", "Nvidia, AMD and Intel"), which
    a plural pronoun in the same or the next sentence stands for. A plural noun subject in between
    ("the companies", "officials") could be the antecedent instead, so the pronoun stays unresolved:
    better no actor than a wrong one."""

    def __init__(self, index: ActorIndex):
        self.index = index
        self.group: tuple[str, ...] = ()
        self.sentences_since = 0

    def step(self, p: int, tok: Token) -> None:
        if tok.is_sent_start and self.group:
            self.sentences_since += 1
        if self.index.group_at(p, tok.i):  # "the two companies": they are the group now
            self.group, self.sentences_since = self.index.group_at(p, tok.i), 0
            return
        key = self.index.key_at(p, tok.i)
        if (key is not None and self.index.kind_at(p, tok.i) != "coref" and tok.dep_ != "conj"
                and tok.dep_ not in ("amod", "compound", "poss", "nmod", "npadvmod")):  # "Chinese and Russian firms"
            members = self._members(p, tok)
            if members:
                self.group, self.sentences_since = members, 0
            return
        if key is None and tok.tag_ in ("NNS", "NNPS") and tok.dep_ in ("nsubj", "nsubjpass"):
            self.group = ()  # "the companies said they ...": a plural noun is the nearer antecedent

    def _members(self, p: int, tok: Token) -> tuple[str, ...]:
        key = self.index.key_at(p, tok.i)
        members = [key] + [k for c in tok.conjuncts for k in [self.index.key_at(p, c.i)] if k]
        if key is None or len(set(members)) < 2 or len(members) != 1 + len(tok.conjuncts):
            return ()
        return tuple(dict.fromkeys(members))

    def ahead(self, p: int, tok: Token) -> tuple[str, ...]:
        """"In their joint statement, Modi and Biden welcomed ...": a pronoun in an opening phrase
        stands for the coordinated subject of its own sentence."""
        root = tok.sent.root
        if tok.i > root.i:
            return ()
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i:
                return self._members(p, c)
        return ()

    def resolve(self, types: tuple[str, ...], sentences: int = 1) -> tuple[str, ...]:
        if not self.group or self.sentences_since > sentences:
            return ()
        if not all(self.index.type_of(k) in types for k in self.group):
            return ()
        return self.group


def _name_words(index: ActorIndex, key: str) -> set[str]:
    """Lower-case words of an actor's name and surfaces so far."""
    surfaces = index.surfaces(key)
    if not surfaces:
        return set()
    entry = index.gazetteer.get(key)
    names = [*surfaces, *([entry.name, *entry.aliases] if entry is not None else [])]
    return {w.lower() for n in names for w in n.split()}


def _country_of(gazetteer: Gazetteer, key: str) -> str | None:
    entry = gazetteer.get(key)
    return entry.country if entry is not None else None


def _expletive(tok: Token) -> bool:
    """"It remains unclear whether...", "it is likely that...": 'it' refers to nothing."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    return head.lemma_ in ("be", "remain", "seem", "appear", "become", "take", "make") and any(
        c.dep_ in ("ccomp", "xcomp", "acomp", "csubj") for c in head.children)
