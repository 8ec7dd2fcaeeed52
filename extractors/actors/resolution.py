"""Article-wide resolution of actor mentions: short names to full ones, places that never act dropped, product
codes wherever the article repeats them, and short forms introduced in parentheses."""
from __future__ import annotations

import re

from spacy.tokens import Span

from .index import ActorIndex
from .rules import rules
from .spans import code_key
from ..gazetteer import Gazetteer

def article_remap(found: list[tuple[int, Span]], paras, gazetteer: Gazetteer) -> dict[tuple[int, int], str | None]:
    """Keys rewritten article-wide: short names to the full name ("Huang" -> "Jensen Huang", "Biren" ->
    "Shanghai Biren Intelligent Technology Co."), and unknown places that never act as an org dropped."""
    remap: dict[tuple[int, int], str | None] = {}
    labels_by_key: dict[str, set[str]] = {}
    for _, s in found:
        labels_by_key.setdefault(s.kb_id_, set()).add(s.label_)
    long_names: dict[str, tuple[str, str]] = {}  # token -> (key, label) of a multi-token name it belongs to
    ambiguous: set[str] = set()
    generic = rules().corporate_suffixes | {"of", "and", "the", "for", "intelligent", "technology", "technologies",
                                            "international", "national", "global", "group", "media", "news"}
    for _, s in found:
        if len(s) < 2 or s.id_ not in ("name", "ner", "title"):
            continue
        for t in s:
            w = t.text
            if w.lower() in generic or not w[:1].isupper():
                continue
            prev = long_names.get(w)
            if prev is not None and prev[0] != s.kb_id_:
                ambiguous.add(w)
            long_names[w] = (s.kb_id_, s.label_)
    for p, s in found:
        if s.id_ not in ("ner", "title") or s.kb_id_ in gazetteer:
            continue
        if len(s) == 1 and s.label_ != "Place" and s.text in long_names and s.text not in ambiguous:
            key = long_names[s.text][0]
            if key != s.kb_id_:
                remap[(p, s.start)] = key
                continue
        if s.label_ == "Place":
            others = labels_by_key.get(s.kb_id_, set()) - {"Place"}
            if not others and not s.text.isupper():
                remap[(p, s.start)] = None
    return remap


def products_everywhere(paras, index: ActorIndex) -> None:
    """A code seen as a product once is that product wherever the article repeats it; so are codes of
    the same family ("910C" beside "910B") and codes coordinated with a product ("H800s and H100s")."""
    codes = {a.key for a in index.actors() if a.type == "Product"}
    if not codes:
        return
    families = {_family(k) for k in codes if _family(k)}
    pattern = rules().product_code
    changed = True
    while changed:
        changed = False
        for p, (doc, offset) in enumerate(paras):
            for tok in doc:
                if (p, tok.i) in index.mentions or not pattern.match(tok.text):
                    continue
                key = code_key(tok.text)
                linked = any(index.key_at(p, c.i) in codes for c in (*tok.conjuncts, tok.head) if c.i != tok.i)
                if key in codes or (_family(key) and _family(key) in families) or linked:
                    index.add(p, doc[tok.i:tok.i + 1], offset, key=key, type_="Product", kind="product")
                    codes.add(key)
                    changed = True


def _family(key: str) -> str | None:
    """"910b" -> "910": the digits of a code that ends in a variant letter."""
    m = re.fullmatch(r"([a-z]*\d{3,})[a-z]{1,2}", key)
    return m.group(1) if m else None


def appositive_aliases(paras, index: ActorIndex) -> None:
    """"Nvidia (NVDA)", "the Export Enforcement Five, or E5": the short form is the same actor."""
    aliases: dict[str, str] = {}
    for p, (doc, offset) in enumerate(paras):
        for tok in doc:
            key = index.key_at(p, tok.i)
            if key is None or index.kind_at(p, tok.i) == "coref":
                continue
            if tok.i + 1 < len(doc) and index.key_at(p, tok.i + 1) == key:
                continue  # not the mention's last token
            j = tok.i + 1
            if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
                short = doc[j + 1]
            elif j + 3 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ == "or" and doc[j + 3].is_punct:
                short = doc[j + 2]
            else:
                continue
            if short.is_upper and short.is_alpha or re.fullmatch(r"[A-Z][A-Z0-9&.-]{1,9}", short.text):
                other = index.key_at(p, short.i)
                if other is None or (other != key and index.gazetteer.get(other) is None):
                    aliases[short.text] = key
    if not aliases:
        return
    for p, (doc, offset) in enumerate(paras):
        for tok in doc:
            key = aliases.get(tok.text)
            if key is None:
                continue
            old = index.mentions.get((p, tok.i))
            if old is not None and old[0] != key:
                index.forget(old[0], tok.text)
            index.mentions.pop((p, tok.i), None)
            index.add(p, doc[tok.i:tok.i + 1], offset, key=key, kind="alias")
