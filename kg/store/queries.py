"""Named SPARQL queries (kg/queries/*.rq), loaded by name and run with bound parameters."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions

from kg.core.errors import NotFound
from kg.store import OxigraphStore


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    """The text of kg/queries/NAME.rq. Raises NotFound for an unknown name."""
    if not name.replace("_", "").isalnum():
        raise NotFound(f"no named query {name!r}")
    res = files("kg.store").joinpath("queries", f"{name}.rq")
    if not res.is_file():
        raise NotFound(f"no named query {name!r}")
    return res.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.name[:-3] for p in files("kg.store").joinpath("queries").iterdir() if p.name.endswith(".rq"))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_FROM_LEXICAL = {
    **{_XSD + t: int for t in ("integer", "int", "long", "nonNegativeInteger")},
    **{_XSD + t: float for t in ("decimal", "double", "float")},
    _XSD + "boolean": lambda v: v == "true",
}


def py_value(term: object) -> object:
    """A result term as a plain Python value: IRIs and strings as str, numbers as int/float."""
    if term is None:
        return None
    kind = type(term)
    if kind is NamedNode:
        return term.value
    if kind is Literal:
        convert = _FROM_LEXICAL.get(term.datatype.value)
        return convert(term.value) if convert else term.value
    if kind is BlankNode:
        return "_:" + term.value
    return str(term)


def rows(results: QuerySolutions) -> list[dict[str, object]]:
    names = [v.value for v in results.variables]
    positions = range(len(names))
    return [dict(zip(names, [py_value(sol[i]) for i in positions])) for sol in results]


def run_named(store: OxigraphStore, name: str, *, values: dict[str, list[NamedNode]] | None = None,
              **params: object) -> list[dict[str, object]]:
    """Run a named SELECT query; keyword parameters are bound as variables, never pasted into text.

    `values` binds one variable to several IRIs (a VALUES block at the top of the WHERE clause, so the
    engine starts from those few nodes). Only `NamedNode`s are accepted: they were validated as IRIs
    when built, and their `str()` is the escaped `<...>` form, so no input can change the query.
    """
    bound = {k: v for k, v in params.items() if v is not None}
    text = load_query(name)
    if values:
        text = _with_values(text, values)
    return rows(store.query(text, substitutions=bound))


def _with_values(text: str, values: dict[str, list[NamedNode]]) -> str:
    blocks = []
    for var, nodes in values.items():
        if not var.isidentifier() or not all(isinstance(n, NamedNode) for n in nodes):
            raise TypeError("VALUES takes a variable name and NamedNode terms only")
        blocks.append(f"VALUES ?{var} {{ {' '.join(str(n) for n in nodes)} }}")
    # inside the group, not after the query: a trailing VALUES is joined last (measured 13 s vs 0.2 s)
    head, sep, tail = text.partition("WHERE {")
    if not sep:
        raise ValueError("named query has no 'WHERE {' to put VALUES into")
    return head + sep + "\n  " + "\n  ".join(blocks) + tail
