"""Dependencies read from what an actor owns or trains on: named products resolve to their resource
(data/product_resources.json) and their maker; "trained on/using X's chips" makes the trainer, or the
owner of the model trained, depend on the chip maker."""
from __future__ import annotations

import pytest


def deps(extractor, text: str) -> set[tuple[str | None, str | None, str]]:
    ex = extractor.extract(text)
    for r in ex.relations:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return {(r.subject, r.object, r.resource) for r in ex.relations if r.kind == "dependency"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A court filing shows that Baidu owns Nvidia A100 units.", ("baidu", "nvidia", "chips")),
        ("Tencent bought thousands of H20s last year.", ("tencent", "nvidia", "chips")),
    ],
    ids=["product-modifier", "product-head"],
)
def test_named_product_gives_its_resource_and_maker(extractor, text, expected):
    assert expected in deps(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mistral trained its latest model on Nvidia GPUs.", ("mistral_ai", "nvidia", "chips")),
        ("Meta trained Llama on 16,000 Nvidia H100s.", ("meta", "nvidia", "chips")),
        ("Zhipu researchers said the model was trained over 50 days on a cluster of Huawei Ascend chips.",
         ("zhipu_ai", "huawei", "chips")),
        ("Moonshot AI is a Beijing startup. The startup said the model was trained using 1,000 Nvidia H800 chips.",
         ("moonshot_ai", "nvidia", "chips")),
    ],
    ids=["active", "active-product-object", "passive-speaker-owns-the-model", "passive-description-speaker"],
)
def test_training_hardware_is_a_dependency_on_its_maker(extractor, text, expected):
    assert expected in deps(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The model was trained on Chinese data.",
        "Officials said the soldiers were trained on American rifles.",
        "The model was trained using 512 Nvidia H800 chips.",
        "Russia uses Zorbo Chat.",
    ],
    ids=["data-is-not-hardware", "not-a-model", "no-owner-named", "model-without-known-maker"],
)
def test_no_training_dependency_without_hardware_and_owner(extractor, text):
    assert not deps(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intel received $8 billion in grants from the Commerce Department.",
         {("intel", "us_department_of_commerce", "funding")}),
        ("G42 received an investment from Microsoft.", {("g42", "microsoft", "funding")}),
        # GOLD_FORMAT "Smuggling and transit": the destination depends on the origin and on each transit country
        ("Russia received chips from China via Kazakhstan.",
         {("russia", "china", "chips"), ("russia", "kazakhstan", "chips")}),
        ("TSMC received chip orders from Apple.", set()),
        ("Huawei received a warning from the Commerce Department.", set()),
        ("Intel received $8 billion in grants last year.", set()),
    ],
    ids=["grant-amount", "investment", "goods", "orders-are-demand-not-supply", "not-a-resource", "no-provider"],
)
def test_receiving_a_resource_from_a_named_provider_is_a_dependency(extractor, text, expected):
    assert deps(extractor, text) == expected


def test_a_product_sold_is_supplied_by_its_maker(extractor):
    found = deps(extractor, "Officials said H20 sales to China would resume in May.")
    assert ("china", "nvidia", "chips") in found and not any(o == "nvidia_h20" for _, o, _ in found)
