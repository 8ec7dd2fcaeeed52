"""Attributions: reporting verbs, 'according to', quotations, possessed statements, nesting."""
from __future__ import annotations

import pytest


def sources(extractor, text: str) -> list[tuple[str, tuple[str, ...]]]:
    ex = extractor.extract(text)
    for a in ex.attributions:
        assert text[a.evidence.start:a.evidence.end] == a.evidence.text
    return [(a.source, a.chain) for a in ex.attributions]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to Reuters, China bought more chips last year.", "reuters"),
        ("Nvidia said that demand remains strong.", "nvidia"),
        ("Huawei warns that supply will stay tight.", "huawei"),
        ('"We will not give up," Putin warned.', "vladimir_putin"),
        ("Putin's speech stressed the role of AI.", "vladimir_putin"),
        ("A Huawei spokesperson said the company expects growth.", "huawei"),
    ],
    ids=["according-to", "says-that", "warns-that", "quote-then-speaker", "possessed-speech", "spokesperson"],
)
def test_source_is_the_named_speaker(extractor, text, source):
    assert [s for s, _ in sources(extractor, text)] == [source]


def test_nested_reporting_keeps_the_chain(extractor):
    found = sources(extractor, "Reuters reported that Putin said Russia would build its own chips.")
    assert ("vladimir_putin", ("reuters",)) in found
    assert ("reuters", ()) in found


def test_bare_quotation_continues_the_last_speaker(extractor):
    found = sources(extractor, 'Putin said the goal was clear. "We will build our own chips."')
    assert [s for s, _ in found] == ["vladimir_putin", "vladimir_putin"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia ranks 31st in the index.",
        "The index rose by two points.",
        "Chinese engineers visited India last year.",
    ],
    ids=["ranked-country-is-not-a-source", "speech-noun-without-source", "no-cue"],
)
def test_no_attribution_without_a_named_source(extractor, text):
    assert sources(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Nvidia released a statement denying the report, stating that it follows every rule.", "nvidia"),
        ("Huawei made the announcement at a trade fair in Shenzhen.", "huawei"),
        ("The claims come from a Reuters report, which alleged that the chips were resold.", "reuters"),
        ("Per a report in Bloomberg, the fund owns a fifth of the firm.", "bloomberg"),
        ("Exports rose sharply, according to a survey by TrendForce.", "trendforce"),
        ("The firm sold more servers abroad, reports Reuters.", "reuters"),
        ("Nvidia reported $4.1 billion in sales from the region.", "nvidia"),
        ("Huawei argues that local chips are good enough.", "huawei"),
        ("Nvidia believes that demand will outlast the controls.", "nvidia"),
        ("Nvidia projected that shipments would double.", "nvidia"),
        ("Huawei is concerned that the new rules will slow its work.", "huawei"),
    ],
    ids=["participle-shares-subject", "light-verb-announcement", "relative-clause-allege", "per-a-report-in",
         "survey-by", "inverted-speaker", "reported-figure", "argue", "believe", "project", "concerned-that"],
)
def test_cue_forms_name_the_source(extractor, text, source):
    assert source in [s for s, _ in sources(extractor, text)]


def test_two_sources_in_one_sentence(extractor):
    found = {s for s, _ in sources(extractor, "Bloomberg reported the deal, citing a statement from Nvidia.")}
    assert {"bloomberg", "nvidia"} <= found


def test_quotation_spread_over_sentences_is_one_attribution_of_its_speaker(extractor):
    text = 'Meanwhile, prices kept rising. "We see no slowdown. Our plants run at full capacity," Huawei said.'
    ex = extractor.extract(text)
    assert [a.source for a in ex.attributions] == ["huawei"]
    assert ex.attributions[0].evidence.text.startswith('"We see no slowdown.')


@pytest.mark.parametrize(
    "text",
    [
        "Morvia, which Russia claims as its own, rejects the rules.",
        "In May, Washington announced measures that curb chip sales.",
        "The rules were tightened when the US unveiled new curbs, suggesting more would follow.",
        "The US denied Huawei a licence.",
        "Washington urged its allies to tighten controls.",
    ],
    ids=["claims-territory", "country-announces-measures", "participle-of-a-non-speech-verb", "denying-a-licence",
         "call-to-act"],
)
def test_acts_are_not_attributions(extractor, text):
    assert sources(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The Lima Courier reported that copper exports fell.", "lima_courier"),
        ("The Korea Herald said memory prices rose again.", "korea_herald"),
        ("An engineer at Huawei said the new tools work.", "huawei"),
        ("Nvidia's quarterly figures show that sales in the region fell.", "nvidia"),
        ("Peruvian prosecutors said the servers were moved to Chile.", "peru"),
    ],
    ids=["outlet-with-capital", "outlet-with-country", "affiliation-at", "owned-figures-show", "country-prosecutors"],
)
def test_source_names_outlets_affiliations_and_documents(extractor, text, source):
    assert source in [s for s, _ in sources(extractor, text)]


def test_the_report_speaks_for_the_source_last_named(extractor):
    text = "TrendForce said prices will rise. The report notes that stocks are low."
    assert [s for s, _ in sources(extractor, text)] == ["trendforce", "trendforce"]


def test_a_definite_title_refers_back_to_the_last_speaker(extractor):
    text = ('"We will grow," Jensen Huang said. Demand will stay high "for years," the Nvidia chief executive stressed.')
    assert [s for s, _ in sources(extractor, text)] == ["jensen_huang", "jensen_huang"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Leaked Russian customs records showing that chip imports doubled were shared online.", "federal_customs_service"),
        ("Reuters: Nvidia plans a new chip for the region", "reuters"),
        ("Huawei, which builds base stations, reported on Monday that sales rose.", "huawei"),
    ],
    ids=["document-participle", "headline-colon", "cue-misread-as-modifier"],
)
def test_documents_headlines_and_misparsed_cues(extractor, text, source):
    assert source in [s for s, _ in sources(extractor, text)]


def test_a_subject_the_parser_lost_is_the_name_just_before_the_verb(extractor):
    text = ("Asked whether the deal was a reward for cutting ties with Morvia, Jane Okafor, Nvidia's policy chief, "
            'said: "We look at the long term."')
    assert "jane_okafor" in [s for s, _ in sources(extractor, text)]


@pytest.mark.parametrize(
    "text",
    ["The chips were resold, according to Reuters and Bloomberg.", "Reuters and Bloomberg said the chips were resold."],
    ids=["according-to-two", "two-subjects"],
)
def test_each_coordinated_source_is_an_attribution(extractor, text):
    assert sorted(s for s, _ in sources(extractor, text)) == ["bloomberg", "reuters"]


def test_a_forecast_with_a_figure_object_is_an_attribution_but_an_act_is_not(extractor):
    assert [s for s, _ in sources(extractor, "The Bank of Korea expects growth of 2.1% this year.")] == ["bank_of_korea"]
    assert sources(extractor, "The Commerce Department added 14 companies to the list.") == []


def test_quoted_as_saying_names_the_speaker(extractor):
    assert "huawei" in [s for s, _ in sources(extractor, "Reuters quoted Huawei as saying the chips work.")]


def test_an_outlet_that_was_told_reports_the_claim_beside_an_unnamed_speaker_only(extractor):
    found = {s for s, _ in sources(extractor, "A Huawei engineer told Reuters that the tools work.")}
    assert found == {"huawei", "reuters"}
    found = {s for s, _ in sources(extractor, "Jane Okafor, a Huawei engineer, told Reuters that the tools work.")}
    assert found == {"jane_okafor"}
    assert sources(extractor, "The Commerce Department told Nvidia that it needs a licence.") == [
        ("us_department_of_commerce", ())]


def test_a_speaker_the_ner_missed_after_said_is_the_source_not_the_last_speaker(extractor):
    text = ('Samsung said it was watching closely. "The market is pricing in the worst case," '
            "said Ana Ruiz of Kestrel Capital.")
    assert [s for s, _ in sources(extractor, text)] == ["samsung_electronics", "ana_ruiz"]


def test_a_role_holder_named_in_the_subject_is_the_speaker(extractor):
    text = '"Tariffs are a tax on investment," SIA chief executive John Neuffer said.'
    assert [s for s, _ in sources(extractor, text)] == ["john_neuffer"]


def test_a_bare_quotation_far_from_any_speaker_is_not_attributed(extractor):
    text = ('Huawei said the tools work.\n\nExports rose in May.\n\nPrices fell in June.\n\n'
            '"Nobody expected this."')
    assert [s for s, _ in sources(extractor, text)] == ["huawei"]


def test_unnamed_speakers_of_several_affiliations_give_one_attribution_each(extractor):
    text = "Executives from Applied Materials, Lam Research and Tokyo Electron said demand stayed strong."
    assert sorted(s for s, _ in sources(extractor, text)) == ["applied_materials", "lam_research", "tokyo_electron"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Its chief executive, Magnus Eriksen, called the curbs a blunt tool and said Halvard would appeal.",
         "magnus_eriksen"),
        ("Lena Moritz was quoted as saying that Kova would stop selling to Belarus.", "lena_moritz"),
        ("The company's chief technology officer, Ola Berg, believes demand will double.", "ola_berg"),
        ("Brightmoor Semiconductor sees demand for its memory chips doubling by 2028.", "brightmoor_semiconductor"),
        ("Orvane Partners expressed concern that the rules would backfire.", "orvane_partners"),
        ("Fjord Capital alleges that Kova copied the designs of Halvard Systems.", "fjord_capital"),
    ],
    ids=["coordinated-verb-shares-subject", "quoted-as-saying", "role-with-named-apposition", "sees-object-predicate",
         "expressed-concern", "alleges"],
)
def test_cue_verbs_as_a_class_and_where_their_speaker_sits(extractor, text, source):
    assert source in [s for s, _ in sources(extractor, text)]


def test_what_happened_to_a_subject_is_not_its_view(extractor):
    assert sources(extractor, "Brightmoor Semiconductor saw its sales in Peru plummet last year.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Orvane Partners published a study in May. The report notes that Peru relies on Finnish chips.",
        "A survey by Orvane Partners came out on Friday. Kova declined to comment. The survey finds that buyers "
        "expect shortages.",
    ],
    ids=["published-document", "document-by-owner-despite-later-speaker"],
)
def test_the_document_speaks_for_the_owner_who_introduced_it(extractor, text):
    assert [s for s, _ in sources(extractor, text)][-1] == "orvane_partners"


def test_a_quotation_over_two_sentences_is_one_attribution(extractor):
    found = sources(extractor, '"The rules are clear. We will follow every one of them," Lena Moritz said.')
    assert [s for s, _ in found] == ["lena_moritz"]


def test_speakers_coordinated_after_their_appositions_each_speak(extractor):
    found = sources(extractor, "Lena Moritz, Kova's chief executive, and Magnus Eriksen, Halvard's founder, both said "
                               "prices would rise.")
    assert {s for s, _ in found} == {"lena_moritz", "magnus_eriksen"}


def test_the_figures_with_a_participle_speak_for_the_source_last_named(extractor):
    text = ("Chile imported more chips in 2024, according to the Tarvos Customs Service. "
            "The figures, published on Tuesday, show that Finland's share fell.")
    assert [s for s, _ in sources(extractor, text)] == ["tarvos_customs_service", "tarvos_customs_service"]


def test_a_speaking_pronoun_continues_the_speaker_not_the_last_name(extractor):
    text = ("The Tarvos Customs Department said the shipments were routed through Kazakhstan. "
            "It added that it had referred the case to prosecutors.")
    assert [s for s, _ in sources(extractor, text)] == ["tarvos_customs_department"] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A spokesperson for Brightmoor Semiconductor said the company had not received any notice.",
         ["brightmoor_semiconductor"]),
        ("The chief executive of Vexa AI, Tarek Nasser, said last week that the firm would expand.", ["tarek_nasser"]),
        ("Halvard Systems posted on its website that the plant would open in 2027.", ["halvard_systems"]),
        ('Tarvos\'s foreign ministry called the curbs "a hostile act".', None),
    ],
    ids=["spokesperson-for", "one-executive-of-a-firm", "posted-that", "called-x-y"],
)
def test_affiliations_and_more_cue_verbs(extractor, text, expected):
    found = [s for s, _ in sources(extractor, text)]
    assert found == expected if expected is not None else len(found) == 1


def test_a_verb_of_naming_without_a_predicate_is_no_cue(extractor):
    assert sources(extractor, "Kova called a meeting of its suppliers.") == []


def test_a_body_named_with_its_countrys_possessive_speaks_and_the_company_continues_it(extractor):
    text = ("Oman's Falaj Robotics said it had ordered 2,000 accelerators from Maple Semiconductor. "
            "The order will be shipped in three batches, the company said.")
    assert [s for s, _ in sources(extractor, text)] == ["falaj_robotics", "falaj_robotics"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Magnus Eriksen was blunt: "We will not sell to them."', ["magnus_eriksen"]),
        ('"We are not worried," said Ola Berg. "The market will recover," he added, "and we will be ready."',
         ["ola_berg", "ola_berg"]),
        ('The minister, Ana Ruiz, was asked about the ban. "It stays," she replied.', ["ana_ruiz"]),
    ],
    ids=["colon-opens-a-quotation", "added-beside-a-quotation", "replied-beside-a-quotation"],
)
def test_quotations_framed_by_a_colon_or_an_inserted_cue(extractor, text, expected):
    assert [s for s, _ in sources(extractor, text)] == expected


def test_added_without_a_quotation_or_clause_is_no_cue(extractor):
    assert sources(extractor, "Kova added 300 engineers last year.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A person with knowledge of Kova's supply chain said the deal was close.",
        "Two people familiar with Halvard Systems' thinking said a sale was likely.",
    ],
    ids=["person-with-knowledge-of", "people-familiar-with"],
)
def test_an_unnamed_speaker_is_not_the_body_its_phrase_is_about(extractor, text):
    assert sources(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The report, which Fjord Capital published in May, argues that the ban is too broad.", ["fjord_capital"]),
        ("Critics, including the Lindgren Institute and Fjord Capital, argue that the plan is flawed.",
         ["lindgren_institute", "fjord_capital"]),
        ("Data from the Lindgren Institute show that chip exports fell by 8%.", ["lindgren_institute"]),
    ],
    ids=["document-with-its-publisher-in-a-relative-clause", "named-members-of-unnamed-critics", "data-from"],
)
def test_documents_and_groups_as_sources(extractor, text, expected):
    assert [s for s, _ in sources(extractor, text)] == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Peru will pay more for the plant, Trade Minister Ana Ruiz said. Mayor Luis Soto welcomed the news. '
         '"We are competing hard," the minister said.', "ana_ruiz"),
        ('Kova Labs won licences after weeks of talks. Sources said shipments began after Ana Ruiz\'s last Oval Office '
         'visit. The company said the curbs would hurt its sales.', "kova_labs"),
        ("Ana Ruiz criticised the funding on Monday. President-elect Ana Ruiz has attacked the grants, arguing that "
         'tariffs work better. "That deal is bad," the president-elect said.', "ana_ruiz"),
        ("The Lima Court of Auditors published a review. The institution warns that capacity must double.",
         "lima_court_of_auditors"),
    ],
    ids=["role-names-the-person", "name-modifying-a-thing-is-no-antecedent", "hyphenated-role", "institution"],
)
def test_a_description_speaks_for_the_actor_it_describes(extractor, text, speaker):
    assert [s for s, _ in sources(extractor, text)][-1] == speaker


def test_a_product_does_not_speak_its_maker_does(extractor):
    found = sources(extractor, 'The ChatGPT developer stated in a blog post that "we are moving quickly".')
    assert [s for s, _ in found] == ["openai"]


def test_a_quotation_closed_by_an_unnamed_speaker_is_nobodys(extractor):
    text = ('Copper prices rose 28% this year, according to Argus. "Everyone will dig for copper. '
            'Many countries will look for deposits," a metals trader commented.')
    assert [s for s, _ in sources(extractor, text)] == ["argus"]


def test_its_ministry_is_the_ministry_of_the_sentence_subject(extractor):
    ex = extractor.extract("Peru has banned copper exports to Chile, citing security concerns, its commerce ministry "
                           "announced on Tuesday.")
    assert [a.source for a in ex.attributions] == ["peru_commerce_ministry"]
    names = {n for a in ex.actors if a.key == "peru_commerce_ministry" for n in (a.name, *a.aliases)}
    assert "Peruvian commerce ministry" in names


def test_a_speaker_opening_the_sentence_before_a_comma_speaks(extractor):
    text = ("Press secretary Tunku Nashrul Abaidah said the plant would open. Tunku Nashrul, in a briefing streamed "
            "live on the office's Facebook page, said Malaysia would be the first host in the region.")
    assert [s for s, _ in sources(extractor, text)] == ["tunku_nashrul_abaidah", "tunku_nashrul_abaidah"]
    assert {a.key for a in extractor.extract(text).actors if a.type == "Person"} == {"tunku_nashrul_abaidah"}


def test_referencing_without_an_object_reports_nothing(extractor):
    text = "Kova's finance chief, Ana Ruiz, voiced surprise at the concerns Peru was referencing, affirming that " \
           "customers had not complained."
    assert [s for s, _ in sources(extractor, text)] == ["ana_ruiz"]
