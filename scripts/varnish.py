"""Debian's Varnish in front of the instance (`make start-varnish`, the
Varnish tests).

    python scripts/varnish.py start [--backend HOST:PORT] [--port 6081] [--dir DIR]
    python scripts/varnish.py stop [--dir var/varnish]

``start`` renders etc/varnish.vcl for the backend into ``--dir``, starts
varnishd in the background (its pid in ``--dir``/varnishd.pid) and waits
until it answers. Debian's package is installed by `make varnish`. For
purges, the instance must know the proxy: start it with
``CACHING_PROXY=http://127.0.0.1:6081`` (scripts/create_site.py writes it
into plone.cachepurging's settings).
"""

import argparse
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time


REPO = pathlib.Path(__file__).resolve().parent.parent
VCL = REPO / "etc" / "varnish.vcl"


def render(backend_host, backend_port):
    text = VCL.read_text(encoding="utf-8")
    return text.replace("BACKEND_HOST", backend_host).replace(
        "BACKEND_PORT", str(backend_port)
    )


def varnishd():
    path = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
    )
    if path is None:
        raise SystemExit(
            "varnishd is missing: `make varnish` installs Debian's varnish"
        )
    return path


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"Varnish does not answer on 127.0.0.1:{port}")


def start(backend, port, directory, memory="256m"):
    """Start varnishd; returns its pid."""
    directory = pathlib.Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    # varnishd's compiler and workers run as Debian's varnish users
    directory.chmod(0o755)
    host, _, backend_port = backend.rpartition(":")
    vcl = directory / "varnish.vcl"
    vcl.write_text(render(host or "127.0.0.1", int(backend_port)), encoding="utf-8")
    pidfile = directory / "varnishd.pid"
    command = [
        varnishd(),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(vcl),
        "-n",
        str(directory / "state"),
        "-s",
        f"malloc,{memory}",
        "-P",
        str(pidfile),
        # no management port: nothing else talks to this varnishd
        "-T",
        "none",
    ]
    if os.geteuid() == 0:
        # Debian's package runs the workers as vcache
        command += ["-j", "unix,user=vcache"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"varnishd did not start: {result.stdout}{result.stderr}")
    wait_for(port)
    return int(pidfile.read_text().strip())


def stop(directory, timeout=30):
    pidfile = pathlib.Path(directory) / "varnishd.pid"
    if not pidfile.exists():
        return False
    pid = int(pidfile.read_text().strip())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pidfile.unlink(missing_ok=True)
        return False
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    pidfile.unlink(missing_ok=True)
    return True


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--backend", default="127.0.0.1:8080")
    parser.add_argument("--port", type=int, default=6081)
    parser.add_argument("--dir", default=str(REPO / "var" / "varnish"))
    args = parser.parse_args(argv)
    if args.action == "start":
        stop(args.dir)
        pid = start(args.backend, args.port, args.dir)
        print(
            f"Varnish (pid {pid}) serves http://localhost:{args.port}/ in front of "
            f"{args.backend}; purges: start the instance with "
            f"CACHING_PROXY=http://127.0.0.1:{args.port}"
        )
    else:
        print("Varnish stopped" if stop(args.dir) else "Varnish was not running")


if __name__ == "__main__":
    main(sys.argv[1:])
