"""A throwaway Virtuoso Open Source server on 127.0.0.1 (random free ports, its own database folder) for tests and
benchmarks: `virtuoso-t +foreground` (a child we can stop by its pid), its dba password changed to a random
one, stopped through isql (then by signal if need be)."""
from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
VSP = "/var/lib/virtuoso-opensource-7/vsp"

_INI = """\
[Database]
DatabaseFile = {d}/kg.db
ErrorLogFile = {d}/kg.log
LockFile = {d}/kg.lck
TransactionFile = {d}/kg.trx
xa_persistent_file = {d}/kg.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/kg-temp.db
TransactionFile = {d}/kg-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {d}, {load}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
TempDirectory = {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {vsp}
ServerThreads = 8
MaxClientConnections = 8
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def available() -> bool:
    return Path(VIRTUOSO).exists() and Path(ISQL).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VirtuosoServer:
    """One virtuoso-t process over a database in `folder`; `load_dir` is where its bulk loader may read files."""

    def __init__(self, folder: Path, buffers: int = 40_000):
        self.folder = folder
        self.load_dir = folder / "load"
        self.sql_port, self.http_port = free_port(), free_port()
        self.user, self.password = "dba", "kg" + secrets.token_hex(12)  # a name, not a number, to isql
        self.buffers = buffers
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def isql_address(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    def environment(self) -> dict[str, str]:
        """The KG_* settings that point kg at this server."""
        return {"KG_STORE": "virtuoso", "KG_VIRTUOSO_URL": self.url, "KG_VIRTUOSO_USER": self.user,
                "KG_VIRTUOSO_PASSWORD": self.password, "KG_VIRTUOSO_ISQL": self.isql_address}

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.load_dir.mkdir(exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.folder, load=self.load_dir, sql=self.sql_port, http=self.http_port,
                                   buffers=self.buffers, dirty=self.buffers * 3 // 4, vsp=VSP))
        # +foreground keeps the process ours (stoppable by its pid); readiness is polled on the SQL port
        log = open(self.folder / "stdout.log", "wb")
        self.process = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {(self.folder / 'kg.log').read_text(errors='replace')[-2000:]}")
            try:
                self.isql("status();", password="dba", timeout=20)
                break
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                time.sleep(0.5)
        else:
            raise RuntimeError("virtuoso-t did not come up in 120 s")
        self.isql(f"set password dba {self.password};", password="dba")
        # the anonymous /sparql user may read, no more (no sponging, no update): kg's reads go there
        self.isql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);")

    def isql(self, script: str, password: str | None = None, timeout: float = 600) -> str:
        out = subprocess.run([ISQL, self.isql_address, self.user, password or self.password, "VERBOSE=OFF",
                              "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT", f"exec={script}"],
                             capture_output=True, text=True, timeout=timeout, check=True)
        if "*** Error" in out.stdout:
            raise subprocess.CalledProcessError(1, "isql", out.stdout, out.stderr)
        return out.stdout

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.isql("shutdown;", timeout=60)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def __enter__(self) -> "VirtuosoServer":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wipe(url: str, user: str, password: str) -> None:
    """Drop every graph but Virtuoso's own (kg's state graph too): an empty store for the next test."""
    from kg.store.virtuoso import SYSTEM_GRAPHS
    from kg.store.virtuoso_http import VirtuosoClient
    import json

    client = VirtuosoClient(url, user, password)
    body = client.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json")
    graphs = [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]]
    drops = [f"DROP SILENT GRAPH <{g}>" for g in graphs if g not in SYSTEM_GRAPHS]
    if drops:
        client.update(" ;\n".join(drops))
