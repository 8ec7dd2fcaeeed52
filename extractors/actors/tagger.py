"""The actor tagger: a spaCy component that marks candidate actor mentions of one paragraph doc."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import missed
from .rules import DERIVED_KEY, POSSESSIVE, SPAN_KEY, rules
from .spans import (capitalised, country_inside_names, demonym_use, government_of, honorific_end, in_heading,
                          inside_region, leads_with_capital, locative, ministry_end, ministry_key, misread_place,
                          modifier_alias, modifies_non_actor, named_line, noise, owns_corporate, placing_only,
                          product_context, resolve_overlaps, strip_suffix, trim, code_key)
from ..figure_lexicon import lexicon as figure_lexicon
from ..gazetteer import Gazetteer, GazetteerEntry, normalise, slugify
from ..lexicon import speech_cues
from ..metadata import furniture_spans, in_spans
from .words import with_lower

_ADMINISTRATION = frozenset({"administration"})  # "the administration of President X"


def _after_furniture(ent: Span, furniture: tuple[tuple[int, int], ...]) -> Span | None:
    """The part of an entity after the page furniture it starts in: the NER may run a furniture line into the
    name on the next line. (Datelines never reach the parse: `pipeline.paragraphs` leaves them out.)"""
    end = next((e for s, e in furniture if s <= ent.start_char < e), None)
    if end is None:
        return ent
    start = next((t.i for t in ent if t.idx >= end), None)
    return None if start is None else Span(ent.doc, start, ent.end, label=ent.label_)


def _hyphen_joined(doc: Doc, j: int, syllable_stop: frozenset[str] = frozenset()) -> int:
    """The end of a name word that goes on with hyphens and no spaces ("Solberg-Hauge", "Watanabe-Hart"), or with a
    short lower-case syllable ("Park Eun-ji", "Lee Jae-won")."""
    while j + 1 < len(doc) and doc[j].text in ("-", "\u2010") and not doc[j - 1].whitespace_ \
            and not doc[j].whitespace_ and doc[j + 1].is_alpha and (doc[j + 1].is_title or (
                doc[j + 1].is_lower and len(doc[j + 1]) <= 5 and doc[j + 1].lower_ not in syllable_stop)):
        j += 2
    return j


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
        cands += self._ner_spans(doc, furniture)
        cands += self._title_persons(doc)
        cands += self._honorific_persons(doc)
        cands += self._product_codes(doc)
        cands = [s for s in cands if not in_spans(s.start_char, furniture)]
        cands = country_inside_names(cands)
        cands = [c for c in cands if not (c.label_ == "Country" and inside_region(c, self.rules))]
        chosen = resolve_overlaps(cands)
        patterns, derived = self._government_patterns(doc, chosen)
        for find in (missed.editions, missed.outlets, missed.described_companies, missed.possessed_names,
                     missed.speakers, missed.named_products, missed.organisation_runs, missed.registered_names,
                     missed.apposed_companies,
                     missed.role_owners, missed.joined_names):
            patterns += find(doc, chosen, self.rules, self.gazetteer)
        patterns = [s for s in patterns if normalise(s.text) not in self.rules.places  # "New Mexico" is a place
                    and s[0].lower_ not in self.rules.named_projects]  # "Stargate UAE" is a project
        patterns = [a for s in patterns if (a := self._addressed(s)) is not None]
        chosen = resolve_overlaps(chosen + patterns)
        chosen = resolve_overlaps(chosen + [s for s in missed.members(doc, chosen, self.rules, self.gazetteer) if not in_spans(s.start_char, furniture)])
        doc.spans[self.span_key] = sorted(chosen, key=lambda s: s.start)
        doc.spans[DERIVED_KEY] = [s for s in derived if not in_spans(s.start_char, furniture)]
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
                if matcher is self.lower and not leads_with_capital(doc[start:end]):
                    # edited news capitalises names: "nature", "intel", "western Russia" are words
                    continue
                if entry.type == "Person" and end - start == 1 and start > 0 and doc[start - 1].is_title \
                        and doc[start - 1].pos_ == "PROPN" and doc[start - 1].lower_ not in self.rules.titles \
                        and not entry.name.lower().startswith(doc[start - 1].lower_ + " "):
                    continue  # "Mark Ellison" is not the gazetteer's Larry Ellison: another given name before the surname
                if kind == "demonym":
                    kind = demonym_use(doc, start, end)
                    if kind is None:
                        continue
                elif kind == "metonym" and locative(doc, start, end, self.rules):
                    continue
                elif kind == "name" and modifier_alias(doc, start, end, self.rules):
                    continue
                elif kind == "name" and entry.type in ("Company", "Organization") and self._longer_name(doc, end):
                    continue
                if kind in ("name", "demonym") and entry.type == "Country" and placing_only(doc, end, self.rules):
                    kind = "descriptor"  # "a Swiss-based group", "Hong Kong-listed Jinfeng": the country only places it
                entry = self.publisher_of(entry)
                out.append(Span(doc, start, end, label=entry.type, kb_id=entry.key, span_id=kind))
        return out

    def _longer_name(self, doc: Doc, end: int) -> bool:
        """"the Economist Intelligence Unit", "Sony Semiconductor Solutions": a known organisation's name that the
        NER reads on as one organisation with two or more further capitalised words (no corporate suffix, no title)
        begins another organisation's name."""
        if end >= len(doc) or doc[end].ent_iob_ != "I" or doc[end].ent_type_ != "ORG":
            return False
        k = end
        while k < len(doc) and doc[k].ent_iob_ == "I":
            k += 1
        extra = doc[end:k]
        return len(extra) >= 2 and all((t.is_title or t.is_upper) and t.is_alpha for t in extra) \
            and not any(t.lower_ in self.rules.corporate_suffixes or t.lower_ in self.rules.titles for t in extra)

    # -- NER -------------------------------------------------------------------------------------
    def _ner_spans(self, doc: Doc, furniture: tuple[tuple[int, int], ...]) -> list[Span]:
        out = []
        for ent in self._person_repairs(doc):
            ent = _after_furniture(ent, furniture)
            if ent is None or ent.label_ not in self.rules.ner_labels:
                continue
            for part in trim(ent):
                begins = honorific_end(doc, part.start, self.rules)  # "Datuk Seri Anwar Ibrahim": the name is after
                if begins >= part.end:
                    continue
                part = Span(doc, begins, part.end, label=part.label_) if begins > part.start else part
                if not capitalised(part):
                    continue
                norm = normalise(part.text)
                if norm not in self.gazetteer.names and (
                        norm in self.gazetteer.metonyms or norm in self.gazetteer.demonyms):
                    continue  # the gazetteer phase decides whether "Beijing" acts or is a place
                if placing_only(doc, part.end, self.rules):
                    continue  # "a Singapore-based consultancy", "the Austin-based designer": a place, no actor
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
                if etype is None or noise(part, self.rules) or in_heading(part) or modifies_non_actor(part, self.rules):
                    continue
                name = strip_suffix(part.text, self.rules)
                if ent.label_ == "GPE" and normalise(part.text) not in self.rules.countries or self._owns_body(part) \
                        or misread_place(part, ent.label_, self.rules) or normalise(part.text) in self.rules.places:
                    etype = "Place"  # decided article-wide: kept only when the name also acts as an org
                elif ent.label_ == "ORG" and name != part.text:
                    etype = "Company"
                elif ent.label_ == "ORG" and any(t.lower_ in self.rules.body_heads for t in part):
                    etype = "GovernmentBody"  # "the Lithuanian Customs Department", "Ministry of Science"
                elif etype == "Person" and owns_corporate(part, self.rules):
                    etype = "Organization"  # "Kestrel's chief executive": people have no chief executives
                out.append(Span(doc, part.start, part.end, label=etype, kb_id=slugify(name), span_id="ner"))
        return out

    def _owns_body(self, part: Span) -> bool:
        """"Velmora's trade ministry", "Tarvos's Ministry of Trade": a name owning a ministry or a government is a
        country or a region, not an actor beside its body."""
        doc, r = part.doc, self.rules
        if part.end + 1 >= len(doc) or doc[part.end].text not in POSSESSIVE:
            return False
        nxt = doc[part.end + 1]
        if nxt.lower_ in r.ministry_nouns or nxt.lower_ in r.government_nouns or ministry_end(doc, part.end + 1, r) is not None:
            return True
        # "Velmora's trade minister": a portfolio title after a few lower-case words belongs to a government
        j = part.end + 1
        while j < len(doc) and j - part.end <= 3 and doc[j].is_lower and doc[j].lower_ not in r.portfolio_titles:
            j += 1
        return j < len(doc) and doc[j].lower_ in r.portfolio_titles \
            and not any(t.lower_ in r.company_nouns for t in doc[part.end + 1:j])  # "Zentrix's company secretary"

    def _person_repairs(self, doc: Doc) -> list[Span]:
        """The entities, with a person's name the small NER broke or mislabelled made whole: a first name tagged
        as a place before a person's surname ("Magnus" + "Eriksen"), and an unknown place with a role in
        apposition ("Magnus Eriksen, Halvard's founder"); a "person" whose last word is a company's is a company."""
        ents = list(doc.ents)
        out: list[Span] = []
        i = 0
        while i < len(ents):
            ent, nxt = ents[i], ents[i + 1] if i + 1 < len(ents) else None
            unknown = ent.label_ in ("GPE", "ORG", "NORP") and self.gazetteer.lookup(ent.text) is None
            if unknown and len(ent) == 1 and nxt is not None and nxt.label_ == "PERSON" and nxt.start == ent.end \
                    and ent[0].dep_ == "compound" and ent[0].is_title:
                out.append(Span(doc, ent.start, nxt.end, label="PERSON"))
                i += 2
                continue
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_ in self.rules.company_name_words:
                ent = Span(doc, ent.start, ent.end, label="ORG")  # "Halvik Wafer Fabrication", "Mirelle Devices Ltd"
            elif unknown and ent.label_ == "GPE" and normalise(ent.text) not in self.rules.countries and any(
                    c.dep_ == "appos" and (c.lemma_.lower(), "role") in speech_cues() for c in ent.root.children):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            out.append(ent)
            i += 1
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
                if hit is not None and hit.type == "Company":  # not "Information" for the outlet The Information
                    return hit
        return None

    # -- patterns --------------------------------------------------------------------------------
    def _title_persons(self, doc: Doc) -> list[Span]:
        """"Secretary of Commerce Gina Doe", "Fjord Capital analyst Ana Ruiz": the proper names after a title are a
        person (the small NER often tags only the surname, and as an organisation)."""
        out = []
        for tok in with_lower(doc, self.rules.titles):
            if tok.lower_ not in self.rules.titles or not (tok.is_title or tok.is_upper or tok.is_lower):
                continue
            i = tok.i + 1
            if i + 1 < len(doc) and doc[i].lower_ in ("of", "for") and doc[i + 1].is_title:
                i = self._portfolio_end(doc, i + 1)  # the department of the title
            # "Deputy Public Prosecutor X": a capitalised word before a title word is part of the title
            while i < len(doc) and (doc[i].lower_ in self.rules.titles and (doc[i].is_title or doc[i].is_lower)
                                    or doc[i].is_title and i + 1 < len(doc) and doc[i + 1].lower_ in self.rules.titles):
                i += 1
            i = honorific_end(doc, i, self.rules)  # "Investment Minister Datuk Seri Tengku Zafrul Aziz"
            j, words = self._name_end(doc, i)
            if words >= 2 and self.gazetteer.lookup(doc[i:j].text) is None and not (tok.is_lower and self._org_like(doc[i:j])):
                out.append(Span(doc, i, j, label="Person", kb_id=slugify(doc[i:j].text), span_id="title"))
        return out

    def _honorific_persons(self, doc: Doc) -> list[Span]:
        """"said His Excellency Eng. Abdullah Alswaha": the proper names after a form of address are a person, without
        it (the small NER takes the form for a name of its own, or for part of the person's)."""
        out = []
        for tok in with_lower(doc, self.rules.honorific_first):
            i = honorific_end(doc, tok.i, self.rules, opening=True)
            if i == tok.i or (tok.i > 0 and honorific_end(doc, tok.i - 1, self.rules) > tok.i - 1):
                continue  # no form of address starts here, or one began a word earlier
            j, words = self._name_end(doc, i)
            if words >= 2 and self.gazetteer.lookup(doc[i:j].text) is None:
                out.append(Span(doc, i, j, label="Person", kb_id=slugify(doc[i:j].text), span_id="title"))
        return out

    def _addressed(self, span: Span) -> Span | None:
        """A name found by a pattern without the forms of address it begins with ("His Excellency Eng." before a
        speaker's name is no person); None when it holds nothing else."""
        begins = honorific_end(span.doc, span.start, self.rules)
        if begins == span.start:
            return span
        if begins >= span.end:
            return None
        part = span.doc[begins:span.end]
        return Span(span.doc, begins, span.end, label=span.label_, kb_id=slugify(part.text), span_id=span.id_)

    def _name_end(self, doc: Doc, i: int) -> tuple[int, int]:
        """The end of a person's name of up to three capitalised words from token `i`, and how many it has; a particle
        between two of them goes on with the name ("Mohamed bin Zayed Al Nahyan")."""
        r, j, words = self.rules, i, 0
        while j < len(doc) and words < 3:
            t = doc[j]
            if t.lower_ in r.name_particles and words and j + 1 < len(doc) and doc[j + 1].is_title:
                j += 1
            elif t.pos_ == "PROPN" and t.is_title and t.lower_ not in r.titles:
                j, words = _hyphen_joined(doc, j + 1, r.name_syllable_stoplist), words + 1
            else:
                break
        return j, words

    def _portfolio_end(self, doc: Doc, i: int) -> int:
        """"Minister of Digital Affairs Kenji Doe", "Minister for Trade and Industry Lee Chen": the words of a
        portfolio (`portfolio_words`, joined by "and") end where the holder's name begins; an unknown word begins
        one ("Minister of Mines Ana Ruiz", "Vice President of Government Affairs Ned Finkle")."""
        words = self.rules.portfolio_words
        # an unknown first word may lead known ones ("Vice President of Government Affairs Ned Finkle")
        j = i if doc[i].lower_ in words else i + 1
        while j < len(doc) and (doc[j].lower_ in words
                                or doc[j].lower_ in ("and", "&") and j > i and j + 1 < len(doc)
                                and doc[j + 1].lower_ in words):
            j += 1
        return j

    def _org_like(self, part: Span) -> bool:
        """After a lower-case role word ("analyst Kestrel Capital") the words may name a body: the NER says so for the
        whole run, or its last word is an organisation's or a company's."""
        last = part[-1].lower_
        return last in self.rules.organisation_heads or last in self.rules.corporate_suffixes \
            or last in self.rules.outlet_heads or any(e.start == part.start and e.end == part.end
                                                     and e.label_ in ("ORG", "GPE", "FAC", "PRODUCT") for e in part.ents)

    def _product_codes(self, doc: Doc) -> list[Span]:
        """Model codes ("H800", "910B", "R1") next to a product noun or a company."""
        out = []
        for tok in doc:
            if named_line(tok, self.rules, self.gazetteer):
                out.append(Span(doc, tok.i, tok.i + 1, label="Product", kb_id=slugify(tok.text), span_id="product"))
                continue
            if not self.rules.product_code.match(tok.text) or self.gazetteer.lookup(tok.text) is not None \
                    or figure_lexicon().money_code.fullmatch(tok.text):
                continue  # "EUR600" is money, not a model code
            if product_context(tok, self.rules, self.gazetteer):
                # "Veyron X9", "Ascend 910B": a brand word the gazetteer does not know before the code is the model's
                # name with it (later bare mentions of the code are its short form: the key stays the code's)
                prev = doc[tok.i - 1] if tok.i > 0 else None
                brand = prev is not None and prev.pos_ == "PROPN" and prev.is_title and prev.is_alpha \
                    and prev.lower_ not in self.rules.titles and self.gazetteer.lookup(prev.text) is None
                start = tok.i - 1 if brand else tok.i
                out.append(Span(doc, start, tok.i + 1, label="Product", kb_id=code_key(tok.text), span_id="product"))
        return out

    def _ministry(self, doc: Doc, span: Span) -> Span | None:
        """"China's commerce ministry", "the Dutch trade ministry": the body is the words from the function
        to the ministry noun (the country keeps its own mention); the gazetteer's ministry of that
        country and function when it has one, else a body of its own."""
        owned = span.end < len(doc) and doc[span.end].text in POSSESSIVE
        # "Velmora's trade ministry": a place the gazetteer lacks owns a ministry only through its possessive
        if not (span.label_ == "Country" and span.id_ in ("name", "metonym", "demonym", "descriptor")
                or span.label_ == "Place" and owned):
            return None
        i = span.end + (1 if owned else 0)
        j = ministry_end(doc, i, self.rules)
        if j is None and i < len(doc) and doc[i].lower_ in self.rules.country_bodies and span.label_ == "Country" \
                and (doc[i].dep_ not in ("amod", "compound", "nmod") or doc[i].head.lower_ in self.rules.source_documents):
            j = i  # "Peruvian customs", "Peru's military" (not "Russian military equipment"): the country's body
        if j is None:
            return None
        start = span.start if span.id_ in ("demonym", "descriptor") else i  # "the Dutch trade ministry" whole
        key = ministry_key(self.gazetteer, span.kb_id_, doc[i:j + 1])
        return Span(doc, start, j + 1, label="GovernmentBody", kb_id=key, span_id="pattern")

    def _country_office(self, doc: Doc, span: Span) -> Span | None:
        """"Thai authorities", "the Chinese embassy in Berlin", "a U.S. embassy official": a country's office abroad
        or its authorities at large are a body of their own, not the country."""
        if span.label_ != "Country" or span.end >= len(doc):
            return None
        word = doc[span.end].lower_
        office = self.rules.country_offices.get(word)
        if office is None:
            return None
        end = span.end + 1
        if office == "abroad" and end + 1 < len(doc) and doc[end].lower_ in self.rules.country_office_hosts \
                and doc[end + 1].ent_iob_ == "B" and doc[end + 1].ent_type_ == "GPE":
            end += 2  # "in Berlin", "to Malaysia": the host named after it belongs to the name
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
        return Span(doc, span.start, end, label="GovernmentBody", kb_id=f"{span.kb_id_}_{word}", span_id="pattern")

    def _level_governments(self, doc: Doc) -> list[Span]:
        """"the Zhejiang provincial government", "Gujarat's state government", "the German federal government": a
        place, its possessive or its demonym, a level of government and a government noun name that place's own
        government, a body of its own."""
        out = []
        for tok in with_lower(doc, self.rules.government_nouns):
            if tok.lower_ not in self.rules.government_nouns or tok.i < 2 \
                    or doc[tok.i - 1].lower_ not in self.rules.government_levels:
                continue
            end = j = tok.i - 1
            if doc[j - 1].text in POSSESSIVE:
                j -= 1
            start = j
            while start > 0 and j - start < 3 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
                    and doc[start - 1].pos_ in ("PROPN", "ADJ"):
                start -= 1
            if start == j:
                continue  # "the central government": no place is named
            name = doc[start:j].text + " " + doc[end:tok.i + 1].text
            out.append(Span(doc, start, tok.i + 1, label="GovernmentBody", kb_id=slugify(name), span_id="pattern"))
        return out

    def _government_patterns(self, doc: Doc, chosen: list[Span]) -> tuple[list[Span], list[Span]]:
        """Government bodies named through a country or a leader: "the U.S. government", "the Biden
        administration", "Joe Biden's administration", "the administration of President Jane Doe"."""
        patterns, derived = [], []
        gov = self.rules.government_nouns
        for span in chosen:
            ministry = self._ministry(doc, span)
            if ministry is not None:
                patterns.append(ministry)
                continue
            nxt = doc[span.end] if span.end < len(doc) else None
            # "Taiwan's government" names the same body as "the Taiwanese government"
            if nxt is not None and nxt.text in POSSESSIVE and span.label_ in ("Country", "Place") and span.end + 1 < len(doc) \
                    and doc[span.end + 1].lower_ in gov:
                key, name = government_of(self.gazetteer, span.kb_id_, doc[span.start:span.end + 2].text)
                patterns.append(Span(doc, span.start, span.end + 2, label="GovernmentBody", kb_id=key, span_id="pattern"))
                continue
            office = self._country_office(doc, span)
            if office is not None:
                patterns.append(office)
                continue
            if nxt is not None and nxt.text in POSSESSIVE and span.label_ == "Person" and span.end + 1 < len(doc) \
                    and doc[span.end + 1].lower_ == "administration":  # "Joe Biden's administration"
                patterns.append(Span(doc, span.start, span.end + 2, label="GovernmentBody",
                                     kb_id=slugify(f"{span[-1].text} administration"), span_id="pattern"))
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
        patterns += self._level_governments(doc)
        for tok in with_lower(doc, _ADMINISTRATION):
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

