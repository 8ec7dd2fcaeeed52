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
