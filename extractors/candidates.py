"""Relation candidates: every (actor, actor-or-null, resource) reading of a sentence, with the features the learned decision weighs.

The rule frames (relations.py) read a relation only where a trigger word's arcs are where they expect
them; on unseen prose the small parser's errors and the variety of wording defeat most of them. Here
every sentence that holds a relation word of some class proposes every reading its actors allow:
ordered pairs for dependencies and restrictions, unordered pairs for cooperations, an unnamed target
for a measure, "foreign" for a provenance word. Each reading carries features of the parse between its
two actors (the path, the class of the word joining them, their roles and prepositions), of the
sentence (which relation classes it holds) and of its resource (where it was read from). A trained
model (model.py) decides which readings the rule frames missed are true; a reading a frame made
carries the frame's relation (`rule`), which the model never overrides.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex
from .arguments import Arguments
from .lexicon import read_json, resource_terms, word_class
from .modality import modality_of
from .records import FOREIGN, Attribution, Evidence, Relation
from .relations import trigger_of
from .spans import sentence_evidence

KINDS = ("dependency", "restriction", "cooperation")
# A kind is proposed only in a sentence holding a word of one of its classes (data/relation_classes.json).
_GATE = {
    "dependency": frozenset({"transfer", "acquire", "reliance", "investment", "substitute", "trade_role"}),
    "restriction": frozenset({"measure", "permission", "evade"}),
    "cooperation": frozenset({"cooperation"}),
}
_MAX_PATH = 8  # longer parse paths between two actors carry no pattern worth learning
_SPECIFIC_FIRST = {"other": 0, "ai_technology": 1}


@dataclass(frozen=True)
class Candidate:
    """One reading of a sentence: a relation that may or may not be true, with its features."""

    kind: str
    subject: str | None
    object: str | None
    resource: str
    evidence: Evidence  # the sentence of the word the reading hangs on
    modality: str
    attribution: Attribution | None
    trigger: str
    features: tuple[str, ...]  # of the actor pair and kind: is there such a relation here?
    resource_features: tuple[str, ...]  # of the resource: is this what the relation is about?
    rule: Relation | None = None  # the rule frame's relation when a frame read exactly this

    def relation(self, confidence: float) -> Relation:
        """The reading as a relation record (the rule frame's own, when one read it)."""
        if self.rule is not None:
            return replace(self.rule, confidence=round(confidence, 3))
        a = self.attribution
        return Relation(kind=self.kind, subject=self.subject, object=self.object, resource=self.resource,
                        modality=self.modality, evidence=self.evidence,
                        attributed_to=a.source if a else None, chain=a.chain if a else (),
                        trigger=self.trigger, confidence=round(confidence, 3))


@lru_cache(maxsize=None)
def argument_types() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Kind -> the actor types its subject and its object may have (data/relation_classes.json)."""
    table = read_json("relation_classes.json")["argument_types"]
    return {k: (frozenset(v["subject"]), frozenset(v["object"])) for k, v in table.items()}


@lru_cache(maxsize=None)
def word_classes() -> dict[str, tuple[str, ...]]:
    """Lower-case lemma or form -> the semantic classes it belongs to."""
    out: dict[str, list[str]] = {}
    for cls, row in read_json("relation_classes.json").items():
        if cls.startswith("//") or cls == "argument_types":
            continue
        for w in row["words"]:
            out.setdefault(w, []).append(cls)
    return {w: tuple(c) for w, c in out.items()}


def classes_of(tok: Token) -> tuple[str, ...]:
    table = word_classes()
    return table.get(tok.lemma_.lower()) or table.get(tok.lower_) or ()


class _Tree:
    """One paragraph doc's tokens with their classes and ancestor chains, each computed once: the
    candidates of a sentence walk the same paths many times."""

    def __init__(self, doc: Doc):
        self.tokens = list(doc)
        self._cls: dict[int, tuple[str, ...]] = {}
        self._up: dict[int, list[Token]] = {}

    def cls(self, t: Token) -> tuple[str, ...]:
        if t.i not in self._cls:
            self._cls[t.i] = classes_of(t)
        return self._cls[t.i]

    def up(self, t: Token) -> list[Token]:
        """t and its ancestors, nearest first."""
        if t.i not in self._up:
            self._up[t.i] = [t] if t.head.i == t.i else [t, *self.up(self.tokens[t.head.i])]
        return self._up[t.i]

    def path(self, a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
        """Tokens from a up to (not including) the lowest common ancestor, the ancestor, and from b up."""
        up_a, up_b = self.up(a), self.up(b)
        pos_in_a = {t.i: n for n, t in enumerate(up_a)}
        for m, t in enumerate(up_b):
            if t.i in pos_in_a:
                return up_a[:pos_in_a[t.i]], t, up_b[:m]
        return up_a, None, up_b


@dataclass
class _Sentence:
    sent: Span
    mentions: dict[str, list[Token]]  # actor key -> the root token of each of its mentions here
    coref: set[str]  # keys known here only through a pronoun or description
    resources: list[tuple[str, int]]  # (resource, token index), specific first, then by position
    classes: set[str]
    foreign: Token | None
    tree: _Tree


def _mentions(sent: Span, index: ActorIndex, para: int) -> tuple[dict[str, list[Token]], set[str]]:
    """Actor key -> the root token of each of its mentions in the sentence; and the keys named only by coreference."""
    runs: list[tuple[str, list[Token]]] = []
    kinds: dict[str, set[str]] = {}
    for t in sent:
        key = index.key_at(para, t.i)
        if key is not None:
            kinds.setdefault(key, set()).add(index.kind_at(para, t.i) or "")
            if runs and runs[-1][0] == key and runs[-1][1][-1].i == t.i - 1:
                runs[-1][1].append(t)
            else:
                runs.append((key, [t]))
        for k in index.group_at(para, t.i):  # a plural pronoun stands for each of its actors
            runs.append((k, [t]))
            kinds.setdefault(k, set()).add("coref")
    mentions: dict[str, list[Token]] = {}
    for key, toks in runs:
        ids = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])
        mentions.setdefault(key, []).append(root)
    return mentions, {k for k, ks in kinds.items() if not ks - {"coref"}}


def _resources(sent: Span) -> list[tuple[str, int]]:
    """The resources a sentence names, with the last token of the first term naming each (longer
    terms claim their words first: "chipmaking equipment" is not also "equipment")."""
    terms = resource_terms()
    lemmas = [t.lemma_.lower() if t.pos_ in ("NOUN", "PROPN") else t.lower_ for t in sent]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for n in (3, 2, 1):
        for i in range(len(lemmas) - n + 1):
            res = terms.get(" ".join(lemmas[i:i + n]))
            if res is None or any(j in taken for j in range(i, i + n)):
                continue
            taken.update(range(i, i + n))
            found.setdefault(res, sent.start + i + n - 1)
    return sorted(found.items(), key=lambda rt: (-_SPECIFIC_FIRST.get(rt[0], 2), rt[1]))


def _foreign_word(sent: Span) -> Token | None:
    """A word saying the thing comes from abroad without naming from where ("foreign", "imported")."""
    foreign = word_class("foreign")
    for t in sent:
        if t.lower_ in foreign:
            return t
    return None


def _role(t: Token) -> str:
    """A mention's grammatical role: its arc, with the preposition or possessed noun that governs it."""
    while t.dep_ in ("conj", "appos") and t.head != t:
        t = t.head
    if t.dep_ == "pobj":
        return f"pobj:{t.head.lower_}"
    if t.dep_ in ("poss", "compound", "amod", "nmod") and t.head.pos_ in ("NOUN", "PROPN"):
        cls = classes_of(t.head)
        return f"{t.dep_}:{cls[0] if cls else 'n'}"
    return t.dep_


def _role_head_class(t: Token) -> str:
    """The class of the word a mention's preposition or arc attaches to ("sales *to* X": transfer)."""
    while t.dep_ in ("conj", "appos") and t.head != t:
        t = t.head
    h = t.head.head if t.dep_ == "pobj" else t.head
    cls = classes_of(h)
    return cls[0] if cls else h.pos_


class SentenceReader:
    """Reads the candidates of one paragraph doc."""

    def __init__(self, doc: Doc, para: int, offset: int, index: ActorIndex):
        self.doc, self.para, self.offset, self.index = doc, para, offset, index

    def sentences(self) -> list[_Sentence]:
        out = []
        tree = _Tree(self.doc)
        for sent in self.doc.sents:
            mentions, coref = _mentions(sent, self.index, self.para)
            classes = {c for t in sent for c in tree.cls(t)}
            out.append(_Sentence(sent, mentions, coref, _resources(sent), classes, _foreign_word(sent), tree))
        return out


def _closest(ms: list[Token], mo: list[Token]) -> tuple[Token, Token]:
    return min(((s, o) for s in ms for o in mo), key=lambda so: abs(so[0].i - so[1].i))


def pair_features(tree: _Tree, s_tok: Token, o_tok: Token) -> list[str]:
    """Features of the parse between a subject mention and an object mention."""
    classes_of = tree.cls
    up, lca, down = tree.path(s_tok, o_tok)
    f: list[str] = []
    if lca is None or len(up) + len(down) > _MAX_PATH:
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
    s_role, o_role = _role(s_tok), _role(o_tok)
    f += [f"s_role={s_role}", f"o_role={o_role}", f"roles={s_role}&{o_role}",
          f"lca&roles={lca_cls}&{s_role}&{o_role}",
          f"s_head={_role_head_class(s_tok)}&{s_role}", f"o_head={_role_head_class(o_tok)}&{o_role}"]
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


def _reach(tree: _Tree, trigger: Token, x: Token) -> tuple[int, str] | None:
    """How a mention hangs from a relation word: the number of arcs between them and the way, written
    from the word ("0^dobj", "0^prep>pobj:to", "1^nsubj": up one arc, then down); None when too far."""
    x_up, lca, t_up = tree.path(x, trigger)
    if lca is None or len(x_up) + len(t_up) > _MAX_PATH // 2 + 1:
        return None
    down = [_arc(t) for t in reversed(x_up) if t.dep_ != "prep"][-3:]
    return len(x_up) + len(t_up), f"{len(t_up)}^" + ">".join(down)


def trigger_features(tree: _Tree, kind: str, triggers: list[Token], s_tok: Token | None, o_tok: Token | None
                     ) -> tuple[list[str], Token | None]:
    """Features of the relation word of the kind's classes that both mentions hang from most closely
    (the generalised frame: which class of word, and in which roles the two actors stand to it)."""
    best: tuple[int, Token, str, str] | None = None
    for t in triggers:
        rs = _reach(tree, t, s_tok) if s_tok is not None else (0, "none")
        ro = _reach(tree, t, o_tok) if o_tok is not None else (0, "none")
        if rs is None or ro is None or t in (s_tok, o_tok):
            continue
        cost = rs[0] + ro[0]
        if best is None or cost < best[0]:
            best = (cost, t, rs[1], ro[1])
    if best is None:
        return ["T=none"], None
    cost, t, rs, ro = best
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) or (t.dep_ == "acl" and t.tag_ == "VBN")
    voice = "pass" if passive else t.pos_
    out = [f"Tdist={min(cost, 6)}", f"Tlemma={t.lemma_.lower()}", f"Tvoice={voice}"]
    for cls in (c for c in tree.cls(t) if c in _GATE[kind]):
        out += [f"T={cls}", f"T={cls}&s={rs}", f"T={cls}&o={ro}", f"T={cls}&s={rs}&o={ro}",
                f"T={cls}&{voice}&s={rs}&o={ro}"]
    return out, t


def _denied(trigger: Token) -> bool:
    """The flow word is governed, within its clause, by a measure ("blocked X from selling", "a ban on
    exports"): the flow is what the measure prevents."""
    cur = trigger
    for _ in range(4):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if "measure" in classes_of(cur) and "transfer" not in classes_of(cur):
            return True
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ in ("ROOT", "ccomp", "relcl", "advcl", "conj"):
            return False
    return False


def _demand(trigger: Token) -> bool:
    """What the flow word takes is what is wanted, not what flows ("received chip orders")."""
    return any(c.dep_ in ("dobj", "nsubjpass") and "demand" in classes_of(c) for c in trigger.children)


def _members(a: Token, b: Token) -> bool:
    """Two coordinated actors joining or founding a bloc together ("X and Y joined the alliance")."""
    if b not in a.conjuncts:
        return False
    head = a
    while head.dep_ == "conj":
        head = head.head
    verb = head.head
    return "membership" in classes_of(verb) or any(
        c.dep_ in ("dobj", "attr") and "bloc" in classes_of(c) for c in verb.children)


def _anchor(tree: _Tree, sent: Span, s_tok: Token | None, o_tok: Token | None) -> Token:
    if s_tok is not None and o_tok is not None:
        _, lca, _ = tree.path(s_tok, o_tok)
        if lca is not None:
            return lca
    if s_tok is not None:
        return s_tok.head
    return sent.root


Attributor = Callable[[Token, int], "Attribution | None"]


@dataclass
class _Context:
    """What the article said before the sentence: the salient actors and resources that fill its gaps."""

    types: dict[str, str]  # actor key -> type, for every actor the article names and the gazetteer knows
    maker: Callable[[str], "str | None"]
    attribute: Attributor
    topic: str | None = None  # the article's most named specific resource
    last_res: str | None = None  # the last specific resource named
    prev_subject: str | None = None  # the actor the previous sentence was about (its grammatical subject)
    last_restrictor: str | None = None  # who last imposed a measure

    def follow(self, s: _Sentence, rule_here: list[Relation]) -> None:
        specific = [r for r, _ in s.resources if r not in _SPECIFIC_FIRST]
        if specific:
            self.last_res = specific[0]
        # the subject of a main clause, or the owner of it ("Japan's chip exports grew": Japan)
        subjects = [k for k, toks in s.mentions.items() for t in toks
                    if (t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ROOT", "ccomp", "conj"))
                    or (t.dep_ in ("poss", "compound") and t.head.dep_ in ("nsubj", "nsubjpass")
                        and t.head.head.dep_ == "ROOT")]
        if subjects:
            self.prev_subject = subjects[0]
        named = [r.subject for r in rule_here if r.kind == "restriction" and r.subject and r.confidence >= 1]
        named += [k for k, toks in s.mentions.items() for t in toks if t.dep_ == "nsubj"
                  and set(classes_of(t.head)) & {"measure", "impose"} and self.types.get(k) in _ISSUERS]
        if named:
            self.last_restrictor = named[-1]


_ISSUERS = frozenset({"Country", "GovernmentBody", "Bloc"})



def read_candidates(
    paras: list[tuple[Doc, int]], index: ActorIndex, rules: list[Relation], attribute: Attributor,
) -> list[Candidate]:
    """Every reading of every sentence of the article, in text order. `attribute(token, offset)` names
    the innermost attribution enclosing a token."""
    sentences: list[tuple[int, int, _Sentence]] = []
    article_res: Counter[str] = Counter()
    for p, (doc, offset) in enumerate(paras):
        for s in SentenceReader(doc, p, offset, index).sentences():
            sentences.append((p, offset, s))
            article_res.update(r for r, _ in s.resources if r not in _SPECIFIC_FIRST)
    args = Arguments(index, 0)
    types = {key: t for key, _ in index.mentions.values() for t in [index.type_of(key)] if t}
    types.update({k: index.type_of(k) or "none" for ks in index.groups.values() for k in ks})
    ctx = _Context(types, args.maker, attribute,
                   topic=article_res.most_common(1)[0][0] if article_res else None)
    by_start: dict[int, list[Relation]] = {}
    for r in rules:
        by_start.setdefault(r.evidence.start, []).append(r)
    out: list[Candidate] = []
    for p, offset, s in sentences:
        lo, hi = offset + s.sent.start_char, offset + s.sent.end_char
        rule_here = [r for start, rs in by_start.items() if lo <= start < hi for r in rs]
        out += _sentence_candidates(p, offset, s, rule_here, ctx)
        ctx.follow(s, rule_here)
    return out


def _sentence_candidates(p: int, offset: int, s: _Sentence, rule_here: list[Relation], ctx: _Context) -> list[Candidate]:
    types, last_res, topic, attribute = ctx.types, ctx.last_res, ctx.topic, ctx.attribute
    tree = s.tree
    # a product named with its maker ("Nvidia H20") stands for the maker too
    makers = {}
    for k in list(s.mentions):
        m = ctx.maker(k) if types.get(k) == "Product" else None
        if m is not None and m not in s.mentions:
            makers[m] = s.mentions[k]
            types.setdefault(m, "Company")
    mentions = {**s.mentions, **makers}
    keys = list(mentions)
    rule_keys = {(r.kind, r.subject, r.object, r.resource): r for r in rule_here}
    sent_feats = [f"sent={c}" for c in sorted(s.classes)] + [f"n_actors={min(len(keys), 5)}"]
    out: list[Candidate] = []
    done: set[tuple] = set()
    about: dict[int, tuple[Evidence, str, Attribution | None]] = {}

    one_line = "\n" not in s.sent.text.strip()
    evidence_of: dict[int, Evidence] = {}

    def anchored(tok: Token) -> tuple[Evidence, str, Attribution | None]:
        if tok.i not in about:
            # a sentence on one line is one evidence whatever word the reading hangs on
            line = s.sent.start if one_line else tok.i
            if line not in evidence_of:
                evidence_of[line] = sentence_evidence(tok, offset)
            about[tok.i] = (evidence_of[line], modality_of(tok), attribute(tok, offset))
        return about[tok.i]

    def resources(kind: str, anchor: Token) -> list[tuple[str, str, int | None]]:
        """(resource, where it was read, its word) for a reading: the sentence's, nearest the anchor
        first, then the context's."""
        specific = [(r, i) for r, i in s.resources if r not in _SPECIFIC_FIRST]
        generic = [(r, i) for r, i in s.resources if r in _SPECIFIC_FIRST]
        res: list[tuple[str, str, int | None]] = [
            (r, "near" if n == 0 else "sent", i)
            for n, (r, i) in enumerate(sorted(specific, key=lambda ri: abs(ri[1] - anchor.i)))][:3]
        if not specific:
            if last_res:
                res.append((last_res, "previous", None))
            if topic and topic != last_res:
                res.append((topic, "topic", None))
        res += [(r, "generic", i) for r, i in generic]
        if not any(r == "other" for r, _, _ in res):
            res.append(("other", "default", None))
        return res

    def add(kind: str, subj: str | None, obj: str | None, s_tok: Token | None, o_tok: Token | None,
            extra: list[str]) -> None:
        ts = types.get(subj, "none") if subj not in (None, FOREIGN) else str(subj)
        to = types.get(obj, "none") if obj not in (None, FOREIGN) else ("foreign" if obj == FOREIGN else "null")
        subjects, objects = argument_types()[kind]
        if ts not in subjects or to not in objects:
            return
        t_feats, trigger = trigger_features(tree, kind, triggers[kind], s_tok, o_tok)
        if kind == "dependency" and trigger is not None and (_denied(trigger) or _demand(trigger)):
            return  # "barred X from selling chips to Y", "received chip orders from Y": no flow
        if kind == "cooperation" and s_tok is not None and o_tok is not None and _members(s_tok, o_tok):
            return  # "X and Y joined the alliance": each pairs with the bloc, not with each other
        extra = [*extra, *t_feats]
        anchor = trigger if trigger is not None else _anchor(tree, s.sent, s_tok, o_tok)
        base = [*extra, *sent_feats, f"types={ts}>{to}", f"ts={ts}", f"to={to}",
                f"coref={subj in s.coref}&{obj in s.coref}", f"maker={subj in makers}&{obj in makers}",]
        choices = resources(kind, anchor)
        if kind == "cooperation":  # a cooperation is one reading whatever it is about
            choices = choices[:1]
        t_cls = next((f[2:] for f in t_feats if f.startswith("T=") and "&" not in f), "none")
        for n, (res, where, res_i) in enumerate(choices):
            if kind == "dependency" and where == "default":
                continue  # a flow of nothing the text names ("received a warning from X") is none
            key = (kind, subj, obj, res)
            if key in done:
                continue
            done.add(key)
            rule = rule_keys.get(key)
            if rule is None and kind == "cooperation":
                rule = rule_keys.get((kind, obj, subj, res)) or next(
                    (r for r in rule_here if r.kind == kind and {r.subject, r.object} == {subj, obj}), None)
            evidence, modality, attribution = anchored(anchor)
            feats = [*base, f"modality={modality}"]
            reach = _reach(tree, anchor, tree.tokens[res_i]) if res_i is not None and res_i != anchor.i else None
            res_feats = [f"res={res}", f"res_from={where}", f"res_rank={n}", f"res_n={min(len(choices), 4)}",
                         f"res={res}&to={to}", f"res={res}&ts={ts}", f"res={res}&T={t_cls}",
                         f"res_from={where}&rank={n}", f"res_link={reach[1] if reach else 'none'}",
                         f"res_self={res_i == anchor.i}"]
            out.append(Candidate(kind, subj, obj, res, evidence, modality, attribution, anchor.text,
                                 tuple(f"{kind}:{x}" for x in [*feats, f"framed={kind in framed}"]), tuple(f"{kind}:{x}" for x in res_feats), rule))

    gates = {k: bool(s.classes & _GATE[k]) for k in KINDS}
    framed = {trig.kind for t in s.sent for trig in [trigger_of(t)] if trig is not None}
    triggers: dict[str, list[Token]] = {k: [] for k in KINDS}
    for t in s.sent:
        for k in KINDS:
            if _GATE[k].intersection(tree.cls(t)):
                triggers[k].append(t)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            sa, sb = _closest(mentions[a], mentions[b])
            if gates["cooperation"]:
                (ca, ta), (cb, tb) = sorted(((a, sa), (b, sb)), key=lambda kt: kt[0])
                add("cooperation", ca, cb, ta, tb, pair_features(tree, ta, tb))
            for kind in ("dependency", "restriction"):
                if gates[kind]:
                    add(kind, a, b, sa, sb, pair_features(tree, sa, sb))
                    add(kind, b, a, sb, sa, pair_features(tree, sb, sa))
    for a in keys:
        ta = mentions[a][0]
        if gates["dependency"] and s.foreign is not None:
            add("dependency", a, FOREIGN, ta, s.foreign, pair_features(tree, ta, s.foreign) + ["foreign"])
        if gates["restriction"]:
            add("restriction", a, None, ta, None, [f"null_target&s_role={_role(ta)}", f"s_head={_role_head_class(ta)}"])
    # the actor the discourse is about, when the sentence leaves its role empty
    for who, c in (("prev_subject", ctx.prev_subject), ("last_restrictor", ctx.last_restrictor)):
        if c is None or c in mentions:
            continue
        for b in keys:
            tb = mentions[b][0]
            if gates["restriction"] and who == "last_restrictor":
                add("restriction", c, b, None, tb, [f"ctx={who}", f"o_role={_role(tb)}"])
            if gates["dependency"] and who == "prev_subject":
                add("dependency", c, b, None, tb, [f"ctx={who}&o", f"o_role={_role(tb)}"])
                add("dependency", b, c, tb, None, [f"ctx={who}&s", f"s_role={_role(tb)}"])
            if gates["cooperation"] and who == "prev_subject":
                add("cooperation", *sorted((b, c)), None, None, [f"ctx={who}", f"role={_role(tb)}"])
        if gates["restriction"] and who == "last_restrictor":
            add("restriction", c, None, None, None, [f"ctx={who}", "null_target"])
    return out
