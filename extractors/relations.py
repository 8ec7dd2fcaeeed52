"""Relations (dependency, restriction, cooperation) read from the dependency parse.

A trigger word from `data/relation_triggers.jsonl` names a frame; the frame reads the trigger's
syntactic arguments (subject, object, prepositional complements, possessors, passive agents) through
`arguments.Arguments`. Each relation carries its resource, the modality of its clause, the innermost
attribution enclosing it, and its sentence as evidence.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import combinations

from spacy.tokens import Doc, Token

from .actors import ActorIndex
from .arguments import DOMESTIC, Arguments
from .lexicon import Trigger, relation_triggers, resource_of, speech_cues, word_class
from .modality import modality_of
from .records import FOREIGN, Attribution, Figure, Relation
from .spans import sentence_evidence

# Raw tuples from a frame: (subject, object, resource, topic-token used for the evidence)
Found = tuple[str | None, str | None, str | None]


def _coarse(tok: Token) -> str:
    return "NOUN" if tok.pos_ == "PROPN" else tok.pos_


def trigger_of(tok: Token) -> Trigger | None:
    triggers = relation_triggers()
    lemma = tok.lemma_.lower()
    trig = triggers.get((lemma, _coarse(tok))) or triggers.get((tok.lower_, _coarse(tok)))
    if trig is None and tok.lower_ == "list" and any(c.lower_ == "entity" for c in tok.children):
        trig = triggers.get(("entity list", "NOUN"))
    if trig is None:
        return None
    if trig.needs and not _governs(tok, trig.needs):
        return None
    if trig.needs_modifier and not any(
        c.lower_ in trig.needs_modifier or c.lemma_.lower() in trig.needs_modifier
        for c in tok.children if c.i < tok.i
    ):
        return None
    if trig.needs_head and tok.head.lemma_.lower() not in trig.needs_head:
        return None
    if trig.not_modifier and any(c.lower_ in trig.not_modifier for c in tok.children if c.i < tok.i):
        return None
    return trig


def _governs(tok: Token, words: tuple[str, ...]) -> bool:
    """tok has one of `words` as a particle or preposition, directly or under its object ("make its way into")."""
    for c in tok.children:
        if c.lower_ in words and c.dep_ in ("prep", "prt", "agent", "advmod", "dative"):
            return True
        if c.dep_ in ("dobj", "npadvmod", "advmod"):
            if any(g.lower_ in words and g.dep_ in ("prep", "prt") for g in c.children):
                return True
    return False


class _Frames:
    """The frame readers for one paragraph doc."""

    def __init__(self, args: Arguments):
        self.a = args

    # dependency ---------------------------------------------------------------------------------------
    def depend_on(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        dependents = a.subject_of(tok)
        out: list[Found] = []
        objs = a.pobjs(tok, "on", "upon")
        for o in objs:
            named = a.np_actors(o, modifiers=False)
            if named:
                res = None
                for f in a.pobjs(tok, "for") + a.pobjs(o, "for"):
                    res = a.resources(f)[0][0] if a.resources(f) else None
                for d in dependents:
                    for p in named:
                        out.append((d, p, res or a.subtree_resource(tok, _ids(o)) or "other"))
                continue
            for n, (res, prov) in enumerate(a.resources(o)):
                if prov in (None, DOMESTIC) or (n > 0 and res is None):
                    continue
                for d in dependents:
                    out.append((d, prov, res or "other"))
        if not objs and tok.pos_ == "NOUN":
            # "chip dependency": a resource modifier and no supplier named means a foreign one
            res, prov = a._one_resource(tok)
            if res:
                for d in dependents:
                    out.append((d, prov if prov not in (None, DOMESTIC) else FOREIGN, res))
        return out

    def acquire(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "chips acquired by Russia"
            dependents = a.np_actors(a.passive_agent(tok)) if a.passive_agent(tok) is not None else []
            things = [tok.head]
        elif a.is_passive(tok):
            agent = a.passive_agent(tok)
            if agent is None:
                agent = _stray_agent(tok)
            dependents = a.np_actors(agent) if agent is not None else []
            things = [c for c in tok.children if c.dep_ == "nsubjpass"]
        else:
            dependents = a.subject_of(tok)
            if tok.pos_ == "NOUN":
                things = a.pobjs(tok, "of", "to") or [tok]
            else:
                things = [c for c in tok.children if c.dep_ in ("dobj", "attr")] or a.pobjs(tok, "to")
        named_from = [k for o in a.pobjs(tok, "from") for k in a.np_actors(o)]
        out: list[Found] = []
        for thing in things:
            if trig.head_is_resource and not _names_resource(a, thing):
                continue
            pairs = a.resources(thing) if thing != tok else [a._one_resource(tok)]
            for res, prov in pairs:
                providers = named_from or ([prov] if prov not in (None, DOMESTIC) else [])
                if not providers and trig.default_provider and not trig.provider_required:
                    providers = [FOREIGN]
                if not providers:
                    continue
                if res is None and trig.provider_required:
                    continue
                for d in dependents:
                    for p in providers:
                        out.append((d, p, res or "other"))
        return out

    def supply(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        climbed = False  # the providers were read from a governing clause, not from the word itself
        dependents: list[str] = []
        for o in a.pobjs(tok, "to", "for"):
            dependents += a.np_actors(o)
        things: list[Token] = []
        if a.is_passive(tok) and tok.pos_ == "VERB":
            agent = a.passive_agent(tok)
            providers = a.np_actors(agent) if agent is not None else []
            providers += [k for o in a.pobjs(tok, "from") for k in a.np_actors(o)]
            subj = [c for c in tok.children if c.dep_ == "nsubjpass"] or ([tok.head] if tok.dep_ == "acl" else [])
            for s in subj:
                s = _descend_of(s)
                things.append(s)
                # "chips acquired by Russia were shipped from China": the buyer is in the subject
                for c in s.children:
                    if c.dep_ == "acl" and a.passive_agent(c) is not None:
                        dependents += a.np_actors(a.passive_agent(c))
        elif tok.pos_ == "NOUN":
            providers = a.modifier_actors(tok)
            climbed = not providers
            providers = providers or a.subject_of(tok)
            things = a.pobjs(tok, "of") or [tok]
            if not dependents and tok.dep_ == "pobj" and tok.head.head != tok.head:
                # "tied to exports of its chips to China": the destination attached one level up
                dependents += [k for o in a.pobjs(tok.head.head, "to") if o.i > tok.i for k in a.np_actors(o)]
            made = _made_for(tok)
            if made is not None and things == [tok]:
                # "a chip designed for sale to China", "chips the firm created for export to X": the
                # thing sold is what the participle describes; its maker (or owner) supplies it
                things = [made]
                if not providers:
                    providers = [k for t in (made, *_copula_subject(made)) for k in [_owner(a, t)] if k][:1]
        elif tok.dep_ == "amod" and tok.head.dep_ == "dobj" and tok.head.head.lemma_ == "have":
            # "who have long supplied chips for X", parsed with "supplied" modifying "chips"
            providers = a.subject_of(tok.head.head)
            things = [tok.head]
            dependents += [k for o in a.pobjs(tok.head, "to", "for") for k in a.np_actors(o)]
        else:
            providers = a.subject_of(tok)
            objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            for o in objs:
                named = a.np_actors(o, modifiers=False)
                if named and not dependents and (len(objs) > 1 or a.pobjs(tok, "with")):
                    dependents += named  # "award TSMC $6.6 billion", "provide Russia with chips"
                else:
                    things.append(o)
            things += a.pobjs(tok, "with")
        out: list[Found] = []
        for thing in things or [tok]:
            pairs = a.resources(thing) if thing != tok else [a._one_resource(tok)]
            for res, prov in pairs:
                provs = providers or ([prov] if prov not in (None, DOMESTIC, FOREIGN) else [])
                if climbed and prov not in (None, DOMESTIC, FOREIGN):
                    provs = [prov]  # "exports of its chips": the owner of the goods exports them
                if res is None:
                    res = a.subtree_resource(thing) if thing != tok else None
                if res is None and provs and dependents:
                    res = a.subtree_resource(tok.sent.root)  # the sentence's topic ("market for chips")
                for d in dependents:
                    for p in provs:
                        out.append((d, p, res or "other"))
        return out

    def inflow(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        dests = a.pobjs(tok, "into", "in", "to")
        if not dests:  # "chips reach Russia"; but in "make it into Russia" the object is a dummy
            dests = [c for c in tok.children if c.dep_ == "dobj" and a.np_actors(c, False)]
        for c in tok.children:
            if c.dep_ in ("dobj", "npadvmod"):
                dests += a.pobjs(c, "into")
        dependents = [k for d in dests for k in a.np_actors(d)]
        if not dependents:
            return []
        via = a.pobjs(tok, "via", "through", "from")
        providers = []
        for v in via:
            found = a.np_actors(v)
            if not found:
                for inner in a.pobjs(v, "across", "through", "from", "in", "via"):
                    found += a.np_actors(inner)
            providers += found
        thing = _subject_token(tok)
        out: list[Found] = []
        pairs = a.resources(thing) if thing is not None else [(None, None)]
        for res, prov in pairs:
            provs = providers or ([prov] if prov not in (None, DOMESTIC) else [FOREIGN])
            if res is None:
                continue
            for d in dependents:
                for p in provs:
                    out.append((d, p, res))
        return out

    def train(self, tok: Token, trig: Trigger) -> list[Found]:
        """"X trained its model on Nvidia chips", "the model was trained using 512 H800s": whoever
        trains (or owns the model trained) depends on the maker of the hardware it ran on."""
        a = self.a
        if a.is_passive(tok):
            dependents = [k for s in tok.children if s.dep_ == "nsubjpass" for k in [_model_owner(a, s)] if k]
            if not dependents and tok.dep_ == "ccomp" and speech_cues().get((tok.head.lemma_.lower(), "verb")):
                dependents = a.subject_of(tok.head)  # "the startup said the model was trained ..."
        else:
            dependents = a.subject_of(tok)
        things = a.pobjs(tok, "on", "with")
        for c in tok.children:
            if c.dep_ in ("advcl", "xcomp", "acl") and c.lemma_.lower() in trig.via:
                things += [o for o in c.children if o.dep_ == "dobj"]
            if c.dep_ == "dobj":  # "trained its model on Nvidia GPUs", with "on" attached to the model
                things += a.pobjs(c, "on", "with")
        out: list[Found] = []
        for thing in things:
            for res, prov in a.resources(thing):
                if prov is None:  # "a cluster of Nvidia H800s": the maker of what the cluster is made of
                    prov = next((p for o in a.pobjs(thing, "of") for _, p in a.resources(o) if p), None)
                if res not in trig.only_resources or prov in (None, DOMESTIC, FOREIGN):
                    continue
                out += [(d, prov, res) for d in dependents if d != prov]
        return out

    # restriction --------------------------------------------------------------------------------------
    def restrict(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        targets: list[str] = []
        things: list[Token] = []
        if trig.needs_list and not any(
            t.lemma_.lower() in word_class("list") for o in a.pobjs(tok, "to") for t in o.subtree
        ):
            return []
        if tok.dep_ == "amod" and tok.tag_ == "VBN":
            # "US-sanctioned firms": the restrictor is inside the modifier, the target is what it modifies
            restrictors = [k for t in tok.subtree if t.i != tok.i for k in [a.key(t)] if k]
            noun = tok.head
            targets = a.np_actors(noun, modifiers=False)
            if not targets and noun.dep_ == "attr":
                targets = a.subject_of(noun.head)
            return [(r, t, a.subtree_resource(tok) or "other") for r in restrictors or [None] for t in targets if t != r]
        if a.is_passive(tok) and tok.pos_ == "VERB":
            agent = a.passive_agent(tok)
            restrictors = a.np_actors(agent) if agent is not None else []
            for s in (c for c in tok.children if c.dep_ == "nsubjpass"):
                named = a.np_actors(s, modifiers=False)
                if named:
                    targets += named
                else:
                    targets += a.modifier_actors(s)
                    things += a.pobjs(s, "to") or [s]
        else:
            restrictors = a.subject_of(tok, restriction=True)
            objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            for o in objs:
                named = a.np_actors(o, modifiers=False)
                if named:
                    targets += named
                else:
                    poss = [c for c in o.children if c.dep_ == "poss"]
                    dest = [k for x in a.pobjs(o, "to") for k in a.np_actors(x)]
                    if poss and a.np_actors(poss[0]):
                        targets += a.np_actors(poss[0])  # "block China's access to ..."
                        things += a.pobjs(o, "to") or [o]
                    elif dest and _is_supply(o):
                        targets += dest  # "limiting exports to China"
                        things += a.pobjs(o, "of") or [o]
                    else:
                        things.append(o)
        # "barred ASML from selling machines to China": the destination is the one cut off
        for pc in (c for p in tok.children if p.dep_ == "prep" and p.lower_ == "from" for c in p.children if c.dep_ == "pcomp"):
            if not _is_supply(pc):
                continue
            dest = [k for o in a.pobjs(pc, "to") for k in a.np_actors(o)]
            if dest:
                targets = dest
            things += [c for c in pc.children if c.dep_ == "dobj"]
        for o in a.pobjs(tok, "to", "on", "against"):
            if not trig.needs_list:
                targets += a.np_actors(o, modifiers=False)
        res = None
        foreign = False
        for th in things:
            for r, prov in a.resources(th):
                res = res or r
                if prov in (FOREIGN, DOMESTIC):
                    foreign = True
        if trig.needs_foreign and not foreign:
            return []
        if foreign and not targets:
            targets = [FOREIGN]
        if res is None:
            res = a.subtree_resource(tok, frozenset(t.i for t in tok.subtree if a.key(t) in restrictors))
        return [(r, t, res or "other") for r in (restrictors or [None]) for t in targets if t != r]

    def restrict_noun(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        restrictors = a.modifier_actors(tok)
        head = tok.head
        if not restrictors and tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in word_class("impose"):
            restrictors = a.subject_of(head)
        if not restrictors and tok.dep_ == "pobj" and head.head.lemma_.lower() in word_class("impose"):
            restrictors = a.subject_of(head.head)
        targets: list[str] = []
        res = None
        for o in a.pobjs(tok, "on", "against", "to", "targeting", "for"):
            named = a.np_actors(o, modifiers=False)
            if named:
                targets += named
            else:
                for r, prov in a.resources(o):
                    res = res or r
                if res is None:  # "sanctions on Russian banks"; not "restrictions on its chips" (the owner)
                    targets += a.modifier_actors(o)
        if not targets and tok.dep_ == "dobj" and head.lemma_.lower() in word_class("evade"):
            targets = a.subject_of(head)
        if not targets and tok.dep_ in ("dobj", "pobj") and head.lemma_.lower() == "impose":
            targets = [k for o in a.pobjs(head, "on", "against") for k in a.np_actors(o)]
        if res is None:
            res, _ = a._one_resource(tok)
        if res is None:
            exclude = frozenset(t.i for c in tok.children if c.dep_ in ("conj", "cc", "appos") for t in c.subtree)
            res = a.subtree_resource(tok, exclude)
        restrictors = [r for r in restrictors if r not in targets]
        if not targets:
            return [(r, None, res or "other") for r in restrictors or [None]]
        return [(r, t, res or "other") for r in (restrictors or [None]) for t in targets]

    # cooperation --------------------------------------------------------------------------------------
    def cooperate(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        parties = a.subject_of(tok)
        partners = [k for o in a.pobjs(tok, "with", "alongside") for k in a.np_actors(o)]
        if tok.lemma_.lower() == "help":
            partners += [k for c in tok.children if c.dep_ in ("dobj", "dative") for k in a.np_actors(c, False)]
            if not partners:
                return []
        topic = a.subtree_resource(tok) or "other"
        return _pairs(parties, partners, topic)

    def joint(self, tok: Token, trig: Trigger) -> list[Found]:
        """Coordinated actors doing one thing together ("Russia and Belarus plan to build ...")."""
        a = self.a
        if tok.dep_ == "pcomp":  # "work with China on developing AI": a topic, not a joint action of its own
            return []
        parties = a.subject_of(tok)
        if tok.dep_ == "conj" and a.key(tok.head) and parties:
            # "Putin and Xi's effort", parsed as "Putin" coordinated with "Xi's effort"
            parties = [*a.np_actors(tok.head, modifiers=False)[:1], *parties]
        if len(parties) < 2 or len({a.actor_type(p) for p in parties} - {None}) == 0:
            return []
        topic = a.subtree_resource(tok) or "other"
        return _pairs(parties, [], topic)

    def license(self, tok: Token, trig: Trigger) -> list[Found]:
        """"X told Y it needs a license to export chips to Z": X restricts Z's access to the chips."""
        a = self.a
        exports = [c for c in tok.children if c.dep_ in ("acl", "relcl") and _is_supply(c)]
        if not exports:
            return []
        targets = [k for e in exports for o in a.pobjs(e, "to") for k in a.np_actors(o, modifiers=False)]
        res = None
        for e in exports:
            for o in (c for c in e.children if c.dep_ == "dobj"):
                res = res or (a.resources(o)[0][0] if a.resources(o) else None)
        licensee = a.subject_of(tok)
        restrictors: list[str] = []
        cur = tok
        for _ in range(5):  # the one who requires the license governs the licensee's clause
            if cur.head == cur:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                found = [k for c in cur.children if c.dep_ == "nsubj" for k in a.np_actors(c)]
                if found and set(found) != set(licensee):
                    restrictors = found
                    break
        return [(r, t, res or "other") for r in restrictors or [None] for t in targets if t != r]

    def coop_noun(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        noun = tok.head if tok.pos_ == "ADJ" else tok  # "joint development"
        parties = [] if a._pronoun_only(noun) else a.modifier_actors(noun)
        partners = [k for o in a.pobjs(noun, "with", "between", "among") for k in a.np_actors(o)]
        if not parties:
            parties = a.subject_of(noun)
            gov = _governing_verb(noun)
            if gov is not None and not partners and noun.lemma_.lower() == "partner":
                partners = [k for c in gov.children if c.dep_ in ("dobj", "dative") for k in a.np_actors(c, False)]
            if not partners:
                return []  # "X joined the alliance" names no partner
        topic = a.subtree_resource(noun) or "other"
        return _pairs(parties, partners, topic)


def _is_sanction(tok: Token) -> bool:
    """Broad sanctions words name a regime; only a specific measure beside them tells its resource."""
    return tok.lemma_.lower() in word_class("sanction") or tok.lower_ in word_class("sanction")


def _stray_agent(verb: Token) -> Token | None:
    """The agent of a passive verb that the parser attached lower down ("chips can be used to build
    servers by X", with "by X" under "servers"): a "by" phrase inside the verb's own complements."""
    for t in verb.subtree:
        if t.dep_ == "prep" and t.lower_ == "by" and t.i > verb.i:
            cur = t.head
            while cur != verb and cur.dep_ in ("xcomp", "dobj", "pobj", "prep"):
                cur = cur.head
            if cur == verb:
                return next((o for o in t.children if o.dep_ == "pobj"), None)
    return None


def _made_for(tok: Token) -> Token | None:
    """For a noun in "designed/created/built for <tok>", the noun the participle or relative clause
    describes ("a chip that was designed for sale" -> chip)."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "for" or prep.head == prep:
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.dep_ not in ("relcl", "acl"):
        return None
    return verb.head if verb.head.pos_ in ("NOUN", "PROPN") else None


def _copula_subject(noun: Token) -> list[Token]:
    """"The H20 is a chip ...": the subject a predicate noun describes."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return [c for c in noun.head.children if c.dep_ == "nsubj"]
    return []


def _owner(a: Arguments, noun: Token) -> str | None:
    """Who supplies a thing: the maker of a named product, or an actor among its modifiers."""
    k = a.key(noun)
    if k and a.actor_type(k) == "Product":
        return a.maker(k)
    for t in noun.subtree:
        if t.i >= noun.i:
            break
        k = a.key(t)
        if k:
            return a.maker(k) if a.actor_type(k) == "Product" else k
    return None


def _names_resource(a: Arguments, noun: Token) -> bool:
    """The noun itself is a resource, a named product or an amount ("chips", "H100s", "$8 billion in
    grants"), not something about one ("chip orders", "a chip licence")."""
    if noun.pos_ in ("NUM", "SYM") or any(c.tag_ == "$" for c in noun.children):
        return True
    k = a.key(noun)
    return bool(k and a.actor_type(k) == "Product") or resource_of([noun.lemma_.lower()]) is not None


def _model_owner(a: Arguments, noun: Token) -> str | None:
    """Whose model a noun phrase names: the maker of a named model ("the R1 model", "DeepSeek-V3") or
    its possessor ("Alibaba's model")."""
    for t in noun.subtree:
        if t.i > noun.i:
            break
        k = a.key(t)
        if k and a.actor_type(k) == "Product" and a.maker(k):
            return a.maker(k)
    mods = [k for k in a.modifier_actors(noun) if a.actor_type(k) != "Product"]
    return mods[0] if mods else None


def _is_supply(tok: Token) -> bool:
    trig = relation_triggers().get((tok.lemma_.lower(), _coarse(tok)))
    return trig is not None and trig.frame in ("supply", "acquire")


def _restricted(tok: Token) -> bool:
    """A supply or purchase that a restriction governs ("barred from selling", "limit exports") is denied,
    not a dependency."""
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return False
        cur = cur.head
        trig = trigger_of(cur)  # with its conditions: "stopped buying" is not "stopped X from buying"
        if trig is not None and trig.kind == "restriction":
            return True
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ in ("ROOT", "ccomp", "relcl", "advcl", "conj"):
            return False
    return False


def _pairs(parties: list[str], partners: list[str], topic: str) -> list[Found]:
    if partners:
        return [(p, q, topic) for p in parties for q in partners if p != q]
    uniq = list(dict.fromkeys(parties))
    return [(p, q, topic) for p, q in combinations(uniq, 2)]


def _ids(tok: Token) -> frozenset[int]:
    return frozenset(t.i for t in tok.subtree)


def _descend_of(tok: Token) -> Token:
    """'88% of chips' -> chips: a quantity's 'of' complement names the thing."""
    if tok.pos_ in ("NUM", "SYM") or tok.lemma_.lower() in ("%", "percent", "share", "most", "half", "majority", "part", "some", "many"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
    return tok


def _subject_token(tok: Token) -> Token | None:
    """The noun that does what a verb says, climbing through raising and control verbs."""
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return _descend_of(c)
        if cur.dep_ == "acl":
            return cur.head
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head != cur:
            cur = cur.head
            continue
        break
    return None


def _governing_verb(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def innermost_attribution(attributions: list[Attribution], tok: Token, offset: int) -> Attribution | None:
    """The attribution that covers a trigger: among the cues of its sentence, the nearest one whose
    clause contains it ("X said it would supply Y, and Z announced ..." -> X); failing that, one that
    is not a speaker of a clause coordinated with the trigger's ("according to X, ..." covers all)."""
    pos = offset + tok.idx
    inside = [a for a in attributions if a.evidence.start <= pos < a.evidence.end]
    if not inside:
        return None
    at = {offset + t.idx: t for t in tok.sent}
    cues = [(a, [at[s] for s in a.cue_starts if s in at]) for a in inside]
    governing = [(a, c) for a, cs in cues for c in cs if _in_complement(tok, c)]
    if governing:
        return max(governing, key=lambda ac: _depth(ac[1]))[0]
    free = [a for a, cs in cues if not cs or not all(_coordinated_apart(c, tok) for c in cs)]
    if not free:
        return None
    return min(free, key=lambda a: (len(a.chain) * -1, a.evidence.end - a.evidence.start))


def _depth(tok: Token) -> int:
    n = 0
    while tok.head != tok:
        tok, n = tok.head, n + 1
    return n


def _in_complement(tok: Token, cue: Token) -> bool:
    """tok sits under the cue word, and not only as a coordinated clause ("X said A" vs "X said, and A")."""
    cur = tok
    while cur.head != cur:
        if cur.head == cue:
            return cur.dep_ not in ("conj", "cc")
        cur = cur.head
    return False


def _coordinated_apart(cue: Token, tok: Token) -> bool:
    """The cue's verb heads a clause coordinated with (or inside one coordinated with) the trigger's:
    "..., and AMD announced partnerships" speaks for its own clause only."""
    if cue.pos_ not in ("VERB", "AUX"):
        return False
    if cue.is_ancestor(tok):  # the trigger's clause is coordinated under the cue's
        return True
    cur = cue
    while cur.head != cur:
        if cur.dep_ == "conj" and (cur.head == tok or cur.head.is_ancestor(tok)):
            return True
        if cur.is_ancestor(tok):
            return False
        cur = cur.head
    return False


def extract_relations(
    paras: list[tuple[Doc, int]],
    index: ActorIndex,
    attributions: list[Attribution],
    figures: list[Figure],
    text: str,
) -> list[Relation]:
    out: list[Relation] = []
    generic: set[int] = set()  # positions in `out` of restrictions named by a broad word ("sanctions")
    groups: list[tuple[int, frozenset[int]]] = []  # per relation: paragraph and its trigger with conjuncts
    seen: set[tuple] = set()
    for p, (doc, offset) in enumerate(paras):
        frames = _Frames(Arguments(index, p))
        for tok in doc:
            trig = trigger_of(tok)
            if trig is None:
                continue
            if trig.kind == "dependency" and _restricted(tok):
                continue
            try:
                found = getattr(frames, trig.frame)(tok, trig)
            except RecursionError:  # pathological parses: skip the trigger, never the article
                continue
            if not found:
                continue
            ev = sentence_evidence(tok, offset)
            modality = modality_of(tok)
            attr = innermost_attribution(attributions, tok, offset)
            sent_res: str | None = None
            if trig.kind == "restriction" and any(f[2] == "other" for f in found) and (
                    not _is_sanction(tok) or any(t.i != tok.i and not _is_sanction(t) and (tg := trigger_of(t))
                                                 is not None and tg.kind == "restriction" for t in tok.sent)):
                # "US-sanctioned firms whose access to chips ...": a measure that names no resource
                # limits the specific one its sentence is about
                r = frames.a.subtree_resource(tok.sent.root)
                sent_res = r if _specificity(r or "other") == 2 else None
            for subj, obj, res in found:
                if trig.kind != "restriction" and (subj is None or obj is None):
                    continue
                if trig.kind == "dependency" and frames.a.actor_type(obj) == "Product":
                    obj = frames.a.maker(obj) or obj  # "H20 sales to China": the maker supplies its product
                if res == "other" and sent_res:
                    res = sent_res
                if subj == obj and subj is not None:
                    continue
                if trig.kind == "cooperation":
                    subj, obj = sorted((subj, obj))
                key = (trig.kind, subj, obj, res, ev.start)
                if key in seen:
                    continue
                seen.add(key)
                if trig.kind == "restriction" and trig.lemma in word_class("sanction"):
                    generic.add(len(out))
                groups.append((p, frozenset(t.i for t in (tok, *tok.conjuncts))))
                out.append(Relation(
                    kind=trig.kind, subject=subj, object=obj, resource=res, modality=modality, evidence=ev,
                    attributed_to=attr.source if attr else None, chain=attr.chain if attr else (),
                    trigger=tok.text,
                ))
    out = _drop_unnamed_restrictors(out, groups)
    out = _carry_restrictors(out, generic, _focus_countries(index))
    out = _fill_restrictions(out, generic, _focus_countries(index))
    return _prune(out)


def _drop_unnamed_restrictors(rels: list[Relation], groups: list[tuple[int, frozenset[int]]]) -> list[Relation | None]:
    """An unnamed restriction inside a sentence that names who restricts the same target is the same
    measure ("prevent X from evading sanctions") unless the two are coordinated ("sanctions and U.S.
    controls"); it is dropped. Returns the list with dropped items as None (positions are kept)."""
    out: list[Relation | None] = []
    for i, r in enumerate(rels):
        if r.kind == "restriction" and r.subject is None:
            if any(q.kind == "restriction" and q.subject is not None and q.evidence.start == r.evidence.start
                   and (r.object is None or q.object == r.object)
                   and (q.modality, q.attributed_to) == (r.modality, r.attributed_to)
                   and not (groups[j][0] == groups[i][0] and groups[j][1] & groups[i][1])
                   for j, q in enumerate(rels)):
                out.append(None)
                continue
        out.append(r)
    return out


def _carry_restrictors(rels: list[Relation | None], generic: set[int], focus: list[str]) -> list[Relation | None]:
    """A specific measure whose clause names no restrictor ("the rules aim at preventing X...", "X has
    been restricted from buying...") is the measure of the restrictor the article last named; before
    any is named, of the one it names most. Broad "sanctions" stay unnamed: they are a regime, not
    one actor's measure."""
    named = [r.subject for r in rels if r is not None and r.kind == "restriction" and r.subject is not None
             and r.object != FOREIGN]
    dominant = Counter(named).most_common(1)[0][0] if named else None
    out: list[Relation | None] = []
    last: str | None = None
    last_resource: str | None = None
    last_inward: str | None = None  # who last kept foreign goods out of its own market
    for i, r in enumerate(rels):
        if r is not None and r.kind == "restriction":
            if r.subject is not None:
                if r.object == FOREIGN:
                    last_inward = r.subject
                else:
                    last, last_resource = r.subject, r.resource
            elif i not in generic and r.object is not None:  # "the restrictions have hurt sales" names no one
                # "foreign" is relative to the restrictor: an unnamed one keeping foreign goods out is
                # the one that did so before, else the country the article is about
                who = (last_inward or (focus[0] if focus else None)) if r.object == FOREIGN else (last or dominant)
                if who is not None and who != r.object:
                    r = replace(r, subject=who, confidence=min(r.confidence, 0.6))
                    if r.object != FOREIGN and who == last and last_resource and _specificity(r.resource) < 2:
                        # the same measure: "the rules ... preventing X from accessing technology"
                        r = replace(r, resource=last_resource)
        out.append(r)
    return out


def _focus_countries(index: ActorIndex) -> list[str]:
    """The article's countries, most mentioned first (the implicit target of its restrictions)."""
    countries = [a for a in index.actors() if a.type == "Country"]
    countries.sort(key=lambda a: -len(a.mentions))
    return [a.key for a in countries]


def _prune(rels: list[Relation]) -> list[Relation]:
    """Within one sentence, drop what a more specific relation subsumes: the same pair with a generic
    resource, or an unnamed ("foreign") supplier when the sentence names the supplier."""
    def subsumed(r: Relation) -> bool:
        for q in rels:
            if q is r or q.kind != r.kind or q.evidence.start != r.evidence.start:
                continue
            same_pair = q.subject == r.subject and q.object == r.object
            if r.kind != "dependency" and same_pair and _specificity(r.resource) < _specificity(q.resource):
                return True
            if r.kind == "cooperation" and same_pair and r.resource == q.resource and rels.index(q) < rels.index(r):
                return True
            if (r.kind == "dependency" and r.object == FOREIGN and q.object != FOREIGN
                    and q.subject == r.subject and q.resource == r.resource):
                return True
        return False

    seen: set[tuple] = set()
    keep = []
    for r in rels:
        # a repeated sentence (a title printed twice) is one claim, cited at its first occurrence
        # within a sentence, a reported plan and an asserted fact with the same key are two claims
        key = (r.kind, r.subject, r.object, r.resource, r.evidence.text, r.modality, r.attributed_to)
        if key in seen or subsumed(r):
            continue
        seen.add(key)
        keep.append(r)
    return keep


def _specificity(resource: str) -> int:
    return {"other": 0, "ai_technology": 1}.get(resource, 2)


def _fill_restrictions(rels: list[Relation | None], generic: set[int], focus: list[str]) -> list[Relation]:
    """Restrictions whose sentence leaves the target or the resource implicit take the article's usual
    ones: an article about export controls on China says "the restrictions" and means on China's chips.
    The implicit target is the article's most mentioned country other than the restrictor; broad
    sanctions keep the resource `other`; a restriction with no possible target is dropped."""
    resources = Counter(r.resource for r in rels if r and r.kind == "restriction" and r.resource != "other")
    usual_resource = resources.most_common(1)[0][0] if resources else None
    out = []
    for i, r in enumerate(rels):
        if r is None:
            continue
        if r.kind == "restriction" and r.subject is None and r.object is None and i not in generic:
            continue  # "the restrictions have hampered ...": neither side named, nothing to record
        if r.kind == "restriction":
            if r.resource == "other":
                same_sentence = [q.resource for q in rels if q and q.kind == "restriction"
                                 and q.evidence.start == r.evidence.start and q.resource != "other"]
                if same_sentence:
                    r = replace(r, resource=same_sentence[0])
                elif i not in generic and usual_resource:
                    r = replace(r, resource=usual_resource, confidence=min(r.confidence, 0.6))
            if r.object is None:
                target = next((k for k in focus if k != r.subject), None)
                if target is None:
                    continue
                r = replace(r, object=target, confidence=0.5)
        out.append(r)
    return out


def with_figures(relations: list[Relation], figures: list[Figure]) -> list[Relation]:
    """Each relation linked to the figures stated inside its evidence ("exports to X fell 39%": the 39%
    is the relation's figure), by index into the article's figures."""
    out = []
    for r in relations:
        linked = tuple(i for i, f in enumerate(figures)
                       if r.evidence.start <= f.evidence.start and f.evidence.end <= r.evidence.end
                       or f.evidence.start <= r.evidence.start and r.evidence.end <= f.evidence.end)
        out.append(replace(r, figures=linked) if linked else r)
    return out
