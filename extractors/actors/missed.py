"""Names the NER missed or mislabelled, found from what surrounds them: a company noun, a country's possessive, a
reporting verb, a product noun, coordination with a known company, a country word inside an outlet's or edition's name.
Each function takes a paragraph doc and the candidates chosen so far, and returns new candidate spans."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .rules import POSSESSIVE, Rules
from .spans import in_heading, noise, strip_suffix
from .words import with_lower
from ..gazetteer import Gazetteer, normalise, slugify
from ..lexicon import speech_cues


def members(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"firms such as Huawei, Cambricon, MetaX and Enflame": proper names coordinated with a
    known company or organisation are of its kind."""
    covered = {i for s in chosen for i in range(s.start, s.end)}
    out = []
    for span in chosen:
        if span.label_ not in ("Company", "Organization") or span.id_ not in ("name", "ner"):
            continue
        for c in span.root.conjuncts:
            if c.i in covered or c.pos_ != "PROPN" or not c.text[:1].isupper() or c.lower_ in r.corporate_suffixes:
                continue  # "Huawei Technologies Co., Ltd.": the suffix after the comma is no other company
            start = c.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == c.i \
                    and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in covered:
                start -= 1
            part = doc[start:c.i + 1]
            if noise(part, r) or gazetteer.lookup(part.text) is not None:
                continue
            covered.update(range(start, c.i + 1))
            out.append(Span(doc, start, c.i + 1, label=span.label_, kb_id=slugify(part.text), span_id="member"))
    return out


def editions(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"Forbes Russia": an unknown proper name compounded with a country names a national edition."""
    covered = {i for s in chosen for i in range(s.start, s.end)}
    out = []
    for span in chosen:
        if span.label_ != "Country" or span.id_ != "name" or span.start == 0:
            continue
        prev = doc[span.start - 1]
        if prev.i in covered or prev.pos_ != "PROPN" or not prev.is_title or prev.dep_ != "compound" \
                or prev.ent_type_ in ("DATE", "TIME") \
                or prev.head.i not in range(span.start, span.end) or prev.lower_ in r.titles \
                or (prev.i > 0 and doc[prev.i - 1].pos_ == "PROPN"):
            continue
        part = doc[prev.i:span.end]
        if normalise(part.text) in r.stop_names:
            continue  # "Latin America" is a region, not an edition of anything
        out.append(Span(doc, prev.i, span.end, label="Organization", kb_id=slugify(part.text), span_id="pattern"))
    return out


def described_companies(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"AI developer Abeja", "chipmaker Orvane Tech": capitalised words the NER missed right after a
    company noun name a company."""
    # an NER guess ("Orvane Tech" as a person, "Abeja" as a place) yields to the company noun before it
    covered = {i for s in chosen if s.id_ != "ner" for i in range(s.start, s.end)}
    out = []
    for tok in with_lower(doc, r.locative_participles, r.company_nouns):
        # "the Kyiv-based Economic Security Council of Ukraine": a place's "-based" also announces a name
        located = tok.lower_ in r.locative_participles and tok.i > 0 and doc[tok.i - 1].text == "-"
        if not (located or tok.lower_ in r.company_nouns and tok.pos_ == "NOUN") or tok.i + 1 >= len(doc):
            continue
        j = tok.i + 1
        while j < len(doc) and j - tok.i <= (6 if located else 3) and j not in covered and (
                doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].ent_type_ not in ("DATE", "TIME", "NORP")
                and doc[j].lower_ not in r.titles
                or located and j > tok.i + 1 and doc[j].lower_ in ("of", "for", "and") and j + 1 < len(doc)
                and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text[:1].isupper()):
            j += 1
        if j == tok.i + 1 or (j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()):
            continue  # nothing, or a longer name this rule does not delimit
        part = doc[tok.i + 1:j]
        if noise(part, r) or in_heading(part) or gazetteer.lookup(part.text) is not None:
            continue
        out.append(Span(doc, part.start, part.end, label="Organization" if located else "Company",
                        kb_id=slugify(part.text), span_id="member"))
    return out


def speakers(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """'"...," said Ana Ruiz of Kestrel Capital': a two- or three-word proper name the NER missed, as the
    subject of a reporting verb, is a person."""
    covered = {i for s in chosen for i in range(s.start, s.end)}
    out = []
    for tok in doc:
        speaking = tok.dep_ == "nsubj" and (tok.head.lemma_.lower(), "verb") in speech_cues()
        # "The minister, Ana Ruiz, ...": a name in apposition to a role is a person as well
        titled = tok.dep_ == "appos" and (tok.head.lemma_.lower(), "role") in speech_cues()
        if not (speaking or titled) or tok.pos_ != "PROPN" or not tok.is_title or tok.i in covered:
            continue
        start = tok.i
        while start > 0 and tok.i - start < 2 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].is_title and doc[start - 1].i not in covered \
                and doc[start - 1].lower_ not in r.titles:
            start -= 1
        part = doc[start:tok.i + 1]
        if noise(part, r) or in_heading(part) or gazetteer.lookup(part.text) \
                or tok.ent_type_ in r.not_speaker_entities:
            continue
        if len(part) < 2 and titled:
            continue
        if len(part) < 2:
            # "Halvard has long argued": one capitalised word is a body, or a person's short name that
            # the article-wide pass joins to the full name ("Eriksen" -> "Magnus Eriksen")
            out.append(Span(doc, start, tok.i + 1, label="Organization", kb_id=slugify(part.text), span_id="ner"))
            continue
        out.append(Span(doc, start, tok.i + 1, label="Person", kb_id=slugify(part.text), span_id="member"))
    return out


def named_products(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"a national language model, QalamGPT,", "its chatbot Sahara": a capitalised name in apposition to, or
    right after, a product noun names that product."""
    covered = {i for s in chosen for i in range(s.start, s.end)}
    out = []
    for tok in doc:
        if tok.i in covered or tok.i == 0 or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NUM", "NOUN"):
            continue
        noun = tok.head if tok.dep_ == "appos" else doc[tok.i - 1]
        if noun.lemma_.lower() not in r.named_product_nouns and noun.lower_ not in r.named_product_nouns:
            continue
        if noun is doc[tok.i - 1] and not any(c.dep_ in ("det", "poss") for c in noun.children):
            continue  # "Maple GPUs Ltd": a noun inside a name, not a product's name
        end = tok.i + 1
        if end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and end not in covered:
            end += 1
        part = doc[tok.i:end]
        if noise(part, r) or in_heading(part) or gazetteer.lookup(part.text) is not None:
            continue
        out.append(Span(doc, tok.i, end, label="Product", kb_id=slugify(part.text), span_id="product"))
    return out


def possessed_names(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"Abu Dhabi's Kestrel AI", "Korea's Rebellions": capitalised words the NER missed after a
    country's possessive name an organisation of that country."""
    covered = {i for s in chosen for i in range(s.start, s.end)}
    out = []
    for span in chosen:
        if span.label_ != "Country" or span.end + 1 >= len(doc) or doc[span.end].text not in POSSESSIVE:
            continue
        i = j = span.end + 1
        while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and j not in covered and doc[j].lower_ not in r.titles:
            j += 1
        if j == i or (j < len(doc) and (j in covered or doc[j].pos_ == "PROPN")):
            continue
        part = doc[i:j]
        last = part[-1].lower_
        if noise(part, r) or in_heading(part) or last in r.ministry_nouns \
                or last in r.government_nouns \
                or gazetteer.lookup(part.text) is not None:
            continue
        out.append(Span(doc, i, j, label="Organization", kb_id=slugify(part.text), span_id="member"))
    return out


def outlets(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"The Korea Herald", "Japan Times": a country or capital followed by capitalised words ending
    in a newspaper word names an outlet, not the country."""
    out = []
    for span in chosen:
        if span.label_ != "Country" or span.id_ not in ("name", "metonym", "ner"):
            continue
        j = span.end
        while j < len(doc) and j - span.end < 3 and doc[j].is_title and doc[j].pos_ in ("PROPN", "NOUN"):
            j += 1
        if j > span.end and doc[j - 1].lower_ in r.outlet_heads:
            part = doc[span.start:j]
            out.append(Span(doc, span.start, j, label="Organization", kb_id=slugify(part.text), span_id="pattern"))
    return out


def _name_word(tok) -> bool:
    """A word that can belong to a proper name: capitalised ("Kestrel") or an acronym ("ALX Solutions")."""
    return tok.is_title or tok.is_upper and tok.is_alpha and len(tok) > 1


def _named_already(chosen: list[Span], start: int, end: int) -> bool:
    """The NER found these very words as an organisation: nothing to add."""
    return any(s.start == start and s.end == end and s.label_ in ("Organization", "Company", "GovernmentBody")
               for s in chosen)


def organisation_runs(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"engineers at Fenwick Semiconductor", "Kestrel Mining will supply": capitalised words ending in an
    organisation's word ("Semiconductor", "Mining", "Institute") name an organisation, whether the NER missed them
    or took them for a place, a facility or a person."""
    covered = {i for s in chosen if s.id_ != "ner" for i in range(s.start, s.end)}
    out = []
    for tok in with_lower(doc, r.organisation_heads):
        if tok.lower_ not in r.organisation_heads or not tok.is_title or tok.pos_ != "PROPN" or tok.i in covered:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.pos_ == "PROPN" and nxt.is_title or nxt.lower_ in ("of", "for", "on")):
            continue  # a longer name this rule does not delimit ("the National Institute of Chip Design")
        start = tok.i
        while start > 0 and tok.i - start < 3 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and doc[start - 1].dep_ == "compound" and start - 1 not in covered \
                and doc[start - 1].lower_ not in r.titles:
            start -= 1
        part = doc[start:tok.i + 1]
        if start == tok.i or noise(part, r) or in_heading(part) or gazetteer.lookup(part.text) is not None or any(
                s.start < start and tok.i < s.end and s.label_ != "Person" for s in chosen) \
                or _named_already(chosen, start, tok.i + 1):
            continue  # the NER's organisation name stands
        out.append(Span(doc, start, tok.i + 1, label="Organization", kb_id=slugify(part.text), span_id="member"))
    return out


def registered_names(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"LINKZOL (Beijing) Technology Co.", "Sitonholy (Tianjin) Co., Ltd.": a registered company name with its city
    in parentheses runs from the capitalised words before the parenthesis to the corporate suffix after it, which
    the small NER splits at the parenthesis."""
    out: list[Span] = []
    if "(" not in doc.text:
        return out  # most paragraphs have no parenthesis: no pass over their tokens
    for tok in doc:
        if tok.text != "(" or tok.i == 0 or tok.i + 3 >= len(doc) or doc[tok.i + 2].text != ")" \
                or not doc[tok.i + 1].is_title or not doc[tok.i - 1].text[:1].isupper():
            continue
        end = tok.i + 3
        while end < len(doc) and end - tok.i < 8 and doc[end].text[:1].isupper() \
                and doc[end].lower_ not in r.corporate_suffixes:
            end += 1
        if end >= len(doc) or doc[end].lower_ not in r.corporate_suffixes:
            continue
        end += 1
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in r.corporate_suffixes:
            end += 2  # "Co., Ltd."
        start = tok.i
        while start > 0 and tok.i - start < 4 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
                and doc[start - 1].lower_ not in r.titles and gazetteer.lookup(doc[start - 1].text) is None:
            start -= 1
        if start == tok.i:
            continue
        part = doc[start:end]
        out.append(Span(doc, start, end, label="Company", kb_id=slugify(strip_suffix(part.text, r)), span_id="pattern"))
    return out


def apposed_companies(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"a Beijing-based startup, Qintai,", "Qintai, a chipmaker,": a proper name in apposition to a company noun is a
    company, whatever the NER took it for."""
    covered = {i for s in chosen if s.id_ != "ner" for i in range(s.start, s.end)}
    out = []
    for tok in with_lower(doc, r.company_nouns):
        if tok.lower_ not in r.company_nouns or tok.pos_ != "NOUN":
            continue
        names = [c for c in tok.children if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
        for name in names:
            if name.pos_ != "PROPN" or not name.is_title or name.i in covered:
                continue
            start = name.i
            while start > 0 and name.i - start < 3 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                    and _name_word(doc[start - 1]) and start - 1 not in covered:
                start -= 1
            part = doc[start:name.i + 1]
            if noise(part, r) or in_heading(part) or gazetteer.lookup(part.text) is not None \
                    or _named_already(chosen, start, name.i + 1):
                continue
            out.append(Span(doc, start, name.i + 1, label="Company", kb_id=slugify(part.text), span_id="member"))
    return out


def role_owners(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"Orvane founder Ren Zhaolin", "Kestrel CEO Raj Patel": capitalised words before a role and a person's name are
    the organisation the person works for, even when the small model takes them for a common noun."""
    covered = {i for s in chosen for i in range(s.start, s.end)}
    out = []
    for person in chosen:
        if person.label_ != "Person":
            continue
        k = person.start
        while k > 0 and doc[k - 1].lower_ in r.titles:
            k -= 1
        end = start = k
        while start > 0 and end - start < 3 and doc[start - 1].text[:1].isupper() and start - 1 not in covered \
                and doc[start - 1].pos_ in ("PROPN", "NOUN") and doc[start - 1].dep_ == "compound":
            start -= 1
        if start == end or end == person.start or doc[end].lower_ in r.portfolio_titles \
                or any(t.lower_ in r.titles for t in doc[start:end]):
            continue  # "Finance Minister Ana Ruiz": a portfolio, not an employer; "Deputy Public Prosecutor": a title
        part = doc[start:end]
        if noise(part, r) or in_heading(part) or gazetteer.lookup(part.text) is not None:
            continue
        if part[0].pos_ != "PROPN" and part[0].is_sent_start and not _capitalised_elsewhere(doc, part[0]):
            continue  # "Company founder Ren Zhaolin": a common noun capitalised only because it opens the sentence
        out.append(Span(doc, start, end, label="Organization", kb_id=slugify(part.text), span_id="member"))
    return out


def _capitalised_elsewhere(doc: Doc, tok) -> bool:
    return any(t.text == tok.text and not t.is_sent_start for t in doc if t.i != tok.i)


def _joined_name_end(doc: Doc, i: int, r: Rules, known: set[int], body: bool) -> int:
    """The end of the capitalised words from token i that a long name joins with 'and', '&', commas and hyphens
    ("Economic Affairs and Export Control", "Information, Communications and the Digital Economy"); i itself when
    token i is no capitalised word."""
    def word(k: int) -> bool:
        return k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha and doc[k].lower_ not in r.titles \
            and doc[k].ent_type_ not in ("DATE", "TIME") and doc[k].pos_ not in ("VERB", "AUX") \
            and not (k > i and doc[k].ent_iob_ == "B" and doc[k].ent_type_ == "PERSON")
        # "the Commerce Department on Monday", "Ministry of Trade Says Exports Fell"; "a spokesman for the Department of
        # Commerce Matthew Axelrod": a person's name the NER begins after the body's is no part of it

    j = i
    while word(j):
        while word(j):
            j += 1
            while j + 1 < len(doc) and doc[j].text in ("-", "\u2010") and not doc[j - 1].whitespace_ and word(j + 1):
                j += 2  # "Anti-Corruption"
        k = j + (1 if j < len(doc) and doc[j].lower_ in ("and", "&") else 0)
        if k == j and j < len(doc) and doc[j].text == ",":
            # a comma joins only a list that closes with "and" inside the name: "Information, Communications and ..."
            m = j + 1
            while word(m) and m - j <= 3:
                m += 1
            if m == j + 1 or m >= len(doc) or doc[m].lower_ not in ("and", "&") \
                    or not all(t.lower_ in r.portfolio_words for t in doc[j + 1:m]):
                break  # "the Ministry of Finance, Kestrel and Norvik": the comma ends the name
            k = j + 1
        if k == j:
            break
        if k < len(doc) and doc[k].lower_ == "the" and k > j:
            k += 1
        # a second head ("... and the Institute for Progress") or a known actor ("... and Nvidia") starts another name
        if not word(k) or k in known:
            break
        m = k
        while word(m):
            m += 1
        if not all(t.lower_ in r.portfolio_words for t in doc[k:m]):
            break  # after a conjunction a name goes on only with a portfolio's words ("... and Export Control")
        if any(t.lower_ in r.of_name_heads or t.lower_ in r.corporate_suffixes for t in doc[k:m]) \
                or doc[k].ent_iob_ == "B" and doc[k].ent_type_ in ("PERSON", "GPE", "NORP") \
                or not body and (doc[k].ent_iob_ == "B" or any(t.lower_ in r.organisation_heads for t in doc[k:m])):
            # "... and Hallyu University", "... and Kestrel Labs": the words after the conjunction are a name of their
            # own; a ministry's portfolio may end in such a word ("Communications and Digital Technologies")
            break
        j = k
    return j


def joined_names(doc: Doc, chosen: list[Span], r: Rules, gazetteer: Gazetteer) -> list[Span]:
    """"the Kessler Forum for Digital Trade", "Federal Office for Economic Affairs and Export Control", "Ministry of
    Commerce and Industry": a body's head word, 'of', 'for' or 'on', and capitalised words joined by 'and', '&',
    commas or hyphens are one name, which the small NER often breaks at the conjunction or ends on it."""
    known = {s.start for s in chosen if s.id_ in ("name", "metonym") and s.label_ != "Place"}
    out = []
    for tok in with_lower(doc, r.of_name_heads):
        if tok.lower_ not in r.of_name_heads or not tok.is_title or tok.i + 2 >= len(doc) \
                or doc[tok.i + 1].lower_ not in ("of", "for", "on"):
            continue
        first = tok.i + 2 + (1 if doc[tok.i + 2].lower_ == "the" else 0)
        body = tok.lower_ in r.body_heads or tok.lower_ in ("office", "administration", "service")
        end = _joined_name_end(doc, first, r, known, body)
        if end == first:
            continue
        start = tok.i
        while start > 0 and tok.i - start < 4 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].lower_ not in r.titles and doc[start - 1].lower_ not in r.of_name_heads \
                and not doc[start - 1].is_sent_start:
            start -= 1
        part = doc[start:end]
        if not any(t.lower_ in ("and", "&", ",", "-") for t in part) and any(
                s.start <= start and end <= s.end for s in chosen):
            continue  # no joined words: whatever already covers the name stands
        if noise(part, r) or in_heading(part) or any(gazetteer.lookup(doc[k:end].text) is not None for k in range(start, tok.i + 1)) \
                or _named_already(chosen, start, end):
            continue
        label = "GovernmentBody" if body else "Organization"
        out.append(Span(doc, start, end, label=label, kb_id=slugify(part.text), span_id="pattern"))
    return out
