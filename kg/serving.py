"""Opening the store for a long-running reader (`kg serve`): a read-only snapshot no writer can disturb.

pyoxigraph documents that opening a store read-only while another process writes to it is
undefined behaviour, and a read-only handle never sees later writes anyway. So a served store
is a snapshot, and we make the snapshot safe: besides the read-only handle, the server takes a
*shared* POSIX lock on RocksDB's LOCK file, the file every read-write open locks exclusively.
While a server runs, `kg build` therefore fails at once with "While lock file: ... LOCK:
Resource temporarily unavailable" instead of writing under the reader; while a build runs, the
server refuses to start. Several servers can share a store. Restart `kg serve` after a build.
(POSIX locks belong to the process: this guards against other processes, not against a writer
opened inside the serving process itself.)
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import StoreError
from .settings import Settings
from .store import OxigraphStore, open_store


class ServedStore:
    """A read-only store plus the shared lock that keeps writers out while it is open."""

    def __init__(self, settings: Settings):
        self._fd: int | None = None
        if settings.store == "oxigraph":
            lock = Path(settings.store_path) / "LOCK"
            if lock.exists():
                self._fd = os.open(lock, os.O_RDONLY)
                try:
                    fcntl.lockf(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except OSError:
                    os.close(self._fd)
                    self._fd = None
                    raise StoreError(f"the store at {settings.store_path} is being written by another process "
                                     "(kg build?); serve it when that has finished") from None
        try:
            self.store: OxigraphStore = open_store(settings, read_only=True)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        store = self.__dict__.pop("store", None)
        if store is not None:
            store.close()
        if self._fd is not None:
            os.close(self._fd)  # releases the shared lock
            self._fd = None
