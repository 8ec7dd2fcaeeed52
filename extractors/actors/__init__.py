"""Actor mentions: gazetteer matches, NER and name patterns per paragraph, resolved article-wide to stable keys.

The tagger (a spaCy component) marks candidate mentions in each paragraph doc; `index_actors` then
works on the whole article: it merges short and long forms of a name, drops NER noise the article
does not support, adds aliases introduced in parentheses, and resolves pronouns and definite
descriptions ("he", "the company") to the last compatible actor as `coref` mentions.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from .coref import coreference
from .index import ActorIndex
from .resolution import (
    appositive_aliases, article_remap, country_body_names, products_everywhere, short_names, term_acronyms,
)
from .rules import DERIVED_KEY, POSSESSIVE, SPAN_KEY, rules
from .tagger import ActorTagger
from ..gazetteer import Gazetteer

__all__ = ["SPAN_KEY", "DERIVED_KEY", "ActorIndex", "ActorTagger", "index_actors"]


def index_actors(paras: list[tuple[Doc, int]], gazetteer: Gazetteer) -> ActorIndex:
    """Resolve the paragraphs' mentions article-wide and index them (with coreference)."""
    r = rules()
    found: list[tuple[int, Span]] = [(p, s) for p, (doc, _) in enumerate(paras) for s in doc.spans.get(SPAN_KEY, [])]
    terms = term_acronyms(found, paras)
    found = [(p, s) for p, s in found if not (s.id_ == "ner" and s.text in terms)]
    remap = article_remap(found, paras, gazetteer)
    index = ActorIndex(gazetteer)
    country_end = {(p, s.end): s for p, s in found if s.label_ in ("Country", "Place") and s.end < len(s.doc)
                   and s.doc[s.end].text in POSSESSIVE}
    types = _types(found, remap)
    for p, span in found:
        key = remap.get((p, span.start), span.kb_id_)
        if key is None:
            continue
        t = types[key]
        index.add(p, span, paras[p][1], key=key, type_=t)
        owner = country_end.get((p, span.start - 1))
        if owner is not None and (span.id_ in ("ner", "member") and t in ("Organization", "Company")
                                  or t == "GovernmentBody" and span.id_ in ("ner", "pattern")):
            # "Iran's Electronics Industries", "Peru's mines ministry": the text's form with the country is a name too
            index.add_surface(key, paras[p][0][owner.start:span.end].text)
    for p, (doc, offset) in enumerate(paras):
        for span in doc.spans.get(DERIVED_KEY, []):
            of = next((t.i for t in span if t.lower_ == "of"), span.end)
            index.add(p, span, offset, tokens=range(span.start, of + 1), type_=span.label_)
    country_body_names(found, index, gazetteer)
    products_everywhere(paras, index)
    appositive_aliases(paras, index)
    short_names(paras, index)
    coreference(paras, index, gazetteer, r)
    return index


def _types(found: list[tuple[int, Span]], remap: dict[tuple[int, int], str | None]) -> dict[str, str]:
    """Each actor's type: the label most of its own mentions carry (short forms remapped to a longer name count only
    where the article has no mention of the name itself: the NER calls many a "Jinling" a person); a place that acts
    is an organisation; and no name ending in a company's or a body's word ("Gamuda Bhd", "Brabant Photonics") is a
    person's."""
    org_words = rules().company_name_words
    own: dict[str, Counter] = {}
    short: dict[str, Counter] = {}
    org_named: set[str] = set()
    for p, span in found:
        key = remap.get((p, span.start), span.kb_id_)
        if key is None:
            continue
        (own if key == span.kb_id_ else short).setdefault(key, Counter())[span.label_] += 1
        if len(span) > 1 and span[-1].lower_ in org_words:
            org_named.add(key)
    out: dict[str, str] = {}
    for key in {*own, *short}:
        t = (own.get(key) or short[key]).most_common(1)[0][0]
        out[key] = "Organization" if t == "Place" or (t == "Person" and key in org_named) else t
    return out

