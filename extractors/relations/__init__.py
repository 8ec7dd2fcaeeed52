"""Relations (dependency, restriction, cooperation) read from the dependency parse by trigger frames.

A trigger word from `data/relation_triggers.jsonl` names a frame (`frames.FRAMES`); the frame reads the
trigger's syntactic arguments through `arguments.Arguments`. Each relation carries its resource, the
modality of its clause, the innermost attribution enclosing it (`scope`), and its sentence as evidence;
`inference` then settles what the article's relations imply together.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..actors import ActorIndex
from ..arguments import Arguments
from ..lexicon import word_class
from ..modality import governs_reliance, modality_of
from ..records import Attribution, Figure, Relation
from ..spans import sentence_evidence
from .frames import FRAMES, Frames
from .inference import (
    _fill_flows,
    _carry_restrictors, _drop_unnamed_restrictors, _fill_restrictions, _focus_countries, _provided, _prune,
    _specificity, home_country, with_figures,
)
from .parse import _is_sanction
from .scope import innermost_attribution
from .triggers import listing, restricted, sold, trigger_of

__all__ = ["extract_relations", "home_country", "innermost_attribution", "listing", "sold", "trigger_of",
           "with_figures"]


def _exempted(modality: str) -> str:
    """An exemption is a negated restriction; an exemption denied ("not exempted") is the restriction."""
    return "asserted" if modality == "negated" else "negated"


def _named_resources(paras: list[tuple[Doc, int]], index: ActorIndex) -> list[tuple[int, str]]:
    """(offset, resource) of each sentence of the article that names a specific resource, in order."""
    out = []
    for p, (doc, offset) in enumerate(paras):
        a = Arguments(index, p)
        for sent in doc.sents:
            res = a.subtree_resource(sent.root)
            if res is not None and _specificity(res) == 2:
                out.append((offset + sent.start_char, res))
    return out


def extract_relations(
    paras: list[tuple[Doc, int]],
    index: ActorIndex,
    attributions: list[Attribution],
    figures: list[Figure],
    text: str,
) -> list[Relation]:
    out: list[Relation] = []
    generic: set[int] = set()  # positions in `out` of restrictions named by a broad word ("sanctions")
    listings: set[int] = set()  # positions in `out` of listings ("added X to the entity list")
    unnamed: set[int] = set()  # positions in `out` of flows whose sentence names no resource at all
    groups: list[tuple[int, frozenset[int]]] = []  # per relation: paragraph and its trigger with conjuncts
    seen: set[tuple] = set()
    for p, (doc, offset) in enumerate(paras):
        frames = Frames(Arguments(index, p))
        for tok in doc:
            trig = trigger_of(tok)
            if trig is None:
                continue
            if trig.kind == "dependency" and restricted(tok) or trig.kind == "restriction" and governs_reliance(tok):
                continue  # a flow a measure prevents; "curb reliance on X" is no measure on X
            try:
                found = FRAMES[trig.frame](frames, tok, trig)
            except RecursionError:  # pathological parses: skip the trigger, never the article
                continue
            if not found:
                continue
            ev = sentence_evidence(tok, offset)
            modality = _exempted(modality_of(tok)) if trig.kind == "restriction" and trig.lemma in word_class("exempt") \
                else modality_of(tok)
            attr = innermost_attribution(attributions, tok, offset)
            sent_res: str | None = None
            if trig.kind == "restriction" and not listing(trig) and any(f[2] == "other" for f in found) and (
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
                if trig.kind == "restriction" and listing(trig):
                    listings.add(len(out))  # a listing names no resource of its own
                if trig.kind == "dependency" and res == "other" and frames.a.subtree_resource(tok.sent.root) is None:
                    unnamed.add(len(out))
                groups.append((p, frozenset(t.i for t in (tok, *tok.conjuncts))))
                out.append(Relation(
                    kind=trig.kind, subject=subj, object=obj, resource=res, modality=modality, evidence=ev,
                    attributed_to=attr.source if attr else None, chain=attr.chain if attr else (),
                    trigger=tok.text,
                ))
    out = _drop_unnamed_restrictors(_fill_flows(out, unnamed, lambda: _named_resources(paras, index)), groups)
    out = _carry_restrictors(out, generic, _focus_countries(index))
    focus = _focus_countries(index)
    out = _fill_restrictions(out, generic, focus, lambda k: home_country(index, k, focus), listings)
    return _prune(_provided(out, index.type_of))
