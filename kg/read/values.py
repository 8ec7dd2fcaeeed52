"""Values in and out of the read model: user parameters checked (dates, years, modalities) and row terms read."""
from __future__ import annotations

import datetime as _dt
import re

from kg.core.errors import QueryError
from kg.core.namespaces import AIG, CLAIM_CLASSES, KINDS, MODALITIES

_AIG = str(AIG._NS)
KIND_OF_CLASS = {str(cls): kind for kind, cls in CLAIM_CLASSES.items()}
ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")  # the local part of an article IRI


def check_kind(kind: str) -> str:
    if kind not in CLAIM_CLASSES:
        raise QueryError(f"unknown claim kind {kind!r}; known: {', '.join(KINDS)}")
    return kind


def kind_name(cls_iri: str) -> str:
    local = cls_iri[len(_AIG):] if cls_iri.startswith(_AIG) else cls_iri
    return local.removesuffix("Claim").lower()


def opt(v: object) -> str | None:
    return None if v is None else str(v)


def local(v: object) -> str | None:
    return None if v is None else str(v).rsplit("#", 1)[-1]


def year(v: object) -> int | None:
    if v is None:
        return None
    m = re.match(r"-?\d{1,4}", str(v))
    return int(m.group()) if m else None


def year_param(value: int | str | None) -> int | None:
    if value is None:
        return None
    try:
        y = int(str(value).strip())
    except ValueError:
        raise QueryError(f"year must be a number such as 2023, not {str(value)[:40]!r}") from None
    if not 1000 <= y <= 2999:
        raise QueryError(f"year {y} is out of range (1000-2999)")
    return y


def modality(m: str) -> str:
    if m not in MODALITIES:
        raise QueryError(f"unknown modality {m[:40]!r}; known: {', '.join(MODALITIES)}")
    return m


def date(v: str | _dt.date | None, name: str) -> str | None:
    if v is None:
        return None
    try:
        return _dt.date.fromisoformat(str(v)).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, not {str(v)[:40]!r}") from None


def in_range(day: str | None, lo: str | None, hi: str | None) -> bool:
    if not day:
        return False
    d = day[:10]
    return (lo is None or d >= lo) and (hi is None or d <= hi)
