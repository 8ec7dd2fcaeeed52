"""Stories: signatures, stated republications and the grouping of stored articles into independent stories."""
from __future__ import annotations

import pytest

from kg.ingest.signature import minhash, parse_signature, similarity, story_cues
from kg.ingest.stories import StoredArticle, group

BODY = ("The ministry said on Tuesday that exports of the most capable accelerators would need a licence from "
        "next month, closing gaps that let slower parts reach buyers abroad. Officials added that the measures "
        "were aimed at military end users and that companies had been consulted for several months before the "
        "rules were published in the register. Industry groups warned of lost sales worth billions.")
OTHER = ("Farmers in the valley brought in an early harvest this year after a warm spring, and the regional "
         "cooperative expects prices for apples to fall as stores fill up before the autumn festival season.")

RETOLD = ("Licences will be required for top-end accelerators from next month, according to a statement by the "
          "ministry, which says the change targets military buyers.")


def _sig(text: str) -> tuple[int, ...]:
    sig = parse_signature(minhash(text))
    assert sig is not None
    return sig


def test_a_republished_text_is_near_identical_and_another_text_is_not() -> None:
    republished = "This story was originally published by Example Wire.\n\n" + BODY.replace("Tuesday", "Monday")
    assert similarity(_sig(BODY), _sig(republished)) >= 0.6
    assert similarity(_sig(BODY), _sig(OTHER)) < 0.1
    assert minhash(BODY) == minhash(BODY), "the same text gives the same signature"


@pytest.mark.parametrize("text, publisher, origin", [
    ("This story was originally published by Example Wire.\n\n" + BODY, "Example Herald", "Example Wire"),
    (BODY + "\n\nRepublished with permission of the Example Times.", None, "Example Times"),
    (BODY, "Reuters (republished by Example Portal)", "Reuters"),
    (BODY, "Example Herald", None),
])
def test_a_stated_republication_names_its_origin(text: str, publisher: str | None, origin: str | None) -> None:
    assert story_cues(text, publisher).stated_origin == origin


def test_a_wire_dateline_is_read() -> None:
    assert story_cues("WASHINGTON, Oct 17 (Reuters) - " + BODY, None).dateline == "WASHINGTON (Reuters)"
    assert story_cues(BODY, None).dateline is None


def test_near_duplicates_and_stated_republications_make_one_story_with_the_earliest_as_origin() -> None:
    wire = StoredArticle("a:wire", _sig(BODY), "2024-03-04", "Example Wire", "Chips curbs widened")
    copy = StoredArticle("a:copy", _sig("Originally published by Example Wire. " + BODY), "2024-03-05",
                         "Example Herald", "US widens chip curbs", "Example Wire")
    # the same story rewritten heavily but stating its origin and keeping the title
    retold = StoredArticle("a:retold", _sig(RETOLD), "2024-03-06", "Example Daily",
                           "Chips curbs widened", "Example Wire")
    alone = StoredArticle("a:alone", _sig(OTHER), "2024-03-01", "Example Farm News", "Early harvest")
    unsigned = StoredArticle("a:old", None, None, "Example Herald", "Old article")
    stories = {s.origin: s for s in group([copy, alone, wire, unsigned, retold], threshold=0.5)}
    assert set(stories) == {"a:wire", "a:alone", "a:old"}
    assert stories["a:wire"].articles == ("a:wire", "a:copy", "a:retold")
    assert stories["a:wire"].basis == ("near-duplicate text", "stated republication")
    assert stories["a:alone"].articles == ("a:alone",) and stories["a:alone"].basis == ()


def test_the_threshold_decides_what_is_near_duplicate() -> None:
    a = StoredArticle("a:1", _sig(BODY), "2024-01-01")
    b = StoredArticle("a:2", _sig(BODY[: len(BODY) // 2] + " " + OTHER), "2024-01-02")
    sim = similarity(a.signature, b.signature)
    assert 0.1 < sim < 0.9
    assert len(group([a, b], threshold=sim - 0.05)) == 1
    assert len(group([a, b], threshold=min(1.0, sim + 0.05))) == 2
