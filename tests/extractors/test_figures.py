"""Figures: money, percentages, ranks, counts, multiples, conversions, years; and what is not a figure."""
from __future__ import annotations

import pytest

from extractors.figure_patterns import clean


def figures(extractor, text: str, meta=None):
    ex = extractor.extract(text, meta)
    for f in ex.figures:  # the evidence is always the text at its offsets
        assert text[f.evidence.start:f.evidence.end] == f.evidence.text
    return ex.figures


def values(extractor, text: str) -> set[tuple[float, str]]:
    return {(f.value, f.unit) for f in figures(extractor, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry set aside $2.5 billion for new fabs.", (2_500_000_000, "USD")),
        ("Its budget grew to a $2.5B programme.", (2_500_000_000, "USD")),
        ("The loan was worth US$40 million.", (40_000_000, "USD")),
        ("Brussels pledged €43 billion to chipmaking.", (43_000_000_000, "EUR")),
        ("London offered £1bn in grants.", (1_000_000_000, "GBP")),
        ("The subsidy reached ¥10 billion last spring.", (10_000_000_000, "CNY")),
        ("Moscow earmarked 12 billion rubles for computing.", (12_000_000_000, "RUB")),
        ("The fund holds 300 million yuan.", (300_000_000, "CNY")),
        ("Seoul will spend 450 trillion won on chips.", (450_000_000_000_000, "KRW")),
        ("The plant cost 7 billion dollars.", (7_000_000_000, "USD")),
        ("Delhi approved Rs 76,000 crore for semiconductors.", (760_000_000_000, "INR")),
        ("The charge came to $4.20 billion U.S. this quarter.", (4_200_000_000, "USD")),
        ("The start-up raised $310,000 in seed money.", (310_000, "USD")),
    ],
    ids=["dollar-word-scale", "dollar-letter-scale", "us-dollar", "euro", "pound-bn", "yen-sign", "rubles", "yuan",
         "won", "dollars-word", "crore", "trailing-US", "plain-dollars"],
)
def test_money_is_read_with_currency_and_scale(extractor, text, expected):
    assert expected in values(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 64% of the servers run abroad.", (64, "percent")),
        ("The yield is only 35 percent.", (35, "percent")),
        ("They aim for 15 per cent of global output.", (15, "percent")),
        ("Exports fell 3.5% in March.", (3.5, "percent")),
        ("Revenue from the region was cut in half.", (50, "percent")),
        ("More than half of the firm's sales go abroad.", (50, "percent")),
        ("Its share dropped to zero from 80% within two years.", (0, "percent")),
    ],
    ids=["sign", "percent-word", "per-cent", "decimal", "in-half", "half-of", "range-to-zero"],
)
def test_percentages_and_shares(extractor, text, expected):
    assert expected in values(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The index ranks Brazil #42 worldwide.", (42, "rank")),
        ("Chile ranked 19th in the survey.", (19, "rank")),
        ("Korea is the third-largest buyer of lithography tools.", (3, "rank")),
        ("Five countries are in the top 20.", (20, "rank")),
    ],
    ids=["hash", "ranked-ordinal", "ordinal-superlative", "top-n"],
)
def test_ranks(extractor, text, expected):
    assert expected in values(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister unveiled a six-point plan for chips.", (6, "count")),
        ("The list now includes 14 chip designers.", (14, "count")),
        ("Investigators found more than 2,000 foreign components.", (2000, "count")),
        ("The model was trained on a 1,024-chip cluster.", (1024, "count")),
        ("She mentioned sovereignty nine more times in the address.", (9, "count")),
        ("The state spent forty times as much on defence.", (40, "times")),
        ("That sum is five times lower than private investment.", (5, "times")),
        ("The plan would raise capacity by an order of magnitude.", (10, "times")),
        ("Shipments have more than doubled since the ban.", (2, "times")),
        ("The stock had tripled before the pullback.", (3, "times")),
        ("The fab will use 3nm technology.", (3, "nm")),
        ("Training took 120 hours on the cluster.", (120, "hours")),
    ],
    ids=["hyphen-count", "nummod", "comma-thousands", "hyphen-digits", "more-times", "times-as-much",
         "times-lower", "order-of-magnitude", "doubled", "tripled", "nanometres", "hours"],
)
def test_counts_multiples_and_physical_units(extractor, text, expected):
    assert expected in values(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The levy must be repaid within 30 days of delivery.", [(30, "days")]),
        ("Output has fallen for 11 straight months.", [(11, "months")]),
        ("The region saw unrest for close to three decades.", [(30, "years")]),
        ("Sales rose over the last five quarters.", [(5, "quarters")]),
        ("Veltra expects to ship 2.5 million sensor boards next year.", [(2_500_000, "count")]),
        ("The scheme will create 3 lakh jobs.", [(300_000, "count")]),
        ("Orvane bought 12'500 accelerators from its supplier.", [(12_500, "count")]),
        ("Nine of the group's member states signed the pledge.", [(9, "count")]),
        ("Four of the seven suppliers are foreign.", [(4, "count")]),
        ("Among the 40+ firms that joined, most are small.", [(40, "count")]),
        ("All three plants will open in the spring.", [(3, "count")]),
        ("Even all five together fall short of demand.", [(5, "count")]),
        ("The campus aims for a 300-megawatt capacity.", [(300, "MW")]),
        ("It could reach one gigawatt of power.", [(1, "GW")]),
        ("The fabs will make five- and three-nanometer parts.", [(5, "nm"), (3, "nm")]),
        ("Kestrel Holdings sold 250 acres to a data-centre builder.", [(250, "acres")]),
        ("Dunmore won a RM2.4 billion contract for the site.", [(2_400_000_000, "MYR")]),
        ("The agency opened a 90-day review of the deal.", [(90, "days")]),
        ("Talks broke down after two years of meetings.", [(2, "years")]),
        ("Imports from Korea make up nearly two thirds by value.", [(66.7, "percent")]),
        ("Shipments were cut by a third.", [(33.3, "percent")]),
        ("One in five servers sold there carries a foreign chip.", [(20, "percent")]),
        ("The new part is 4x faster than the old one.", [(4, "times")]),
        ("The cluster delivers 40 petaflops of compute.", [(40, "PFLOPS")]),
        ("The plant employs about 3,000 people.", [(3000, "count")]),
        ("Some 1.2m boards were sold, up from 800,000.", [(1_200_000, "count"), (800_000, "count")]),
        ("The curbs may slow its progress by two to three years.", [(2, "years"), (3, "years")]),
        ("The lab hired 300 to 400 engineers.", [(300, "count"), (400, "count")]),
        ("Margins are between 10 and 15 percent.", [(10, "percent"), (15, "percent")]),
        ("Its share of world output could reach one-tenth.", [(10, "percent")]),
        ("Two in three servers there run foreign chips.", [(66.7, "percent")]),
        ("The lab has twice as many engineers as its rival.", [(2, "times")]),
        ("Talvik is the world's number two memory maker.", [(2, "rank")]),
        ("Officials have 270 days to report their findings.", [(270, "days")]),
    ],
    ids=["within-days", "straight-months", "decades-are-years", "quarters", "scale-word-count", "lakh-count",
         "apostrophe-thousands", "partitive-of-the", "partitive-and-whole", "plus-count", "all-n-noun",
         "all-n-alone", "hyphen-unit", "word-number-unit", "suspended-hyphen", "acres", "ringgit-symbol", "hyphen-duration",
         "after-years", "hedged-fraction-by-value", "by-a-third", "one-in-five", "x-multiple", "petaflops",
         "people-employed", "glued-scale-letter-and-up-from", "duration-range", "count-range", "percent-between",
         "fraction-at-clause-end", "n-in-m", "twice-as", "number-two", "bare-span"],
)
def test_durations_partitives_scales_and_unit_forms(extractor, text, expected):
    got = values(extractor, text)
    assert set(expected) <= got
    assert not any(u == "count" and (v, "MW") in got for v, u in got)  # a unit's number is not also a count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is the second time the ministry has tightened the rules.", (2, "rank")),
        ("The third phase of the fund starts in May.", (3, "rank")),
        ("Holm Labs plans a fourth research campus in the north.", (4, "rank")),
        ("Brova dominates the sixth-generation memory market.", (6, "rank")),
        ("The province's fifth fab is slated for 2029.", (5, "rank")),
        ("Norway was the first country to restrict the tools.", (1, "rank")),
        ("Chile became the fifth country to join the pact.", (5, "rank")),
    ],
    ids=["second-time", "third-phase", "a-fourth", "ordinal-hyphen-noun", "possessive-ordinal", "first-to-rank",
         "fifth-country-to"],
)
def test_ordinals_of_sequence_are_ranks(extractor, text, expected):
    assert expected in values(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The agreement was signed on March 3, 2021 in Geneva.",
        "Since 2019, the two governments have met every spring.",
        "The plant opens in the first half of 2027.",
        "Parts reach the buyer via third countries.",
        "Its first phase opens next spring.",
        "Two engineers said the tool was ready.",
        "According to three people briefed on the talks, the deal collapsed.",
        "The 50-year-old plant closed.",
        "Kova, one of the big four lenders, joined the fund.",
        "The ministers met twice in May.",
        "Chips are a priority of the Five-Year Plan.",
        "Two years ago the plant closed.",
        "In the first six months of 2024 the plant was idle.",
        "Norvik, Talsa and Brenmor, three small foundries, bid for the site.",
        "The lab published its 21st-century roadmap.",
        "Buyers prefer the A100 and H100 accelerators.",
        "One of the officials declined to comment.",
        "Two sources familiar with the matter told reporters.",
        "See [the report](https://example.org/2024/05/17/report-88) for details.",
        "The E7 group issued new guidelines.",
        "News of the billion-dollar charge worried investors.",
    ],
    ids=["date", "year", "first-half-of-year", "third-countries", "first-is-initial", "speakers-counted", "unnamed-sources", "age", "big-four", "twice-as-frequency", "plan-name", "years-ago", "months-of-a-year",
         "appositive-to-named-parties", "century", "product-codes", "one-of", "sources",
         "link-target", "group-name", "billion-dollar-adjective"],
)
def test_dates_ordinals_codes_and_links_are_not_figures(extractor, text):
    assert values(extractor, text) == set()


def test_parenthetical_conversion_gives_two_linked_figures(extractor):
    found = figures(extractor, "The agency allocated 3.1 billion rubles ($34,500,000) to research in 2025.")
    rub = next(f for f in found if f.unit == "RUB")
    usd = next(f for f in found if f.unit == "USD")
    assert (rub.value, usd.value) == (3_100_000_000, 34_500_000)
    assert found[rub.equivalent_to] is usd and found[usd.equivalent_to] is rub


def test_markdown_links_and_escapes_do_not_hide_a_figure(extractor):
    found = values(extractor, "The ministry allocated [4.4 billion rubles](#) (\\$48,000,000) to labs.")
    assert {(4_400_000_000, "RUB"), (48_000_000, "USD")} <= found


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2022, the firm spent $3 billion on research.", 2022),
        ("Kazakhstan plans to cut imports by 40% by 2031.", 2031),
        ("Revenue reached $8 billion in 2024 compared with $5 billion in 2023.", 2024),
    ],
    ids=["leading-in", "by-year", "nearest-year"],
)
def test_the_year_a_figure_refers_to(extractor, text, year):
    assert figures(extractor, text)[0].year == year


def test_relative_year_uses_the_article_date(extractor):
    from extractors.records import ArticleMeta

    found = figures(extractor, "Imports climbed to $4 billion last year.", ArticleMeta(date="2024-06-01"))
    assert found[0].year == 2023


def test_figure_has_subject_about_and_attribution(extractor):
    found = figures(extractor, "According to Reuters, Huawei shipped 40% of its processors to Chinese data centres.")
    f = next(f for f in found if f.unit == "percent")
    assert f.subject == "huawei"
    assert f.about and "processors" in f.about
    assert f.attributed_to == "reuters"


def test_clean_maps_every_kept_character_back():
    s = "See [5 billion](#) (\\$7) at <https://x.org/1>."
    cleaned, kept = clean(s)
    assert "](#)" not in cleaned and "https" not in cleaned and "\\" not in cleaned
    assert all(s[i] == c for c, i in zip(cleaned, kept))


def test_a_fraction_in_words_is_found_in_a_sentence_without_digits(extractor):
    assert (25, "percent") in values(extractor, "A quarter of the boards came from Korea.")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Kanto Denki's sales in Japan fell to ¥80 billion.", "JPY"),
        ("Talvik's revenue in China rose to ¥80 billion.", "CNY"),
    ],
    ids=["yen-in-japanese-context", "yuan-in-chinese-context"],
)
def test_the_yen_yuan_sign_reads_its_context(extractor, text, unit):
    assert (80_000_000_000, unit) in values(extractor, text)


def test_a_bare_number_after_a_list_label_is_a_count(extractor):
    text = "## Key numbers\n\n- Licence requests pending: about 300\n- Firms listed: 41\n"
    assert {(300, "count"), (41, "count")} <= values(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Orders at Brannick Tools rose tenfold within a year.", (10, "times")),
        ("The Vellmark lab needs threefold more power than planned.", (3, "times")),
        ("Talvik Semiconductor booked 8.4 billion Swedish kronor in sales.", (8_400_000_000, "SEK")),
        ("The Oslo fund lent 900 million Norwegian kroner to Halvard Systems.", (900_000_000, "NOK")),
        ("Warsaw set aside 2 billion zloty for a packaging plant.", (2_000_000_000, "PLN")),
        ("Analysts put the backlog at between 40,000 to 60,000 accelerators.", (60_000, "count")),
        ("Estimates for Kestrel range from 15,000 to 25,000 boards.", (15_000, "count")),
    ],
    ids=["fold-word", "fold-word-comparative", "kronor", "kroner-with-country", "zloty", "range-upper-bound",
         "range-tagged-as-money"],
)
def test_multiple_words_currencies_by_name_and_count_ranges(extractor, text, expected):
    assert expected in values(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Brannick's chip sales were strong in the first half.",
        "Deliveries to Tarvos picked up in the second half.",
    ],
    ids=["first-half", "second-half"],
)
def test_a_part_of_a_period_is_not_a_share(extractor, text):
    assert not any(unit == "percent" for _, unit in values(extractor, text))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Chile's budget grew. The Santiago government will spend 300 billion pesos on a chip programme.", "CLP"),
        ("Mexico plans a fab. The subsidy is worth 40 billion pesos.", "MXN"),
        ("Halvard is based in Oslo, Norway. It booked 12 billion crowns in sales.", "NOK"),
        ("Kova booked 3 billion pesos in sales.", "MXN"),
    ],
    ids=["pesos-chile", "pesos-mexico", "crowns-norway", "pesos-default"],
)
def test_a_currency_word_several_countries_use_reads_the_context(extractor, text, unit):
    assert unit in {u for _, u in values(extractor, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brannick's 2,000-strong workforce will move to the new plant.", (2000, "count")),
        ("A 12-person team at Vellmark built the model.", (12, "count")),
        ("The deal values Vexa at 12 times its annual revenue.", (12, "times")),
    ],
    ids=["n-strong", "n-person", "times-its"],
)
def test_group_sizes_and_multiples_of_a_possessed_amount(extractor, text, expected):
    assert expected in values(extractor, text)
