"""Relation candidates: every (actor, actor-or-null, resource) reading of a sentence, with the features the learned decision weighs.

The rule frames (`relations/`) read a relation only where a trigger word's arcs are where they expect
them; on unseen prose the small parser's errors and the variety of wording defeat most of them. Here
every sentence that holds a relation word of some class (`classes`) proposes every reading its actors
allow: ordered pairs for dependencies and restrictions, unordered pairs for cooperations, an unnamed
target for a measure, "foreign" for a provenance word, the discourse's last restrictor or subject for
an empty role, a product's maker, what a supplier sells (`lines`). Each reading carries features of
the parse between its two actors and of the relation word both hang from (`parse`), of its sentence,
of its actors in the article (`context`) and of its resource (where it was read from). The annotation
conventions rule some readings out before any learning (argument types, flows a measure stops unless
their own supplier stops them, demand, members joining a bloc). A trained model (`model.py`) decides.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..actors import ActorIndex
from ..actors.rules import rules as actor_rules
from ..lexicon import argument_types, provides, word_class
from ..modality import governs_reliance, modality_of
from ..records import FOREIGN, Attribution, Evidence, Relation
from ..relations import trigger_of
from ..spans import sentence_evidence
from .classes import KINDS, classes_of, gates, implicit_provider, speaker_pronouns, word_classes
from .context import Attributor, Context, article_context, pair_keys
from .roles import role_features
from .parse import (
    anchor_of, closest, demand, denied, doers, linked, lists, members, membership, origin, pair_features, role,
    role_head_class, seller, stopper, trigger_features,
)
from .sentences import GENERIC, Sentence, headline, read_sentences

__all__ = ["KINDS", "Candidate", "argument_types", "classes_of", "read_candidates", "word_classes"]

_SHARED = ("fit=", "gap=", "observer=", "order=", "rank=", "source=", "types=", "ts=", "to=")  # feature families kinds share


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

    def relation(self, confidence: float) -> Relation:
        """The reading as a relation record."""
        a = self.attribution
        return Relation(kind=self.kind, subject=self.subject, object=self.object, resource=self.resource,
                        modality=self.modality, evidence=self.evidence,
                        attributed_to=a.source if a else None, chain=a.chain if a else (),
                        trigger=self.trigger, confidence=round(confidence, 3))


def read_candidates(
    paras: list[tuple[Doc, int]], index: ActorIndex, rules: list[Relation], attribute: Attributor,
) -> list[Candidate]:
    """Every reading of every sentence of the article, in text order. `rules` are the frames' relations
    (they name the last restrictor); `attribute(token, offset)` names the innermost attribution
    enclosing a token."""
    sentences = [(offset, s) for p, (doc, offset) in enumerate(paras) for s in read_sentences(doc, p, index)]
    ctx = article_context(paras, [s for _, s in sentences], index, rules, attribute)
    by_start: dict[int, list[Relation]] = {}
    for r in rules:
        by_start.setdefault(r.evidence.start, []).append(r)
    out: list[Candidate] = []
    for offset, s in sentences:
        lo, hi = offset + s.sent.start_char, offset + s.sent.end_char
        rule_here = [r for start, rs in by_start.items() if lo <= start < hi for r in rs]
        out += _Readings(offset, s, ctx).all()
        ctx.follow(s, rule_here)
    return out


class _Readings:
    """The readings of one sentence."""

    def __init__(self, offset: int, s: Sentence, ctx: Context):
        self.offset, self.s, self.ctx, self.tree = offset, s, ctx, s.tree
        # a product named with its maker ("Nvidia H20") stands for the maker too
        self.makers: dict[str, list[Token]] = {}
        for k in list(s.mentions):
            m = ctx.maker(k) if ctx.types.get(k) == "Product" else None
            if m is not None and m not in s.mentions:
                self.makers[m] = s.mentions[k]
                ctx.types.setdefault(m, "Company")
        self.mentions = {**s.mentions, **self.makers}
        self.we = self._speaking_for()
        self.gates = {k: bool(s.classes & gates()[k]) for k in KINDS}
        self.framed: set[str] = set()
        self.listing = False  # the sentence adds parties to a list (an entity list, a blacklist)
        self.triggers: dict[str, list[Token]] = {k: [] for k in KINDS}
        for t in self.tree.tokens[s.sent.start:s.sent.end]:  # the tree's tokens: no new Token objects
            classes = self.tree.cls(t)
            if classes:
                for k in KINDS:
                    if gates()[k].intersection(classes) and not (k == "restriction" and governs_reliance(t)):
                        self.triggers[k].append(t)  # "cut its reliance on X" is no measure
            if t.pos_ in ("VERB", "NOUN", "PROPN", "ADJ"):
                trig = trigger_of(t)
                if trig is not None:
                    self.framed.add(trig.kind)
                    self.listing = self.listing or lists(t)
        # a fragment of fewer than three words ("| rule", a table cell) states no relation, whatever the context
        words = sum(1 for t in self.tree.tokens[s.sent.start:s.sent.end] if t.is_alpha)
        self.gates = {k: g and bool(self.triggers[k]) and words >= 3 for k, g in self.gates.items()}
        self.sent_feats = [f"sent={c}" for c in sorted(s.classes)] + [f"n_actors={min(len(self.mentions), 5)}",
                                                                       f"headline={headline(s.sent)}"]
        self.one_line = "\n" not in s.sent.text.strip()
        self.out: list[Candidate] = []
        self._done: set[tuple] = set()
        self._about: dict[int, tuple[Evidence, str, Attribution | None]] = {}
        self._evidence: dict[int, Evidence] = {}
        self._key_at: dict[int, str] | None = None  # token index -> actor key, made on first need
        self._pair_features: dict[tuple[int, int], list[str]] = {}  # dependency and restriction read the same pair
        self._flowless: dict[int, tuple[bool, frozenset[str]]] = {}  # relation word -> `_flow_check`
        self._owners: dict[int, bool] = {}  # mention -> `_owner`
        self._sent_by_kind: dict[str, list[str]] = {}

    def _speaking_for(self) -> set[str]:
        """The organisations a quotation's "we" or "our" stands for, added as mentions at those words."""
        found: set[str] = set()
        for t in self.tree.tokens[self.s.sent.start:self.s.sent.end]:
            if t.lower_ not in speaker_pronouns():
                continue
            said = self.ctx.attribute(t, self.offset)
            org = self.ctx.speakers.org_of(said.source if said else None)
            if org is None or (org in self.mentions and org not in found):
                continue
            self.mentions.setdefault(org, []).append(t)
            self.ctx.types.setdefault(org, self.ctx.speakers.index.type_of(org) or "Organization")
            found.add(org)
        return found

    def all(self) -> list[Candidate]:
        self._pairs()
        self._unnamed()
        self._from_context()
        return self.out

    def _sentence_features(self, kind: str) -> list[str]:
        """The sentence's features under a kind's name (the same for every reading of that kind)."""
        if kind not in self._sent_by_kind:
            self._sent_by_kind[kind] = [f"{kind}:{x}" for x in self.sent_feats]
        return self._sent_by_kind[kind]

    def _between(self, s_tok: Token, o_tok: Token) -> list[str]:
        """`pair_features` of two mentions, computed once per sentence (shared: read it, do not change it)."""
        key = (s_tok.i, o_tok.i)
        if key not in self._pair_features:
            self._pair_features[key] = pair_features(self.tree, s_tok, o_tok)
        return self._pair_features[key]

    def _pairs(self) -> None:
        keys = list(self.mentions)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                sa, sb = closest(self.mentions[a], self.mentions[b])
                if self.gates["cooperation"]:
                    (ca, ta), (cb, tb) = sorted(((a, sa), (b, sb)), key=lambda kt: kt[0])
                    self._add("cooperation", ca, cb, ta, tb, lambda: self._between(ta, tb))
                for kind in ("dependency", "restriction"):
                    if self.gates[kind]:
                        self._add(kind, a, b, sa, sb, lambda: self._between(sa, sb))
                        self._add(kind, b, a, sb, sa, lambda: self._between(sb, sa))

    def _unnamed(self) -> None:
        """"Foreign" for a provenance word, or for an acquiring or relying word when the sentence names no
        provider; no target for a measure that names none."""
        implicit = [t for t in self.triggers["dependency"]
                    if implicit_provider().intersection(self.tree.cls(t)) and not demand(t) and not denied(t)]
        for a, toks in self.mentions.items():
            ta = toks[0]
            if self.gates["dependency"] and self.s.foreign is not None:
                self._add("dependency", a, FOREIGN, ta, self.s.foreign,
                          lambda: self._between(ta, self.s.foreign) + ["foreign"])
            elif implicit:
                word = min(implicit, key=lambda t: abs(t.i - ta.i))
                self._add("dependency", a, FOREIGN, ta, word, lambda: self._between(ta, word) + [
                    "foreign=implicit", f"n_named={min(len(self.mentions), 3)}"])
            if self.gates["restriction"]:
                self._add("restriction", a, None, ta, None,
                          [f"null_target&s_role={role(ta)}", f"s_head={role_head_class(ta)}"])

    def _from_context(self) -> None:
        """The actor the discourse is about, when the sentence leaves its role empty."""
        ctx = self.ctx
        issuers = argument_types()["restriction"][0]
        own = any(t.dep_ in ("nsubj", "nsubjpass") and ctx.types.get(k) in issuers
                  for k, toks in self.mentions.items() for t in toks)
        own_f = f"own_issuer={own}"  # the sentence names who acts: a context's imposer is seldom meant
        for who, c in (("prev_subject", ctx.prev_subject), ("last_restrictor", ctx.last_restrictor)):
            if c is None or c in self.mentions or (who == "prev_subject" and self._unresolved_plural()):
                continue
            for b, toks in self.mentions.items():
                tb = toks[0]
                if self.gates["restriction"] and who == "last_restrictor":
                    self._add("restriction", c, b, None, tb, [f"ctx={who}", f"o_role={role(tb)}", own_f])
                if self.gates["dependency"] and who == "prev_subject":
                    self._add("dependency", c, b, None, tb, [f"ctx={who}&o", f"o_role={role(tb)}"])
                    self._add("dependency", b, c, tb, None, [f"ctx={who}&s", f"s_role={role(tb)}"])
                if self.gates["cooperation"] and who == "prev_subject":
                    self._add("cooperation", *sorted((b, c)), None, None, [f"ctx={who}", f"role={role(tb)}"])
            if self.gates["restriction"] and who == "last_restrictor":
                self._add("restriction", c, None, None, None, [f"ctx={who}", "null_target", own_f])

    def _unresolved_plural(self) -> bool:
        """The sentence's "they" or "them" (plural_pronouns of data/actors.json) stands for no group the
        coreference found: whoever it is, it is not the one actor the previous sentence was about."""
        covered = {t.i for toks in self.mentions.values() for t in toks}
        plural = actor_rules().plural_pronouns
        return any(t.lower_ in plural and t.i not in covered
                   for t in self.tree.tokens[self.s.sent.start:self.s.sent.end])

    def _article_features(self, kind: str, subj: str | None, obj: str | None,
                          attribution: Attribution | None) -> list[str]:
        """Where the pair stands in the article: how salient each actor is, whether one is the source the
        sentence is attributed to or an outlet or analyst (seldom a party), whether the frames read the pair
        elsewhere."""
        ctx, src = self.ctx, attribution.source if attribution else None
        return [f"rank={ctx.rank.get(subj, 0)}&{ctx.rank.get(obj, 0)}",
                f"source={subj is not None and subj == src}&{obj is not None and obj == src}",
                f"observer={subj in ctx.observers}&{obj in ctx.observers}",
                f"framed_pair={(kind, subj, obj) in ctx.framed_pairs}",
                f"framed_other={any(p in ctx.framed_pairs for k in KINDS if k != kind for p in pair_keys(k, subj, obj))}"]

    def _anchored(self, tok: Token) -> tuple[Evidence, str, Attribution | None]:
        """Evidence, modality and attribution of a reading hanging on `tok` (computed once per word)."""
        if tok.i not in self._about:
            # a sentence on one line is one evidence whatever word the reading hangs on
            line = self.s.sent.start if self.one_line else tok.i
            if line not in self._evidence:
                self._evidence[line] = sentence_evidence(tok, self.offset)
            self._about[tok.i] = (self._evidence[line], modality_of(tok), self.ctx.attribute(tok, self.offset))
        return self._about[tok.i]

    def _resources(self, anchor: Token) -> list[tuple[str, str, int | None]]:
        """(resource, where it was read, its word) for a reading: the sentence's, nearest the anchor
        first, then the context's."""
        s, ctx = self.s, self.ctx
        specific = [(r, i) for r, i in s.resources if r not in GENERIC]
        res: list[tuple[str, str, int | None]] = [
            (r, "near" if n == 0 else "sent", i)
            for n, (r, i) in enumerate(sorted(specific, key=lambda ri: abs(ri[1] - anchor.i)))][:3]
        if not specific:
            if ctx.last_res:
                res.append((ctx.last_res, "previous", None))
            if ctx.topic and ctx.topic != ctx.last_res:
                res.append((ctx.topic, "topic", None))
        res += [(r, "generic", i) for r, i in s.resources if r in GENERIC]
        if not any(r == "other" for r, _, _ in res):
            res.append(("other", "default", None))
        return res

    def _ruled_out(self, kind: str, trigger: Token | None, s_tok: Token | None, o_tok: Token | None, to: str) -> bool:
        """The annotation conventions that exclude a reading whatever its features (its argument types are
        checked before, in `_add`)."""
        if kind == "dependency" and trigger is not None and self._no_flow(trigger) and not self._own_stop(trigger, o_tok):
            return True  # "barred X from selling chips to Y", "received chip orders from Y": no flow
        if kind == "restriction" and o_tok is not None and seller(o_tok, to in ("Company", "Organization")):
            return True  # "restricted Nvidia's exports to China", "controls on ASML machines": the seller isn't cut off
        if kind == "restriction" and s_tok is not None and origin(s_tok):
            return True  # "adding 12 entities from Peru to the list": where the listed come from imposes nothing
        if (s_tok is not None and self._owner(s_tok)) or (o_tok is not None and self._owner(o_tok)):
            return True  # "the Commerce Department's Bureau of Industry and Security", "China's Huawei": the body acts
        if kind != "cooperation" or s_tok is None or o_tok is None:
            return False
        # "X and Y joined the alliance", "Z, set up by X and Y": each member pairs with the bloc, not with
        # the other members nor with anyone else the sentence names
        if members(s_tok, o_tok):
            return True
        bs, bo = self._bloc_of(s_tok), self._bloc_of(o_tok)
        return (bs is not None or bo is not None) and not (
            (bs is not None and linked(bs, o_tok)) or (bo is not None and linked(bo, s_tok)))

    def _flow_check(self, trigger: Token) -> tuple[bool, frozenset[str]]:
        """Whether the flow word states no flow (a measure stops it, `denied`, or it is `demand`), and the
        actors who take that measure (computed once per word)."""
        if trigger.i not in self._flowless:
            measure = stopper(trigger)
            takers = frozenset() if measure is None else frozenset(
                k for d in doers(measure) for t in d.subtree if (k := self._keys().get(t.i)) is not None)
            self._flowless[trigger.i] = (measure is not None or demand(trigger), takers)
        return self._flowless[trigger.i]

    def _no_flow(self, trigger: Token) -> bool:
        return self._flow_check(trigger)[0]

    def _own_stop(self, trigger: Token, o_tok: Token | None) -> bool:
        """A company that supplies stops its own flow ("TSMC suspended shipments to Sophgo", "ordered TSMC to
        halt shipments to X"): the flow was, and is read as a dependency with modality negated. A state's
        ban on its own exports stays a measure only."""
        provider = self._keys().get(o_tok.i) if o_tok is not None else None
        return provider is not None and self.ctx.types.get(provider) in ("Company", "Organization") \
            and provider in self._flow_check(trigger)[1]

    def _owner(self, t: Token) -> bool:
        """A mention that only says whose another actor is: the possessor or modifier of a body, a company or an
        organisation the sentence names (not of a product: "Nvidia H20 chips" name their maker as the party)."""
        if t.i not in self._owners:
            self._owners[t.i] = self._owning(t)
        return self._owners[t.i]

    def _owning(self, t: Token) -> bool:
        key_at = self._keys()
        key = key_at.get(t.i)
        while t.head.i != t.i and key_at.get(t.head.i) == key:
            t = t.head  # the mention's last word
        if t.dep_ not in ("poss", "compound", "amod", "nmod"):
            return False
        other = key_at.get(t.head.i)
        return other is not None and other != key \
            and self.ctx.types.get(other) in ("Company", "GovernmentBody", "Organization")

    def _keys(self) -> dict[int, str]:
        """Token index -> the actor key mentioned there, made on first need."""
        if self._key_at is None:
            self._key_at = {x.i: k for k, toks in self.mentions.items() for x in toks}
        return self._key_at

    def _bloc_of(self, t: Token) -> Token | None:
        """The bloc a mention is a member of in this sentence: a grouping word or an actor typed Bloc."""
        m = membership(t)
        if m is None:
            return None
        key_at = self._keys()
        named = [m, *(c for c in m.children if c.dep_ == "appos"), *([m.head] if m.dep_ == "appos" else [])]
        if any("bloc" in self.tree.cls(x) or self.ctx.types.get(key_at.get(x.i, "")) == "Bloc" for x in named):
            return m
        return None

    def _add(self, kind: str, subj: str | None, obj: str | None, s_tok: Token | None, o_tok: Token | None,
             extra: list[str] | Callable[[], list[str]]) -> None:
        """Propose a reading; `extra` (its own features, or what computes them) is read only if the reading's
        argument types fit its kind (most do not: the types are checked first, the parse after)."""
        types, tree = self.ctx.types, self.tree
        ts = types.get(subj, "none") if subj not in (None, FOREIGN) else str(subj)
        to = types.get(obj, "none") if obj not in (None, FOREIGN) else ("foreign" if obj == FOREIGN else "null")
        subjects, objects = argument_types()[kind]
        if ts not in subjects or to not in objects:
            return
        if kind == "restriction" and obj is not None and self.ctx.home.get(subj) == obj:
            return  # a body's measures never target its own state
        t_feats, trigger = trigger_features(tree, kind, self.triggers[kind], s_tok, o_tok)
        if self._ruled_out(kind, trigger, s_tok, o_tok, to):
            return
        t_feats += role_features(tree, kind, self.triggers[kind], gates()[kind], s_tok, o_tok)
        anchor = trigger if trigger is not None else anchor_of(tree, self.s.sent, s_tok, o_tok)
        choices = self._resources(anchor)
        line = self.ctx.lines.get(obj) if kind == "dependency" and obj is not None else None
        if kind == "cooperation":  # a cooperation is one reading whatever it is about
            choices = choices[:1]
        elif kind == "dependency":
            if line is not None and all(r != line for r, _, _ in choices):
                choices.append((line, "line", None))  # "Nvidia earned $17 billion from China": what it sells, not the price
            choices = [c for c in choices if provides(to, c[0])]  # a government body only funds
        elif kind == "restriction" and self.listing and (
                trigger is None or trigger_of(trigger) is None or lists(trigger)):
            # an entity listing names parties, not a resource: so do the readings of its sentence that hang on
            # no other measure ("including the listed chip company X")
            choices = [("other", "listing", None)]
        fresh = [(n, res, where, res_i) for n, (res, where, res_i) in enumerate(choices)
                 if not (kind == "dependency" and where == "default")  # a flow of nothing the text names is none
                 and (kind, subj, obj, res) not in self._done]
        if not fresh:
            return
        extra = extra() if callable(extra) else extra
        evidence, modality, attribution = self._anchored(anchor)
        if kind == "restriction" and modality == "negated" and anchor.lemma_.lower() in word_class("permission_verbs"):
            modality = "asserted"  # "does not allow X to buy": permission withheld is the measure
        if kind == "dependency" and trigger is not None and self._no_flow(trigger):
            modality = "negated"  # a flow its provider stops (`_own_stop`: the others were ruled out)
        t_cls = next((f[2:] for f in t_feats if f.startswith("T=") and "&" not in f), "none")
        own = [f"types={ts}>{to}", f"ts={ts}", f"to={to}",
               *([f"pair={ts}>{to}&T={t_cls}", f"pair={ts}>{to}&framed={kind in self.framed}"]
                 if kind == "cooperation" else []), f"coref={subj in self.s.coref}&{obj in self.s.coref}",
               f"maker={subj in self.makers}&{obj in self.makers}", f"we={subj in self.we}&{obj in self.we}",
               f"modality={modality}", f"framed={kind in self.framed}",
               *self._article_features(kind, subj, obj, attribution)]
        # what means the same for every kind is also learned once, from the readings of all kinds (no sentence
        # feature is of a shared family)
        shared = [f"any:{x}" for part in (extra, t_feats, own) for x in part if x.startswith(_SHARED)]
        # the same for every resource of the reading: its pair's and word's, its sentence's, its own
        features = (*[f"{kind}:{x}" for part in (extra, t_feats) for x in part], *self._sentence_features(kind),
                    *[f"{kind}:{x}" for x in own], *shared)
        for n, res, where, res_i in fresh:
            if (kind, subj, obj, res) in self._done:
                continue
            self._done.add((kind, subj, obj, res))
            link = tree.reach(anchor, tree.tokens[res_i]) if res_i is not None and res_i != anchor.i else None
            res_feats = [f"res={res}", f"res_from={where}", f"res_rank={n}", f"res_n={min(len(choices), 4)}",
                         f"res={res}&to={to}", f"res={res}&ts={ts}", f"res={res}&T={t_cls}",
                         f"res_from={where}&rank={n}", f"res_link={link[1] if link else 'none'}",
                         f"res_self={res_i == anchor.i}", f"res_line={'none' if line is None else res == line}"]
            self.out.append(Candidate(kind, subj, obj, res, evidence, modality, attribution, anchor.text, features,
                                      tuple([f"{kind}:{x}" for x in res_feats])))
