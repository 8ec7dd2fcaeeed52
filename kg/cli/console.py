"""The CLI's console: output streams, the settings a command runs with, and its one error exit path."""
from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from kg.core.errors import KGError
from kg.core.settings import Settings

out = Console()
err = Console(stderr=True)


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.obj


def fail(message: str, code: int = 2, details: Iterable[str] = ()) -> NoReturn:
    """The one way a command ends in error: `error: MESSAGE` (and any detail lines) on stderr, exit `code`."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    for line in details:
        err.print(line, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def with_options(ctx: typer.Context, **overrides: object) -> Settings:
    try:
        return settings_of(ctx).with_overrides(**overrides)
    except Exception as exc:  # pydantic ValidationError: e.g. an unknown --encoding
        errors = getattr(exc, "errors", lambda: [])()
        fail("invalid option: " + ("; ".join(f"--{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
                                   or str(exc)))
        raise  # unreachable: fail exits


def run_guarded(fn):
    """Turn domain errors into one clear line on stderr and exit code 2."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KGError as exc:
            fail(str(exc))

    return wrapper
