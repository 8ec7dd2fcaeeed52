"""IRIs are minted in one place and are stable: the same input always gives the same IRI."""
from __future__ import annotations

import pytest

from kg.ingest import ids
from kg.core.namespaces import ACTOR, ARTICLE, CLAIM, RES, RESOURCES, RUN


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HTTPS://Example.ORG/news/chips/", "https://example.org/news/chips"),
        ("https://example.org/news/chips#section-2", "https://example.org/news/chips"),
        ("https://example.org/news/chips//", "https://example.org/news/chips"),
        ("  https://example.org/a?id=7  ", "https://example.org/a?id=7"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_normalise_url_gives_one_key_per_article(a: str, b: str) -> None:
    assert ids.normalise_url(a) == ids.normalise_url(b)


def test_normalise_url_keeps_the_query_and_the_path_case_apart() -> None:
    assert ids.normalise_url("https://example.org/a?id=7") != ids.normalise_url("https://example.org/a?id=8")
    assert ids.normalise_url("https://example.org/News") != ids.normalise_url("https://example.org/news")


def test_content_hash_is_prefixed_sha256_of_the_text() -> None:
    h = ids.content_hash("Chips are scarce.")
    assert h.startswith("sha256:") and len(h) == len("sha256:") + 64
    assert h == ids.content_hash("Chips are scarce.")
    assert h != ids.content_hash("Chips are scarce!")


def test_article_iri_comes_from_the_url_when_there_is_one() -> None:
    a = ids.article_iri("https://example.org/x", ids.content_hash("one text"))
    b = ids.article_iri("https://EXAMPLE.org/x/", ids.content_hash("another text"))
    assert a == b  # same article, text edited: same IRI, so its graph is replaced
    assert str(a).startswith(str(ARTICLE))


def test_article_iri_comes_from_the_content_without_url() -> None:
    a = ids.article_iri(None, ids.content_hash("one text"))
    assert a == ids.article_iri("", ids.content_hash("one text"))
    assert a != ids.article_iri(None, ids.content_hash("another text"))
    assert a != ids.article_iri("https://example.org/x", ids.content_hash("one text"))


@pytest.mark.parametrize(
    ("key", "expected"),
    [("russia", "russia"), ("foreign", "foreign"), ("Example Institute", "example_institute"),
     ("The Kremlin's", "kremlin"), ("Société Générale", "societe_generale")],
)
def test_actor_iri_is_the_key_or_a_slug_of_the_name(key: str, expected: str) -> None:
    assert ids.actor_iri(key) == ACTOR[expected]


@pytest.mark.parametrize("resource", RESOURCES)
def test_resource_iri_covers_every_concept_of_the_scheme(resource: str) -> None:
    assert ids.resource_iri(resource) == getattr(RES, resource)


def test_resource_iri_refuses_a_concept_outside_the_scheme() -> None:
    with pytest.raises(AttributeError):
        ids.resource_iri("unicorns")


def test_claim_iri_is_stable_and_changes_with_every_part_of_its_key() -> None:
    art = ids.article_iri("https://example.org/x", "sha256:0")
    base = (art, "dependency", "russia", "china", "chips", 10, 50)
    iri = ids.claim_iri(*base)
    assert iri == ids.claim_iri(*base)
    assert str(iri).startswith(str(CLAIM))
    for i, changed in enumerate([ids.article_iri("https://example.org/y", "sha256:0"), "restriction", "india",
                                 "japan", "compute", 11, 51]):
        other = list(base)
        other[i] = changed
        assert ids.claim_iri(*other) != iri, f"part {i} does not change the claim IRI"


def test_claim_iri_tells_a_missing_subject_from_an_empty_one_consistently() -> None:
    art = ids.article_iri(None, "sha256:0")
    assert ids.claim_iri(art, "dependency", None, "china", "chips", 0, 5) == \
        ids.claim_iri(art, "dependency", None, "china", "chips", 0, 5)


def test_figure_attribution_and_run_iris_are_stable_and_distinct() -> None:
    art = ids.article_iri(None, "sha256:0")
    f = ids.figure_iri(art, 2.5e9, "USD", 3, 9, "$2.5 billion")
    assert f == ids.figure_iri(art, 2.5e9, "USD", 3, 9, "$2.5 billion")
    assert f != ids.figure_iri(art, 2.5e9, "EUR", 3, 9, "$2.5 billion")
    a = ids.attribution_iri(art, "reuters", 3, 9)
    assert a == ids.attribution_iri(art, "reuters", 3, 9) and a != f
    r = ids.run_iri(art, "fp1")
    assert str(r).startswith(str(RUN)) and r == ids.run_iri(art, "fp1") and r != ids.run_iri(art, "fp2")
