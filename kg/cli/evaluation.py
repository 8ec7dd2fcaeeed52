"""The `kg eval` and `kg train` commands (registered on the `kg` app by kg.cli.app): extraction scored against gold files, and the learned relation decision trained on them."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.console import out, run_guarded, settings_of
from kg.core.errors import InputError

GoldDirs = Annotated[list[Path], typer.Argument(help="Folders of NAME.txt + NAME.gold.json files.")]
TrainAlso = Annotated[list[Path] | None, typer.Option("--train-also", metavar="DIR", help=(
    "A folder of annotated articles added to every training fold and to the trained model, never scored "
    "(more training data whose scores would not be honest: e.g. articles written for training)."))]


def eval_command(
    ctx: typer.Context,
    gold_dirs: GoldDirs,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (the scorer's --json shape).")] = False,
    folds: Annotated[int, typer.Option("--folds", min=0, help=(
        "Cross-validate the learned relation decision: train it on K-1 folds of the articles (by article), "
        "score the held-out fold, pool the counts. 0: score the shipped model."))] = 0,
    deals: Annotated[int, typer.Option("--deals", min=1, help=(
        "With --folds: deal the articles into folds this many different ways and pool the counts of all the "
        "deals (a steadier figure: one deal moves by a few true items)."))] = 1,
    train_also: TrainAlso = None,
) -> None:
    """Extract every article of GOLD_DIRS and print precision, recall and F1 per category against its gold."""
    from kg.ingest.build import get_extractor
    from kg.eval.evaluate import Report, evaluate_dir

    settings = settings_of(ctx)
    extractor = get_extractor(settings.model, settings.relations)
    if folds:
        from kg.eval import learn

        if folds < 2:
            raise InputError("--folds", "needs at least 2 folds")
        examples = learn.collect(extractor, gold_dirs)
        if len(examples) < folds:
            raise InputError("--folds", f"{folds} folds need at least {folds} articles, found {len(examples)}")
        report = learn.cross_validate(examples, folds, learn.collect(extractor, train_also) if train_also else (), deals)
    else:
        if train_also:
            raise InputError("--train-also", "only with --folds: it adds training data, and the shipped model is not trained here")
        if deals > 1:
            raise InputError("--deals", "only with --folds: the shipped model is scored once")
        report = Report()
        for d in gold_dirs:  # several folders: articles named folder/name, so equal names stay apart
            part = evaluate_dir(d, extractor)
            report.missing += part.missing
            for stem, score in part.per_article.items():
                report.per_article[f"{Path(d).name}/{stem}" if len(gold_dirs) > 1 else stem] = score
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=1) + "\n")
        return
    for line in report.lines():
        out.print(line, highlight=False, markup=False, soft_wrap=True)


def train_command(
    ctx: typer.Context,
    gold_dirs: GoldDirs,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Folds of the cross-validation recorded in the model file.")] = 5,
    model_out: Annotated[Path | None, typer.Option("--out", help=(
        "Where to write the model (default: the package's extractors/data/relation_model.json, which "
        "extraction uses)."))] = None,
    train_also: TrainAlso = None,
) -> None:
    """Train the learned relation decision on the annotated articles of GOLD_DIRS and write the model file."""
    from extractors.model import MODEL_FILE
    from importlib.resources import files

    from kg.eval import learn
    from kg.ingest.build import get_extractor

    extractor = get_extractor(settings_of(ctx).model)
    examples = learn.collect(extractor, gold_dirs)
    extra = learn.collect(extractor, train_also) if train_also else []
    if len(examples) < folds:
        raise InputError("--folds", f"{folds} folds need at least {folds} articles, found {len(examples)}")
    cv = learn.cross_validate(examples, folds, extra)
    model = learn.train(examples + extra)
    path = model_out or Path(str(files("extractors").joinpath("data", MODEL_FILE)))
    model = learn.write_model(model, examples + extra, gold_dirs, cv, folds, path, train_also or ())
    thresholds = ", ".join(f"{kind} {t}" for kind, t in model.threshold.items())
    out.print(f"wrote {path}: {model.meta['features']} features, thresholds {thresholds}, "
              f"{model.meta['articles']} articles, {model.meta['positives']} true of {model.meta['candidates']} candidates",
              highlight=False, markup=False, soft_wrap=True)
    for line in cv.lines()[-9:]:
        out.print(f"cross-validated ({folds} folds): {line}" if line.startswith("SUMMARY") else line,
                  highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("eval")(run_guarded(eval_command))
    app.command("train")(run_guarded(train_command))
