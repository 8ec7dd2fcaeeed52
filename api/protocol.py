"""uvicorn's HTTP/1.1 protocol, answering requests too malformed to reach the app as problem+json too."""
from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import PROBLEM, problem_document


class ProblemH11Protocol(H11Protocol):
    """H11Protocol whose own 400 (bad request line, bad header, bad Content-Length...) is a problem document."""

    def send_400_response(self, msg: str) -> None:
        body = json.dumps(problem_document(400, "bad-http", "Bad Request", msg, None)).encode("utf-8")
        headers = [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()
