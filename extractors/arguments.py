"""Who and what a word's syntactic arguments name: actors and resources read from the dependency parse."""
from __future__ import annotations

from spacy.tokens import Token

from .actors import ActorIndex
from .figure_lexicon import lexicon as figure_lexicon
from .lexicon import argument_types, entity_resources, product_resources, resource_of, word_class
from .records import FOREIGN

DOMESTIC = "domestic"  # marker: "domestically-made chips" (the excluded supplier is then foreign)

_RELATIVE = frozenset({"who", "which", "that", "whom"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "nummod", "quantmod", "advmod"})


def _issuers() -> frozenset[str]:
    """The actor types that can impose a measure (the restriction kind's subject types)."""
    return argument_types()["restriction"][0]


def _word(t: Token) -> str:
    """Lexicon form of a word: nouns by lemma ("chips" -> chip), modifiers as written ("chipmaking")."""
    return t.lemma_.lower() if t.pos_ in ("NOUN", "PROPN") else t.lower_


class Arguments:
    """Reads the arguments of words in one paragraph doc, resolving actor mentions through the index."""

    def __init__(self, index: ActorIndex, para: int):
        self.index = index
        self.para = para

    # --- actors -------------------------------------------------------------------------------------
    def key(self, tok: Token) -> str | None:
        return self.index.key_at(self.para, tok.i)

    def keys(self, tok: Token) -> list[str]:
        """The actor a word names, or the coordinated actors a plural pronoun stands for."""
        k = self.key(tok)
        if k:
            return [k]
        group_at = getattr(self.index, "group_at", None)
        return list(group_at(self.para, tok.i)) if group_at is not None else []

    def described(self, tok: Token) -> str | None:
        """"the bureau said", "the observatory found", "the investment research house clarified": a definite
        description by a word of an earlier actor's name, its noun or a noun before it (not a country's or a
        person's name), stands for that actor."""
        if tok.pos_ != "NOUN" or not tok.is_lower or not any(c.lower_ in ("the", "this") for c in tok.children):
            return None
        words = [tok, *(c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_lower)]
        for w in words:
            k = self.index.named_with(self.para, tok.i, w.lower_)
            if self.actor_type(k) not in (None, "Country", "Person", "Product"):
                return k
        return None

    def kind(self, tok: Token) -> str | None:
        return self.index.kind_at(self.para, tok.i)

    def actor_type(self, key: str | None) -> str | None:
        if key is None:
            return None
        type_of = getattr(self.index, "type_of", None)
        if type_of is not None:
            return type_of(key)
        entry = self.index.gazetteer.get(key)
        return entry.type if entry is not None else None

    def np_actors(self, head: Token | None, modifiers: bool = True) -> list[str]:
        """Actors a noun phrase names: its head, its conjuncts, "such as" lists, appositions, and
        (when the head is a common noun) actors among its modifiers ("Chinese regulators", "BRICS countries")."""
        if head is None:
            return []
        out: list[str] = []
        for h in (head, *head.conjuncts, *self._listed_appositions(head)):
            for k in self._one_np(h, modifiers):
                if k not in out:
                    out.append(k)
        return out

    def _listed_appositions(self, head: Token) -> list[Token]:
        """"The United States, United Kingdom, Canada and Japan", parsed as the first name with an
        apposition that heads the rest of the list: a coordination of actors of one type, not an
        apposition (a real apposition renames: "Nvidia, the chipmaker")."""
        kind = self.actor_type(self.key(head))
        if kind is None:
            return []
        out = []
        for c in head.children:
            if c.dep_ == "appos" and c.conjuncts and self.actor_type(self.key(c)) == kind:
                out += [x for x in (c, *c.conjuncts) if self.actor_type(self.key(x)) == kind]
        return out

    def _one_np(self, h: Token, modifiers: bool, depth: int = 0) -> list[str]:
        ks = self.keys(h)
        if ks:
            return ks
        if depth > 3:
            return []
        if h.lower_ in _RELATIVE and h.head.dep_ == "relcl":
            return self.np_actors(h.head.head, modifiers)
        listed: list[str] = []
        for c in h.children:
            # "chipmakers such as Nvidia, AMD and Intel"; "two startups -- Biren and Moore Threads --"
            if c.dep_ == "prep" and c.lower_ == "as" and any(x.lower_ == "such" for x in (*c.children, h.doc[max(c.i - 1, 0)])):
                for o in c.children:
                    if o.dep_ == "pobj":
                        listed += self.np_actors(o, modifiers)
            elif c.dep_ == "appos":
                listed += self.np_actors(c, modifiers)
            elif c.dep_ == "prep" and c.lower_ in ("including", "like"):  # "hubs like Dubai and Almaty"
                for o in c.children:
                    if o.dep_ == "pobj":
                        listed += self.np_actors(o, modifiers)
        if listed:
            return listed
        if not modifiers:
            return []
        out: list[str] = []
        for c in h.children:
            if c.i < h.i and c.dep_ in _MODIFIER_DEPS:
                for t in c.subtree:
                    k = self.key(t)
                    if k and k not in out:
                        out.append(k)
                    if t.tag_ == "WP$" and h.head.head.dep_ != "ROOT":  # "whose researchers" -> the antecedent
                        rel = h.head
                        if rel.dep_ == "relcl":
                            out += [x for x in self.np_actors(rel.head) if x not in out]
        if not out and h.lemma_.lower() in word_class("part_of"):
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for o in c.children:
                        if o.dep_ == "pobj":
                            out += self._one_np(o, modifiers, depth + 1)
        return out

    def maker(self, product_key: str) -> str | None:
        """The company a named product belongs to (gazetteer partOf), if known."""
        entry = self.index.gazetteer.get(product_key)
        if entry is not None and entry.part_of:
            return entry.part_of
        # "Nvidia A100", "Nvidia Hopper": a product named with its maker's name in front
        rec = getattr(self.index, "_actors", {}).get(product_key)
        names = [entry.name] if entry is not None else []
        names += list(rec.surfaces) if rec is not None else []
        for name in names:
            words = name.split()
            for n in (2, 1):
                if len(words) > n:
                    hit = self.index.gazetteer.lookup(" ".join(words[:n]))
                    if hit is not None and hit.type == "Company":
                        return hit.key
        return None

    # --- subjects and controllers -------------------------------------------------------------------
    def subject_of(self, tok: Token, depth: int = 0, restriction: bool = False) -> list[str]:
        """Actors doing what `tok` says: its subject, passive agent or possessor; for a clause without
        a subject, the controller up the tree ("ordered Sberbank to collaborate" -> Sberbank)."""
        if depth > 5:
            return []
        children = list(tok.children)
        agent = self.passive_agent(tok)
        if agent is not None:
            return self.np_actors(agent)
        if self.is_passive(tok):
            return []
        for c in children:
            if c.dep_ in ("nsubj", "csubj"):
                return self.np_actors(c)
        if tok.pos_ == "VERB":
            # the small model sometimes reads a sentence-initial proper-name subject as npadvmod
            for c in children:
                if c.dep_ == "npadvmod" and c.i < tok.i and c.pos_ == "PROPN" and self.key(c):
                    return self.np_actors(c)
        if tok.pos_ in ("NOUN", "PROPN"):
            mods = self.modifier_actors(tok)
            if mods and not self._pronoun_only(tok):
                return mods
            if mods:  # "deepening its relationship": the clause's subject is what "its" refers to
                climbed = self._climb(tok, depth, restriction)
                return climbed or mods
        return self._climb(tok, depth, restriction)

    def _pronoun_only(self, noun: Token) -> bool:
        named = [t for c in noun.children if c.i < noun.i and c.dep_ in ("poss", "compound", "amod", "nmod")
                 for t in c.subtree if self.key(t)]
        return bool(named) and all(t.tag_ in ("PRP$", "PRP") for t in named)

    def _climb(self, tok: Token, depth: int, restriction: bool) -> list[str]:
        head = tok.head
        if head == tok:
            return []
        dep = tok.dep_
        if dep in ("xcomp", "ccomp", "advcl") and tok.pos_ in ("VERB", "AUX") and head.lemma_.lower() in word_class("object_control"):
            objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objs:
                found = self.np_actors(objs[0])
                if found and restriction and not any(self.actor_type(k) in _issuers() for k in found):
                    # "the ministry ordered Kova to halt shipments": a company told to stop is not the one
                    # who imposes the measure; the state that orders it is
                    up = self.subject_of(head, depth + 1, restriction)
                    return up if any(self.actor_type(k) in _issuers() for k in up) else found
                if found or not restriction:
                    return found
            return self.subject_of(head, depth + 1, restriction)
        if dep == "xcomp" and tok.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in word_class("subject_control"):
            # "pressed Peru to restrict", "called on the UAE to stop": in 'verb + actor + to-clause' the
            # actor does what the clause says, whatever the verb; an object that names nobody leaves it to
            # the subject ("used its leverage to restrict")
            found = [k for o in self._controllers(head, tok) for k in self.np_actors(o)]
            if found:
                return found
        if dep == "pcomp" and head.dep_ == "prep" and head.head.lemma_.lower() in word_class("object_control"):
            gov = head.head
            objs = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
            if objs and not restriction:
                return self.np_actors(objs[0])
            if objs and restriction:
                return self.subject_of(gov, depth + 1, restriction)
        if dep in ("xcomp", "conj", "advcl", "acomp", "attr", "pcomp", "prep", "acl", "dobj", "pobj", "oprd", "ccomp"):
            if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
                return self.modifier_actors(head) or self.subject_of(head, depth + 1, restriction)
            if dep == "ccomp" and head.lemma_.lower() not in word_class("object_control"):
                return []
            return self.subject_of(head, depth + 1, restriction)
        return []

    @staticmethod
    def _controllers(verb: Token, clause: Token) -> list[Token]:
        """The object of `verb` before its complement `clause`: a direct object, or the object of a
        particle preposition ("call on X to", "rely on X to")."""
        out = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i < clause.i]
        out += [o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i < clause.i
                for o in c.children if o.dep_ == "pobj"]
        return out[:1]

    def modifier_actors(self, noun: Token) -> list[str]:
        """Possessor, compound or demonym actors of a noun ("Russia's reliance", "U.S. controls")."""
        out: list[str] = []
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") and c.i < noun.i:
                for t in c.subtree:
                    out += [k for k in self.keys(t) if k not in out]
            if c.dep_ == "prep" and c.lower_ == "by":
                for o in c.children:
                    if o.dep_ == "pobj":
                        out += [k for k in self.np_actors(o) if k not in out]
        return out

    @staticmethod
    def is_passive(tok: Token) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN")

    @staticmethod
    def passive_agent(tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
        return None

    # --- prepositions ---------------------------------------------------------------------------------
    @staticmethod
    def pobjs(tok: Token, *preps: str) -> list[Token]:
        """Objects of `tok`'s prepositions among `preps` ("depend on X" -> X)."""
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                out += [o for o in c.children if o.dep_ == "pobj"]
        return out

    # --- resources ------------------------------------------------------------------------------------
    def resources(self, head: Token | None) -> list[tuple[str | None, str | None]]:
        """(resource, provider) for each conjunct of a noun phrase naming a thing ("Chinese AI models and
        technologies" -> (ai_models, china), (ai_technology, china)). The provider is an actor among the
        modifiers (demonym, "Nvidia chips", "SMIC-made"), "foreign", or a "from X" complement."""
        if head is None:
            return []
        out = []
        conjuncts = [head, *head.conjuncts]
        shared_provider = None
        for h in conjuncts:
            res, prov = self._one_resource(h)
            if prov is None and h != head:
                prov = shared_provider
            if h == head:
                shared_provider = prov
            out.append((res, prov))
        # "Chinese AI models and technologies": the modifier of the first conjunct covers the rest
        return out

    def _one_resource(self, h: Token, depth: int = 0) -> tuple[str | None, str | None]:
        lemmas, provider, product_maker, product_res = [], None, None, None
        for t in h.subtree:
            if t.i > h.i:
                break
            if t.i < h.i and not self._is_left_modifier(t, h):
                continue
            low = t.lower_
            k = self.key(t)
            if k and self.actor_type(k) == "Product":
                product_maker = product_maker or self.maker(k)
                product_res = product_res or product_resources().get(k)
                lemmas.append(t.lemma_.lower())
                continue
            if k and t.i < h.i:
                if provider is None or provider in (FOREIGN, DOMESTIC):
                    provider = k
                continue
            if low in word_class("foreign"):
                provider = FOREIGN
            elif low in word_class("domestic") and provider is None:
                provider = DOMESTIC
            if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "X", "NUM") or t.i == h.i:
                lemmas.append(_word(t))
        res = resource_of(lemmas)
        if product_res and res in (None, "ai_technology", "other"):
            res = product_res  # "Nvidia A100 units", "H100s": what the named product is
        for o in self.pobjs(h, "from"):
            found = self.np_actors(o)
            if found:
                provider = found[0]
        if provider is None:
            provider = product_maker  # "H800 chips": the maker of a named product supplies it
        if res is None and depth < 2:
            # "imports of chip technologies", "88% of chips", "access to advanced semiconductors"
            # "$6.6 billion in grants": an amount is of what its "in" complement names
            money = h.ent_type_ == "MONEY" or h.lower_ in figure_lexicon().data["currency_words"] \
                or any(c.tag_ == "$" for c in h.children)
            amount = money or h.pos_ in ("NUM", "SYM")
            for o in self.pobjs(h, "of", "to", "on", *(("in",) if amount else ())):
                r2, p2 = self._one_resource(o, depth + 1)
                if r2:
                    return r2, provider or p2
            if money:
                res = entity_resources()["MONEY"]  # "an extra 300 billion yen": an amount of money is funding
        return res, provider

    @staticmethod
    def _is_left_modifier(t: Token, h: Token) -> bool:
        """t sits inside h's pre-head modifiers (not inside a relative clause or preposition)."""
        cur = t
        while cur != h and cur.head != cur:
            if cur.dep_ in ("prep", "relcl", "acl", "appos", "punct", "cc", "conj") and cur.head == h:
                return False
            cur = cur.head
        return cur == h

    def subtree_resource(self, tok: Token, exclude: frozenset[int] = frozenset()) -> str | None:
        """Most specific resource named by a noun anywhere under `tok` (when the arguments name none)."""
        best = None
        for t in tok.subtree:
            if t.i in exclude or t.pos_ not in ("NOUN", "PROPN"):
                continue
            r = resource_of([_word(x) for x in t.subtree if x.i <= t.i and (x.i == t.i or self._is_left_modifier(x, t))])
            if r and (best is None or (best in ("ai_technology", "other") and r not in ("ai_technology", "other"))):
                best = r
        return best
