"""Typed domain errors of the knowledge graph; they know nothing of HTTP."""
from __future__ import annotations


class KGError(Exception):
    """Base of every error the project raises on purpose."""


class InputError(KGError):
    """An article file that cannot be ingested (missing, empty, binary, too large, undecodable...)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(KGError):
    """A setting that cannot work (unknown model, unusable store path...)."""


class StoreError(KGError):
    """The store could not be opened, read or written."""


class NoStore(StoreError):
    """The store the settings name has not been built yet (nothing to read, and nothing made by asking)."""


class QueryError(KGError):
    """A query that is malformed, or a parameter that is not acceptable."""


class UpdateNotAllowed(QueryError):
    """A SPARQL update sent where only queries are accepted."""


class QueryTooCostly(QueryError):
    """A query stopped for what it cost: its time or memory limit, or it brought its worker down."""


class QueryTimeout(QueryTooCostly):
    """A query that ran past its time limit."""


class Overloaded(KGError):
    """Every query worker is busy and more requests are already waiting: retry later."""


class RequestTooLarge(QueryError):
    """A request body larger than accepted (found while reading it, before it is all in memory)."""


class UnsupportedFormat(QueryError):
    """A request body in a media type that is not accepted."""


class ResultTooLarge(QueryError):
    """A query whose result exceeds the configured limit."""


class NotFound(KGError):
    """A named thing (actor, article, resource, query) that does not exist."""


class UnknownQuestion(QueryError):
    """A question `kg ask` cannot parse; carries the forms it understands."""

    def __init__(self, message: str, forms: list[str]):
        super().__init__(message)
        self.forms = forms


class NotAuthenticated(KGError):
    """A write without the credentials it needs (no token, or not the right one)."""


class WriteRefused(KGError):
    """A write this server does not take: it was started read-only (no review token configured)."""
