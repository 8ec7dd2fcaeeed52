"""The HTTP side of the Virtuoso back-end: SPARQL 1.1 Protocol requests to one configured server, nowhere else.

Reads go to `/sparql`, the server's anonymous endpoint (read-only for the `nobody` user: it may neither
update nor sponge); updates to `/sparql-auth` with HTTP digest authentication. Standard library only
(urllib): no proxy from the environment is used and no redirect is followed, so a request can only ever
reach the configured URL. Each request opens its own connection, so a handle survives fork (the query
pool's workers use the one they inherit).

Errors: Virtuoso answers a query it cannot compile with 400 and `Virtuoso 37000 Error SP030: ...`
(QueryError); anything else failing (refused connection, 5xx, time-out, 401) is StoreError.
"""
from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from urllib.parse import urlsplit

from kg.core.errors import QueryError, StoreError


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - never follow
        return None


class VirtuosoClient:
    """SPARQL queries and updates against one Virtuoso server, e.g. `http://127.0.0.1:8890`."""

    def __init__(self, url: str, user: str, password: str, timeout_s: float = 600.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise StoreError(f"not a Virtuoso server URL {url!r} (KG_VIRTUOSO_URL): expected http(s)://HOST:PORT")
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self._reader = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.url + "/sparql-auth", user, password)
        self._writer = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect(),
                                                   urllib.request.HTTPDigestAuthHandler(passwords))

    def query(self, text: str, accept: str, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> bytes:
        """The body of the answer to a read-only query, asked for in `accept`."""
        fields: list[tuple[str, str]] = [("query", text)]
        fields += [("default-graph-uri", g) for g in default_graphs or ()]
        fields += [("named-graph-uri", g) for g in named_graphs or ()]
        return self._post(self._reader, "/sparql", fields, accept)

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update request (one transaction in Virtuoso, see kg.store.virtuoso)."""
        self._post(self._writer, "/sparql-auth", [("update", text)], "application/sparql-results+json")

    def _post(self, opener, path: str, fields: list[tuple[str, str]], accept: str) -> bytes:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=body, method="POST", headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        try:
            with opener.open(request, timeout=self.timeout_s) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            message = _first_line(detail)
            if " SP0" in detail[:200]:  # Virtuoso's SPARQL compiler: the text does not parse or compile
                raise QueryError(f"malformed SPARQL: {message}") from None
            if exc.code == 400:
                raise QueryError(f"query cannot be run: {message}") from None
            raise StoreError(f"Virtuoso at {self.url} answered {exc.code}: {message}") from None
        except (urllib.error.URLError, socket.timeout, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach Virtuoso at {self.url} (KG_VIRTUOSO_URL): {reason}") from None


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return (lines[0] if lines else "(no detail)")[:300]
