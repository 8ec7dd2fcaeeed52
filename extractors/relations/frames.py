"""The relation frames: each reads a trigger word's syntactic arguments (subject, objects, prepositional
complements, possessors, passive agents) through `arguments.Arguments`, registered by name in FRAMES."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..arguments import DOMESTIC, Arguments
from ..lexicon import Trigger, speech_cues, word_class
from ..records import FOREIGN
from .parse import (
    Found, _access_owner, _copula_subject, _descend_of, _destinations, _frame_of, _governing_verb, _ids, _is_flow,
    _listing, _made_for, _model_owner, _names_resource, _owner, _pairs, _stray_agent, _subject_token, _under_measure,
)
from .triggers import is_supply


class Frames:
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
            if not restrictors and tok.dep_ == "relcl" and any(
                    c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in tok.children):
                # "X announced measures that ban ...": the measure counts as its issuer
                restrictors = a.subject_of(tok.head, restriction=True)
            objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            for o in objs:
                named = a.np_actors(o, modifiers=False)
                if named:
                    targets += named
                else:
                    poss = [c for c in o.children if c.dep_ == "poss"]
                    dest = _destinations(a, o)
                    owner = _access_owner(a, o) or (a.np_actors(poss[0]) if poss else [])
                    if owner:
                        targets += owner  # "block China's access to ...", "limit the access of BRICS to ..."
                        things += a.pobjs(o, "to") or [o]
                    elif dest and _is_flow(o):
                        targets += dest  # "limiting exports to China", "halting shipments into X"
                        things += a.pobjs(o, "of") or [o]
                    else:
                        things.append(o)
                        if trig.needs_list or not any(r for c in (o, *o.conjuncts) for r, _ in a.resources(c)):
                            # "added two Chinese firms to the list": the parties the modifiers name
                            targets += [k for c in (o, *o.conjuncts) for k in a.modifier_actors(c)]
        # "barred ASML from selling machines to China": the destination is the one cut off; "banned
        # operators from buying chips from X": the supplier is
        for pc in (c for p in tok.children if p.dep_ == "prep" and p.lower_ == "from" for c in p.children if c.dep_ == "pcomp"):
            if not is_supply(pc):
                continue
            dest = _destinations(a, pc) if _frame_of(pc) == "supply" else \
                [k for o in a.pobjs(pc, "from") for k in a.np_actors(o)]
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
        if _listing(trig):  # a listing names parties ("two chip startups"), not a resource
            res = "other"
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
        objs = a.pobjs(tok, "on", "against", "to", "targeting", "for")
        if tok.dep_ == "dobj" and head.lemma_.lower() in word_class("impose"):
            objs += a.pobjs(head, "on", "against")  # "set a quota on exports to X", "on" hung from the verb
        for o in objs:
            named = a.np_actors(o, modifiers=False)
            if named:
                targets += named
            elif owner := _access_owner(a, o):
                targets += owner  # "limits on Bolivian fabs' access to lithography tools"
                res = next((r for th in a.pobjs(o, "to") for r, _ in a.resources(th) if r), None)
            elif is_supply(o) and (dest := _destinations(a, o)):
                targets += dest  # "curbs on exports of chips to X": the destination is cut off
                res = next((r for th in a.pobjs(o, "of") for r, _ in a.resources(th) if r), None)
            else:
                for r, prov in a.resources(o):
                    res = res or r
                if res is None:  # "sanctions on Russian banks"; not "restrictions on its chips" (the owner)
                    targets += a.modifier_actors(o)
        if not targets and tok.dep_ == "dobj" and head.lemma_.lower() in word_class("evade"):
            targets = a.subject_of(head)
        if not targets:
            targets = _under_measure(a, tok)
        if not targets and tok.dep_ == "pobj" and head.lemma_.lower() == "impose":
            targets = [k for o in a.pobjs(head, "on", "against") for k in a.np_actors(o)]
        if _listing(trig):
            res = "other"
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
        exports = [c for c in tok.children if c.dep_ in ("acl", "relcl") and is_supply(c)]
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


Frame = Callable[[Frames, Token, Trigger], list[Found]]
# frame name in data/relation_triggers.jsonl -> the reader
FRAMES: dict[str, Frame] = {
    "depend_on": Frames.depend_on, "acquire": Frames.acquire, "supply": Frames.supply, "inflow": Frames.inflow,
    "train": Frames.train, "restrict": Frames.restrict, "restrict_noun": Frames.restrict_noun,
    "cooperate": Frames.cooperate, "joint": Frames.joint, "license": Frames.license, "coop_noun": Frames.coop_noun,
}
