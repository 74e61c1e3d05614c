# SPDX-License-Identifier: MIT
#
# hold.py - the RSS-per-idle-connection client of bench/run.
#
#   python3 hold.py [--cafile CERT] PORT PATH N PID...
#
# Reads the VmRSS of the server's processes (PID...: the server and its
# children), opens N keep-alive connections to 127.0.0.1:PORT, makes one
# HTTP/1.1 request for PATH on each and reads its whole answer (so the
# server has seen a request on every connection), and, with all N held
# idle and still open, reads the VmRSS again.  With --cafile the
# connections are TLS, the server's certificate checked against CERT
# for 127.0.0.1: each held connection has had its whole handshake and
# one request, as a client leaves it.  Prints one line:
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
import ssl
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
    """One client connection: its socket, what it sent, what it read.

    With a TLS context, it goes from connecting (the socket plain) to
    shaking hands (wrapped, once connected: Python wraps no socket whose
    connect is still under way) to the request."""

    def __init__(self, port, request, tls):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.out = request
        self.got = b""
        self.need = None
        self.tls = tls
        self.connecting = tls is not None
        self.shaking = False
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
    """Whether the server kept CONN open (no EOF, no error pending).

    Over TLS a read, not a peek: what waits may be a close_notify, or a
    session ticket, which the read takes in and then wants more."""
    try:
        if conn.tls:
            return conn.sock.recv(1) != b""
        return conn.sock.recv(1, socket.MSG_PEEK) != b""
    except (BlockingIOError, ssl.SSLWantReadError):
        return True
    except OSError:
        return False


def start_tls(sel, conn):
    """CONN is connected: wrap its socket, and begin the handshake."""
    err = conn.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err:
        raise OSError(err, "connect")
    sel.unregister(conn.sock)
    conn.sock = conn.tls.wrap_socket(conn.sock, server_hostname="127.0.0.1",
                                     do_handshake_on_connect=False)
    sel.register(conn.sock, selectors.EVENT_WRITE, conn)
    conn.connecting = False
    conn.shaking = True


def shake(sel, conn):
    """One step of CONN's handshake: wait for what it wants next."""
    try:
        conn.sock.do_handshake()
    except ssl.SSLWantReadError:
        sel.modify(conn.sock, selectors.EVENT_READ, conn)
        return
    except ssl.SSLWantWriteError:
        sel.modify(conn.sock, selectors.EVENT_WRITE, conn)
        return
    conn.shaking = False
    sel.modify(conn.sock, selectors.EVENT_WRITE, conn)


def receive(conn):
    """Read what came, and over TLS what the TLS layer already holds."""
    while True:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, ssl.SSLWantReadError):
            return
        if not data:
            raise ConnectionError("closed before the answer")
        conn.got += data
        if not conn.tls or not conn.sock.pending():
            return


def step(sel, conn, mask):
    """Send what is left of the request, read what came; True when done."""
    if conn.connecting:
        start_tls(sel, conn)
        return False
    if conn.shaking:
        shake(sel, conn)
        return False
    if mask & selectors.EVENT_WRITE and conn.out:
        try:
            n = conn.sock.send(conn.out)
        except (BlockingIOError, ssl.SSLWantWriteError,
                ssl.SSLWantReadError):
            n = 0
        conn.out = conn.out[n:]
        if not conn.out:
            sel.modify(conn.sock, selectors.EVENT_READ, conn)
    if mask & selectors.EVENT_READ:
        receive(conn)
    return conn.answered()


def hold(port, path, n, tls):
    """Open N connections, one answered request each; return them held."""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").encode()
    sel = selectors.DefaultSelector()
    held = []
    pending = 0
    opened = 0
    end = time.monotonic() + DEADLINE
    while len(held) < n and time.monotonic() < end:
        while pending < BATCH and opened < n:
            c = Conn(port, request, tls)
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


def tls_context(args):
    """A client context trusting the --cafile of ARGS, or None; ARGS
    loses the option."""
    if len(args) < 2 or args[0] != "--cafile":
        return None
    context = ssl.create_default_context(cafile=args[1])
    del args[:2]
    return context


def main():
    args = sys.argv[1:]
    tls = tls_context(args)
    port, path, n = int(args[0]), args[1], int(args[2])
    pids = args[3:]
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    before = rss_kib(pids)
    held = hold(port, path, n, tls)
    after = rss_kib(pids)
    open_now = sum(1 for c in held if still_open(c))
    print(f"held={open_now} before_kib={before} after_kib={after}")
    for c in held:
        c.sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
