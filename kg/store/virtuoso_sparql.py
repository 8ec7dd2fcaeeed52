"""SPARQL text sent to Virtuoso: terms in SPARQL syntax, bound parameters, the project's prefixes, and the
refusal of Virtuoso's extensions in query text.

Parameters are never pasted where a user string could end a token: IRIs are checked by kg.store.terms.IRI
(none of `<>"{}|^\\` and no space can be in one), literals are written with every quote, backslash and
control character escaped. They are bound with a VALUES block at the top of the query's outer group (the
same rows Oxigraph's `substitutions` give, and the projected variable keeps its name).

Virtuoso reads more than SPARQL 1.1: `define` pragmas before a query (`define get:soft "replace"` makes it
fetch the FROM graphs from the web, `define input:grab-...` follows IRIs, `define sql:...` changes
limits), and functions in the `bif:` and `sql:` namespaces (`bif:http_get` opens a connection, others read
files or run SQL). Queries that come from outside (`query`, `query_serialized`) are refused when they use
any of these (`refuse_extensions`); the back-end then adds its own `define`s (kg.store.virtuoso).
"""
from __future__ import annotations

import re

from kg.core.errors import QueryError, UpdateNotAllowed
from kg.core.namespaces import PREFIXES
from kg.store.sparql_tokens import tokens as _tokens
from kg.store.terms import IRI, XSD, BlankNode, Literal

# namespaces of Virtuoso's built-in functions (any case: Virtuoso reads `BIF:` too)
_EXTENSION_NAMESPACES = ("bif:", "sql:", "http://www.openlinksw.com/schemas/bif#",
                         "http://www.openlinksw.com/schemas/sql#", "urn:virt:")
_EXTENSION_WORDS = {"DEFINE", "SPARQL"}  # a pragma; `SPARQL` opens inline SQL/SPARQL in Virtuoso's SQL
_PREFIX_DECL = re.compile(r"(?i)PREFIX\s+([^\s:]*):\s*<([^>]*)>")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
XSD_STRING = XSD + "string"
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def _escape(m: re.Match) -> str:
    c = m.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def literal_text(value: str) -> str:
    """A string in double quotes with every quote, backslash and control character escaped."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def term_text(t: object) -> str:
    """A neutral term in SPARQL (and N-Triples) syntax. Blank nodes keep their label."""
    kind = type(t)
    if kind is IRI:
        return "<" + t.value + ">"
    if kind is Literal:
        text = literal_text(t.value)
        if t.language is not None:
            return text + "@" + t.language
        if t.datatype.value == XSD_STRING:
            return text
        return text + "^^<" + t.datatype.value + ">"
    if kind is BlankNode:
        return "_:" + t.id
    raise TypeError(f"not an RDF term: {t!r}")


def param_text(v: object) -> str:
    """A query parameter in SPARQL syntax: neutral terms as they are, bool/int typed, anything else a string."""
    if isinstance(v, (IRI, Literal)):
        return term_text(v)
    if isinstance(v, BlankNode):
        raise QueryError("a blank node cannot be bound as a parameter on Virtuoso")
    if isinstance(v, bool):
        return f'"{"true" if v else "false"}"^^<{XSD}boolean>'
    if isinstance(v, int):
        return f'"{int(v)}"^^<{XSD}integer>'
    return literal_text(str(v))


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword. UpdateNotAllowed for an update."""
    for m in _tokens(text):
        word = m.group().upper()
        if m.lastgroup == "name" and word in _FORMS:
            return word
        if m.lastgroup == "name" and word in _UPDATE_WORDS:
            raise UpdateNotAllowed("SPARQL updates are not accepted here: the endpoint is read-only")
    raise QueryError("malformed SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def refuse_extensions(text: str) -> None:
    """Raise QueryError if the query uses a Virtuoso extension: a pragma, or a function called by IRI that
    is not an XSD cast (SPARQL 1.1's only functions named by IRI; `bif:http_get` through the anonymous
    endpoint does open a connection, checked). An RDF collection right after a predicate reads as a call
    here and is refused too: kg's data has none."""
    declared = {p: ns for p, ns in _PREFIX_DECL.findall(text)}
    namespaces = {**PREFIXES, **declared}
    previous = None
    for m in _tokens(text):
        kind, value = m.lastgroup, m.group()
        if kind == "name" and value.upper() in _EXTENSION_WORDS:
            raise QueryError(f"{value!r} is not SPARQL 1.1: Virtuoso pragmas are not accepted here")
        if kind in ("name", "iri") and value.strip("<>").lower().startswith(_EXTENSION_NAMESPACES):
            raise QueryError(f"{value[:60]!r}: Virtuoso's built-in functions are not accepted here")
        if value == "(" and previous is not None and previous.lastgroup in ("name", "iri"):
            callee = previous.group()
            if previous.lastgroup == "iri":
                iri = callee[1:-1]
            elif ":" in callee:
                prefix, _, local = callee.partition(":")
                iri = namespaces.get(prefix, "?") + local
            else:
                iri = None  # a keyword (STR, REGEX, COUNT...)
            if iri is not None and not iri.startswith(XSD):
                raise QueryError(f"{callee[:60]!r}: only SPARQL's own functions and XSD casts are accepted here")
        previous = m
    for namespace in declared.values():
        if namespace.lower().startswith(_EXTENSION_NAMESPACES):
            raise QueryError(f"prefix for {namespace!r}: Virtuoso's built-in functions are not accepted here")


def without_dataset(text: str) -> str:
    """The query without its FROM / FROM NAMED clauses: the protocol's graphs replace them (SPARQL 1.1),
    which Virtuoso does not do by itself (it takes both)."""
    tokens = list(_tokens(text))
    cut: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].lastgroup == "name" and tokens[i].group().upper() == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j].lastgroup == "name" and tokens[j].group().upper() == "NAMED":
                j += 1
            if j < len(tokens) and tokens[j].lastgroup in ("iri", "name"):
                cut.append((tokens[i].start(), tokens[j].end()))
                i = j
        i += 1
    for start, end in reversed(cut):
        text = text[:start] + " " + text[end:]
    return text


def with_prefixes(text: str) -> str:
    """The project's prefixes the query uses without declaring them, declared before it (Oxigraph gets
    them as `prefixes=`; Virtuoso's own built-in prefixes differ)."""
    declared = {p for p, _ in _PREFIX_DECL.findall(text)}
    used = {m.group().split(":", 1)[0] for m in _tokens(text) if m.lastgroup == "name" and ":" in m.group()}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p in used and p not in declared]
    return "\n".join([*lines, text]) if lines else text


def with_values(text: str, params: dict[str, object]) -> str:
    """The query with `params` bound by a VALUES block at the top of its outer WHERE group."""
    if not params:
        return text
    names = []
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a variable name: {name[:40]!r}")
        names.append("?" + name)
    _check_selected(text, names)
    block = f"VALUES ({' '.join(names)}) {{ ({' '.join(param_text(v) for v in params.values())}) }}"
    at = _outer_group(text)
    return text[:at] + "\n  " + block + "\n" + text[at:]


def _check_selected(text: str, names: list[str]) -> None:
    """A SELECT must project every bound variable (what Oxigraph's substitutions require)."""
    projected: set[str] = set()
    in_select = False
    for m in _tokens(text):
        word = m.group().upper()
        if not in_select:
            in_select = m.lastgroup == "name" and word == "SELECT"
            if m.lastgroup == "name" and word in _FORMS and word != "SELECT":
                return
            continue
        if m.group() == "{" or (m.lastgroup == "name" and word in ("WHERE", "FROM")):
            break
        if m.group() == "*":
            return
        if m.lastgroup == "var":
            projected.add("?" + m.group()[1:])
    missing = [n for n in names if n not in projected]
    if missing:
        raise QueryError(f"query cannot be run: {', '.join(missing)} is bound but not selected")


def _outer_group(text: str) -> int:
    """The position just after the `{` that opens the query's WHERE group (a CONSTRUCT template skipped)."""
    tokens = list(_tokens(text))
    i = 0
    form = None
    while i < len(tokens):
        word = tokens[i].group().upper()
        if tokens[i].lastgroup == "name" and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = word
            break
        i += 1
    if form is None:
        raise QueryError("no query form (SELECT, ASK, CONSTRUCT, DESCRIBE) to bind parameters in")
    i += 1
    if form == "CONSTRUCT" and i < len(tokens) and tokens[i].group() == "{":
        depth = 0
        for j in range(i, len(tokens)):  # the template
            depth += {"open": 1, "close": -1}.get(tokens[j].lastgroup, 0)
            if depth == 0:
                i = j + 1
                break
    for j in range(i, len(tokens)):
        if tokens[j].group() == "{":
            return tokens[j].end()
    raise QueryError("the query has no WHERE group to bind parameters in")
