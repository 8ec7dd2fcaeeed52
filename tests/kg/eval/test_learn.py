"""Training the learned relation decision: labels, folds, the fit, `kg train` and `kg eval --folds`, and retraining the shipped model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.model import RelationModel
from kg.eval import learn
from kg.cli.app import app

# Four small articles written for this test, with their gold in the shape of GOLD_FORMAT.md.
ARTICLES = {
    "a1": ("Japan ships lithography tools and software to Vietnam. Indonesia curbs nickel exports.",
           [("dependencies", {"dependent": "Vietnam", "provider": "Japan", "resource": "chipmaking_equipment",
                              "evidence": "Japan ships lithography tools and software to Vietnam."}),
            ("restrictions", {"restrictor": "Indonesia", "target": None, "resource": "materials",
                              "evidence": "Indonesia curbs nickel exports."})]),
    "a2": ("Brazil imports memory chips from South Korea. Brazil and Chile will cooperate on AI research.",
           [("dependencies", {"dependent": "Brazil", "provider": "South Korea", "resource": "chips",
                              "evidence": "Brazil imports memory chips from South Korea."}),
            ("cooperations", {"a": "Brazil", "b": "Chile", "topic": "ai_technology",
                              "evidence": "Brazil and Chile will cooperate on AI research."})]),
    "a3": ("Canada banned exports of GPUs to Cuba. Mexico buys processors from Taiwan.",
           [("restrictions", {"restrictor": "Canada", "target": "Cuba", "resource": "chips",
                              "evidence": "Canada banned exports of GPUs to Cuba."}),
            ("dependencies", {"dependent": "Mexico", "provider": "Taiwan", "resource": "chips",
                              "evidence": "Mexico buys processors from Taiwan."})]),
    "a4": ("Peru relies on Chinese semiconductors. Norway sanctioned Belarus last year.",
           [("dependencies", {"dependent": "Peru", "provider": "China", "resource": "chips",
                              "evidence": "Peru relies on Chinese semiconductors."}),
            ("restrictions", {"restrictor": "Norway", "target": "Belarus", "resource": "other",
                              "evidence": "Norway sanctioned Belarus last year."})]),
}
COUNTRIES = ["Japan", "Vietnam", "Indonesia", "Brazil", "South Korea", "Chile", "Canada", "Cuba", "Mexico",
             "Taiwan", "Peru", "China", "Norway", "Belarus"]


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("gold")
    for name, (text, items) in ARTICLES.items():
        gold = {"id": name, "text_file": f"{name}.txt", "source": {},
                "actors": [{"name": c, "type": "Country", "aliases": []} for c in COUNTRIES],
                "dependencies": [], "restrictions": [], "cooperations": [], "figures": [], "attributions": []}
        for cat, item in items:
            gold[cat].append({**item, "attributed_to": None, "modality": "asserted"})
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
        (d / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def examples(extractor, gold_dir) -> list[learn.Example]:
    return learn.collect(extractor, [gold_dir])


def test_candidates_are_labelled_by_the_scorers_rules(examples):
    a1 = next(e for e in examples if e.name.endswith("a1"))
    labelled = {(c.kind, c.subject, c.object, c.resource): (exact, pair)
                for c, exact, pair in zip(a1.candidates, a1.labels, a1.pair_labels)}
    assert labelled[("dependency", "vietnam", "japan", "chipmaking_equipment")] == (True, True)
    assert labelled[("dependency", "japan", "vietnam", "chipmaking_equipment")] == (False, False)
    # the right actors with another resource: a pair label, not an exact one
    other = [v for k, v in labelled.items() if k[:3] == ("dependency", "vietnam", "japan") and k[3] != "chipmaking_equipment"]
    assert other and all(v == (False, True) for v in other)
    assert labelled[("restriction", "indonesia", None, "materials")] == (True, True)


def test_folds_partition_the_articles_the_same_way_every_time(examples):
    f = learn.folds(examples, 2)
    assert sorted(i for fold in f for i in fold) == list(range(len(examples)))
    assert f == learn.folds(list(examples), 2) and all(f)


def test_the_logistic_fit_separates_what_its_features_separate():
    rows = [("k:BIAS", ["k:good"])] * 20 + [("k:BIAS", ["k:bad"])] * 20
    w = learn._logistic(rows, [True] * 20 + [False] * 20)
    assert w["k:good"] > 1 > -1 > w["k:bad"]


def test_kg_train_writes_a_model_that_records_its_data_and_scores(gold_dir, tmp_path):
    out = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["train", str(gold_dir), "--folds", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "cross-validated (2 folds): SUMMARY relations_f1=" in result.output
    model = RelationModel.load(out)
    assert model.meta["data_sha256"] == learn.data_hash([gold_dir])
    assert model.meta["articles"] == 4 and model.meta["positives"] >= 4
    assert model.meta["scores_cross_validated_2_folds"]["integrity"] == 1.0


def test_kg_eval_folds_cross_validates_and_refuses_too_few_articles(gold_dir):
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--folds", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["relations_f1"] > 0
    refused = CliRunner().invoke(app, ["eval", str(gold_dir), "--folds", "9"])
    assert refused.exit_code == 2 and "need at least 9 articles" in refused.output
    refused = CliRunner().invoke(app, ["eval", str(gold_dir), "--folds", "1"])
    assert refused.exit_code == 2 and "at least 2 folds" in refused.output


@pytest.fixture(scope="module")
def extra_dir(tmp_path_factory, gold_dir) -> Path:
    """Two of the articles again under other names: training data added with --train-also."""
    d = tmp_path_factory.mktemp("extra")
    for name in ("a1", "a3"):
        (d / f"x{name}.txt").write_bytes((gold_dir / f"{name}.txt").read_bytes())
        gold = json.loads((gold_dir / f"{name}.gold.json").read_text(encoding="utf-8"))
        gold.update(id=f"x{name}", text_file=f"x{name}.txt")
        (d / f"x{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return d


def test_articles_trained_also_join_every_training_fold_and_are_never_scored(examples, extractor, extra_dir,
                                                                            monkeypatch):
    extra = learn.collect(extractor, [extra_dir])
    trained_on: list[set[str]] = []
    real_train = learn.train

    def recording_train(exs, *args, **kwargs):
        trained_on.append({e.name for e in exs})
        return real_train(exs, *args, **kwargs)

    monkeypatch.setattr(learn, "train", recording_train)
    report = learn.cross_validate(examples, 2, extra)
    assert sorted(report.per_article) == sorted(e.name for e in examples)
    assert len(trained_on) == 2 and all({e.name for e in extra} <= names for names in trained_on)
    assert all(not {e.name for e in examples} <= names for names in trained_on)  # each fold holds some out


def test_several_deals_of_the_folds_score_every_article_once_per_deal_and_pool_the_counts(examples, monkeypatch):
    dealt: list[int] = []
    real_held_out = learn._held_out

    def recording_held_out(exs, k, learner, draw=0, extra=()):
        dealt.append(draw)
        return real_held_out(exs, k, learner, draw=draw, extra=extra)

    monkeypatch.setattr(learn, "_held_out", recording_held_out)
    one, three = learn.cross_validate(examples, 2), learn.cross_validate(examples, 2, deals=3)
    assert dealt == [0, 0, 1, 2]  # one deal is the first deal: the figure `kg train` records is unchanged
    names = [e.name for e in examples]
    assert sorted(three.per_article) == sorted([*names, *(f"{n}@{d}" for n in names for d in (1, 2))])
    assert {n: three.per_article[n] for n in names} == one.per_article
    totals, first = three.totals(), one.totals()
    pooled = {cat: tuple(sum(three.per_article[a].counts[cat][i] for a in three.per_article) for i in range(3))
              for cat in first}
    assert {cat: tuple(totals[cat]) for cat in first} == pooled
    assert all(totals[cat][2] == 3 * first[cat][2] for cat in first)  # the gold counted once per deal


def test_kg_eval_deals_need_folds(gold_dir):
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--folds", "2", "--deals", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["per_file"]) == 2 * len(ARTICLES)
    refused = CliRunner().invoke(app, ["eval", str(gold_dir), "--deals", "2"])
    assert refused.exit_code == 2 and "only with --folds" in refused.output
    refused = CliRunner().invoke(app, ["eval", str(gold_dir), "--folds", "2", "--deals", "0"])
    assert refused.exit_code == 2


def test_kg_train_also_records_the_extra_folder_and_kg_eval_refuses_it_without_folds(gold_dir, extra_dir, tmp_path):
    out = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["train", str(gold_dir), "--folds", "2", "--train-also", str(extra_dir),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = RelationModel.load(out)
    assert model.meta["articles"] == 6 and model.meta["trained_on"] == sorted([gold_dir.name, extra_dir.name])
    assert model.meta["data_sha256"] == learn.data_hash([gold_dir, extra_dir])
    assert model.meta["command"].endswith(f"--train-also {extra_dir.name}")
    refused = CliRunner().invoke(app, ["eval", str(gold_dir), "--train-also", str(extra_dir)])
    assert refused.exit_code == 2 and "only with --folds" in refused.output


def test_the_data_hash_changes_with_any_gold_file(gold_dir, tmp_path):
    copy = tmp_path / gold_dir.name
    copy.mkdir()
    for f in gold_dir.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    assert learn.data_hash([copy]) == learn.data_hash([gold_dir])
    (copy / "a1.txt").write_text("Japan ships tools to Vietnam.", encoding="utf-8")
    assert learn.data_hash([copy]) != learn.data_hash([gold_dir])


@pytest.mark.slow
def test_retraining_on_the_shared_gold_reproduces_the_shipped_model(extractor):
    from tests.conftest import shared_path

    dirs = [shared_path("corpus", d) for d in ("seeds", "dev", "train")]
    invented = Path(__file__).resolve().parents[2] / "data" / "annotated"  # trained on, never scored
    shipped = RelationModel.shipped()
    assert shipped is not None
    assert learn.data_hash([*dirs, invented]) == shipped.meta["data_sha256"], "the gold changed: retrain with `kg train`"
    assert shipped.meta["command"] == "kg train seeds dev train --folds 5 --train-also annotated"
    examples, extra = learn.collect(extractor, dirs), learn.collect(extractor, [invented])
    cv = learn.cross_validate(examples, 5, extra)
    assert cv.summary() == shipped.meta["scores_cross_validated_5_folds"]
    assert learn.train(examples + extra).digest == shipped.digest


def test_the_relations_setting_chooses_the_frames_alone_or_with_the_learned_decision():
    from kg.ingest.build import fingerprint, get_extractor
    from kg.core.settings import Settings

    model = Settings().model
    learned, rules = get_extractor(model, "learned"), get_extractor(model, "rules")
    assert learned.relation_model is not None and rules.relation_model is None
    # a graph built one way is re-extracted when built the other way
    assert learned.gazetteer is rules.gazetteer  # read once per process
    assert fingerprint(learned) != fingerprint(rules)
    assert Settings(relations="rules").relations == "rules"
