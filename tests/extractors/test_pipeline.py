"""The pipeline: paragraph cutting, robustness on arbitrary text, evidence integrity, corpus scores."""
from __future__ import annotations

import importlib.util
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.contract import to_contract
from extractors.pipeline import MAX_PARAGRAPH_CHARS, paragraphs

from tests.conftest import shared_path


def assert_integrity(text: str, ex) -> None:
    for item in (*ex.relations, *ex.figures, *ex.attributions):
        ev = item.evidence
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.text
    for f in ex.figures:
        if f.equivalent_to is not None:
            assert ex.figures[f.equivalent_to].equivalent_to is not None
    for a in ex.actors:
        for s, e in a.mentions:
            assert 0 <= s < e <= len(text)


@pytest.mark.parametrize(
    "text",
    ["One.\n\nTwo.\n\n\n  Three  ", "no blank lines at all", "\n\n\n", "x" * (MAX_PARAGRAPH_CHARS * 2 + 7)],
    ids=["blank-lines", "single", "only-blank", "over-long"],
)
def test_paragraphs_cover_the_text_at_their_offsets(text):
    for para, offset in paragraphs(text):
        assert text[offset:offset + len(para)] == para
        assert len(para) <= MAX_PARAGRAPH_CHARS


@pytest.mark.parametrize("text, first", [
    ("OSLO - Vennor Labs said on Monday it would build a plant.", "Vennor Labs said"),
    ("PORTO, Portugal - The ministry said exports fell.", "The ministry said"),
    ("LIMA, June 3 - Peru's customs office reported a rise.", "Peru's customs office"),
    ("CAIRO (Nilewire) - Egypt signed the deal.", "Egypt signed"),
    ("HANOI (Mekong Wire): Vietnam signed the deal.", "Vietnam signed"),
    ("NATO - the alliance - met in June.", "NATO - the alliance"),  # no capital place before a dash alone
    ("US - China trade fell.", "US - China"),
    ("NOTE: Egypt signed the deal.", "NOTE: Egypt"),  # a colon ends a dateline only after an outlet
], ids=["city", "city-region", "city-date", "city-outlet", "city-outlet-colon", "acronym-aside", "short-pair",
        "label-colon"])
def test_a_dateline_is_left_out_of_the_paragraph(text, first):
    para, offset = paragraphs(text)[-1]
    assert para.startswith(first)
    assert text[offset:offset + len(para)] == para


@pytest.mark.parametrize("text, outlet", [
    ("CAIRO (Nilewire) - Egypt signed the deal.", "Nilewire"),
    ("HANOI, May 2 (Mekong Wire): Vietnam signed the deal.", "Mekong Wire"),
], ids=["dash", "colon"])
def test_a_datelines_outlet_is_read_on_its_own(text, outlet):
    (piece, offset), (rest, _) = paragraphs(text)
    assert (piece, text[offset:offset + len(piece)]) == (outlet, outlet)
    assert not rest.startswith(outlet)


def test_a_wire_service_in_a_dateline_is_an_actor(extractor):
    ex = extractor.extract("TAIPEI (Reuters): Taiwan's government has added Huawei to its export control list.")
    assert {"Reuters", "Taiwanese government", "Huawei"} <= {a.name for a in ex.actors}
    restriction = {(r.subject, r.object) for r in ex.relations if r.kind == "restriction"}
    assert ("taiwan_government", "huawei") in restriction


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=0, max_size=400))
def test_extraction_never_crashes_and_evidence_is_verbatim(extractor, text):
    ex = extractor.extract(text)
    assert_integrity(text, ex)
    json.dumps(to_contract(ex))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "Russia", "China's", "Beijing", "the Kremlin", "$2.5 billion", "40%", "(\\$5,000)", "[7 times](#)", "He",
    "the company", "#31", "Nvidia (NVDA)", "H800s", "\u201cquoted\u201d", "\n\n", "\n", "By Ann Lee\n", "ranked 4th",
    "\u0000", "\U0001F600", "e\u0301", "\u202e", "2023", "half of", "tripled", ",", ".", " ",
]), min_size=1, max_size=80))
def test_dense_entities_and_figures_keep_evidence_verbatim(extractor, parts):
    text = " ".join(parts)
    assert_integrity(text, extractor.extract(text))


@pytest.mark.slow
def test_huge_paragraph_with_many_entities(extractor):
    sentence = "Russia bought 40% of its chips from China for $2.5 billion, Reuters said, and Nvidia (NVDA) objected. "
    text = sentence * 400  # one paragraph of ~40k characters: cut into pieces, offsets kept
    ex = extractor.extract(text)
    assert_integrity(text, ex)
    assert len(ex.figures) >= 400
    assert {"russia", "china", "nvidia"} <= {a.key for a in ex.actors}


def _score_module():
    path = shared_path("eval", "score.py")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _scores(extractor, folder) -> dict[str, tuple[int, int, int]]:
    from kg.ingest.reader import read_article

    score = _score_module()
    totals: dict[str, list[int]] = {"actors": [0, 0, 0], "figures": [0, 0, 0]}
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text())
        src = read_article(folder / gold["text_file"], 10**8)
        pred = to_contract(extractor.extract(src.text, src.meta))
        result = score.score_article(src.text, gold, pred)
        for cat in totals:
            totals[cat] = [a + b for a, b in zip(totals[cat], result[cat])]
        assert result["_unverifiable"][0] == 0
    return {c: tuple(v) for c, v in totals.items()}


def _f1(tp: int, npred: int, ngold: int) -> float:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["seeds", "dev"])
def test_actors_and_figures_meet_their_targets_on_the_shared_corpus(extractor, folder):
    scores = _scores(extractor, shared_path("corpus", folder))
    assert _f1(*scores["actors"]) >= 0.90, scores
    assert _f1(*scores["figures"]) >= 0.90, scores
