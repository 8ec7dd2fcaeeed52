"""The restriction frames (measures, listings, exemptions, licence requirements): each reads a trigger word's
arguments through `arguments.Arguments`; `frames.Frames` inherits them and registers them in FRAMES."""
from __future__ import annotations

from spacy.tokens import Token

from ..arguments import DOMESTIC, Arguments
from ..lexicon import Trigger, word_class
from ..records import FOREIGN
from .parse import Found, _access_owner, _destinations, _frame_of, _is_flow, _under_measure
from .triggers import is_supply, listing, sold


class MeasureFrames:
    """The restriction frame readers for one paragraph doc."""

    def __init__(self, args: Arguments):
        self.a = args

    def restrict(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
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
            targets, things = self._passive_parties(tok)
        else:
            restrictors = a.subject_of(tok, restriction=True)
            if not restrictors and tok.dep_ == "relcl" and any(
                    c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in tok.children):
                # "X announced measures that ban ...": the measure counts as its issuer
                restrictors = a.subject_of(tok.head, restriction=True)
            targets, things = self._object_parties(tok, trig)
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
        if listing(trig):  # a listing names parties ("two chip startups"), not a resource
            res = "other"
        if res is None:
            res = a.subtree_resource(tok, frozenset(t.i for t in tok.subtree if a.key(t) in restrictors))
        return [(r, t, res or "other") for r in (restrictors or [None]) for t in targets if t != r]

    def _passive_parties(self, tok: Token) -> tuple[list[str], list[Token]]:
        """Whom a passive measure cuts off and the goods it names, from its subjects ("X was sanctioned", "exports
        of chips to X were restricted")."""
        a = self.a
        targets: list[str] = []
        things: list[Token] = []
        for s in (c for c in tok.children if c.dep_ == "nsubjpass"):
            named = a.np_actors(s, modifiers=False)
            if named:
                targets += named
            elif sold(s):  # "Nvidia's exports to China were restricted": the seller is not cut off
                targets += _destinations(a, s)
                things += a.pobjs(s, "of") or [s]
            else:
                targets += a.modifier_actors(s)
                things += a.pobjs(s, "to") or [s]
        return targets, things

    def _object_parties(self, tok: Token, trig: Trigger) -> tuple[list[str], list[Token]]:
        """Whom an active measure cuts off and the goods it names, from its objects ("sanctioned X", "block China's
        access to ...", "limiting exports to X", "added two Chinese firms to the list")."""
        a = self.a
        targets: list[str] = []
        things: list[Token] = []
        for o in (c for c in tok.children if c.dep_ in ("dobj", "dative")):
            named = a.np_actors(o, modifiers=False)
            if named:
                targets += named
                continue
            poss = [c for c in o.children if c.dep_ == "poss"]
            dest = _destinations(a, o)
            owner = _access_owner(a, o) or (a.np_actors(poss[0]) if poss and not sold(o) else [])
            if owner:
                targets += owner  # "block China's access to ...", "limit the access of BRICS to ..."
                things += a.pobjs(o, "to") or [o]
            elif dest and _is_flow(o):
                targets += dest  # "limiting exports to China", "halting shipments into X"
                things += a.pobjs(o, "of") or [o]
            else:
                things.append(o)
                named_goods = any(r for c in (o, *o.conjuncts) for r, _ in a.resources(c))
                if trig.needs_list or not (sold(o) or named_goods):
                    # "added two Chinese firms to the list": the parties the modifiers name
                    targets += [k for c in (o, *o.conjuncts) for k in a.modifier_actors(c)]
        return targets, things

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
        if listing(trig):
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
