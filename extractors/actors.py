"""Actor mentions: gazetteer matches, NER and name patterns per paragraph, resolved article-wide to stable keys.

The tagger (a spaCy component) marks candidate mentions in each paragraph doc; `index_actors` then
works on the whole article: it merges short and long forms of a name, drops NER noise the article
does not support, adds aliases introduced in parentheses, and resolves pronouns and definite
descriptions ("he", "the company") to the last compatible actor as `coref` mentions.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer, GazetteerEntry, normalise, slugify
from .lexicon import speech_cues
from .metadata import furniture_spans
from .records import Actor

SPAN_KEY = "aig_actors"
DERIVED_KEY = "aig_actors_derived"  # mentions that overlap a primary one ("the administration of President X")
# How a mention was found; the kinds that make an actor worth listing on their own
LISTED_KINDS = {"name", "metonym", "demonym", "ner", "pattern", "product", "alias", "title", "member"}
# On overlap the stronger kind wins, then the longer span: a capital or demonym inside a longer
# name ("Kyiv School of Economics", "German Gref") loses to the name.
_PRIORITY = {"pattern": 4, "name": 3, "title": 2, "product": 2, "member": 2, "ner": 1, "metonym": 1,
             "demonym": 1, "descriptor": 1}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_EDGE_PUNCT = set("\"'\u201c\u201d\u2018\u2019()[]*_#:;,.-\u2013\u2014")


@dataclass(frozen=True)
class Rules:
    ner_labels: dict[str, str | None]
    stop_names: frozenset[str]
    non_actor_heads: frozenset[str]
    non_actor_anywhere: frozenset[str]
    corporate_suffixes: frozenset[str]
    suffix_expansions: dict[str, str]
    titles: frozenset[str]
    product_code: re.Pattern
    product_nouns: frozenset[str]
    locative_preps: frozenset[str]
    government_nouns: frozenset[str]
    publication_heads: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]
    plural_pronouns: dict[str, tuple[str, ...]]
    descriptions: dict[str, tuple[str, ...]]
    description_nouns: frozenset[str]
    locative_participles: frozenset[str]
    countries: frozenset[str]
    source_documents: frozenset[str] = frozenset()
    outlet_heads: frozenset[str] = frozenset()
    ministry_nouns: frozenset[str] = frozenset()
    company_nouns: frozenset[str] = frozenset()
    portfolio_titles: frozenset[str] = frozenset()
    corporate_possessions: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def rules() -> Rules:
    data_dir = files("extractors").joinpath("data")
    d = json.loads(data_dir.joinpath("actors.json").read_text(encoding="utf-8"))
    countries = {
        normalise(ln) for ln in data_dir.joinpath("countries.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    }
    return Rules(
        ner_labels=d["ner_labels"],
        stop_names=frozenset(d["stop_names"]),
        non_actor_heads=frozenset(d["non_actor_heads"]),
        non_actor_anywhere=frozenset(d["non_actor_words_anywhere"]),
        corporate_suffixes=frozenset(d["corporate_suffixes"]),
        suffix_expansions=d["suffix_expansions"],
        titles=frozenset(d["titles"]),
        product_code=re.compile(d["product_codes"]),
        product_nouns=frozenset(d["product_nouns"]),
        locative_preps=frozenset(d["metonym_locative_preps"]),
        government_nouns=frozenset(d["government_nouns"]),
        publication_heads=frozenset(d["publication_heads"]),
        pronouns={k: tuple(v) for k, v in d["pronouns"].items()},
        plural_pronouns={k: tuple(v) for k, v in d["plural_pronouns"].items()},
        descriptions={k: tuple(v) for k, v in d["descriptions"].items()},
        description_nouns=frozenset(d["description_modifiers"]["nouns"]),
        locative_participles=frozenset(d["description_modifiers"]["locative_participles"]),
        countries=frozenset(countries),
        source_documents=frozenset(d["source_documents"]),
        outlet_heads=frozenset(d["outlet_heads"]),
        ministry_nouns=frozenset(d["ministry_nouns"]),
        company_nouns=frozenset(d["company_nouns"]),
        portfolio_titles=frozenset(d["portfolio_titles"]),
        corporate_possessions=frozenset(d["corporate_possessions"]),
    )


def _in(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


class ActorTagger:
    """Marks actor mentions in `doc.spans[SPAN_KEY]`: label = actor type, kb_id = actor key, id = kind.

    Kinds: name (gazetteer name or alias), metonym ("Beijing" acting), demonym ("Chinese chips"),
    descriptor (a demonym that only describes a named actor: "Dutch manufacturer ASML"), ner (an
    entity the gazetteer lacks), title (a name after a title: "Secretary of Commerce Jane Doe"),
    product (a model code near a product noun: "H800 chips"), pattern (a government body: "the U.S.
    government", "the Biden administration", "Biden-era", "China's commerce ministry"; an outlet named
    after a country: "The Korea Herald") and member (a name the NER missed, known from its company
    noun, its country's possessive or a "-based" place: "AI developer Abeja", "Oman's Falaj Robotics").
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer, span_key: str = SPAN_KEY):
        self.gazetteer = gazetteer
        self.span_key = span_key
        self.rules = rules()
        # Short or upper-case forms ("US", "AI", "SMIC") are matched case-sensitively; the rest on
        # lower case, so that "the kremlin" and "The Kremlin" both hit.
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kind: dict[str, tuple[str, str]] = {}
        exact: dict[str, list[str]] = {}
        lower: dict[str, list[str]] = {}
        for surface, key, kind in gazetteer.surface_forms():
            label = f"{key}|{kind}"
            self._kind[label] = (key, kind)
            case_sensitive = len(surface) <= 4 or surface.isupper()
            target = exact if case_sensitive else lower
            target.setdefault(label, []).append(surface)
        for table, matcher in ((exact, self.exact), (lower, self.lower)):
            for label, forms in table.items():
                matcher.add(label, list(nlp.tokenizer.pipe(sorted(set(forms)))))

    def __call__(self, doc: Doc) -> Doc:
        furniture = furniture_spans(doc.text)
        cands: list[Span] = []
        cands += self._gazetteer_spans(doc)
        cands += self._ner_spans(doc)
        cands += self._title_persons(doc)
        cands += self._product_codes(doc)
        cands = [s for s in cands if not _in(s.start_char, furniture)]
        cands = _country_inside_names(cands)
        cands = [c for c in cands if not (c.label_ == "Country" and _inside_region(c, self.rules))]
        chosen = _resolve_overlaps(cands)
        patterns, derived = self._government_patterns(doc, chosen)
        patterns += self._editions(doc, chosen)
        patterns += self._outlets(doc, chosen)
        patterns += self._described_companies(doc, chosen)
        patterns += self._possessed_names(doc, chosen)
        patterns += self._speakers(doc, chosen)
        chosen = _resolve_overlaps(chosen + patterns)
        chosen = _resolve_overlaps(chosen + [s for s in self._members(doc, chosen) if not _in(s.start_char, furniture)])
        doc.spans[self.span_key] = sorted(chosen, key=lambda s: s.start)
        doc.spans[DERIVED_KEY] = [s for s in derived if not _in(s.start_char, furniture)]
        return doc

    # -- gazetteer -------------------------------------------------------------------------------
    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        out = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                key, kind = self._kind[doc.vocab.strings[match_id]]
                entry = self.gazetteer.get(key)
                if entry is None:
                    continue
                if matcher is self.lower and not _leads_with_capital(doc[start:end]):
                    # edited news capitalises names: "nature", "intel", "western Russia" are words
                    continue
                if kind == "demonym":
                    kind = _demonym_use(doc, start, end)
                    if kind is None:
                        continue
                elif kind == "metonym" and _locative(doc, start, end, self.rules):
                    continue
                elif kind == "name" and _modifier_alias(doc, start, end, self.rules):
                    continue
                entry = self.publisher_of(entry)
                out.append(Span(doc, start, end, label=entry.type, kb_id=entry.key, span_id=kind))
        return out

    # -- NER -------------------------------------------------------------------------------------
    def _ner_spans(self, doc: Doc) -> list[Span]:
        out = []
        for ent in doc.ents:
            if ent.label_ not in self.rules.ner_labels:
                continue
            for part in _trim(ent):
                if not _capitalised(part):
                    continue
                norm = normalise(part.text)
                if norm not in self.gazetteer.names and (
                        norm in self.gazetteer.metonyms or norm in self.gazetteer.demonyms):
                    continue  # the gazetteer phase decides whether "Beijing" acts or is a place
                hit = self.lookup(part.text)
                if hit is None:
                    hit = self._company_prefix(part)
                if hit is None and len(part) > 1 and part[-1].lower_ in self.rules.government_nouns:
                    # "U.S. Government" in a headline is the body the pattern finds in "the U.S. government"
                    country = self.gazetteer.lookup(part[:-1].text)
                    if country is not None and country.type == "Country":
                        key, _ = government_of(self.gazetteer, country.key, part.text)
                        out.append(Span(doc, part.start, part.end, label="GovernmentBody", kb_id=key, span_id="pattern"))
                        continue
                if hit is not None:
                    hit = self.publisher_of(hit)
                    out.append(Span(doc, part.start, part.end, label=hit.type, kb_id=hit.key, span_id="name"))
                    continue
                etype = self.rules.ner_labels[ent.label_]
                if etype is None or _noise(part, self.rules) or _in_heading(part) or _modifies_non_actor(part, self.rules):
                    continue
                name = _strip_suffix(part.text, self.rules)
                if ent.label_ == "GPE" and normalise(part.text) not in self.rules.countries:
                    etype = "Place"  # decided article-wide: kept only when the name also acts as an org
                elif ent.label_ == "ORG" and name != part.text:
                    etype = "Company"
                elif etype == "Person" and _owns_corporate(part, self.rules):
                    etype = "Organization"  # "Kestrel's chief executive": people have no chief executives
                out.append(Span(doc, part.start, part.end, label=etype, kb_id=slugify(name), span_id="ner"))
        return out

    def publisher_of(self, entry: GazetteerEntry) -> GazetteerEntry:
        """An index or report speaks for the organisation that publishes it ("X's Global AI Index ranks...")."""
        words = entry.name.lower().split()
        if entry.part_of and words and words[-1] in self.rules.publication_heads:
            parent = self.gazetteer.get(entry.part_of)
            if parent is not None:
                return parent
        return entry

    def lookup(self, surface: str) -> GazetteerEntry | None:
        """The gazetteer entry of a name, also without or with a spelled-out corporate suffix."""
        hit = self.gazetteer.lookup(surface)
        if hit is not None:
            return hit
        words = surface.split()
        if len(words) > 1 and words[-1].lower() in self.rules.corporate_suffixes:
            hit = self.gazetteer.lookup(" ".join(words[:-1]))
            expanded = self.rules.suffix_expansions.get(words[-1].lower())
            if hit is None and expanded:
                hit = self.gazetteer.lookup(" ".join([*words[:-1], expanded]))
        return hit

    def _company_prefix(self, part: Span) -> GazetteerEntry | None:
        """"Shanghai Biren Intelligent Technology Co." is the gazetteer's Biren: a company name with
        place and business words around it and a corporate suffix at the end."""
        if len(part) < 2 or part[-1].lower_ not in self.rules.corporate_suffixes:
            return None
        for size in range(len(part) - 1, 0, -1):
            for start in range(0, len(part) - size):
                hit = self.gazetteer.lookup(part[start:start + size].text)
                if hit is not None and hit.type in ("Company", "Organization"):
                    return hit
        return None

    # -- patterns --------------------------------------------------------------------------------
    def _title_persons(self, doc: Doc) -> list[Span]:
        """"Secretary of Commerce Gina Doe": the proper names after a title are a person."""
        out = []
        for tok in doc:
            if tok.lower_ not in self.rules.titles or not (tok.is_title or tok.is_upper):
                continue
            i = tok.i + 1
            if i + 1 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].is_title:
                i += 2  # the department of the title
            while i < len(doc) and doc[i].lower_ in self.rules.titles and doc[i].is_title:
                i += 1
            j = i
            while j < len(doc) and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].is_title \
                    and doc[j].lower_ not in self.rules.titles:
                j += 1
            if j - i >= 2 and self.gazetteer.lookup(doc[i:j].text) is None:
                out.append(Span(doc, i, j, label="Person", kb_id=slugify(doc[i:j].text), span_id="title"))
        return out

    def _product_codes(self, doc: Doc) -> list[Span]:
        """Model codes ("H800", "910B", "R1") next to a product noun or a company."""
        out = []
        for tok in doc:
            if _named_line(tok, self.rules, self.gazetteer):
                out.append(Span(doc, tok.i, tok.i + 1, label="Product", kb_id=slugify(tok.text), span_id="product"))
                continue
            if not self.rules.product_code.match(tok.text) or self.gazetteer.lookup(tok.text) is not None:
                continue
            if _product_context(tok, self.rules, self.gazetteer):
                out.append(Span(doc, tok.i, tok.i + 1, label="Product", kb_id=code_key(tok.text), span_id="product"))
        return out

    def _members(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """"firms such as Huawei, Cambricon, MetaX and Enflame": proper names coordinated with a
        known company or organisation are of its kind."""
        covered = {i for s in chosen for i in range(s.start, s.end)}
        out = []
        for span in chosen:
            if span.label_ not in ("Company", "Organization") or span.id_ not in ("name", "ner"):
                continue
            for c in span.root.conjuncts:
                if c.i in covered or c.pos_ != "PROPN" or not c.text[:1].isupper():
                    continue
                start = c.i
                while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == c.i \
                        and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in covered:
                    start -= 1
                part = doc[start:c.i + 1]
                if _noise(part, self.rules) or self.gazetteer.lookup(part.text) is not None:
                    continue
                covered.update(range(start, c.i + 1))
                out.append(Span(doc, start, c.i + 1, label=span.label_, kb_id=slugify(part.text), span_id="member"))
        return out

    def _editions(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """"Forbes Russia": an unknown proper name compounded with a country names a national edition."""
        covered = {i for s in chosen for i in range(s.start, s.end)}
        out = []
        for span in chosen:
            if span.label_ != "Country" or span.id_ != "name" or span.start == 0:
                continue
            prev = doc[span.start - 1]
            if prev.i in covered or prev.pos_ != "PROPN" or not prev.is_title or prev.dep_ != "compound" \
                    or prev.head.i not in range(span.start, span.end) or prev.lower_ in self.rules.titles \
                    or (prev.i > 0 and doc[prev.i - 1].pos_ == "PROPN"):
                continue
            part = doc[prev.i:span.end]
            if normalise(part.text) in self.rules.stop_names:
                continue  # "Latin America" is a region, not an edition of anything
            out.append(Span(doc, prev.i, span.end, label="Organization", kb_id=slugify(part.text), span_id="pattern"))
        return out

    def _described_companies(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """"AI developer Abeja", "chipmaker Orvane Tech": capitalised words the NER missed right after a
        company noun name a company."""
        # an NER guess ("Orvane Tech" as a person, "Abeja" as a place) yields to the company noun before it
        covered = {i for s in chosen if s.id_ != "ner" for i in range(s.start, s.end)}
        out = []
        for tok in doc:
            # "the Kyiv-based Economic Security Council of Ukraine": a place's "-based" also announces a name
            located = tok.lower_ in self.rules.locative_participles and tok.i > 0 and doc[tok.i - 1].text == "-"
            if not (located or tok.lower_ in self.rules.company_nouns and tok.pos_ == "NOUN") or tok.i + 1 >= len(doc):
                continue
            j = tok.i + 1
            while j < len(doc) and j - tok.i <= (6 if located else 3) and j not in covered and (
                    doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].ent_type_ not in ("DATE", "TIME", "NORP")
                    and doc[j].lower_ not in self.rules.titles
                    or located and j > tok.i + 1 and doc[j].lower_ in ("of", "for", "and") and j + 1 < len(doc)
                    and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text[:1].isupper()):
                j += 1
            if j == tok.i + 1 or (j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()):
                continue  # nothing, or a longer name this rule does not delimit
            part = doc[tok.i + 1:j]
            if _noise(part, self.rules) or _in_heading(part) or self.gazetteer.lookup(part.text) is not None:
                continue
            out.append(Span(doc, part.start, part.end, label="Organization" if located else "Company",
                            kb_id=slugify(part.text), span_id="member"))
        return out

    def _speakers(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """'"...," said Ana Ruiz of Kestrel Capital': a two- or three-word proper name the NER missed, as the
        subject of a reporting verb, is a person."""
        covered = {i for s in chosen for i in range(s.start, s.end)}
        out = []
        for tok in doc:
            if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or not tok.is_title or tok.i in covered \
                    or (tok.head.lemma_.lower(), "verb") not in speech_cues():
                continue
            start = tok.i
            while start > 0 and tok.i - start < 2 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].is_title and doc[start - 1].i not in covered \
                    and doc[start - 1].lower_ not in self.rules.titles:
                start -= 1
            part = doc[start:tok.i + 1]
            if len(part) < 2 or _noise(part, self.rules) or _in_heading(part) or self.gazetteer.lookup(part.text):
                continue
            out.append(Span(doc, start, tok.i + 1, label="Person", kb_id=slugify(part.text), span_id="member"))
        return out

    def _possessed_names(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """"Abu Dhabi's Kestrel AI", "Korea's Rebellions": capitalised words the NER missed after a
        country's possessive name an organisation of that country."""
        covered = {i for s in chosen for i in range(s.start, s.end)}
        out = []
        for span in chosen:
            if span.label_ != "Country" or span.end + 1 >= len(doc) or doc[span.end].text not in _POSSESSIVE:
                continue
            i = j = span.end + 1
            while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                    and j not in covered and doc[j].lower_ not in self.rules.titles:
                j += 1
            if j == i or (j < len(doc) and (j in covered or doc[j].pos_ == "PROPN")):
                continue
            part = doc[i:j]
            last = part[-1].lower_
            if _noise(part, self.rules) or _in_heading(part) or last in self.rules.ministry_nouns \
                    or last in self.rules.government_nouns \
                    or self.gazetteer.lookup(part.text) is not None:
                continue
            out.append(Span(doc, i, j, label="Organization", kb_id=slugify(part.text), span_id="member"))
        return out

    def _outlets(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """"The Korea Herald", "Japan Times": a country or capital followed by capitalised words ending
        in a newspaper word names an outlet, not the country."""
        out = []
        for span in chosen:
            if span.label_ != "Country" or span.id_ not in ("name", "metonym", "ner"):
                continue
            j = span.end
            while j < len(doc) and j - span.end < 3 and doc[j].is_title and doc[j].pos_ in ("PROPN", "NOUN"):
                j += 1
            if j > span.end and doc[j - 1].lower_ in self.rules.outlet_heads:
                part = doc[span.start:j]
                out.append(Span(doc, span.start, j, label="Organization", kb_id=slugify(part.text), span_id="pattern"))
        return out

    def _ministry(self, doc: Doc, span: Span) -> Span | None:
        """"China's commerce ministry", "the Dutch trade ministry": the body is the words from the function
        to the ministry noun (the country keeps its own mention); the gazetteer's ministry of that
        country and function when it has one, else a body of its own."""
        if span.label_ != "Country" or span.id_ not in ("name", "metonym", "demonym", "descriptor"):
            return None
        i = span.end + (1 if span.end < len(doc) and doc[span.end].text in _POSSESSIVE else 0)
        j = _ministry_end(doc, i, self.rules)
        if j is None:
            return None
        start = span.start if span.id_ in ("demonym", "descriptor") else i  # "the Dutch trade ministry" whole
        key = ministry_key(self.gazetteer, span.kb_id_, doc[i:j + 1])
        return Span(doc, start, j + 1, label="GovernmentBody", kb_id=key, span_id="pattern")

    def _government_patterns(self, doc: Doc, chosen: list[Span]) -> tuple[list[Span], list[Span]]:
        """Government bodies named through a country or a leader: "the U.S. government", "the Biden
        administration", "the administration of President Jane Doe"."""
        patterns, derived = [], []
        gov = self.rules.government_nouns
        for span in chosen:
            ministry = self._ministry(doc, span)
            if ministry is not None:
                patterns.append(ministry)
                continue
            nxt = doc[span.end] if span.end < len(doc) else None
            # "Taiwan's government" names the same body as "the Taiwanese government"
            if nxt is not None and nxt.text in _POSSESSIVE and span.label_ == "Country" and span.end + 1 < len(doc) \
                    and doc[span.end + 1].lower_ in gov:
                key, name = government_of(self.gazetteer, span.kb_id_, doc[span.start:span.end + 2].text)
                patterns.append(Span(doc, span.start, span.end + 2, label="GovernmentBody", kb_id=key, span_id="pattern"))
                continue
            era = nxt is not None and nxt.text == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "era"
            if nxt is None or (nxt.lower_ not in gov and not era):
                continue
            if span.label_ == "Country" and not era:
                key, name = government_of(self.gazetteer, span.kb_id_, doc[span.start:span.end + 1].text)
                patterns.append(Span(doc, span.start, span.end + 1, label="GovernmentBody", kb_id=key, span_id="pattern"))
            elif span.label_ == "Person" and (nxt.lower_ == "administration" or era):
                # "the Biden administration", "Biden-era rules": the leader's government
                end = span.end + 1 if nxt.lower_ == "administration" else span.end + 2
                surname = span[-1].text
                patterns.append(Span(doc, span.start, end, label="GovernmentBody",
                                     kb_id=slugify(f"{surname} administration"), span_id="pattern"))
        for tok in doc:
            if tok.lower_ != "administration" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "of":
                continue
            person = next((s for s in chosen if s.label_ == "Person" and tok.i + 1 < s.start <= tok.i + 6), None)
            if person is None:
                continue
            between = doc[tok.i + 2:person.start]
            if all(t.lower_ in self.rules.titles or t.pos_ == "PROPN" or t.lower_ == "the" for t in between):
                start = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ == "the" else tok.i
                derived.append(Span(doc, start, person.end, label="GovernmentBody",
                                    kb_id=slugify(f"{person[-1].text} administration"), span_id="pattern"))
        return patterns, derived


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


def _demonym_use(doc: Doc, start: int, end: int) -> str | None:
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


def _modifier_alias(doc: Doc, start: int, end: int, r: Rules) -> bool:
    """A lower-case alias used as a modifier ("Russian military equipment") describes a thing, it does
    not name the body; unless the thing is a document the body speaks through ("Russian customs data")."""
    last = doc[end - 1]
    return last.is_lower and last.dep_ in ("amod", "compound", "nmod") and last.head.i >= end \
        and last.head.pos_ == "NOUN" and last.head.lower_ not in r.source_documents


def _locative(doc: Doc, start: int, end: int, r: Rules) -> bool:
    """A capital used as a place ("labs in Beijing", "Hangzhou-based"), not as the acting state."""
    tok = doc[end - 1]
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in r.locative_participles:
        return True
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i and tok.head.i + 1 < len(doc) \
            and doc[tok.head.i + 1].pos_ == "PROPN" and doc[tok.head.i + 1].is_title:
        return True  # "the Brussels think tank Bruegel": the capital places a named actor
    return tok.dep_ == "pobj" and tok.head.lower_ in r.locative_preps


def _capitalised(span: Span) -> bool:
    """Some word of the span other than a leading 'the' starts with a capital letter."""
    return any(t.text[:1].isupper() for t in span if t.lower_ != "the")


def _ministry_end(doc: Doc, i: int, r: Rules) -> int | None:
    """Index of the ministry noun closing "trade ministry", "economy ministry" from token i, else None."""
    j = i
    while j < len(doc) and j - i < 2 and doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") \
            and doc[j].lower_ not in r.ministry_nouns:
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


def _inside_region(span: Span, r: Rules) -> bool:
    """"Latin America", "North America": a country word that is the end of a region's name."""
    doc = span.doc
    return any(normalise(doc[max(0, span.start - k):span.end].text) in r.stop_names for k in (1, 2))


def _country_inside_names(cands: list[Span]) -> list[Span]:
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


def _owns_corporate(part: Span, r: Rules) -> bool:
    """The name is the possessor of something only an organisation has."""
    doc = part.doc
    if part.end + 1 >= len(doc) or doc[part.end].text not in _POSSESSIVE:
        return False
    return any(t.lower_ in r.corporate_possessions for t in doc[part.end + 1:min(part.end + 4, len(doc))])


def _leads_with_capital(span: Span) -> bool:
    """A name's first word (after 'the') has a capital: "Scale AI" is a name, "scale AI" a verb phrase."""
    first = next((t for t in span if t.lower_ != "the"), None)
    return first is not None and any(c.isupper() for c in first.text)


def _trim(ent: Span) -> list[Span]:
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
        if doc[i].text in _POSSESSIVE or doc[i].tag_ == "POS" or "/" in doc[i].text:
            pieces.append((s, i))
            s = i + 1
    pieces.append((s, end))
    out = []
    for s, e in pieces:
        while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].text in _EDGE_PUNCT):
            s += 1
        while e > s and (doc[e - 1].text in _POSSESSIVE or doc[e - 1].tag_ == "POS" or doc[e - 1].text in _EDGE_PUNCT):
            e -= 1
        if s < e and any(t.is_alpha for t in doc[s:e]):
            out.append(Span(doc, s, e, label=ent.label_))
    return out


def _modifies_non_actor(part: Span, r: Rules) -> bool:
    """"the Nasdaq Composite index", "the Chips Act": a name that only modifies a non-actor noun."""
    doc = part.doc
    nxt = doc[part.end] if part.end < len(doc) else None
    return nxt is not None and nxt.lower_ in r.non_actor_heads and part[-1].head.i >= nxt.i


def _strip_suffix(name: str, r: Rules) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in r.corporate_suffixes:
        return " ".join(words[:-1]).rstrip(",")
    return name


def _noise(part: Span, r: Rules) -> bool:
    """NER spans that are not actors: generic terms, laws, events, documents, model classes."""
    text = normalise(part.text)
    if text in r.stop_names or not any(t.is_title or t.is_upper or any(c.isupper() for c in t.text) for t in part):
        return True
    last = part[-1].lower_
    if any(t.lower_ in r.non_actor_anywhere for t in part) or last in r.non_actor_heads or (len(part) > 1 and any(re.fullmatch(r"(?:19|20)\d{2}", t.text) for t in part)):
        return True
    if part.label_ == "PERSON" and len(part) == 1 and part[0].lower_ in r.titles:
        return True
    # "Trade and Industry Minister Jane Doe": a portfolio before a title, or the title itself, is no organisation
    nxt = part.doc[part.end] if part.end < len(part.doc) else None
    if part.label_ == "ORG" and (last in r.portfolio_titles or (nxt is not None and nxt.lower_ in r.portfolio_titles)):
        return True
    return False


def _in_heading(part: Span) -> bool:
    """Title-case lines are headlines: NER on them is unreliable, so only gazetteer names count there."""
    doc = part.doc
    text = doc.text
    ls = text.rfind("\n", 0, part.start_char) + 1
    le = text.find("\n", part.end_char)
    line = text[ls: le if le >= 0 else len(text)].strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", line)]
    if len(words) < 3 or len(line) > 120 or line.endswith((".", "?", "!", ":", "\u201d", '"')):
        return False
    small = {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from", "is", "as", "vs"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.8 and line.startswith(line.lstrip("#* "))


def _named_line(tok: Token, r: Rules, gaz: Gazetteer) -> bool:
    """"Nvidia Hopper GPUs", "Huawei Ascend chips": a proper name between a company and a product noun."""
    doc = tok.doc
    if tok.pos_ != "PROPN" or not tok.is_title or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    if doc[tok.i + 1].lower_ not in r.product_nouns or gaz.lookup(tok.text) is not None:
        return False
    prev = gaz.lookup(doc[tok.i - 1].text)
    return prev is not None and prev.type == "Company"


def _product_context(tok: Token, r: Rules, gaz: Gazetteer) -> bool:
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
    if prev is not None and prev.text in _POSSESSIVE and tok.i > 1:
        prev = tok.doc[tok.i - 2]
    if prev is not None and prev.text == "made" and tok.i > 2:  # "the SMIC-made 910B"
        prev = tok.doc[tok.i - 3]
    if prev is not None:
        hit = gaz.lookup(prev.text)
        if hit is not None and hit.type in ("Company", "Organization"):
            return True
    return False


def _resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, preferring stronger evidence, then longer spans."""
    order = sorted(spans, key=lambda s: (-_PRIORITY.get(s.id_, 0), -(s.end - s.start), s.start))
    taken: set[int] = set()
    out = []
    for s in order:
        if any(i in taken for i in range(s.start, s.end)):
            continue
        taken.update(range(s.start, s.end))
        out.append(s)
    return out


@dataclass
class _Rec:
    type: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    name: str | None = None


@dataclass
class ActorIndex:
    """Article-level view of the actors: every mention's key and kind, and the actor records.

    `key_at(para, token_i)` and `kind_at` answer for any token inside a mention, including
    pronouns and definite descriptions resolved by coreference (kind 'coref').
    """

    gazetteer: Gazetteer
    mentions: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (para, token) -> (key, kind)
    # (para, token) -> the coordinated actors a plural pronoun ("they", "their") stands for
    groups: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    _actors: dict[str, _Rec] = field(default_factory=dict)
    _by_para: dict[int, set[int]] | None = field(default=None, repr=False)

    def add(self, para: int, span: Span, offset: int, key: str | None = None, tokens: range | None = None,
            type_: str | None = None, kind: str | None = None) -> None:
        key = key or span.kb_id_
        kind = kind or span.id_
        self._by_para = None
        for i in tokens if tokens is not None else range(span.start, span.end):
            self.mentions.setdefault((para, i), (key, kind))
        rec = self._actors.setdefault(key, _Rec(type=type_ or span.label_))
        if kind != "coref":
            rec.surfaces.append(span.text)
        rec.kinds.add(kind)
        rec.mentions.append((offset + span.start_char, offset + span.end_char))

    def key_at(self, para: int, token_i: int) -> str | None:
        hit = self.mentions.get((para, token_i))
        return hit[0] if hit else None

    def group_at(self, para: int, token_i: int) -> tuple[str, ...]:
        """The actors a plural pronoun at this token was resolved to (empty when none)."""
        return self.groups.get((para, token_i), ())

    def kind_at(self, para: int, token_i: int) -> str | None:
        hit = self.mentions.get((para, token_i))
        return hit[1] if hit else None

    def tokens_of(self, para: int) -> set[int]:
        """Token indexes of paragraph `para` that belong to a named mention (not coreference)."""
        if self._by_para is None:
            self._by_para = {}
            for (p, i), (_, kind) in self.mentions.items():
                if kind != "coref":
                    self._by_para.setdefault(p, set()).add(i)
        return self._by_para.get(para, set())

    def type_of(self, key: str) -> str | None:
        entry = self.gazetteer.get(key)
        if entry is not None:
            return entry.type
        rec = self._actors.get(key)
        return rec.type if rec else None

    def actors(self) -> tuple[Actor, ...]:
        out = []
        for key, rec in self._actors.items():
            if not rec.kinds & LISTED_KINDS:
                continue  # known only through pronouns or as a descriptor of another actor
            entry = self.gazetteer.get(key)
            if entry is not None:
                name = entry.name
            elif rec.name:
                name = rec.name
            elif rec.type == "Product":  # a model code: its singular form ("H800", not "H800s")
                name = min(rec.surfaces, key=lambda s: (len(s), s))
            else:
                name = _best_surface(rec.surfaces)
            surfaces = set(rec.surfaces)
            if (entry.type if entry else rec.type) == "Product":
                surfaces |= {_unbranded(s, self.gazetteer) for s in (*rec.surfaces, name)} - {None}
            aliases = sorted(s for s in surfaces if s != name)
            out.append(Actor(
                key=key,
                name=name,
                type=entry.type if entry else rec.type,
                aliases=tuple(aliases),
                wikidata=entry.wikidata if entry else None,
                in_gazetteer=entry is not None,
                mentions=tuple(sorted(rec.mentions)),
            ))
        out.sort(key=lambda a: a.mentions[0] if a.mentions else (0, 0))
        return tuple(out)


def _unbranded(surface: str, gazetteer: Gazetteer) -> str | None:
    """"Nvidia A100" -> "A100": a product name without its maker, as texts often write it."""
    words = surface.split()
    for n in (2, 1):
        if len(words) > n:
            hit = gazetteer.lookup(" ".join(words[:n]))
            if hit is not None and hit.type == "Company":
                return " ".join(words[n:])
    return None


def _best_surface(surfaces: list[str]) -> str:
    """The most complete form the text uses for an actor outside the gazetteer."""
    cleaned = [re.sub(r"^the\s+", "", s, flags=re.I) for s in surfaces] or [""]
    return max(cleaned, key=lambda s: (len(s.split()), len(s), s))


# -- article-wide resolution ---------------------------------------------------------------------

def index_actors(paras: list[tuple[Doc, int]], gazetteer: Gazetteer) -> ActorIndex:
    """Resolve the paragraphs' mentions article-wide and index them (with coreference)."""
    r = rules()
    found: list[tuple[int, Span]] = [(p, s) for p, (doc, _) in enumerate(paras) for s in doc.spans.get(SPAN_KEY, [])]
    remap = _article_remap(found, paras, gazetteer)
    index = ActorIndex(gazetteer)
    country_end = {(p, s.end): s for p, s in found if s.label_ == "Country" and s.end < len(s.doc)
                   and s.doc[s.end].text in _POSSESSIVE}
    types: dict[str, Counter] = {}
    for p, span in found:
        key = remap.get((p, span.start), span.kb_id_)
        if key is None:
            continue
        types.setdefault(key, Counter())[span.label_] += 1
    for p, span in found:
        key = remap.get((p, span.start), span.kb_id_)
        if key is None:
            continue
        t = types[key].most_common(1)[0][0]
        if t == "Place":
            t = "Organization"
        index.add(p, span, paras[p][1], key=key, type_=t)
        owner = country_end.get((p, span.start - 1))
        if owner is not None and span.id_ in ("ner", "member") and t in ("Organization", "Company"):
            # "Iran's Electronics Industries": the text's form with the country is a name of it too
            index._actors[key].surfaces.append(paras[p][0][owner.start:span.end].text)
    for p, (doc, offset) in enumerate(paras):
        for span in doc.spans.get(DERIVED_KEY, []):
            of = next((t.i for t in span if t.lower_ == "of"), span.end)
            index.add(p, span, offset, tokens=range(span.start, of + 1), type_=span.label_)
    _products_everywhere(paras, index)
    _appositive_aliases(paras, index)
    _coreference(paras, index, gazetteer, r)
    return index


def _article_remap(found: list[tuple[int, Span]], paras, gazetteer: Gazetteer) -> dict[tuple[int, int], str | None]:
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


def _products_everywhere(paras, index: ActorIndex) -> None:
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


def _appositive_aliases(paras, index: ActorIndex) -> None:
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
                _forget(index, old[0], p, tok)
            index.mentions.pop((p, tok.i), None)
            index.add(p, doc[tok.i:tok.i + 1], offset, key=key, kind="alias")


def _forget(index: ActorIndex, key: str, p: int, tok: Token) -> None:
    """Remove one token's mention from an actor record (used when an alias re-keys it)."""
    rec = index._actors.get(key)
    if rec is None:
        return
    if tok.text in rec.surfaces:
        rec.surfaces.remove(tok.text)
    if not rec.surfaces:
        del index._actors[key]


def _coreference(paras, index: ActorIndex, gazetteer: Gazetteer, r: Rules) -> None:
    """Pronouns and definite descriptions take the most recent actor of a compatible type; plural
    pronouns the most recent coordinated group of actors (see `_PluralAntecedent`)."""
    recent: list[tuple[str, str]] = []  # (key, type), most recent last
    plural = _PluralAntecedent(index)

    def last(types: tuple[str, ...], country: str | None = None, noun: str | None = None) -> str | None:
        if noun is not None:
            # "the bank" is the last actor called a bank ("China Construction Bank"), if one is recent
            # (an unknown name's NER type may be off: "X Savings Bank" tagged an organisation is still a bank)
            for key, t in reversed(recent[-8:]):
                if key and t not in ("Country", "Person", "Product") and (country is None or _country_of(gazetteer, key) == country) \
                        and noun in _name_words(index, key):
                    return key
        for key, t in reversed(recent):
            if t in types and (country is None or _country_of(gazetteer, key) == country):
                return key or None  # "" is an unresolved description: nearer than any named actor
        return None

    def unknown(types: tuple[str, ...]) -> None:
        """"The Chinese firm said it ...", with no Chinese firm named: 'it' is that firm, not an earlier one."""
        for t in types:
            recent.append(("", t))
        del recent[:-50]

    def seen(key: str) -> None:
        t = index.type_of(key) or ""
        if recent and recent[-1][0] == key:
            return
        recent.append((key, t))
        del recent[:-50]

    for p, (doc, offset) in enumerate(paras):
        skip_until = -1
        for tok in doc:
            plural.step(p, tok)
            if tok.i < skip_until:
                continue
            key = index.key_at(p, tok.i)
            if key is not None:
                # an adjective ("Chinese equipment") describes a thing; it introduces no one to refer back to
                # nor does a name modifying a thing ("buys Nvidia GPUs", "made by U.S. firms"): the actors
                # the sentence is about stay salient
                if index.kind_at(p, tok.i) not in ("coref", "demonym", "descriptor") and not (
                        tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i
                        and tok.head.pos_ in ("NOUN", "PROPN") and index.key_at(p, tok.head.i) is None
                        and (tok.head.pos_ == "NOUN" or tok.head.lower_ in r.product_nouns)):
                    seen(key)
                continue
            low = tok.lower_
            if low in r.plural_pronouns and tok.pos_ == "PRON":
                group = plural.ahead(p, tok) or plural.resolve(r.plural_pronouns[low])
                if group:
                    index.groups[(p, tok.i)] = group
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            # "his government" -> the government of the last person's country
            if low in ("his", "her", "its") and nxt is not None and nxt.lower_ == "government":
                owner = last(("Person",)) if low != "its" else last(("Country",))
                country = owner if owner and index.type_of(owner) == "Country" else None
                if owner and country is None and gazetteer.get(owner) is not None:
                    country = gazetteer.get(owner).country
                if country:
                    entry = gazetteer.get(country)
                    label = f"{entry.demonyms[0]} government" if entry and entry.demonyms else \
                        f"{entry.name if entry else country} government"
                    gkey, gname = government_of(gazetteer, country, label)
                    span = doc[tok.i:tok.i + 2]
                    index.add(p, span, offset, key=gkey, type_="GovernmentBody", kind="pattern")
                    rec = index._actors[gkey]
                    rec.name = rec.name or gname
                    seen(gkey)
                    skip_until = tok.i + 2
                    continue
            if low in r.pronouns and tok.pos_ == "PRON" or (low in ("his", "her", "its") and tok.tag_ == "PRP$"):
                if low in ("it",) and _expletive(tok):
                    continue
                target = last(r.pronouns.get(low, ()))
                if target:
                    index.add(p, doc[tok.i:tok.i + 1], offset, key=target, kind="coref")
                    seen(target)  # "the company says it ...": a resolved mention is the latest one
                continue
            if low == "the" and nxt is not None and nxt.is_lower and index.key_at(p, nxt.i) is None:
                # "the trade ministry" with no ministry named before: the body of the country last named
                j = _ministry_end(doc, nxt.i, r)
                country = last(("Country",)) if j is not None else None
                if j is not None and country:
                    words = doc[nxt.i:j + 1]
                    key = ministry_key(gazetteer, country, words)
                    if key not in {k for k, _ in recent}:
                        index.add(p, words, offset, key=key, type_="GovernmentBody", kind="pattern")
                        seen(key)
                        skip_until = j + 1
                        continue
            if low == "the" and nxt is not None and nxt.lower_ not in r.descriptions:
                found = _modified_description(doc, tok, r, gazetteer)
                if found is not None and any(index.kind_at(p, i) not in (None, "demonym", "descriptor", "ner")
                                             for i in range(tok.i, found[0].i + 1)):
                    found = None  # "the Russian government" is a name (or a pattern) already
                if found is not None:
                    noun, country = found
                    target = last(r.descriptions[noun.lower_], country, noun=noun.lower_)
                    if target:
                        for i in range(tok.i, noun.i + 1):
                            old = index.mentions.pop((p, i), None)
                            if old is not None and old[0] != target:
                                _forget(index, old[0], p, doc[i])
                        index.add(p, doc[tok.i:noun.i + 1], offset, key=target, kind="coref")
                        seen(target)
                        skip_until = noun.i + 1
                    else:
                        unknown(r.descriptions[noun.lower_])
                    continue
            if low == "the" and nxt is not None and nxt.lower_ in r.descriptions and nxt.pos_ == "NOUN":
                after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
                if after is not None and after.lower_ == "of":
                    continue  # "the president of France" introduces someone, it does not refer back
                target = last(r.descriptions[nxt.lower_], noun=nxt.lower_)
                if target:
                    index.add(p, doc[tok.i:nxt.i + 1], offset, key=target, kind="coref")
                    seen(target)
                    skip_until = nxt.i + 1
                else:
                    unknown(r.descriptions[nxt.lower_])


class _PluralAntecedent:
    """The last coordinated group of named actors ("Russia and Belarus", "Nvidia, AMD and Intel"), which
    a plural pronoun in the same or the next sentence stands for. A plural noun subject in between
    ("the companies", "officials") could be the antecedent instead, so the pronoun stays unresolved:
    better no actor than a wrong one."""

    def __init__(self, index: ActorIndex):
        self.index = index
        self.group: tuple[str, ...] = ()
        self.sentences_since = 0

    def step(self, p: int, tok: Token) -> None:
        if tok.is_sent_start and self.group:
            self.sentences_since += 1
        key = self.index.key_at(p, tok.i)
        if (key is not None and self.index.kind_at(p, tok.i) != "coref" and tok.dep_ != "conj"
                and tok.dep_ not in ("amod", "compound", "poss", "nmod", "npadvmod")):  # "Chinese and Russian firms"
            members = self._members(p, tok)
            if members:
                self.group, self.sentences_since = members, 0
            return
        if key is None and tok.tag_ in ("NNS", "NNPS") and tok.dep_ in ("nsubj", "nsubjpass"):
            self.group = ()  # "the companies said they ...": a plural noun is the nearer antecedent

    def _members(self, p: int, tok: Token) -> tuple[str, ...]:
        key = self.index.key_at(p, tok.i)
        members = [key] + [k for c in tok.conjuncts for k in [self.index.key_at(p, c.i)] if k]
        if key is None or len(set(members)) < 2 or len(members) != 1 + len(tok.conjuncts):
            return ()
        return tuple(dict.fromkeys(members))

    def ahead(self, p: int, tok: Token) -> tuple[str, ...]:
        """"In their joint statement, Modi and Biden welcomed ...": a pronoun in an opening phrase
        stands for the coordinated subject of its own sentence."""
        root = tok.sent.root
        if tok.i > root.i:
            return ()
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i:
                return self._members(p, c)
        return ()

    def resolve(self, types: tuple[str, ...]) -> tuple[str, ...]:
        if not self.group or self.sentences_since > 1:
            return ()
        if not all(self.index.type_of(k) in types for k in self.group):
            return ()
        return self.group


def _name_words(index: ActorIndex, key: str) -> set[str]:
    """Lower-case words of an actor's name and surfaces so far."""
    rec = index._actors.get(key)
    if rec is None:
        return set()
    entry = index.gazetteer.get(key)
    names = [*rec.surfaces, *([entry.name, *entry.aliases] if entry is not None else [])]
    return {w.lower() for n in names for w in n.split()}


def _country_of(gazetteer: Gazetteer, key: str) -> str | None:
    entry = gazetteer.get(key)
    return entry.country if entry is not None else None


def _modified_description(doc: Doc, det: Token, r: Rules, gazetteer: Gazetteer) -> tuple[Token, str | None] | None:
    """"the American firm", "the Shenzhen-based startup": a definite description whose head noun is a
    description word behind at most three modifiers (adjectives, demonyms, "X-based"). Returns the noun
    and the country a demonym among the modifiers requires of the referent (None when there is none).
    Not when a name follows ("the Dutch firm ASML" introduces ASML) or an "of" complement does."""
    noun = det.head
    if det.dep_ != "det" or noun.lower_ not in r.descriptions or noun.pos_ != "NOUN" or not 1 < noun.i - det.i <= 5:
        return None
    country = None
    for t in doc[det.i + 1:noun.i]:
        if t.pos_ not in ("ADJ", "PROPN", "VERB", "PUNCT", "NOUN", "ADV") or t.dep_ not in (
                "amod", "compound", "npadvmod", "punct", "advmod", "nmod"):
            return None
        if t.pos_ == "NOUN" and t.lower_ not in r.description_nouns:
            return None  # "the chip firm", "the AI startup": a kind of company, not a way to refer back
        if t.pos_ == "PROPN" and not (t.dep_ == "npadvmod" and t.head.lower_ in r.locative_participles):
            country = gazetteer.demonyms.get(normalise(t.text))  # "American" tagged as a proper noun
            if country is None:
                return None
            continue
        if t.pos_ == "ADJ":
            country = gazetteer.demonyms.get(normalise(t.text)) or country
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if after is not None and (after.lower_ == "of" or after.pos_ == "PROPN"):
        return None
    return noun, country


def _expletive(tok: Token) -> bool:
    """"It remains unclear whether...", "it is likely that...": 'it' refers to nothing."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    return head.lemma_ in ("be", "remain", "seem", "appear", "become", "take", "make") and any(
        c.dep_ in ("ccomp", "xcomp", "acomp", "csubj") for c in head.children)
