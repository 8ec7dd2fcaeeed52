"""Attribution constructions of unseen articles (CAPABILITY_GAPS items 21-24): one invented case per construction,
with the sources the conventions of GOLD_FORMAT.md expect, in the order the text gives them."""
from __future__ import annotations

import pytest


def sources(extractor, text: str) -> list[str]:
    ex = extractor.extract(text)
    for a in ex.attributions:
        assert text[a.evidence.start:a.evidence.end] == a.evidence.text
    return [a.source for a in ex.attributions]




def case(name: str, text: str, expected: list[str], xfail: str | None = None):
    marks = [pytest.mark.xfail(reason=xfail, strict=False)] if xfail else []
    return pytest.param(text, expected, id=name, marks=marks)


SOURCE_NAMES = [
    case("outlet-with-a-country-word", "The Chile Tribune reported on Monday that lithium prices doubled.", ["chile_tribune"]),
    case("outlet-beginning-with-a-country", "The Peru Daily Herald said copper exports to Finland fell.",
     ["peru_daily_herald"]),
    case("title-of-country-then-name", "Peru's Minister of Mines Ana Ruiz said the ban would stay.", ["ana_ruiz"]),
    case("title-then-name-then-the-title-again",
     "Peru's Minister of Mines Ana Ruiz said the ban would stay. The minister said exports would resume in 2026.",
     ["ana_ruiz", "ana_ruiz"]),
    case("title-of-a-two-word-portfolio-then-name",
         "Japan's Minister of Digital Affairs Kenji Moriyama said Tokyo would share its supercomputer.",
         ["kenji_moriyama"]),
    case("title-for-a-coordinated-portfolio-then-name",
         "Singapore's Minister for Trade and Industry Lee Chen said the rules would be enforced.", ["lee_chen"]),
    case("title-of-one-portfolio-then-a-three-part-name",
         "Vietnam's Minister of Industry Tran Quoc Bao said the plant would open in May.", ["tran_quoc_bao"]),
    case("country-adjective-title-name", "Finnish Trade Minister Aino Virtanen warned that the curbs would hurt exporters.",
     ["aino_virtanen"]),
    case("hyphenated-name", "Ngozi Okonjo-Adebayo warned that the deal could collapse.", ["ngozi_okonjo_adebayo"]),
    case("multi-part-name", "Maria del Carmen Ortiz said the plant would close.", ["maria_del_carmen_ortiz"]),
    case("agency-beginning-with-a-country-adjective",
     "The Canadian Mineral Survey estimated that nickel output rose by 4%.", ["canadian_mineral_survey"]),
    case("according-to-a-described-firm",
         "According to research firm Orvane Partners, as many as 9,000 chips may have reached Peru via Oman, with Chile "
         "and Bolivia cited most often as transit points.", ["orvane_partners"]),
    case("authorities-of-a-country-speak", "Thai authorities said they had tightened checks on cargo.",
         ["thailand_authorities"]),
    case("an-embassy-official-speaks-for-the-embassy", '"Norway is the partner we want," a U.S. embassy official said.',
         ["united_states_embassy"]),
    case("according-to-a-forum", "According to the Baltic Chip Forum, the EU's share fell to 8%.", ["baltic_chip_forum"]),
    case("according-to-an-agency", "According to the Chilean Copper Commission, exports fell in May.",
     ["chilean_copper_commission"]),
    case("body-title-name", "Fjord Capital analyst Ana Ruiz said demand would rise.", ["ana_ruiz"]),
    case("surname-after-the-full-name",
         "Ana Ruiz, an analyst at Fjord Capital, said prices would rise. According to Ruiz, stocks are low.",
         ["ana_ruiz", "ana_ruiz"]),
    case("abbreviated-form-of-address", '"The campus opens in May," said His Excellency Eng. Faris Almutairi, minister '
         "of digital affairs.", ["faris_almutairi"]),
]

DOCUMENTS = [
    case("the-bureau-by-a-word-of-its-name",
         "The Tarvos Export Bureau opened an office in Lima on Monday. The bureau said two of them had shipped drones to Peru.",
         ["tarvos_export_bureau"]),
    case("a-description-by-a-noun-before-its-head",
         "Kessel Analytics opened an office in Lima. The data analytics house said demand would fall.",
         ["kessel_analytics"]),
    case("the-observatory-found",
         "The Kessel Trade Observatory tracked 40 shipments. The observatory found that most went through Oman.",
         ["kessel_trade_observatory"]),
    case("according-to-the-bureaus-notice",
         "The Tarvos Export Bureau opened an office in Lima. Four firms are in Oman, according to the bureau's notice.",
         ["tarvos_export_bureau"]),
    case("owned-figures-show", "Kova's quarterly figures show that sales in Peru fell.", ["kova"]),
    case("data-from-an-office-indicate", "Data from the Tarvos Statistics Office indicate that exports fell.",
     ["tarvos_statistics_office"]),
    case("figures-published-by", "Figures published by the Tarvos Customs Service show that imports rose.",
     ["tarvos_customs_service"]),
    case("owned-website-says", "Kova's website says the chips are made in Finland.", ["kova"]),
    case("outlet-investigation-found", "A Lima Courier investigation found that the chips were resold.",
     ["lima_courier"]),
    case("paper-by-two-authors", "The paper by Maria Lopez and Pedro Alva argues that chips are scarce.",
     ["maria_lopez", "pedro_alva"]),
    case("according-to-the-study-introduced-before",
     "The Lindgren Institute published a study on Monday. According to the study, Peru relies on Finnish chips.",
     ["lindgren_institute"]),
    case("per-the-report-introduced-before",
     "The Lima Courier reported on Monday that Peru is drafting a licence system. Per the report, the system could "
     "bar shipments of copper to Finnish firms.", ["lima_courier", "lima_courier"]),
    case("documents-reviewed-by-an-outlet-uncover",
         "Customs documents reviewed by the Lima Courier have uncovered that four firms resold the chips.",
         ["lima_courier"]),
    case("the-authors-of-the-study-introduced-before",
     "The Lindgren Institute published a study on Monday. The authors argue that Peru relies on Finnish chips.",
     ["lindgren_institute"]),
]

CUES = [
    case("the-two-companies-said",
         "Kova Labs and Orvane Systems signed a supply deal. The two companies said the first chips would ship in May.",
         ["kova_labs", "orvane_systems"]),
    case("stance-welcomed", "The Lindgren Institute welcomed the new quota, saying it would help Peru.",
         ["lindgren_institute"]),
    case("stance-condemned", "Orvane Partners condemned the export ban on Monday.", ["orvane_partners"]),
    case("flagged-a-finding", "Orvane Partners also flagged a jump in shipments routed through Oman.", ["orvane_partners"]),
    case("forecast-read-as-a-noun", "Orvane Partners forecast that demand would rise by 30%.", ["orvane_partners"]),
    case("projects-read-as-a-noun", "The Lindgren Institute projects that exports will double.", ["lindgren_institute"]),
    case("reported-a-figure-in-its-object", "Kova reported a 20% rise in sales to Peru.", ["kova"]),
    case("critical-of", "Kova has been critical of the curbs.", ["kova"]),
    case("raised-concerns", "Lena Moritz raised concerns that the curbs would hurt sales.", ["lena_moritz"]),
    case("criticised-as", "Halvard Systems criticised the decision as short-sighted.", ["halvard_systems"]),
    case("view-denied-is-still-a-view", "Kova does not expect sales in Peru to rise.", ["kova"]),
    case("disputed-findings", "The Lindgren Institute disputed the figures in the ministry's report.",
         ["lindgren_institute"]),
    case("country-disputing-is-no-source", "Peru disputed the border with Chile.", []),
    case("concluded", "The Lindgren Institute concluded that the curbs had failed.", ["lindgren_institute"]),
    case("wrote-in-a-post", "Ana Ruiz wrote in a blog post that the ban was a mistake.", ["ana_ruiz"]),
    case("in-a-statement", "In a statement, Kova said it would comply with the rules.", ["kova"]),
    # the outlet told holds the claim beside an unnamed speaker; a named one holds it alone
    case("in-an-interview-with-an-outlet",
     "In an interview with the Lima Courier, Lena Moritz said the plant would open in 2027.", ["lena_moritz"]),
    case("in-comments-to-an-outlet", "Lena Moritz said in comments to the Lima Courier that the plant would open.",
     ["lena_moritz"]),
    case("named-speaker-told-an-outlet", "Kova told the Lima Courier that the plant would open in May.", ["kova"]),
    case("unnamed-speaker-told-an-outlet", "Two people familiar with the plan told the Lima Courier that the plant "
         "would open in May.", ["lima_courier"]),
    case("relative-clause-alleges", "The rules, which Fjord Capital alleges were drafted in haste, took effect in May.",
     ["fjord_capital"]),
    case("reported-citing-data-from",
     "The Lima Courier reported, citing data from the Tarvos Customs Service, that imports doubled.",
     ["lima_courier", "tarvos_customs_service"]),
]

GRANULARITY = [
    case("quote-over-two-sentences-then-told",
     "\u201cWe are on schedule. We will open in May,\u201d Lena Moritz, Kova's chief executive, told the Lima Courier.",
     ["lena_moritz"]),
    case("quote-over-two-sentences-after-a-colon",
     "Lena Moritz said: \u201cThe rules are clear. We will follow every one of them.\u201d", ["lena_moritz"]),
]

NOT_ATTRIBUTIONS = [
    case("report-of-results-with-a-date-clause",
     "Kova reports quarterly results on May 28, which is when the $2 billion charge will show.", []),
    case("website-as-a-thing", "Kova's website crashed on Monday.", []),
    case("unnamed-people-familiar", "Exports fell, according to people familiar with the matter.", []),
    case("declined-to-comment", "Kova declined to comment.", []),
    case("telling-denied", "Kova did not say how many chips it sold.", []),
]

# forms of the press that the real training articles show once or not at all, in wordings of our own
PRESS_FORMS = [
    case("company-filings-show",
         "Korvane Semiconductor makes memory in Busan. China took 30 percent of its sales last year, company filings show.",
         ["korvane_semiconductor"]),
    case("a-company-spokesperson",
         'Korvane Semiconductor makes memory in Busan. "We will not sell to Iran," a company spokesperson said.',
         ["korvane_semiconductor"]),
    case("ministry-officials",
         "Chile's Ministry of Industry backs the plan. Chile imports 80% of its chips, ministry officials said.",
         ["ministry_of_industry"]),
    case("according-to-a-ministry-statement",
         "Chile's Ministry of Industry backs the plan. Chile imports 80% of its chips, according to a ministry statement.",
         ["ministry_of_industry"]),
    case("officials-in-a-capital",
         "The EU is weighing new curbs. A further package could target Hong Kong firms, officials in Brussels said.",
         ["european_union"]),
    case("analysts-in-a-capital-stay-unnamed", "Analysts in Tokyo said the yen would weaken further.", []),
    case("opening-participle-before-the-speaker",
         "Questioned about whether the deal was a reward for dropping Huawei, Andrzej Kowal, Polytech's chief "
         'executive, said: "We chose the partner that serves our customers best."', ["andrzej_kowal"]),
    case("possessed-data-show-read-as-one-noun",
         "The World Semiconductor Council's data show that Taiwan produced 60% of advanced chips in 2023.",
         ["world_semiconductor_council"]),
    case("closing-data-show-read-as-one-noun",
         "Chile's Ministry of Industry backs the plan. Chile imports 80% of its chips, the ministry's data show.",
         ["ministry_of_industry"]),
    case("unowned-data-show-stay-unnamed", "Chip imports rose 4% in May, official data show.", []),
    case("the-companies-said-after-a-pair",
         "Korvane Semiconductor and Orsa Electronics Corp. signed a deal on Monday. The plant will open in 2027, the "
         "companies said.", ["korvane_semiconductor", "orsa_electronics"]),
    case("saying-after-a-verb-of-reaction",
         'Electronics Minister Arjun Bhalla dismissed the criticism, saying the pact would "pay for itself within a '
         'decade."', ["arjun_bhalla"]),
    case("listing-after-a-verb-is-no-saying",
         "The European Union on Monday adopted a new package against Russia, listing 31 entities that supply drones.",
         []),
    case("title-read-as-the-subject-before-the-name",
         '"Weights are the crown jewels," Commerce Under Secretary Marianne Okafor told reporters.', ["marianne_okafor"]),
    case("the-bank-for-a-bank-typed-as-an-organisation",
         "Ardent Capital said chip demand was strong. The investment bank cautioned that shipments to Vietnam are likely "
         "to slow.", ["ardent_capital", "ardent_capital"]),
    case("the-brokerage", "Morrow Securities published a note on Monday. The brokerage cautioned that shipments to "
         "Vietnam are likely to slow.", ["morrow_securities"]),
    case("short-name-the-ner-takes-for-a-demonym",
         "Veridian Microdevices makes chips in Oregon. Veridian said the market was weak.", ["veridian_microdevices"]),
    case("she-continues-a-company-spokesperson",
         "Orla Brenn was arrested on Monday.\n\nThe case is a warning, a Kestrel Labs spokesperson said.\n\n"
         "Kestrel Labs sells only to vetted partners, she added.", ["kestrel_labs", "kestrel_labs"]),
    case("the-countrys-ministry",
         "Chile has lifted its curbs on lithium exports, the country's mining ministry said.", ["chile_mining_ministry"]),
    case("as-detailed-by-an-outlet", "As detailed by the Lima Courier, the rule bars sales of lithium to Chile.",
         ["lima_courier"]),
    case("mentioned-with-a-noun-object", "Kova Labs also mentioned plans for a second fab in Peru.", ["kova_labs"]),
    case("put-out-a-statement",
         "Orlen Microdevices put out a statement on Thursday, insisting that none of its chips had reached Iran.",
         ["orlen_microdevices"]),
]


@pytest.mark.parametrize(("text", "expected"),
                         SOURCE_NAMES + DOCUMENTS + CUES + GRANULARITY + NOT_ATTRIBUTIONS + PRESS_FORMS)
def test_construction_gives_the_expected_sources(extractor, text, expected):
    assert sources(extractor, text) == expected
