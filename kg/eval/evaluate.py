"""Scoring extraction output against gold annotations (the rules of the shared scorer, in the project).

A predicted item counts only when its evidence is an exact substring of the article that overlaps
the gold item's evidence, and its key matches after name resolution through the gold actors'
aliases (and the prediction's own actor aliases): relations on (subject, object, resource),
cooperations on the unordered actor pair, attributions on the source, figures on value and unit.
`evaluate_dir` runs the extractor over a folder of NAME.txt + NAME.gold.json with one model load.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import InputError

CATEGORIES = ("actors", "dependencies", "restrictions", "cooperations", "figures", "attributions")
RELATION_CATEGORIES = ("dependencies", "restrictions", "cooperations")
_NO_NAME = ("", "unspecified", "unknown", "none")

Counts = tuple[int, int, int]  # true positives, predicted, gold


def norm(name: str | None) -> str:
    """Comparison form of a name: lower case, leading 'the' and trailing possessive dropped, words only."""
    if not name:
        return ""
    s = name.lower().strip()
    s = re.sub(r"^(the)\s+", "", s)
    s = re.sub(r"[\u2019']s$", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


class Resolver:
    """Maps any surface name to a gold actor's canonical name ("foreign" stands for itself)."""

    def __init__(self, gold_actors: list[dict]):
        self.table: dict[str, str] = {}
        for a in gold_actors:
            for n in [a["name"], *a.get("aliases", [])]:
                self.table.setdefault(norm(n), a["name"])
        self.table.setdefault("foreign", "foreign")

    def resolve(self, names: list[str]) -> str | None:
        for n in names:
            hit = self.table.get(norm(n))
            if hit:
                return hit
        return None


def find_span(text: str, evidence: str | None) -> tuple[int, int] | None:
    if not evidence:
        return None
    i = text.find(evidence)
    return None if i < 0 else (i, i + len(evidence))


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty prediction of an empty gold is perfect."""
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else (1.0 if npred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _actor_names(item: dict) -> list[str]:
    return [item.get("name", ""), *item.get("aliases", []), item.get("label", "")]


def _key(cat: str, item: dict, resolve: Callable[[str | None], str | None]) -> tuple | None:
    if cat == "dependencies":
        return (resolve(item.get("dependent")), resolve(item.get("provider")), item.get("resource"))
    if cat == "restrictions":
        return (resolve(item.get("restrictor")), resolve(item.get("target")), item.get("resource"))
    if cat == "cooperations":
        return tuple(sorted([resolve(item.get("a")) or "?", resolve(item.get("b")) or "?"]))
    if cat == "attributions":
        return (resolve(item.get("source")),)
    return None


def _figure_match(g: dict, p: dict) -> bool:
    try:
        gv, pv = float(g["value"]), float(p["value"])
    except (TypeError, ValueError, KeyError):
        return False
    same_value = abs(gv - pv) <= 1e-3 * max(abs(gv), 1e-9) or gv == pv
    return same_value and str(g.get("unit", "")).lower() == str(p.get("unit", "")).lower()


@dataclass
class ArticleScore:
    counts: dict[str, Counts]
    unverifiable: int = 0  # predicted items whose evidence is not in the text
    predicted_items: int = 0


class _Names:
    """The scorer's name resolution for one article: gold aliases, then the prediction's own actor aliases."""

    def __init__(self, gold: dict, pred_actors: list[dict]):
        self.res = res = Resolver(gold.get("actors", []))
        self.pred_alias: dict[str, str] = {}
        for p in pred_actors:
            hit = res.resolve(_actor_names(p))
            if hit:
                for n in _actor_names(p):
                    self.pred_alias.setdefault(norm(n), hit)

    def pred(self, name: str | None) -> str | None:
        if name is None or norm(name) in _NO_NAME:
            return None
        return self.res.resolve([name]) or self.pred_alias.get(norm(name)) or norm(name)

    def gold(self, name: str | None) -> str | None:
        return self.res.resolve([name]) if name else None


class GoldMatcher:
    """Whether one predicted item would count against some gold item of its article (evidence overlap
    and key, the scorer's rules), ignoring that each gold item counts once: labels for training."""

    def __init__(self, text: str, gold: dict, pred_actors: list[dict]):
        self.text = text
        names = _Names(gold, pred_actors)
        self._pred = names.pred
        self._gold = {cat: [(find_span(text, g.get("evidence")), _key(cat, g, names.gold)) for g in gold.get(cat, [])]
                      for cat in RELATION_CATEGORIES}

    def matches(self, cat: str, item: dict, span: tuple[int, int], resource: bool = True) -> bool:
        """`resource=False`: the actors match whatever the gold item's resource is."""
        pk = _key(cat, item, self._pred)
        n = 3 if resource or cat == "cooperations" else 2
        return any(overlaps(span, gs) and gk[:n] == pk[:n] for gs, gk in self._gold[cat])


def score_article(text: str, gold: dict, pred: dict) -> ArticleScore:
    """Score one article's prediction (contract JSON) against its gold annotation."""
    res = Resolver(gold.get("actors", []))
    counts: dict[str, Counts] = {}

    # actors: one-to-one on any shared normalised name
    gold_names = {a["name"] for a in gold.get("actors", [])}
    matched: set[str] = set()
    pred_actors = pred.get("actors", [])
    for p in pred_actors:
        hit = res.resolve(_actor_names(p))
        if hit:
            matched.add(hit)
    counts["actors"] = (len(matched), len(pred_actors), len(gold_names))
    # a predicted actor's own aliases may link a relation's name to a gold actor
    names = _Names(gold, pred_actors)
    resolve_pred, resolve_gold = names.pred, names.gold

    unverifiable = total = 0
    for cat in CATEGORIES[1:]:
        golds = gold.get(cat, [])
        preds = pred.get(cat, [])
        gold_spans = [find_span(text, g.get("evidence")) for g in golds]
        gold_keys = [_key(cat, g, resolve_gold) for g in golds]
        used = [False] * len(golds)
        tp = 0
        for p in preds:
            total += 1
            ps = find_span(text, p.get("evidence"))
            if ps is None:
                unverifiable += 1
                continue
            pk = None if cat == "figures" else _key(cat, p, resolve_pred)
            for i, g in enumerate(golds):
                if used[i] or not overlaps(ps, gold_spans[i]):
                    continue
                ok = _figure_match(g, p) if cat == "figures" else gold_keys[i] == pk
                if ok:
                    used[i] = True
                    tp += 1
                    break
        counts[cat] = (tp, len(preds), len(golds))
    return ArticleScore(counts, unverifiable, total)


@dataclass
class Report:
    """Per-article counts and their micro-averaged totals."""

    per_article: dict[str, ArticleScore] = field(default_factory=dict)
    missing: int = 0  # articles without a (readable) prediction

    def totals(self) -> dict[str, Counts]:
        out = {c: (0, 0, 0) for c in CATEGORIES}
        for s in self.per_article.values():
            for c in CATEGORIES:
                out[c] = tuple(x + y for x, y in zip(out[c], s.counts[c]))  # type: ignore[assignment]
        return out

    def category(self, cat: str) -> dict:
        tp, npred, ngold = self.totals()[cat]
        p, r, f = prf(tp, npred, ngold)
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "pred": npred, "gold": ngold}

    def relations(self) -> tuple[float, float, float, Counts]:
        t = self.totals()
        c = tuple(sum(t[k][i] for k in RELATION_CATEGORIES) for i in range(3))
        return (*prf(*c), c)  # type: ignore[return-value]

    def integrity(self) -> float:
        bad = sum(s.unverifiable for s in self.per_article.values())
        total = sum(s.predicted_items for s in self.per_article.values())
        return 1 - bad / total if total else 1.0

    def summary(self) -> dict[str, float]:
        """The headline figures: F1 of relations and each category, and evidence integrity."""
        return {
            "relations_f1": round(self.relations()[2], 3),
            **{f"{c}_f1": self.category(c)["f1"] for c in CATEGORIES},
            "integrity": round(self.integrity(), 3),
        }

    def to_dict(self) -> dict:
        """The shape of the shared scorer's --json output."""
        return {
            "per_category": {c: self.category(c) for c in CATEGORIES},
            "relations_f1": round(self.relations()[2], 3),
            "evidence_integrity": round(self.integrity(), 3),
            "missing_predictions": self.missing,
            "per_file": {
                stem: {**{c: list(s.counts[c]) for c in CATEGORIES}, "_unverifiable": [s.unverifiable, s.predicted_items]}
                for stem, s in self.per_article.items()
            },
        }

    def lines(self) -> list[str]:
        """The shared scorer's text output: one line per article, the table, the SUMMARY line."""
        out = []
        for stem, s in self.per_article.items():
            cells = " ".join(f"{c[:4]}={s.counts[c][0]}/{s.counts[c][1]}/{s.counts[c][2]}" for c in CATEGORIES)
            out.append(f"{stem:40s} {cells}  (tp/pred/gold)")
        out.append("")
        out.append(f"{'category':14s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/pred/gold")
        for c in CATEGORIES:
            s = self.category(c)
            out.append(f"{c:14s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}   {s['tp']}/{s['pred']}/{s['gold']}")
        rp, rr, rf, (tp, npred, ngold) = self.relations()
        out.append(f"{'relations':14s} {rp:6.3f} {rr:6.3f} {rf:6.3f}   {tp}/{npred}/{ngold}")
        bad = sum(s.unverifiable for s in self.per_article.values())
        total = sum(s.predicted_items for s in self.per_article.values())
        out.append(f"evidence integrity (predicted evidence found verbatim in text): {self.integrity():.3f} "
                   f"({total - bad}/{total}); articles without prediction: {self.missing}")
        t = self.totals()
        f1 = {c: prf(*t[c])[2] for c in CATEGORIES}
        out.append(f"SUMMARY relations_f1={rf:.3f} dependencies_f1={f1['dependencies']:.3f} "
                   f"figures_f1={f1['figures']:.3f} actors_f1={f1['actors']:.3f} "
                   f"attributions_f1={f1['attributions']:.3f} integrity={self.integrity():.3f}")
        return out


def gold_articles(gold_dir: Path) -> list[tuple[str, str, dict]]:
    """(name, text, gold) for every NAME.gold.json in `gold_dir`, sorted by file name.

    Raises InputError when the folder holds no gold file or a gold file is unreadable.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "not a folder")
    out = []
    for gpath in sorted(gold_dir.glob("*.gold.json")):
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            text = (gold_dir / gold.get("text_file", gpath.name[: -len(".gold.json")] + ".txt")).read_text(encoding="utf-8")
        except (OSError, json.JSONDecodeError, AttributeError) as exc:
            raise InputError(str(gpath), f"unreadable gold or article: {exc}") from None
        out.append((gpath.name[: -len(".gold.json")], text, gold))
    if not out:
        raise InputError(str(gold_dir), "no NAME.gold.json files")
    return out


def score_predictions(articles: Iterable[tuple[str, str, dict]], predictions: dict[str, dict | None]) -> Report:
    """Score ready-made predictions (name -> contract JSON, or None when missing)."""
    report = Report()
    for name, text, gold in articles:
        pred = predictions.get(name)
        if pred is None:
            report.missing += 1
            pred = {}
        report.per_article[name] = score_article(text, gold, pred)
    return report


def evaluate_dir(gold_dir: Path, extractor) -> Report:
    """Extract every article of `gold_dir` with `extractor` (one model load, one streaming pass) and score it."""
    from extractors.contract import to_contract

    articles = gold_articles(gold_dir)
    preds: dict[str, dict | None] = {}
    for name, extraction in extractor.extract_many((name, text, None) for name, text, _ in articles):
        preds[name] = to_contract(extraction)
    return score_predictions(articles, preds)
