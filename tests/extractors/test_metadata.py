"""Article metadata from front matter, bylines, date lines, headings and a trailing source URL."""
from __future__ import annotations

import pytest

from extractors.gazetteer import Gazetteer, GazetteerEntry
from extractors.metadata import find_metadata, furniture_spans, publisher_from_url
from extractors.records import ArticleMeta

ARTICLE = """# Gulf States Race to Build AI Clusters

By Amara Lindqvist

March 4, 2024

Abu Dhabi is buying thousands of accelerators.

Original url:

<https://www.examplenews.com/2024/03/04/gulf-ai-clusters-a123>
"""

GAZETTEER = Gazetteer([
    GazetteerEntry(key="example_news", name="The Example News", type="Organization"),
    GazetteerEntry(key="examplenews_corp", name="Example", type="Country"),
])


def test_text_fills_every_missing_field():
    meta = find_metadata(ARTICLE, ArticleMeta(), GAZETTEER)
    assert meta == ArticleMeta(
        title="Gulf States Race to Build AI Clusters",
        url="https://www.examplenews.com/2024/03/04/gulf-ai-clusters-a123",
        publisher="The Example News",
        author="Amara Lindqvist",
        date="2024-03-04",
    )


def test_front_matter_fields_are_kept():
    given = ArticleMeta(title="Given", author="Given Author", date="2020-01-01", url="https://a.org/x", publisher="P")
    assert find_metadata(ARTICLE, given, GAZETTEER) == given


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Title line here for a story\nby Jonas Emberly\n\nBody text.", "Jonas Emberly"),
        ("By [Ruth Okafor](#)\n\nBody.", "Ruth Okafor"),
        ("Heading\nBY\nSomething Else entirely\n", None),
        ("The rule was adopted by Parliament\nlast week.", None),
    ],
    ids=["own-line", "markdown-link", "byline-does-not-cross-lines", "by-in-a-sentence"],
)
def test_byline_is_one_line_that_starts_with_by(text, author):
    assert find_metadata(text, ArticleMeta()).author == author


def test_date_in_a_sentence_is_not_the_article_date():
    text = "Chips Rule Update Explained\n\nThe rules took effect on January 5, 2023 after a long review of exports."
    assert find_metadata(text, ArticleMeta()).date is None


def test_date_falls_back_to_the_url_path():
    meta = find_metadata("Body.\n\nOriginal url: https://n.example/2022/11/30/story", ArticleMeta())
    assert meta.date == "2022-11-30"


def test_first_line_that_is_a_sentence_is_not_a_title():
    assert find_metadata("Nvidia shares fell 4% on Tuesday after the rules.\nMore text.", ArticleMeta()).title is None


def test_repeated_line_is_the_title():
    text = "Subscribe to Our Newsletter\nOk, Thanks\nGhana Opens Its First AI Lab\nPhoto by X / Y\n\nGhana Opens Its First AI Lab\n\nBody."
    assert find_metadata(text, ArticleMeta()).title == "Ghana Opens Its First AI Lab"


@pytest.mark.parametrize(
    ("url", "publisher"),
    [
        ("https://www.examplenews.com/a", "The Example News"),
        ("https://unknown-site.org/a", None),
        (None, None),
    ],
    ids=["known-medium", "unknown-host", "no-url"],
)
def test_publisher_comes_from_the_gazetteer_through_the_host(url, publisher):
    assert publisher_from_url(url, GAZETTEER) == publisher


def test_furniture_covers_bylines_credits_and_boilerplate_but_not_body():
    text = "By Ana Ruiz\n**Kai Blom/Agency**\nSubscribe to Our Newsletter\nKenya bought 300 servers.\nOriginal url: https://x.org"
    spans = furniture_spans(text)
    covered = "".join(text[s:e] for s, e in spans)
    assert "Ana Ruiz" in covered and "Kai Blom" in covered and "Subscribe" in covered and "x.org" in covered
    assert "Kenya" not in covered


@pytest.mark.parametrize(
    ("author", "titles", "kept"),
    [
        ("Chips; Minerals", ("Chips and Minerals",), False),
        ("Kova; Halvard", ("Site", "Kova & Halvard"), False),
        ("Chips; Minerals", ("Chips and Minerals | Daily Ledger",), False),
        ("Maria Lopez; Pedro Alva", ("Chips and Minerals",), True),
        ("Maria Lopez", (None,), True),
    ],
    ids=["headline-split-at-and", "headline-line-of-the-body", "title-part-beside-the-site", "byline-of-two", "no-title"],
)
def test_a_title_read_as_names_is_no_author(author, titles, kept):
    from extractors.metadata import byline_author

    assert byline_author(author, *titles) == (author if kept else None)


def test_a_byline_line_that_repeats_the_title_is_no_author():
    assert find_metadata("# By Northern Lights\n\nBy Northern Lights\n\nBody text.", ArticleMeta()).author is None
