"""The article's actor index: every mention's key and kind, and the actor records built from them."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from .rules import LISTED_KINDS
from ..gazetteer import Gazetteer
from ..records import Actor

@dataclass
class _Rec:
    type: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    name: str | None = None
    longer_forms: list[str] = field(default_factory=list)  # aliases never chosen as the name ("Oman's Falaj Robotics")


@dataclass
class ActorIndex:
    """Article-level view of the actors: every mention's key and kind, and the actor records.

    `key_at(para, token_i)` and `kind_at` answer for any token inside a mention, including
    pronouns and definite descriptions resolved by coreference (kind 'coref').
    """

    gazetteer: Gazetteer
    mentions: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (para, token) -> (key, kind)
    # (para, token) -> the coordinated actors a plural pronoun ("they", "their") stands for
    groups: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)  # person key -> the role words named with them ("minister")
    _actors: dict[str, _Rec] = field(default_factory=dict)
    _by_para: dict[int, set[int]] | None = field(default=None, repr=False)

    def add(self, para: int, span: Span, offset: int, key: str | None = None, tokens: range | None = None,
            type_: str | None = None, kind: str | None = None) -> None:
        key = key or span.kb_id_
        kind = kind or span.id_
        self._by_para = None
        for i in tokens if tokens is not None else range(span.start, span.end):
            self.mentions.setdefault((para, i), (key, kind))
        rec = self._actors.setdefault(key, _Rec(type=type_ or span.label_))
        if kind != "coref":
            rec.surfaces.append(span.text)
        rec.kinds.add(kind)
        rec.mentions.append((offset + span.start_char, offset + span.end_char))

    def add_surface(self, key: str, surface: str) -> None:
        """Another form the text uses for an actor already indexed, with words around its name (an alias, not
        the name)."""
        self._actors[key].longer_forms.append(surface)

    def name_once(self, key: str, name: str) -> None:
        """Give an actor outside the gazetteer its name, unless it has one."""
        rec = self._actors[key]
        rec.name = rec.name or name

    def surfaces(self, key: str) -> list[str]:
        rec = self._actors.get(key)
        return list(rec.surfaces) if rec is not None else []

    def forget(self, key: str, surface: str) -> None:
        """Remove one mention's surface from an actor record (an alias or a description re-keys it); an actor
        left without any surface is dropped."""
        rec = self._actors.get(key)
        if rec is None:
            return
        if surface in rec.surfaces:
            rec.surfaces.remove(surface)
        if not rec.surfaces:
            del self._actors[key]

    def key_at(self, para: int, token_i: int) -> str | None:
        hit = self.mentions.get((para, token_i))
        return hit[0] if hit else None

    def group_at(self, para: int, token_i: int) -> tuple[str, ...]:
        """The actors a plural pronoun at this token was resolved to (empty when none)."""
        return self.groups.get((para, token_i), ())

    def named_with(self, para: int, token_i: int, word: str) -> str | None:
        """The actor last named before this token (by name, not by reference) whose name has `word` in it: what
        "the bureau" or "the observatory" refers back to ("Bureau of Industry and Security")."""
        words: dict[str, set[str]] = {}  # each key's name words, read once (a name spans several tokens)

        def has_word(key: str, kind: str) -> bool:
            if kind == "coref":
                return False
            if key not in words:
                words[key] = self._name_words(key)
            return word in words[key]
        return self._last_before(para, token_i, has_word)

    def last_of(self, para: int, token_i: int, types: tuple[str, ...], paras_back: int) -> str | None:
        """The actor of one of `types` mentioned last before this token (by name or by reference), no more than
        `paras_back` paragraphs back: what a bare description in a modifier ("company filings", "a ministry
        official") stands for."""
        return self._last_before(para, token_i, lambda key, _: self.type_of(key) in types, para - paras_back)

    def _last_before(self, para: int, token_i: int, accept: Callable[[str, str], bool],
                     first_para: int | None = None) -> str | None:
        """The last mention before this token (from `first_para` on) whose key and kind `accept` takes."""
        best: tuple[int, int] | None = None
        found = None
        for (p, i), (key, kind) in self.mentions.items():
            if (p, i) >= (para, token_i) or (first_para is not None and p < first_para) \
                    or (best is not None and (p, i) < best):
                continue
            if accept(key, kind):
                best, found = (p, i), key
        return found

    def _name_words(self, key: str) -> set[str]:
        entry = self.gazetteer.get(key)
        rec = self._actors.get(key)
        names = [*(rec.surfaces if rec is not None else ()), *((entry.name,) if entry is not None else ())]
        return {w.lower() for n in names for w in n.split() if w[:1].isupper()}

    def kind_at(self, para: int, token_i: int) -> str | None:
        hit = self.mentions.get((para, token_i))
        return hit[1] if hit else None

    def tokens_of(self, para: int) -> set[int]:
        """Token indexes of paragraph `para` that belong to a named mention (not coreference)."""
        if self._by_para is None:
            self._by_para = {}
            for (p, i), (_, kind) in self.mentions.items():
                if kind != "coref":
                    self._by_para.setdefault(p, set()).add(i)
        return self._by_para.get(para, set())

    def type_of(self, key: str) -> str | None:
        entry = self.gazetteer.get(key)
        if entry is not None:
            return entry.type
        rec = self._actors.get(key)
        return rec.type if rec else None

    def actors(self) -> tuple[Actor, ...]:
        out = []
        for key, rec in self._actors.items():
            if not rec.kinds & LISTED_KINDS:
                continue  # known only through pronouns or as a descriptor of another actor
            entry = self.gazetteer.get(key)
            if entry is not None:
                name = entry.name
            elif rec.name:
                name = rec.name
            elif rec.type == "Product":  # a model code: its singular form ("H800", not "H800s")
                name = min(rec.surfaces, key=lambda s: (len(s), s))
            else:
                name = _best_surface(rec.surfaces)
            surfaces = set(rec.surfaces) | set(rec.longer_forms)
            if (entry.type if entry else rec.type) == "Product":
                surfaces |= {_unbranded(s, self.gazetteer) for s in (*rec.surfaces, name)} - {None}
            aliases = sorted(s for s in surfaces if s != name)
            out.append(Actor(
                key=key,
                name=name,
                type=entry.type if entry else rec.type,
                aliases=tuple(aliases),
                wikidata=entry.wikidata if entry else None,
                in_gazetteer=entry is not None,
                mentions=tuple(sorted(rec.mentions)),
            ))
        out.sort(key=lambda a: a.mentions[0] if a.mentions else (0, 0))
        return tuple(out)


def _unbranded(surface: str, gazetteer: Gazetteer) -> str | None:
    """"Nvidia A100" -> "A100": a product name without its maker, as texts often write it."""
    words = surface.split()
    for n in (2, 1):
        if len(words) > n:
            hit = gazetteer.lookup(" ".join(words[:n]))
            if hit is not None and hit.type == "Company":
                return " ".join(words[n:])
    return None


def _best_surface(surfaces: list[str]) -> str:
    """The most complete form the text uses for an actor outside the gazetteer."""
    cleaned = [re.sub(r"^the\s+", "", s, flags=re.I) for s in surfaces] or [""]
    return max(cleaned, key=lambda s: (len(s.split()), len(s), s))

