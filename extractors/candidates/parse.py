"""The parse between two actors: a paragraph's tree walked once, the features of a reading (path, roles,
the relation word both hang from) and the conventions that rule a reading out."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..lexicon import resource_of, word_class
from ..modality import reduced
from ..relations import listing, sold, trigger_of
from .classes import classes_of, gates, word_classes

MAX_PATH = 8  # longer parse paths between two actors carry no pattern worth learning


class Tree:
    """One paragraph doc's tokens with their classes and ancestor chains, each computed once: the
    candidates of a sentence walk the same paths many times."""

    def __init__(self, doc: Doc):
        self.tokens = list(doc)
        self._cls: dict[int, tuple[str, ...]] = {}
        self._up: dict[int, list[Token]] = {}
        # the readings of a sentence ask for the same pairs again (every kind, both directions, each trigger)
        self._paths: dict[tuple[int, int], tuple[list[Token], Token | None, list[Token]]] = {}
        self._reach: dict[tuple[int, int], tuple[int, str] | None] = {}
        self._roles: dict[int, tuple[str, str]] = {}  # token index -> (role, role_head_class)
        self._voice: dict[int, str] = {}
        self.arc_keys: dict[tuple[int, int], tuple[str | None, int]] = {}  # (mention, word) -> `roles.arc_key`, arcs up

    def cls(self, t: Token) -> tuple[str, ...]:
        if t.i not in self._cls:
            classes = classes_of(t)
            if "negation" in classes and len(classes) > 1 and any(c.dep_ == "xcomp" for c in t.children):
                # "Turkey refused to join the sanctions": a negating verb with a verb complement negates
                # that complement; it is not a measure of its own (as in "refused the licence")
                classes = ("negation",)
            elif "measure" in classes and "reliance" in classes and t.pos_ == "NOUN" and (
                    t.tag_ == "NNS" or any(c.dep_ in ("compound", "amod") or c.lower_ == "on" for c in t.children)):
                # "export controls", "controls on X": the measure, not a hold over supplies ("China's control of")
                classes = tuple(c for c in classes if c != "reliance")
            elif "permission" in classes and "transfer" in classes and _required(t):
                # "requires a new licence", "applied for licences": a requirement, not goods let through yet
                classes = tuple(c for c in classes if c != "transfer")
            self._cls[t.i] = classes
        return self._cls[t.i]

    def up(self, t: Token) -> list[Token]:
        """t and its ancestors, nearest first."""
        if t.i not in self._up:
            self._up[t.i] = [t] if t.head.i == t.i else [t, *self.up(self.tokens[t.head.i])]
        return self._up[t.i]

    def path(self, a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
        """Tokens from a up to (not including) the lowest common ancestor, the ancestor, and from b up
        (shared between callers: read them, do not change them)."""
        key = (a.i, b.i)
        if key not in self._paths:
            self._paths[key] = self._path(a, b)
        return self._paths[key]

    def _path(self, a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
        up_a, up_b = self.up(a), self.up(b)
        pos_in_a = {t.i: n for n, t in enumerate(up_a)}
        for m, t in enumerate(up_b):
            if t.i in pos_in_a:
                return up_a[:pos_in_a[t.i]], t, up_b[:m]
        return up_a, None, up_b

    def roles(self, t: Token) -> tuple[str, str]:
        """`role(t)` and `role_head_class(t)`, computed once per token."""
        if t.i not in self._roles:
            self._roles[t.i] = (role(t), role_head_class(t))
        return self._roles[t.i]

    def voice(self, t: Token) -> str:
        """A relation word's voice: "pass" for a passive verb or participle, else its part of speech."""
        if t.i not in self._voice:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) or (t.dep_ == "acl" and t.tag_ == "VBN")
            self._voice[t.i] = "pass" if passive else t.pos_
        return self._voice[t.i]

    def reach(self, trigger: Token, x: Token) -> tuple[int, str] | None:
        """`reach(self, trigger, x)`, computed once per pair."""
        key = (trigger.i, x.i)
        if key not in self._reach:
            self._reach[key] = reach(self, trigger, x)
        return self._reach[key]


def role(t: Token) -> str:
    """A mention's grammatical role: its arc, with the preposition or possessed noun that governs it."""
    while t.dep_ in ("conj", "appos") and t.head != t:
        t = t.head
    if t.dep_ == "pobj":
        return f"pobj:{t.head.lower_}"
    if t.dep_ in ("poss", "compound", "amod", "nmod") and t.head.pos_ in ("NOUN", "PROPN"):
        cls = classes_of(t.head)
        return f"{t.dep_}:{cls[0] if cls else 'n'}"
    return t.dep_


def role_head_class(t: Token) -> str:
    """The class of the word a mention's preposition or arc attaches to ("sales *to* X": transfer)."""
    while t.dep_ in ("conj", "appos") and t.head != t:
        t = t.head
    h = t.head.head if t.dep_ == "pobj" else t.head
    cls = classes_of(h)
    return cls[0] if cls else h.pos_


def closest(ms: list[Token], mo: list[Token]) -> tuple[Token, Token]:
    """The two mentions, one of each actor, nearest each other."""
    return min(((s, o) for s in ms for o in mo), key=lambda so: abs(so[0].i - so[1].i))


def pair_features(tree: Tree, s_tok: Token, o_tok: Token) -> list[str]:
    """Features of the parse between a subject mention and an object mention."""
    classes_of = tree.cls
    up, lca, down = tree.path(s_tok, o_tok)
    f: list[str] = []
    if lca is None or len(up) + len(down) > MAX_PATH:
        f.append("path=LONG")
        lca_cls = "none"
    else:
        lca_cls = (classes_of(lca) or (lca.pos_,))[0]
        f.append("path=" + ">".join(t.dep_ for t in up) + "|" + lca_cls + "|" + "<".join(t.dep_ for t in down))
        f.append("path_deps=" + ">".join(t.dep_ for t in up) + "|" + "<".join(t.dep_ for t in down))
        for c in classes_of(lca):
            f.append(f"lca={c}")
        f.append(f"lca_lemma={lca.lemma_.lower()}")
        for t in (*up[1:], *down[1:]):
            for c in classes_of(t):
                f.append(f"on_path={c}")
            if t.dep_ == "prep":
                f.append(f"path_prep={t.lower_}")
    (s_role, s_head), (o_role, o_head) = tree.roles(s_tok), tree.roles(o_tok)
    f += [f"s_role={s_role}", f"o_role={o_role}", f"roles={s_role}&{o_role}",
          f"lca&roles={lca_cls}&{s_role}&{o_role}",
          f"s_head={s_head}&{s_role}", f"o_head={o_head}&{o_role}"]
    lo, hi = sorted((s_tok.i, o_tok.i))
    between = {c for i in range(lo + 1, hi) for c in classes_of(tree.tokens[i])}
    f += [f"between={c}" for c in sorted(between)]
    f.append("order=" + ("so" if s_tok.i < o_tok.i else "os"))
    gap = hi - lo
    f.append("gap=" + ("1" if gap <= 1 else "2-3" if gap <= 3 else "4-8" if gap <= 8 else "9+"))
    if o_tok in s_tok.conjuncts:
        f.append("conjoined")
    return f


def _arc(t: Token) -> str:
    return f"pobj:{t.head.lower_}" if t.dep_ == "pobj" else t.dep_


def reach(tree: Tree, trigger: Token, x: Token) -> tuple[int, str] | None:
    """How a mention hangs from a relation word: the number of arcs between them and the way, written
    from the word ("0^dobj", "0^prep>pobj:to", "1^nsubj": up one arc, then down); None when too far."""
    x_up, lca, t_up = tree.path(x, trigger)
    if lca is None or len(x_up) + len(t_up) > MAX_PATH // 2 + 1:
        return None
    down = [_arc(t) for t in reversed(x_up) if t.dep_ != "prep"][-3:]
    return len(x_up) + len(t_up), f"{len(t_up)}^" + ">".join(down)


def trigger_features(tree: Tree, kind: str, triggers: list[Token], s_tok: Token | None, o_tok: Token | None
                     ) -> tuple[list[str], Token | None]:
    """Features of the relation word of the kind's classes that both mentions hang from most closely
    (the generalised frame: which class of word, and in which roles the two actors stand to it)."""
    best: tuple[int, Token, str, str] | None = None
    for t in triggers:
        rs = tree.reach(t, s_tok) if s_tok is not None else (0, "none")
        ro = tree.reach(t, o_tok) if o_tok is not None else (0, "none")
        if rs is None or ro is None or t in (s_tok, o_tok):
            continue
        cost = rs[0] + ro[0]
        if best is None or cost < best[0]:
            best = (cost, t, rs[1], ro[1])
    if best is None:
        return ["T=none"], None
    cost, t, rs, ro = best
    voice = tree.voice(t)
    out = [f"Tdist={min(cost, 6)}", f"Tlemma={t.lemma_.lower()}", f"Tvoice={voice}"]
    for cls in (c for c in tree.cls(t) if c in gates()[kind]):
        out += [f"T={cls}", f"T={cls}&s={rs}", f"T={cls}&o={ro}", f"T={cls}&s={rs}&o={ro}",
                f"T={cls}&{voice}&s={rs}&o={ro}"]
    return out, t


def _required(t: Token) -> bool:
    """A licence that is demanded or applied for ("needs a licence", "apply for licences", "licensing
    requirements"), not one granted."""
    head = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "for" else t.head
    return head.lemma_.lower() in word_class("requiring") or (t.dep_ == "compound" and "measure" in classes_of(t.head))


def denied(trigger: Token) -> bool:
    """The flow word is governed, within its clause, by a measure ("blocked X from selling", "a ban on
    exports"): the flow is what the measure prevents. A reliance a reduction word governs is not denied
    ("cut its dependence on X": it depends on X)."""
    return stopper(trigger) is not None


def stopper(trigger: Token) -> Token | None:
    """The measure word that governs the flow word within its clause (see `denied`), or None."""
    if reduced(trigger):
        return None
    cur = trigger
    for _ in range(4):
        if cur.head.i == cur.i:
            return None
        via, cur = cur, cur.head
        if "measure" in classes_of(cur) and "transfer" not in classes_of(cur):
            return cur
        if via.dep_ == "prep" and via.lower_ in ("on", "against"):
            measure = next((c for c in cur.children if c.dep_ == "dobj" and "measure" in classes_of(c)), None)
            if measure is not None:
                return measure  # "set a quota on exports to X", with "on" hung from the verb
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ in ("ROOT", "ccomp", "relcl", "advcl", "conj"):
            return None
    return None


def doers(measure: Token) -> list[Token]:
    """Who takes a measure stated by a verb: its subject ("TSMC suspended shipments"), or the object of the
    verb that orders it ("ordered TSMC to halt shipments"); none for a noun or a passive."""
    if measure.pos_ not in ("VERB", "AUX"):
        return []
    subjects = [c for c in measure.children if c.dep_ == "nsubj"]
    if subjects:
        return subjects
    if measure.dep_ in ("xcomp", "ccomp") and measure.head.lemma_.lower() in word_class("object_control"):
        return [c for c in measure.head.children if c.dep_ in ("dobj", "dative")]
    return []


def demand(trigger: Token) -> bool:
    """What the flow word takes is what is wanted, not what flows ("received chip orders")."""
    return any(c.dep_ in ("dobj", "nsubjpass") and "demand" in classes_of(c) for c in trigger.children)


def members(a: Token, b: Token) -> bool:
    """Two coordinated actors joining or founding a bloc together ("X and Y joined the alliance")."""
    if b not in a.conjuncts:
        return False
    head = a
    while head.dep_ == "conj":
        head = head.head
    verb = head.head
    return "membership" in classes_of(verb) or any(
        c.dep_ in ("dobj", "attr") and "bloc" in classes_of(c) for c in verb.children)


def _verb_classes(v: Token) -> tuple[str, ...]:
    """A verb's classes, a phrasal verb's ("set up") before its bare lemma's."""
    prt = next((c.lower_ for c in v.children if c.dep_ == "prt"), None)
    phrasal = word_classes().get(f"{v.lemma_.lower()} {prt}", ()) if prt else ()
    return (*phrasal, *classes_of(v))


def membership(t: Token) -> Token | None:
    """The word naming the grouping an actor joins, founds or is listed in, when the actor's mention is a
    member of one ("X and Y joined Z", "Z, set up by X and Y", "X formed Z", "Z includes X"); else None.
    The caller checks that the word stands for a bloc."""
    while t.dep_ == "conj" and t.head != t:
        t = t.head
    v = t.head
    if t.dep_ == "nsubj":
        if {"membership", "founding"} & set(_verb_classes(v)):
            obj = next((c for c in v.children if c.dep_ in ("dobj", "attr")), None)
            if obj is None:  # "acceded to Z", "entered into Z"
                obj = next((g for c in v.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
                            for g in c.children if g.dep_ == "pobj"), None)
            return obj
    elif t.dep_ == "pobj" and v.lower_ == "by":
        p = v.head
        if {"membership", "founding"} & set(_verb_classes(p)):
            if p.dep_ in ("acl", "relcl"):
                return p.head  # "the grouping set up by X"
            return next((c for c in p.children if c.dep_ == "nsubjpass"), None)  # "Z was founded by X"
    elif t.dep_ == "dobj" and "inclusion" in classes_of(v):
        return next((c for c in v.children if c.dep_ == "nsubj"), None)  # "Z includes X"
    return None


def linked(a: Token, b: Token) -> bool:
    """The same thing named twice: one word, or a word and its apposition ("Z, the grouping ...")."""
    return a == b or (a.dep_ == "appos" and a.head == b) or (b.dep_ == "appos" and b.head == a)


def anchor_of(tree: Tree, sent: Span, s_tok: Token | None, o_tok: Token | None) -> Token:
    """The word a reading without a relation word hangs on: where its two actors meet, else the sentence root."""
    if s_tok is not None and o_tok is not None:
        _, lca, _ = tree.path(s_tok, o_tok)
        if lca is not None:
            return lca
    if s_tok is not None:
        return s_tok.head
    return sent.root


def origin(t: Token) -> bool:
    """A name that only says where other parties come from ("12 entities from Peru"): the object of a "from" hanging
    on a noun that announces no relation (not "a ban from Washington")."""
    while t.dep_ == "compound" and t.head.pos_ == "PROPN":
        t = t.head
    prep = t.head
    return t.dep_ == "pobj" and prep.lower_ == "from" and prep.head.pos_ == "NOUN" and trigger_of(prep.head) is None


def seller(t: Token, company: bool) -> bool:
    """A name that owns or modifies a flow of goods leaving it, or the goods of one ("Nvidia's exports",
    "Nvidia Corp. chip sales", "sales of Nvidia chips"); a company (or an organisation) also when it names the goods
    ("controls on ASML lithography machines": the maker); the one a measure lets or does not let sell."""
    while t.dep_ == "compound" and t.head.pos_ == "PROPN":
        t = t.head
    if t.dep_ == "nsubj" and sold(t.head) \
            or t.dep_ == "dobj" and any(c.dep_ == "xcomp" and sold(c) for c in t.head.children):
        return True  # "has not allowed Kova to deliver machines to Peru", "permits Kova to sell": Kova sells
    if t.dep_ not in ("poss", "compound", "amod"):
        return False
    goods = t.head
    if goods.dep_ == "pobj" and goods.head.lower_ == "of" and sold(goods.head.head):
        return True
    return sold(goods) or (company and t.dep_ != "amod" and resource_of([goods.lemma_.lower()]) is not None)


def lists(t: Token) -> bool:
    """A listing word ("added X to the entity list", "blacklisted X", "the Entity List")."""
    trig = trigger_of(t)
    return trig is not None and listing(trig)
