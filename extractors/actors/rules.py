"""Actor rules: the word lists and patterns of data/actors.json, countries.txt and places.txt, and how mention kinds rank."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from ..gazetteer import normalise
from .salience import SalienceRules

SPAN_KEY = "aig_actors"
DERIVED_KEY = "aig_actors_derived"  # mentions that overlap a primary one ("the administration of President X")
# How a mention was found; the kinds that make an actor worth listing on their own
LISTED_KINDS = {"name", "metonym", "demonym", "ner", "pattern", "product", "alias", "title", "member"}
# On overlap the stronger kind wins, then the longer span: a capital or demonym inside a longer
# name ("Kyiv School of Economics", "German Gref") loses to the name.
PRIORITY = {"pattern": 4, "name": 3, "title": 2, "product": 2, "member": 2, "ner": 1, "metonym": 1,
             "demonym": 1, "descriptor": 1}
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
EDGE_PUNCT = set("\"'\u201c\u201d\u2018\u2019()[]*_#:;,.-\u2013\u2014")


@dataclass(frozen=True)
class Rules:
    ner_labels: dict[str, str | None]
    stop_names: frozenset[str]
    non_actor_heads: frozenset[str]
    non_actor_anywhere: frozenset[str]
    corporate_suffixes: frozenset[str]
    short_name_stopwords: frozenset[str]
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
    places: frozenset[str]  # regions and towns below a country (data/places.txt): a name equal to one is a place
    source_documents: frozenset[str] = frozenset()
    outlet_heads: frozenset[str] = frozenset()
    ministry_nouns: frozenset[str] = frozenset()
    company_nouns: frozenset[str] = frozenset()
    portfolio_titles: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()  # forms of address (`squeezed`), all of them
    honorific_openers: frozenset[str] = frozenset()  # those that alone show a person's name follows
    honorific_first: frozenset[str] = frozenset()  # the first words of those, lower case
    abbreviated_honorifics: tuple[str, ...] = ()  # "Eng.", "H.E.": one token each, so no sentence ends inside
    name_particles: frozenset[str] = frozenset()
    portfolio_words: frozenset[str] = frozenset()
    portfolio_joiners: frozenset[str] = frozenset()
    corporate_possessions: frozenset[str] = frozenset()
    not_speaker_entities: frozenset[str] = frozenset()
    body_heads: frozenset[str] = frozenset()
    named_product_nouns: frozenset[str] = frozenset()
    salience: SalienceRules | None = None
    coreference: dict | None = None  # rule name -> switched on (salience, clause_subjects, measure_issuers, any_modifiers)
    measure_anaphora: dict | None = None  # determiners, nouns, issuing_verbs, issuer_types, sentences
    plural_descriptions: dict | None = None  # numbers, any_types, sentences
    locatives: dict | None = None  # words, types, sentences
    organisation_heads: frozenset[str] = frozenset()
    organisation_participles: frozenset[str] = frozenset()  # "Chinese-owned X", "X is based in": X is no place
    company_name_words: frozenset[str] = frozenset()  # a name ending in one is no person's: heads, suffixes, company words
    of_name_heads: frozenset[str] = frozenset()  # heads that open a long "X of/for Y and Z" name
    non_actor_first_words: frozenset[str] = frozenset()  # "Project Lumen", "Operation Sandstorm"
    named_projects: frozenset[str] = frozenset()  # "Stargate", "Stargate UAE"
    amount_words: frozenset[str] = frozenset()  # "EUR 505 million" is money, not a name
    government_levels: frozenset[str] = frozenset()  # "the Zhejiang provincial government"
    placed_nouns: frozenset[str] = frozenset()
    country_bodies: frozenset[str] = frozenset()
    person_place_preps: frozenset[str] = frozenset()
    spatial_preps: frozenset[str] = frozenset()  # "near Oruro": only a place follows these
    name_syllable_stoplist: frozenset[str] = frozenset()
    institution_heads: dict | None = None  # head word -> the words before it that make the name an organisation
    country_offices: dict = field(default_factory=dict)  # word after a country -> "abroad" (may name where) or "home"
    country_office_hosts: frozenset[str] = frozenset()  # words before the host an office abroad names
    institution_acts: dict | None = None  # appositives and event verbs that tell an acting institution from an event


def squeezed(text: str) -> str:
    """A form of address as `spans.honorific_end` compares it: lower case, without spaces, full stops or apostrophes."""
    return re.sub(r"[\s.'\u2019]", "", text.lower())


@lru_cache(maxsize=1)
def rules() -> Rules:
    data_dir = files("extractors").joinpath("data")
    d = json.loads(data_dir.joinpath("actors.json").read_text(encoding="utf-8"))
    countries, places = ({
        normalise(ln) for ln in data_dir.joinpath(name).read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    } for name in ("countries.txt", "places.txt"))
    return Rules(
        ner_labels=d["ner_labels"],
        stop_names=frozenset(d["stop_names"]),
        non_actor_heads=frozenset(d["non_actor_heads"]),
        non_actor_anywhere=frozenset(d["non_actor_words_anywhere"]),
        corporate_suffixes=frozenset(d["corporate_suffixes"]),
        short_name_stopwords=frozenset(d["short_name_stopwords"]),
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
        places=frozenset(places),
        source_documents=frozenset(d["source_documents"]),
        outlet_heads=frozenset(d["outlet_heads"]),
        ministry_nouns=frozenset(d["ministry_nouns"]),
        company_nouns=frozenset(d["company_nouns"]),
        portfolio_titles=frozenset(d["portfolio_titles"]),
        honorifics=frozenset(squeezed(h) for h in d["honorifics"] + d["inner_honorifics"]),
        honorific_openers=frozenset(squeezed(h) for h in d["honorifics"]),
        honorific_first=frozenset(squeezed(h.split()[0]) for h in d["honorifics"]),
        abbreviated_honorifics=tuple(sorted(h.title() for h in d["honorifics"] + d["inner_honorifics"]
                                            if h.endswith(".") and " " not in h)),
        name_particles=frozenset(d["name_particles"]),
        portfolio_words=frozenset(d["portfolio_words"]),
        portfolio_joiners=frozenset(d["portfolio_joiners"]),
        corporate_possessions=frozenset(d["corporate_possessions"]),
        not_speaker_entities=frozenset(d["not_speaker_entities"]),
        body_heads=frozenset(d["body_heads"]),
        named_product_nouns=frozenset(d["named_product_nouns"]),
        salience=SalienceRules.from_data(d["salience"]),
        coreference=dict(d["coreference"]),
        measure_anaphora=d["measure_anaphora"],
        plural_descriptions=d["plural_descriptions"],
        locatives=d["locatives"],
        organisation_heads=frozenset(d["organisation_heads"]),
        organisation_participles=frozenset(d["organisation_participles"]),
        company_name_words=frozenset(d["organisation_heads"]) | frozenset(d["corporate_suffixes"])
        | frozenset(d["company_words"]),
        of_name_heads=frozenset(d["of_name_heads"]),
        non_actor_first_words=frozenset(d["non_actor_first_words"]),
        named_projects=frozenset(d["named_projects"]),
        amount_words=frozenset(d["amount_words"]),
        government_levels=frozenset(d["government_levels"]),
        placed_nouns=frozenset(d["placed_nouns"]),
        country_bodies=frozenset(d["country_bodies"]),
        person_place_preps=frozenset(d["person_place_preps"]),
        spatial_preps=frozenset(d["spatial_preps"]),
        name_syllable_stoplist=frozenset(d["name_syllable_stoplist"]),
        institution_heads={k: frozenset(v) for k, v in d["institution_heads"].items()},
        institution_acts={k: frozenset(v) for k, v in d["institution_acts"].items()},
        country_offices=dict(d["country_offices"]),
        country_office_hosts=frozenset(d["country_office_hosts"]),
    )

