"""Counts and ordinals read from the parse: numbers that quantify a noun, partitives, ranges, ordinal ranks."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .figure_lexicon import DIGITS, GROUPED, ONE, YEARISH, lexicon, number
from .figure_patterns import Hit, overlaps
from .lexicon import speech_cues
from .speech_shapes import cited_or_speaking

# "the two governments" points back to parties already named; "all five projects" counts them
_ANAPHORIC = {"the", "these", "those", "both", "every", "each"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"}


def count_hits(sent: Span, cleaned: str, kept: list[int], taken: list[tuple[int, int]],
               actor_tokens: set[int]) -> list[Hit]:
    """Numbers that quantify a noun ("two chip firms", "512-chip cluster", "1.5 million boards"), partitives
    ("six of the members", "all four"), and ordinals that place a thing in a sequence ("the third fab")."""
    d = lexicon().data
    stop = set(d["count_noun_stoplist"])
    words = d["number_words"]
    scales = d["scales"]
    doc = sent.doc
    pos_of = {orig: i for i, orig in enumerate(kept)}
    out = []
    ordinal_words = d["ordinal_words"]
    for tok in sent:
        low, text = tok.lower_, tok.text
        # what is no number is passed over first: the tests after it read the parse and the entities
        ordinal = low in ordinal_words or tok.ent_type_ == "ORDINAL"
        digit_first = text[:1].isdigit()  # DIGITS and a glued scale begin with one
        is_digit = digit_first and DIGITS.fullmatch(text) is not None
        glued = _glued_scale(text) if digit_first else None
        article = low in ONE and _article_scale(tok, sent)  # "over a thousand companies": "a" is the number one
        if not (ordinal or is_digit or glued or article or (low in words and low not in ("one", "zero", "hundred"))):
            continue
        if tok.i in actor_tokens or tok.ent_type_ == "TIME" or _tagged_amount(tok) or _in_date(tok) \
                or _document_number(tok, d["document_words"]):
            continue
        start = tok.idx - sent.start_char
        if start not in pos_of:
            continue  # inside a link target or URL
        cstart = pos_of[start]
        if ordinal:
            hit = _ordinal_rank(tok, cstart)
            if hit is not None and not overlaps((hit.start, hit.end), taken):
                out.append(hit)
            continue
        if is_digit and (YEARISH.match(tok.text) or _in_name(tok, sent)):
            continue
        prev = doc[tok.i - 1] if tok.i > sent.start else None
        if prev is not None and prev.lower_ in d["group_name_words"]:
            continue
        # "the two governments" refers back to actors already named, it counts nothing new ("the six systems" does)
        det = prev  # "the other two companies": the determiner before a filler word
        if prev is not None and prev.lower_ in d["anaphoric_fillers"] and prev.i > sent.start:
            det = doc[prev.i - 1]
        anaphoric = det is not None and det.lower_ in _ANAPHORIC and not is_digit and not _partitive_whole(tok)
        if _compound_start(tok) is not None:
            continue  # the units word of "twenty-five", read with its tens word
        end_tok = _compound_end(tok) or tok
        value = 1.0 if article else glued or number(doc[tok.i:end_tok.i + 1].text) or 0.0
        nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
        # a scale word ("1.5 million boards"), or a scale letter glued to the number ("1.2m GPUs")
        if nxt is not None and nxt.lower_ in scales and nxt.is_alpha and (len(nxt.text) > 1 or not tok.whitespace_):
            value *= scales[nxt.lower_]  # "1.5 million boards", "2 lakh jobs"
            end_tok = nxt
        cend = cstart + (end_tok.idx + len(end_tok.text) - tok.idx)
        if overlaps((cstart, cend), taken):
            continue
        noun = _counted_noun(end_tok)
        if noun is None and end_tok.head.text == "+":  # "50+ companies"
            noun = _counted_noun(end_tok.head)
        while noun is not None and noun.dep_ == "compound" and noun.head.i > noun.i:
            noun = noun.head  # the head of the counted phrase: "the two AI safety bodies" counts bodies
        if anaphoric and (noun is None or _party_noun(noun)):
            continue
        if noun is None:  # a number with thousands separators is an amount, its noun left implicit ("400,000 went to")
            if not (_partitive(end_tok) or (prev is not None and prev.lower_ == "all") or _rate(end_tok, sent)
                    or (is_digit and end_tok is tok and GROUPED.fullmatch(text))) \
                    or _apposed_to_parties(end_tok, actor_tokens):
                continue
        elif noun.lower_ in stop or noun.lemma_.lower() in stop or _only_points_back(noun, actor_tokens) \
                or _anonymous_people(noun):
            continue
        out.append(Hit(value, "count", cstart, cend, cleaned[cstart:cend]))
    return out + _range_partners(sent, pos_of, cleaned, out, taken)


_RANGE_SEPARATORS = {"-", "\u2013", "to", "and", "or"}


def _range_partners(sent: Span, pos_of: dict[int, int], cleaned: str, counts: list[Hit],
                    taken: list[tuple[int, int]]) -> list[Hit]:
    """"300 to 400 engineers", "3-4 new fabs": the other bound of a counted range is a count too."""
    words = lexicon().data["number_words"]
    at = {h.start: h for h in counts}
    out = []
    for tok in sent:
        if tok.i + 2 >= sent.end or tok.doc[tok.i + 1].lower_ not in _RANGE_SEPARATORS:
            continue
        other = tok.doc[tok.i + 2]
        pair = []
        for t in (tok, other):
            start = pos_of.get(t.idx - sent.start_char)
            if start is None or not (DIGITS.fullmatch(t.text) or t.lower_ in words) or YEARISH.match(t.text):
                break
            pair.append((t, start))
        if len(pair) != 2:
            continue
        (a, sa), (b, sb) = pair
        if getattr(_compound_end(a), "i", None) == b.i:
            continue  # "twenty-five" is one number, not a range
        for (t, st), (_, so) in (((a, sa), (b, sb)), ((b, sb), (a, sa))):
            if so in at and st not in at and not overlaps((st, st + len(t.text)), taken):
                h = Hit(number(t.text) or 0.0, "count", st, st + len(t.text), t.text)
                out.append(h)
                at[st] = h
    return out


def _in_name(tok: Token, sent: Span) -> bool:
    """A number that is part of a name or code: glued to letters ("5G", "4K"), or after a capitalised word
    inside the sentence and before a lower-case one ("the Industry 4.0 push", "Model 3 units")."""
    doc = tok.doc
    d = lexicon().data
    nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if nxt is not None and not tok.whitespace_ and nxt.is_alpha and nxt.lower_ not in d["scales"]:
        return True
    prev = doc[tok.i - 1] if tok.i > sent.start else None
    if prev is None or prev.i == sent.start or not prev.is_alpha or not prev.text[:1].isupper() \
            or prev.ent_type_ in ("DATE", "TIME") or prev.lower_ in _DETERMINERS:
        return False
    return nxt is None or not nxt.text[:1].isupper()


def _document_number(tok: Token, documents: list[str]) -> bool:
    """"Announcement No. 61", "Executive Order No. 14117": the number that names a document counts nothing."""
    doc, j = tok.doc, tok.i - 1
    if j >= 0 and doc[j].text == ".":
        j -= 1  # "No", ".", "61": the small tokenizer may split the abbreviation
    return j >= 1 and doc[j].lower_ in ("no.", "no", "#", "number") and doc[j - 1].lower_ in documents


def _tagged_amount(tok: Token) -> bool:
    """Inside a money or percent entity that names its unit; one of bare numbers ("from 50,000 to 80,000
    GPUs") is a tagging slip and may count a noun."""
    if tok.ent_type_ not in ("MONEY", "PERCENT"):
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    bare = lexicon().data["scales"].keys() | _RANGE_SEPARATORS
    return ent is None or any(not t.like_num and t.lower_ not in bare for t in ent)


def _in_date(tok: Token) -> bool:
    """Inside a date expression; a DATE entity of bare numbers ("the 40+ firms") is a tagging slip."""
    if tok.ent_type_ != "DATE":
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is not None and not YEARISH.match(tok.text) \
            and any(YEARISH.match(t.text) for t in tok.doc[ent.start:tok.i]) and not any(t.is_alpha for t in ent):
        return False  # "in 2023 1,200 firms joined": a count after a leading year is no part of the date
    return ent is None or any(t.is_alpha for t in ent) or any(YEARISH.match(t.text) for t in ent)


def _partitive(tok: Token) -> bool:
    """"six of the bloc's members", "three of them", "five out of six": a number counting part of a group."""
    doc = tok.doc
    of = _partitive_of(doc, tok.i + 1)
    if of is None or of + 1 >= len(doc) or tok.dep_ == "nummod":
        return False
    after = doc[of + 1]
    return after.lower_ in lexicon().data["partitive_followers"] or after.like_num or after.tag_ == "PRP$" \
        or any(c.dep_ == "case" for c in after.children)


def _partitive_of(doc, i: int) -> int | None:
    """The index of the "of" of a partitive starting at token i ("of", "out of"), else None."""
    words = lexicon().data["partitive_prepositions"]
    for phrase in words:
        parts = phrase.split()
        if i + len(parts) <= len(doc) and [t.lower_ for t in doc[i:i + len(parts)]] == parts:
            return i + len(parts) - 1
    return None


def _partitive_whole(tok: Token) -> bool:
    """"four of the seven suppliers", "five out of the six": the group a partitive takes its part from is
    counted, though it has "the"."""
    doc = tok.doc
    if tok.i < 3 or doc[tok.i - 2].lower_ != "of":
        return False
    j = tok.i - 3 if doc[tok.i - 3].lower_ != "out" else tok.i - 4
    return j >= 0 and (bool(DIGITS.fullmatch(doc[j].text)) or number(doc[j].text) is not None)


def _compound_end(tok: Token) -> Token | None:
    """The units word of a number written in two words ("twenty-five", "thirty two"), from its tens word."""
    doc = tok.doc
    words = lexicon().data["number_words"]
    if words.get(tok.lower_) not in range(20, 100, 10) or tok.i + 1 >= len(doc):
        return None
    nxt = doc[tok.i + 1]
    if nxt.text in ("-", "\u2010", "\u2011") and not tok.whitespace_ and not nxt.whitespace_ and tok.i + 2 < len(doc):
        nxt = doc[tok.i + 2]
    elif not tok.whitespace_:
        return None
    return nxt if words.get(nxt.lower_) in range(1, 10) else None


def _compound_start(tok: Token) -> Token | None:
    """The tens word of a two-word number, from its units word."""
    doc = tok.doc
    for back in (1, 2):
        end = _compound_end(doc[tok.i - back]) if tok.i - back >= 0 else None
        if end is not None and end.i == tok.i:
            return doc[tok.i - back]
    return None


def _anonymous_people(noun: Token) -> bool:
    """"two people familiar with the matter", "according to three people": unnamed sources, not a figure."""
    d = lexicon().data
    if noun.lemma_.lower() not in d["anonymous_people"] and noun.lower_ not in d["anonymous_people"]:
        return False
    if any(c.lemma_.lower() in d["anonymous_markers"] for c in noun.children):
        return True
    return cited_or_speaking(noun)


def _party_noun(noun: Token) -> bool:
    """A noun naming parties ("companies", "governments"), as opposed to things ("systems", "fabs")."""
    parties = lexicon().data["party_nouns"]
    return noun.lower_ in parties or noun.lemma_.lower() in parties


def _apposed_to_parties(tok: Token, actor_tokens: set[int]) -> bool:
    """"Peru and Chile, two of the bloc's largest suppliers": a partitive in apposition to named parties only
    points back to them (the parser may hang it on a noun before the names: the name before the comma counts)."""
    if tok.dep_ != "appos":
        return False
    head = tok.head
    before_comma = tok.i >= 2 and tok.doc[tok.i - 1].text == "," and tok.i - 2 in actor_tokens
    return before_comma or head.i in actor_tokens or any(c.i in actor_tokens for c in head.conjuncts)


def _rate(tok: Token, sent: Span) -> bool:
    """"caps exports at 50,000 per country": a bare number given per unit counts the thing it caps."""
    nxt = tok.i + 1
    return nxt < sent.end and tok.doc[nxt].lower_ == "per" and bool(DIGITS.fullmatch(tok.text))


def _only_points_back(noun: Token, actor_tokens: set[int]) -> bool:
    """A count that only points back to named parties is no figure: "X, Y and Z, three tool makers",
    "four employees said", "the two countries and two governments"."""
    if noun.dep_ == "appos" and (noun.head.i in actor_tokens or any(c.i in actor_tokens for c in noun.head.conjuncts)):
        return True
    if noun.dep_ == "nsubj" and (noun.head.lemma_.lower(), "verb") in speech_cues():
        return True  # "four employees said"; "1,500 firms were added" is passive, no one speaks
    for other in noun.conjuncts:
        if any(c.dep_ == "nummod" and c.i > 0 and c.doc[c.i - 1].lower_ in _ANAPHORIC for c in other.children):
            return True
    return False


def _ordinal_rank(tok: Token, cstart: int) -> Hit | None:
    """"the third phase", "Arizona's second fab", "the sixth-generation market": an ordinal placing a thing
    in a sequence is a rank; "first" (initial) and fixed phrases ("second half", "third countries") are not."""
    d = lexicon().data
    doc = tok.doc
    low = tok.lower_
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", low)
    value = float(m.group(1)) if m else d["ordinal_words"].get(low)
    if not value:
        return None
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].pos_ in ("NOUN", "PROPN"):
        noun = doc[tok.i + 2]
    elif tok.dep_ in ("amod", "nummod", "compound") and tok.head.pos_ in ("NOUN", "PROPN") \
            and 0 < tok.head.i - tok.i and _premodifiers_only(tok, tok.head):
        noun = tok.head
    elif _ordinal_of_group(tok) and value > 1:
        return Hit(float(value), "rank", cstart, cstart + len(tok.text), tok.text)
    else:
        return None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is None or not (prev.lower_ in _DETERMINERS or prev.tag_ == "POS"):
        return None
    if noun.lower_ in d["ordinal_rank_stoplist"] or noun.lemma_.lower() in d["ordinal_rank_stoplist"] \
            or noun.ent_type_ in ("DATE", "TIME") or noun.tag_ == "VBG":
        return None  # "with the second following in 2027" is a pronoun-like ordinal, not a ranked thing
    if value == 1 and not any(c.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                              for c in noun.children):
        return None  # "first" is "initial" unless it ranks: "the first country to ban ..."
    return Hit(float(value), "rank", cstart, cstart + len(tok.text), tok.text)


_PREMODIFIERS = {"amod", "compound", "nmod", "nummod", "punct", "hyph", "advmod", "npadvmod"}


def _premodifiers_only(tok: Token, noun: Token) -> bool:
    """Only the noun's own modifiers stand between an ordinal and its noun, within a noun phrase's reach: "the fourth
    AI-chip smuggling prosecution" places the prosecution."""
    between = tok.doc[tok.i + 1:noun.i]
    return len(between) <= 5 and all(t.dep_ in _PREMODIFIERS and tok.i < t.head.i <= noun.i for t in between)


def _ordinal_of_group(tok: Token) -> bool:
    """"the third of its kind", "the second of three plants": "the" and an ordinal standing alone before "of" place
    a thing in a group ("the third of March" is a date, "a third of" a share)."""
    doc = tok.doc
    if tok.i == 0 or doc[tok.i - 1].lower_ != "the" or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of":
        return False
    after = doc[tok.i + 2]
    return after.ent_type_ not in ("DATE", "TIME") and after.text not in lexicon().data["month_names"]


def _article_scale(tok: Token, sent: Span) -> bool:
    """"a thousand companies", "a million users": an article before a round scale word stands for one of it; not in
    "a billion-dollar plan" (an amount as a modifier) nor in "a hundred and fifty" (a compound number)."""
    nxt = tok.i + 1
    return tok.lower_ in ONE and nxt < sent.end and tok.doc[nxt].lower_ in lexicon().data["round_scales"] \
        and not (nxt + 1 < sent.end and tok.doc[nxt + 1].lower_ in ("-", "and"))  # round_scales are all in scales


def _glued_scale(text: str) -> float | None:
    """A number with its scale in one token: "2bn", "500k", "1.5m"."""
    if not text[:1].isdigit():
        return None  # the common case, without the pattern
    m = re.fullmatch(rf"({DIGITS.pattern})([a-z]+)", text, re.I)
    scale = lexicon().data["scales"].get(m.group(2).lower()) if m else None
    return number(m.group(1)) * scale if scale else None


def _counted_noun(tok: Token) -> Token | None:
    doc = tok.doc
    # "500k wafers" parsed as two nouns: a number just before a plural noun counts it
    if tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "NNS" and tok.dep_ not in ("nummod", "compound", "amod"):
        return doc[tok.i + 1]
    # "four-point plan", "512-chip cluster": number, hyphen, noun
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].pos_ in ("NOUN", "PROPN"):
        return doc[tok.i + 2]
    if tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
        return tok.head
    # "more than 1,000 parts" sometimes parses the number as a modifier of a compound
    if tok.dep_ in ("nummod", "compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i \
            and tok.head.i - tok.i <= 4:
        return tok.head
    return None
