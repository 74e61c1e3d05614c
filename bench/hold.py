# SPDX-License-Identifier: MIT
#
# hold.py - the RSS-per-idle-connection client of bench/run.
#
#   python3 hold.py PORT PATH N PID...
#
# Reads the VmRSS of the server's processes (PID...: the server and its
# children), opens N keep-alive connections to 127.0.0.1:PORT, makes one
# HTTP/1.1 request for PATH on each and reads its whole answer (so the
# server has seen a request on every connection), and, with all N held
# idle and still open, reads the VmRSS again.  Prints one line:
#
#   held=N before_kib=B after_kib=A
#
# or, when fewer than N connections could be held in the time allowed,
# held=M with M < N (bench/run reports that instead of a figure).  Only
# BATCH connections are being opened at a time, so no listen backlog
# overflows; the whole run is bounded by DEADLINE seconds.

import os
import resource
import selectors
import socket
import sys
import time

BATCH = 200
DEADLINE = 60.0


def rss_kib(pids):
    """The summed VmRSS of PIDS, in KiB (a vanished process counts 0)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class Conn:
    """One client connection: its socket, what it sent, what it read."""

    def __init__(self, port, request):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.out = request
        self.got = b""
        self.need = None
        self.sock.connect_ex(("127.0.0.1", port))

    def answered(self):
        """Whether a whole answer has arrived (head and Content-Length)."""
        if self.need is None:
            end = self.got.find(b"\r\n\r\n")
            if end < 0:
                return False
            length = 0
            for line in self.got[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            self.need = end + 4 + length
        return len(self.got) >= self.need


def still_open(conn):
    """Whether the server kept CONN open (no EOF, no error pending)."""
    try:
        return conn.sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def step(sel, conn, mask):
    """Send what is left of the request, read what came; True when done."""
    if mask & selectors.EVENT_WRITE and conn.out:
        try:
            n = conn.sock.send(conn.out)
        except BlockingIOError:
            n = 0
        conn.out = conn.out[n:]
        if not conn.out:
            sel.modify(conn.sock, selectors.EVENT_READ, conn)
    if mask & selectors.EVENT_READ:
        try:
            data = conn.sock.recv(65536)
        except BlockingIOError:
            return False
        if not data:
            raise ConnectionError("closed before the answer")
        conn.got += data
    return conn.answered()


def hold(port, path, n):
    """Open N connections, one answered request each; return them held."""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").encode()
    sel = selectors.DefaultSelector()
    held = []
    pending = 0
    opened = 0
    end = time.monotonic() + DEADLINE
    while len(held) < n and time.monotonic() < end:
        while pending < BATCH and opened < n:
            c = Conn(port, request)
            sel.register(c.sock, selectors.EVENT_WRITE, c)
            opened += 1
            pending += 1
        for key, mask in sel.select(timeout=1.0):
            c = key.data
            try:
                done = step(sel, c, mask)
            except OSError:
                sel.unregister(c.sock)
                c.sock.close()
                pending -= 1
                opened -= 1
                continue
            if done:
                sel.unregister(c.sock)
                held.append(c)
                pending -= 1
    return held


def main():
    port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    pids = sys.argv[4:]
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    before = rss_kib(pids)
    held = hold(port, path, n)
    after = rss_kib(pids)
    open_now = sum(1 for c in held if still_open(c))
    print(f"held={open_now} before_kib={before} after_kib={after}")
    for c in held:
        c.sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
