"""The extractor never crashes on generated Unicode, huge paragraphs or thousands of entities, and every
evidence it returns is the exact text at its offsets."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from extractors.contract import to_contract
from extractors.records import Extraction

# big inputs take seconds each: no shrinking phase, so a failure is reported as found, in bounded time
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
FEW = settings(max_examples=4, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                      HealthCheck.function_scoped_fixture])
SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])

# Sentences written for these tests (own words), to build big inputs that the rules do fire on.
SENTENCES = [
    "Russia depends on China for advanced chips.",
    "According to Reuters, Japan restricted exports of chipmaking equipment to China in 2023.",
    "The Netherlands and the United States agreed to cooperate on semiconductor research.",
    "Officials said India imported 42 percent of its memory chips from South Korea.",
    "Samsung plans to spend $17 billion on a new factory by 2030, the company said.",
    "Brazil no longer relies on Germany for machine tools.",
]
NAMES = ["China", "Russia", "Japan", "India", "Germany", "France", "Nvidia", "TSMC", "ASML", "Huawei", "Brazil",
         "the European Union", "Samsung", "Intel", "Iran", "Israel", "Turkey", "Canada", "Vietnam", "Microsoft"]


def assert_exact(ex: Extraction, text: str) -> None:
    assert ex.text == text
    for item in (*ex.relations, *ex.figures, *ex.attributions):
        ev = item.evidence
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.text, (ev, text[ev.start:ev.end])
    for a in ex.actors:
        for start, end in a.mentions:
            assert 0 <= start < end <= len(text), (a.key, start, end)
    for group in to_contract(ex).values():
        for item in group if isinstance(group, list) else ():
            if isinstance(item, dict) and "evidence" in item:
                assert item["evidence"] in text


unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=3000)
mixed_text = st.lists(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=80), st.sampled_from(["\n\n", "\r\n", "\u2029", "\t"])),
                      max_size=60).map(" ".join)


@pytest.mark.slow
@SOME
@given(text=st.one_of(unicode_text, mixed_text))
def test_generated_unicode_never_crashes_and_evidence_is_exact(text, extractor):
    assert_exact(extractor.extract(text), text)


@pytest.mark.slow
@FEW
@given(sentences=st.lists(st.sampled_from(SENTENCES), min_size=400, max_size=700),
       sep=st.sampled_from([" ", "  ", "\n", " \u00a0"]))
def test_huge_single_paragraph_never_crashes_and_evidence_is_exact(sentences, sep, extractor):
    text = sep.join(sentences)  # one paragraph of 20-50k characters, no blank line to cut at
    assert len(text) > 15_000
    ex = extractor.extract(text)
    assert_exact(ex, text)
    assert ex.relations, "the rules still fire after the paragraph is cut"


@pytest.mark.slow
@FEW
@given(seed=st.integers(0, 2**32), count=st.integers(2000, 3000), per=st.integers(5, 40),
       joiner=st.sampled_from([", ", " and ", "; "]), paragraphs=st.booleans())
def test_thousands_of_entities_never_crash_and_evidence_is_exact(seed, count, per, joiner, paragraphs, extractor):
    rng = random.Random(seed)  # names drawn from a seed: hypothesis keeps a small example to replay
    names = [rng.choice(NAMES) for _ in range(count)]
    sep = "\n\n" if paragraphs else " "
    text = sep.join("The list names " + joiner.join(names[i:i + per]) + "." for i in range(0, len(names), per))
    text += " " + SENTENCES[0]
    ex = extractor.extract(text)
    assert_exact(ex, text)
    assert {"russia", "china"} <= {a.key for a in ex.actors}


@pytest.mark.slow
@settings(max_examples=2, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), count=st.integers(600, 1000))
def test_one_sentence_naming_a_thousand_entities_never_crashes(seed, count, extractor):
    rng = random.Random(seed)
    names = [rng.choice(NAMES) for _ in range(count)]
    # cost grows faster than linearly with the entities of one sentence (~1-2 s for 1,000 here)
    text = "The list names " + ", ".join(names) + ". " + SENTENCES[0]
    assert_exact(extractor.extract(text), text)
