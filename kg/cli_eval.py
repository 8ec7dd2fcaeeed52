"""The `kg eval` command (registered on the `kg` app by kg.cli): extraction scored against gold files."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli import out, run_guarded, settings_of


def eval_command(
    ctx: typer.Context,
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.txt + NAME.gold.json files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (the scorer's --json shape).")] = False,
) -> None:
    """Extract every article of GOLD_DIR and print precision, recall and F1 per category against its gold."""
    from .build import get_extractor
    from .evaluate import evaluate_dir

    report = evaluate_dir(gold_dir, get_extractor(settings_of(ctx).model))
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=1) + "\n")
        return
    for line in report.lines():
        out.print(line, highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("eval")(run_guarded(eval_command))
