"""Start or stop the clusters of `make start-zeo` and `make start-relstorage`:
two Zope instances sharing one database, in the background.

    python scripts/cluster.py start|stop zeo|relstorage

zeo: a ZEO server (data and shared blobs in var/zeo) and instances on
ZEO_PORTS (default 8081 8082).
relstorage: PostgreSQL (blobs in the database) and instances on
RELSTORAGE_PORTS (default 8083 8084). The DSN comes from RELSTORAGE_DSN;
without it the local PostgreSQL server is started and the database
``landespreis`` with its role is created (scripts/postgres.py).

The site is created once, on the first start; logs and pid files are in var/.
"""

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time


REPO = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
VAR = REPO / "var"
ZEO_DIR = VAR / "zeo"
ZEO_ADDRESS = os.environ.get("ZEO_ADDRESS", "127.0.0.1:8100")
HOST = os.environ.get("HOST", "127.0.0.1")
PORTS = {
    "zeo": [int(p) for p in os.environ.get("ZEO_PORTS", "8081 8082").split()],
    "relstorage": [
        int(p) for p in os.environ.get("RELSTORAGE_PORTS", "8083 8084").split()
    ],
}


def wait_for(port, host="127.0.0.1", timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex((host, port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"nothing listens on {host}:{port}")


def spawn(command, name):
    log = open(VAR / f"{name}.log", "ab")  # noqa: SIM115 - the child process keeps the log open
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    (VAR / f"{name}.pid").write_text(str(process.pid))
    return process


def mkinstance(*args):
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "mkinstance.py"), *args], check=True
    )


def storage_args(mode):
    """Start the shared storage; the instances' mkinstance arguments."""
    if mode == "zeo":
        mkinstance("--zeo-server", str(ZEO_DIR), "--zeo-address", ZEO_ADDRESS)
        spawn(
            [str(BIN / "runzeo"), "-C", str(ZEO_DIR / "etc" / "zeo.conf")], "zeoserver"
        )
        host, port = ZEO_ADDRESS.rsplit(":", 1)
        wait_for(int(port), host)
        return [
            "--zeo-address",
            ZEO_ADDRESS,
            "--zeo-blobs",
            str(ZEO_DIR / "var" / "blobstorage"),
        ]
    dsn = os.environ.get("RELSTORAGE_DSN")
    if not dsn:
        sys.path.insert(0, str(REPO / "scripts"))
        import postgres

        dsn = postgres.ensure("landespreis")
    return ["--dsn", dsn]


def running(name):
    """The pid of ``name`` if its process is alive."""
    pidfile = VAR / f"{name}.pid"
    if not pidfile.exists():
        return None
    pid = int(pidfile.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def start(mode):
    VAR.mkdir(exist_ok=True)
    names = [f"{mode}-instance{n}" for n in range(1, len(PORTS[mode]) + 1)]
    alive = [
        name
        for name in names + (["zeoserver"] if mode == "zeo" else [])
        if running(name)
    ]
    if alive:
        raise SystemExit(
            f"Already running: {', '.join(alive)} (make stop-{mode} first)"
        )
    args = storage_args(mode)
    for name, port in zip(names, PORTS[mode], strict=False):
        mkinstance(
            "--dir",
            str(VAR / name),
            "--storage",
            mode,
            "--host",
            HOST,
            "--port",
            str(port),
            *args,
        )
    subprocess.run(
        [
            str(BIN / "zconsole"),
            "run",
            str(VAR / names[0] / "etc" / "zope.conf"),
            str(REPO / "scripts" / "create_site.py"),
        ],
        check=True,
    )
    for name in names:
        spawn([str(BIN / "runwsgi"), str(VAR / name / "etc" / "zope.ini")], name)
    for port in PORTS[mode]:
        wait_for(port, HOST)
        print(
            f"Serving http://localhost:{port}/"
            f"{os.environ.get('SITE_ID', 'landespreis')}"
        )


def stop(mode):
    names = [f"{mode}-instance{n}" for n in range(1, len(PORTS[mode]) + 1)]
    for name in names + (["zeoserver"] if mode == "zeo" else []):
        pid = running(name)
        if pid:
            os.killpg(pid, signal.SIGTERM)
            deadline = time.time() + 60
            while running(name) and time.time() < deadline:
                time.sleep(0.2)  # ports and the Data.fs lock are free after
            print(f"Stopped {name}")
        (VAR / f"{name}.pid").unlink(missing_ok=True)


if __name__ == "__main__":
    if (
        len(sys.argv) != 3
        or sys.argv[1] not in ("start", "stop")
        or sys.argv[2] not in PORTS
    ):
        raise SystemExit(__doc__)
    {"start": start, "stop": stop}[sys.argv[1]](sys.argv[2])
