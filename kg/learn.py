"""Training and cross-validating the learned relation decision on annotated articles.

Every article of the gold folders is extracted once with its relation candidates kept; each candidate
is labelled true when the shared scorer would count it against a gold item (overlapping evidence, same
key after name resolution). A logistic model (L2, full-batch Adam in numpy: no extra dependency) is
fitted on the labels; the decision threshold is the one whose out-of-fold predictions on the training
articles score best (relations F1, the scorer's rules), so the shipped threshold is as honest as the
cross-validated scores.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from extractors.candidates import Candidate
from extractors.contract import to_contract
from extractors.model import RelationModel
from extractors.records import Extraction

from .evaluate import GoldMatcher, Report, gold_articles, score_predictions

_CATEGORY = {"dependency": ("dependencies", "dependent", "provider", "resource"),
             "restriction": ("restrictions", "restrictor", "target", "resource"),
             "cooperation": ("cooperations", "a", "b", "topic")}
KINDS = tuple(_CATEGORY)
EPOCHS = 250
L2 = 1e-3
LEARNING_RATE = 0.05
MIN_FEATURE_COUNT = 2  # a feature seen once in the training articles is noise, not a pattern


@dataclass
class Example:
    """One annotated article: its rule-only extraction, its candidates and their labels."""

    name: str
    text: str
    gold: dict
    extraction: Extraction
    candidates: list[Candidate]
    labels: list[bool]


def collect(extractor, gold_dirs: Sequence[Path]) -> list[Example]:
    """Extract every annotated article of `gold_dirs` with candidates kept (one model load, one pass)."""
    articles = [(f"{Path(d).name}/{name}", text, gold) for d in gold_dirs for name, text, gold in gold_articles(d)]
    keeper = replace_extractor(extractor)
    out = []
    by_name = {name: (text, gold) for name, text, gold in articles}
    for name, ex in keeper.extract_many((name, text, None) for name, text, _ in articles):
        text, gold = by_name[name]
        cands = ex.extra["candidates"]
        out.append(Example(name, text, gold, ex, cands, label(ex, text, gold, cands)))
    return out


def replace_extractor(extractor):
    """The same pipeline, deciding relations by the rule frames alone and keeping every candidate."""
    from extractors.pipeline import Extractor

    return Extractor(extractor.nlp, extractor.gazetteer, relation_model=None, keep_candidates=True)


def _item(ex: Extraction, c: Candidate) -> tuple[str, dict]:
    cat, s_field, o_field, r_field = _CATEGORY[c.kind]
    names = to_contract(replace(ex, relations=(c.relation(1.0),)))[cat][0]
    return cat, {s_field: names[s_field], o_field: names[o_field], r_field: c.resource}


def label(ex: Extraction, text: str, gold: dict, candidates: list[Candidate]) -> list[bool]:
    matcher = GoldMatcher(text, gold, to_contract(ex)["actors"])
    out = []
    for c in candidates:
        cat, item = _item(ex, c)
        out.append(matcher.matches(cat, item, (c.evidence.start, c.evidence.end)))
    return out


def data_hash(gold_dirs: Iterable[Path]) -> str:
    """sha256 over the annotated articles (names, texts and gold files) the model learns from."""
    h = hashlib.sha256()
    for d in gold_dirs:
        for g in sorted(Path(d).glob("*.gold.json")):
            stem = g.name[: -len(".gold.json")]
            h.update(f"{Path(d).name}/{stem}\0".encode())
            h.update(g.read_bytes())
            h.update((Path(d) / f"{stem}.txt").read_bytes())
    return h.hexdigest()


# --- fitting -------------------------------------------------------------------------------------------

def _vocabulary(examples: Sequence[Example]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in examples:
        for c in e.candidates:
            for f in set(c.features):
                counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    vocab += [f"{k}:BIAS" for k in KINDS]
    return {f: i for i, f in enumerate(vocab)}


def _design(cands: Sequence[Candidate], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Sparse binary rows as (flat feature indexes, row of each index)."""
    idx: list[int] = []
    row: list[int] = []
    for r, c in enumerate(cands):
        feats = {vocab[f] for f in c.features if f in vocab}
        feats.add(vocab[f"{c.kind}:BIAS"])
        idx.extend(feats)
        row.extend([r] * len(feats))
    return np.asarray(idx, dtype=np.int64), np.asarray(row, dtype=np.int64)


def fit(examples: Sequence[Example]) -> RelationModel:
    """Logistic regression on every candidate of `examples`; thresholds 0.5 (see `train`)."""
    vocab = _design_vocab = _vocabulary(examples)
    cands = [c for e in examples for c in e.candidates]
    y = np.asarray([l for e in examples for l in e.labels], dtype=np.float64)
    idx, row = _design(cands, vocab)
    n = len(cands)
    w = np.zeros(len(vocab))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, EPOCHS + 1):
        z = np.bincount(row, weights=w[idx], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(idx, weights=(p - y)[row], minlength=len(w)) / max(n, 1) + L2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= LEARNING_RATE * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    weights = {f: round(float(w[i]), 4) for f, i in _design_vocab.items() if abs(w[i]) >= 1e-4 and not f.endswith(":BIAS")}
    bias = {k: round(float(w[vocab[f"{k}:BIAS"]]), 4) for k in KINDS}
    return RelationModel(weights, bias, {k: 0.5 for k in KINDS})


def folds(examples: Sequence[Example], k: int) -> list[list[int]]:
    """Article indexes in k folds, assigned by a hash of the article's name (stable across runs)."""
    order = sorted(range(len(examples)), key=lambda i: hashlib.sha256(examples[i].name.encode()).hexdigest())
    return [order[j::k] for j in range(k)]


THRESHOLDS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


def _thresholds(examples: Sequence[Example], k: int) -> dict[str, float]:
    """The threshold (one for every kind) whose out-of-fold relations score best on `examples`."""
    oof: list[tuple[Example, RelationModel]] = []
    for held in folds(examples, k):
        held_set = set(held)
        model = fit([e for i, e in enumerate(examples) if i not in held_set])
        oof += [(examples[i], model) for i in held]
    articles = [(e.name, e.text, e.gold) for e in examples]
    best_f, best_t = -1.0, 0.5
    for t in THRESHOLDS:
        preds = {e.name: predictions([e], replace(m, threshold={kd: t for kd in KINDS}))[e.name] for e, m in oof}
        f = score_predictions(articles, preds).relations()[2]
        if f > best_f + 1e-9:
            best_f, best_t = f, t
    return {kd: best_t for kd in KINDS}


def train(examples: Sequence[Example], inner_folds: int = 4) -> RelationModel:
    """A model fitted on all of `examples`, with thresholds chosen on their out-of-fold predictions."""
    model = fit(examples)
    return replace(model, threshold=_thresholds(examples, inner_folds) if len(examples) >= inner_folds else model.threshold)


def predictions(examples: Sequence[Example], model: RelationModel) -> dict[str, dict]:
    """Contract JSON of each example with its relations decided by `model`."""
    return {e.name: to_contract(replace(e.extraction, relations=tuple(model.decide(e.candidates, e.extraction.relations))))
            for e in examples}


def cross_validate(examples: Sequence[Example], k: int) -> Report:
    """k-fold cross-validation by article: train on k-1 folds, score the held-out fold, pool the counts."""
    preds: dict[str, dict] = {}
    for held in folds(examples, k):
        held_set = set(held)
        model = train([e for i, e in enumerate(examples) if i not in held_set])
        preds.update(predictions([examples[i] for i in held], model))
    return score_predictions([(e.name, e.text, e.gold) for e in examples], preds)


def write_model(model: RelationModel, examples: Sequence[Example], gold_dirs: Sequence[Path], cv: Report | None,
                k: int, path: Path) -> RelationModel:
    """Record what the model was trained on and what it scored beside its weights, and write it."""
    fitted = score_predictions([(e.name, e.text, e.gold) for e in examples], predictions(examples, model))
    meta = {
        "trained_on": sorted({Path(d).name for d in gold_dirs}),
        "articles": len(examples),
        "candidates": sum(len(e.candidates) for e in examples),
        "positives": sum(sum(e.labels) for e in examples),
        "data_sha256": data_hash(gold_dirs),
        "features": len(model.weights),
        "scores_on_training_data": fitted.summary(),
        f"scores_cross_validated_{k}_folds": cv.summary() if cv else None,
        "command": "kg train " + " ".join(Path(d).name for d in gold_dirs) + f" --folds {k}",
    }
    model = replace(model, meta=meta)
    Path(path).write_text(model.to_json(), encoding="utf-8")
    return model


def summary_json(report: Report) -> str:
    return json.dumps(report.summary())
