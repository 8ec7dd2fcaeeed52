"""Actor constructions of unseen articles: one invented case per construction, with the exact set of actors the
conventions of GOLD_FORMAT.md expect, matched as the scorer matches them (any shared normalised name or alias, one
predicted actor per expected one), so that a spurious or duplicated actor fails as surely as a missed one."""
from __future__ import annotations

import re

import pytest


def _norm(name: str) -> str:
    s = name.lower().strip()
    s = re.sub(r"^(the)\s+", "", s)
    s = re.sub(r"[\u2019']s$", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def unmatched(extractor, text: str, expected: set[str]) -> tuple[set[str], list[str]]:
    """(expected names no predicted actor carries, predicted actors that match no expected name or repeat one)."""
    wanted = {_norm(n): n for n in expected}
    found: set[str] = set()
    spurious = []
    for a in extractor.extract(text).actors:
        hit = next((wanted[_norm(n)] for n in (a.name, *a.aliases) if _norm(n) in wanted), None)
        if hit is None or hit in found:
            spurious.append(f"{a.name} {a.aliases}")
        else:
            found.add(hit)
    return expected - found, spurious


def case(name: str, text: str, expected: set[str], xfail: str | None = None):
    marks = [pytest.mark.xfail(reason=xfail, strict=False)] if xfail else []
    return pytest.param(text, expected, id=name, marks=marks)


PEOPLE = [
    # a title whose portfolio begins with an unknown word; a person the NER names right after a body's name
    case("title-of-an-unknown-then-known-portfolio-word",
         "Vice President of Government Affairs Ana Ruiz condemned the rule.", {"Ana Ruiz"}),
    case("person-right-after-a-body-of-name", "\"We are watching,\" noted a spokesman for the Peru Ministry of Trade "
         "Daniel Brooks.", {"Peru Ministry of Trade", "Daniel Brooks"}),
    # a gazetteer person of a country whose names English texts write either way round
    case("family-name-first-order-of-a-known-person", "Prime Minister Kishida Fumio said the plant would open in May.",
         {"Kishida Fumio"}),
    case("hyphenated-given-name", '"Prices will rise," wrote analyst Choi Min-seo in a note to clients.', {"Choi Min-seo"}),
    case("hyphenated-given-name-after-title", '"We are ready," Vice Minister Lee Jae-won told reporters.',
         {"Lee Jae-won"}),
    case("title-of-several-words", '"They knew," Deputy Public Prosecutor Amira Osman told the court.', {"Amira Osman"}),
    case("title-run-before-name", '"The shipments were hidden," Senior Crown Prosecutor Lena Hartmann told the court.',
         {"Lena Hartmann"}),
    case("hyphenated-given-name-lower-case", "Trade Minister Baek Ha-rin said the quota would hold.", {"Baek Ha-rin"}),
    case("hyphenated-name-then-participle", "Analyst Mira Castell-Vos said Seattle-based Drevon Labs would grow.",
         {"Mira Castell-Vos", "Drevon Labs"}),
    case("surname-after-full-name-as-subject",
         "Tomas Lindqvist warned of shortages on Monday. Lindqvist added that prices would rise.", {"Tomas Lindqvist"}),
    case("surname-after-full-name-in-according-to",
         "Ana Ruiz, chief executive of Kestrel Mining, said the plant would close. According to Ruiz, output fell.",
         {"Ana Ruiz", "Kestrel Mining"}),
    case("surname-quoted-speaker",
         'Marta Kowalczyk of Brightwater Analytics said the curbs would bite. "We expect a slowdown," Kowalczyk said.',
         {"Marta Kowalczyk", "Brightwater Analytics"}),
    case("form-of-address-before-a-surname", "Fenwick Trade was run by Lin Hao and Mei Zhou. Ms Zhou was its "
         "secretary and Mr Lin its treasurer, and Zhou was arrested on Saturday.", {"Fenwick Trade", "Lin Hao", "Mei Zhou"}),
    case("surname-possessive", "Dmitri Volkov said Russia would retaliate. In Volkov's view, the curbs are illegal.",
         {"Dmitri Volkov", "Russia"}),
    case("surname-before-full-name",
         "Kowalczyk said on Tuesday that prices would climb. Marta Kowalczyk founded the fund in 2019.",
         {"Marta Kowalczyk"}),
    case("lower-case-role-before-name", "Fjord Capital analyst Ana Ruiz said demand would rise.",
         {"Fjord Capital", "Ana Ruiz"}),
    case("lower-case-role-before-name-then-surname",
         "Fjord Capital analyst Ana Ruiz said demand would rise. Ruiz expects prices to double.",
         {"Fjord Capital", "Ana Ruiz"}),
    case("company-role-name", "Velmora Dynamics CEO Raj Patel said demand was strong. Patel declined to give figures.",
         {"Velmora Dynamics", "Raj Patel"}),
    case("appositive-role-then-surname",
         '"The market is tight," Olusegun Adeyemi, chief executive of Lagos-based Kora Systems, said. '
         "Adeyemi said Kora would expand.", {"Olusegun Adeyemi", "Kora Systems"}),
    case("two-people-then-one-surname",
         "The report by Hana Novak and Petr Dvorak of the Harbor Institute found gaps. Novak said the findings were clear.",
         {"Hana Novak", "Petr Dvorak", "Harbor Institute"}),
    case("role-owner-missed-by-the-model", "Kestrel AI's chief scientist, Dr. Amara Obi, said the model was ready.",
         {"Kestrel AI", "Amara Obi"}),
    case("sentence-initial-common-noun-before-role", "Company founder Ren Zhaolin said the plant would close.",
         {"Ren Zhaolin"}),
    case("titled-people", "Prime Minister Lars Ekdahl met President Ana Moreno on Friday.", {"Lars Ekdahl", "Ana Moreno"}),
    # forms of address are no part of a name, nor a person of their own
    case("excellency-and-engineer", '"The campus opens in May," said His Excellency Eng. Faris Almutairi, minister of '
         "digital affairs.", {"Faris Almutairi"}),
    case("malay-honorific-after-title", "Trade Minister Datuk Seri Tengku Hafiz Rahman said Velmora would train "
         "engineers.", {"Tengku Hafiz Rahman", "Velmora"}),
    case("malay-honorific-opening", "Tan Sri Rahim Osman chairs Kestrel Capital, which backs Orvane.",
         {"Rahim Osman", "Kestrel Capital", "Orvane"}),
    case("apostrophe-honorific", "Dato' Sri Amir Hamzah said the budget had grown.", {"Amir Hamzah"}),
    case("particles-in-a-name", "The fund is chaired by Sheikh Khalid bin Saeed Al Marri, the emir's brother.",
         {"Khalid bin Saeed Al Marri"}),
    case("name-that-looks-like-a-form", "Lim Eng Hock, a Penang engineer, said the fab was ready.", {"Lim Eng Hock"}),
    case("founder-then-surname",
         "Orvane founder Ren Zhaolin said the company would survive. Ren added that sanctions made Orvane stronger.",
         {"Orvane", "Ren Zhaolin"}),
]

BODIES = [
    case("bare-customs", "Customs officials seized 300 graphics cards at the border.", set()),
    case("bare-generic-bodies", "Cabinet approved the plan on Tuesday.", set()),
    case("capitalised-description", "The Agency said the chips were safe.", set()),
    case("board-of-a-company", "The Board of Directors approved the deal with Zentrix Systems.", {"Zentrix Systems"}),
    case("bare-customs-data", "Customs data showed that imports of graphics cards from Taiwan fell.", {"Taiwan"}),
    case("country-possessive-ministry", "Peru's mines ministry said exports of copper to Finland would fall.",
         {"Peru", "Peruvian mines ministry", "Finland"}),
    case("demonym-government", "The Peruvian government approved the lithium plan.", {"Peruvian government"}),
    case("country-possessive-government", "Peru's government approved the lithium plan.", {"Peruvian government"}),
    case("demonym-customs", "Peruvian customs data show that imports fell.", {"Peruvian customs"}),
    case("country-possessive-military", "Peru's military bought drones from Velmora Robotics.",
         {"Peru", "Peruvian military", "Velmora Robotics"}),
    case("unknown-country-government", "Velmora's government signed a deal with Zentrix Systems.",
         {"Velmora's government", "Zentrix Systems"}),
    case("country-body-word-as-modifier", "The drones carried Russian military equipment made in Velmora.", {"Russia"}),
    case("portfolio-before-title", "Finance Minister Ana Ruiz said the subsidy would stay.", {"Ana Ruiz"}),
    case("unknown-country-minister", "Velmora's trade minister, Aiko Tanaka, said talks would resume. Tanaka met Lars Berg.",
         {"Aiko Tanaka", "Lars Berg"}),
    case("company-secretary", "Zentrix's company secretary, Aiko Tanaka, resigned.", {"Zentrix", "Aiko Tanaka"}),
    case("acronym-ministry", "India's IT ministry said on Monday it had approved three fabs.",
         {"India", "Indian IT ministry"}),
    case("unknown-country-ministry-of", "Tarvos's Ministry of Trade said it would limit exports of gallium.",
         {"Ministry of Trade"}),
    case("unknown-country-ministry", "Velmora's trade ministry banned exports of gallium to Japan.",
         {"Velmora's trade ministry", "Japan"}),
    case("ministry-named-then-described",
         "The Ministry of Finance led the investors. The finance ministry holds 17% of the fund.", {"Ministry of Finance"}),
    case("abbreviation-in-parentheses",
         "The Center for Strategic Studies (CSS) published the report. CSS said the curbs were working.",
         {"Center for Strategic Studies"}),
    case("abbreviation-after-or", "The Alliance for Open Compute, or AOC, signed the pact with Zentrix Systems.",
         {"Alliance for Open Compute", "Zentrix Systems"}),
    case("abbreviation-with-the", "The National Institute of Chip Design (NICD) warned of shortages. The NICD said prices rose.",
         {"National Institute of Chip Design"}),
    case("country-abbreviated-body",
         "Japan's Ministry of Economy, Trade and Industry (METI) said it would subsidise Rapidus. METI gave no figure.",
         {"Japan", "Ministry of Economy, Trade and Industry", "Rapidus"},
         "a gazetteer alias with the country's possessive swallows the country's own mention"),
    case("body-with-country-name-inside", "The Ministry of Industry of Velmora said it would cut exports.",
         {"Ministry of Industry of Velmora"}),
    case("body-of-country-then-country-acting",
         "The Ministry of Industry of Peru said Peru would cut exports.", {"Ministry of Industry of Peru", "Peru"}),
    case("long-name-joined-by-and", "The Federal Agency for Mining Affairs and Export Control approved the licence.",
         {"Federal Agency for Mining Affairs and Export Control"}),
    case("long-name-with-comma-list",
         "Tarvos's Ministry of Energy, Mines and the Digital Economy said output would fall.",
         {"Ministry of Energy, Mines and the Digital Economy"}),
    case("think-tank-for-several-words", "The Orlen Forum for Digital Trade, a Lisbon think tank, said the fund was small.",
         {"Orlen Forum for Digital Trade"}),
    case("ministry-of-two-portfolios-not-the-gazetteer-one",
         "The Ministry of Commerce and Industry said on Friday that Zentrix Systems had won the tender.",
         {"Ministry of Commerce and Industry", "Zentrix Systems"}),
    case("long-name-then-short-name",
         "Data from the Marlow Institute for Industrial Strategy show a fall. \"It is bad,\" a fellow at the Marlow "
         "Institute said.", {"Marlow Institute for Industrial Strategy"}),
    case("conjunction-before-a-second-name",
         "The Bureau of Mining Statistics and Kestrel Labs published the data with the Institute for Chip Policy.",
         {"Bureau of Mining Statistics", "Kestrel Labs", "Institute for Chip Policy"}),
    case("comma-ends-the-name", "The Ministry of Finance, Kestrel Labs and Orvane Systems signed the deal.",
         {"Ministry of Finance", "Kestrel Labs", "Orvane Systems"}),
    case("provincial-government", "The Yunfeng provincial government and the Lianshan municipal government offered land.",
         {"Yunfeng provincial government", "Lianshan municipal government"}),
    case("possessive-state-government", "Karnavati's state government offered Orvane Systems a further 20%.",
         {"Karnavati's state government", "Orvane Systems"}),
    case("demonym-federal-government", "The German federal government approved the grant.", {"German federal government"}),
    case("level-without-a-place", "The central government approved the grant.", set()),
    case("title-of-several-portfolio-words",
         "Minister of Digital Economy Farid Osman met Under Secretary for Industry and Security Dana Whitlock.",
         {"Farid Osman", "Dana Whitlock"}),
    case("gazetteer-surname-after-another-given-name", "Commerce official Mark Ellison said the rule would stand.",
         {"Mark Ellison"}),
    case("body-then-weekday", "A spokesperson for the Trade Department on Monday denied the report.", {"Trade Department"}),
]

PLACES = [
    case("town-near-facility", "Haedong Metals has delayed its roaster near Tarvaso, and its refinery at Kelmoor is idle.",
         {"Haedong Metals"}),
    case("town-after-based-in", "Kuroda Chemical, a supplier based in Minato, said prices would rise.",
         {"Kuroda Chemical"}),
    case("country-after-facility-noun-stays", "Daebong Chemical buys graphite from a mine in northern Mozambique.",
         {"Daebong Chemical", "Mozambique"}),
    case("stake-in-a-company-is-no-place", "Orvane Systems bought a stake in Kestrel Labs.", {"Orvane Systems", "Kestrel Labs"}),
    case("continents", "Demand in Asia and Africa grew, while Southeast Asia and Latin America lagged.", set()),
    case("gulf-region", "The Gulf is buying chips, and the Middle East wants data centres.", set()),
    case("gulf-states-named", "Gulf states such as the United Arab Emirates and Qatar are investing heavily.",
         {"United Arab Emirates", "Qatar"}),
    case("europe-as-place", "Exports to Europe and East Asia rose last year.", set()),
    case("capital-think-tank", "Halvorsen Labs, a Washington think tank, said China was ahead.", {"Halvorsen Labs", "China"}),
    case("capital-campus", "Students at the Lyon campus of Orvane University built the model.", {"Orvane University"}),
    case("capital-chipmaker", "Zentrix, a Seoul chipmaker, said Korea would benefit.", {"Zentrix", "South Korea"}),
    case("capitals-placing-offices", "Zentrix opened a Paris lab and a London office.", {"Zentrix"}),
    case("capital-inside-a-name", "Hana Novak of the Prague Policy Lab said the gap was closing.",
         {"Hana Novak", "Prague Policy Lab"}),
    case("capital-based", "A Beijing-based startup, Qintai, released a chatbot.", {"Qintai"}),
    case("capital-as-place", "The start-up runs two labs in Beijing and one in Tokyo.", set()),
    case("dateline", "WASHINGTON, May 3 - Zentrix Systems said on Friday it would build a plant in Ohio.",
         {"Zentrix Systems"}),
    case("dateline-run-into-a-name", "OSLO - Fjordline Compute, a start-up that trains models, raised money on Monday.",
         {"Fjordline Compute"}),
    case("dateline-with-state", "DENVER, Colorado - Kestrel Mining will open a lab in Peru.", {"Kestrel Mining", "Peru"}),
    case("dateline-of-two-cities", "TOKYO/SEOUL - Kestrel Mining agreed to supply Zentrix Systems.",
         {"Kestrel Mining", "Zentrix Systems"}),
    case("city-taken-for-a-person", "Kova will build a packaging plant near Kumamoto, to serve Europe.", {"Kova"}),
    case("city-coordinated-with-a-city", "Tarvon runs data centres near Madrid and Valdemoro that serve banks.",
         {"Tarvon"}),
    case("city-based-company", "Orvane, the Valdemoro-based maker of sensors, said sales rose.", {"Orvane"}),
    case("port-city-taken-for-a-person", "Analysts at Rotterdam brokerage Kroon & Visser expect prices to fall.",
         {"Kroon & Visser"}),
    case("country-based-only-places", "Exports rose, according to Halvard & Moss, a Singapore-based consultancy.",
         {"Halvard & Moss"}),
    case("capital-acting", "Beijing retaliated with export curbs on gallium.", {"China"}),
    case("province-acting", "Hubei Province will subsidise the fab, officials said.", {"Hubei Province"}),
    case("region-as-place-only", "The plant lies in Ohio, near the Kestrel Mining site in Michigan.", {"Kestrel Mining"}),
    case("company-taken-for-a-place", "Qintai said it would raise $300 million. Investors poured money into Qintai.",
         {"Qintai"}),
    case("named-project", "Kestrel Mining will supply the Orion Ridge project in Chile.", {"Kestrel Mining", "Chile"}),
    case("named-facility", "The Kestrel Data Center in Ohio will use chips from Nvidia.", {"Nvidia"}),
]

NAMES = [
    case("money-read-as-a-name", "The loan of EUR 505 million and a INR 760 billion grant went to Orvane Systems.",
         {"Orvane Systems"}),
    case("model-code-or-money", "Orvane Capital leads EUR600 million round in AI start-up Lumiane Robotics",
         {"Orvane Capital", "Lumiane Robotics"}),
    case("month-before-a-country", "In April China restricted exports of rare earths to Kestrel Mining.",
         {"China", "Kestrel Mining"}),
    case("registered-name-with-its-city", "The list adds Norvex (Tianjin) Technology Co. and Qilan (Xiamen) Co., Ltd.",
         {"Norvex (Tianjin) Technology Co.", "Qilan (Xiamen) Co., Ltd."}),
    case("suffix-after-a-comma-is-no-company",
         "The list adds Norvex (Tianjin) Co. Huawei Technologies Co., Ltd. and Hangzhou Hikvision Digital Technology "
         "Co., Ltd. were also listed.", {"Norvex (Tianjin) Co.", "Huawei", "Hikvision"}),
    case("name-cut-before-of", "Vikram Industries will build the plant with Pellucid Micro of the United States.",
         {"Vikram Industries", "Pellucid Micro", "United States"}),
    case("time-zone-in-furniture", "Updated 10:42 GMT. Kestrel Labs said the deal was done.", {"Kestrel Labs"}),
    # GOLD_FORMAT "Regions and projects": named projects and facilities are no actors (Stargate UAE)
    case("a-named-project-is-no-company", 'MGX joined the "Stargate" project, and Orvane Systems will supply '
         "Stargate Norvik.", {"MGX", "Orvane Systems"}),
    case("named-project-or-operation", "Project Lumen, a venture of Orvane Systems, and Operation Sandstorm were delayed.",
         {"Orvane Systems"}),
    case("country-based-descriptor", "Lysander, a Swiss-based analytics group, said demand was slowing.", {"Lysander"}),
    case("brand-before-model-code", "Tessaro said its Veyron X9 chips beat rivals; the X9 ships in May.",
         {"Tessaro", "Veyron X9"}),
    case("technology-acronyms", "Tessaro makes CMOS image sensors and MCU parts; its OLED panels use LCD drivers.",
         {"Tessaro"}),
    case("company-nvidia-twice", "Nvidia sold chips to Zentrix Systems. Nvidia said demand was strong.",
         {"Nvidia", "Zentrix Systems"}),
    case("unknown-company-short-form", "Shares of Orvane Tech rose. Orvane makes memory chips in Malaysia.",
         {"Orvane Tech", "Malaysia"}),
    case("company-noun-apposition", "Qintai, a startup, released a chatbot.", {"Qintai"}),
    case("company-noun-apposition-after", "The deal went to a chipmaker, Velmora Semiconductor, last year.",
         {"Velmora Semiconductor"}),
    case("company-after-at", "The chip was designed by engineers at Fenwick Semiconductor.", {"Fenwick Semiconductor"}),
    case("org-short-possessive",
         "Brightwater Analytics estimates that Chinese firms bought 40% of the chips. Brightwater's analysts said demand was high.",
         {"Brightwater Analytics", "China"}),
    case("names-joined-by-to", "Kestrel said it would sell Orvane to Halvard. Halvard has long wanted Orvane.",
         {"Kestrel", "Orvane", "Halvard"}),
    case("institute-for-a-policy", "The Institute for Chip Policy (ICP), a think tank, said exports fell. ICP said so again.",
         {"Institute for Chip Policy"}),
    case("outlet-source", "The Financial Times reported that Zentrix Systems was in talks with Saudi Arabia.",
         {"Financial Times", "Zentrix Systems", "Saudi Arabia"}),
    case("policy-forum", "The Varna Policy Forum said exports fell.", {"Varna Policy Forum"}),
    case("authorities-of-a-country", "Thai authorities said they had tightened checks on cargo.", {"Thai authorities"}),
    case("embassy-with-its-host", 'The Chinese embassy in Oslo called the delays "unfair".', {"Chinese embassy in Oslo"}),
    case("embassy-official", '"Norway is the partner we want," a U.S. embassy official said.', {"Norway", "U.S. embassy"}),
    case("forum-described-as-a-group", "The Baltic Chip Forum, an industry group, said exports fell.",
         {"Baltic Chip Forum"}),
    case("forum-cited", "According to the Baltic Chip Forum, the EU's share fell to 8%.",
         {"Baltic Chip Forum", "European Union"}),
    case("forum-as-an-event", "The Baltic Chip Forum opened in Riga on Monday.", set()),
    case("research-centre-of-a-person", "Prices rose, said Ana Ruiz of the Ostrava Research Center.",
         {"Ana Ruiz", "Ostrava Research Center"}),
    case("trade-centre-building", "Talks were held at the World Trade Centre.", set()),
    case("outlet-told", "Kestrel Mining told Reuters that output would fall.", {"Kestrel Mining", "Reuters"}),
    case("korean-chipmakers", "South Korean chipmakers Samsung Electronics and SK Hynix said they would comply.",
         {"Samsung Electronics", "SK Hynix"}),
    case("blocs", "The European Union and NATO discussed the curbs with the African Union.",
         {"European Union", "NATO", "African Union"}),
    case("brussels-acting", "Brussels wants to cut reliance on Chinese chips, the European Commission said.",
         {"European Union", "China", "European Commission"}),
    case("short-name-the-ner-took-for-a-place",
         "Kurobe Semiconductor supplies Japan. Kurobe engineers trained staff in Thailand, and Kurobe is expanding in Malaysia.",
         {"Kurobe Semiconductor", "Japan", "Thailand", "Malaysia"}),
    case("trade-group", "The Semiconductor Industry Association, a trade group, said U.S. chipmakers would lose sales.",
         {"Semiconductor Industry Association", "United States"}),
    # a plural possessive inside an association's name; an acronym opening a company's name in apposition
    case("plural-possessive-inside-a-name", "The Nordic Battery Makers' Association warned that cell supplies would "
         "run out.", {"Nordic Battery Makers' Association"}),
    case("acronym-word-of-a-company-in-apposition", "Regulators said KVR Logistics, a company run by Lin Hao and Mei "
         "Zhou, shipped servers to Peru.", {"KVR Logistics", "Lin Hao", "Mei Zhou", "Peru"}),
    # a capitalised description after "the" refers back; it names no actor of its own
    case("capitalised-description-refers-back", "Oman signed the accord on Monday, and the Kingdom pledged to buy "
         "chips. The Company said it would comply.", {"Oman"}),
    # a ministerial portfolio, before or after the title, names no body
    case("portfolio-of-joined-words-before-a-title", "Asked about the link to DeepSeek, Law and Home Affairs Minister "
         "Ana Ruiz said the inquiry would go on.", {"DeepSeek", "Ana Ruiz"}),
    case("portfolio-with-a-serial-comma-before-a-title", "Economy, Trade, and Industry Minister Ana Ruiz said the "
         "rules would cover 23 items.", {"Ana Ruiz"}),
    # a name the NER runs on into a ranking's ordinal ends before it
    case("ordinal-after-a-name", "The index ranks Tarvos fifth in the world for installed compute.", {"Tarvos"}),
    case("portfolio-after-secretary-of", "The pact was signed by Helen Marsh, Secretary of State for Science, Innovation "
         "and Technology, and Marco Bell.", {"Helen Marsh", "Marco Bell"}),
    case("a-named-list-is-no-actor", "Peru may add AI chips to its Strategic Goods List.", {"Peru"}),
    # a known organisation's name that the NER reads on as a longer one begins another organisation's name
    case("longer-name-beginning-with-a-known-organisation", "Mara Lind, an analyst at the Economist Intelligence "
         "Unit, said demand would fall.", {"Mara Lind", "Economist Intelligence Unit"}),
    # a name the NER took for a place is an organisation once it is owned or based somewhere
    case("owned-and-based-name-the-ner-took-for-a-place", "Exemptions were granted to exports made by Chilean-owned "
         "Lumeria for civilian use. While Lumeria is based in Peru, most of its chips are sent to Chile.",
         {"Lumeria", "Chile", "Peru"}),
    case("leaders-possessive-administration", "In 2023, Joe Biden's administration imposed new curbs on Peru.",
         {"Biden administration", "Peru"}),
]


@pytest.mark.parametrize(("text", "expected"), [*PEOPLE, *BODIES, *PLACES, *NAMES])
def test_actor_set(extractor, text, expected):
    missed, spurious = unmatched(extractor, text, expected)
    assert not missed and not spurious, f"missed {sorted(missed)}, spurious {spurious}"


@pytest.mark.parametrize(
    ("text", "word", "key"),
    [
        ("Ana Ruiz, an analyst at Fjord Capital, said prices would rise. According to Ruiz, stocks are low.",
         "Ruiz", "ana_ruiz"),
        ("Tomas Lindqvist warned of shortages. In a note, Lindqvist wrote that prices would rise.", "Lindqvist",
         "tomas_lindqvist"),
        ("Ana Ruiz said prices would rise. Marco Ruiz said they would fall. According to Ruiz, stocks are low.", "Ruiz",
         None),
    ],
    ids=["according-to-surname", "surname-as-subject", "surname-of-two-people"],
)
def test_surname_alone_is_the_person_named_in_full(extractor, text, word, key):
    from extractors.actors import index_actors
    from extractors.pipeline import paragraphs

    paras = paragraphs(text)
    docs = [(doc, off) for doc, (_, off) in zip(extractor.nlp.pipe([p for p, _ in paras]), paras)]
    idx = index_actors(docs, extractor.gazetteer)
    doc = docs[0][0]
    last = [t.i for t in doc if t.text == word][-1]
    assert idx.key_at(0, last) == key
