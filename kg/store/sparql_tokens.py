"""The one tokenizer of SPARQL text: strings, IRIs and comments as whole tokens, so that checks and rewrites
never see a keyword, a bracket or a function call inside a literal, an IRI or a comment.

Used by the static query checks (kg.read.query_check) and by the SPARQL text sent to Virtuoso
(kg.store.virtuoso_sparql). Groups: space, comment, string, iri, var, name (keywords, prefixed names,
function names), number, open and close (any of `{ ( [` and `} ) ]`), op, other (one character).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s(){}\[\],;.!|^/*+\-=<>"'#]+)
  | (?P<name>[^\W\d](?:[\w\-.]*[\w\-])?(?::[^\s(){}\[\],;!|^/*+=<>"'#]*)?|:[^\s(){}\[\],;!|^/*+=<>"'#]*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[!+\-*/=<>|^])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> Iterator[re.Match]:
    """The tokens of `text` that mean something (spaces and comments left out)."""
    for m in TOKEN.finditer(text):
        if m.lastgroup not in ("space", "comment"):
            yield m
