"""A client that streams a large request body the way an abuser does, and
a sampler of a server process' memory (used by tests and bench/abuse.py).

``stream_post`` sends the headers, then the body in blocks, and stops as
soon as the server answers: so it shows whether the server refused the
body before reading it (``sent`` stays small) and never holds the body in
its own memory either.
"""

import pathlib
import select
import socket
import threading
import time


MEGABYTE = 1024 * 1024
BOUNDARY = "ikz-abuse-boundary"


def rss(pid):
    """The resident set size of process ``pid`` in bytes."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class RSSSampler:
    """``with RSSSampler(pid) as s:`` samples every 20 ms; ``s.peak``."""

    def __init__(self, pid, interval=0.02):
        self.pid = pid
        self.interval = interval
        self.peak = 0

    def __enter__(self):
        self.running = True
        self.peak = rss(self.pid)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while self.running:
            self.peak = max(self.peak, rss(self.pid))
            time.sleep(self.interval)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss(self.pid))


def _multipart_head(field="form.widgets.project_file", filename="gross.pdf"):
    return (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()


def stream_post(url_host, port, path, total, chunked=False, block=MEGABYTE, timeout=60):
    """POST a multipart body of ``total`` bytes to ``path``; returns a dict
    with ``status``, ``headers`` (lower-case names), ``body`` (bytes) and
    ``sent`` (body bytes handed to the socket before the answer came)."""
    head = _multipart_head()
    filler = b"0" * block
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {url_host}:{port}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        "Connection: close",
    ]
    lines.append(
        "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
    )
    sock = socket.create_connection((url_host, port), timeout=timeout)
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    sock.setblocking(False)
    sent = 0
    pending = b""
    finished = False
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            want_write = [sock] if (pending or not finished) else []
            readable, writable, _ = select.select([sock], want_write, [], 1.0)
            if readable:
                break
            if not writable:
                continue
            if not pending:
                if sent >= total:
                    finished = True
                    if chunked:
                        pending = b"0\r\n\r\n"
                    if not pending:
                        continue
                else:
                    data = head if sent == 0 else filler[: min(block, total - sent)]
                    sent += len(data)
                    pending = (
                        b"%x\r\n" % len(data) + data + b"\r\n" if chunked else data
                    )
            try:
                written = sock.send(pending)
            except (BrokenPipeError, ConnectionResetError):
                break
            pending = pending[written:]
        return _read_answer(sock, deadline) | {"sent": sent}
    finally:
        sock.close()


def _read_answer(sock, deadline):
    sock.setblocking(True)
    sock.settimeout(max(1.0, deadline - time.time()))
    data = b""
    try:
        while True:
            block = sock.recv(65536)
            if not block:
                break
            data += block
            head, separator, body = data.partition(b"\r\n\r\n")
            if separator and b"content-length:" in head.lower():
                length = int(
                    next(
                        line.split(b":", 1)[1]
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    )
                )
                if len(body) >= length:
                    break
    except (ConnectionResetError, TimeoutError):
        pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = (
        int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else None
    )
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return {"status": status, "headers": headers, "body": body}
