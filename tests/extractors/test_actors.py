"""Actors: gazetteer names, demonyms, metonyms, NER outside the gazetteer, noise, aliases and coreference."""
from __future__ import annotations

import pytest

from extractors.actors import SPAN_KEY, index_actors
from extractors.pipeline import paragraphs
from extractors.records import FOREIGN


def actors(extractor, text: str) -> dict[str, tuple[str, ...]]:
    """key -> every name the article uses for it (name first)."""
    return {a.key: (a.name, *a.aliases) for a in extractor.extract(text).actors}


def index(extractor, text: str):
    paras = paragraphs(text)
    docs = [(doc, off) for doc, (_, off) in zip(extractor.nlp.pipe([p for p, _ in paras]), paras)]
    return index_actors(docs, extractor.gazetteer), docs


def key_of(extractor, text: str, word: str, nth: int = 0) -> str | None:
    """The actor key of the nth occurrence of `word` in a one-paragraph text."""
    idx, docs = index(extractor, text)
    doc = docs[0][0]
    hits = [t.i for t in doc if t.text == word]
    return idx.key_at(0, hits[nth])


@pytest.mark.parametrize(
    ("text", "key", "surface"),
    [
        ("Chinese chips now power most of the servers.", "china", "Chinese"),
        ("The deal gives Indian engineers access to American software.", "united_states", "American"),
    ],
    ids=["chips", "software"],
)
def test_demonym_modifying_a_thing_names_the_country(extractor, text, key, surface):
    found = actors(extractor, text)
    assert key in found and surface in found[key]


def test_demonym_describing_a_named_company_does_not_list_the_country(extractor):
    found = actors(extractor, "Investors watched Dutch manufacturer ASML closely.")
    assert "asml" in found
    assert "netherlands" not in found


def test_demonym_inside_a_persons_name_is_the_person(extractor):
    found = actors(extractor, "Bank chief German Gref warned about the shortage of processors.")
    assert "germany" not in found
    assert any("German Gref" in names for names in found.values())


@pytest.mark.parametrize(
    ("text", "word", "key"),
    [
        ("Beijing retaliated with export curbs on gallium.", "Beijing", "china"),
        ("Washington tightened the rules again in October.", "Washington", "united_states"),
        ("Moscow cannot match that level of investment.", "Moscow", "russia"),
        ("The Hague joined the restrictions on lithography tools.", "Hague", "netherlands"),
    ],
    ids=["beijing", "washington", "moscow", "the-hague"],
)
def test_capital_acting_is_the_state(extractor, text, word, key):
    assert key_of(extractor, text, word) == key
    assert word in " ".join(actors(extractor, text)[key])


def test_capital_as_a_place_is_no_mention_of_the_state(extractor):
    assert key_of(extractor, "The start-up runs two labs in Beijing.", "Beijing") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [("The Kremlin rejected the proposal.", "kremlin"), ("The White House announced new curbs.", "white_house")],
    ids=["kremlin", "white-house"],
)
def test_seats_of_power_are_government_bodies(extractor, text, key):
    found = {a.key: a for a in extractor.extract(text).actors}
    assert found[key].type == "GovernmentBody"


def test_unknown_names_are_kept_with_stable_slug_keys(extractor):
    text = "Zorvath Dynamics signed a supply deal with Quillane Systems Inc. on Monday."
    first = actors(extractor, text)
    again = actors(extractor, text)
    assert first == again
    assert any(k.startswith("zorvath") for k in first) and any(k.startswith("quillane") for k in first)


@pytest.mark.parametrize(
    "text",
    [
        "AI will reshape how LLMs are trained.",
        "The CHIPS and Science Act funds new fabs.",
        "Delegates met at the Global Compute Summit 2024 in Lisbon.",
        "Large Language Models need huge clusters.",
    ],
    ids=["ai-and-llms", "law", "event", "model-class"],
)
def test_generic_terms_laws_events_and_model_classes_are_not_actors(extractor, text):
    names = {n.lower() for names in actors(extractor, text).values() for n in names}
    assert not names & {"ai", "llms", "chips and science act", "global compute summit 2024", "large language models",
                        "lisbon"}


def test_byline_and_photo_credit_are_not_actors(extractor):
    text = "By Marta Okonkwo\n\nPhoto by Lee Varga / Stockpics\n\nRwanda opened a data centre."
    names = {n for names in actors(extractor, text).values() for n in names}
    assert "Marta Okonkwo" not in names and "Lee Varga" not in names
    assert "Rwanda" in names


def test_short_form_of_a_person_joins_the_full_name(extractor):
    found = actors(extractor, "Analyst Tomasz Wierzba expects delays. Wierzba said prices will rise.")
    person = [names for names in found.values() if "Tomasz Wierzba" in names]
    assert person and "Wierzba" in person[0]
    assert sum("Wierzba" in names for names in found.values()) == 1


def test_parenthetical_abbreviation_is_an_alias(extractor):
    found = actors(extractor, "Shares of Halvorsen Robotics (HLVR) rose. HLVR later cut its forecast.")
    org = [names for names in found.values() if any("Halvorsen" in n for n in names)]
    assert org and "HLVR" in org[0]
    assert sum("HLVR" in names for names in found.values()) == 1


def test_every_surface_form_is_an_alias(extractor):
    found = actors(extractor, "The U.S. restricted sales. America also pressed allies, and Washington said more curbs may come.")
    assert {"U.S.", "America", "Washington"} <= set(found["united_states"])


def test_government_named_through_its_country_or_leader(extractor):
    found = {a.name: a for a in extractor.extract(
        "The U.S. government told the firm to stop. Later the administration of President Joe Biden added rules."
    ).actors}
    assert found["U.S. government"].type == "GovernmentBody"
    assert any(a.type == "GovernmentBody" and "Biden" in a.name for a in found.values())


def test_product_codes_near_product_nouns_are_products(extractor):
    found = {a.name: a.type for a in extractor.extract("The lab bought 4,000 Z900 accelerators.").actors}
    assert found.get("Z900") == "Product"


@pytest.mark.parametrize(
    ("text", "word", "nth", "key"),
    [
        ("Vladimir Putin spoke on Tuesday. He said the plan was ready.", "He", 0, "vladimir_putin"),
        ("Nvidia fell 5%. The company makes the most popular accelerators.", "company", 0, "nvidia"),
        ("Russia is isolated. The country cannot buy advanced chips.", "country", 0, "russia"),
        ("Nvidia reported results, and its revenue from China fell.", "its", 0, "nvidia"),
    ],
    ids=["he", "the-company", "the-country", "its"],
)
def test_pronouns_and_descriptions_resolve_to_the_last_compatible_actor(extractor, text, word, nth, key):
    idx, docs = index(extractor, text)
    doc = docs[0][0]
    tok = [t for t in doc if t.text == word][nth]
    assert idx.key_at(0, tok.i) == key
    assert idx.kind_at(0, tok.i) == "coref"


def test_coreference_adds_no_pronoun_aliases(extractor):
    found = actors(extractor, "Vladimir Putin spoke on Tuesday. He said the country would act.")
    assert not {"He", "he", "the country"} & set(found["vladimir_putin"])


def test_expletive_it_refers_to_nothing(extractor):
    idx, docs = index(extractor, "Huawei declined to comment. It remains unclear whether the rule applies.")
    it = next(t for t in docs[0][0] if t.text == "It")
    assert idx.key_at(0, it.i) is None


def test_his_government_is_the_government_of_the_leaders_country(extractor):
    found = {a.name for a in extractor.extract("Vladimir Putin has directed his government to act.").actors}
    assert any("government" in n.lower() for n in found)


def test_tagger_marks_mentions_in_a_span_group(extractor):
    doc = extractor.nlp("Japan and the Netherlands joined the controls.")
    assert {s.kb_id_ for s in doc.spans[SPAN_KEY]} >= {"japan", "netherlands"}


def test_description_prefers_the_recent_actor_it_names(extractor):
    text = ("Norland Savings Bank said it will invest in the Orvik Fund. "
            "The money will be paid within ten years of the fund's launch, said the bank.")
    assert key_of(extractor, text, "bank", nth=0) == key_of(extractor, text, "Bank")


def test_possessive_government_is_the_government_body(extractor):
    found = actors(extractor, "Japan's government said it would widen the curbs.")
    govs = [names for names in found.values() if any("government" in n for n in names)]
    assert govs and any("Japan's government" in names for names in govs)


def test_body_alias_modifying_its_own_data_names_the_body(extractor):
    found = actors(extractor, "Imports tripled, according to Russian customs data.")
    assert "federal_customs_service" in found


def test_name_stops_at_its_parenthesis(extractor):
    found = actors(extractor, "The Ministry of Ports and Canals (Mopac) approved the plan.")
    assert not any("(" in n for names in found.values() for n in names)


@pytest.mark.parametrize(
    "text",
    [
        "Media reports say the plant will close.",
        "The foundry makes GaAs and SiGe parts for RF front ends.",
        "Demand for HBM and NAND keeps rising.",
        "The site has 100MW of power for AI work.",
    ],
    ids=["media", "materials-abbreviations", "memory-classes", "power-capacity-is-no-product"],
)
def test_technical_terms_and_generic_words_are_not_actors(extractor, text):
    assert actors(extractor, text) == {}


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("China's commerce ministry said the curbs take effect in May.", "commerce ministry"),
        ("The Dutch trade ministry revoked two licences.", "Dutch trade ministry"),
    ],
    ids=["possessive-country", "demonym"],
)
def test_a_countrys_ministry_in_lower_case_is_a_government_body(extractor, text, surface):
    found = extractor.extract(text).actors
    assert any(a.type == "GovernmentBody" and surface in (a.name, *a.aliases) for a in found)


def test_newspaper_named_after_a_country_is_an_outlet(extractor):
    found = extractor.extract("The Lima Courier reported that memory prices rose.").actors
    assert [(a.name, a.type) for a in found] == [("Lima Courier", "Organization")]


def test_leader_era_names_the_leaders_administration(extractor):
    found = extractor.extract("The rules revise Obama-era export limits.").actors
    assert any(a.type == "GovernmentBody" and "Obama-era" in (a.name, *a.aliases) for a in found)


def test_demonym_in_an_apposition_only_describes_the_named_actor(extractor):
    found = {a.key for a in extractor.extract("TechInsights, a Canadian research firm, took the chip apart.").actors}
    assert found == {"techinsights"}


def test_a_name_after_a_company_noun_is_a_company(extractor):
    found = {(a.name, a.type) for a in extractor.extract("The chipmaker Orvane Tech said sales rose.").actors}
    assert found == {("Orvane Tech", "Company")}


def test_lower_case_phrase_is_not_a_capitalised_name(extractor):
    assert actors(extractor, "Firms rushed to scale AI infrastructure.") == {}


def test_listed_in_a_capital_is_a_place_not_the_state(extractor):
    found = {a.key for a in extractor.extract("Shares of Tokyo-listed Advantest fell.").actors}
    assert "japan" not in found


def test_portfolio_before_a_ministers_title_is_no_organisation(extractor):
    found = extractor.extract("Trade and Industry Minister Ana Ruiz said the quota stays.").actors
    assert [(a.name, a.type) for a in found] == [("Ana Ruiz", "Person")]


def test_unknown_name_after_a_countrys_possessive_is_an_organisation(extractor):
    found = extractor.extract("Oman's Falaj Robotics signed the deal.").actors
    assert any("Falaj Robotics" in (a.name, *a.aliases) and a.type in ("Organization", "Company") for a in found)


def test_maker_named_on_its_product_does_not_take_over_the_company(extractor):
    text = "Oman's Falaj Robotics agreed to buy 900 Nvidia GPUs, the company said."
    assert key_of(extractor, text, "company") == key_of(extractor, text, "Robotics")


def test_a_name_owning_a_chief_executive_is_an_organisation(extractor):
    found = {a.name: a.type for a in extractor.extract('"We will grow," said Omar Haddad, Talvik\'s chief executive.').actors}
    assert found.get("Talvik") in (None, "Organization", "Company")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The study was written by the Lima-based Mineral Policy Council of Peru.", "Mineral Policy Council of Peru"),
        ("The Canadian Mineral Survey estimates that output will double.", "Canadian Mineral Survey"),
    ],
    ids=["based-announces-a-name", "country-inside-an-agency-name"],
)
def test_agency_names_holding_a_country_are_one_actor(extractor, text, name):
    found = extractor.extract(text).actors
    assert name in [a.name for a in found]
    assert "peru" not in [a.key for a in found]


def test_regions_are_not_actors(extractor):
    text = "Demand in Southeast Asia and the Middle East is rising, while Africa and Latin America lag."
    assert actors(extractor, text) == {}


def test_headline_country_government_is_the_same_body(extractor):
    text = "# U.S. Government Takes a Cut\n\nChipmakers must pay the U.S. government 15% of sales."
    govs = [a for a in extractor.extract(text).actors if a.type == "GovernmentBody"]
    assert len(govs) == 1


def test_unknown_organisation_after_a_countrys_possessive_keeps_that_form_as_a_name(extractor):
    found = extractor.extract("The broker supplied Oman's Falaj Robotics Group with parts.").actors
    assert any("Oman's Falaj Robotics Group" in (a.name, *a.aliases) for a in found)


def test_the_function_ministry_with_no_name_before_is_the_last_countrys(extractor):
    text = "Peru's copper exports rose 8% in May, the mining ministry said."
    found = [a for a in extractor.extract(text).actors if a.type == "GovernmentBody"]
    assert [("mining ministry" in (a.name, *a.aliases)) for a in found] == [True]


def test_capital_describing_a_named_organisation_is_a_place(extractor):
    found = {a.key for a in extractor.extract("Analysts at the Tokyo consultancy Kenzan Partners disagreed.").actors}
    assert "japan" not in found


def test_process_and_packaging_terms_are_not_actors(extractor):
    assert actors(extractor, "Chips made with CoWoS packaging on GAA processes need a licence.") == {}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('"We have no choice," Trade Minister Ingrid Solberg-Hauge told reporters.', "ingrid_solberg_hauge"),
        ("Commerce Secretary Jean-Paul Moreau said the rules would stay.", "jean_paul_moreau"),
    ],
    ids=["hyphenated-surname", "hyphenated-first-name"],
)
def test_a_hyphenated_name_after_a_title_is_one_person(extractor, text, key):
    assert key in actors(extractor, text)


def test_an_unknown_single_name_speaking_is_an_actor(extractor):
    assert "zeltronic" in actors(extractor, "Zeltronic alleges that Kova copied its lithography designs.")


@pytest.mark.parametrize(
    "text",
    [
        "Magnus Eriksen runs the company. Eriksen said the rules were unclear.",
        "Lena Moritz, Kova's chief executive, and Magnus Eriksen, Halvard's founder, both said prices would rise.",
    ],
    ids=["first-name-tagged-as-place", "unknown-place-with-a-role"],
)
def test_a_person_the_ner_breaks_or_mislabels_is_made_whole(extractor, text):
    found = actors(extractor, text)
    assert "magnus_eriksen" in found and "magnus" not in found


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The Tarvos Customs Department seized the shipment.", "tarvos_customs_department"),
        ("The Ministry of Science of Tarvos approved the plan.", None),
    ],
    ids=["customs-department", "ministry-of"],
)
def test_an_unknown_body_named_as_one_is_a_government_body(extractor, text, key):
    found = {a.key: a.type for a in extractor.extract(text).actors}
    bodies = [k for k, t in found.items() if t == "GovernmentBody"]
    assert bodies and (key is None or key in bodies)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The fund will pay for a national language model, QalamGPT, built by local researchers.", "qalamgpt"),
        ("Kestrel Labs released its chatbot Sahara last month.", "sahara"),
    ],
    ids=["apposition", "after-the-noun"],
)
def test_a_name_given_to_a_model_or_chip_is_a_product(extractor, text, key):
    found = {a.key: a.type for a in extractor.extract(text).actors}
    assert found.get(key) == "Product"


@pytest.mark.parametrize(
    "text",
    [
        "Kova will build the chips at its Desert Cloud campus near Muscat.",
        "Buyers must follow the Tarvos AI Diffusion Rule from June.",
    ],
    ids=["facility", "rule"],
)
def test_facilities_and_rules_are_not_actors(extractor, text):
    names = {a.name for a in extractor.extract(text).actors}
    assert not any("Desert Cloud" in n or "Diffusion" in n for n in names)


def test_a_country_possessive_before_a_name_is_an_alias_not_the_name(extractor):
    found = {a.key: (a.name, a.aliases) for a in extractor.extract(
        "Oman's Falaj Robotics said it had ordered 200 accelerators. Falaj Robotics will pay in cash.").actors}
    name, aliases = found["falaj_robotics"]
    assert name == "Falaj Robotics" and "Oman's Falaj Robotics" in aliases


@pytest.mark.parametrize(
    "text",
    ["Peru's Minister of Mines Ana Ruiz said the quota would stay.",
     "The Minister declined to comment on the new quota.",
     "Shares of Arvo Semiconductor (TSX:ARV) fell after the announcement.",
     "Kova Systems (NASDAQ: KOVA) rose 3% on Monday."],
    ids=["title-before-a-name", "title-alone", "exchange-and-symbol", "exchange-and-symbol-spaced"],
)
def test_titles_alone_and_stock_symbols_name_no_actor(extractor, text):
    names = {n.lower() for ns in actors(extractor, text).values() for n in ns}
    assert not names & {"minister", "tsx", "arv", "nasdaq", "kova"}, names


@pytest.mark.parametrize(
    ("text", "name"),
    [("Brazil's state development bank BNDES lent $200 million to the startup.", "BNDES"),
     ("The mining investor Quarra Partners bought a stake in the refinery.", "Quarra Partners")],
    ids=["bank", "investor"],
)
def test_a_capitalised_name_after_a_company_noun_is_a_company(extractor, text, name):
    assert any(name in ns for ns in actors(extractor, text).values())


def test_the_first_word_of_a_company_s_name_alone_is_that_company(extractor):
    """The NER marks neither 'Taohe' here: without the first-word short name the company and its reliance vanish."""
    text = ("Taohe Semiconductor Manufacturing opened a plant in Wuxi. Its yields are low, said Li Wen, an analyst. "
            "Taohe also depends on imported tools.")
    ex = extractor.extract(text)
    taohe = next(a for a in ex.actors if a.key == "taohe_semiconductor_manufacturing")
    assert len(taohe.mentions) >= 2
    assert ("taohe_semiconductor_manufacturing", FOREIGN) in {(r.subject, r.object) for r in ex.relations}


def test_a_short_form_the_ner_calls_a_person_does_not_make_the_company_a_person(extractor):
    text = ("Halvik Wafer Fabrication is building a plant near Tartu. Halvik said the plant would open in 2027. "
            "Halvik expects to hire 400 engineers.")
    found = {a.key: a.type for a in extractor.extract(text).actors}
    assert found.get("halvik_wafer_fabrication") in ("Company", "Organization")


@pytest.mark.parametrize(
    "text",
    [
        "Perak Tunnelling Bhd won the contract. Perak Tunnelling Bhd said work would start in March.",
        "Brabant Photonics makes laser sources. Brabant Photonics expects orders to double.",
        "Jiangbei Memory makes DRAM chips. Jiangbei Memory expects orders to double.",
        "Halden Cloud rents GPUs to startups. Halden Cloud said demand was strong.",
    ],
    ids=["corporate-suffix", "organisation-head", "company-word-memory", "company-word-cloud"],
)
def test_a_name_ending_in_a_company_s_word_is_never_a_person(extractor, text):
    """The small NER calls 'Jiangbei Memory' and 'Halden Cloud' persons."""
    found = {a.name: a.type for a in extractor.extract(text).actors}
    name = text.split(" won")[0].split(" makes")[0].split(" rents")[0]
    assert found.get(name) in ("Company", "Organization"), found


def test_a_hyphenated_given_name_belongs_to_the_person(extractor):
    found = actors(extractor, "Government researcher Kim Yang-paeng said the curbs will bite. "
                              "A Seoul-based fund agreed.")
    assert "kim_yang_paeng" in found and "Kim Yang-paeng" in found["kim_yang_paeng"]
    assert "kim_yang" not in found


def test_a_short_form_of_a_term_is_no_actor_but_a_bodys_is_its_alias(extractor):
    found = actors(extractor, "Canada amended the Export Control Regulations (ECR) on Friday. Under the ECR, a "
                              "Validated End User (VEU) waiver lapses. The Bureau of Trade Security (BTS) said so.")
    names = {n for ns in found.values() for n in ns}
    assert not {"ECR", "VEU"} & names
    assert any("BTS" in ns and "Bureau of Trade Security" in ns for ns in found.values())
    quoted = actors(extractor, 'Kova held a "Trusted Buyer" (TB) licence. The TB licence lapsed.')
    assert not any("TB" in ns for ns in quoted.values())


def test_a_numbered_document_is_no_actor(extractor):
    found = actors(extractor, "Peru's Ministry of Mines' Announcement No. 14 of 2025 tightens the rules.")
    assert not any(n.lower().startswith("announcement") for ns in found.values() for n in ns)


@pytest.mark.parametrize(
    "text",
    [
        "Rapidus will open an office in Chitose, Hokkaido, next year.",
        "Kova Labs' plant in Kumamoto started production this month.",
        "Micron will expand its fabs in Boise and New Mexico.",
    ],
    ids=["japanese-towns", "prefecture", "us-city-and-state"],
)
def test_places_below_a_country_are_no_actors(extractor, text):
    """data/places.txt: the small NER takes such names for people or organisations ("Kumamoto" a person)."""
    found = actors(extractor, text)
    assert not {k for k, names in found.items() if set(names) & {"Chitose", "Hokkaido", "Kumamoto", "Boise",
                                                                  "New Mexico", "Mexico"}}
