"""Figures written in the less common ways unseen articles use: durations, partitives, number formats, spelled-out
and word figures, ranges, currency codes and symbols, and years beside a share or a target. Every sentence is
invented; each case gives the exact set of (value, unit) the conventions of GOLD_FORMAT.md expect."""
from __future__ import annotations

import pytest


def found(extractor, text: str, meta=None) -> set[tuple[float, str]]:
    ex = extractor.extract(text, meta)
    for f in ex.figures:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.text
    return {(round(f.value, 1), f.unit) for f in ex.figures}


def check(extractor, text, expected):
    assert found(extractor, text) == {(round(float(v), 1), u) for v, u in expected}


DURATIONS = [
    ("Brannick must answer the regulator within 90 days.", [(90, "days")]),
    ("Output at Vellmark has shrunk for 14 straight months.", [(14, "months")]),
    ("The Orvane plant will be built over three years.", [(3, "years")]),
    ("Sales at Talsa fell for the last six quarters.", [(6, "quarters")]),
    ("Kestrel has cut prices in each of the past 18 months.", [(18, "months")]),
    ("The licence is valid for two consecutive years.", [(2, "years")]),
    ("Halvard signed a six-month supply deal with Norvik.", [(6, "months")]),
    ("The review must finish within 48 hours.", [(48, "hours")]),
    ("The pact runs for another five years.", [(5, "years")]),
    ("Demand for Brova memory will grow over the coming four years.", [(4, "years")]),
    ("The embargo lasted nearly two decades.", [(20, "years")]),
    ("Vexa spent eight weeks testing the new boards.", [(8, "weeks")]),
    ("The tariff will be phased in over 30 months.", [(30, "months")]),
    ("The Dunmore fab sat idle for a further 12 months.", [(12, "months")]),
    ("Zell Micro reported losses for twenty-four consecutive months.", [(24, "months")]),
]

PARTITIVES = [
    ("Three of them have already left the market.", [(3, "count")]),
    ("Four of the seven suppliers are based abroad.", [(4, "count"), (7, "count")]),
    ("Kova sold 9,500 of the company's newest boards to Tarvos.", [(9500, "count")]),
    ("Two of its three fabs are in Malaysia.", [(2, "count"), (3, "count")]),
    ("Twelve of the 27 member states backed the plan.", [(12, "count"), (27, "count")]),
    ("Five out of six buyers chose the cheaper part.", [(5, "count"), (6, "count")]),
    ("Only 40 of the 120 licences were granted.", [(40, "count"), (120, "count")]),
    ("Most of the 60 firms on the list are small.", [(60, "count")]),
    ("Six of those were shipped to Norvik.", [(6, "count")]),
]

FORMATS = [
    ("Orvane ordered 12'500 GPUs from Vellmark.", [(12_500, "count")]),
    ("Orvane ordered 12\u2019500 GPUs from Vellmark.", [(12_500, "count")]),
    ("Brova makes 2 billion sensors a year.", [(2_000_000_000, "count")]),
    ("The Talsa park will create 2 lakh jobs.", [(200_000, "count")]),
    ("The scheme reached 3 crore users.", [(30_000_000, "count")]),
    ("Talsa will put ₹1,26,000 crore into the new fabs.", [(1_260_000_000_000, "INR")]),
    ("The scheme pays Rs 2,50,000 to each trainee.", [(250_000, "INR")]),
    ("Kova counted 1,02,345 registered engineers.", [(102_345, "count")]),
    ("Over a thousand Velmoran firms are on the list.", [(1_000, "count")]),
    ("Nearly a million users signed up for Zorbo Chat.", [(1_000_000, "count")]),
    ("Kova hired a hundred engineers.", [(100, "count")]),
    ("A billion dollars was pledged to Orvane.", [(1_000_000_000, "USD")]),
    ("Ten billion dollars is a lot for Tarvos.", [(10_000_000_000, "USD")]),
    ("Vexa paid five million euros for the licence.", [(5_000_000, "EUR")]),
    ("Kova has a billion-dollar plan.", []),
    ("The rule covers widths of 10 to 14 nanometers.", [(10, "nm"), (14, "nm")]),
    ("Capacity of 2-3 GW is planned at Dunmore.", [(2, "GW"), (3, "GW")]),
    ("Shipments of between 40 and 50 tonnes were reported.", [(40, "tonnes"), (50, "tonnes")]),
    ("All five projects were delayed.", [(5, "count")]),
    ("Kestrel imports nearly two thirds by value.", [(66.7, "percent")]),
    ("Korean parts make up roughly a third by volume.", [(33.3, "percent")]),
    ("Vexa shipped 1.5 million boards to Halvard.", [(1_500_000, "count")]),
    ("Norvik ships 40,000 tonnes of graphite each year.", [(40_000, "tonnes")]),
    ("Varenko mines about 2.2 million tonnes of nickel a year.", [(2_200_000, "tonnes")]),
    ("Tarvos caps sales abroad at 15 tonnes.", [(15, "tonnes")]),
    ("Mills in Norvik refine about nine-tenths of the world's cobalt.", [(90, "percent")]),
    ("Roughly three-eighths of the output goes to Halvard.", [(37.5, "percent")]),
    ("Kova expects its sales to Tarvos to rise by a third next year.", [(33.3, "percent")]),
    ("Tarvos set up a 2 billion Singapore dollar fund for chip design.", [(2_000_000_000, "SGD")]),
    ("Norvik slipped to ninth, down from sixth a year earlier.", [(9, "rank"), (6, "rank")]),
    ("In the index Halvard is fifth and Norvik is now at eighth.", [(5, "rank"), (8, "rank")]),
    ("Halvard hired two hundred engineers.", [(200, "count")]),
    ("Dunmore employs twenty-five engineers at the site.", [(25, "count")]),
    ("A dozen firms applied for the grant.", [(12, "count")]),
    ("Some 1.2 million users signed up.", [(1_200_000, "count")]),
]

WORDS_AND_RANKS = [
    ("Forty percent of the wafers came from Kestrel.", [(40, "percent")]),
    ("Twenty-five per cent of its revenue comes from Tarvos.", [(25, "percent")]),
    ("Vellmark's share rose to thirty-two percent.", [(32, "percent")]),
    ("A third of the boards were sold abroad.", [(33.3, "percent")]),
    ("Half the world's memory chips are made by Brova.", [(50, "percent")]),
    ("Norvik controls about half the market.", [(50, "percent")]),
    ("Talsa plans to double output at its plant.", [(2, "times")]),
    ("Brannick saw a threefold rise in orders.", [(3, "times")]),
    ("Brannick saw a three-fold rise in orders.", [(3, "times")]),
    ("Demand grew 2.5-fold over the period.", [(2.5, "times")]),
    ("Vexa is the No. 2 maker of memory.", [(2, "rank")]),
    ("Vexa is the world's No.2 maker of memory.", [(2, "rank")]),
    ("Halvard is the second-largest chipmaker in the region.", [(2, "rank")]),
    ("Halvard is the second largest chipmaker in the region.", [(2, "rank")]),
    ("Orvane ranked No. 1 in the survey.", [(1, "rank")]),
    ("Kova is among the top five suppliers.", [(5, "rank")]),
    ("Dunmore's orders quadrupled in a year.", [(4, "times")]),
    ("Tarvos is the largest buyer of the tools.", []),
    ("The firm posted double-digit growth.", []),
]

RANGES = [
    ("Margins at Kova are between 10 and 15 per cent.", [(10, "percent"), (15, "percent")]),
    ("Prices rose 10-15% after the curbs.", [(10, "percent"), (15, "percent")]),
    ("Prices rose 10 to 15 percent after the curbs.", [(10, "percent"), (15, "percent")]),
    ("Tariffs of up to 30% apply to the parts.", [(30, "percent")]),
    ("More than 40 per cent of the output is exported.", [(40, "percent")]),
    ("As much as 25% of the chips go to Tarvos.", [(25, "percent")]),
    ("The project will cost $10-12 billion.", [(10e9, "USD"), (12e9, "USD")]),
    ("The project will cost between $5 billion and $7 billion.", [(5e9, "USD"), (7e9, "USD")]),
    ("The project will cost $1.5 billion to $2 billion.", [(1.5e9, "USD"), (2e9, "USD")]),
]

CURRENCIES = [
    ("Brussels granted Vellmark EUR 3bn for the plant.", [(3e9, "EUR")]),
    ("Shipments to Velmora rose to $4.1 bln in May from $3.6 bln.", [(4.1e9, "USD"), (3.6e9, "USD")]),
    ("Hallyu Memory's sales reached 3.1 trln won, while costs were 800 bln won.", [(3.1e12, "KRW"), (8e11, "KRW")]),
    ("Brussels granted Vellmark EUR3 billion for the plant.", [(3e9, "EUR")]),
    ("Talsa raised \u00a540 billion for the project.", [(40e9, "CNY")]),
    ("Delhi approved Rs 500 crore for the Kova plant.", [(5e9, "INR")]),
    ("Delhi approved Rs. 1,200 crore for the Kova plant.", [(12e9, "INR")]),
    ("Delhi approved \u20b93,000 crore for the Kova plant.", [(30e9, "INR")]),
    ("Delhi approved INR 500 crore for the Kova plant.", [(5e9, "INR")]),
    ("Norvik paid US$1.2bn for the stake.", [(1.2e9, "USD")]),
    ("Norvik paid USD 2.5 million for the stake.", [(2.5e6, "USD")]),
    ("Halvard booked RMB 5 billion in sales.", [(5e9, "CNY")]),
    ("Halvard booked CNY 10bn in sales.", [(10e9, "CNY")]),
    ("Taipei offered NT$200 billion to Brova.", [(200e9, "TWD")]),
    ("Seoul pledged KRW 10 trillion to chipmakers.", [(10e12, "KRW")]),
    ("Seoul pledged \u20a910 trillion to chipmakers.", [(10e12, "KRW")]),
    ("Tokyo pledged JPY 500 billion to Kova.", [(500e9, "JPY")]),
    ("Riyadh committed SAR 4bn to the campus.", [(4e9, "SAR")]),
    ("The fund holds 3 billion euros.", [(3e9, "EUR")]),
    ("The loan totals \u00a31.5bn.", [(1.5e9, "GBP")]),
    ("The stake is worth HK$3bn.", [(3e9, "HKD")]),
]

MORE_WAYS = [
    ("Norvik's profit rose 2.5 times.", [(2.5, "times")]),
    ("Orders at Kova grew three times in a year.", [(3, "times")]),
    ("Exports rose 12.5pc last year.", [(12.5, "percent")]),
    ("Norvik controls 90pc of the market.", [(90, "percent")]),
    ("Kova's market share slipped 3 percentage points to 41%.", [(3, "percent"), (41, "percent")]),
    ("Kova ranked 5th of 30 countries.", [(5, "rank"), (30, "count")]),
    ("At least two of the firms are state-owned.", [(2, "count")]),
    ("Nearly nine in 10 servers use Kova chips.", [(90, "percent")]),
    ("The firm's 5G network covers the city.", []),
    ("The Industry 4.0 push continues.", []),
    ("Kova sold 500 Model 3 units.", [(500, "count")]),
    ("Kova Cuts 300 Jobs at Its Tarvos Plant", [(300, "count")]),
    ("The ministers met for the first time in 2023.", []),
    ("Kova produced 2bn chips last year.", [(2e9, "count")]),
    ("Kova makes 500k wafers a month.", [(500_000, "count")]),
    ("The ministry approved projects worth \u20b91.26 lakh crore.", [(1.26e12, "INR")]),
    ("Kova paid a US$3.5-billion fine.", [(3.5e9, "USD")]),
    ("Kova is the No 1 supplier.", [(1, "rank")]),
    ("Tarvos accounts for between a quarter and a third of sales.", [(25, "percent"), (33.3, "percent")]),
    # an ordinal of a streak is a rank (GOLD_FORMAT: an ordinal of sequence); a cardinal streak is a span
    ("Exports fell for a 14th straight month.", [(14, "rank")]),
    ("It was the fifth consecutive quarter of growth.", [(5, "rank")]),
    ("Sales slipped for the ninth month in a row.", [(9, "rank")]),
    ("It was the third successive monthly decline.", [(3, "rank")]),
    ("Sales have slipped for six straight quarters.", [(6, "quarters")]),
    # "and a half" after a number word; a span's range gives both bounds; compute thresholds as powers of ten
    ("Imports were two and a half times higher than a year earlier.", [(2.5, "times")]),
    ("The deal was worth one and a half billion dollars.", [(1.5e9, "USD")]),
    ("The firm took two and a half years to build the fab.", [(2.5, "years")]),
    ("The plant cut its shipments by half within months.", [(50, "percent")]),
    ("Clearance now takes 45 to 60 days.", [(45, "days"), (60, "days")]),
    ("Kova waited 3-4 weeks for parts.", [(3, "weeks"), (4, "weeks")]),
    ("The agency must decide within 20 working days.", [(20, "days")]),
    ("The 2023-24 years were hard.", []),
    ("The rule covers models trained with more than 10^26 floating-point operations.", [(1e26, "FLOP")]),
    ("Models above 10^25 FLOP need a licence.", [(1e25, "FLOP")]),
    ("The controls apply to models trained with more than 10^25 operations.", [(1e25, "FLOP")]),
    ("Kova runs a 70-billion-parameter language model.", [(7e10, "count")]),
    ("The fund is a 10-billion-dollar vehicle.", [(1e10, "USD")]),
    ("The rail route to the port is 3,000 kilometres long.", [(3000, "km")]),
    ("Kova rose to fifth from ninth.", [(5, "rank"), (9, "rank")]),
    # a grouping in a ranked sequence is a rank, "first" included; "second-tier" grades quality
    ("The rule sets up a first tier of close partners.", [(1, "rank")]),
    ("The second tier, covering 110 countries, faces caps.", [(2, "rank"), (110, "count")]),
    ("Both were placed in the third tier.", [(3, "rank")]),
    ("Kova sells second-tier lithography tools.", []),
    ("First tier suppliers ship the parts.", []),
    ("Exports grew to CHF 1'200 million.", [(1.2e9, "CHF")]),
    ("Exports reached 1.2 million units in 2023, 2.1 million in 2024.", [(1.2e6, "count"), (2.1e6, "count")]),
    ("Kova earned $1.2 billion in 2023 and 2.1 billion in 2024.", [(1.2e9, "USD"), (2.1e9, "USD")]),
    ("Tarvos has a population of 1.4 billion.", [(1.4e9, "count")]),
    ("Kova shipped 2 million of its boards.", [(2e6, "count")]),
    ("Tarvos blacklisted 77 entities, bringing the total to more than 600.", [(77, "count"), (600, "count")]),
    ("The number of staff fell to 1,200 in 2023.", [(1200, "count")]),
    ("The law bans exports of chips above 4,800 TOPS.", [(4800, "TOPS")]),
    ("By Ana Ruiz, 3 min read", []),
    ("In 2022 alone, 1,500 firms were added to the list.", [(1500, "count")]),
    ("Output rose by a factor of three.", [(3, "times")]),
    ("Kova slipped to fourth place.", [(4, "rank")]),
    ("Kova climbed to 7th.", [(7, "rank")]),
    ("Tarvos was ranked number one.", [(1, "rank")]),
    ("A 1.5 percentage-point rise.", [(1.5, "percent")]),
    ("In the first place, the rule is unclear.", []),
]

POINTING_AND_WORDS = [
    ("Talsa aims to halve its imports of wafers.", [(50, "percent")]),
    ("Brova has raised about a twentieth of what Kova raised.", [(5, "percent")]),
    ("Vellmark now sells roughly a sixth of its output abroad.", [(16.7, "percent")]),
    ("Building the line took more than a decade.", [(10, "years")]),
    ("The tariff was first tried over a decade ago.", []),
    ("Tarvos will pause its other curbs for a year.", [(1, "years")]),
    ("Approvals took nearly a month.", [(1, "months")]),
    ("Exports began to fall a year ago.", []),
    ("Tarvos exports grew 40% over the past decade.", [(40, "percent"), (10, "years")]),
    ("Prices rose in the last year.", []),
    ("Tarvos joined the pact, bringing its membership to nine.", [(9, "count")]),
    ("The four turbines bought by Orvane are idle.", [(4, "count")]),
    ("The three firms declined to comment.", []),
    ("Kova sells to Peru and Chile, two of the fastest-growing markets for its boards.", []),
    ("Kova will cooperate with Peru and Chile, two of its smallest suppliers.", []),
    ("The decree caps board exports at 20,000 per buyer.", [(20000, "count")]),
    ("The fine is the fourth of its kind in Tarvos this year.", [(4, "rank")]),
    ("The ruling came on the fourth of June.", []),
    ("The first of the plants opens in 2026, with the second following in 2027.", []),
    ("The rule cuts the review period from 60 days to zero.", [(60, "days"), (0, "days")]),
    # an ordinal places its noun however many of the noun's own modifiers stand between
    ("The fine is the fourth export-control enforcement action against Kova.", [(4, "rank")]),
    ("Orvane opened the second Tarvos-based wafer packaging plant.", [(2, "rank")]),
    # a ranking verb names what it ranks before the ordinal
    ("The index ranks Tarvos fifth in the world for installed compute.", [(5, "rank")]),
    ("Analysts rated Kova second among board makers.", [(2, "rank")]),
    ("Tarvos ranks high in the index.", []),
    # a multiplying verb in the present tense; a range of multiples gives both bounds
    ("Kova's profit nearly triples on memory demand.", [(3, "times")]),
    ("Orvane doubles its order from Vellmark.", [(2, "times")]),
    ("Smuggled boards cost two to three times as much as legal ones.", [(2, "times"), (3, "times")]),
    ("Kova meets the regulator three times a year.", [(3, "count")]),
    # a number with thousands separators is an amount even when its noun is left implicit
    ("Kova will ship 500,000 boards, with 400,000 going to Tarvos and the remaining 100,000 to Orvane.",
     [(500000, "count"), (400000, "count"), (100000, "count")]),
    ("Orvane may import up to 250,000 next year.", [(250000, "count")]),
    # a spelled number after "the" and a filler still points back to named parties; the counted phrase's head
    # decides ("the two AI safety bodies" are parties, "the remaining three plants" things)
    ("The other two companies declined to comment.", []),
    ("The deal covers the only three countries that make the tools.", []),
    ("The two AI safety testing bodies will share methods.", []),
    ("The remaining three plants will open next year.", [(3, "count")]),
]

YEARS = [
    ("In 2023, 88% of the boards were shipped from Tarvos.", [(88, "percent")]),
    ("In 2023 88% of the boards were shipped from Tarvos.", [(88, "percent")]),
    ("By 2030, 40% of the chips should be made locally.", [(40, "percent")]),
    ("The 2025 target of 20% was missed.", [(20, "percent")]),
    ("Kova set a 2030 goal of 50 GW.", [(50, "GW")]),
    ("In 2024, 12 firms joined the pact.", [(12, "count")]),
    ("Its share fell to 15% in 2023 from 22% in 2021.", [(15, "percent"), (22, "percent")]),
    ("In fiscal 2024, 30% of revenue came from Tarvos.", [(30, "percent")]),
    ("2023's 12% rise was the largest.", [(12, "percent")]),
    ("Exports in 2022, 2023 and 2024 rose by 5%, 7% and 9%.", [(5, "percent"), (7, "percent"), (9, "percent")]),
    ("The 2022-2024 plan doubled capacity.", [(2, "times")]),
    ("The share hit 30% in 2023 and should reach 50% by 2030.", [(30, "percent"), (50, "percent")]),
    ("Decree No. 61 of 2025 capped exports at 40%.", [(40, "percent")]),
]


GROUPS = {"duration": DURATIONS, "partitive": PARTITIVES, "format": FORMATS, "words-and-ranks": WORDS_AND_RANKS,
          "range": RANGES, "currency": CURRENCIES, "more-ways": MORE_WAYS, "years-as-values": YEARS,
          "pointing-back-and-words": POINTING_AND_WORDS}
CASES = [(group, text, expected) for group, cases in GROUPS.items() for text, expected in cases]


@pytest.mark.parametrize(("group", "text", "expected"), CASES, ids=[f"{g}: {t[:40]}" for g, t, _ in CASES])
def test_each_form_gives_exactly_its_figures(extractor, group, text, expected):
    check(extractor, text, expected)


DATED = [
    ("In 2023, the share reached 30%, while the target for 2030 is 50%.", [(30, 2023), (50, 2030)]),
    ("The 2025 target of 20% was missed.", [(20, 2025)]),
    ("Kova set a 2030 goal of 50 GW.", [(50, 2030)]),
    ("Its 2023 share of 40% was a record.", [(40, 2023)]),
    ("In March 2024, 45% of orders were cancelled.", [(45, 2024)]),
    ("Sales fell 30% year on year in Q3 2024.", [(30, 2024)]),
    ("Kova aims to reach 50% by 2030, up from 30% in 2023.", [(50, 2030), (30, 2023)]),
    ("In 2022 sales rose 10% and Kova expects growth of 5% by 2030.", [(10, 2022), (5, 2030)]),
    ("In 2023 1,200 firms joined the pact.", [(1200, 2023)]),
    ("Since 2020 30 firms have left the market.", [(30, 2020)]),
    ("In 2021 12 of the 27 members backed it.", [(12, 2021), (27, 2021)]),
]


@pytest.mark.parametrize(("text", "expected"), DATED, ids=[t[:40] for t, _ in DATED])
def test_a_year_dates_the_figure_of_its_clause_and_is_no_part_of_it(extractor, text, expected):
    got = {(round(f.value, 1), f.year) for f in extractor.extract(text, None).figures}
    assert got == {(float(v), y) for v, y in expected}
