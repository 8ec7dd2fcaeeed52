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
        if len(s) < 2 or s.id_ not in ("name", "ner", "title", "member"):
            continue
        of = next((t.i for t in s if t.lower_ == "of"), s.end)
        for t in s:
            w = t.text
            if w.lower() in generic or not w[:1].isupper() or t.i > of:
                continue  # "Velmora" after "Ministry of Industry of Velmora" is a place, not that body's short name
            prev = long_names.get(w)
            if prev is not None and prev[0] != s.kb_id_:
                ambiguous.add(w)
            long_names[w] = (s.kb_id_, s.label_)
    # "Tunku Nashrul" after "Tunku Nashrul Abaidah": a person's name that begins or ends a longer one of the article
    part_names: dict[str, set[str]] = {}
    for _, s in found:
        if s.label_ == "Person" and len(s) >= 3:
            for n in range(2, len(s)):
                part_names.setdefault(s[:n].text, set()).add(s.kb_id_)
                part_names.setdefault(s[len(s) - n:].text, set()).add(s.kb_id_)
    # "the Hangang Institute" after "the Hangang Institute for Industrial Strategy": a body's name before its "of" or
    # "for" is its short name
    heads: dict[str, set[str]] = {}
    for _, s in found:
        of = next((t.i for t in s if t.lower_ in ("of", "for", "on") and t.i > s.start + 1), None)
        if of is not None and s.label_ in ("Organization", "GovernmentBody", "Company"):
            heads.setdefault(s.doc[s.start:of].text, set()).add(s.kb_id_)
    # "Qintai said", "Qintai plans to": a name the NER took for a place but which acts is an organisation
    acting = {s.kb_id_ for _, s in found if s.label_ == "Place" and (s.root.dep_ == "nsubj"
              and s.root.head.pos_ == "VERB" and s.root.head.lemma_ not in ("be", "have", "lie", "sit", "border")
              or _owned_or_based(s))}
    for p, s in found:
        owners = heads.get(s.text, set())
        if s.id_ in ("ner", "member") and len(s) > 1 and s.label_ != "Person" and len(owners) == 1 \
                and s.kb_id_ not in owners and s.kb_id_ not in gazetteer:
            remap[(p, s.start)] = next(iter(owners))
            continue
        if s.id_ not in ("ner", "title") or s.kb_id_ in gazetteer:
            continue
        others = labels_by_key.get(s.kb_id_, set()) - {"Place"}
        # a word the NER took for a place is a short name too once it acts somewhere ("Tarang bought ...")
        short = s.label_ != "Place" or others or s.kb_id_ in acting
        if s.label_ == "Person" and len(part_names.get(s.text, ())) == 1 and s.kb_id_ not in part_names[s.text]:
            remap[(p, s.start)] = next(iter(part_names[s.text]))
            continue
        if len(s) == 1 and short and s.text in long_names and s.text not in ambiguous:
            key = long_names[s.text][0]
            if key != s.kb_id_:
                remap[(p, s.start)] = key
                continue
        if s.label_ == "Place":
            if not others and not s.text.isupper() and s.kb_id_ not in acting:
                remap[(p, s.start)] = None
    return remap


def _owned_or_based(s: Span) -> bool:
    """"Chinese-owned Nexperia", "Nexperia is based in the Netherlands", "Nexperia, which is owned by Wingtech": a
    place is not owned, based or headquartered somewhere; an organisation is."""
    root = s.root
    said = [c for c in root.children if c.dep_ in ("amod", "relcl", "acl")]
    if root.dep_ == "nsubjpass":
        said.append(root.head)
    participles = rules().organisation_participles
    for v in said:
        words = [v, *(c for c in v.conjuncts)]
        if any(w.lemma_.lower() in participles or w.lower_.endswith("-owned") for w in words):
            return True
    return False


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


_ACRONYM_GLUE = ("of", "and", "for", "on")  # lower-case words a long form's initials skip


def term_acronyms(found: list[tuple[int, Span]], paras) -> set[str]:
    """"the Export Administration Regulations (EAR)", "a Validated End User (VEU) waiver": a short form introduced
    after a phrase that names no actor and no body (no actor mention ends there, no organisation or company word in
    it) is a term's, not an actor's, wherever the article repeats it."""
    words = rules().company_name_words
    ends = {(p, s.end - 1) for p, s in found}
    out: set[str] = set()
    for p, (doc, _) in enumerate(paras):
        for t in doc:
            if not (2 <= len(t) <= 6 and t.is_upper and t.is_alpha and 0 < t.i - 1 and t.i + 1 < len(doc)
                    and doc[t.i - 1].text == "(" and doc[t.i + 1].text == ")"):
                continue
            j, initials = t.i - 2, []
            while j >= 0 and doc[j].is_quote:  # 'a "Validated End User" (VEU) waiver'
                j -= 1
            while j >= 0 and len(initials) < len(t) and (doc[j].is_title or doc[j].lower_ in _ACRONYM_GLUE):
                if doc[j].is_title:
                    initials.append(doc[j])
                j -= 1
            long = initials[::-1]
            if "".join(w.text[0] for w in long) != t.text or (long and (p, long[-1].i) in ends) \
                    or any(w.lower_ in words for w in long):
                continue
            out.add(t.text)
    return out


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


def country_body_names(found: list[tuple[int, Span]], index: ActorIndex, gazetteer: Gazetteer) -> None:
    """"Peru's mines ministry", "Peru's government": a body outside the gazetteer named through its country is called by
    the country's demonym ("Peruvian mines ministry", "Peruvian government"), as the gold names such bodies; the
    text's own forms stay aliases."""
    for _, span in found:
        if span.id_ != "pattern" or span.label_ != "GovernmentBody" or span.kb_id_ in gazetteer:
            continue
        country = _country_prefix(span.kb_id_, gazetteer)
        # "Chinese", "South Korean": the adjectives, longest first ("China-made" only describes goods)
        demonyms = sorted((d for d in country.demonyms if not d.endswith("-made")), key=len, reverse=True) \
            if country is not None else []
        if not demonyms:
            continue
        k = span.end
        while k > span.start and span.doc[k - 1].is_alpha and (span.doc[k - 1].is_lower or span.doc[k - 1].is_upper
                                  and len(span.doc[k - 1]) <= 4 and gazetteer.lookup(span.doc[k - 1].text) is None):
            k -= 1  # the function words and the body noun after the country: "mines ministry", "IT ministry"
        if k < span.end:
            index.name_once(span.kb_id_, f"{demonyms[0]} {span.doc[k:span.end].text}")
            for other in demonyms[1:]:
                index.add_surface(span.kb_id_, f"{other} {span.doc[k:span.end].text}")


def _country_prefix(key: str, gazetteer: Gazetteer):
    """The country whose key begins a minted body key ("peru_mines_ministry" -> Peru)."""
    parts = key.split("_")
    for n in range(len(parts) - 1, 0, -1):
        entry = gazetteer.get("_".join(parts[:n]))
        if entry is not None and entry.type == "Country":
            return entry
    return None


def short_names(paras, index: ActorIndex) -> None:
    """"Ana Ruiz said ... According to Ruiz, ...", "Jinling Semiconductor ... Jinling also depends on ...": a person's
    surname, or the first word of a company's or body's name, alone where the model marked nothing, is that actor
    (when no other actor of the article shares the word, and the word names nothing in the gazetteer)."""
    generic = rules().corporate_suffixes | rules().short_name_stopwords
    owners: dict[str, set[str]] = {}
    for a in index.actors():
        for form in (a.name, *a.aliases):
            words = form.split()
            if a.type == "Person" and len(words) >= 2 and words[-1][:1].isupper():
                owners.setdefault(words[-1], set()).add(a.key)
            elif a.type in ("Company", "Organization") and len(words) >= 2 and words[0][:1].isupper() \
                    and len(words[0]) > 2 and words[0].lower() not in generic:
                owners.setdefault(words[0], set()).add(a.key)
            for w in words[1:] if a.type != "Person" else ():
                owners.setdefault(w, set()).add(a.key)  # a word of another actor's name makes the short name ambiguous
    for p, (doc, offset) in enumerate(paras):
        for tok in doc:
            keys = owners.get(tok.text, set())
            if len(keys) != 1 or tok.pos_ != "PROPN" or not tok.is_title or (p, tok.i) in index.mentions:
                continue
            key = next(iter(keys))
            if index.type_of(key) not in ("Person", "Company", "Organization") \
                    or index.gazetteer.lookup(tok.text) is not None or tok.ent_type_ in ("GPE", "LOC"):
                continue
            if index.type_of(key) != "Person" and tok.text not in (w for s in index.surfaces(key) for w in s.split()[:1]):
                continue  # a company's word other than the first of its name is no short name of it
            near = [doc[k] for k in (tok.i - 1, tok.i + 1) if 0 <= k < len(doc)]
            if any(t.pos_ == "PROPN" and t.is_title for t in near):
                continue  # part of another name ("Ruiz Holdings", "Maria Ruiz")
            index.add(p, doc[tok.i:tok.i + 1], offset, key=key, kind="ner")
