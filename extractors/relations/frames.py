"""The relation frames: each reads a trigger word's syntactic arguments (subject, objects, prepositional
complements, possessors, passive agents) through `arguments.Arguments`, registered by name in FRAMES."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..arguments import DOMESTIC
from ..lexicon import Trigger, speech_cues
from ..records import FOREIGN
from .measures import MeasureFrames
from .parse import (
    Found, _copula_subject, _descend_of, _governing_verb, _ids, _made_for, _model_owner, _names_resource, _owner,
    _pairs, _stray_agent, _subject_token,
)


class Frames(MeasureFrames):
    """The frame readers for one paragraph doc: dependency and cooperation here, restriction from MeasureFrames."""

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
