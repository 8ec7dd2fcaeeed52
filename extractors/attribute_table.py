"""An exact stand-in for spaCy's attribute_ruler: its patterns compiled to table look-ups over a Doc's arrays.

The model's attribute_ruler (tag map, morph rules, a few two-word patterns) runs a Matcher over every
token and sets each match's attributes token by token; on news text that is about a sixth of the bare
model's time. Its patterns are all of a handful of shapes (a token's TAG, LOWER, DEP or IS_SPACE equal
to a value, in or not in a list, or LOWER matching a regular expression), so each rule becomes tests on
integer columns, found by a token's tag, form or dependency, and a token's settings are worked out once
per distinct (tag, form, dependency, space) row. The result is the ruler's: rules apply in the ruler's order (a later rule
wins, as in `AttributeRuler.match`), to the token at the rule's index, on the attributes as they were
before any rule applied (the Matcher matches first, then sets). A ruler with any other kind of pattern
is not compiled (`compile_ruler` returns None) and stays as it is.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

_READ = (TAG, LOWER, DEP, IS_SPACE)  # the columns a pattern may test, in this order
_COLUMN = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_WRITE = (POS, MORPH, LEMMA, TAG, DEP)  # the attributes a rule may set
_WRITE_COLUMN = {a: j for j, a in enumerate(_WRITE)}
MEMO_LIMIT = 200_000  # distinct token rows whose settings are remembered, before the memo starts over

Test = Callable[[int], bool]  # a pattern token's test of one column's value


class _Rule:
    """One pattern of the ruler: its token tests, the index of the token it sets, what it sets."""

    __slots__ = ("order", "tests", "index", "attrs", "keys")

    def __init__(self, order: int, tests: list[list[tuple[int, Test]]], index: int, attrs: dict[int, int],
                 keys: list[tuple[int, frozenset[int]] | None]):
        self.order, self.tests, self.index, self.attrs, self.keys = order, tests, index, attrs, keys


class AttributeTable:
    """Sets what the ruler it was compiled from would set, on every Doc it is called with."""

    def __init__(self, rules: list[_Rule]):
        # one-token rules, looked up by their tag, else their form, else their dependency: column -> value
        # -> rules; those with none of these are tried on every token
        self.single: dict[int, dict[int, list[_Rule]]] = {}
        self.general: list[_Rule] = []
        # patterns of two or more tokens, looked up by one of their tokens' values: column -> value ->
        # (rule, position of that token in the pattern); those with no such token are tried everywhere
        self.anchored: dict[int, dict[int, list[tuple[_Rule, int]]]] = {}
        self.unanchored: list[_Rule] = []
        for r in rules:
            if len(r.tests) > 1:
                k = next((k for k, key in enumerate(r.keys) if key is not None), None)
                if k is None:
                    self.unanchored.append(r)
                    continue
                col, values = r.keys[k]
                for v in values:
                    self.anchored.setdefault(col, {}).setdefault(v, []).append((r, k))
                continue
            key = r.keys[0]
            if key is None:
                self.general.append(r)
                continue
            col, values = key
            for v in values:
                self.single.setdefault(col, {}).setdefault(v, []).append(r)
        self._memo: dict[tuple, tuple[tuple[int, int], ...]] = {}  # one token's row -> its own rules' settings

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        rows = list(map(tuple, doc.to_array(list(_READ)).tolist()))
        longer = self._longer_hits(rows)
        out = doc.to_array(list(_WRITE)).tolist()
        memo = self._memo
        for i, row in enumerate(rows):
            if i in longer:  # the token's one-token rules and the longer ones, in the ruler's order
                merged = _merged([*self._single_rules(row), *longer[i]])
            else:
                merged = memo.get(row)
                if merged is None:
                    if len(memo) >= MEMO_LIMIT:
                        memo.clear()
                    merged = memo[row] = _merged(self._single_rules(row))
            if merged:
                target = out[i]
                for col, value in merged:
                    target[col] = value
        doc.from_array(list(_WRITE), np.array(out, dtype=np.uint64))
        return doc

    def _longer_hits(self, rows: list[tuple]) -> dict[int, list[tuple[int, dict[int, int]]]]:
        """Token index -> (order, attributes) of the patterns of two or more tokens that set it."""
        n = len(rows)
        starts: set[tuple[int, int]] = set()  # (rule, start) pairs already tried
        tries: list[tuple[_Rule, int]] = [(r, s) for r in self.unanchored for s in range(n)]
        for col, table in self.anchored.items():
            for i, row in enumerate(rows):
                for r, k in table.get(row[col], ()):
                    tries.append((r, i - k))
        hits: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for r, start in tries:
            width = len(r.tests)
            if start < 0 or start + width > n or (id(r), start) in starts:
                continue
            starts.add((id(r), start))
            if all(self._fits(r.tests[k], rows[start + k]) for k in range(width)):
                at = start + r.index if r.index >= 0 else start + width + r.index
                if 0 <= at < n:
                    hits.setdefault(at, []).append((r.order, r.attrs))
        return hits

    def _single_rules(self, row: tuple) -> list[tuple[int, dict[int, int]]]:
        """The one-token rules that fit a token, as (order, attributes)."""
        seen: set[int] = set()
        out = []
        found = [r for col, table in self.single.items() for r in table.get(row[col], ())]
        for r in (*found, *self.general):
            if r.order not in seen and self._fits(r.tests[0], row):
                seen.add(r.order)
                out.append((r.order, r.attrs))
        return out

    def _fits(self, tests: list[tuple[int, Test]], row: tuple) -> bool:
        return all(test(row[col]) for col, test in tests)


def _merged(found: list[tuple[int, dict[int, int]]]) -> tuple[tuple[int, int], ...]:
    """(column, value) settings of the rules found for a token, in the ruler's order: a later rule wins."""
    settings: dict[int, int] = {}
    for _, attrs in sorted(found, key=lambda oa: oa[0]):
        settings.update(attrs)
    return tuple(settings.items())


def compile_ruler(ruler) -> AttributeTable | None:
    """The ruler's patterns as an AttributeTable; None for another component, or a pattern of a shape the
    table does not cover."""
    if not isinstance(ruler, AttributeRuler):
        return None
    strings = ruler.vocab.strings
    rules: list[_Rule] = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
        if any(a not in _WRITE for a in attrs):
            return None
        _, patterns = ruler.matcher.get(str(order))
        for pattern in patterns:
            compiled = [_token_tests(spec, strings) for spec in pattern]
            if any(c is None for c in compiled):
                return None
            tests = [c[0] for c in compiled]
            keys = [c[1] for c in compiled]
            rules.append(_Rule(order, tests, index, {_WRITE_COLUMN[int(a)]: int(v) for a, v in attrs.items()}, keys))
    return AttributeTable(rules)


def _token_tests(spec: dict, strings) -> tuple[list[tuple[int, Test]], tuple[int, frozenset[int]] | None] | None:
    """One pattern token's tests, and the (column, values) it can be looked up by: its TAG, else its LOWER,
    else its DEP, where that is an equality or an IN list. None for a shape not covered (an operator,
    another attribute or predicate)."""
    tests: list[tuple[int, Test]] = []
    key: tuple[int, frozenset[int]] | None = None
    for name, value in spec.items():
        name = name.upper()
        if name not in _COLUMN:
            return None
        col = _COLUMN[name]
        if name == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append((col, (lambda v: lambda x: bool(x) == v)(value)))
            continue
        if isinstance(value, str):
            h = strings.add(value)
            tests.append((col, (lambda h: lambda x: x == h)(h)))
            values = frozenset([h])
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN", "REGEX"):
            op, arg = next(iter(value.items()))
            if op == "REGEX":
                if not isinstance(arg, str):
                    return None
                rx = re.compile(arg)
                tests.append((col, (lambda rx: lambda x: bool(rx.search(strings[x])))(rx)))
                continue
            if not isinstance(arg, list) or not all(isinstance(a, str) for a in arg):
                return None
            hs = frozenset(strings.add(a) for a in arg)
            tests.append((col, (lambda hs: lambda x: x in hs)(hs) if op == "IN" else (lambda hs: lambda x: x not in hs)(hs)))
            if op == "NOT_IN":
                continue
            values = hs
        else:
            return None
        if key is None or col < key[0]:  # a tag narrows best, then a form, then a dependency
            key = (col, values)
    return tests, key

