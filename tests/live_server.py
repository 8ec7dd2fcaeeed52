"""A real `kg serve` on 127.0.0.1 for tests and benchmarks: started on a free port, stopped by itself."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


class ServerURL(str):
    """The server's base URL; `.pid` is its process (to check it is alive and measure it)."""

    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(settings: Settings, timeout_s: float = 60.0, env: dict[str, str] | None = None) -> Iterator[ServerURL]:
    """A real `kg serve` on a free 127.0.0.1 port; stopped (and waited for) when the block ends.

    Its output goes to a file, not a pipe: nobody reads a pipe while the server runs, and a full
    pipe would block the server's access log, hence every request.
    """
    port = free_port()
    env = {**os.environ, **(env or {}), "KG_STORE_PATH": str(settings.store_path), "KG_STORE": settings.store}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("kg")), "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"kg serve exited early: {log.read().decode(errors='replace')}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("kg serve did not start listening in time") from None
                    time.sleep(0.1)
            url = ServerURL(f"http://127.0.0.1:{port}")
            url.pid = proc.pid
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
