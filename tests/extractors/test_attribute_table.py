"""The attribute table: exactly what spaCy's attribute_ruler sets, on hand-built Docs and with the real model."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extractors.attribute_table import compile_ruler
from extractors.nlp import tabulate_attributes
from kg.core.settings import Settings

ATTRS = ("tag_", "pos_", "morph", "lemma_", "dep_")


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.text, *(str(getattr(t, a)) for a in ATTRS)) for t in doc]


def _blank_ruler(patterns: list[dict]):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def _doc(nlp, words: list[str], tags: list[str], deps: list[str] | None = None) -> Doc:
    heads = [0] * len(words) if deps else None
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)


# --- model-free: hand-built rulers and Docs -------------------------------------------------------------

RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": "data"}]], "attrs": {"MORPH": "Number=Plur"}},  # later rule wins
    {"patterns": [[{"TAG": {"IN": ["VBZ", "VBP"]}}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^gon$"}}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X"}},  # reads the tag before any rule set it
]


@pytest.mark.parametrize("words,tags,deps", [
    (["the", "data", "grows"], ["DT", "NN", "VBZ"], None),
    (["Data", "is", "gon", "na", "grow"], ["NN", "VBZ", "VBG", "TO", "VB"], ["nsubj", "aux", "ROOT", "aux", "xcomp"]),
    (["chips", "\n\n", "ship"], ["NNS", "NN", "_SP"], None),
    (["gon", "na"], ["VBG", "TO"], None),
    (["na", "gon"], ["TO", "VBG"], None),
    ([], [], None),
])
def test_the_table_sets_what_the_ruler_sets(words, tags, deps):
    nlp, ruler = _blank_ruler(RULES)
    table = compile_ruler(ruler)
    assert table is not None
    expected = ruler(_doc(nlp, words, tags, deps))
    got = table(_doc(nlp, words, tags, deps))
    assert _annotations(got) == _annotations(expected)


def test_later_rules_win_and_the_index_picks_the_token():
    nlp, ruler = _blank_ruler(RULES)
    doc = compile_ruler(ruler)(_doc(nlp, ["gon", "na", "data"], ["VBG", "TO", "NN"]))
    assert [t.lemma_ for t in doc][:2] == ["go", "to"]
    assert str(doc[2].morph) == "Number=Plur" and doc[2].pos_ == "NOUN"


@pytest.mark.parametrize("pattern", [
    [{"LENGTH": 4}],  # an attribute the table does not read
    [{"TAG": "NN", "OP": "+"}],  # an operator
    [{"LOWER": {"FUZZY": "data"}}],  # a predicate it does not know
])
def test_a_ruler_the_table_does_not_cover_is_left_in_place(pattern):
    nlp, ruler = _blank_ruler([*RULES, {"patterns": [pattern], "attrs": {"POS": "NOUN"}}])
    assert compile_ruler(ruler) is None
    assert not tabulate_attributes(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


def test_a_pipeline_without_a_ruler_is_left_alone():
    nlp = spacy.blank("en")
    assert not tabulate_attributes(nlp) and nlp.pipe_names == []


# --- the real model ---------------------------------------------------------------------------------------

INVENTED = [
    "I'm gonna say it, y'all: there is no quick fix. Let's be clear. It ain't over, and c'mon, you got ta see it.",
    "Kestrel Microsystems does not ship its accelerators to Velmora; it did so until the ministry told it to stop.",
    "The data were revised.  But analysts doubt them.\n\nWhich chips qualify? Those that the rule names, and that's all.",
    "   \n\t  spaced    out   \n",
]


@pytest.fixture(scope="module")
def two_pipelines():
    model = Settings().model
    plain, tabled = spacy.load(model), spacy.load(model)
    assert tabulate_attributes(tabled)
    return plain, tabled


@pytest.mark.parametrize("text", INVENTED)
def test_the_real_models_ruler_and_its_table_annotate_invented_text_the_same(two_pipelines, text):
    plain, tabled = two_pipelines
    assert "attribute_ruler" not in tabled.pipe_names
    assert _annotations(tabled(text)) == _annotations(plain(text))
