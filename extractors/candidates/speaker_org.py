"""Whom a quoted speaker's "we" and "our" stand for: the speaking organisation, or the organisation a named
person speaks for (the gazetteer's affiliation, else the organisation named in the person's own phrase:
"Kova chief executive Marta Ilves", "Marta Ilves, Kova's chief executive", "Marta Ilves of Kova")."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..actors import ActorIndex

ORGANISATIONS = frozenset({"Company", "Organization", "GovernmentBody", "Country", "Bloc"})
_WINDOW = 8  # tokens either side of a person's name that its own phrase can reach


def _phrase(tok: Token) -> list[Token]:
    """The tokens of a person's own phrase: its subtree, the appositive it renames or is renamed by,
    within a few tokens."""
    out = list(tok.subtree)
    if tok.dep_ == "appos":
        out += list(tok.head.subtree)
    out += [t for c in tok.children if c.dep_ == "appos" for t in c.subtree]
    return [t for t in out if abs(t.i - tok.i) <= _WINDOW]


class SpeakerOrgs:
    """Person key -> the organisation the person speaks for, read on first need (most articles never ask:
    only a quoted "we" or "our" does)."""

    def __init__(self, paras: list[tuple[Doc, int]], index: ActorIndex):
        self.index = index
        self._paras = paras
        self._orgs: dict[str, str] | None = None

    def _read(self) -> dict[str, str]:
        orgs: dict[str, str] = {}
        for (p, i), (key, kind) in self.index.mentions.items():
            if key in orgs or kind == "coref" or self.index.type_of(key) != "Person":
                continue
            org = self._in_phrase(p, self._paras[p][0][i], key)
            if org is not None:
                orgs[key] = org
        return orgs

    def _in_phrase(self, para: int, tok: Token, person: str) -> str | None:
        found = []
        for t in _phrase(tok):
            key = self.index.key_at(para, t.i)
            if key is not None and key != person and self.index.type_of(key) in ORGANISATIONS:
                found.append((abs(t.i - tok.i), key))
        return min(found)[1] if found else None

    def org_of(self, source: str | None) -> str | None:
        """The organisation a source speaks for: itself when it is one, its affiliation when a person."""
        if source is None:
            return None
        kind = self.index.type_of(source)
        if kind in ORGANISATIONS:
            return source
        if kind != "Person":
            return None
        entry = self.index.gazetteer.get(source)
        if entry is not None and entry.affiliation:
            return entry.affiliation
        if self._orgs is None:
            self._orgs = self._read()
        return self._orgs.get(source)
