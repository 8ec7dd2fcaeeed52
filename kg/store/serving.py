"""Opening the store for a long-running reader (`kg serve`): a snapshot no writer can disturb.

pyoxigraph documents that opening a store read-only while another process writes to it is
undefined behaviour, and a read-only handle never sees later writes anyway. So a served store
is a snapshot, taken under a *shared* POSIX lock on RocksDB's LOCK file, the file every
read-write open locks exclusively: while a build runs, the server refuses to start.

Two kinds of snapshot (`KG_SERVE_SNAPSHOT`):
- `memory` (default): the store is copied into an in-memory Oxigraph store at start, then the
  files and the lock are let go. Queries run several times faster than on disk (on 200k claims:
  a page of 50 dependency edges with their citations 23 ms vs 64 ms, the relation index 1.8 s vs
  7.3 s; tests/bench/bench_query.py), at about 0.6 GB of RAM per million quads and ~12 µs of
  start-up per quad. `kg build` may run while the server serves; restart `kg serve` to serve
  its result.
- `disk`: the files are read in place and the shared lock is held while the server runs, so
  `kg build` fails at once with "While lock file: ... LOCK: Resource temporarily unavailable"
  instead of writing under the reader. Several servers can share a store.
(POSIX locks belong to the process: this guards against other processes, not against a writer
opened inside the serving process itself.)

Writes (analysts' reviews, when `kg serve` is given a review token) go through `ServedStore.write`:
with a `memory` snapshot, the store on disk is opened read-write for the length of one change (a
few milliseconds for a reviews graph), the change runs there (the authority: a review written by
`kg review` meanwhile is read, not overwritten), the store is closed again, and the graphs the
change touched are copied into the snapshot, so the server answers with them at once. Writes in
one server are taken one at a time (a lock), so two at once both land; a write that finds the
files held by another process (`kg build`, `kg review`) retries for WRITE_WAIT_S, then fails with
StoreError (the API's 503) and nothing changes. A `disk` snapshot holds the files read-only for the
server's whole life and takes no writes. Everything else the snapshot holds stays as it was
copied: an article built since is still not served until the server restarts.
"""
from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from kg.core.errors import StoreError
from kg.core.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.store.protocol import Store
from kg.store.registry import open_store

T = TypeVar("T")
WRITE_WAIT_S = 5.0  # how long a write waits for another process to let go of the store's files

class ServedStore:
    """A read-only snapshot of the store the settings name (see the module docstring)."""

    def __init__(self, settings: Settings):
        self._fd: int | None = None
        self._settings = settings
        self._write_lock = threading.Lock()
        if settings.store == "oxigraph":
            self._lock(Path(settings.store_path))
        try:
            store = open_store(settings, read_only=True)
            if settings.store == "oxigraph" and settings.serve_snapshot == "memory":
                store = _in_memory_copy(store)
                self._unlock()  # the files are no longer read: a build may start
            self.store: Store = store
        except BaseException:
            self.close()
            raise

    def write(self, change: Callable[[Store], T], graphs: Iterable[str],
              then: Callable[[], None] | None = None) -> T:
        """Run `change` against the store opened read-write, then copy `graphs` into the snapshot
        (see the module docstring) and call `then` (the server re-reads its answers), all before the
        next write starts; all or nothing per change. Raises StoreError when no write is possible."""
        settings = self._settings
        with self._write_lock:
            if settings.store == "oxigraph" and settings.serve_snapshot == "disk":
                raise StoreError("this server holds the store read-only on disk (KG_SERVE_SNAPSHOT=disk): "
                                 "serve a memory snapshot to accept writes")
            if "in-memory" in self.store.capabilities and settings.store != "oxigraph":
                result = self._in_snapshot(change)  # the snapshot is the store itself
                if then is not None:
                    then()
                return result
            disk = self._open_for_writing()
            try:
                result = change(disk)
                copies = {g: list(disk.quads(g)) for g in graphs}
                disk.flush()
            finally:
                disk.close()
            self._in_snapshot(lambda snapshot: [snapshot.replace_graph(g, qs) for g, qs in copies.items()])
            if then is not None:
                then()
            return result

    def _open_for_writing(self) -> Store:
        deadline = time.monotonic() + WRITE_WAIT_S
        while True:
            try:
                return open_store(self._settings, read_only=False)
            except StoreError:
                if time.monotonic() > deadline:
                    raise StoreError("the store is held by another process (kg build?); the review was not "
                                     "written: try again when it has finished") from None
                time.sleep(0.1)

    def _in_snapshot(self, change: Callable[[Store], T]) -> T:
        snapshot = self.store
        snapshot.read_only = False
        try:
            return change(snapshot)
        finally:
            snapshot.read_only = True

    def _lock(self, store_path: Path) -> None:
        lock = store_path / "LOCK"
        if not lock.exists():
            return  # no store there: opening it says so
        self._fd = os.open(lock, os.O_RDONLY)
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            self._unlock()
            raise StoreError(f"the store at {store_path} is being written by another process "
                             "(kg build?); serve it when that has finished") from None

    def _unlock(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the shared lock
            self._fd = None

    def close(self) -> None:
        store = self.__dict__.pop("store", None)
        if store is not None:
            store.close()
        self._unlock()


def _in_memory_copy(disk: OxigraphStore) -> OxigraphStore:
    """Every quad of `disk` in a new in-memory store marked read-only; `disk` is closed."""
    memory = OxigraphStore(None)
    try:
        memory.copy_from(disk)  # its state marks too: the same state, so the disk store's read index serves it
        memory.home = disk.home
    except OSError as exc:
        raise StoreError(f"copying the store into memory failed: {exc}") from exc
    finally:
        disk.close()
    memory.read_only = True
    return memory
