"""Killable worker processes that run SPARQL queries for `kg serve`, each with a time and a memory limit.

Oxigraph cannot be interrupted from outside and can die with SIGSEGV or abort on allocation
failure; a thread cannot be stopped and takes the whole server with it. So every query runs in a
worker process:
- time: the server waits `query_timeout_s` for the answer, then SIGKILLs the worker (RLIMIT_CPU
  in the worker is a second stop should the server itself be gone);
- memory: the worker's address space is capped at its size at start plus `query_memory_mb`
  (RLIMIT_AS), so a runaway ORDER BY fails in the worker, not in the machine;
- network: a worker runs with no free file descriptor (RLIMIT_NOFILE), so it cannot open a socket
  even if a SERVICE got past kg.read.query_check (in-memory snapshots; a store read from disk needs
  descriptors for its files).
A dead worker costs one answer (422) and is replaced on demand. `query_workers` run at once;
more requests wait for one to free, at most `query_timeout_s` + 1 s (by then a worker has been
freed or killed), and only then, or when too many already wait, get Overloaded (503 + Retry-After).

Workers must share the served in-memory store without copying it, so they are forked. Forking a
process with threads is unsafe if another thread holds a lock at that moment, so one "zygote"
process is forked once, when the store has just been opened and nothing else runs, and every
worker is forked from that single-threaded zygote. The server asks the zygote for a worker over a
Unix socket and receives the worker's end of a socket pair (SCM_RIGHTS) and its pid.
"""
from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kg.core.errors import (
    KGError,
    NotFound,
    Overloaded,
    QueryError,
    QueryTimeout,
    QueryTooCostly,
    ResultTooLarge,
    StoreError,
    UpdateNotAllowed,
)
from kg.core.settings import Settings
from kg.read.sparql import NotAcceptable, Prepared, evaluate
from kg.store import Store, open_store

_FRAME = struct.Struct("!II")  # lengths of the JSON header and of the body that follow
_PID = struct.Struct("!i")
WAITING_PER_WORKER = 8  # requests that may wait per worker before new ones are refused at once
RETIRE_AFTER = 1_000  # queries per worker: bounds whatever a worker's heap accumulates

# Errors a worker may report, by name (a table, not getattr on a module).
_ERRORS: dict[str, type[KGError]] = {cls.__name__: cls for cls in (
    QueryError, UpdateNotAllowed, ResultTooLarge, QueryTooCostly, StoreError, NotFound)}


@dataclass(eq=False)  # identity: a set holds the busy ones
class _Worker:
    pid: int
    sock: socket.socket
    pidfd: int | None
    served: int = 0

    def kill(self) -> None:
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, OSError):
            pass  # already gone
        self.close()

    def close(self) -> None:
        self.sock.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


class QueryPool:
    """Runs prepared queries in worker processes; one per event loop (the app's lifespan)."""

    def __init__(self, store: Store, settings: Settings):
        self.size = settings.query_workers
        self.timeout_s = settings.query_timeout_s
        self.max_results = settings.max_results
        self.memory_mb = settings.query_memory_mb
        # a busy worker is free (answered or killed) after at most the time limit; waiting longer
        # than that and a margin means every worker is taken by queued work: saturated
        self.queue_wait_s = settings.query_timeout_s + 1.0
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._slots = asyncio.Semaphore(self.size)
        self._waiting = 0
        self._spawn_lock = threading.Lock()
        self._zygote_pid, self._zygote = _start_zygote(store, settings)

    @property
    def zygote_pid(self) -> int:
        """The process every worker is forked from (its children are the live workers)."""
        return self._zygote_pid

    # ---- the server side
    async def run(self, prepared: Prepared) -> tuple[bytes, str]:
        """(body, media type) of a prepared query. Raises its QueryError, QueryTooCostly or Overloaded."""
        if self._waiting >= self.size * WAITING_PER_WORKER:
            raise Overloaded(f"all {self.size} query workers are busy and {self._waiting} requests wait; retry later")
        self._waiting += 1
        try:
            # asyncio.timeout, not wait_for: on a timeout racing the grant, Semaphore.acquire gives
            # the slot back instead of losing it (Python 3.11's wait_for can lose it)
            async with asyncio.timeout(self.queue_wait_s):
                await self._slots.acquire()
        except TimeoutError:
            raise Overloaded(f"all {self.size} query workers stayed busy for {self.queue_wait_s:g} s; "
                             "retry later") from None
        finally:
            self._waiting -= 1
        try:
            return await self._ask(prepared)
        finally:
            self._slots.release()

    async def _ask(self, prepared: Prepared) -> tuple[bytes, str]:
        loop = asyncio.get_running_loop()
        request = _frame({"query": prepared.to_json(), "max_results": self.max_results})
        worker = self._idle.pop() if self._idle else await loop.run_in_executor(None, self._spawn)
        self._busy.add(worker)
        keep = False
        try:
            try:
                await loop.sock_sendall(worker.sock, request)
            except OSError:  # an idle worker died (e.g. the kernel's OOM killer): one fresh try
                self._busy.discard(worker)
                worker.kill()
                worker = await loop.run_in_executor(None, self._spawn)
                self._busy.add(worker)
                await loop.sock_sendall(worker.sock, request)
            try:
                async with asyncio.timeout(self.timeout_s):
                    meta, body = await _read_frame(loop, worker.sock)
            except TimeoutError:
                raise QueryTimeout(f"the query ran longer than the {self.timeout_s:g} s limit and was stopped") from None
            if meta is None:
                raise QueryTooCostly(f"the query brought down the worker evaluating it (it needed more than the "
                                     f"{self.memory_mb} MB memory limit, or crashed the engine); narrow it")
            worker.served += 1
            keep = not meta.get("retire") and worker.served < RETIRE_AFTER
            if "error" in meta:
                raise _ERRORS.get(meta["error"], QueryError)(meta["message"])
            return body, meta["media_type"]
        finally:
            self._busy.discard(worker)
            if keep:
                self._idle.append(worker)
            else:
                worker.kill()

    def _spawn(self) -> _Worker:
        with self._spawn_lock:
            try:
                self._zygote.sendall(b"w")
                msg, fds, _flags, _addr = socket.recv_fds(self._zygote, _PID.size, 1)
            except OSError as exc:
                raise StoreError(f"no query worker could be started: {exc}") from None
            if len(msg) != _PID.size or len(fds) != 1:
                raise StoreError("no query worker could be started: the worker factory has stopped")
        pid = _PID.unpack(msg)[0]
        sock = socket.socket(fileno=fds[0])
        sock.setblocking(False)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        return _Worker(pid, sock, pidfd)

    def close(self) -> None:
        """Stop every worker and the zygote."""
        for worker in [*self._idle, *self._busy]:
            worker.kill()
        self._idle.clear()
        self._busy.clear()
        self._zygote.close()  # the zygote exits when its socket closes
        try:
            os.kill(self._zygote_pid, signal.SIGKILL)
            os.waitpid(self._zygote_pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _frame(meta: dict, body: bytes = b"") -> bytes:
    head = json.dumps(meta).encode("utf-8")
    return _FRAME.pack(len(head), len(body)) + head + body


async def _read_frame(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> tuple[dict | None, bytes]:
    head = await _read_exactly(loop, sock, _FRAME.size)
    if head is None:
        return None, b""
    n_meta, n_body = _FRAME.unpack(head)
    data = await _read_exactly(loop, sock, n_meta + n_body)
    if data is None:
        return None, b""
    return json.loads(data[:n_meta]), data[n_meta:]


async def _read_exactly(loop: asyncio.AbstractEventLoop, sock: socket.socket, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        try:
            chunk = await loop.sock_recv(sock, min(n - got, 1 << 20))
        except OSError:  # reset by a worker that died
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# ---- the zygote and the workers (forked processes; they leave only through os._exit)
def _fork(child: Callable[[], None]) -> int:
    """Fork; the child runs `child` and leaves through os._exit (70 after any exception), never returning
    into the parent's code. Returns the child's pid to the parent."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            child()
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    return pid


def _start_zygote(store: Store, settings: Settings) -> tuple[int, socket.socket]:
    ours, theirs = socket.socketpair()

    def zygote() -> None:
        ours.close()
        _zygote(theirs, store, settings)

    pid = _fork(zygote)
    theirs.close()
    return pid, ours


def _zygote(control: socket.socket, store: Store, settings: Settings) -> None:
    _reset_signals()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    _close_fds_except(0, 1, 2, control.fileno())  # e.g. a listening socket the server already had
    while True:
        try:
            request = control.recv(1)
        except InterruptedError:
            continue
        if not request:
            return  # the server has gone
        parent_end, child_end = socket.socketpair()

        def worker() -> None:
            control.close()
            parent_end.close()
            _worker(child_end, store, settings)

        pid = _fork(worker)
        child_end.close()
        socket.send_fds(control, [_PID.pack(pid)], [parent_end.fileno()])
        parent_end.close()


def _worker(sock: socket.socket, store: Store, settings: Settings) -> None:
    fd = sock.detach()
    if fd != 3:
        os.dup2(fd, 3)
        os.close(fd)
    sock = socket.socket(fileno=3)
    _close_fds_except(0, 1, 2, 3)
    if "reopen-after-fork" in store.capabilities:
        store = open_store(settings, read_only=True)  # e.g. a RocksDB handle does not survive fork
    address_space = _address_space()
    if "in-memory" in store.capabilities:
        # no free descriptor: no socket, no file (an in-memory store needs none)
        resource.setrlimit(resource.RLIMIT_NOFILE, (4, 4))
    _limit(resource.RLIMIT_AS, address_space + settings.query_memory_mb * 2**20)
    timeout = int(settings.query_timeout_s) + 2
    while True:
        try:
            head = _recv_exactly(sock, _FRAME.size)
            if head is None:
                return
            n_meta, n_body = _FRAME.unpack(head)
            data = _recv_exactly(sock, n_meta + n_body)
            if data is None:
                return
            request = json.loads(data[:n_meta])
        except (OSError, ValueError):
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        _limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + timeout)
        retire = False
        try:
            body, media_type = evaluate(store, Prepared.from_json(request["query"]), request["max_results"])
            reply = _frame({"media_type": media_type}, body)
        except MemoryError:
            retire = True
            reply = _frame({"error": "QueryTooCostly", "retire": True,
                            "message": f"the query needed more than the {settings.query_memory_mb} MB memory limit; "
                                       "narrow it"})
        except NotAcceptable as exc:  # checked before; kept for completeness
            reply = _frame({"error": "QueryError", "message": str(exc)})
        except KGError as exc:
            name = type(exc).__name__ if type(exc).__name__ in _ERRORS else "QueryError"
            reply = _frame({"error": name, "message": str(exc)})
        except Exception as exc:  # an evaluation error the engine raised while producing results
            reply = _frame({"error": "QueryError", "message": f"the query failed: {' '.join(str(exc).split())}"})
        try:
            sock.sendall(reply)
        except OSError:
            return
        if retire:
            return


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _limit(which: int, soft: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _address_space() -> int:
    """This process's virtual memory size in bytes (VmSize)."""
    with open("/proc/self/status", "rb") as f:
        for line in f:
            if line.startswith(b"VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _close_fds_except(*keep: int) -> None:
    last = 2
    for fd in sorted(k for k in keep if k > 2):
        if fd > last + 1:  # closerange(a, b) with b <= a closes everything from a on
            os.closerange(last + 1, fd)
        last = fd
    os.closerange(last + 1, max(resource.getrlimit(resource.RLIMIT_NOFILE)[0], last + 2))


def _reset_signals() -> None:
    # the server's handlers (uvicorn's graceful shutdown) mean nothing here
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
