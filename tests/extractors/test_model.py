"""The learned relation decision on hand-built candidates (no spaCy model): what it keeps, what it adds, how it loads."""
from __future__ import annotations

import json

import pytest

from extractors.candidates import Candidate
from extractors.model import FORMAT, ModelFileError, RelationModel
from extractors.records import FOREIGN, Evidence, Relation

SENTENCE = Evidence("Peru and Chile buy chips from Finland.", 0, 38)
OTHER = Evidence("Finland sells tools to Peru.", 39, 67)


def cand(kind, subj, obj, res="chips", feats=(), res_feats=(), ev=SENTENCE, word="buy") -> Candidate:
    return Candidate(kind, subj, obj, res, ev, "asserted", None, word,
                     tuple(f"{kind}:{f}" for f in feats), tuple(f"{kind}:{f}" for f in res_feats))


def model(**weights) -> RelationModel:
    return RelationModel({f"dependency:{k}": w for k, w in weights.items()},
                         {"dependency": 0.0, "restriction": 0.0, "cooperation": 0.0},
                         {"dependency": 0.5, "restriction": 0.5, "cooperation": 0.5},
                         {"dependency:res=chips": 1.0, "dependency:res=other": -1.0})


def keys(rels):
    return [(r.kind, r.subject, r.object, r.resource) for r in rels]


def test_a_reading_is_added_at_or_above_the_threshold_and_carries_its_probability():
    m = model(good=3.0, bad=-3.0)
    out = m.decide([cand("dependency", "peru", "finland", feats=["good"]),
                    cand("dependency", "chile", "finland", feats=["bad"])])
    assert keys(out) == [("dependency", "peru", "finland", "chips")]
    assert out[0].confidence == pytest.approx(0.953, abs=1e-3)
    assert out[0].evidence == SENTENCE


def test_the_likelier_direction_and_then_the_likelier_resource_win_for_one_pair():
    m = model(right=3.0, reverse=1.0)
    out = m.decide([cand("dependency", "peru", "finland", "other", feats=["right"], res_feats=["res=other"]),
                    cand("dependency", "peru", "finland", "chips", feats=["right"], res_feats=["res=chips"]),
                    cand("dependency", "finland", "peru", "chips", feats=["reverse"], res_feats=["res=chips"])])
    assert keys(out) == [("dependency", "peru", "finland", "chips")]


def test_a_frame_settles_its_pair_its_provider_and_its_word_and_the_model_adds_the_rest():
    frame = Relation("dependency", "peru", "finland", "chips", "asserted", SENTENCE, trigger="buy")
    m = model(good=5.0)
    out = m.decide([cand("dependency", "finland", "peru", feats=["good"], word="buy"),  # the frame's pair, reversed
                    cand("dependency", "chile", "finland", feats=["good"], word="supplier"),  # another dependent of its provider
                    cand("dependency", "chile", "norway", feats=["good"], word="buy"),  # another subject of its word
                    cand("dependency", "peru", "norway", feats=["good"], word="relies"),  # another reading: added
                    cand("dependency", "peru", "finland", feats=["good"], ev=OTHER, word="buy")], [frame])
    assert out[0] == frame
    assert keys(out) == [("dependency", "peru", "finland", "chips"), ("dependency", "peru", "norway", "chips"),
                         ("dependency", "peru", "finland", "chips")]
    assert [r.evidence for r in out] == [SENTENCE, SENTENCE, OTHER]


def test_a_frame_that_names_no_restrictor_keeps_its_target_unnamed():
    frame = Relation("restriction", None, "syria", "other", "negated", SENTENCE, trigger="sanctions")
    m = RelationModel({"restriction:good": 5.0}, {"restriction": 0.0}, {"restriction": 0.5})
    out = m.decide([cand("restriction", "japan", "syria", feats=["good"], word="curbs"),
                    cand("restriction", "japan", "iran", feats=["good"], word="curbs")], [frame])
    assert keys(out) == [("restriction", None, "syria", "other"), ("restriction", "japan", "iran", "chips")]


def test_an_unnamed_foreign_supplier_yields_to_a_named_one_in_the_same_sentence():
    m = model(good=5.0)
    out = m.decide([cand("dependency", "peru", FOREIGN, feats=["good"]),
                    cand("dependency", "peru", "finland", feats=["good"])])
    assert keys(out) == [("dependency", "peru", "finland", "chips")]


def test_the_model_file_round_trips_and_its_digest_follows_the_weights(tmp_path):
    m = model(good=1.5)
    path = tmp_path / "m.json"
    path.write_text(m.to_json(), encoding="utf-8")
    again = RelationModel.load(path)
    assert again == m and again.digest == m.digest
    assert model(good=1.6).digest != m.digest


@pytest.mark.parametrize(
    ("content", "why"),
    [("{not json", "Expecting"), (json.dumps({"format": "other"}), FORMAT), ("", "Expecting"),
     ("[1, 2]", FORMAT), (json.dumps({"format": FORMAT, "weights": {}}), "incomplete")],
    ids=["broken-json", "other-format", "empty", "not-an-object", "no-thresholds"],
)
def test_a_bad_model_file_is_refused_with_its_reason(tmp_path, content, why):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError, match=why):
        RelationModel.load(path)


def test_a_missing_model_file_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="No such file"):
        RelationModel.load(tmp_path / "absent.json")


def test_the_shipped_model_says_what_it_was_trained_on_and_what_it_scored():
    m = RelationModel.shipped()
    assert m is not None and m.weights and m.resource_weights
    assert set(m.threshold) == {"dependency", "restriction", "cooperation"}
    assert len(m.meta["data_sha256"]) == 64
    assert m.meta["trained_on"] == ["annotated", "dev", "seeds", "train"]  # the real gold and our invented articles
    cv = next(v for k, v in m.meta.items() if k.startswith("scores_cross_validated"))
    assert 0 < cv["relations_f1"] <= 1 and cv["integrity"] == 1.0


def test_a_null_target_reading_yields_to_a_named_target_of_the_same_restrictor():
    m = RelationModel({"restriction:good": 3.0}, {"dependency": 0.0, "restriction": 0.0, "cooperation": 0.0},
                      {"dependency": 0.5, "restriction": 0.5, "cooperation": 0.5})
    out = m.decide([cand("restriction", "finland", "peru", feats=["good"]),
                    cand("restriction", "finland", None, feats=["good"]),
                    cand("restriction", "chile", None, feats=["good"])])
    assert sorted(keys(out), key=str) == [("restriction", "chile", None, "chips"),
                                          ("restriction", "finland", "peru", "chips")]
