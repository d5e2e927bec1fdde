"""Start or stop the ZEO cluster of `make start-zeo`: a ZEO server and two
Zope instances (ports 8081 and 8082 by default) sharing it.

    python scripts/zeo_cluster.py start|stop

Data lives in var/zeo (the server's Data.fs and blobs); the site is
created once, on the first start.
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
ADDRESS = os.environ.get("ZEO_ADDRESS", "127.0.0.1:8100")
PORTS = [int(p) for p in os.environ.get("ZEO_PORTS", "8081 8082").split()]
HOST = os.environ.get("HOST", "127.0.0.1")


def wait_for(port, host="127.0.0.1", timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex((host, port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"nothing listens on {host}:{port}")


def spawn(command, name):
    log = open(VAR / f"{name}.log", "ab")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    (VAR / f"{name}.pid").write_text(str(process.pid))
    return process


def start():
    VAR.mkdir(exist_ok=True)
    python = sys.executable
    subprocess.run([python, str(REPO / "scripts" / "mkinstance.py"), "--zeo-server",
                    str(ZEO_DIR), "--zeo-address", ADDRESS], check=True)
    spawn([str(BIN / "runzeo"), "-C", str(ZEO_DIR / "etc" / "zeo.conf")], "zeoserver")
    host, port = ADDRESS.rsplit(":", 1)
    wait_for(int(port), host)
    for number, port in enumerate(PORTS, start=1):
        subprocess.run([python, str(REPO / "scripts" / "mkinstance.py"),
                        "--dir", str(VAR / f"zeo-instance{number}"), "--storage", "zeo",
                        "--host", HOST, "--port", str(port), "--zeo-address", ADDRESS,
                        "--zeo-blobs", str(ZEO_DIR / "var" / "blobstorage")], check=True)
    subprocess.run([str(BIN / "zconsole"), "run",
                    str(VAR / "zeo-instance1" / "etc" / "zope.conf"),
                    str(REPO / "scripts" / "create_site.py")], check=True)
    for number, port in enumerate(PORTS, start=1):
        spawn([str(BIN / "runwsgi"), str(VAR / f"zeo-instance{number}" / "etc" / "zope.ini")],
              f"zeo-instance{number}")
    for port in PORTS:
        wait_for(port, HOST)
        print(f"Serving http://localhost:{port}/{os.environ.get('SITE_ID', 'landespreis')}")


def stop():
    for name in [f"zeo-instance{n}" for n in range(1, len(PORTS) + 1)] + ["zeoserver"]:
        pidfile = VAR / f"{name}.pid"
        if pidfile.exists():
            try:
                os.killpg(int(pidfile.read_text()), signal.SIGTERM)
                print(f"Stopped {name}")
            except ProcessLookupError:
                pass
            pidfile.unlink()


if __name__ == "__main__":
    {"start": start, "stop": stop}[sys.argv[1]]()
