"""Static checks on SPARQL text before any engine sees it: size, nesting, operator runs, SERVICE, dataset.

Oxigraph parses and evaluates queries by recursion and dies with SIGSEGV (no exception) on a
few kilobytes of nesting. Measured with pyoxigraph 0.5 (8 MB stack): ~3,000 nested `{ }`, ~3,000
nested sub-SELECTs, ~10,000 nested parentheses, ~10,000 `!` in a row and binary chains of
~10,000 `+`, `&&` or `UNION` crash it; 1,000 nested braces and chains of 3,000 do not. The limits
below sit one to two orders of magnitude under those and far above any hand-written query.

`SERVICE` (federation) is refused: a query of a user must never make the server open a
connection. The checks work on tokens (strings, IRIs and comments are skipped), so a `{` inside
a literal or `SERVICE` as a local name do not count.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.core.errors import QueryError
from kg.store.sparql_tokens import tokens

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 64  # nested { } ( ) [ ] together
MAX_UNARY_RUN = 16  # ! + - in a row
MAX_OPERATORS = 2_000  # operators and UNION/OPTIONAL/MINUS in the whole query

_UNARY = {"!", "+", "-"}
_CHAIN_WORDS = {"UNION", "OPTIONAL", "MINUS"}


@dataclass(frozen=True)
class QueryShape:
    """What the checks learnt about a query that passed them."""

    has_dataset: bool  # FROM or FROM NAMED: the query names its own dataset


def check_query(text: str) -> QueryShape:
    """Raise QueryError if the query is too large or too deep for the engine, or asks for SERVICE."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters")
    depth = unary = operators = 0
    has_dataset = False
    for m in tokens(text):
        kind = m.lastgroup
        value = m.group()
        if kind == "op":
            operators += 1
            unary = unary + 1 if value in _UNARY else 0
            if unary > MAX_UNARY_RUN:
                raise QueryError(f"query too deep: more than {MAX_UNARY_RUN} unary operators (! + -) in a row")
            if operators > MAX_OPERATORS:
                raise QueryError(f"query too complex: more than {MAX_OPERATORS} operators")
            continue
        unary = 0
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"query too deep: brackets, braces and parentheses nested more than {MAX_DEPTH} levels")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "name":
            word = value.upper()
            if word == "SERVICE":
                raise QueryError("SERVICE (federated query) is not supported: this endpoint never opens a connection "
                                 "to another server")
            if word == "FROM":
                has_dataset = True
            elif word in _CHAIN_WORDS:
                operators += 1
                if operators > MAX_OPERATORS:
                    raise QueryError(f"query too complex: more than {MAX_OPERATORS} operators")
    return QueryShape(has_dataset=has_dataset)
