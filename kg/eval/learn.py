"""Training and cross-validating the learned relation decision on annotated articles.

Every article of the gold folders is extracted once with its relation candidates kept; each candidate
is labelled true when the shared scorer would count it against a gold item (overlapping evidence, same
key after name resolution). A logistic model (L2, full-batch Adam in numpy: no extra dependency) is
fitted on the labels. Each kind's decision threshold is the one whose out-of-fold predictions score
that kind best (F1, the scorer's rules) on the articles the rule frames were not written from (the gold
folders named in UNSEEN_BY_RULES, all articles when none is given): on the seeds and dev articles the
frames look better than they are, and choosing there would favour trusting them alone.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from extractors.candidates import Candidate
from extractors.contract import to_contract
from extractors.model import RelationModel
from extractors.pipeline import Extractor
from extractors.records import FOREIGN, Extraction

from kg.eval.evaluate import GoldMatcher, Report, gold_articles, prf, score_predictions

_CATEGORY = {"dependency": ("dependencies", "dependent", "provider", "resource"),
             "restriction": ("restrictions", "restrictor", "target", "resource"),
             "cooperation": ("cooperations", "a", "b", "topic")}
KINDS = tuple(_CATEGORY)
EPOCHS = 250
L2 = 1e-3
LEARNING_RATE = 0.05
MIN_FEATURE_COUNT = 2  # a feature seen once in the training articles is noise, not a pattern
UNSEEN_BY_RULES = ("train", "annotated")  # gold folders whose articles the rule frames were not developed on
THRESHOLD_DRAWS = 3  # deals of the inner folds whose out-of-fold F1 curves are averaged to pick thresholds
THRESHOLDS = tuple(round(0.05 + 0.025 * i, 3) for i in range(19))  # 0.05 ... 0.5, evenly spaced
SMOOTHING = 1  # each threshold's F1 is averaged with this many neighbours on each side before choosing


@dataclass
class Example:
    """One annotated article: its rule-only extraction, its candidates and their labels."""

    name: str
    text: str
    gold: dict
    extraction: Extraction
    candidates: list[Candidate]
    labels: list[bool]  # the reading is a gold item (actors and resource)
    pair_labels: list[bool]  # the reading's actors are a gold item's, whatever its resource


def collect(extractor: Extractor, gold_dirs: Sequence[Path]) -> list[Example]:
    """Extract every annotated article of `gold_dirs` with candidates kept (one model load, one pass)."""
    articles = [(f"{Path(d).name}/{name}", text, gold) for d in gold_dirs for name, text, gold in gold_articles(d)]
    keeper = _candidate_extractor(extractor)
    out = []
    by_name = {name: (text, gold) for name, text, gold in articles}
    for name, ex in keeper.extract_many((name, text, None) for name, text, _ in articles):
        text, gold = by_name[name]
        cands = ex.extra["candidates"]
        out.append(Example(name, text, gold, ex, cands, *label(ex, text, gold, cands)))
    return out


def _candidate_extractor(extractor: Extractor) -> Extractor:
    """The same pipeline, deciding relations by the rule frames alone and keeping every candidate."""
    return Extractor(extractor.nlp, extractor.gazetteer, relation_model=None, keep_candidates=True)


def label(ex: Extraction, text: str, gold: dict, candidates: list[Candidate]) -> tuple[list[bool], list[bool]]:
    """For each candidate: does the scorer count it; do its actors match a gold item (any resource)."""
    contract = to_contract(ex)
    matcher = GoldMatcher(text, gold, contract["actors"])
    names = {a["id"]: a["name"] for a in contract["actors"]}

    def name(key: str | None) -> str | None:
        return None if key is None else "foreign" if key == FOREIGN else names.get(key, key)

    exact, pair = [], []
    for c in candidates:
        cat, s_field, o_field, r_field = _CATEGORY[c.kind]
        item = {s_field: name(c.subject), o_field: name(c.object), r_field: c.resource}
        span = (c.evidence.start, c.evidence.end)
        exact.append(matcher.matches(cat, item, span))
        pair.append(exact[-1] or matcher.matches(cat, item, span, resource=False))
    return exact, pair


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

def _logistic(rows: Sequence[tuple[str, Sequence[str]]], y: Sequence[bool]) -> dict[str, float]:
    """L2-regularised logistic regression on sparse binary features; rows are (bias feature, features).
    Features seen in fewer than MIN_FEATURE_COUNT rows are left out."""
    counts: dict[str, int] = {}
    for b, feats in rows:
        for f in {b, *feats}:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT or f.endswith(":BIAS")))}
    idx: list[int] = []
    row: list[int] = []
    for r, (b, feats) in enumerate(rows):
        cols = {vocab[f] for f in (b, *feats) if f in vocab}
        idx.extend(cols)
        row.extend([r] * len(cols))
    idx_a, row_a = np.asarray(idx, dtype=np.int64), np.asarray(row, dtype=np.int64)
    target = np.asarray(y, dtype=np.float64)
    n = len(rows)
    w = np.zeros(len(vocab))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, EPOCHS + 1):
        z = np.bincount(row_a, weights=w[idx_a], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(idx_a, weights=(p - target)[row_a], minlength=len(w)) / max(n, 1) + L2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= LEARNING_RATE * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 1e-4}


def fit(examples: Sequence[Example]) -> RelationModel:
    """The pair model on one row per (kind, actors, sentence) reading, labelled by the actors alone; the
    resource model on the resource choices of the readings whose actors are right, labelled by the
    resource. Thresholds 0.5 (see `train`)."""
    pair_rows: dict[tuple, tuple[Candidate, bool]] = {}
    groups: dict[tuple, list[tuple[Candidate, bool]]] = {}
    for e in examples:
        for c, exact, pair in zip(e.candidates, e.labels, e.pair_labels):
            key = (e.name, c.kind, c.subject, c.object, c.evidence.start)
            pair_rows.setdefault(key, (c, pair))
            if pair:
                groups.setdefault(key, []).append((c, exact))
    rows = list(pair_rows.values())
    weights = _logistic([(f"{c.kind}:BIAS", c.features) for c, _ in rows], [lab for _, lab in rows])
    bias = {k: weights.pop(f"{k}:BIAS", 0.0) for k in KINDS}
    choices = [(c, lab) for g in groups.values() if any(lab for _, lab in g) and len(g) > 1 for c, lab in g]
    resource_weights = _logistic([(f"{c.kind}:RBIAS", c.resource_features) for c, _ in choices],
                                 [lab for _, lab in choices]) if choices else {}
    resource_weights = {f: w for f, w in resource_weights.items() if not f.endswith(":RBIAS")}
    return RelationModel(weights, bias, {k: 0.5 for k in KINDS}, resource_weights)


def folds(examples: Sequence[Example], k: int, draw: int = 0) -> list[list[int]]:
    """Article indexes in k folds, assigned by a hash of the article's name (stable across runs); each
    `draw` deals them differently."""
    salt = f"{draw}:" if draw else ""
    order = sorted(range(len(examples)), key=lambda i: hashlib.sha256((salt + examples[i].name).encode()).hexdigest())
    return [order[j::k] for j in range(k)]


def _unseen(e: Example) -> bool:
    return e.name.split("/", 1)[0] in UNSEEN_BY_RULES


def _thresholds(examples: Sequence[Example], k: int) -> dict[str, float]:
    """Each kind's threshold: the one whose out-of-fold predictions score that kind best on the examples
    the rule frames were not written from (on all of them when there are none). Chosen per kind, since a
    threshold shared by all three follows the two larger kinds and leaves cooperations wherever they fall.
    The F1 of each threshold is averaged over THRESHOLD_DRAWS different deals of the folds: with one deal,
    which articles share a fold moved a kind's threshold by a step or two."""
    scores: dict[str, dict[float, float]] = {kd: dict.fromkeys(THRESHOLDS, 0.0) for kd in KINDS}
    for draw in range(THRESHOLD_DRAWS):
        oof = [(e, _Memo(**vars(m))) for e, m in _held_out(examples, k, fit, draw)]
        if any(_unseen(e) for e, _ in oof):
            oof = [(e, m) for e, m in oof if _unseen(e)]
        articles = [(e.name, e.text, e.gold) for e, _ in oof]
        for t in THRESHOLDS:
            preds = {e.name: predictions([e], replace(m, threshold={kd: t for kd in KINDS}))[e.name] for e, m in oof}
            report = score_predictions(articles, preds)
            for kd in KINDS:
                scores[kd][t] += prf(*report.totals()[_CATEGORY[kd][0]])[2] / THRESHOLD_DRAWS
    # the curves are flat near their best and a single step's F1 is noise on a few hundred relations (the
    # highest threshold within 0.01 of the best flipped a kind by a step between retrainings): the best of
    # the curve averaged over neighbouring thresholds
    return {kd: max(THRESHOLDS, key=lambda t: (_smoothed(s, t), -t)) for kd, s in scores.items()}


@dataclass(frozen=True)
class _Memo(RelationModel):
    """A model that computes each reading's probability once, whatever thresholds it is tried with (the
    copies `replace` makes share the memo)."""

    memo: dict[int, float] = field(default_factory=dict, compare=False)

    def probability(self, c: Candidate) -> float:
        k = id(c.features)
        if k not in self.memo:
            self.memo[k] = super().probability(c)
        return self.memo[k]


def _smoothed(curve: dict[float, float], t: float) -> float:
    ts = sorted(curve)
    i = ts.index(t)
    window = ts[max(0, i - SMOOTHING):i + SMOOTHING + 1]
    return sum(curve[x] for x in window) / len(window)


def train(examples: Sequence[Example], inner_folds: int = 4) -> RelationModel:
    """A model fitted on all of `examples`, with thresholds chosen on their out-of-fold predictions."""
    model = fit(examples)
    return replace(model, threshold=_thresholds(examples, inner_folds) if len(examples) >= inner_folds else model.threshold)


def predictions(examples: Sequence[Example], model: RelationModel) -> dict[str, dict]:
    """Contract JSON of each example with its relations decided by `model`."""
    return {e.name: to_contract(replace(e.extraction, relations=tuple(model.decide(e.candidates, e.extraction.relations))))
            for e in examples}


def cross_validate(examples: Sequence[Example], k: int, extra: Sequence[Example] = (), deals: int = 1) -> Report:
    """k-fold cross-validation by article: train on k-1 folds (and on every `extra` example, which is never
    scored), score the held-out fold, pool the counts. With several `deals` the articles are dealt into folds
    that many ways and the counts of all deals pooled (each article scored once per deal, named
    `name@deal` from the second deal on): which articles share a fold moves one deal's figures by a few
    true items."""
    articles: list[tuple[str, str, dict]] = []
    preds: dict[str, dict] = {}
    for draw in range(deals):
        tag = f"@{draw}" if draw else ""
        for e, model in _held_out(examples, k, train, draw=draw, extra=extra):
            preds[e.name + tag] = predictions([e], model)[e.name]
        articles += [(e.name + tag, e.text, e.gold) for e in examples]
    return score_predictions(articles, preds)


def _held_out(examples: Sequence[Example], k: int, learner: Callable[[list[Example]], RelationModel],
              draw: int = 0, extra: Sequence[Example] = ()) -> list[tuple[Example, RelationModel]]:
    """Each example with the model `learner` made from the other folds of its deal (and from `extra`)."""
    out: list[tuple[Example, RelationModel]] = []
    for held in folds(examples, k, draw):
        held_set = set(held)
        model = learner([e for i, e in enumerate(examples) if i not in held_set] + list(extra))
        out += [(examples[i], model) for i in held]
    return out


def write_model(model: RelationModel, examples: Sequence[Example], gold_dirs: Sequence[Path], cv: Report | None,
                k: int, path: Path, extra_dirs: Sequence[Path] = ()) -> RelationModel:
    """Record what the model was trained on and what it scored beside its weights, and write it. `examples`
    are those of `gold_dirs` and `extra_dirs` together; the cross-validation scored `gold_dirs` only."""
    fitted = score_predictions([(e.name, e.text, e.gold) for e in examples], predictions(examples, model))
    meta = {
        "trained_on": sorted({Path(d).name for d in [*gold_dirs, *extra_dirs]}),
        "articles": len(examples),
        "candidates": sum(len(e.candidates) for e in examples),
        "positives": sum(sum(e.labels) for e in examples),
        "positive_pairs": sum(sum(e.pair_labels) for e in examples),
        "data_sha256": data_hash([*gold_dirs, *extra_dirs]),
        "features": len(model.weights),
        "resource_features": len(model.resource_weights),
        "scores_on_training_data": fitted.summary(),
        f"scores_cross_validated_{k}_folds": cv.summary() if cv else None,
        "command": "kg train " + " ".join(Path(d).name for d in gold_dirs) + f" --folds {k}"
                   + "".join(f" --train-also {Path(d).name}" for d in extra_dirs),
    }
    model = replace(model, meta=meta)
    Path(path).write_text(model.to_json(), encoding="utf-8")
    return model
