"""Span tests of actor tagging: what a candidate mention is (demonym use, metonym or place, noise, a name inside
a heading, a product code in context), how NER spans are trimmed and how overlapping candidates are resolved."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .rules import EDGE_PUNCT, POSSESSIVE, PRIORITY, Rules, rules, squeezed
from ..gazetteer import Gazetteer, normalise, slugify
from ..speech_shapes import cited_or_speaking

def code_key(code: str) -> str:
    """Key of a model code, singular: "H800s" and "H800" are one product."""
    if len(code) > 2 and code.endswith("s") and (code[-2].isdigit() or code[-2].isupper()):
        code = code[:-1]
    return slugify(code)


def government_of(gazetteer: Gazetteer, country: str, surface: str) -> tuple[str, str]:
    """(key, name) of a country's government: the gazetteer's body when it has one, else a minted key."""
    for e in gazetteer.entries.values():
        if e.type == "GovernmentBody" and e.country == country and "government" in e.name.lower():
            return e.key, e.name
    return f"{country}_government", re.sub(r"^the\s+", "", surface, flags=re.I)


def demonym_use(doc: Doc, start: int, end: int) -> str | None:
    """'demonym' when the adjective modifies a thing, 'descriptor' when it only describes a named
    actor ("Dutch manufacturer ASML", "Russian President Vladimir Putin"), None when it names people."""
    tok = doc[end - 1]
    head = tok.head
    modifies = tok.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod") or (
        end < len(doc) and doc[end].text == "-")
    if not modifies:
        return "demonym" if tok.pos_ == "ADJ" and head.pos_ in ("NOUN", "PROPN") else None
    # "TechInsights, a Canadian research firm": an apposition only describes the named actor
    if head.dep_ == "appos" and head.head.pos_ == "PROPN" and head.i > tok.i:
        return "descriptor"
    # the noun it modifies is itself a title or descriptor of a proper name that follows
    if head.i > tok.i and head.i + 1 < len(doc):
        after = doc[head.i + 1]
        if head.pos_ == "NOUN" and after.pos_ == "PROPN" and (after.is_title or after.is_upper) \
                and (after.head.i == head.i or head.head.i == after.i or after.dep_ in ("appos", "compound")):
            return "descriptor"
        if head.lower_ in rules().titles and after.pos_ == "PROPN":
            return "descriptor"
    return "demonym"


def modifier_alias(doc: Doc, start: int, end: int, r: Rules) -> bool:
    """A lower-case alias used as a modifier ("Russian military equipment") describes a thing, it does
    not name the body; unless the thing is a document the body speaks through ("Russian customs data")."""
    last = doc[end - 1]
    return last.is_lower and last.dep_ in ("amod", "compound", "nmod") and last.head.i >= end \
        and last.head.pos_ == "NOUN" and last.head.lower_ not in r.source_documents


def placing_only(doc: Doc, end: int, r: Rules) -> bool:
    """The name ending at `end` only places something: "a Singapore-based consultancy", "Hong Kong-listed"."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in r.locative_participles


def locative(doc: Doc, start: int, end: int, r: Rules) -> bool:
    """A capital used as a place ("labs in Beijing", "Hangzhou-based"), not as the acting state."""
    tok = doc[end - 1]
    if placing_only(doc, end, r):
        return True
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i and tok.head.i + 1 < len(doc) \
            and doc[tok.head.i + 1].pos_ == "PROPN" and doc[tok.head.i + 1].is_title:
        return True  # "the Brussels think tank Bruegel": the capital places a named actor
    if end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and tok.dep_ == "compound" \
            and tok.head.i >= end and tok.head.pos_ == "PROPN":
        return True  # "the Prague Policy Lab": the capital begins a longer proper name
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > tok.i and tok.head.pos_ == "NOUN" \
            and (tok.head.lower_ in r.placed_nouns or tok.head.lower_ in r.company_nouns):
        return True  # "a Washington think tank", "the Lyon campus", "a Seoul chipmaker"
    return tok.dep_ == "pobj" and tok.head.lower_ in r.locative_preps


def misread_place(part: Span, label: str, r: Rules) -> bool:
    """A place the NER took for a person, an organisation or a product: "a fab near Izmir" (a person), "near Mumbai
    and Hyderabad" (coordinated with a place), "a roaster near Tarvaso" (a product). ("the Austin-based designer":
    the tagger drops any name before "-based" first, see `placing_only`.)"""
    root = part.root
    if label not in ("PERSON", "ORG", "PRODUCT"):
        return False
    if label == "PERSON" and root.dep_ == "pobj" and root.head.lower_ in r.person_place_preps:
        return True
    # "a roaster near Oruro", "a refinery at Geraldton", "a supplier based in Sendai": a name after a preposition of
    # place that hangs on a facility noun or a placing participle is where the thing is, not who acts
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", *r.spatial_preps) and len(part) <= 2 \
            and normalise(part.text) not in r.countries and (
            root.head.lower_ in r.spatial_preps
            or root.head.head.lower_ in r.placed_nouns or root.head.head.lower_ in r.locative_participles):
        return True
    return root.dep_ == "conj" and root.head.ent_type_ == "GPE" and root.head.head.lower_ in r.locative_preps


def capitalised(span: Span) -> bool:
    """Some word of the span other than a leading 'the' starts with a capital letter."""
    return any(t.text[:1].isupper() for t in span if t.lower_ != "the")


def ministry_end(doc: Doc, i: int, r: Rules) -> int | None:
    """Index of the ministry noun closing "trade ministry", "economy ministry" from token i, else None."""
    j = i
    # "the trade ministry", "the IT ministry": lower-case function words, or a short acronym for one
    while j < len(doc) and j - i < 2 and (doc[j].is_lower or doc[j].is_upper and len(doc[j]) <= 4) and doc[j].is_alpha \
            and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and doc[j].lower_ not in r.ministry_nouns:
        j += 1
    if j == i or j >= len(doc) or doc[j].lower_ not in r.ministry_nouns:
        return None
    return j


def ministry_key(gazetteer: Gazetteer, country: str, words: Span) -> str:
    """The gazetteer's ministry of that country and function ("commerce ministry" -> Ministry of
    Commerce), else a key of its own."""
    noun = words[-1].lower_
    stems = {t.lower_[:5] for t in words[:-1]}
    for e in gazetteer.entries.values():
        if e.type == "GovernmentBody" and e.country == country and noun in e.name.lower() \
                and stems & {w.lower()[:5] for w in e.name.replace(",", " ").split()}:
            return e.key
    return f"{country}_" + "_".join(t.lower_ for t in words)


def inside_region(span: Span, r: Rules) -> bool:
    """"Latin America", "North America", "New Mexico": a country word that is the end of a region's name."""
    doc = span.doc
    names = (normalise(doc[max(0, span.start - k):span.end].text) for k in (1, 2))
    return any(n in r.stop_names or n in r.places for n in names)


def country_inside_names(cands: list[Span]) -> list[Span]:
    """"Economic Security Council of Ukraine", "Canadian Mineral Survey": a country inside a longer
    organisation name the NER found is part of that name, not a mention of the country."""
    orgs = [s for s in cands if s.id_ == "ner" and s.label_ in ("Organization", "Company", "GovernmentBody")
            and len(s) >= 2]
    if not orgs:
        return cands

    def inside(c: Span) -> bool:
        for o in orgs:
            if o.start <= c.start and c.end <= o.end and len(o) > len(c):
                rest = [t for t in o if not c.start <= t.i < c.end]
                if any(t.pos_ == "PROPN" and t.is_title for t in rest) \
                        and all(t.is_title or t.is_upper or t.lower_ in ("of", "for", "and", "on", "the") for t in rest):
                    return True
        return False

    return [c for c in cands if not (c.label_ == "Country" and inside(c))]


def owns_corporate(part: Span, r: Rules) -> bool:
    """The name is the possessor of something only an organisation has."""
    doc = part.doc
    if part.end + 1 >= len(doc) or doc[part.end].text not in POSSESSIVE:
        return False
    return any(t.lower_ in r.corporate_possessions for t in doc[part.end + 1:min(part.end + 4, len(doc))])


def leads_with_capital(span: Span) -> bool:
    """A name's first word (after 'the') has a capital: "Scale AI" is a name, "scale AI" a verb phrase."""
    first = next((t for t in span if t.lower_ != "the"), None)
    return first is not None and any(c.isupper() for c in first.text)


_JOINING = {"to", "from", "with", "by", "than", "versus", "vs", "vs."}


def trim(ent: Span) -> list[Span]:
    """The name parts of an NER span: no determiner, quotes or possessive; split at an inner
    possessive ("Elon Musk's Grok") and cut before a verb ("Putin Wants", from a headline)."""
    doc = ent.doc
    start, end = ent.start, ent.end
    for i in range(start, end):
        if doc[i].tag_.startswith("VB") and doc[i].pos_ in ("VERB", "AUX") and i > start:
            end = i
            break
    for i in range(start + 1, end):
        if doc[i].text == "(":  # "Ministry of Trade (Mot": the name ends where its parenthesis opens
            end = i
            break
    pieces = []
    s = start
    for i in range(start, end):
        # "sell Orvane to Halvard": a lower-case "to", "from", "with"... joins two names, it is inside none
        if _inner_possessive(doc, i, end) or "/" in doc[i].text or doc[i].lower_ in _JOINING and doc[i].is_lower:
            pieces.append((s, i))
            s = i + 1
    pieces.append((s, end))
    out = []
    for s, e in pieces:
        while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].text in EDGE_PUNCT):
            s += 1
        while e > s and (doc[e - 1].text in POSSESSIVE or doc[e - 1].tag_ == "POS" or doc[e - 1].text in EDGE_PUNCT
                         or doc[e - 1].is_lower and (doc[e - 1].pos_ in ("ADP", "CCONJ", "DET") or doc[e - 1].like_num)):
            e -= 1  # "Pellucid Micro of [the United States]", "ranks [Tarvos fifth]": no name ends in a lower-case
            # function word or number
        if s < e and any(t.is_alpha for t in doc[s:e]):
            out.append(Span(doc, s, e, label=ent.label_))
    return out


def honorific_end(doc: Doc, i: int, r: Rules, opening: bool = False) -> int:
    """Where a person's name begins after the forms of address that start at token `i` ("His Excellency Eng. Abdullah
    Alswaha": at "Abdullah"); `i` itself when none does. `opening`: the first form must be one that alone shows a
    name follows ("Eng" and "Tun" are also names)."""
    forms = r.honorific_openers if opening else r.honorifics
    while i < len(doc) and (doc[i].is_title or doc[i].is_upper):
        for k in range(min(4, len(doc) - i), 0, -1):  # the longest form first: "Eng." before "Eng"
            if squeezed("".join(t.text for t in doc[i:i + k])) in forms:
                i, forms = i + k, r.honorifics
                break
        else:
            break
    return i


def modifies_non_actor(part: Span, r: Rules) -> bool:
    """"the Nasdaq Composite index", "the Chips Act": a name that only modifies a non-actor noun."""
    doc = part.doc
    nxt = doc[part.end] if part.end < len(doc) else None
    return nxt is not None and nxt.lower_ in r.non_actor_heads and part[-1].head.i >= nxt.i


def strip_suffix(name: str, r: Rules) -> str:
    """The name without its corporate suffixes ("Sitonholy (Tianjin) Co., Ltd." -> "Sitonholy (Tianjin)")."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in r.corporate_suffixes:
        words = words[:-1]
        words[-1] = words[-1].rstrip(",")
    return " ".join(words)


def ticker(part: Span) -> bool:
    """'(TSX:ARV)', '(NASDAQ: KOVA)': an exchange and a stock symbol in parentheses name no one; the company
    named before them is the actor."""
    doc = part.doc
    if len(part) != 1 or part.start == 0 or part.end >= len(doc):
        return False
    before, after = doc[part.start - 1].text, doc[part.end].text
    around = doc[max(0, part.start - 3):min(len(doc), part.end + 3)]
    return (before == ":" or after == ":") and "(" in [t.text for t in around] and ")" in [t.text for t in around]


def _inner_possessive(doc: Doc, i: int, end: int) -> bool:
    """Token i splits a name as a possessive ("Elon Musk's Grok"); not the plural possessive of an association's
    name ("the European Automobile Manufacturers' Association", "the Semiconductor Suppliers' Council")."""
    if not (doc[i].text in POSSESSIVE or doc[i].tag_ == "POS"):
        return False
    return not (doc[i].text in ("'", "\u2019") and 0 < i and i + 1 < end and doc[i - 1].is_title
                and doc[i - 1].lower_.endswith("s") and doc[i + 1].lower_ in rules().organisation_heads)


def noise(part: Span, r: Rules) -> bool:
    """NER spans that are not actors: generic terms, laws, events, documents, model classes."""
    text = normalise(part.text)
    if text in r.stop_names or not any(t.is_title or t.is_upper or any(c.isupper() for c in t.text) for t in part):
        return True
    if len(part) == 1 and part.start > 0 and part.doc[part.start - 1].lower_ == "the" \
            and part[0].lower_ in r.descriptions:
        return True  # "where the Kingdom pledged", "the Company said": a description, capitalised, refers back
    last = part[-1].lower_
    # "Institute for Chip Policy": in "X of/for Y" the name's head is X, whatever Y ends in
    of = next((t.i for t in part if t.lower_ in ("of", "for")), None)
    words = part
    if of is not None and of > part.start and part.doc[of - 1].lower_ in r.organisation_heads:
        last = part.doc[of - 1].lower_
    named_for = False
    if of is not None and of > part.start and part.doc[of - 1].lower_ in r.of_name_heads | r.organisation_heads:
        words = part.doc[part.start:of]  # "Institute for Industrial Strategy": a body for a strategy is no strategy
        # "the Halvorsen Center for Technology Policy": a centre or forum *for* something is a body, not a building
        named_for = part.doc[of].lower_ == "for" and of + 1 < part.end
    if any(t.lower_ in r.non_actor_anywhere for t in words) \
            or last in r.non_actor_heads and not named_for and not _institution(part, r) \
            or (len(part) > 1 and any(re.fullmatch(r"(?:19|20)\d{2}", t.text) for t in part)):
        return True
    if part[0].lower_ in r.non_actor_first_words and len(part) > 1:  # "Project Lumen": a project, not an actor
        return True
    if part[0].lower_ in r.named_projects:  # "Stargate UAE": a named project or facility
        return True
    if any(t.like_num and t.i + 1 < len(part.doc) and part.doc[t.i + 1].lower_ in r.amount_words for t in part):
        return True  # "EUR 505 million": money the NER took for a name
    if all(t.lower_ in r.titles for t in part):  # "The Minister declined": a title alone names no one
        return True
    doc = part.doc
    if part.start >= 2 and doc[part.start - 1].lower_ in ("of", "for") and doc[part.start - 2].lower_ in r.titles \
            and _portfolio(part, r):
        # "Minister of Digital Economy Farid Osman", "Secretary of State for Science, Innovation and Technology": the
        # portfolio of a title names no body
        return True
    if ticker(part):
        return True
    # "Trade and Industry Minister Jane Doe": a portfolio before a title, or the title itself, is no organisation
    nxt = part.doc[part.end] if part.end < len(part.doc) else None
    if part.label_ == "ORG" and (last in r.portfolio_titles or (nxt is not None and nxt.lower_ in r.portfolio_titles)):
        return True
    # "Law and Home Affairs Minister K Shanmugam", "Economy, Trade, and Industry Minister Saito Ken" (the name proposed
    # stopping at a comma), whoever proposed the words as a name
    j = part.end
    while j < len(doc) and _portfolio_part(doc[j], r):
        j += 1
    return j < len(doc) and doc[j].lower_ in r.portfolio_titles and _portfolio(part, r)


def _portfolio(part: Span, r: Rules) -> bool:
    """The words of a ministerial portfolio ("Digital Economy", "Law and Home Affairs", "State for Science, Innovation
    and Technology"): portfolio words, joined by function words."""
    return part[0].lower_ in r.portfolio_words and part[-1].lower_ in r.portfolio_words \
        and all(_portfolio_part(t, r) for t in part)


def _portfolio_part(t: Token, r: Rules) -> bool:
    """A portfolio word or a word that joins two of them ("and", ",")."""
    return t.lower_ in r.portfolio_words or t.lower_ in r.portfolio_joiners


def _institution(part: Span, r: Rules) -> bool:
    """"the Varna Policy Forum", "the Aldgate Research Centre": a venue word after an institution's word names a body;
    so does any such name the text makes act ("the Baltic Chip Forum, an industry group, said")."""
    heads = r.institution_heads or {}
    of = next((t.i for t in part if t.lower_ in ("of", "for") and t.i > part.start), part.end)
    head = part.doc[of - 1]
    before = heads.get(head.lower_)
    if not before or head.i == part.start:
        return False
    if len(part) > 2 and part.doc[head.i - 1].lower_ in before and of == part.end:
        return True
    return _acts(part, r.institution_acts or {})


def _acts(part: Span, acts: dict) -> bool:
    """A name the sentence makes act: described as a body in apposition, cited after "according to", or the
    subject of a reporting verb ("the Kestrel Data Center will use chips" is a facility, not a speaker)."""
    root = part.root
    appositives = acts.get("appositives", ())
    return any(c.dep_ == "appos" and c.lemma_.lower() in appositives for c in root.children) or cited_or_speaking(root)


_JOINED: list = [None, ""]  # the last Doc whose text `in_heading` read, and that text (a Doc joins it on every call)


def in_heading(part: Span) -> bool:
    """Title-case lines are headlines: NER on them is unreliable, so only gazetteer names count there."""
    doc = part.doc
    if _JOINED[0] is not doc:
        _JOINED[0], _JOINED[1] = doc, doc.text
    text = _JOINED[1]
    ls = text.rfind("\n", 0, part.start_char) + 1
    le = text.find("\n", part.end_char)
    line = text[ls: le if le >= 0 else len(text)].strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", line)]
    if len(words) < 3 or len(line) > 120 or line.endswith((".", "?", "!", ":", "\u201d", '"')):
        return False
    small = {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from", "is", "as", "vs"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.8 and line.startswith(line.lstrip("#* "))


def named_line(tok: Token, r: Rules, gaz: Gazetteer) -> bool:
    """"Nvidia Hopper GPUs", "Huawei Ascend chips": a proper name between a company and a product noun."""
    doc = tok.doc
    if tok.pos_ != "PROPN" or not tok.is_title or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    if doc[tok.i + 1].lower_ not in r.product_nouns or gaz.lookup(tok.text) is not None:
        return False
    prev = gaz.lookup(doc[tok.i - 1].text)
    return prev is not None and prev.type == "Company"


def product_context(tok: Token, r: Rules, gaz: Gazetteer) -> bool:
    sent = tok.sent
    window = [t for t in tok.doc[tok.i + 1: min(tok.i + 7, sent.end)]]
    if any(t.lower_ in r.product_nouns for t in window[:6]):
        return True
    head = tok
    for _ in range(3):
        if head.head is head:
            break
        head = head.head
        if head.lower_ in r.product_nouns or head.lemma_.lower() in r.product_nouns:
            return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.text in POSSESSIVE and tok.i > 1:
        prev = tok.doc[tok.i - 2]
    if prev is not None and prev.text == "made" and tok.i > 2:  # "the SMIC-made 910B"
        prev = tok.doc[tok.i - 3]
    if prev is not None:
        hit = gaz.lookup(prev.text)
        if hit is not None and hit.type in ("Company", "Organization"):
            return True
    return False


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, preferring stronger evidence, then longer spans."""
    order = sorted(spans, key=lambda s: (-PRIORITY.get(s.id_, 0), -(s.end - s.start), s.start))
    taken: set[int] = set()
    out = []
    for s in order:
        if any(i in taken for i in range(s.start, s.end)):
            continue
        taken.update(range(s.start, s.end))
        out.append(s)
    return out

