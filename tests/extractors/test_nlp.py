"""The project's pipeline: the model's components, the rule ones swapped for exact equivalents, the actor tagger."""
from __future__ import annotations

import spacy

from extractors.pipeline import paragraphs
from kg.core.settings import Settings

from tests.conftest import shared_path

ATTRS = ("tag_", "pos_", "morph", "lemma_", "dep_", "head", "ent_iob_", "ent_type_")


def _annotations(doc) -> list[tuple]:
    return [(t.i, t.text, *(str(getattr(t, a)) for a in ATTRS)) for t in doc]


def test_the_rule_components_are_swapped_in_their_places(extractor):
    assert extractor.nlp.pipe_names == ["tok2vec", "tagger", "parser", "aigeo_attribute_table", "aigeo_lemma_memo",
                                        "ner", "aigeo_actors"]


def test_the_pipeline_annotates_the_shared_articles_as_the_model_does(extractor):
    files = sorted(f for d in ("seeds", "dev", "train") for f in shared_path("corpus", d).glob("*.txt"))
    paras = [p for f in files for p, _ in paragraphs(f.read_text(encoding="utf-8"))]
    plain = spacy.load(Settings().model)
    with extractor.nlp.select_pipes(disable=["aigeo_actors"]):
        ours = list(extractor.nlp.pipe(paras))
    differing = [i for i, (a, b) in enumerate(zip(plain.pipe(paras), ours)) if _annotations(a) != _annotations(b)]
    assert len(ours) == len(paras) > 100 and differing == []
