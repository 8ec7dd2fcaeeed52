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
from .lexicon import Trigger, relation_triggers
from .modality import modality_of
from .records import FOREIGN, Attribution, Evidence, Figure, Relation

_LIST_WORDS = frozenset({"list", "blacklist", "entity"})
_EVADE = frozenset({"evade", "circumvent", "bypass", "skirt", "dodge", "avoid", "escape", "violate"})
_IMPOSE = frozenset({"impose", "introduce", "issue", "announce", "tighten", "expand", "step", "unveil", "extend",
                     "adopt", "levy", "place", "slap", "enforce", "implement", "roll", "lift", "ease", "join",
                     "apply", "broaden", "update", "strengthen"})
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
            for res, prov in a.resources(o):
                if prov in (None, DOMESTIC):
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
            providers = a.modifier_actors(tok) or a.subject_of(tok)
            things = a.pobjs(tok, "of") or [tok]
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
                if res is None:
                    res = a.subtree_resource(thing) if thing != tok else None
                for d in dependents:
                    for p in provs:
                        out.append((d, p, res or "other"))
        return out

    def inflow(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        dests = a.pobjs(tok, "into", "in", "to") + [c for c in tok.children if c.dep_ == "dobj" and a.np_actors(c, False)]
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

    # restriction --------------------------------------------------------------------------------------
    def restrict(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        targets: list[str] = []
        things: list[Token] = []
        if trig.needs_list and not any(
            t.lemma_.lower() in _LIST_WORDS for o in a.pobjs(tok, "to") for t in o.subtree
        ):
            return []
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
                    if poss and a.np_actors(poss[0]):
                        targets += a.np_actors(poss[0])  # "block China's access to ..."
                        things += a.pobjs(o, "to") or [o]
                    else:
                        things.append(o)
        # "barred ASML from selling machines to China": the destination is the one cut off
        for pc in (c for p in tok.children if p.dep_ == "prep" and p.lower_ == "from" for c in p.children if c.dep_ == "pcomp"):
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
        if not restrictors and tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in _IMPOSE:
            restrictors = a.subject_of(head)
        if not restrictors and tok.dep_ == "pobj" and head.head.lemma_.lower() in _IMPOSE:
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
                targets += a.modifier_actors(o)
        if not targets and tok.dep_ == "dobj" and head.lemma_.lower() in _EVADE:
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
        topic = a.subtree_resource(tok) or "other"
        return _pairs(parties, partners, topic)

    def coop_noun(self, tok: Token, trig: Trigger) -> list[Found]:
        a = self.a
        noun = tok.head if tok.pos_ == "ADJ" else tok  # "joint development"
        parties = a.modifier_actors(noun)
        partners = [k for o in a.pobjs(noun, "with", "between", "among") for k in a.np_actors(o)]
        if not parties:
            parties = a.subject_of(noun)
            gov = _governing_verb(noun)
            if gov is not None and not partners and noun.lemma_.lower() == "partner":
                partners = [k for c in gov.children if c.dep_ in ("dobj", "dative") for k in a.np_actors(c, False)]
        topic = a.subtree_resource(noun) or "other"
        return _pairs(parties, partners, topic)


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


def _innermost(attributions: list[Attribution], pos: int) -> Attribution | None:
    inside = [a for a in attributions if a.evidence.start <= pos < a.evidence.end]
    if not inside:
        return None
    return min(inside, key=lambda a: (len(a.chain) * -1, a.evidence.end - a.evidence.start))


def extract_relations(
    paras: list[tuple[Doc, int]],
    index: ActorIndex,
    attributions: list[Attribution],
    figures: list[Figure],
    text: str,
) -> list[Relation]:
    out: list[Relation] = []
    seen: set[tuple] = set()
    for p, (doc, offset) in enumerate(paras):
        frames = _Frames(Arguments(index, p))
        for tok in doc:
            trig = trigger_of(tok)
            if trig is None:
                continue
            try:
                found = getattr(frames, trig.frame)(tok, trig)
            except RecursionError:  # pathological parses: skip the trigger, never the article
                continue
            if not found:
                continue
            sent = tok.sent
            start = offset + sent.start_char
            ev = Evidence(sent.text, start, start + len(sent.text))
            modality = modality_of(tok)
            attr = _innermost(attributions, offset + tok.idx)
            for subj, obj, res in found:
                if trig.kind != "restriction" and (subj is None or obj is None):
                    continue
                if subj == obj or (subj is None and obj is None):
                    continue
                if trig.kind == "cooperation":
                    subj, obj = sorted((subj, obj))
                key = (trig.kind, subj, obj, res, ev.start)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Relation(
                    kind=trig.kind, subject=subj, object=obj, resource=res, modality=modality, evidence=ev,
                    attributed_to=attr.source if attr else None, chain=attr.chain if attr else (),
                    trigger=tok.text,
                ))
    return _resolve_targets(_prune(out))


def _prune(rels: list[Relation]) -> list[Relation]:
    """Within one sentence, drop a relation that a more specific one of the same pair subsumes
    (same kind, subject and object; the generic resource loses to a specific one)."""
    keep = []
    for r in rels:
        if r.resource in ("other", "ai_technology") and any(
            q != r and q.kind == r.kind and q.subject == r.subject and q.object == r.object
            and q.evidence.start == r.evidence.start and q.resource not in ("other", "ai_technology")
            and r.kind != "dependency"
            for q in rels
        ):
            continue
        keep.append(r)
    return keep


def _resolve_targets(rels: list[Relation]) -> list[Relation]:
    """A restriction whose target the sentence leaves implicit targets the article's usual target
    (an article on sanctions against Russia says "sanctions" and means on Russia); without one, it is dropped."""
    counts = Counter(r.object for r in rels if r.kind == "restriction" and r.object not in (None, FOREIGN))
    usual = counts.most_common(1)[0][0] if counts else None
    out = []
    for r in rels:
        if r.kind == "restriction" and r.object is None:
            if usual is None or usual == r.subject:
                continue
            r = replace(r, object=usual, confidence=0.5)
        out.append(r)
    return out
